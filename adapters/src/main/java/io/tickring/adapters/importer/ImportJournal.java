package io.tickring.adapters.importer;

import io.tickring.journal.InputJournal;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.codec.JournalFormatException;
import java.nio.file.Path;

/** Opens the input journal an import writes to, refusing a directory that already holds one. */
public final class ImportJournal {
    private ImportJournal() {}

    /**
     * Checks, before any input is read, that {@code dir} can take a new journal.
     *
     * @throws ImportException naming the directory if it already holds a journal
     */
    public static void requireWritable(Path dir) {
        try {
            JournalPaths.requireWritable(dir);
        } catch (JournalFormatException e) {
            throw new ImportException(e.getMessage());
        }
    }

    /**
     * Opens a new input journal in {@code dir}.
     *
     * @throws ImportException naming the directory if it holds a journal or cannot be created
     */
    public static InputJournal open(Path dir) {
        requireWritable(dir);
        try {
            return new InputJournal(dir);
        } catch (RuntimeException e) {
            throw new ImportException(dir + ": cannot create journal: " + LineReader.oneLine(e), e);
        }
    }
}
