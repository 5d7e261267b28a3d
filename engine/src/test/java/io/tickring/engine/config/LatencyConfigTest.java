package io.tickring.engine.config;

import static io.tickring.engine.config.ConfigFixtures.SIMA_INLINE;
import static io.tickring.engine.config.ConfigFixtures.assertMessage;
import static io.tickring.engine.config.ConfigFixtures.load;
import static io.tickring.engine.config.ConfigFixtures.loadFails;
import static io.tickring.engine.config.ConfigFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.paper.LatencyModel;
import io.tickring.adapters.paper.PaperContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paper section's latency keys: binding, the SESSION record's JSON, one-line errors. */
class LatencyConfigTest {
    @TempDir Path dir;

    Path config(String paper) {
        return write(dir, "conf/run.yaml", "paper:\n" + paper + "instruments:\n" + SIMA_INLINE);
    }

    @Test
    void shouldBindEachLatencyModelAndWriteItToTheSessionJson() {
        write(
                dir,
                "conf/lat.csv",
                "request_ns,venue_ns,response_ns\n1000,1100,1300\n2000,2300,2310\n");
        EngineConfig c =
                load(
                        config(
                                "  decision_latency: lognormal 800us 3ms\n"
                                        + "  order_latency: recorded lat.csv\n"
                                        + "  cancel_latency: uniform 50us 150us\n"));
        PaperContext p = c.paper();
        assertEquals(LatencyModel.Kind.LOGNORMAL, p.decisionLatency().kind());
        assertEquals(800_000, p.decisionLatency().a());
        assertEquals(3_000_000, p.decisionLatency().b());
        assertEquals(LatencyModel.Kind.RECORDED, p.orderLatency().kind());
        assertEquals(2, p.orderLatency().rows(), "resolved against the config file's directory");
        assertEquals(LatencyModel.Kind.UNIFORM, p.cancelLatency().kind());
        assertEquals(10, p.minReportLatencyNs(), "the recording's smallest response - venue");
        String json = c.toJson();
        assertTrue(json.contains("\"decision_latency\":\"lognormal 800us 3ms\""), json);
        assertTrue(json.contains("\"cancel_latency\":\"uniform 50us 150us\""), json);
        assertTrue(
                json.contains("rows=2 sha256=" + p.orderLatency().digest() + "\""),
                "the recording's rows and digest are recorded: " + json);
    }

    @Test
    void shouldReadTheSessionJsonBackAndRefuseARecordingThatChanged() {
        Path csv = write(dir, "conf/lat.csv", "1000,1100,1300\n2000,2300,2310\n");
        EngineConfig c =
                load(
                        config(
                                "  decision_latency: uniform 1ms 2ms\n"
                                        + "  order_latency: recorded lat.csv\n"));
        EngineConfig back = ConfigLoader.fromJson(c.toJson(), "session");
        assertEquals(c.toJson(), back.toJson(), "the SESSION record reads back exactly");
        assertEquals(c.paper().toString(), back.paper().toString());
        write(dir, "conf/lat.csv", "1000,1100,1300\n2000,2300,2320\n");
        ConfigException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        ConfigException.class, () -> ConfigLoader.fromJson(c.toJson(), "session"));
        assertTrue(
                e.getMessage().contains("paper.order_latency: " + csv + " has changed: rows=2"),
                e.getMessage());
    }

    @Test
    void shouldSumOneDrawPerStageFromARecordedHistogramLog() throws Exception {
        // Two stages recorded by a live run: the model 900..1100 µs, the risk gate 5 µs flat.
        org.HdrHistogram.Histogram model = new org.HdrHistogram.Histogram(3);
        org.HdrHistogram.Histogram risk = new org.HdrHistogram.Histogram(3);
        for (int i = 0; i <= 200; i++) {
            model.recordValue(900_000 + 1_000L * i);
        }
        risk.recordValueWithCount(5_000, 100);
        model.setTag("model");
        risk.setTag("risk");
        Path log = dir.resolve("conf/stages.hlog");
        java.nio.file.Files.createDirectories(log.getParent());
        try (java.io.PrintStream ps = new java.io.PrintStream(log.toFile())) {
            org.HdrHistogram.HistogramLogWriter w = new org.HdrHistogram.HistogramLogWriter(ps);
            w.outputLogFormatVersion();
            w.outputLegend();
            w.outputIntervalHistogram(0, 1, model);
            w.outputIntervalHistogram(0, 1, risk);
        }
        EngineConfig c = load(config("  decision_latency: histogram stages.hlog\n"));
        LatencyModel m = c.paper().decisionLatency();
        assertEquals(LatencyModel.Kind.HISTOGRAM, m.kind());
        assertEquals(2, m.rows(), "two stages");
        long min = m.minNs();
        assertTrue(Math.abs(min - 905_000) < 2_000, "smallest model + risk: " + min);
        long[] v = new long[2_001];
        for (int i = 0; i < v.length; i++) {
            v[i] = m.latency(0, i * 0x9E3779B97F4A7C15L);
            assertTrue(v[i] >= min && v[i] <= 1_110_000, "out of range: " + v[i]);
        }
        java.util.Arrays.sort(v);
        long median = v[v.length / 2];
        assertTrue(Math.abs(median - 1_005_000) < 15_000, "median model + risk: " + median);
        assertTrue(
                c.toJson()
                        .contains("\"decision_latency\":\"histogram " + log + " stages=2 sha256="),
                c.toJson());
        EngineConfig back = ConfigLoader.fromJson(c.toJson(), "session");
        assertEquals(c.toJson(), back.toJson(), "the SESSION record reads back exactly");
        write(dir, "conf/bad.hlog", "not a histogram log\n");
        Path f = config("  decision_latency: histogram bad.hlog\n");
        assertTrue(
                loadFails(f).getMessage().startsWith(f + ":2: paper.decision_latency: "),
                loadFails(f).getMessage());
    }

    @Test
    void shouldTakeADurationAsAConstantAndKeepTheDefaultsOutOfTheJson() {
        EngineConfig c = load(config("  decision_latency: 1ms\n  order_latency: constant 0\n"));
        assertEquals(LatencyModel.Kind.CONSTANT, c.paper().decisionLatency().kind());
        assertEquals(1_000_000, c.paper().decisionLatency().a());
        assertEquals(0, c.paper().orderLatency().a());
        assertTrue(c.toJson().contains("\"decision_latency\":\"1ms\""), c.toJson());
        assertTrue(c.toJson().contains("\"order_latency\":\"0s\""), c.toJson());

        EngineConfig d = load(config("  latency: 100us\n"));
        assertEquals(0, d.paper().decisionLatency().a());
        assertNull(d.paper().orderLatency(), "latency + jitter, as before the keys");
        assertNull(d.paper().cancelLatency());
        assertFalse(d.toJson().contains("_latency"), "older configurations keep their digest");
        EngineConfig zero = load(config("  decision_latency: 0\n"));
        assertEquals(d.toJson(), zero.toJson(), "0 is the default, written as the default");
    }

    @Test
    void shouldNameTheKeyOfABadLatencyModel() {
        Path f = config("  decision_latency: gamma 1ms\n");
        assertMessage(
                f
                        + ":2: paper.decision_latency: unknown value \"gamma 1ms\" (expected a"
                        + " duration, constant D, uniform LO HI, lognormal MEDIAN P99, histogram FILE"
                        + " or recorded FILE, e.g. lognormal 800us 3ms)",
                loadFails(f));
        f = config("  order_latency: uniform 3ms 1ms\n");
        assertMessage(
                f
                        + ":2: paper.order_latency: upper bound 1000000 ns below lower bound"
                        + " 3000000 ns",
                loadFails(f));
        f = config("  cancel_latency: lognormal 1ms 1ms\n");
        assertMessage(
                f
                        + ":2: paper.cancel_latency: p99 1000000 ns must be above the median"
                        + " 1000000 ns",
                loadFails(f));
        f = config("  order_latency: lognormal 1.5ms 3ms\n");
        assertTrue(
                loadFails(f)
                        .getMessage()
                        .startsWith(f + ":2: paper.order_latency: not a duration"));
        f = config("  cancel_latency: recorded missing.csv\n");
        assertTrue(
                loadFails(f)
                                .getMessage()
                                .startsWith(f + ":2: paper.cancel_latency: " + dir.resolve("conf"))
                        && loadFails(f).getMessage().contains("missing.csv: cannot read"),
                loadFails(f).getMessage());
        write(dir, "conf/bad.csv", "1000,1100,1300\n2000,2300\n");
        f = config("  order_latency: recorded bad.csv\n");
        assertTrue(
                loadFails(f).getMessage().contains("bad.csv line 2: expected request_ns"),
                loadFails(f).getMessage());
        write(dir, "conf/ok.csv", "1000,1100,1300\n");
        f = config("  decision_latency: recorded ok.csv\n");
        assertMessage(
                f
                        + ":2: paper.decision_latency: a recording of venue timestamps is for"
                        + " order_latency or cancel_latency",
                loadFails(f));
    }
}
