package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backtest --sweep} and the walk-forward end to end: simulated days written by {@code sim},
 * every variant a real child JVM backtesting a real journal into its own report.
 */
@Tag("slow")
class SweepCliTest {
    @TempDir Path tmp;

    /**
     * A simulated day: one instrument at 1000 events/s from {@code start}, traded by the microprice
     * rule (no model file), with the repository's instruments.
     */
    static String dayConfig(int seed, String start) {
        return "run:\n  mode: sim\n  seed: "
                + seed
                + "\ninstruments: "
                + CliTest.instrumentsPath()
                + "\nsource:\n  kind: sim\n  sim:\n    instruments: [SIMA]\n"
                + "    events_per_second: 1000\n    levels: 5\n    start_time: "
                + start
                + "\nmodel:\n  kind: microprice-rule\n";
    }

    /** Day {@code n} (from 1): consecutive dates, each its own seed. */
    private Path day(int n, String duration) throws IOException {
        Path cfg = tmp.resolve("day" + n + ".yaml");
        Files.writeString(cfg, dayConfig(100 + n, "2026-01-0" + (4 + n) + "T14:30:00Z"));
        Path j = tmp.resolve("day" + n);
        CliTest.Run r =
                tickring(
                        "sim",
                        "--config",
                        cfg.toString(),
                        "--duration",
                        duration,
                        "--journal",
                        j.toString());
        assertEquals(0, r.code(), r.err());
        return j;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        return (List<Map<String, Object>>) m.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void shouldPrintNineRowsForTwoKeysOfThreeValuesWithTheBestMarked() throws IOException {
        Path j = day(1, "10s");
        Path report = tmp.resolve("sweep");
        CliTest.Run r =
                tickring(
                        "backtest",
                        "--journal",
                        j.toString(),
                        "--report",
                        report.toString(),
                        "--sweep",
                        "strategy.threshold=0.1,0.3,0.6",
                        "--sweep",
                        "strategy.order_qty=50,100,200",
                        "--variant-heap",
                        "256m");
        assertEquals(0, r.code(), r.out() + r.err());
        // the printed table: a header, then one row per variant, the best marked with *
        Pattern row = Pattern.compile("(?m)^(\\*?)\\s+(\\d+)\\s{2}(0\\.\\d)\\s+(\\d+)\\s");
        Matcher m = row.matcher(r.out());
        List<Integer> numbers = new ArrayList<>();
        int marked = 0;
        while (m.find()) {
            numbers.add(Integer.parseInt(m.group(2)));
            marked += m.group(1).isEmpty() ? 0 : 1;
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), numbers, r.out());
        assertEquals(1, marked, r.out());
        assertTrue(r.out().contains("return %"), r.out());

        Map<String, Object> table = SweepChildren.readJson(report.resolve("sweep.json"));
        assertEquals("total_return", table.get("objective"));
        List<Map<String, Object>> variants = list(table, "variants");
        assertEquals(9, variants.size());
        Set<Double> pnls = new HashSet<>();
        double bestReturn = Double.NEGATIVE_INFINITY;
        for (Map<String, Object> v : variants) {
            assertEquals(0, ((Number) v.get("exit")).intValue(), String.valueOf(v.get("error")));
            Path dir = report.resolve((String) v.get("dir"));
            assertTrue(Files.isRegularFile(dir.resolve("report.json")), dir + "/report.json");
            assertTrue(Files.isRegularFile(dir.resolve("config.json")), dir + "/config.json");
            Map<String, Object> metrics = map(v.get("metrics"));
            pnls.add(((Number) metrics.get("pnl")).doubleValue());
            bestReturn = Math.max(bestReturn, ((Number) metrics.get("total_return")).doubleValue());
            // each variant really ran with its own values
            Map<String, Object> cfg =
                    map(SweepChildren.readJson(dir.resolve("config.json")).get("strategy"));
            Map<String, Object> params = map(v.get("params"));
            assertEquals(
                    Double.parseDouble((String) params.get("strategy.threshold")),
                    Double.parseDouble(String.valueOf(cfg.get("threshold"))));
        }
        assertTrue(pnls.size() >= 2, "variants differ in their figures: " + pnls);
        Map<String, Object> best = variants.get(((Number) table.get("best")).intValue() - 1);
        assertEquals(Boolean.TRUE, best.get("best"));
        assertEquals(
                bestReturn, ((Number) map(best.get("metrics")).get("total_return")).doubleValue());
        assertTrue(Files.readString(report.resolve("sweep.md")).contains("| * |"));
    }

    @Test
    void shouldWriteTheSameTableWhateverTheParallelism() throws IOException {
        Path j = day(1, "5s");
        List<String> tables = new ArrayList<>();
        for (String jobs : List.of("1", "2")) {
            Path report = tmp.resolve("sweep-" + jobs);
            CliTest.Run r =
                    tickring(
                            "backtest",
                            "--journal",
                            j.toString(),
                            "--report",
                            report.toString(),
                            "--sweep",
                            "strategy.threshold=0.1,0.6",
                            "--jobs",
                            jobs,
                            "--json");
            assertEquals(0, r.code(), r.out() + r.err());
            assertEquals("sweep", CliTest.field(r.lastLine(), "mode"));
            tables.add(Files.readString(report.resolve("sweep.json")));
        }
        assertEquals(tables.get(0), tables.get(1));
    }

    @Test
    void shouldReportOutOfSampleResultsOfAWalkForwardOverSimulatedDays() throws IOException {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "backtest",
                                "--report",
                                tmp.resolve("wf").toString(),
                                "--sweep",
                                "strategy.threshold=0.1,0.6",
                                "--train-days",
                                "1",
                                "--test-days",
                                "1",
                                "--variant-heap",
                                "256m",
                                "--json"));
        for (int d = 1; d <= 3; d++) {
            args.add("--journal");
            args.add(day(d, "5s").toString());
        }
        CliTest.Run r = tickring(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("out-of-sample: 2/2 windows tested"), r.err());
        Map<String, Object> wf = SweepChildren.readJson(tmp.resolve("wf/walkforward.json"));
        List<Map<String, Object>> windows = list(wf, "windows");
        assertEquals(2, windows.size());
        double pnl = 0;
        for (int i = 0; i < 2; i++) {
            Map<String, Object> w = windows.get(i);
            // window i trains on day i+1 and tests on day i+2
            assertTrue(((List<?>) w.get("train")).get(0).toString().endsWith("day" + (i + 1)));
            assertTrue(((List<?>) w.get("test")).get(0).toString().endsWith("day" + (i + 2)));
            assertEquals(0, ((Number) w.get("exit")).intValue(), String.valueOf(w.get("error")));
            // the chosen variant is the train sweep's best
            Map<String, Object> train =
                    SweepChildren.readJson(
                            tmp.resolve("wf/windows/" + (i + 1) + "/train/sweep.json"));
            assertEquals(train.get("best"), map(w.get("chosen")).get("variant"));
            assertTrue(
                    Files.isRegularFile(
                            tmp.resolve("wf/windows/" + (i + 1) + "/test/report.json")));
            pnl += ((Number) map(w.get("metrics")).get("pnl")).doubleValue();
        }
        Map<String, Object> oos = map(wf.get("out_of_sample"));
        assertEquals(pnl, ((Number) oos.get("pnl")).doubleValue(), 1e-9);
        assertEquals(pnl / 100_000.0, ((Number) oos.get("return_on_capital")).doubleValue(), 1e-12);
    }

    /** Two train days per window: each train child gets two {@code --journal}, run as one. */
    @Test
    void shouldTrainOnSeveralDaysPerWindow() throws IOException {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "backtest",
                                "--report",
                                tmp.resolve("wf").toString(),
                                "--sweep",
                                "strategy.threshold=0.1,0.6",
                                "--train-days",
                                "2",
                                "--test-days",
                                "1",
                                "--variant-heap",
                                "256m",
                                "--json"));
        for (int d = 1; d <= 3; d++) {
            args.add("--journal");
            args.add(day(d, "3s").toString());
        }
        CliTest.Run r = tickring(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.out() + r.err());
        Map<String, Object> wf = SweepChildren.readJson(tmp.resolve("wf/walkforward.json"));
        Map<String, Object> w = list(wf, "windows").get(0);
        assertEquals(2, ((List<?>) w.get("train")).size());
        assertNotNull(w.get("chosen"));
        assertEquals(0, ((Number) w.get("exit")).intValue(), String.valueOf(w.get("error")));
    }
}
