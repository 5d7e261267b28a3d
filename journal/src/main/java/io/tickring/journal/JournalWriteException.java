package io.tickring.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A journal write that failed: the disk is full or the file system refused the write. Its message
 * is the one line the engine prints, {@code journal: disk full at DIR (N bytes free)} or {@code
 * journal: cannot write DIR: problem}. Once a journal has thrown one it takes no more records: a
 * record it could not write is never followed by one it could.
 */
public final class JournalWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Below this much free space a failed write is reported as a full disk. */
    static final long FULL_BELOW = 1L << 20;

    private final transient Path dir;

    JournalWriteException(Path dir, String message, Throwable cause) {
        super(message, cause, false, false);
        this.dir = dir;
    }

    /** The journal directory that could not be written. */
    public Path dir() {
        return dir;
    }

    /**
     * Describes a write to {@code journalDir} that threw {@code t}: a full disk if its file system
     * has (almost) no space left, otherwise the error itself.
     */
    static JournalWriteException of(Path journalDir, Throwable t) {
        long free = usableSpace(journalDir);
        if (free >= 0 && free < FULL_BELOW) {
            return new JournalWriteException(
                    journalDir,
                    "journal: disk full at " + journalDir + " (" + free + " bytes free)",
                    t);
        }
        String what =
                t instanceof InternalError
                        ? "the file system refused a write to a mapped page ("
                                + free
                                + " bytes free)"
                        : RecordReader.oneLine(t);
        return new JournalWriteException(
                journalDir, "journal: cannot write " + journalDir + ": " + what, t);
    }

    /** Usable bytes on the file system holding {@code dir}, or -1 if that cannot be read. */
    public static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
