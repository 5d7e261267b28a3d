package io.tickring.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tickring.core.codec.JournalFormatException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The end-of-queue marker a writer leaves when it closes: {@code DIR/in.end} or {@code
 * DIR/out.end}, one JSON line with the number of records, for out/ their digest, and the state the
 * writer ended in. Chronicle reads a truncated queue file as a shorter queue without complaint;
 * comparing with the marker is how a reader tells a whole journal from a cut one, or from a run
 * that did not finish.
 *
 * <p>Three cases, which {@link #read} tells apart:
 *
 * <ul>
 *   <li>{@code "state":"complete"} (or no state: markers written before the state existed) — the
 *       writer finished and closed the queue;
 *   <li>{@code "state":"failed","reason":"..."} — the writer stopped on an error (an import that
 *       hit a bad row, a run whose journal could not be written) and closed what it had;
 *   <li>no marker — the writer died (killed, crashed, or a disk too full to take the marker).
 * </ul>
 *
 * Readers refuse the last two unless asked for a partial read.
 */
public final class EndMarker {
    private static final JsonFactory JSON = new JsonFactory();

    /** How the writer of a queue ended. */
    public enum State {
        /** Finished and closed. */
        COMPLETE,
        /** Stopped on an error; the reason is in the marker. */
        FAILED
    }

    /**
     * One queue's end marker.
     *
     * @param records records the writer wrote
     * @param digest the output digest (out/ only), or null
     * @param reason why the writer failed, or null when complete
     */
    public record Marker(State state, long records, String digest, String reason, long writerPid) {
        public boolean complete() {
            return state == State.COMPLETE;
        }
    }

    private EndMarker() {}

    static Path path(Path journalDir, String queue) {
        return journalDir.resolve(queue + ".end");
    }

    static Path tmpPath(Path journalDir, String queue) {
        return journalDir.resolve(queue + ".end.tmp");
    }

    /**
     * Writes a marker atomically (write then rename), so a half-written marker never exists. If it
     * cannot be written (a full disk) the temporary file is removed and the marker stays absent,
     * which readers take as a writer that died.
     *
     * @param failure why the writer failed, or null for a complete queue
     * @return null if written, else the one-line reason it could not be
     */
    static String write(
            Path journalDir, String queue, long records, String digest, String failure) {
        String line = json(records, digest, failure);
        Path target = path(journalDir, queue);
        Path tmp = tmpPath(journalDir, queue);
        try {
            Files.writeString(tmp, line, StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    target,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return null;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do: the marker is absent either way
            }
            return "cannot write " + target + ": " + e;
        }
    }

    private static String json(long records, String digest, String failure) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("records", records);
            if (digest != null) {
                g.writeStringField("digest", digest);
            }
            g.writeStringField("state", failure == null ? "complete" : "failed");
            g.writeNumberField("writer_pid", ProcessHandle.current().pid());
            if (failure != null) {
                g.writeStringField("reason", failure);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w + "\n";
    }

    /**
     * The marker of {@code queue}, or null if there is none (the writer died or is still writing).
     *
     * @throws JournalFormatException naming the file if it is not a valid marker
     */
    public static Marker read(Path journalDir, String queue) {
        Path p = path(journalDir, queue);
        if (!Files.exists(p)) {
            return null;
        }
        String text;
        try {
            text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new JournalFormatException(p + ": unreadable: " + e.getMessage());
        }
        long records = -1;
        String digest = null;
        String state = null;
        String reason = null;
        long pid = -1;
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken t = parser.nextToken();
                switch (name) {
                    case "records" -> {
                        if (t != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0) {
                            throw new IOException("records is not a count");
                        }
                        records = parser.getLongValue();
                    }
                    case "digest" -> digest = parser.getValueAsString();
                    case "state" -> state = parser.getValueAsString();
                    case "reason" -> reason = parser.getValueAsString();
                    case "writer_pid" -> pid = parser.getValueAsLong(-1);
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new JournalFormatException(
                    p + ": not a valid end marker (" + RecordReader.oneLine(e) + ")");
        }
        if (records < 0) {
            throw new JournalFormatException(p + ": not a valid end marker (no record count)");
        }
        if (digest != null && !digest.matches("[0-9a-f]{64}")) {
            throw new JournalFormatException(
                    p + ": not a valid end marker (digest is not a SHA-256 in hex)");
        }
        if (state == null || state.equals("complete")) {
            return new Marker(State.COMPLETE, records, digest, null, pid);
        }
        if (state.equals("failed")) {
            return new Marker(
                    State.FAILED,
                    records,
                    digest,
                    reason == null ? "no reason given" : reason,
                    pid);
        }
        throw new JournalFormatException(
                p + ": not a valid end marker (state " + state + ": complete or failed)");
    }

    /** The record count the marker of {@code queue} states, or -1 if there is no marker. */
    public static long records(Path journalDir, String queue) {
        Marker m = read(journalDir, queue);
        return m == null ? -1 : m.records();
    }

    /**
     * Marks a journal whose writer failed after it had closed its queues (an import that stopped at
     * a bad row): each marker this process wrote is rewritten as {@code failed} with {@code
     * reason}, keeping its count and digest. Markers of another process (a journal this one was
     * refused) are left alone; a queue without a marker keeps none, which readers refuse all the
     * same.
     *
     * @return null if done, else why a marker could not be rewritten
     */
    public static String markFailed(Path journalDir, String reason) {
        String problem = null;
        for (String queue : new String[] {JournalPaths.IN, JournalPaths.OUT}) {
            Marker m;
            try {
                m = read(journalDir, queue);
            } catch (JournalFormatException e) {
                m = null;
            }
            if (m != null && m.writerPid() == ProcessHandle.current().pid()) {
                String p = write(journalDir, queue, m.records(), m.digest(), reason);
                if (p != null) {
                    problem = p;
                }
            }
        }
        return problem;
    }

    /**
     * Checks that {@code readable} records of {@code queue} is what its writer wrote.
     *
     * @param partial accept a queue without a marker or with a {@code failed} one (a run that
     *     crashed, failed or is still running)
     * @throws JournalFormatException naming the queue if it was cut short or never finished
     */
    public static void check(Path journalDir, String queue, long readable, boolean partial) {
        Marker m = read(journalDir, queue);
        if (m == null) {
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
        if (m.state() == State.FAILED && !partial) {
            throw new JournalFormatException(
                    journalDir.resolve(queue)
                            + ": its writer failed ("
                            + queue
                            + ".end): "
                            + m.reason()
                            + "; "
                            + readable
                            + " records are readable (--partial reads them anyway)");
        }
        if (readable != m.records()) {
            throw new JournalFormatException(
                    journalDir.resolve(queue)
                            + (readable < m.records()
                                    ? ": truncated: "
                                    : ": more records than its writer wrote: ")
                            + readable
                            + " records readable, its writer wrote "
                            + m.records()
                            + " ("
                            + queue
                            + ".end)");
        }
    }
}
