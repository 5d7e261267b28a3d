package io.tickring.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Entry point of {@code benchmarks.jar} and of {@code tickring bench}: picks the benchmarks for
 * {@code throughput} or {@code latency}, or passes JMH's own arguments through after {@code jmh},
 * and always hands the forks the JVM flags of {@code config/jvm.properties}, which forks do not
 * inherit.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        a.remove("--json");
        String what = a.isEmpty() ? "throughput" : a.remove(0);
        List<String> jmh = new ArrayList<>();
        switch (what) {
            case "throughput":
                jmh.addAll(List.of(".*Benchmark.*", "-prof", "gc", "-rf", "json", "-rff", "jmh-throughput.json"));
                break;
            case "latency":
                jmh.addAll(List.of("PipelineBenchmark", "-bm", "sample", "-tu", "ns", "-rf", "json", "-rff",
                        "jmh-latency.json"));
                break;
            case "jmh":
                break;
            default:
                System.err.println("bench: unknown benchmark set '" + what + "' (throughput, latency, jmh ...)");
                System.exit(2);
                return;
        }
        jmh.addAll(a);
        String flags = String.join(" ", jvmFlags());
        if (!flags.isEmpty()) {
            jmh.add("-jvmArgsAppend");
            jmh.add(flags);
        }
        org.openjdk.jmh.Main.main(jmh.toArray(new String[0]));
    }

    /** The flags of config/jvm.properties for the running Java version, or none if the file is absent. */
    static List<String> jvmFlags() throws IOException {
        Path file = Path.of(System.getProperty("tickring.home", "."), "config", "jvm.properties");
        if (!Files.isRegularFile(file)) {
            System.err.println("bench: " + file + " not found; forks run without the Chronicle/Agrona flags");
            return List.of();
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        }
        List<String> flags = new ArrayList<>(Arrays.asList(props.getProperty("tickring.jvm.flags", "").trim().split("\\s+")));
        if (Runtime.version().feature() >= 24) {
            flags.addAll(Arrays.asList(props.getProperty("tickring.jvm.flags.java24", "").trim().split("\\s+")));
        }
        flags.removeIf(String::isEmpty);
        return flags;
    }
}
