package io.tickring.bench.latency;

import io.tickring.engine.config.ConfigException;
import io.tickring.engine.stage.model.ModelException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * {@code tickring bench latency}: the open-loop latency harness. Runs the real engine at a fixed
 * rate (or a sweep of rates), prints every series' percentiles, then measures its baselines in the
 * same JVM and prints each figure with its ratio to its baseline. See {@link LatencyOptions#HELP}.
 */
public final class LatencyHarness {
    private static final long BASELINE_WARMUP_NS = 1_000_000_000L;
    private static final int ONNX_WARMUP_CALLS = 200;
    private static final int ONNX_CALLS = 2_000;
    private static final int THROUGHPUT_ROUNDS = 3;

    private final LatencyOptions o;
    private final PrintStream text;
    private final List<Path> tempDirs = new ArrayList<>();

    private LatencyHarness(LatencyOptions o, PrintStream text) {
        this.o = o;
        this.text = text;
    }

    /**
     * Runs the command and exits: 0 done, 1 a failed final-state check or an internal failure, 2
     * bad usage.
     *
     * @param args the options after {@code latency}
     */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /**
     * Runs the command, writing figures to {@code stdout} (or, with {@code --json}, the text to
     * {@code stderr} and one JSON object to {@code stdout}); returns the exit code.
     *
     * @param args the options after {@code latency}
     * @param stdout where the figures go
     * @param stderr where errors go
     * @return 0 done, 1 a failed final-state check or an internal failure, 2 bad usage
     */
    public static int run(List<String> args, PrintStream stdout, PrintStream stderr) {
        boolean json = args.contains("--json");
        LatencyOptions o;
        try {
            o = LatencyOptions.parse(args);
        } catch (LatencyOptions.UsageError e) {
            return fail(
                    stdout,
                    stderr,
                    json,
                    e.getMessage() + " (see 'tickring bench latency --help')",
                    2);
        }
        if (o.help) {
            stdout.println(LatencyOptions.HELP);
            return 0;
        }
        LatencyHarness h = new LatencyHarness(o, json ? stderr : stdout);
        try {
            Map<String, Object> figures = h.execute();
            Object failure = figures.get("failure");
            if (failure != null) {
                // The figures stay, with the error and exit code every command's JSON carries.
                figures.put("error", "final state check failed: " + failure);
                figures.put("exit", 1);
            }
            if (json) {
                stdout.println(Json.of(figures));
            }
            if (failure != null) {
                return fail(null, stderr, false, "final state check failed: " + failure, 1);
            }
            return 0;
        } catch (ConfigException | ModelException | IllegalArgumentException e) {
            return fail(stdout, stderr, json, firstLine(e.getMessage()), 2);
        } catch (Exception | Error e) {
            if (System.getenv("TICKRING_DEBUG") != null) {
                e.printStackTrace(stderr);
            }
            return fail(stdout, stderr, json, "internal error: " + firstLine(String.valueOf(e)), 1);
        } finally {
            h.deleteTempDirs();
        }
    }

    private static int fail(
            PrintStream stdout, PrintStream stderr, boolean json, String message, int code) {
        stderr.println("bench latency: " + message);
        stderr.flush();
        if (json && stdout != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("command", "bench latency");
            m.put("error", message);
            m.put("exit", code);
            stdout.println(Json.of(m));
        }
        return code;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private Path tempDir(String prefix) throws IOException {
        Path d = Files.createTempDirectory(prefix);
        tempDirs.add(d);
        return d;
    }

    private void deleteTempDirs() {
        for (Path d : tempDirs) {
            try (Stream<Path> files = Files.walk(d)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                text.println("bench latency: could not delete " + d + ": " + e.getMessage());
            }
        }
        tempDirs.clear();
    }

    private Path outDir() throws IOException {
        Path dir = o.out;
        if (dir == null) {
            String stamp =
                    DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                            .withZone(ZoneOffset.UTC)
                            .format(Instant.now());
            dir =
                    Path.of(System.getProperty("tickring.home", "."))
                            .resolve("target")
                            .resolve("bench-latency")
                            .resolve(stamp);
        }
        Files.createDirectories(dir);
        return dir;
    }

    private Map<String, Object> execute() throws Exception {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("command", "bench latency");
        Path out = outDir();
        f.put("out", out.toAbsolutePath().toString());
        Map<String, Object> machine = Machine.describe();
        f.put("machine", machine);
        text.println(
                "tickring bench latency: open loop, latency from each tick's planned send time");
        text.println("machine: " + Machine.line(machine));
        text.println("HdrHistogram logs and summary.json: " + out.toAbsolutePath());
        if (o.sweepRates != null) {
            sweep(f, out);
        } else {
            single(f, out);
        }
        f.put("load_average_end", Machine.loadAverage());
        Files.writeString(out.resolve("summary.json"), Json.of(f) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    private long events(long rate, long ns) {
        return ns * rate / 1_000_000_000L;
    }

    private EngineLatencyRun.Outcome engineRun(long rate, Path logDir) throws Exception {
        Path journal = tempDir("tickring-latency-journal");
        try {
            return EngineLatencyRun.run(
                    o,
                    rate,
                    events(rate, o.warmupNs),
                    events(rate, o.durationNs),
                    logDir,
                    journal,
                    text);
        } finally {
            deleteTempDirs();
        }
    }

    private void sweep(Map<String, Object> f, Path out) throws Exception {
        text.printf(
                Locale.ROOT,
                "sweep: rates %s, %s each after %s warm-up; bound: tick_to_router p99 <= %.1f us%n",
                o.sweepRates,
                seconds(o.durationNs),
                seconds(o.warmupNs),
                o.p99BoundNs / 1000.0);
        List<Object> runs = new ArrayList<>();
        Long highest = null;
        for (long rate : o.sweepRates) {
            Path dir = out.resolve("rate-" + rate);
            Files.createDirectories(dir);
            EngineLatencyRun.Outcome r = engineRun(rate, dir);
            Histogram h = r.get("tick_to_router").total();
            long p99 = h.getValueAtPercentile(99);
            boolean held = r.failure == null && p99 <= o.p99BoundNs;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rate_per_s", rate);
            m.put("tick_to_router", Summary.of(h));
            m.put("tick_to_order", Summary.of(r.get("tick_to_order").total()));
            m.put("held", held);
            m.put("counts", r.counts);
            if (r.failure != null) {
                m.put("failure", r.failure);
            }
            runs.add(m);
            text.printf(
                    Locale.ROOT,
                    "  rate %9d/s  tick_to_router p50 %9.2f us  p99 %10.2f us  max %10.2f us  %s%n",
                    rate,
                    h.getValueAtPercentile(50) / 1000.0,
                    p99 / 1000.0,
                    h.getMaxValue() / 1000.0,
                    r.failure != null ? "CHECK FAILED: " + r.failure : held ? "held" : "missed");
            if (r.failure != null) {
                f.put("failure", "at " + rate + "/s: " + r.failure);
                break;
            }
            // Every rate runs: with idle strategies that park, a low rate can miss a bound that a
            // higher one holds (the threads sleep between ticks), so a miss does not end the sweep.
            if (held) {
                highest = rate;
            }
        }
        f.put("sweep", runs);
        f.put("p99_bound_us", o.p99BoundNs / 1000.0);
        f.put("highest_rate_holding_bound", highest);
        text.println(
                highest == null
                        ? "no rate held the bound"
                        : "highest rate holding p99 <= "
                                + o.p99BoundNs / 1000.0
                                + " us: "
                                + highest
                                + "/s");
    }

    private void single(Map<String, Object> f, Path out) throws Exception {
        text.printf(
                Locale.ROOT,
                "engine: %d ticks/s for %s after %s warm-up (not counted), model %s, journal on%n",
                o.rate,
                seconds(o.durationNs),
                seconds(o.warmupNs),
                o.model ? "on" : "off");
        EngineLatencyRun.Outcome r = engineRun(o.rate, out);
        text.println("layout: " + r.counts.get("layout"));
        text.println("model: " + r.counts.get("model"));
        text.println(Summary.header());
        Map<String, Object> series = new LinkedHashMap<>();
        for (LatencySeries s : r.series.values()) {
            if (s.total().getTotalCount() == 0 && s.name().equals("model_inference")) {
                continue;
            }
            text.println(Summary.line(s.name(), s.total()));
            series.put(s.name(), Summary.of(s.total()));
        }
        f.put("rate_per_s", o.rate);
        f.put("duration_s", o.durationNs / 1e9);
        f.put("warmup_s", o.warmupNs / 1e9);
        f.put("model", o.model ? "on" : "off");
        f.put("engine", series);
        f.put("counts", r.counts);
        text.println("counts: " + Json.of(r.counts));
        if (r.failure != null) {
            f.put("failure", r.failure);
            if (r.onnx != null) {
                r.onnx.close();
            }
            return;
        }
        if (!o.baselines) {
            if (r.onnx != null) {
                r.onnx.close();
            }
            return;
        }
        baselines(f, r, out);
    }

    private void baselines(Map<String, Object> f, EngineLatencyRun.Outcome r, Path out)
            throws Exception {
        Map<String, Object> base = new LinkedHashMap<>();
        Map<String, Object> ratios = new LinkedHashMap<>();
        Histogram router = r.get("tick_to_router").total();
        Histogram order = r.get("tick_to_order").total();
        Histogram append = r.get("journal_append").total();
        text.printf(
                Locale.ROOT,
                "baselines: %s each at %d/s after %s warm-up, same JVM%n",
                seconds(o.baselineDurationNs),
                o.rate,
                seconds(BASELINE_WARMUP_NS));

        // The same stages over ArrayBlockingQueues, open loop at the same rate.
        AbqChainRun.Outcome abq =
                AbqChainRun.run(
                        EngineLatencyRun.config(o),
                        o.model,
                        o.rate,
                        events(o.rate, BASELINE_WARMUP_NS),
                        events(o.rate, o.baselineDurationNs),
                        tempDir("tickring-latency-abq"),
                        out,
                        "abq.");
        deleteTempDirs();
        if (abq.failure != null) {
            f.put("failure", abq.failure);
        }
        Histogram abqRouter = abq.tickToRouter.total();
        base.put("abq_chain_tick_to_router", Summary.of(abqRouter));
        base.put("abq_chain_tick_to_order", Summary.of(abq.tickToOrder.total()));
        text.println(Summary.header());
        text.println(Summary.line("abq.tick_to_router", abqRouter));
        text.println(Summary.line("abq.tick_to_order", abq.tickToOrder.total()));

        // One bare Disruptor hop.
        String idle = o.idle == null ? "backoff" : o.idle;
        Histogram hop =
                BareBaselines.disruptorHop(
                        o.rate, BASELINE_WARMUP_NS, o.baselineDurationNs, idle, 1 << 16);
        base.put("disruptor_hop", Summary.of(hop));
        base.put("disruptor_hop_idle", idle);
        text.println(Summary.line("bare.disruptor_hop", hop));

        // A bare Chronicle append of the same records.
        var cfg = EngineLatencyRun.config(o);
        Histogram bareAppend =
                BareBaselines.chronicleAppend(
                        EngineLatencyRun.simulator(cfg, 100_000),
                        tempDir("tickring-latency-chronicle"),
                        cfg.journal().blockSizeBytes(),
                        o.rate,
                        BASELINE_WARMUP_NS,
                        o.baselineDurationNs);
        deleteTempDirs();
        base.put("chronicle_append", Summary.of(bareAppend));
        text.println(Summary.line("bare.chronicle_append", bareAppend));

        Histogram onnx = null;
        if (r.onnx != null) {
            try {
                onnx = BareBaselines.onnx(r.onnx, ONNX_WARMUP_CALLS, ONNX_CALLS);
            } finally {
                r.onnx.close();
            }
            base.put("onnx_call", Summary.of(onnx));
            text.println(Summary.line("bare.onnx_call", onnx));
        }

        // Throughput: each chain sent a fixed number of events as fast as it takes them, in
        // alternating rounds (ring, ABQ, ring, ABQ, ...) so that both see the same machine; the
        // medians are compared.
        Map<String, Object> thr = new LinkedHashMap<>();
        if (o.throughputEvents > 0) {
            double[] ringRates = new double[THROUGHPUT_ROUNDS];
            double[] abqRates = new double[THROUGHPUT_ROUNDS];
            for (int round = 0; round < THROUGHPUT_ROUNDS; round++) {
                EngineLatencyRun.Outcome ringThr =
                        EngineLatencyRun.run(
                                o, 0, 0, o.throughputEvents, null, tempDir("tickring-thr"), text);
                deleteTempDirs();
                AbqChainRun.Outcome abqThr =
                        AbqChainRun.run(
                                cfg,
                                o.model,
                                0,
                                0,
                                o.throughputEvents,
                                tempDir("tickring-thr-abq"),
                                null,
                                "abq-throughput.");
                deleteTempDirs();
                if (ringThr.failure != null) {
                    f.put("failure", "throughput run: " + ringThr.failure);
                } else if (abqThr.failure != null) {
                    f.put("failure", "throughput run: " + abqThr.failure);
                }
                ringRates[round] =
                        o.throughputEvents / ((long) ringThr.counts.get("elapsed_ns") / 1e9);
                abqRates[round] = o.throughputEvents / (abqThr.elapsedNs / 1e9);
                text.printf(
                        Locale.ROOT,
                        "throughput round %d (%d events each, as fast as taken): ring chain %.0f"
                                + " events/s, ABQ chain %.0f events/s%n",
                        round + 1,
                        o.throughputEvents,
                        ringRates[round],
                        abqRates[round]);
            }
            List<Object> ringList = new ArrayList<>();
            List<Object> abqList = new ArrayList<>();
            for (int i = 0; i < THROUGHPUT_ROUNDS; i++) {
                ringList.add(Math.round(ringRates[i]));
                abqList.add(Math.round(abqRates[i]));
            }
            java.util.Arrays.sort(ringRates);
            java.util.Arrays.sort(abqRates);
            double ringRate = ringRates[THROUGHPUT_ROUNDS / 2];
            double abqRate = abqRates[THROUGHPUT_ROUNDS / 2];
            thr.put("events", o.throughputEvents);
            thr.put("rounds", THROUGHPUT_ROUNDS);
            thr.put("ring_chain_events_per_s_rounds", ringList);
            thr.put("abq_chain_events_per_s_rounds", abqList);
            thr.put("ring_chain_events_per_s", Math.round(ringRate));
            thr.put("abq_chain_events_per_s", Math.round(abqRate));
            ratios.put("throughput_ring_over_abq", Summary.ratio(ringRate, abqRate));
            text.printf(
                    Locale.ROOT,
                    "throughput, median of %d rounds: ring chain %.0f events/s, ABQ chain %.0f"
                            + " events/s%n",
                    THROUGHPUT_ROUNDS,
                    ringRate,
                    abqRate);
        }
        f.put("baselines", base);
        f.put("throughput", thr);

        ratios.put(
                "abq_p99_over_ring_p99",
                Summary.ratio(abqRouter.getValueAtPercentile(99), router.getValueAtPercentile(99)));
        ratios.put(
                "abq_p50_over_ring_p50",
                Summary.ratio(abqRouter.getValueAtPercentile(50), router.getValueAtPercentile(50)));
        ratios.put(
                "tick_to_router_p50_over_disruptor_hop_p50",
                Summary.ratio(router.getValueAtPercentile(50), hop.getValueAtPercentile(50)));
        ratios.put(
                "tick_to_router_p99_over_disruptor_hop_p99",
                Summary.ratio(router.getValueAtPercentile(99), hop.getValueAtPercentile(99)));
        ratios.put(
                "journal_append_p50_over_bare_p50",
                Summary.ratio(
                        append.getValueAtPercentile(50), bareAppend.getValueAtPercentile(50)));
        ratios.put(
                "journal_append_p99_over_bare_p99",
                Summary.ratio(
                        append.getValueAtPercentile(99), bareAppend.getValueAtPercentile(99)));
        if (onnx != null) {
            ratios.put(
                    "tick_to_order_p50_over_onnx_p50",
                    Summary.ratio(order.getValueAtPercentile(50), onnx.getValueAtPercentile(50)));
            Histogram scored = r.get("tick_to_router_scored").total();
            ratios.put(
                    "tick_to_router_scored_p50_over_onnx_p50",
                    Summary.ratio(scored.getValueAtPercentile(50), onnx.getValueAtPercentile(50)));
        }
        f.put("ratios", ratios);
        text.println("ratios: " + Json.of(ratios));
        f.put("targets", targets(r, ratios, onnx != null));
    }

    /** Issue 13's targets on this machine, each with the measured figure and whether it is met. */
    private Map<String, Object> targets(
            EngineLatencyRun.Outcome r, Map<String, Object> ratios, boolean model) {
        Map<String, Object> t = new LinkedHashMap<>();
        Histogram order = r.get("tick_to_order").total();
        if (!model) {
            t.put("tick_to_order_p50_le_2us", met(order.getValueAtPercentile(50) / 1000.0, 2.0));
            t.put("tick_to_order_p99_le_20us", met(order.getValueAtPercentile(99) / 1000.0, 20.0));
        }
        t.put("ring_throughput_ge_3x_abq", atLeast(ratios.get("throughput_ring_over_abq"), 3.0));
        t.put("ring_p99_10x_lower_than_abq", atLeast(ratios.get("abq_p99_over_ring_p99"), 10.0));
        t.put(
                "journal_append_p99_le_1_5x_bare",
                met(ratios.get("journal_append_p99_over_bare_p99"), 1.5));
        if (model) {
            t.put(
                    "tick_to_order_p50_le_1_05x_onnx",
                    met(ratios.get("tick_to_order_p50_over_onnx_p50"), 1.05));
        }
        StringBuilder b = new StringBuilder("targets (issue 13):");
        for (Map.Entry<String, Object> e : t.entrySet()) {
            b.append("\n  ").append(e.getKey()).append(": ").append(e.getValue());
        }
        text.println(b);
        return t;
    }

    private static String met(Object value, double bound) {
        if (!(value instanceof Number n)) {
            return "not measured";
        }
        return String.format(
                Locale.ROOT,
                "%s (%.3f)",
                n.doubleValue() <= bound ? "met" : "NOT met",
                n.doubleValue());
    }

    private static String atLeast(Object value, double bound) {
        if (!(value instanceof Number n)) {
            return "not measured";
        }
        return String.format(
                Locale.ROOT,
                "%s (%.3f)",
                n.doubleValue() >= bound ? "met" : "NOT met",
                n.doubleValue());
    }

    private static String seconds(long ns) {
        return String.format(Locale.ROOT, "%.3gs", ns / 1e9);
    }
}
