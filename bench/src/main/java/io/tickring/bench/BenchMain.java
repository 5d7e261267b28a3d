package io.tickring.bench;

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
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Entry point of {@code benchmarks.jar} and of {@code tickring bench}: picks the benchmarks for
 * {@code throughput} or {@code latency}, or passes JMH's own arguments through after {@code jmh},
 * and always hands the forks the JVM flags of {@code config/jvm.properties}, which forks do not
 * inherit. With {@code --json} the last line of stdout is one JSON object with every score.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        boolean json = a.remove("--json");
        String what = a.isEmpty() ? "throughput" : a.remove(0);
        List<String> jmh = new ArrayList<>();
        switch (what) {
            case "throughput":
                jmh.addAll(List.of(".*Benchmark.*", "-prof", "gc"));
                break;
            case "latency":
                jmh.addAll(List.of("PipelineBenchmark", "-bm", "sample", "-tu", "ns"));
                break;
            case "jmh":
                break;
            default:
                System.err.println(
                        "bench: unknown benchmark set '"
                                + what
                                + "' (throughput, latency, jmh ...)");
                System.exit(2);
                return;
        }
        jmh.addAll(a);
        String flags = String.join(" ", jvmFlags());
        if (!flags.isEmpty()) {
            jmh.add("-jvmArgsAppend");
            jmh.add(flags);
        }
        Collection<RunResult> results =
                new Runner(new CommandLineOptions(jmh.toArray(new String[0]))).run();
        if (json) {
            System.out.println(toJson(what, results));
        }
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
