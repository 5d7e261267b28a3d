package io.tickring.bench;

import io.tickring.bench.latency.LatencyHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Entry point of {@code benchmarks.jar} and of {@code tickring bench}: runs the open-loop latency
 * harness for {@code latency} ({@link LatencyHarness}), picks the JMH benchmarks for {@code
 * throughput}, or passes JMH's own arguments through after {@code jmh}, and always hands the forks
 * the JVM flags of {@code config/jvm.properties}, which forks do not inherit. With {@code --json}
 * the last line of stdout is one JSON object with every score. {@code --help} after any set prints
 * its help; a bad option exits 2 with one line.
 */
public final class BenchMain {
    static final String HELP =
            String.join(
                    "\n",
                    "Usage: tickring bench latency|throughput|gates|jmh [OPTIONS] [--json] [--help]",
                    "",
                    "  latency      open-loop tick-to-order latency of the real engine at a fixed rate, with",
                    "               its baselines in the same run ('tickring bench latency --help')",
                    "  throughput   the JMH benchmarks (.*Benchmark.*) with the GC profiler; any JMH options",
                    "               after it, e.g. -f 1 -wi 2 -i 3",
                    "  throughput --journal DIR [--config FILE] [--rounds N]",
                    "               the whole chain's replay rate of a journal beside the raw Chronicle read",
                    "               rate of it (runs in the engine's jar)",
                    "  gates        the JMH allocation gates CI runs: every hot-path benchmark's bytes per",
                    "               operation against its @AllocationBound; exit 1 names a failing gate",
                    "               ('tickring bench gates --help')",
                    "  jmh          JMH itself, with every argument passed through ('bench jmh -h': JMH's help)",
                    "",
                    "The JMH forks get the JVM flags of config/jvm.properties. With --json the last line of",
                    "stdout is one JSON object with the figures. Exit codes: 0 done, 1 failure, 2 bad usage.");

    static final String THROUGHPUT_HELP =
            String.join(
                    "\n",
                    "Usage: tickring bench throughput [JMH OPTIONS] [--json]",
                    "",
                    "Runs every JMH benchmark of the bench module (.*Benchmark.*) with the GC profiler",
                    "(-prof gc: gc.alloc.rate.norm is the bytes allocated per operation). JMH options",
                    "after it are passed through, e.g. -f 1 -wi 2 -i 3 -w 1 -r 1, or a benchmark regex.",
                    "'tickring bench jmh -h' lists JMH's options. With --json the last line of stdout is",
                    "one JSON object with each benchmark's score and allocation per operation.",
                    "",
                    "  tickring bench throughput --journal DIR [--config FILE] [--rounds N] [--json]",
                    "      the whole chain's replay rate of a journal beside the raw Chronicle read rate",
                    "      of it, in the same run (microprice rule unless --config).");

    private BenchMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one bench command line; returns the exit code. */
    static int run(String[] args) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        if (a.isEmpty() || a.get(0).equals("--help") || a.get(0).equals("-h")) {
            System.out.println(HELP);
            return a.isEmpty() ? 2 : 0;
        }
        String what = a.remove(0);
        if (what.equals("latency")) {
            return LatencyHarness.run(a, System.out, System.err);
        }
        if (what.equals("gates")) {
            try {
                return AllocationGates.run(a.toArray(new String[0]), System.out, System.err);
            } catch (Exception e) {
                System.err.println("bench gates: " + e);
                return 1;
            }
        }
        boolean json = a.remove("--json");
        boolean help = a.contains("--help") || a.contains("-h");
        List<String> jmh = new ArrayList<>();
        switch (what) {
            case "throughput":
                if (help) {
                    System.out.println(THROUGHPUT_HELP);
                    return 0;
                }
                jmh.addAll(List.of(".*Benchmark.*", "-prof", "gc"));
                break;
            case "jmh":
                if (help) {
                    // JMH's own help, which it prints for -h.
                    a.removeIf(x -> x.equals("--help"));
                    if (!a.contains("-h")) {
                        a.add("-h");
                    }
                }
                break;
            default:
                System.err.println(
                        "bench: unknown benchmark set '"
                                + what
                                + "' (latency, throughput, gates, jmh; see 'tickring bench --help')");
                return 2;
        }
        jmh.addAll(a);
        try {
            String flags = String.join(" ", jvmFlags());
            if (!flags.isEmpty()) {
                // One -jvmArgsAppend only: a user's own is merged with the project's flags (two of
                // them would reach the fork as one malformed argument).
                int own = jmh.indexOf("-jvmArgsAppend");
                if (own >= 0 && own + 1 < jmh.size()) {
                    jmh.set(own + 1, flags + " " + jmh.get(own + 1));
                } else {
                    jmh.add("-jvmArgsAppend");
                    jmh.add(flags);
                }
            }
            CommandLineOptions options = new CommandLineOptions(jmh.toArray(new String[0]));
            if (options.shouldHelp()) {
                options.showHelp();
                return 0;
            }
            Collection<RunResult> results = new Runner(options).run();
            if (json) {
                System.out.println(toJson(what, results));
            }
            return 0;
        } catch (CommandLineOptionException e) {
            System.err.println("bench " + what + ": " + firstLine(e.getMessage()));
            return 2;
        } catch (RunnerException | IOException | RuntimeException e) {
            System.err.println("bench " + what + ": " + firstLine(String.valueOf(e)));
            return 1;
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * One JSON object: each benchmark's primary score and, when profiled, its allocation per op.
     */
    static String toJson(String what, Collection<RunResult> results) {
        StringBuilder sb =
                new StringBuilder("{\"command\":\"bench\",\"set\":\"")
                        .append(what)
                        .append("\",\"results\":[");
        boolean first = true;
        for (RunResult r : results) {
            Result<?> p = r.getPrimaryResult();
            sb.append(first ? "" : ",");
            first = false;
            sb.append("{\"benchmark\":\"").append(r.getParams().getBenchmark()).append('"');
            String params =
                    r.getParams().getParamsKeys().isEmpty()
                            ? ""
                            : r.getParams().getParamsKeys().stream()
                                    .map(k -> k + "=" + r.getParams().getParam(k))
                                    .reduce((x, y) -> x + "," + y)
                                    .orElse("");
            if (!params.isEmpty()) {
                sb.append(",\"params\":\"").append(params).append('"');
            }
            sb.append(",\"mode\":\"").append(r.getParams().getMode().shortLabel()).append('"');
            sb.append(",\"score\":").append(number(p.getScore()));
            sb.append(",\"error\":").append(number(p.getScoreError()));
            sb.append(",\"unit\":\"").append(p.getScoreUnit()).append('"');
            // JMH hands out a raw Map<String, Result>: read it by key rather than declare a raw
            // type.
            for (String key : r.getSecondaryResults().keySet()) {
                double score = r.getSecondaryResults().get(key).getScore();
                if (key.endsWith("gc.alloc.rate.norm")) {
                    sb.append(",\"alloc_bytes_per_op\":").append(number(score));
                } else if (key.endsWith("p0.50")) {
                    sb.append(",\"p50\":").append(number(score));
                } else if (key.endsWith("p0.99")) {
                    sb.append(",\"p99\":").append(number(score));
                }
            }
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    private static String number(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "null";
    }

    /**
     * The flags of config/jvm.properties for the running Java version, or none if the file is
     * absent.
     */
    static List<String> jvmFlags() throws IOException {
        Path file = Path.of(System.getProperty("tickring.home", "."), "config", "jvm.properties");
        if (!Files.isRegularFile(file)) {
            System.err.println(
                    "bench: " + file + " not found; forks run without the Chronicle/Agrona flags");
            return List.of();
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        }
        List<String> flags =
                new ArrayList<>(
                        Arrays.asList(
                                props.getProperty("tickring.jvm.flags", "").trim().split("\\s+")));
        if (Runtime.version().feature() >= 24) {
            flags.addAll(
                    Arrays.asList(
                            props.getProperty("tickring.jvm.flags.java24", "")
                                    .trim()
                                    .split("\\s+")));
        }
        flags.removeIf(String::isEmpty);
        return flags;
    }
}
