package io.tickring.engine.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.RingEvent;
import io.tickring.engine.ring.Stage;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage latency log: the decision chain's stages, one tag each, the journal stage left out;
 * {@code /metrics} and the log read the same recorders without taking each other's values; a
 * resumed run appends to the file it finds.
 */
class StageLatencyLogTest {
    @TempDir Path tmp;

    /** A stage that does a little work per event, so its time is never zero. */
    static final class WorkStage implements Stage {
        private final String name;
        private final Role role;
        long sink;

        WorkStage(String name, Role role) {
            this.name = name;
            this.role = role;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Role role() {
            return role;
        }

        @Override
        public void onEvent(RingEvent event) {
            for (int i = 0; i < 50; i++) {
                sink += (event.sequence * 31 + i) ^ sink;
            }
        }
    }

    private static Stage[] chain(StageLatencies latencies) {
        return new Stage[] {
            latencies.wrap(new WorkStage("journal", Stage.Role.JOURNAL)),
            latencies.wrap(new WorkStage("features", Stage.Role.DECISION)),
            latencies.wrap(new WorkStage("router", Stage.Role.ROUTER))
        };
    }

    private static void drive(Stage[] stages, long from, long to) {
        RingEvent e = new RingEvent();
        for (long s = from; s < to; s++) {
            e.sequence = s;
            for (Stage stage : stages) {
                stage.onEvent(e);
            }
        }
    }

    /** Each tag's total count in an HdrHistogram log, in the order the tags first appear. */
    static Map<String, Long> counts(Path log) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        try (HistogramLogReader r = new HistogramLogReader(log.toFile())) {
            EncodableHistogram h;
            while ((h = r.nextIntervalHistogram()) != null) {
                out.merge(h.getTag(), ((Histogram) h).getTotalCount(), Long::sum);
            }
        }
        return out;
    }

    /**
     * The allocation-light line writer and HdrHistogram's reader agree: every histogram (of
     * compressed lengths that leave each Base64 remainder) reads back equal, with its times.
     */
    @Test
    void shouldWriteLinesThatHistogramLogReaderReadsBackExactly() throws Exception {
        Path file = tmp.resolve("lines.hlog");
        List<Histogram> written = new ArrayList<>();
        try (PrintStream ps = new PrintStream(file.toFile(), StandardCharsets.UTF_8)) {
            HistogramLogLines w = new HistogramLogLines(ps);
            for (int k = 1; k <= 12; k++) {
                Histogram h = new Histogram(1, StageLatencies.MAX_NS, 2);
                for (int i = 0; i < k * 7; i++) {
                    h.recordValueWithCount(1 + (long) i * i * 997 * k, 1 + i % 3);
                }
                written.add(h);
                w.write(h, "stage" + k, 1_764_000_000_123L + k, 1_764_000_010_456L + k);
            }
        }
        try (HistogramLogReader r = new HistogramLogReader(file.toFile())) {
            for (int k = 1; k <= 12; k++) {
                Histogram h = (Histogram) r.nextIntervalHistogram();
                assertEquals("stage" + k, h.getTag());
                assertEquals(written.get(k - 1), h, "histogram " + k);
                assertEquals(1_764_000_000_123L + k, h.getStartTimeStamp());
                // The reader adds start and length as doubles of seconds: a millisecond off.
                assertTrue(
                        Math.abs(1_764_000_010_456L + k - h.getEndTimeStamp()) <= 1,
                        "end " + h.getEndTimeStamp());
            }
            assertEquals(null, r.nextIntervalHistogram());
        }
    }

    @Test
    void shouldLogTheDecisionStagesAndShareTheRecordersWithMetrics() throws Exception {
        StageLatencies latencies = new StageLatencies();
        Stage[] stages = chain(latencies);
        drive(stages, 0, 800); // 50 events timed per stage (one in 16)
        assertEquals(50, latencies.read(System.nanoTime()).get("router").count());
        drive(stages, 800, 1600);
        Path file = tmp.resolve("stages.hlog");
        try (PrintStream ps = new PrintStream(file.toFile(), StandardCharsets.UTF_8)) {
            HistogramLogLines w = new HistogramLogLines(ps);
            assertEquals(200, latencies.log(w, 1_000, 2_000, System.nanoTime()));
            // Nothing new since: nothing written a second time.
            assertEquals(0, latencies.log(w, 2_000, 3_000, System.nanoTime()));
        }
        // The log has the values /metrics read before it, and /metrics the ones the log took.
        assertEquals(Map.of("features", 100L, "router", 100L), counts(file));
        Map<String, StageLatencies.Figures> f = latencies.read(System.nanoTime());
        assertEquals(100, f.get("router").count());
        assertEquals(100, f.get("journal").count(), "metrics still time the journal stage");
    }

    /**
     * The log thread may catch the chain between two stages' records of one event: the stages still
     * appear in the chain's order (the histogram model's draws follow that order).
     */
    @Test
    void shouldWriteEveryStageInTheChainsOrderOnceAnyHasValues() throws Exception {
        StageLatencies latencies = new StageLatencies();
        Stage[] stages = chain(latencies);
        RingEvent e = new RingEvent();
        e.sequence = 0;
        stages[2].onEvent(e); // the router has timed an event the features stage has not
        Path file = tmp.resolve("order.hlog");
        try (PrintStream ps = new PrintStream(file.toFile(), StandardCharsets.UTF_8)) {
            HistogramLogLines w = new HistogramLogLines(ps);
            assertEquals(1, latencies.log(w, 1_000, 2_000, System.nanoTime()));
            stages[1].onEvent(e);
            assertEquals(1, latencies.log(w, 2_000, 3_000, System.nanoTime()));
        }
        Map<String, Long> counts = counts(file);
        assertEquals(List.of("features", "router"), List.copyOf(counts.keySet()));
        assertEquals(Map.of("features", 1L, "router", 1L), counts);
    }

    @Test
    void shouldWriteIntervalsFromItsThreadAndTheRestOnFinishAndAppendOnResume() throws Exception {
        Path file = tmp.resolve("stages.hlog");
        StageLatencies first = new StageLatencies();
        Stage[] stages = chain(first);
        StageLatencyLog log = StageLatencyLog.start(first, file, 1_000_000);
        drive(stages, 0, 1_600);
        // Wait for the thread to write an interval (a condition, not a sleep of a guessed length).
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (log.written() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(log.written() > 0, "the log thread wrote no interval");
        drive(stages, 1_600, 3_200);
        assertTrue(log.finish(), "writing failed");
        assertEquals(400, log.written());
        assertEquals(Map.of("features", 200L, "router", 200L), counts(file));
        String text = Files.readString(file);
        assertTrue(text.startsWith("#tickring: "), text);
        assertEquals(1, text.split("#\\[StartTime", -1).length - 1, text);

        // A resumed run: new recorders, the same file; its intervals are added, no second header.
        StageLatencies second = new StageLatencies();
        StageLatencyLog again = StageLatencyLog.start(second, file, 60_000_000_000L);
        drive(chain(second), 0, 160);
        assertTrue(again.finish());
        assertEquals(Map.of("features", 210L, "router", 210L), counts(file));
        text = Files.readString(file);
        assertEquals(1, text.split("#\\[StartTime", -1).length - 1, text);
        assertFalse(text.contains("Tag=journal"), text);
    }
}
