package io.tickring.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The allocation gates: runs every benchmark of {@link #SUITE} that carries an {@link
 * AllocationBound}, in the configurations the bounds name, in one JMH invocation with the GC
 * profiler; compares each {@code gc.alloc.rate.norm} (the least of the measurement iterations: see
 * {@link #alloc}) with its bound; prints one line per gate; writes every figure to a JSON file; and
 * exits 1 naming each failing gate (0 when all pass, 2 on a usage error).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.tickring.bench.AllocationGates \
 *     [--include REGEX] [--out FILE] [--warmup N] [--iterations N] [--time MS] [--jvm-arg ARG]... [--quiet]
 * </pre>
 *
 * <p>{@code --include} keeps the gates whose {@code Class.method[param=value,...]} the regex finds
 * (their reference benchmarks run too). Defaults: one fork, 2 warm-up and 2 measurement iterations
 * (2 at least) of 1 s each, the JSON in {@code target/allocation-gates.json}. The forks get the JVM
 * flags of {@code config/jvm.properties}, {@code -Dtickring.home} and each {@code --jvm-arg}.
 */
public final class AllocationGates {
    /** The benchmark classes whose bounds are gated. */
    static final List<Class<?>> SUITE =
            List.of(
                    SequencerBenchmark.class,
                    RingHopBenchmark.class,
                    JournalAppendBenchmark.class,
                    CodecBenchmark.class,
                    FeaturesBenchmark.class,
                    QuoteBenchmark.class,
                    ModelBenchmark.class,
                    StrategyBenchmark.class,
                    RiskGateBenchmark.class,
                    RouterBenchmark.class,
                    PaperMatchingBenchmark.class,
                    PipelineBenchmark.class);

    private static final String PACKAGE = "io.tickring.bench.";

    private AllocationGates() {}

    /** One gate: a benchmark ({@code Class.method}) in one configuration and its bound. */
    record Gate(
            String benchmark,
            Map<String, String> params,
            double bytesPerOp,
            double iterationNoiseBytes,
            String reference,
            Map<String, String> referenceParams,
            String why) {
        /** {@code Class.method[name=value,...]}, what {@code --include} is matched against. */
        String label() {
            return benchmark + brackets(params);
        }
    }

    /** The outcome of one gate. */
    record Outcome(
            Gate gate,
            Map<String, String> params,
            double measured,
            double jmhMean,
            double referenceMeasured,
            double bound,
            double opsPerIteration,
            boolean pass,
            String problem) {}

    /** Every bound written on the benchmarks of {@code suite}, in suite and method order. */
    static List<Gate> gates(List<Class<?>> suite) {
        List<Gate> gates = new ArrayList<>();
        for (Class<?> c : suite) {
            List<Method> methods = new ArrayList<>(List.of(c.getDeclaredMethods()));
            methods.sort((a, b) -> a.getName().compareTo(b.getName()));
            for (Method m : methods) {
                AllocationBound[] bounds = m.getAnnotationsByType(AllocationBound.class);
                if (bounds.length > 0 && !m.isAnnotationPresent(Benchmark.class)) {
                    throw new IllegalStateException(
                            c.getSimpleName() + "." + m.getName() + " is not a @Benchmark");
                }
                for (AllocationBound b : bounds) {
                    String ref = b.reference();
                    Map<String, String> refParams = Map.of();
                    int bracket = ref.indexOf('[');
                    if (bracket >= 0) {
                        refParams = params(ref.substring(bracket + 1, ref.length() - 1));
                        ref = ref.substring(0, bracket);
                    }
                    gates.add(
                            new Gate(
                                    c.getSimpleName() + "." + m.getName(),
                                    params(b.params()),
                                    b.bytesPerOp(),
                                    b.iterationNoiseBytes(),
                                    ref,
                                    refParams,
                                    b.why()));
                }
            }
        }
        return gates;
    }

    private static Map<String, String> params(String spec) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String kv : spec.split(",")) {
            if (kv.isBlank()) {
                continue;
            }
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException("bad parameter '" + kv + "' in '" + spec + "'");
            }
            map.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return map;
    }

    /** {@code --include}'s pattern; its syntax error in one line (the JDK's spans three). */
    private static Pattern regex(String text) {
        try {
            return Pattern.compile(text);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "--include: not a regular expression '" + text + "': " + e.getDescription());
        }
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the gates; returns the exit code (0 pass, 1 a gate failed, 2 usage). */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Pattern include = null;
        Path json = Path.of("target", "allocation-gates.json");
        int warmup = 2;
        int iterations = 2;
        long timeMs = 1000;
        boolean quiet = false;
        List<String> jvmArgs = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--include" -> include = regex(value(args, ++i));
                    case "--out" -> json = Path.of(value(args, ++i));
                    case "--warmup" -> warmup = Integer.parseInt(value(args, ++i));
                    case "--iterations" -> iterations = Integer.parseInt(value(args, ++i));
                    case "--time" -> timeMs = Long.parseLong(value(args, ++i));
                    case "--jvm-arg" -> jvmArgs.add(value(args, ++i));
                    case "--quiet" -> quiet = true;
                    case "--help", "-h" -> {
                        out.println(
                                String.join(
                                        "\n",
                                        "Usage: tickring bench gates [--include REGEX] [--out FILE]"
                                                + " [--warmup N] [--iterations N] [--time MS]"
                                                + " [--jvm-arg ARG]... [--quiet]",
                                        "",
                                        "Runs each hot-path JMH benchmark with the GC profiler and"
                                                + " fails (exit 1, one line per gate) when its",
                                        "bytes per operation exceed the bound written next to it"
                                                + " (@AllocationBound). --include picks",
                                        "gates by label, --out is the JSON of every gate (default"
                                                + " target/allocation-gates.json).",
                                        "Exit codes: 0 every gate passed, 1 a gate failed, 2 bad"
                                                + " usage."));
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (warmup < 0 || iterations < 2 || timeMs < 1) {
                // Two iterations at least: the last one also carries the trial tear-down.
                throw new IllegalArgumentException(
                        "--warmup must be >= 0, --iterations >= 2, --time >= 1");
            }
        } catch (IllegalArgumentException e) {
            err.println("allocation gates: " + e.getMessage());
            return 2;
        }

        List<Gate> gates = new ArrayList<>();
        for (Gate g : gates(SUITE)) {
            if (include == null || include.matcher(g.label()).find()) {
                gates.add(g);
            }
        }
        if (gates.isEmpty()) {
            err.println("allocation gates: no gate matches --include " + include);
            return 2;
        }
        // What to run: each gated benchmark and each reference, in the configurations named.
        Set<String> benchmarks = new LinkedHashSet<>();
        Map<String, Set<String>> paramValues = new LinkedHashMap<>();
        for (Gate g : gates) {
            benchmarks.add(g.benchmark());
            g.params()
                    .forEach((k, v) -> paramValues.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
            if (!g.reference().isEmpty()) {
                benchmarks.add(g.reference());
                g.referenceParams()
                        .forEach(
                                (k, v) ->
                                        paramValues
                                                .computeIfAbsent(k, x -> new TreeSet<>())
                                                .add(v));
            }
        }
        List<String> forkArgs = new ArrayList<>(BenchMain.jvmFlags());
        String home =
                Path.of(System.getProperty("tickring.home", "."))
                        .toAbsolutePath()
                        .normalize()
                        .toString();
        forkArgs.add("-Dtickring.home=" + home);
        forkArgs.addAll(jvmArgs);

        ChainedOptionsBuilder options =
                new OptionsBuilder()
                        .forks(1)
                        .warmupIterations(warmup)
                        .warmupTime(TimeValue.milliseconds(timeMs))
                        .measurementIterations(iterations)
                        .measurementTime(TimeValue.milliseconds(timeMs))
                        .mode(Mode.AverageTime)
                        .timeUnit(TimeUnit.NANOSECONDS)
                        .addProfiler(GCProfiler.class)
                        .shouldFailOnError(false)
                        .verbosity(quiet ? VerboseMode.SILENT : VerboseMode.NORMAL)
                        .jvmArgsAppend(forkArgs.toArray(new String[0]));
        for (String b : benchmarks) {
            options.include("^" + Pattern.quote(PACKAGE + b) + "$");
        }
        paramValues.forEach((k, v) -> options.param(k, v.toArray(new String[0])));
        long started = System.nanoTime();
        Collection<RunResult> results = new Runner(options.build()).run();
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        List<Outcome> outcomes = judge(gates, results);
        out.println(
                String.format(
                        Locale.ROOT,
                        "%-4s %-45s %-42s %9s  %s",
                        "gate",
                        "benchmark",
                        "config",
                        "B/op",
                        "bound"));
        List<String> failing = new ArrayList<>();
        for (Outcome o : outcomes) {
            out.println(line(o));
            if (!o.pass()) {
                failing.add(
                        o.gate().benchmark()
                                + brackets(o.params())
                                + (o.problem() != null
                                        ? " (" + o.problem() + ")"
                                        : String.format(
                                                Locale.ROOT,
                                                " (%.3f B/op > %.3f)",
                                                o.measured(),
                                                o.bound())));
            }
        }
        write(json, outcomes, seconds, warmup, iterations, timeMs, forkArgs);
        out.println(
                "allocation gates: " + outcomes.size() + " gates in " + seconds + " s; " + json);
        if (!failing.isEmpty()) {
            err.println("allocation gates FAILED: " + String.join(", ", failing));
            return 1;
        }
        out.println("allocation gates passed");
        return 0;
    }

    static String brackets(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("[");
        params.forEach(
                (k, v) -> b.append(b.length() > 1 ? "," : "").append(k).append('=').append(v));
        return b.append(']').toString();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** Matches results to gates: one outcome per gate and matching configuration. */
    static List<Outcome> judge(List<Gate> gates, Collection<RunResult> results) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Gate g : gates) {
            double ref = 0;
            String refProblem = null;
            if (!g.reference().isEmpty()) {
                List<RunResult> refs = matching(results, g.reference(), g.referenceParams());
                double r = refs.isEmpty() ? Double.NaN : alloc(refs.get(0));
                if (Double.isNaN(r)) {
                    refProblem = "reference " + g.reference() + " not measured";
                } else {
                    ref = r;
                }
            }
            List<RunResult> mine = matching(results, g.benchmark(), g.params());
            if (mine.isEmpty()) {
                outcomes.add(
                        new Outcome(
                                g,
                                g.params(),
                                Double.NaN,
                                Double.NaN,
                                ref,
                                Double.NaN,
                                Double.NaN,
                                false,
                                "not measured"));
                continue;
            }
            for (RunResult r : mine) {
                Map<String, String> params = new LinkedHashMap<>();
                for (String k : r.getParams().getParamsKeys()) {
                    params.put(k, r.getParams().getParam(k));
                }
                // The iteration judged is the one furthest below its bound (see alloc).
                double measured = Double.NaN;
                double bound = Double.NaN;
                double ops = Double.NaN;
                for (double[] it : iterations(r)) {
                    double b = ref + g.bytesPerOp() + g.iterationNoiseBytes() / it[1];
                    if (Double.isNaN(measured) || it[0] - b < measured - bound) {
                        measured = it[0];
                        bound = b;
                        ops = it[1];
                    }
                }
                String problem = refProblem;
                if (problem == null && Double.isNaN(measured)) {
                    problem = "no gc.alloc.rate.norm";
                } else if (problem == null
                        && g.reference().isEmpty()
                        && g.iterationNoiseBytes() / ops >= 16) {
                    // A gate on allocation-free code must be able to see one object per operation.
                    problem =
                            String.format(
                                    Locale.ROOT,
                                    "%.0f operations an iteration are too few to tell one object"
                                            + " per operation from the noise allowance",
                                    ops);
                }
                boolean pass = problem == null && measured <= bound;
                outcomes.add(
                        new Outcome(g, params, measured, mean(r), ref, bound, ops, pass, problem));
            }
        }
        return outcomes;
    }

    private static List<RunResult> matching(
            Collection<RunResult> results, String benchmark, Map<String, String> params) {
        List<RunResult> found = new ArrayList<>();
        for (RunResult r : results) {
            if (!r.getParams().getBenchmark().equals(PACKAGE + benchmark)) {
                continue;
            }
            boolean all = true;
            for (Map.Entry<String, String> p : params.entrySet()) {
                all &= p.getValue().equals(r.getParams().getParam(p.getKey()));
            }
            if (all) {
                found.add(r);
            }
        }
        return found;
    }

    /**
     * The least {@code gc.alloc.rate.norm} of the measurement iterations; gates judge the iteration
     * furthest below its bound in the same way. Not JMH's mean: a benchmark's trial tear-down
     * (closing Chronicle queues, writing their end markers, deleting the files) runs inside its
     * last iteration, and its allocations, on every thread, are charged to that iteration's
     * operations. What the code under test allocates per operation shows in every iteration, so the
     * least still carries it.
     */
    static double alloc(RunResult r) {
        double least = Double.NaN;
        for (double[] it : iterations(r)) {
            least = Double.isNaN(least) ? it[0] : Math.min(least, it[0]);
        }
        return least;
    }

    /**
     * Per measurement iteration: {@code gc.alloc.rate.norm} and the operations it was divided by
     * (the iteration's time over its time per operation).
     */
    static List<double[]> iterations(RunResult r) {
        List<double[]> list = new ArrayList<>();
        for (BenchmarkResult b : r.getBenchmarkResults()) {
            for (IterationResult it : b.getIterationResults()) {
                double nsPerOp = it.getPrimaryResult().getScore();
                double ns = it.getParams().getTime().convertTo(TimeUnit.NANOSECONDS);
                for (String key : it.getSecondaryResults().keySet()) {
                    if (key.endsWith("gc.alloc.rate.norm")) {
                        list.add(
                                new double[] {
                                    it.getSecondaryResults().get(key).getScore(),
                                    Math.max(1, ns / nsPerOp)
                                });
                    }
                }
            }
        }
        return list;
    }

    /** JMH's own figure: the mean {@code gc.alloc.rate.norm} over the measurement iterations. */
    static double mean(RunResult r) {
        // JMH hands out a raw Map<String, Result>: read it by key rather than declare a raw type.
        for (String key : r.getSecondaryResults().keySet()) {
            if (key.endsWith("gc.alloc.rate.norm")) {
                return r.getSecondaryResults().get(key).getScore();
            }
        }
        return Double.NaN;
    }

    private static String line(Outcome o) {
        String brackets = brackets(o.params());
        String config = brackets.isEmpty() ? "-" : brackets.substring(1, brackets.length() - 1);
        // The bound and what it is made of: [reference +] B/op + per-iteration bytes / operations.
        String bound =
                Double.isNaN(o.bound())
                        ? "-"
                        : String.format(Locale.ROOT, "%.3f", o.bound())
                                + String.format(
                                        Locale.ROOT,
                                        " = %s%.1f + %.0f B / %.0f ops",
                                        o.gate().reference().isEmpty()
                                                ? ""
                                                : String.format(
                                                        Locale.ROOT,
                                                        "%s %.3f + ",
                                                        o.gate().reference(),
                                                        o.referenceMeasured()),
                                        o.gate().bytesPerOp(),
                                        o.gate().iterationNoiseBytes(),
                                        o.opsPerIteration());
        return String.format(
                Locale.ROOT,
                "%-4s %-45s %-42s %9s  %s%s",
                o.pass() ? "PASS" : "FAIL",
                o.gate().benchmark(),
                config,
                Double.isNaN(o.measured()) ? "-" : String.format(Locale.ROOT, "%.3f", o.measured()),
                bound,
                o.problem() == null ? "" : "  " + o.problem());
    }

    private static void write(
            Path file,
            List<Outcome> outcomes,
            long seconds,
            int warmup,
            int iterations,
            long timeMs,
            List<String> forkArgs)
            throws IOException {
        StringBuilder sb = new StringBuilder("{\"command\":\"allocation-gates\"");
        sb.append(",\"java\":").append(quote(System.getProperty("java.version")));
        sb.append(",\"warmup_iterations\":").append(warmup);
        sb.append(",\"iterations\":").append(iterations);
        sb.append(",\"iteration_ms\":").append(timeMs);
        sb.append(",\"seconds\":").append(seconds);
        sb.append(",\"fork_args\":[");
        for (int i = 0; i < forkArgs.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(quote(forkArgs.get(i)));
        }
        sb.append("],\"pass\":").append(outcomes.stream().allMatch(Outcome::pass));
        sb.append(",\"gates\":[");
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            sb.append(i == 0 ? "" : ",")
                    .append("{\"benchmark\":")
                    .append(quote(o.gate().benchmark()));
            sb.append(",\"params\":{");
            int n = 0;
            for (Map.Entry<String, String> p : o.params().entrySet()) {
                sb.append(n++ == 0 ? "" : ",")
                        .append(quote(p.getKey()))
                        .append(':')
                        .append(quote(p.getValue()));
            }
            sb.append("},\"alloc_bytes_per_op\":").append(number(o.measured()));
            sb.append(",\"jmh_mean_alloc_bytes_per_op\":").append(number(o.jmhMean()));
            sb.append(",\"bound_bytes_per_op\":").append(number(o.bound()));
            sb.append(",\"ops_per_iteration\":").append(number(o.opsPerIteration()));
            sb.append(",\"iteration_noise_bytes\":").append(number(o.gate().iterationNoiseBytes()));
            sb.append(",\"epsilon_bytes_per_op\":").append(number(o.gate().bytesPerOp()));
            if (!o.gate().reference().isEmpty()) {
                sb.append(",\"reference\":").append(quote(o.gate().reference()));
                sb.append(",\"reference_bytes_per_op\":").append(number(o.referenceMeasured()));
            }
            sb.append(",\"pass\":").append(o.pass());
            if (o.problem() != null) {
                sb.append(",\"problem\":").append(quote(o.problem()));
            }
            sb.append(",\"why\":").append(quote(o.gate().why())).append('}');
        }
        sb.append("]}\n");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    private static String number(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "null";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
