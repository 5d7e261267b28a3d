package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.paper.LatencyModel;
import io.tickring.engine.config.ConfigLoader;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.ops.metrics.StageLatencies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live {@code run} writes its decision chain's per-stage times to {@code JOURNAL/stages.hlog},
 * and a backtest with {@code paper.decision_latency: histogram JOURNAL/stages.hlog} charges those
 * figures: its latency model is built from the recorded stages (its least draw is the sum of each
 * stage's least table value, computed here from the file), and two backtests give one digest.
 */
@Tag("slow")
class StageLatencyRunTest {
    @TempDir Path tmp;

    private static final String CONFIG =
            ""
                    + "run:\n  mode: live\n  duration: 4s\n  status_interval: 0\n"
                    + "instruments: %s\n"
                    + "source:\n  kind: sim\n  sim:\n    instruments: [SIMA, SIMB]\n"
                    + "    events_per_second: 2000\n"
                    + "timer:\n  period: 200ms\n"
                    + "model:\n  kind: microprice-rule\n"
                    + "strategy:\n  threshold: 0.3\n  order_qty: 100\n"
                    + "  max_position: 1000\n  cooldown: 100ms\n";

    @Test
    void shouldWriteStageHistogramsThatABacktestChargesDeterministically() throws Exception {
        Path cfg = tmp.resolve("live.yaml");
        Files.writeString(
                cfg,
                String.format(CONFIG, CliTest.instrumentsPath())
                        + "ops:\n  latency_log:\n    interval: 500ms\n");
        Path journal = tmp.resolve("journal");
        CliTest.Run run =
                tickring(
                        "run",
                        "--config",
                        cfg.toString(),
                        "--journal",
                        journal.toString(),
                        "--json");
        assertEquals(0, run.code(), run.err());
        Path hlog = journal.resolve("stages.hlog");
        assertTrue(run.err().contains("run: stage latencies to " + hlog), run.err());

        // One tag per decision-chain stage, the journal stage left out; every stage timed the
        // same events, one in 16 of the ring's.
        Map<String, Histogram> stages = read(hlog);
        assertEquals(
                List.of("features", "model", "strategy", "risk", "router"),
                List.copyOf(stages.keySet()),
                "tags in " + hlog);
        long events = Long.parseLong(field(run.lastLine(), "events"));
        assertTrue(events > 2_000, run.lastLine());
        for (Map.Entry<String, Histogram> e : stages.entrySet()) {
            long n = e.getValue().getTotalCount();
            assertTrue(
                    Math.abs(n - events / StageLatencies.SAMPLE_EVERY) <= 2,
                    e.getKey() + ": " + n + " values for " + events + " events");
        }

        // The backtest's model is the recorded one: its least value is the sum of the stages'
        // least table entries (the midpoint of each stage's first 0.1 % of values).
        Path bt = tmp.resolve("backtest.yaml");
        Files.writeString(
                bt,
                String.format(CONFIG, CliTest.instrumentsPath())
                        + "paper:\n  decision_latency: histogram "
                        + hlog
                        + "\n");
        EngineConfig c = ConfigLoader.load(bt, Map.of(), List.of());
        LatencyModel m = c.paper().decisionLatency();
        assertEquals(LatencyModel.Kind.HISTOGRAM, m.kind());
        assertEquals(5, m.rows(), "one table per stage");
        long least = 0;
        for (Histogram h : stages.values()) {
            least += h.getValueAtPercentile(100.0 * 0.5 / 1000);
        }
        assertEquals(least, m.minNs(), "the least draw sums each stage's least value");
        assertTrue(
                c.toJson().contains("\"decision_latency\":\"histogram " + hlog + " stages=5"),
                c.toJson());

        CliTest.Run second =
                tickring(
                        "backtest",
                        "--journal",
                        journal.toString(),
                        "--config",
                        bt.toString(),
                        "--json");
        CliTest.Run third =
                tickring(
                        "backtest",
                        "--journal",
                        journal.toString(),
                        "--config",
                        bt.toString(),
                        "--json");
        assertEquals(0, second.code(), second.err());
        assertEquals(0, third.code(), third.err());
        assertTrue(Long.parseLong(field(second.lastLine(), "orders")) > 0, second.lastLine());
        assertEquals(field(second.lastLine(), "digest"), field(third.lastLine(), "digest"));
    }

    /** The log's histograms added per tag, in the order the tags first appear. */
    private static Map<String, Histogram> read(Path hlog) throws Exception {
        Map<String, Histogram> out = new LinkedHashMap<>();
        try (HistogramLogReader r = new HistogramLogReader(hlog.toFile())) {
            EncodableHistogram h;
            while ((h = r.nextIntervalHistogram()) != null) {
                Histogram sum = out.get(h.getTag());
                if (sum == null) {
                    out.put(h.getTag(), ((Histogram) h).copy());
                } else {
                    sum.add((Histogram) h);
                }
            }
        }
        return out;
    }
}
