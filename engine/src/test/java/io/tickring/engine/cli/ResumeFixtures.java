package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.codec.RecordHeader;
import io.tickring.core.codec.sbe.ControlDecoder;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordAppender;
import io.tickring.journal.RecordReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What the resume tests share: a short paper run in the event-time simulator, and the comparison of
 * a resumed journal with the journal of the same run never interrupted.
 */
final class ResumeFixtures {
    /** The figures of a run's summary that a resume must reproduce exactly. */
    static final String[] FIGURES = {
        "events",
        "decisions",
        "orders",
        "fills",
        "rejects",
        "out_records",
        "position",
        "pnl",
        "fees",
        "cash"
    };

    private ResumeFixtures() {}

    /**
     * A paper run in sim mode (the event-time merge, inline), {@code seconds} of simulated market,
     * with paper latency jitter so the venue's seeded draws are exercised too.
     */
    static Path simConfig(Path dir, int seconds, long seed) throws IOException {
        Path cfg = dir.resolve("resume-sim.yaml");
        Files.writeString(
                cfg,
                String.join(
                        "\n",
                        "run:",
                        "  mode: sim",
                        "  seed: " + seed,
                        "  duration: " + seconds + "s",
                        "  status_interval: 0",
                        "  drive: inline",
                        "instruments: " + CliTest.instrumentsPath(),
                        "timer:",
                        "  period: 1s",
                        "model:",
                        "  kind: microprice-rule",
                        "paper:",
                        "  latency: 100us",
                        "  jitter: 50us",
                        ""),
                StandardCharsets.UTF_8);
        return cfg;
    }

    /**
     * Checks that {@code resumed} holds the same run as {@code whole}: the same inputs once its
     * CONTROL RESTART records are left out, and the same outputs, each naming the same cause (its
     * ring sequence one higher per RESTART before it, the only bytes that may differ).
     *
     * @return the number of RESTART records in {@code resumed}
     */
    static int assertSameRun(Path whole, Path resumed) {
        LongArrayList restarts = new LongArrayList();
        try (RecordReader a = new RecordReader(JournalPaths.in(whole));
                RecordReader b = new RecordReader(JournalPaths.in(resumed))) {
            while (true) {
                boolean hasB = b.next();
                while (hasB && isRestart(b)) {
                    assertEquals(b.index(), RecordHeader.sequence(b.buffer(), 0), b.where());
                    restarts.addLong(b.index());
                    hasB = b.next();
                }
                boolean hasA = a.next();
                assertEquals(hasA, hasB, "in/ lengths differ at " + b.where());
                if (!hasA) {
                    break;
                }
                assertEquals(
                        b.index(), RecordHeader.sequence(b.buffer(), 0), "sequence " + b.where());
                assertTrue(sameButSequence(a, b), "input differs: " + b.where());
            }
        }
        try (RecordReader a = new RecordReader(JournalPaths.out(whole));
                RecordReader b = new RecordReader(JournalPaths.out(resumed))) {
            while (true) {
                boolean hasA = a.next();
                boolean hasB = b.next();
                assertEquals(hasA, hasB, "out/ lengths differ at " + b.where());
                if (!hasA) {
                    break;
                }
                long cause = RecordHeader.sequence(b.buffer(), 0);
                long shift = 0;
                for (int i = 0; i < restarts.size() && restarts.getLong(i) < cause; i++) {
                    shift++;
                }
                assertEquals(
                        RecordHeader.sequence(a.buffer(), 0) + shift,
                        cause,
                        "cause of " + b.where());
                assertTrue(sameButSequence(a, b), "output differs: " + b.where());
            }
        }
        assertFalse(restarts.isEmpty() && !Files.isRegularFile(resumed.resolve("in.end")));
        return restarts.size();
    }

    private static boolean isRestart(RecordReader r) {
        return RecordHeader.type(r.buffer(), 0) == EventType.CONTROL
                && r.buffer().getByte(RecordHeader.LENGTH + ControlDecoder.codeEncodingOffset())
                        == ControlCode.RESTART;
    }

    /** The same bytes but for the ring sequence and the CRC (which covers it). */
    private static boolean sameButSequence(RecordReader a, RecordReader b) {
        if (a.length() != b.length()) {
            return false;
        }
        byte[] x = Arrays.copyOf(a.bytes(), a.length());
        byte[] y = Arrays.copyOf(b.bytes(), b.length());
        for (byte[] r : new byte[][] {x, y}) {
            Arrays.fill(
                    r, RecordHeader.SEQUENCE_OFFSET, RecordHeader.SEQUENCE_OFFSET + 8, (byte) 0);
            Arrays.fill(r, RecordHeader.CRC_OFFSET, RecordHeader.CRC_OFFSET + 4, (byte) 0);
        }
        return Arrays.equals(x, y);
    }

    static void copyPrefix(Path from, Path to, long inRecords, long outCausesBelow) {
        copyPrefix(from, to, inRecords, outCausesBelow, -1);
    }

    /**
     * Writes what a crash could leave: the first {@code inRecords} of {@code from}'s in/, the out/
     * records caused before {@code outCausesBelow}, no end markers. With {@code alter} a record
     * type, the last copied record of that type has one byte changed and its CRC stamped again, so
     * only the resume can tell.
     */
    static void copyPrefix(Path from, Path to, long inRecords, long outCausesBelow, int alter) {
        long lastIn = lastOfType(JournalPaths.in(from), alter, inRecords, Long.MAX_VALUE);
        long lastOut = lastOfType(JournalPaths.out(from), alter, Long.MAX_VALUE, outCausesBelow);
        copy(JournalPaths.in(from), JournalPaths.in(to), inRecords, Long.MAX_VALUE, lastIn);
        copy(JournalPaths.out(from), JournalPaths.out(to), Long.MAX_VALUE, outCausesBelow, lastOut);
    }

    private static long lastOfType(Path queue, int type, long records, long causesBelow) {
        long last = -1;
        try (RecordReader r = new RecordReader(queue)) {
            while (r.index() + 1 < records
                    && r.next()
                    && RecordHeader.sequence(r.buffer(), 0) < causesBelow) {
                if (RecordHeader.type(r.buffer(), 0) == type) {
                    last = r.index();
                }
            }
        }
        return last;
    }

    private static void copy(Path from, Path to, long records, long causesBelow, long alter) {
        CRC32C crc = new CRC32C();
        try (RecordReader r = new RecordReader(from);
                RecordAppender w = new RecordAppender(to, 1 << 20, 1 << 20)) {
            while (r.index() + 1 < records
                    && r.next()
                    && RecordHeader.sequence(r.buffer(), 0) < causesBelow) {
                byte[] bytes = java.util.Arrays.copyOf(r.bytes(), r.length());
                if (r.index() == alter) {
                    bytes[bytes.length - 1] ^= 1;
                    RecordHeader.stampCrc(crc, new UnsafeBuffer(bytes), 0, bytes.length);
                }
                w.append(bytes, 0, bytes.length);
            }
        }
    }
}
