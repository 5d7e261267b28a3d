package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.codec.RecordHeader;
import io.tickring.journal.EndMarker;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordAppender;
import io.tickring.journal.RecordReader;
import io.tickring.journal.RestartLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
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
        "cash",
        "digest"
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
     * Checks that {@code resumed} holds the same run as {@code whole}, byte for byte: the same
     * input records with the same sequences, the same output records naming the same causes, and so
     * the same output digest in both {@code out.end} markers (a restart takes no ring sequence; it
     * is marked in {@link RestartLog}, beside the queues).
     *
     * @return the number of restarts {@code resumed}'s restart log records
     */
    static int assertSameRun(Path whole, Path resumed) {
        for (String queue : new String[] {JournalPaths.IN, JournalPaths.OUT}) {
            try (RecordReader a = new RecordReader(whole.resolve(queue));
                    RecordReader b = new RecordReader(resumed.resolve(queue))) {
                while (true) {
                    boolean hasA = a.next();
                    boolean hasB = b.next();
                    assertEquals(hasA, hasB, queue + "/ lengths differ at " + b.where());
                    if (!hasA) {
                        break;
                    }
                    assertEquals(a.length(), b.length(), "length of " + b.where());
                    assertTrue(
                            Arrays.equals(a.bytes(), 0, a.length(), b.bytes(), 0, b.length()),
                            "record differs: " + b.where());
                }
            }
        }
        EndMarker.Marker wholeOut = EndMarker.read(whole, JournalPaths.OUT);
        EndMarker.Marker resumedOut = EndMarker.read(resumed, JournalPaths.OUT);
        assertNotNull(resumedOut, "the resumed run closed its out/ queue");
        assertTrue(resumedOut.complete(), "the resumed run finished: " + resumedOut);
        assertEquals(wholeOut.digest(), resumedOut.digest(), "output digest of " + resumed);
        EndMarker.Marker resumedIn = EndMarker.read(resumed, JournalPaths.IN);
        if (resumedIn != null) { // absent if killed between closing out/ and in/
            assertEquals(
                    EndMarker.read(whole, JournalPaths.IN).records(),
                    resumedIn.records(),
                    "in/ records of " + resumed);
        }
        List<Long> restarts = RestartLog.read(resumed);
        // Non-decreasing, not increasing: a resume killed after writing its line but before its
        // first new record reached the queue leaves a line the next resume repeats at the same
        // sequence.
        long previous = 1;
        for (long at : restarts) {
            assertTrue(at >= previous, "restarts in order, after sequence 0: " + restarts);
            previous = at;
        }
        return restarts.size();
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
        copyRestarts(from, to, inRecords);
    }

    /** The restart markers of {@code from} that a crash after {@code inRecords} inputs leaves. */
    private static void copyRestarts(Path from, Path to, long inRecords) {
        Path log = from.resolve(RestartLog.FILE);
        if (!Files.isRegularFile(log)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<Long> at = RestartLog.read(from);
            StringBuilder kept = new StringBuilder();
            for (int i = 0; i < at.size(); i++) {
                if (at.get(i) < inRecords) {
                    kept.append(lines.get(i)).append('\n');
                }
            }
            if (kept.length() > 0) {
                Files.writeString(to.resolve(RestartLog.FILE), kept, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
