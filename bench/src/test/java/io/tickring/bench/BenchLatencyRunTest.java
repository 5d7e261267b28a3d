package io.tickring.bench;

import static io.tickring.bench.BenchCliProcessTest.assertNoStackTrace;
import static io.tickring.bench.BenchCliProcessTest.bench;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tickring bench latency} end to end in a real process: a short open-loop run of the real
 * engine whose final state, JSON figures and HdrHistogram logs agree, with its baselines; and a run
 * whose configuration never trades, which the final-state check fails with one line and exit 1.
 */
@Tag("slow")
class BenchLatencyRunTest {
    @TempDir Path tmp;

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9]+)").matcher(json);
        assertTrue(m.find(), key + " missing in " + json);
        return Long.parseLong(m.group(1));
    }

    /** The total count of the interval histograms in an .hlog file. */
    private static long logCount(Path hlog) throws Exception {
        long n = 0;
        HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        try {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                n += ((org.HdrHistogram.Histogram) h).getTotalCount();
            }
        } finally {
            reader.close();
        }
        return n;
    }

    @Test
    void shouldMeasureEveryTickAndAgreeWithItsLogs() throws Exception {
        Path out = tmp.resolve("out");
        BenchCliProcessTest.Run r =
                bench(
                        "latency",
                        "--rate",
                        "2000",
                        "--duration",
                        "2s",
                        "--warmup",
                        "1s",
                        "--baseline-duration",
                        "1s",
                        "--throughput-events",
                        "20000",
                        "--out",
                        out.toString(),
                        "--json");
        assertEquals(0, r.code(), r.err());
        assertNoStackTrace(r);
        String json = r.lastLine();
        assertTrue(json.startsWith("{\"command\":\"bench latency\""), json);
        assertEquals(6000, number(json, "ticks_sent"));
        assertEquals(2000, number(json, "ticks_warmup"));
        assertEquals(0, number(json, "values_above_60s"));
        for (String stage :
                new String[] {"journal", "features", "model", "strategy", "risk", "router"}) {
            assertEquals(6000, number(json, stage), "ticks through " + stage);
        }
        assertTrue(number(json, "orders") > 0, json);
        assertEquals(number(json, "orders"), number(json, "orders_released"));
        assertEquals(number(json, "events_published"), number(json, "events_journaled"));
        // Every measured tick is in the summary and in the log, and only those.
        Matcher router = Pattern.compile("\"tick_to_router\":\\{\"count\":([0-9]+)").matcher(json);
        assertTrue(router.find(), json);
        assertEquals(4000, Long.parseLong(router.group(1)));
        assertEquals(4000, logCount(out.resolve("tick_to_router.hlog")));
        assertEquals(4000, logCount(out.resolve("stage.journal.hlog")));
        Matcher order = Pattern.compile("\"tick_to_order\":\\{\"count\":([0-9]+)").matcher(json);
        assertTrue(order.find(), json);
        assertEquals(Long.parseLong(order.group(1)), logCount(out.resolve("tick_to_order.hlog")));
        // The baselines ran, and each ratio is printed.
        for (String key :
                new String[] {
                    "abq_chain_tick_to_router",
                    "disruptor_hop",
                    "chronicle_append",
                    "throughput_ring_over_abq",
                    "abq_p99_over_ring_p99",
                    "journal_append_p99_over_bare_p99",
                    "ring_chain_events_per_s"
                }) {
            assertTrue(json.contains("\"" + key + "\":"), key + " missing in " + json);
        }
        assertTrue(
                Files.readString(out.resolve("summary.json"), StandardCharsets.UTF_8)
                        .startsWith(json));
        assertTrue(r.err().contains("tick_to_router"), "the table goes to stderr with --json");
    }

    @Test
    void shouldFailTheFinalStateCheckWhenNoOrderIsReleased() throws Exception {
        Path cfg = tmp.resolve("cfg");
        Files.createDirectories(cfg);
        Path home = BenchCliProcessTest.home();
        Files.copy(home.resolve("config/instruments.yaml"), cfg.resolve("instruments.yaml"));
        Files.copy(
                home.resolve("config/headlines-demo.jsonl"), cfg.resolve("headlines-demo.jsonl"));
        String demo = Files.readString(home.resolve("config/demo.yaml"), StandardCharsets.UTF_8);
        String never = demo.replaceFirst("(?m)^  threshold: 0\\.3 ", "  threshold: 1.0 ");
        assertFalse(never.equals(demo), "config/demo.yaml's strategy.threshold line moved");
        Files.writeString(cfg.resolve("never.yaml"), never);
        BenchCliProcessTest.Run r =
                bench(
                        "latency",
                        "--rate",
                        "2000",
                        "--duration",
                        "1s",
                        "--warmup",
                        "0s",
                        "--config",
                        cfg.resolve("never.yaml").toString(),
                        "--out",
                        tmp.resolve("out").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertNoStackTrace(r);
        String err = r.err().strip();
        assertFalse(err.contains("\n"), err);
        assertTrue(err.startsWith("bench latency: final state check failed: no orders"), err);
    }
}
