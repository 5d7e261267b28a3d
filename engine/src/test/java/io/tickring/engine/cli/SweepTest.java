package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.assertOneLineBadInput;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep's and walk-forward's parts that need no child JVM: the grid, the ranking, the windows
 * and the refusals that come before any child starts. {@link SweepCliTest} runs the children.
 */
class SweepTest {
    @TempDir Path tmp;

    @Test
    void shouldNumberCombinationsWithTheFirstKeyVaryingSlowest() {
        List<Sweep.Variant> v =
                Sweep.variants(
                        Sweep.axes(
                                List.of(
                                        "strategy.threshold=0.1,0.3,0.6",
                                        "risk.max_position=100,300,1000")));
        assertEquals(9, v.size());
        assertEquals(
                Map.of("strategy.threshold", "0.1", "risk.max_position", "100"), v.get(0).params());
        assertEquals(
                Map.of("strategy.threshold", "0.1", "risk.max_position", "300"), v.get(1).params());
        assertEquals(
                Map.of("strategy.threshold", "0.6", "risk.max_position", "1000"),
                v.get(8).params());
        assertEquals("1-strategy.threshold=0.1,risk.max_position=100", v.get(0).name());
        assertEquals("9-strategy.threshold=0.6,risk.max_position=1000", v.get(8).name());
        assertEquals(9, v.get(8).number());
    }

    @Test
    void shouldPadNumbersAndKeepFlowListsWhole() {
        List<Sweep.Variant> v =
                Sweep.variants(
                        Sweep.axes(
                                List.of(
                                        "source.sim.instruments=[SIMA, SIMB],[SIMA]",
                                        "strategy.order_qty=1,2,3,4,5")));
        assertEquals(10, v.size());
        assertEquals("[SIMA, SIMB]", v.get(0).params().get("source.sim.instruments"));
        assertEquals(
                "01-source.sim.instruments=_SIMA,_SIMB_,strategy.order_qty=1", v.get(0).name());
        assertEquals("10-source.sim.instruments=_SIMA_,strategy.order_qty=5", v.get(9).name());
    }

    @Test
    void shouldRefuseMalformedSweeps() {
        assertEquals(
                "--sweep: expected KEY=V1,V2,... (e.g. strategy.threshold=0.2,0.3), got"
                        + " \"strategy.threshold\"",
                assertThrows(UsageException.class, () -> Sweep.axes(List.of("strategy.threshold")))
                        .getMessage());
        assertThrows(UsageException.class, () -> Sweep.axes(List.of("a.b=1,,2")));
        assertThrows(UsageException.class, () -> Sweep.axes(List.of("a.b=1,1")));
        assertEquals(
                "--sweep: a.b: given twice",
                assertThrows(UsageException.class, () -> Sweep.axes(List.of("a.b=1", "a.b=2")))
                        .getMessage());
    }

    private static Sweep.Row row(int n, int exit, Double totalReturn, Double drawdown) {
        Map<String, Object> metrics = new java.util.HashMap<>();
        if (totalReturn != null) {
            metrics.put("total_return", totalReturn);
        }
        if (drawdown != null) {
            metrics.put("max_drawdown", drawdown);
        }
        SweepChildren.Result r =
                new SweepChildren.Result(
                        exit,
                        exit == 0 ? null : "failed",
                        Map.of(),
                        exit == 0 ? metrics : Map.of());
        return new Sweep.Row(new Sweep.Variant(n, "v" + n, Map.of("k", "" + n)), "v" + n, "", r);
    }

    @Test
    void shouldMarkTheBestByTheObjectiveWithTiesToTheLowerNumber() {
        List<Sweep.Row> rows =
                List.of(
                        row(1, 0, 0.01, 0.05),
                        row(2, 2, null, null), // failed: never the best
                        row(3, 0, 0.03, 0.02),
                        row(4, 0, 0.03, 0.01),
                        row(5, 0, Double.NaN, 0.001));
        assertEquals(2, Sweep.best(SweepObjective.TOTAL_RETURN, rows));
        assertEquals(4, Sweep.best(SweepObjective.MAX_DRAWDOWN, rows)); // minimised
        assertEquals(-1, Sweep.best(SweepObjective.TOTAL_RETURN, List.of(row(1, 1, null, null))));
        // a metric that is missing everywhere: the first successful variant
        assertEquals(0, Sweep.best(SweepObjective.SHARPE, rows));
        assertEquals(SweepObjective.SHARPE, SweepObjective.parse("Sharpe"));
        assertThrows(UsageException.class, () -> SweepObjective.parse("alpha"));
    }

    @Test
    void shouldRollWindowsByTheTestDays() {
        List<Path> days =
                List.of(Path.of("d1"), Path.of("d2"), Path.of("d3"), Path.of("d4"), Path.of("d5"));
        List<WalkForward.Window> w = WalkForward.windows(days, 2, 1);
        assertEquals(3, w.size());
        assertEquals(List.of(Path.of("d1"), Path.of("d2")), w.get(0).train());
        assertEquals(List.of(Path.of("d3")), w.get(0).test());
        assertEquals(List.of(Path.of("d3"), Path.of("d4")), w.get(2).train());
        assertEquals(List.of(Path.of("d5")), w.get(2).test());
        List<WalkForward.Window> w2 = WalkForward.windows(days, 1, 2);
        // d1|d2,d3 then d3|d4,d5: the test days follow each other
        assertEquals(2, w2.size());
        assertEquals(List.of(Path.of("d4"), Path.of("d5")), w2.get(1).test());
        assertEquals(1, WalkForward.windows(days, 3, 2).size());
        assertThrows(UsageException.class, () -> WalkForward.windows(days, 4, 2));
        assertThrows(UsageException.class, () -> WalkForward.windows(days, 0, 1));
    }

    @Test
    void shouldReadTheChildsJsonLineAndReportJson() throws IOException {
        Path f = tmp.resolve("out.txt");
        Files.writeString(
                f,
                "backtest: x\n{\"command\":\"backtest\",\"orders\":12,\"pnl\":{\"USD\":-1.5},\"ok\":true,\"e\":null,\"l\":[1,2.5]}\n\n",
                StandardCharsets.UTF_8);
        Map<String, Object> m = SweepChildren.lastJsonLine(f);
        assertEquals(12, ((Number) m.get("orders")).intValue());
        assertEquals(Map.of("USD", -1.5), m.get("pnl"));
        assertEquals(Boolean.TRUE, m.get("ok"));
        assertTrue(m.containsKey("e"));
        assertEquals(List.of(1, 2.5), m.get("l"));
        Files.writeString(f, "not json\n", StandardCharsets.UTF_8);
        assertTrue(SweepChildren.lastJsonLine(f).isEmpty());
    }

    @Test
    void shouldStartChildrenWithTheShippedFlagsAndABoundedHeap() {
        List<String> cmd = SweepChildren.javaCommand("384m");
        assertTrue(cmd.contains("-Xmx384m"), cmd.toString());
        assertTrue(cmd.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), cmd.toString());
        assertEquals(Main.class.getName(), cmd.get(cmd.size() - 1));
    }

    /** A two-second simulated journal (the microprice rule, no model file needed). */
    private Path simJournal() {
        Path cfg = tmp.resolve("day.yaml");
        try {
            Files.writeString(cfg, SweepCliTest.dayConfig(1, "2026-01-05T14:30:00Z"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Path j = tmp.resolve("day");
        CliTest.Run r =
                tickring(
                        "sim",
                        "--config",
                        cfg.toString(),
                        "--duration",
                        "2s",
                        "--journal",
                        j.toString());
        assertEquals(0, r.code(), r.err());
        return j;
    }

    @Test
    void shouldRefuseAnUnknownKeyOrABadValueBeforeAnyChildStarts() {
        Path j = simJournal();
        Path report = tmp.resolve("report");
        CliTest.Run r =
                tickring(
                        "backtest",
                        "--journal",
                        j.toString(),
                        "--report",
                        report.toString(),
                        "--sweep",
                        "strategy.threshold=0.2,0.3",
                        "--sweep",
                        "strategy.thresold=1,2");
        assertOneLineBadInput(r, "--sweep: strategy.thresold: unknown key");
        assertFalse(Files.exists(report), "nothing written for a refused sweep");
        r =
                tickring(
                        "backtest",
                        "--journal",
                        j.toString(),
                        "--report",
                        report.toString(),
                        "--sweep",
                        "strategy.threshold=0.2,7");
        assertOneLineBadInput(r, "--sweep: strategy.threshold:");
        assertFalse(Files.exists(report), "nothing written for a refused sweep");
        r =
                tickring(
                        "backtest",
                        "--journal",
                        j.toString(),
                        "--sweep",
                        "strategy.threshold=0.2,0.3");
        assertOneLineBadInput(r, "--sweep: needs --report DIR");
        r =
                tickring(
                        "backtest",
                        "--journal",
                        j.toString(),
                        "--report",
                        report.toString(),
                        "--sweep",
                        "strategy.threshold=0.2",
                        "--objective",
                        "alpha");
        assertOneLineBadInput(r, "--objective: unknown objective \"alpha\"");
        r =
                tickring(
                        "backtest",
                        "--journal",
                        j.toString(),
                        "--report",
                        report.toString(),
                        "--sweep",
                        "strategy.threshold=0.2",
                        "--train-days",
                        "1",
                        "--test-days",
                        "1");
        assertOneLineBadInput(r, "needs at least 2 journals");
        r =
                tickring(
                        "backtest",
                        "--journal",
                        j.toString(),
                        "--report",
                        report.toString(),
                        "--train-days",
                        "1",
                        "--test-days",
                        "1");
        assertOneLineBadInput(r, "a walk-forward needs --sweep");
        r = tickring("backtest", "--journal", j.toString(), "--journal", j.toString());
        assertOneLineBadInput(r, "the same journal twice");
    }
}
