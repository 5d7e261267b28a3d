package io.tickring.engine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tickring bench latency|throughput|gates|jmh}: runs the bench module's jar in a child JVM with
 * this JVM's flags: the open-loop latency harness for {@code latency}, the JMH benchmarks for
 * {@code throughput} and {@code jmh}, the allocation gates for {@code gates} (the jar's main class
 * hands the JMH forks the project's JVM flags); {@code throughput --journal DIR} runs here. An
 * unknown set is refused here, with one line.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Run benchmarks: 'latency' (open loop: the real engine at a fixed rate, tick-to-order and",
            "per-stage latency from each tick's planned send time into HdrHistogram, with its baselines",
            "in the same run; 'bench latency --help' lists its options), 'throughput' (JMH: ring,",
            "journal, codecs, with the GC profiler), 'throughput --journal DIR [--config FILE]",
            "[--rounds N]' (the whole chain's replay rate of a journal beside the raw Chronicle read",
            "rate of it, same run; microprice rule unless --config), 'gates' (the JMH allocation gates",
            "CI runs: each hot-path benchmark against its @AllocationBound, exit 1 naming a failing",
            "gate), or any JMH arguments after 'jmh'.",
            "'bench SET --help' prints the help of that set."
        })
final class BenchCommand implements Callable<Integer> {
    @Parameters(
            arity = "1..*",
            paramLabel = "ARGS",
            description =
                    "latency [options] | throughput [--journal DIR ...] | gates [options] | jmh [JMH"
                            + " options]")
    List<String> args;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin JsonOption json = new JsonOption();

    /** The help of {@code bench throughput --journal DIR}, which runs here rather than in JMH. */
    static final String REPLAY_THROUGHPUT_HELP =
            String.join(
                    "\n",
                    "Usage: tickring bench throughput --journal DIR [--config FILE] [--rounds N] [--json]",
                    "",
                    "The whole chain's replay rate of the journal's in/ queue (Sequencer, features, model,",
                    "strategy, risk, paper venue) beside the raw Chronicle read rate of the same queue and",
                    "the verify pre-pass, each in in/ records per second of wall time, per round and as",
                    "medians. Without --config: the default configuration with the microprice rule.");

    private static final java.util.Set<String> SETS =
            java.util.Set.of("latency", "throughput", "gates", "jmh");

    @Override
    public Integer call() throws Exception {
        if (!SETS.contains(args.get(0))) {
            throw new UsageException(
                    "unknown benchmark set '"
                            + args.get(0)
                            + "' (latency, throughput, gates, jmh; see 'tickring bench --help')");
        }
        boolean help = args.contains("--help") || args.contains("-h");
        if (help && args.get(0).equals("throughput") && args.contains("--journal")) {
            spec.commandLine().getOut().println(REPLAY_THROUGHPUT_HELP);
            spec.commandLine().getOut().flush();
            return Main.OK;
        }
        if (args.get(0).equals("throughput") && args.contains("--journal")) {
            // picocli leaves options after the first positional among the positionals
            boolean asJson = args.remove("--json") || json.json;
            // The replay rate of a journal runs here, in the engine's JVM: it needs the engine,
            // not JMH.
            java.io.PrintWriter out = spec.commandLine().getOut();
            java.io.PrintWriter text = asJson ? spec.commandLine().getErr() : out;
            Map<String, Object> figures =
                    ReplayThroughput.parse(args.subList(1, args.size())).run(text);
            if (asJson) {
                out.println(EngineCommand.jsonOf(figures));
                out.flush();
            }
            return Main.OK;
        }
        String home = System.getProperty("tickring.home", ".");
        Path jar = Path.of(home, "bench", "target", "benchmarks.jar");
        if (!Files.isRegularFile(jar)) {
            throw new UsageException(
                    jar + " is not built: run the command through ./tickring, which builds it");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The child runs the engine itself for 'latency' (Chronicle, Agrona): it needs this JVM's
        // flags (config/jvm.properties, TICKRING_JAVA_OPTS), which a child does not inherit.
        for (String flag :
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!flag.startsWith("-Dtickring.home=")) {
                cmd.add(flag);
            }
        }
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
