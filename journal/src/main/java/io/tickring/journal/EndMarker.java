package io.tickring.journal;

import io.tickring.core.codec.JournalFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-of-queue marker a writer leaves on a clean close: {@code DIR/in.end} or {@code
 * DIR/out.end}, one JSON line with the number of records (and, for out/, their digest). Chronicle
 * reads a truncated queue file as a shorter queue without complaint; comparing with the marker is
 * how a reader tells a whole journal from a cut one, or from a run that did not finish.
 */
public final class EndMarker {
    private static final Pattern RECORDS = Pattern.compile("\"records\":(\\d+)");

    private EndMarker() {}

    static Path path(Path journalDir, String queue) {
        return journalDir.resolve(queue + ".end");
    }

    /** Writes the marker atomically (write then rename), so a half-written marker never exists. */
    static void write(Path journalDir, String queue, long records, String digest) {
        String line =
                "{\"records\":"
                        + records
                        + (digest == null ? "" : ",\"digest\":\"" + digest + "\"")
                        + "}\n";
        Path target = path(journalDir, queue);
        Path tmp = journalDir.resolve(queue + ".end.tmp");
        try {
            Files.writeString(tmp, line, StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    target,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** The record count the marker of {@code queue} states, or -1 if there is no marker. */
    public static long records(Path journalDir, String queue) {
        Path p = path(journalDir, queue);
        if (!Files.isRegularFile(p)) {
            return -1;
        }
        try {
            Matcher m = RECORDS.matcher(Files.readString(p, StandardCharsets.UTF_8));
            if (!m.find()) {
                throw new JournalFormatException(p + ": not a valid end marker");
            }
            return Long.parseLong(m.group(1));
        } catch (IOException e) {
            throw new JournalFormatException(p + ": unreadable: " + e.getMessage());
        }
    }

    /**
     * Checks that {@code readable} records of {@code queue} is what its writer wrote.
     *
     * @param partial accept a queue without a marker (a run that crashed or is still running)
     * @throws JournalFormatException naming the queue if it was cut short or never closed
     */
    public static void check(Path journalDir, String queue, long readable, boolean partial) {
        long expected = records(journalDir, queue);
        if (expected < 0) {
            if (!partial) {
                throw new JournalFormatException(
                        journalDir.resolve(queue)
                                + ": no end marker ("
                                + queue
                                + ".end): the run did not finish cleanly or the journal is incomplete; "
                                + readable
                                + " records are readable (--partial reads them anyway)");
            }
            return;
        }
        if (readable != expected) {
            throw new JournalFormatException(
                    journalDir.resolve(queue)
                            + ": truncated: "
                            + readable
                            + " records readable, its writer wrote "
                            + expected);
        }
    }
}
