package io.tickring.engine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tickring bench latency|throughput}: runs the JMH benchmarks from the bench module's jar in
 * a child JVM; the jar's main class hands the JMH forks the project's JVM flags.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Run benchmarks: 'throughput' (JMH: ring, journal, codecs, with the GC profiler),",
            "'latency' (open-loop end-to-end latency into HdrHistogram), or any JMH arguments after 'jmh'."
        })
final class BenchCommand implements Callable<Integer> {
    @Parameters(
            arity = "1..*",
            paramLabel = "ARGS",
            description = "latency | throughput | jmh [JMH options]")
    List<String> args;

    @CommandLine.Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws Exception {
        String home = System.getProperty("tickring.home", ".");
        Path jar = Path.of(home, "bench", "target", "benchmarks.jar");
        if (!Files.isRegularFile(jar)) {
            throw new UsageException(
                    jar + " is not built: run the command through ./tickring, which builds it");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dtickring.home=" + home);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(args);
        if (json.json) {
            cmd.add("--json");
        }
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        return p.waitFor();
    }
}
