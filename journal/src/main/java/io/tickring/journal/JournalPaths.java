package io.tickring.journal;

import io.tickring.core.codec.JournalFormatException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run's two queues live: {@code DIR/in} for input events, {@code DIR/out} for output
 * records.
 */
public final class JournalPaths {
    public static final String IN = "in";
    public static final String OUT = "out";

    private JournalPaths() {}

    public static Path in(Path dir) {
        return dir.resolve(IN);
    }

    public static Path out(Path dir) {
        return dir.resolve(OUT);
    }

    /**
     * Checks that {@code dir} holds a journal's input queue, so readers never create an empty one.
     *
     * @throws JournalFormatException naming the directory if it does not
     */
    public static void requireJournal(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new JournalFormatException(dir + ": no such journal directory");
        }
        if (!Files.isDirectory(in(dir)) || !hasQueueFile(in(dir))) {
            throw new JournalFormatException(
                    dir + ": not a tickring journal (no " + IN + "/ queue inside)");
        }
    }

    /**
     * Checks that {@code dir} can take a new journal: it does not exist or holds no queue yet.
     *
     * @throws JournalFormatException if writing there would mix two runs
     */
    public static void requireWritable(Path dir) {
        if (Files.isDirectory(in(dir)) && hasQueueFile(in(dir))) {
            throw new JournalFormatException(
                    dir + ": already holds a journal; give a new or empty directory");
        }
    }

    static boolean hasQueueFile(Path queueDir) {
        try (var files = Files.list(queueDir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
