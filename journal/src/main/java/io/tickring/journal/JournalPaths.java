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
        if (Files.isRegularFile(dir)) {
            throw new JournalFormatException(
                    dir + ": a file, not a journal directory (a journal is a directory with in/)");
        }
        if (!Files.isDirectory(dir)) {
            throw new JournalFormatException(dir + ": no such journal directory");
        }
        if (!Files.isDirectory(in(dir)) || !hasQueueFile(in(dir))) {
            throw new JournalFormatException(
                    dir + ": not a tickring journal (no " + IN + "/ queue inside)");
        }
    }

    /**
     * Checks that {@code dir} can take a new journal: it does not exist, or is an empty directory
     * that no writer holds. Refuses at once a regular file, a directory a live writer holds (naming
     * its PID), one that holds a journal, and one that holds anything else.
     *
     * @throws JournalFormatException naming the directory if writing there would mix two runs or
     *     bury a journal among other files
     */
    public static void requireWritable(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new JournalFormatException(
                    dir
                            + ": a file, not a directory; give a new or empty directory for the journal");
        }
        long pid = JournalLock.holder(dir);
        if (pid >= 0) {
            throw new JournalFormatException(
                    dir
                            + ": another writer holds this journal (process "
                            + (pid == 0 ? "unknown" : Long.toString(pid))
                            + ", lock "
                            + dir.resolve(JournalLock.FILE)
                            + "); one journal has one writer");
        }
        requireFresh(dir);
    }

    /** The content part of {@link #requireWritable}, for a writer that holds the lock already. */
    static void requireFresh(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        if (Files.isDirectory(in(dir)) && hasQueueFile(in(dir))) {
            throw new JournalFormatException(
                    dir + ": already holds a journal; give a new or empty directory");
        }
        try (var files = Files.list(dir)) {
            String other =
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> !n.equals(JournalLock.FILE))
                            .sorted()
                            .findFirst()
                            .orElse(null);
            if (other != null) {
                throw new JournalFormatException(
                        dir
                                + ": not empty and not a journal (holds "
                                + other
                                + "); give a new or empty directory");
            }
        } catch (java.io.IOException e) {
            throw new JournalFormatException(dir + ": cannot list: " + e.getMessage());
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
