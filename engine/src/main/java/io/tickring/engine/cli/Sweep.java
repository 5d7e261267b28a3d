package io.tickring.engine.cli;

import io.tickring.core.SessionRecord;
import io.tickring.engine.config.ConfigLoader;
import io.tickring.engine.config.ConfigOverride;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.Mode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code backtest --sweep KEY=V1,V2,...}: every combination of the swept configuration values
 * backtested over the same journals, each variant in its own child JVM ({@link SweepChildren}), and
 * a comparison table with the best variant by the objective marked.
 *
 * <p>Variants are numbered from 1 in nested-loop order: the first {@code --sweep} varies slowest.
 * Each variant's configuration is the base configuration (chosen as a single backtest chooses it)
 * with the variant's values applied as overrides; all of them are loaded and checked before any
 * child starts, so an unknown key or a refused value is one line and exit 2. Layout: {@code
 * DIR/variants/<n>-<key=value,...>/} holds the variant's config.json, its report (summary.json,
 * report.json, report.html, journal/) and the child's backtest.out and backtest.err; {@code
 * DIR/sweep.json} and {@code DIR/sweep.md} hold the table. The table holds no timings, so the same
 * sweep writes the same table.
 */
final class Sweep {
    /** One swept key and its values, as typed. */
    record Axis(String key, List<String> values) {}

    /** One combination of values: its number (from 1), directory name and values by key. */
    record Variant(int number, String name, Map<String, String> params) {
        List<ConfigOverride> overrides() {
            List<ConfigOverride> list = new ArrayList<>();
            for (Map.Entry<String, String> e : params.entrySet()) {
                list.add(new ConfigOverride(e.getKey(), e.getValue(), "--sweep"));
            }
            return list;
        }

        /** {@code key=value,key=value}. */
        String label() {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(e.getKey()).append('=').append(e.getValue());
            }
            return sb.toString();
        }
    }

    /** A variant's outcome: its configuration's digest and what its child left. */
    record Row(Variant variant, String dir, String configDigest, SweepChildren.Result result) {}

    private Sweep() {}

    /** The entry point from {@link BacktestCommand}: a sweep, or a walk-forward. */
    static int run(BacktestCommand cmd, SweepOptions opts, List<Path> journals) throws Exception {
        if (opts.sweep.isEmpty()) {
            throw new UsageException(
                    "--train-days/--test-days: a walk-forward needs --sweep KEY=V1,V2,... to choose"
                            + " from");
        }
        if (cmd.report == null) {
            throw new UsageException(
                    "--sweep: needs --report DIR (each variant's report goes to DIR/variants/)");
        }
        if (cmd.outJournal != null) {
            throw new UsageException(
                    "--out: not with --sweep (each variant's journal is in its report directory)");
        }
        requireEmpty(cmd.report);
        SweepObjective objective = SweepObjective.parse(opts.objective);
        int jobs = opts.jobs == null ? Runtime.getRuntime().availableProcessors() : opts.jobs;
        if (jobs < 1) {
            throw new UsageException("--jobs: must be at least 1, got " + jobs);
        }
        if (!opts.variantHeap.matches("[1-9][0-9]*[kKmMgG]?")) {
            throw new UsageException(
                    "--variant-heap: not a heap size (e.g. 512m, 2g): \""
                            + opts.variantHeap
                            + "\"");
        }
        if (cmd.capital != null && (!(cmd.capital > 0) || Double.isInfinite(cmd.capital))) {
            throw new UsageException("--capital: must be a positive amount, got " + cmd.capital);
        }
        if (cmd.labelHorizon < 1) {
            throw new UsageException(
                    "--label-horizon: must be at least 1, got " + cmd.labelHorizon);
        }
        List<Axis> axes = axes(opts.sweep);
        if (opts.walkForward()) {
            if (opts.trainDays == null || opts.testDays == null) {
                throw new UsageException("--train-days and --test-days: a walk-forward needs both");
            }
            WalkForward.windows(journals, opts.trainDays, opts.testDays); // refuses too few days
        }
        List<Variant> variants = variants(axes);
        String recorded = null;
        for (int i = 0; i < journals.size(); i++) {
            // refuses a missing or damaged journal before anything runs
            SessionRecord s = JournalSession.read(journals.get(i));
            if (i == 0) {
                recorded = s.configJson();
            }
        }
        Base base = Base.of(cmd, journals.get(0), recorded);
        if (cmd.capital == null) {
            // As a single backtest decides it, from the instruments the journals name (each
            // journal is verified here once more; the children verify their own again).
            List<io.tickring.journal.JournalInspector.Stats> stats = new ArrayList<>();
            for (Path j : journals) {
                stats.add(io.tickring.journal.JournalInspector.verify(j, cmd.partial));
            }
            cmd.capital =
                    BacktestCommand.defaultCapital(
                            journals, stats, base.load(List.of()).instruments());
        }
        // every variant's configuration, checked before any child starts or any file is written
        Map<Variant, EngineConfig> configs = new LinkedHashMap<>();
        try {
            for (Variant v : variants) {
                configs.put(v, base.load(v.overrides()));
            }
        } finally {
            base.close();
        }
        Files.createDirectories(cmd.report);
        SweepChildren children =
                new SweepChildren(jobs, opts.variantHeap, cmd.json.json ? err(cmd) : out(cmd));
        if (opts.walkForward()) {
            return WalkForward.run(cmd, opts, objective, journals, base, axes, configs, children);
        }
        PrintWriter text = cmd.json.json ? err(cmd) : out(cmd);
        text.println(
                "sweep: "
                        + variants.size()
                        + " variants of "
                        + base.source
                        + " over "
                        + journals.size()
                        + " journal(s), "
                        + Math.min(jobs, variants.size())
                        + " at a time, -Xmx"
                        + opts.variantHeap
                        + " each");
        text.flush();
        long t0 = System.nanoTime();
        List<Row> rows = runVariants(cmd, children, cmd.report, journals, configs);
        Map<String, Object> table =
                table(objective, journals, base.source, axes, rows, cmd.capital);
        write(cmd.report, table, objective, axes, rows);
        text.print(text(objective, axes, rows, best(objective, rows)));
        text.println("table: " + cmd.report.resolve("sweep.md") + " and sweep.json");
        text.flush();
        if (cmd.json.json) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("command", "backtest");
            line.put("mode", "sweep");
            line.put("report", cmd.report.toString());
            line.putAll(table);
            line.put("elapsed_ms", (System.nanoTime() - t0) / 1_000_000);
            out(cmd).println(EngineCommand.jsonOf(line));
            out(cmd).flush();
        }
        return exitCode(rows, err(cmd));
    }

    /** 0 when any variant succeeded; else the first variant's exit code, said on stderr. */
    static int exitCode(List<Row> rows, PrintWriter err) {
        for (Row r : rows) {
            if (r.result().ok()) {
                return Main.OK;
            }
        }
        err.println("backtest: every variant failed (see the table's errors)");
        err.flush();
        return rows.isEmpty() ? Main.FAILED : rows.get(0).result().exit();
    }

    /** Runs each variant's child into {@code dir}/variants/; rows in variant order. */
    static List<Row> runVariants(
            BacktestCommand cmd,
            SweepChildren children,
            Path dir,
            List<Path> journals,
            Map<Variant, EngineConfig> configs)
            throws IOException, InterruptedException {
        List<SweepChildren.Job> jobs = new ArrayList<>();
        List<Variant> order = new ArrayList<>(configs.keySet());
        for (Variant v : order) {
            Path vdir = dir.resolve("variants").resolve(v.name());
            jobs.add(job(cmd, v.label(), vdir, journals, configs.get(v)));
        }
        List<SweepChildren.Result> results = children.runAll(jobs);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Variant v = order.get(i);
            rows.add(new Row(v, "variants/" + v.name(), configs.get(v).digest(), results.get(i)));
        }
        return rows;
    }

    /**
     * A child backtest of {@code journals} with {@code cfg} written to {@code dir}/config.json,
     * reporting into {@code dir}.
     */
    static SweepChildren.Job job(
            BacktestCommand cmd, String label, Path dir, List<Path> journals, EngineConfig cfg)
            throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("config.json");
        Files.writeString(config, cfg.toJson() + "\n", StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>();
        for (Path j : journals) {
            args.add("--journal");
            args.add(j.toAbsolutePath().toString());
        }
        args.add("--config");
        args.add(config.toAbsolutePath().toString());
        args.add("--report");
        args.add(dir.toAbsolutePath().toString());
        args.add("--capital");
        args.add(Double.toString(cmd.capital));
        args.add("--label-horizon");
        args.add(Integer.toString(cmd.labelHorizon));
        args.add("--label-alpha");
        args.add(Double.toString(cmd.labelAlpha));
        if (cmd.partial) {
            args.add("--partial");
        }
        args.add("--json");
        return new SweepChildren.Job(label, dir, args);
    }

    /**
     * Parses the {@code --sweep} values; a key given twice or a value list with a gap is refused.
     */
    static List<Axis> axes(List<String> specs) {
        List<Axis> axes = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new UsageException(
                        "--sweep: expected KEY=V1,V2,... (e.g. strategy.threshold=0.2,0.3), got \""
                                + spec
                                + "\"");
            }
            String key = spec.substring(0, eq).trim();
            if (!keys.add(key)) {
                throw new UsageException("--sweep: " + key + ": given twice");
            }
            List<String> values = splitValues(spec.substring(eq + 1));
            Set<String> seen = new LinkedHashSet<>();
            for (String v : values) {
                if (v.isEmpty()) {
                    throw new UsageException(
                            "--sweep: " + key + ": empty value in \"" + spec + "\"");
                }
                if (!seen.add(v)) {
                    throw new UsageException("--sweep: " + key + ": value " + v + " given twice");
                }
            }
            axes.add(new Axis(key, List.copyOf(values)));
        }
        return axes;
    }

    /** Splits on commas outside brackets, so a flow list ({@code [SIMA, SIMB]}) is one value. */
    private static List<String> splitValues(String text) {
        List<String> values = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                values.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        values.add(cur.toString().trim());
        return values;
    }

    /** Every combination, the first axis varying slowest, numbered from 1. */
    static List<Variant> variants(List<Axis> axes) {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Axis a : axes) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String v : a.values()) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(a.key(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        int width = Integer.toString(combos.size()).length();
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < combos.size(); i++) {
            Map<String, String> params = java.util.Collections.unmodifiableMap(combos.get(i));
            String number = String.format(Locale.ROOT, "%0" + width + "d", i + 1);
            Variant probe = new Variant(i + 1, "", params);
            String safe = probe.label().replaceAll("[^A-Za-z0-9._=,+-]", "_");
            if (safe.length() > 120) {
                safe = safe.substring(0, 120);
            }
            variants.add(new Variant(i + 1, number + "-" + safe, params));
        }
        return variants;
    }

    /** The index of the best successful row by the objective (ties: the lower number), or -1. */
    static int best(SweepObjective objective, List<Row> rows) {
        int best = -1;
        double bestValue = Double.NaN;
        for (int i = 0; i < rows.size(); i++) {
            SweepChildren.Result r = rows.get(i).result();
            if (!r.ok()) {
                continue;
            }
            double v = objective.valueOf(r.metrics());
            if (best < 0 || objective.better(v, bestValue)) {
                best = i;
                bestValue = v;
            }
        }
        return best;
    }

    /** The sweep's table as sweep.json holds it. */
    static Map<String, Object> table(
            SweepObjective objective,
            List<Path> journals,
            String baseSource,
            List<Axis> axes,
            List<Row> rows,
            double capital) {
        Map<String, Object> t = new LinkedHashMap<>();
        List<String> js = new ArrayList<>();
        for (Path j : journals) {
            js.add(j.toString());
        }
        t.put("journals", js);
        t.put("base_config", baseSource);
        t.put("capital", capital);
        t.put("objective", objective.metric);
        List<String> keys = new ArrayList<>();
        for (Axis a : axes) {
            keys.add(a.key());
        }
        t.put("keys", keys);
        int best = best(objective, rows);
        t.put("best", best < 0 ? null : rows.get(best).variant().number());
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            list.add(rowJson(objective, rows.get(i), i == best));
        }
        t.put("variants", list);
        return t;
    }

    static Map<String, Object> rowJson(SweepObjective objective, Row row, boolean best) {
        SweepChildren.Result r = row.result();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("variant", row.variant().number());
        m.put("best", best);
        m.put("params", row.variant().params());
        m.put("dir", row.dir());
        m.put("config_digest", row.configDigest());
        m.put("exit", r.exit());
        m.put("error", r.error());
        m.put(objective.metric, r.ok() ? objective.valueOf(r.metrics()) : null);
        m.put("orders", r.summary().get("orders"));
        m.put("fills", r.summary().get("fills"));
        m.put("rejects", r.summary().get("rejects"));
        m.put("digest", r.summary().get("digest"));
        m.put("metrics", r.metrics());
        return m;
    }

    static void write(
            Path dir,
            Map<String, Object> table,
            SweepObjective objective,
            List<Axis> axes,
            List<Row> rows)
            throws IOException {
        Files.writeString(
                dir.resolve("sweep.json"),
                EngineCommand.jsonOf(table) + "\n",
                StandardCharsets.UTF_8);
        StringBuilder md = new StringBuilder();
        md.append("# Sweep\n\n");
        md.append("Journals: ").append(table.get("journals")).append("  \n");
        md.append("Base configuration: ").append(table.get("base_config")).append("  \n");
        md.append("Objective: ")
                .append(objective.metric)
                .append(objective.higherIsBetter ? " (highest wins)" : " (lowest wins)")
                .append("; the best variant is marked *.\n\n");
        md.append(
                SweepTable.markdown(objective, headers(axes), cells(rows), best(objective, rows)));
        Files.writeString(dir.resolve("sweep.md"), md.toString(), StandardCharsets.UTF_8);
    }

    static String text(SweepObjective objective, List<Axis> axes, List<Row> rows, int best) {
        return SweepTable.text(objective, headers(axes), cells(rows), best);
    }

    private static List<String> headers(List<Axis> axes) {
        List<String> h = new ArrayList<>();
        h.add("#");
        for (Axis a : axes) {
            h.add(a.key());
        }
        return h;
    }

    private static List<SweepTable.Line> cells(List<Row> rows) {
        List<SweepTable.Line> lines = new ArrayList<>();
        for (Row r : rows) {
            List<String> lead = new ArrayList<>();
            lead.add(Integer.toString(r.variant().number()));
            lead.addAll(r.variant().params().values());
            lines.add(new SweepTable.Line(lead, r.result()));
        }
        return lines;
    }

    /** Refuses a report directory that exists and is not empty: the children need new ones. */
    static void requireEmpty(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new UsageException(
                            "--report: "
                                    + dir
                                    + " is not empty (a sweep writes into a new or empty directory)");
                }
            }
        } else if (Files.exists(dir)) {
            throw new UsageException("--report: " + dir + " is not a directory");
        }
    }

    static PrintWriter out(BacktestCommand cmd) {
        return cmd.spec.commandLine().getOut();
    }

    static PrintWriter err(BacktestCommand cmd) {
        return cmd.spec.commandLine().getErr();
    }

    /**
     * The base configuration, picked as a single backtest picks it: {@code --config}, else the
     * first journal's recorded one (unless {@code --model} or {@code --instruments} is given), else
     * the embedded default; {@code --model} and {@code --instruments} apply as overrides.
     */
    static final class Base implements AutoCloseable {
        final String source;
        private final Path file;
        private final boolean temporary;
        private final List<ConfigOverride> flags;

        private Base(String source, Path file, boolean temporary, List<ConfigOverride> flags) {
            this.source = source;
            this.file = file;
            this.temporary = temporary;
            this.flags = flags;
        }

        static Base of(BacktestCommand cmd, Path firstJournal, String recordedJson)
                throws IOException {
            List<ConfigOverride> flags = new ArrayList<>();
            if (cmd.model != null) {
                flags.add(new ConfigOverride("model.path", cmd.model.toString(), "--model"));
            }
            if (cmd.instruments != null) {
                flags.add(
                        new ConfigOverride(
                                "user_instruments", cmd.instruments.toString(), "--instruments"));
            }
            if (cmd.config != null) {
                return new Base(cmd.config.toString(), cmd.config, false, flags);
            }
            if (recordedJson != null && flags.isEmpty()) {
                // JSON is YAML: written to a file, the recorded configuration loads like one and
                // takes the variants' overrides (each variant's config.json is the result)
                Path f = Files.createTempFile("tickring-sweep-base", ".json");
                Files.writeString(f, recordedJson + "\n", StandardCharsets.UTF_8);
                return new Base(firstJournal + " (recorded)", f, true, flags);
            }
            return new Base("embedded default", null, false, flags);
        }

        /** The base with {@code overrides} applied after --model and --instruments, in sim mode. */
        EngineConfig load(List<ConfigOverride> overrides) {
            List<ConfigOverride> all = new ArrayList<>(flags);
            all.addAll(overrides);
            EngineConfig cfg =
                    file == null
                            ? ConfigLoader.loadDefault(System.getenv(), all)
                            : ConfigLoader.load(file, System.getenv(), all);
            return cfg.withMode(Mode.SIM);
        }

        /** Deletes the temporary file of a recorded configuration. */
        @Override
        public void close() throws IOException {
            if (temporary) {
                Files.deleteIfExists(file);
            }
        }
    }
}
