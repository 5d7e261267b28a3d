package io.tickring.journal;

import io.tickring.core.codec.JournalFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The restart markers of a journal: one JSON line per {@code run --resume} in {@code
 * DIR/restarts.jsonl}, beside the queues and outside them.
 *
 * <p>A restart changes no stage's state, so it is not an input event: were it a record in {@code
 * in/} it would take a ring sequence, every output after it would name a cause one higher than an
 * uninterrupted run's, and the resumed run's output digest would differ from the uninterrupted
 * one's. Kept here, {@code in/} and {@code out/} of a resumed run are the records an uninterrupted
 * run would have written, so {@code journal verify}, {@code replay --verify} and {@code backtest}
 * read them with no rule for restarts. A line reads:
 *
 * <pre>{@code
 * {"resumed_at":1234,"event_time_ns":1700000000000000000,"writer_pid":4242,"written_at":"2026-11-29T14:00:00Z"}
 * }</pre>
 *
 * {@code resumed_at} is the ring sequence of the first input record the resumed run wrote (the
 * records before it were recovered from the journal); {@code event_time_ns} the time of the last
 * recovered record. The input journal writes the line just before that first new record, so a
 * resume that wrote nothing new leaves none; a resume killed between the two leaves a line that the
 * next resume repeats at the same sequence, so the sequences never decrease but may repeat.
 */
public final class RestartLog {
    /** The file's name inside a journal directory. */
    public static final String FILE = "restarts.jsonl";

    private static final Pattern RESUMED_AT = Pattern.compile("\"resumed_at\":(\\d+)");

    private RestartLog() {}

    /** Appends one restart line and forces it to disk. */
    static void append(Path journalDir, long resumedAt, long eventTimeNs) {
        String line =
                "{\"resumed_at\":"
                        + resumedAt
                        + ",\"event_time_ns\":"
                        + eventTimeNs
                        + ",\"writer_pid\":"
                        + ProcessHandle.current().pid()
                        + ",\"written_at\":\""
                        + Instant.now()
                        + "\"}\n";
        try (FileChannel ch =
                FileChannel.open(
                        journalDir.resolve(FILE),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            ch.force(false);
        } catch (IOException e) {
            throw JournalWriteException.of(journalDir, e);
        }
    }

    /**
     * The sequences the journal at {@code journalDir} was resumed at, in order; empty if it never
     * was.
     *
     * @throws JournalFormatException naming the file and line if a line is not a restart marker
     */
    public static List<Long> read(Path journalDir) {
        Path file = journalDir.resolve(FILE);
        List<Long> at = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return at;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new JournalFormatException(file + ": unreadable: " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            Matcher m = RESUMED_AT.matcher(lines.get(i));
            if (!m.find()) {
                throw new JournalFormatException(
                        file + " line " + (i + 1) + ": not a restart marker (no resumed_at)");
            }
            at.add(Long.parseLong(m.group(1)));
        }
        return at;
    }
}
