package io.tickring.engine.cli;

import io.tickring.engine.config.EngineConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code backtest --sweep ... --train-days N --test-days M}: a walk-forward over journals that are
 * days in time order. Window {@code w} (from 1) trains on days {@code (w-1)M+1 .. (w-1)M+N}, where
 * the sweep's best variant by the objective is chosen, and tests that variant on the next M days;
 * windows step by M days, so the test days follow each other without overlap, and days left over at
 * the end that cannot fill a test window are reported as unused. Only the test (out-of-sample)
 * figures are reported as results; the train sweeps are kept for inspection.
 *
 * <p>Each run (a train variant or a test) is one child backtest over its window's days, so the
 * strategy's state carries across the days of one run and starts afresh at each run: every test
 * window starts flat with the same capital. The out-of-sample totals are therefore sums over
 * windows (PnL, fees, orders, fills) and the PnL over the capital, not a compounded return; the
 * drawdown shown is the worst within one window, not across windows.
 *
 * <p>Layout: {@code DIR/windows/<w>/train/} is a sweep (variants/, sweep.json, sweep.md), {@code
 * DIR/windows/<w>/test/} the chosen variant's report; {@code DIR/walkforward.json} and {@code
 * DIR/walkforward.md} hold the out-of-sample table.
 */
final class WalkForward {
    /** One window: its number (from 1), train days and test days. */
    record Window(int number, List<Path> train, List<Path> test) {}

    private WalkForward() {}

    /** The windows over {@code days}; fewer than {@code n + m} days is refused. */
    static List<Window> windows(List<Path> days, int n, int m) {
        if (n < 1 || m < 1) {
            throw new UsageException(
                    "--train-days/--test-days: must both be at least 1, got " + n + " and " + m);
        }
        if (days.size() < n + m) {
            throw new UsageException(
                    "--train-days "
                            + n
                            + " --test-days "
                            + m
                            + ": needs at least "
                            + (n + m)
                            + " journals (one per day, in time order), got "
                            + days.size());
        }
        List<Window> windows = new ArrayList<>();
        for (int start = 0; start + n + m <= days.size(); start += m) {
            windows.add(
                    new Window(
                            windows.size() + 1,
                            List.copyOf(days.subList(start, start + n)),
                            List.copyOf(days.subList(start + n, start + n + m))));
        }
        return windows;
    }

    static int run(
            BacktestCommand cmd,
            SweepOptions opts,
            SweepObjective objective,
            List<Path> journals,
            Sweep.Base base,
            List<Sweep.Axis> axes,
            Map<Sweep.Variant, EngineConfig> configs,
            SweepChildren children)
            throws IOException, InterruptedException {
        if (opts.trainDays == null || opts.testDays == null) {
            throw new UsageException("--train-days and --test-days: a walk-forward needs both");
        }
        List<Window> windows = windows(journals, opts.trainDays, opts.testDays);
        PrintWriter out = Sweep.out(cmd);
        PrintWriter text = cmd.json.json ? Sweep.err(cmd) : out;
        List<Sweep.Variant> variants = new ArrayList<>(configs.keySet());
        text.println(
                "walk-forward: "
                        + windows.size()
                        + " windows of "
                        + opts.trainDays
                        + " train + "
                        + opts.testDays
                        + " test days over "
                        + journals.size()
                        + " journals; "
                        + variants.size()
                        + " variants per train window, chosen by "
                        + objective.metric);
        text.flush();
        long t0 = System.nanoTime();

        // every window's train sweep in one pool, then every window's test
        List<SweepChildren.Job> trainJobs = new ArrayList<>();
        for (Window w : windows) {
            Path dir = trainDir(cmd, w);
            for (Sweep.Variant v : variants) {
                trainJobs.add(
                        Sweep.job(
                                cmd,
                                "window " + w.number() + " train " + v.label(),
                                dir.resolve("variants").resolve(v.name()),
                                w.train(),
                                configs.get(v)));
            }
        }
        List<SweepChildren.Result> trainResults = children.runAll(trainJobs);
        List<Sweep.Variant> chosen = new ArrayList<>();
        List<Double> chosenValue = new ArrayList<>();
        List<String> trainErrors = new ArrayList<>();
        for (int wi = 0; wi < windows.size(); wi++) {
            Window w = windows.get(wi);
            List<Sweep.Row> rows = new ArrayList<>();
            for (int vi = 0; vi < variants.size(); vi++) {
                Sweep.Variant v = variants.get(vi);
                rows.add(
                        new Sweep.Row(
                                v,
                                "variants/" + v.name(),
                                configs.get(v).digest(),
                                trainResults.get(wi * variants.size() + vi)));
            }
            Map<String, Object> table =
                    Sweep.table(objective, w.train(), base.source, axes, rows, cmd.capital);
            Sweep.write(trainDir(cmd, w), table, objective, axes, rows);
            int best = Sweep.best(objective, rows);
            trainErrors.add(rows.isEmpty() ? "" : rows.get(0).result().error());
            chosen.add(best < 0 ? null : variants.get(best));
            chosenValue.add(
                    best < 0 ? Double.NaN : objective.valueOf(rows.get(best).result().metrics()));
        }
        List<SweepChildren.Job> testJobs = new ArrayList<>();
        List<Integer> tested = new ArrayList<>();
        for (int wi = 0; wi < windows.size(); wi++) {
            Sweep.Variant v = chosen.get(wi);
            if (v != null) {
                Window w = windows.get(wi);
                testJobs.add(
                        Sweep.job(
                                cmd,
                                "window " + w.number() + " test " + v.label(),
                                testDir(cmd, w),
                                w.test(),
                                configs.get(v)));
                tested.add(wi);
            }
        }
        List<SweepChildren.Result> testRun = children.runAll(testJobs);
        List<SweepChildren.Result> testResults = new ArrayList<>();
        for (int wi = 0; wi < windows.size(); wi++) {
            int k = tested.indexOf(wi);
            testResults.add(
                    k >= 0
                            ? testRun.get(k)
                            : new SweepChildren.Result(
                                    Main.FAILED,
                                    "not tested: every train variant failed (variant 1: "
                                            + trainErrors.get(wi)
                                            + ")",
                                    Map.of(),
                                    Map.of()));
        }

        Map<String, Object> table =
                table(
                        cmd,
                        opts,
                        objective,
                        journals,
                        base,
                        axes,
                        windows,
                        chosen,
                        chosenValue,
                        testResults);
        List<SweepTable.Line> lines = new ArrayList<>();
        for (int wi = 0; wi < windows.size(); wi++) {
            Window w = windows.get(wi);
            Sweep.Variant v = chosen.get(wi);
            lines.add(
                    new SweepTable.Line(
                            List.of(
                                    Integer.toString(w.number()),
                                    names(w.train()),
                                    names(w.test()),
                                    v == null ? "-" : v.number() + ": " + v.label(),
                                    objective.format(chosenValue.get(wi))),
                            testResults.get(wi)));
        }
        List<String> headers =
                List.of(
                        "window",
                        "train days",
                        "test days",
                        "chosen variant",
                        "train " + objective.header());
        String oos = oosLine(table);
        Files.writeString(
                cmd.report.resolve("walkforward.json"),
                EngineCommand.jsonOf(table) + "\n",
                StandardCharsets.UTF_8);
        StringBuilder md = new StringBuilder();
        md.append("# Walk-forward (out-of-sample results only)\n\n");
        md.append("Base configuration: ").append(base.source).append("  \n");
        md.append("Train ")
                .append(opts.trainDays)
                .append(" days, test ")
                .append(opts.testDays)
                .append(" days; the variant is chosen by ")
                .append(objective.metric)
                .append(" on the train days. Figures are the test days'.\n\n");
        md.append(SweepTable.markdown(objective, headers, lines, SweepTable.NO_MARK));
        md.append('\n').append(oos).append('\n');
        Files.writeString(
                cmd.report.resolve("walkforward.md"), md.toString(), StandardCharsets.UTF_8);
        text.println(
                "out-of-sample results (each window's test days, with the variant its train days chose):");
        text.print(SweepTable.text(objective, headers, lines, SweepTable.NO_MARK));
        text.println(oos);
        text.println("table: " + cmd.report.resolve("walkforward.md") + " and walkforward.json");
        text.flush();
        if (cmd.json.json) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("command", "backtest");
            line.put("mode", "walk-forward");
            line.put("report", cmd.report.toString());
            line.putAll(table);
            line.put("elapsed_ms", (System.nanoTime() - t0) / 1_000_000);
            out.println(EngineCommand.jsonOf(line));
            out.flush();
        }
        for (SweepChildren.Result r : testResults) {
            if (r.ok()) {
                return Main.OK;
            }
        }
        Sweep.err(cmd).println("backtest: no window's test succeeded (see the table's errors)");
        Sweep.err(cmd).flush();
        return testResults.get(0).exit();
    }

    private static Path trainDir(BacktestCommand cmd, Window w) {
        return cmd.report.resolve("windows").resolve(Integer.toString(w.number())).resolve("train");
    }

    private static Path testDir(BacktestCommand cmd, Window w) {
        return cmd.report.resolve("windows").resolve(Integer.toString(w.number())).resolve("test");
    }

    private static String names(List<Path> days) {
        List<String> n = new ArrayList<>();
        for (Path d : days) {
            n.add(String.valueOf(d.getFileName()));
        }
        return String.join(",", n);
    }

    private static List<String> strings(List<Path> days) {
        List<String> n = new ArrayList<>();
        for (Path d : days) {
            n.add(d.toString());
        }
        return n;
    }

    private static Map<String, Object> table(
            BacktestCommand cmd,
            SweepOptions opts,
            SweepObjective objective,
            List<Path> journals,
            Sweep.Base base,
            List<Sweep.Axis> axes,
            List<Window> windows,
            List<Sweep.Variant> chosen,
            List<Double> chosenValue,
            List<SweepChildren.Result> tests) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("journals", strings(journals));
        t.put("base_config", base.source);
        t.put("capital", cmd.capital);
        t.put("objective", objective.metric);
        List<String> keys = new ArrayList<>();
        for (Sweep.Axis a : axes) {
            keys.add(a.key());
        }
        t.put("keys", keys);
        t.put("train_days", opts.trainDays);
        t.put("test_days", opts.testDays);
        List<Object> ws = new ArrayList<>();
        double pnl = 0;
        double fees = 0;
        long orders = 0;
        long fills = 0;
        int ok = 0;
        int positive = 0;
        double worstDrawdown = 0;
        String currency = null;
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            SweepChildren.Result r = tests.get(i);
            Sweep.Variant v = chosen.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("window", w.number());
            m.put("train", strings(w.train()));
            m.put("test", strings(w.test()));
            if (v == null) {
                m.put("chosen", null);
            } else {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("variant", v.number());
                c.put("params", v.params());
                c.put("dir", "windows/" + w.number() + "/train/variants/" + v.name());
                m.put("chosen", c);
            }
            m.put("train_" + objective.metric, v == null ? null : chosenValue.get(i));
            m.put("test_dir", "windows/" + w.number() + "/test");
            m.put("exit", r.exit());
            m.put("error", r.error());
            m.put("orders", r.summary().get("orders"));
            m.put("fills", r.summary().get("fills"));
            m.put("digest", r.summary().get("digest"));
            m.put("metrics", r.metrics());
            ws.add(m);
            if (r.ok()) {
                ok++;
                double p = SweepTable.metric(r, "pnl");
                pnl += p;
                positive += p > 0 ? 1 : 0;
                fees += SweepTable.metric(r, "fees");
                worstDrawdown = Math.max(worstDrawdown, SweepTable.metric(r, "max_drawdown"));
                orders += r.summary().get("orders") instanceof Number n ? n.longValue() : 0;
                fills += r.summary().get("fills") instanceof Number n ? n.longValue() : 0;
                if (currency == null && r.metrics().get("currency") != null) {
                    currency = String.valueOf(r.metrics().get("currency"));
                }
            }
        }
        t.put("windows", ws);
        int used =
                windows.isEmpty()
                        ? 0
                        : (windows.size() - 1) * opts.testDays + opts.trainDays + opts.testDays;
        t.put("unused_days", strings(journals.subList(used, journals.size())));
        Map<String, Object> oos = new LinkedHashMap<>();
        oos.put("windows", windows.size());
        oos.put("windows_tested", ok);
        oos.put("windows_positive", positive);
        oos.put("currency", currency);
        oos.put("pnl", pnl);
        oos.put("return_on_capital", pnl / cmd.capital);
        oos.put("fees", fees);
        oos.put("orders", orders);
        oos.put("fills", fills);
        oos.put("worst_window_max_drawdown", worstDrawdown);
        t.put("out_of_sample", oos);
        return t;
    }

    private static String oosLine(Map<String, Object> table) {
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) table.get("out_of_sample");
        String cur = o.get("currency") == null ? "" : " " + o.get("currency");
        @SuppressWarnings("unchecked")
        List<String> unused = (List<String>) table.get("unused_days");
        return String.format(
                        Locale.ROOT,
                        "out-of-sample: %d/%d windows tested, %d positive; pnl %.2f%s (%.4f %% of the"
                                + " capital, each window starting from it), fees %.2f%s, %d orders,"
                                + " %d fills, worst window max drawdown %.4f %%",
                        (Integer) o.get("windows_tested"),
                        (Integer) o.get("windows"),
                        (Integer) o.get("windows_positive"),
                        (Double) o.get("pnl"),
                        cur,
                        100 * (Double) o.get("return_on_capital"),
                        (Double) o.get("fees"),
                        cur,
                        (Long) o.get("orders"),
                        (Long) o.get("fills"),
                        100 * (Double) o.get("worst_window_max_drawdown"))
                + (unused.isEmpty() ? "" : "; unused days (no full test window): " + unused);
    }
}
