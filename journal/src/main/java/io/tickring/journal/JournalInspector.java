package io.tickring.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.JournalFormatException;
import io.tickring.core.codec.OutputCodec;
import io.tickring.core.codec.OutputRecord;
import io.tickring.core.codec.RecordHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.UnsafeBuffer;

/** Reads a journal without the engine: {@code journal dump}, {@code stats} and {@code verify}. */
public final class JournalInspector {
    private static final JsonFactory JSON = new JsonFactory();

    /** The fixed name records are checked under; a failure is renamed to the record's own place. */
    private static final String RECORD = "record";

    private JournalInspector() {}

    /** Counts per record type and the ranges a journal covers. */
    public static final class Stats {
        public final long[] inCounts = new long[EventType.MAX + 1];
        public final long[] outCounts = new long[EventType.MAX + 1];
        public long inRecords;
        public long outRecords;
        public long firstSequence = -1;
        public long lastSequence = -1;
        public long firstExchangeNs;
        public long lastExchangeNs;
        public String outputDigest;

        /**
         * The instrument ids that in/'s market and report records name (SESSION and TIMER name
         * none).
         */
        public final IntHashSet instrumentIds = new IntHashSet();

        /** Schema version of the in/ and out/ records (0 for an empty or absent queue). */
        public int inVersion;

        public int outVersion;

        /**
         * The ring sequences at which {@code run --resume} continued the journal, from {@link
         * RestartLog} ({@code DIR/restarts.jsonl}), in order; empty if it was never resumed.
         */
        public List<Long> restarts = List.of();

        /** Writes the stats as one JSON object. */
        public void writeJson(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeNumberField("schema", inVersion);
            g.writeNumberField("in_records", inRecords);
            g.writeNumberField("out_records", outRecords);
            g.writeObjectFieldStart("in");
            for (int t = 0; t <= EventType.MAX; t++) {
                if (EventType.isInput(t)) {
                    g.writeNumberField(EventType.name(t), inCounts[t]);
                }
            }
            g.writeEndObject();
            g.writeObjectFieldStart("out");
            for (int t = 0; t <= EventType.MAX; t++) {
                if (EventType.isOutput(t)) {
                    g.writeNumberField(EventType.name(t), outCounts[t]);
                }
            }
            g.writeEndObject();
            g.writeNumberField("first_seq", firstSequence);
            g.writeNumberField("last_seq", lastSequence);
            g.writeNumberField("first_exch_ns", firstExchangeNs);
            g.writeNumberField("last_exch_ns", lastExchangeNs);
            g.writeStringField("digest", outputDigest);
            g.writeNumberField("restarts", restarts.size());
            g.writeArrayFieldStart("restarted_at");
            for (long at : restarts) {
                g.writeNumber(at);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** Writes every record of {@code dir}, inputs then outputs, as JSON lines. */
    public static long dump(Path dir, java.io.Writer os, boolean inputs, boolean outputs) {
        JournalPaths.requireJournal(dir);
        long n = 0;
        try (JsonGenerator g = JSON.createGenerator(os)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
            if (inputs) {
                RingEvent e = new RingEvent();
                InputCodec.Decoder decoder = new InputCodec.Decoder();
                try (RecordReader r = new RecordReader(JournalPaths.in(dir))) {
                    while (r.next()) {
                        decoder.decode(r.buffer(), 0, r.length(), e, r.where());
                        RecordJson.writeInput(g, e);
                        n++;
                    }
                }
            }
            if (outputs && Files.isDirectory(JournalPaths.out(dir))) {
                OutputRecord o = new OutputRecord();
                try (RecordReader r = new RecordReader(JournalPaths.out(dir))) {
                    while (r.next()) {
                        OutputCodec.decode(r.buffer(), 0, r.length(), o, r.where());
                        RecordJson.writeOutput(g, o);
                        n++;
                    }
                }
            }
            g.writeRaw('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return n;
    }

    /**
     * Counts records per type. Checks every record as a decode would (header, version, type,
     * length; the CRC in {@link RecordReader}), so a damaged record fails here too.
     */
    public static Stats stats(Path dir) {
        return scan(dir, false, false);
    }

    /**
     * Checks a journal: every record decodes under a known schema version and matches its CRC, the
     * first input is the SESSION, input sequences run 0, 1, 2, ... without a gap, every output
     * record names an input sequence that exists, in non-decreasing order, both end markers say the
     * writer finished and wrote as many records as are readable, and the digest of the output
     * records is the one in {@code out.end}.
     *
     * @return the stats of the journal, if it verifies
     * @throws JournalFormatException naming the first record that does not
     */
    public static Stats verify(Path dir) {
        return verify(dir, false);
    }

    /**
     * Like {@link #verify(Path)}; with {@code partial}, queues without an end marker (a run that
     * crashed or is still running) are accepted as far as they are readable.
     */
    public static Stats verify(Path dir, boolean partial) {
        return scan(dir, true, partial);
    }

    /**
     * One pass over in/ and one over out/ that gathers the stats and, with {@code verify}, makes
     * the checks of {@link #verify(Path, boolean)} on the way. A backtest runs this before its
     * replay, so it reads only the record headers (every field it needs is there, and {@link
     * InputCodec#validate} is the whole of what a decode checks) and names a record only when one
     * fails: a name per record was a fifth of the pass.
     */
    private static Stats scan(Path dir, boolean verify, boolean partial) {
        JournalPaths.requireJournal(dir);
        Stats s = new Stats();
        long expected = 0;
        try (RecordReader r = new RecordReader(JournalPaths.in(dir))) {
            while (r.next()) {
                UnsafeBuffer b = r.buffer();
                try {
                    InputCodec.validate(b, 0, r.length(), RECORD);
                } catch (JournalFormatException ex) {
                    throw ex.at(r.where());
                }
                int type = RecordHeader.type(b, 0);
                long sequence = RecordHeader.sequence(b, 0);
                if (verify) {
                    if (expected == 0 && type != EventType.SESSION) {
                        throw new JournalFormatException(
                                r.where()
                                        + ": first record is "
                                        + EventType.name(type)
                                        + ", a journal starts with its SESSION record");
                    }
                    if (sequence != expected) {
                        throw new JournalFormatException(
                                r.where()
                                        + ": sequence "
                                        + sequence
                                        + " where "
                                        + expected
                                        + " was expected (gap or reordering)");
                    }
                }
                expected++;
                s.inCounts[type]++;
                if (s.inRecords == 0) {
                    s.firstSequence = sequence;
                    s.inVersion = RecordHeader.version(b, 0);
                }
                if (type != EventType.SESSION) {
                    long exchangeNs = RecordHeader.exchangeTime(b, 0);
                    if (s.firstExchangeNs == 0) {
                        s.firstExchangeNs = exchangeNs;
                    }
                    s.lastExchangeNs = exchangeNs;
                    if (type != EventType.TIMER) {
                        s.instrumentIds.add(RecordHeader.instrumentId(b, 0));
                    }
                }
                s.lastSequence = sequence;
                s.inRecords++;
            }
            if (!r.endedByFault()) {
                r.requireEveryFileRead();
            }
        }
        if (verify) {
            EndMarker.check(dir, JournalPaths.IN, expected, partial);
        }
        s.restarts = RestartLog.read(dir);
        if (verify) {
            checkRestarts(dir, s.restarts, expected);
        }
        MessageDigest sha = OutputJournal.newSha256();
        if (Files.isDirectory(JournalPaths.out(dir))) {
            long previous = -1;
            try (RecordReader r = new RecordReader(JournalPaths.out(dir))) {
                while (r.next()) {
                    UnsafeBuffer b = r.buffer();
                    try {
                        OutputCodec.validate(b, 0, r.length(), RECORD);
                    } catch (JournalFormatException ex) {
                        throw ex.at(r.where());
                    }
                    long cause = RecordHeader.sequence(b, 0);
                    if (verify && (cause < previous || cause >= expected)) {
                        throw new JournalFormatException(
                                r.where()
                                        + ": cause sequence "
                                        + cause
                                        + " is out of order or not in in/ (which has "
                                        + expected
                                        + " records)");
                    }
                    previous = cause;
                    if (s.outRecords == 0) {
                        s.outVersion = RecordHeader.version(b, 0);
                    }
                    s.outCounts[RecordHeader.type(b, 0)]++;
                    s.outRecords++;
                    sha.update(r.bytes(), 0, r.length());
                }
                if (!r.endedByFault()) {
                    r.requireEveryFileRead();
                }
            }
            if (verify) {
                EndMarker.check(dir, JournalPaths.OUT, s.outRecords, partial);
            }
        } else if (verify && EndMarker.read(dir, JournalPaths.OUT) != null) {
            throw new JournalFormatException(
                    JournalPaths.out(dir) + ": missing, but out.end says the run wrote it");
        }
        s.outputDigest = Digests.hex(sha.digest());
        if (verify && Files.isDirectory(JournalPaths.out(dir))) {
            checkDigest(dir, s.outputDigest);
        }
        return s;
    }

    /**
     * Each restart marker names a sequence in 1..{@code inRecords} (a resume killed between its
     * marker and its first record leaves one at {@code inRecords}), never below the one before.
     */
    private static void checkRestarts(Path dir, List<Long> restarts, long inRecords) {
        long previous = 1;
        for (int i = 0; i < restarts.size(); i++) {
            long at = restarts.get(i);
            if (at < previous || at > inRecords) {
                throw new JournalFormatException(
                        dir.resolve(RestartLog.FILE)
                                + " restart #"
                                + (i + 1)
                                + ": resumed at sequence "
                                + at
                                + (at > inRecords
                                        ? ", past the end of in/ (" + inRecords + " records)"
                                        : ", below 1 or below the restart before it"));
            }
            previous = at;
        }
    }

    /** Compares the digest of the out/ records with the one their writer left in out.end. */
    private static void checkDigest(Path dir, String computed) {
        EndMarker.Marker m = EndMarker.read(dir, JournalPaths.OUT);
        if (m != null && m.digest() != null && !m.digest().equals(computed)) {
            throw new JournalFormatException(
                    JournalPaths.out(dir)
                            + ": output digest "
                            + computed
                            + " of the records differs from "
                            + m.digest()
                            + " in out.end (the records or the marker were altered)");
        }
    }

    /**
     * Compares the output records of two journals in order. Records of the same schema version must
     * be the same bytes; a record of another version (a recording made before schema version 2,
     * replayed now) must decode to the same fields, since its bytes cannot match.
     *
     * @param recordingMayStop accept a recording that ends early (a run that did not finish): its
     *     records must then be a prefix of the replay's
     * @return null if they are the same, else a one-line description of the first record that
     *     differs, with both versions as JSON
     */
    public static String firstOutputDifference(
            Path recorded, Path replayed, boolean recordingMayStop) {
        OutputRecord o = new OutputRecord();
        OutputRecord p = new OutputRecord();
        try (RecordReader a = new RecordReader(JournalPaths.out(recorded));
                RecordReader b = new RecordReader(JournalPaths.out(replayed))) {
            while (true) {
                boolean hasA = a.next();
                boolean hasB = b.next();
                if (!hasA && !hasB) {
                    return null;
                }
                if (!hasA && recordingMayStop) {
                    return null;
                }
                if (hasA != hasB) {
                    long n = hasA ? a.index() : b.index();
                    return "out record #"
                            + n
                            + ": "
                            + (hasA
                                    ? "recorded " + json(a, o) + ", replay has no such record"
                                    : "replay produced "
                                            + json(b, o)
                                            + ", the recording ends before it");
                }
                if (!same(a, b, o, p)) {
                    return "out record #"
                            + a.index()
                            + ": recorded "
                            + json(a, o)
                            + ", replayed "
                            + json(b, o);
                }
            }
        }
    }

    private static boolean same(RecordReader a, RecordReader b, OutputRecord o, OutputRecord p) {
        if (a.length() >= RecordHeader.LENGTH
                && b.length() >= RecordHeader.LENGTH
                && RecordHeader.version(a.buffer(), 0) != RecordHeader.version(b.buffer(), 0)) {
            OutputCodec.decode(a.buffer(), 0, a.length(), o, a.where());
            OutputCodec.decode(b.buffer(), 0, b.length(), p, b.where());
            return o.sameFields(p);
        }
        return java.util.Arrays.equals(a.bytes(), 0, a.length(), b.bytes(), 0, b.length());
    }

    /** The schema version of the first record of {@code queueDir}, or 0 if it holds none. */
    public static int schemaVersion(Path queueDir) {
        if (!Files.isDirectory(queueDir)) {
            return 0;
        }
        try (RecordReader r = new RecordReader(queueDir)) {
            return r.next() && r.length() > 0 ? RecordHeader.version(r.buffer(), 0) : 0;
        }
    }

    private static String json(RecordReader r, OutputRecord o) {
        OutputCodec.decode(r.buffer(), 0, r.length(), o, r.where());
        java.io.StringWriter w = new java.io.StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            RecordJson.writeOutput(g, o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
