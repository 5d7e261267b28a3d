package io.tickring.bench.latency;

import io.tickring.engine.config.Durations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The options of {@code tickring bench latency}, parsed and checked. */
final class LatencyOptions {
    /** A usage error: one line, exit 2. */
    static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message, null, false, false);
        }
    }

    static final String HELP =
            String.join(
                    "\n",
                    "Usage: tickring bench latency [--rate R] [--duration D] [--warmup D] [--model on|off] [--overlay on|off]",
                    "                              [--layout config|two-threads|per-stage|inline]",
                    "                              [--idle backoff|yielding|busy-spin|sleeping] [--config FILE]",
                    "                              [--out DIR] [--sweep-rates R1,R2,...] [--p99-bound D]",
                    "                              [--baselines on|off] [--baseline-duration D]",
                    "                              [--throughput-events N] [--json] [--help]",
                    "",
                    "Open-loop tick-to-order latency of the real engine (Sequencer, Disruptor ring, stages on",
                    "their threads, Chronicle journal in a temporary directory, paper venue), configured by",
                    "config/demo.yaml or --config. An injector thread sends the simulator's market events at",
                    "a fixed rate; every event has a planned send time and every latency is measured from",
                    "it, so an injector or engine that falls behind adds its lateness to the late events'",
                    "latency (no coordinated omission). Recorded into HdrHistogram and printed as p50, p90,",
                    "p99, p99.9, p99.99 and max, in microseconds:",
                    "  tick_to_order       planned send time -> the router releases the order (ticks that",
                    "                      caused an order)",
                    "  tick_to_router      planned send time -> the router has handled the tick (every tick)",
                    "  stage.NAME          planned send time -> the end of that stage",
                    "  journal_append      the journal stage's own time per tick (CRC + Chronicle append)",
                    "  send_lag            planned send time -> the injector handed the tick to ingress",
                    "Then, in the same run, the baselines, each printed with its ratio: the same stages",
                    "handing events over ArrayBlockingQueues (a thread per stage), a bare Disruptor hop at",
                    "the same rate, a bare Chronicle append of the same bytes, and with --model on bare ONNX",
                    "Runtime calls on the model's input; and the throughput of the ring chain and the",
                    "ArrayBlockingQueue chain, each sent --throughput-events events as fast as it takes them.",
                    "The final state is checked (every tick through every stage and journaled, the orders",
                    "released equal to the router's count, at least one order); a failed check exits 1.",
                    "",
                    "  --rate R               events per second, open loop (default 100000)",
                    "  --duration D           measured time, e.g. 30s (default 30s)",
                    "  --warmup D             time at the same rate before measuring, not counted (default 5s)",
                    "  --model on|off         on: the configuration's model (the demo's DeepLOB ONNX model);",
                    "                         off: the microprice rule (default off)",
                    "  --overlay on|off       on: the sentiment overlay asking a local OpenAI-compatible server",
                    "                         (in this process, answering in 200 ms) about one headline per",
                    "                         instrument every 250 ms; its scores reach the ring as SENTIMENT",
                    "                         events through their own ingress queue (default off)",
                    "  --layout L             config: the configuration's threads (the demo's: journal |",
                    "                         decision chain); two-threads: the same; per-stage: one thread",
                    "                         per stage; inline: the Sequencer and every stage on one thread",
                    "  --idle I               the stage threads' idle strategy (default: the configuration's)",
                    "  --config FILE          engine configuration (default config/demo.yaml)",
                    "  --out DIR              where the HdrHistogram logs (NAME.hlog) and summary.json go",
                    "                         (default target/bench-latency/<UTC time>/ under the repository)",
                    "  --sweep-rates LIST     instead of one rate: run each rate (ascending; no baselines) and",
                    "                         print the highest whose tick_to_router p99 held the bound",
                    "  --p99-bound D          the sweep's bound (default 50us)",
                    "  --baselines on|off     run the baselines (default on)",
                    "  --baseline-duration D  measured time of each open-loop baseline (default: the lesser of",
                    "                         --duration and 10s)",
                    "  --throughput-events N  events per throughput run; 3 rounds of each chain, alternating,",
                    "                         medians compared (default 300000; 0 skips them)",
                    "  --json                 the last line of stdout is one JSON object with every figure",
                    "  --help                 this text",
                    "",
                    "Exit codes: 0 done, 1 a failed final-state check or internal failure, 2 bad usage.");

    long rate = 100_000;
    long durationNs = 30_000_000_000L;
    long warmupNs = 5_000_000_000L;
    boolean model;
    boolean overlay;
    String layout = "config";
    String idle;
    Path config;
    Path out;
    List<Long> sweepRates;
    long p99BoundNs = 50_000;
    boolean baselines = true;
    long baselineDurationNs = -1;
    long throughputEvents = 300_000;
    boolean json;
    boolean help;

    static LatencyOptions parse(List<String> args) throws UsageError {
        LatencyOptions o = new LatencyOptions();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--help", "-h" -> o.help = true;
                case "--json" -> o.json = true;
                default -> {
                    if (!a.startsWith("--")) {
                        throw new UsageError("unexpected argument '" + a + "'");
                    }
                    if (i + 1 >= args.size()) {
                        throw new UsageError(a + " needs a value");
                    }
                    o.set(a, args.get(++i));
                }
            }
        }
        if (o.baselineDurationNs < 0) {
            o.baselineDurationNs = Math.min(o.durationNs, 10_000_000_000L);
        }
        return o;
    }

    private void set(String option, String v) throws UsageError {
        switch (option) {
            case "--rate" -> rate = positive(option, v);
            case "--duration" -> durationNs = positiveDuration(option, v);
            case "--warmup" -> warmupNs = duration(option, v);
            case "--model" -> model = onOff(option, v);
            case "--overlay" -> overlay = onOff(option, v);
            case "--layout" ->
                    layout = oneOf(option, v, "config", "two-threads", "per-stage", "inline");
            case "--idle" ->
                    idle = oneOf(option, v, "backoff", "yielding", "busy-spin", "sleeping");
            case "--config" -> config = Path.of(v);
            case "--out" -> out = Path.of(v);
            case "--sweep-rates" -> {
                List<Long> rates = new ArrayList<>();
                for (String r : v.split(",")) {
                    rates.add(positive(option, r.trim()));
                }
                for (int k = 1; k < rates.size(); k++) {
                    if (rates.get(k) <= rates.get(k - 1)) {
                        throw new UsageError(option + ": rates must be ascending: " + v);
                    }
                }
                sweepRates = rates;
            }
            case "--p99-bound" -> p99BoundNs = positiveDuration(option, v);
            case "--baselines" -> baselines = onOff(option, v);
            case "--baseline-duration" -> baselineDurationNs = positiveDuration(option, v);
            case "--throughput-events" -> {
                try {
                    throughputEvents = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw new UsageError(option + ": not a whole number: '" + v + "'");
                }
                if (throughputEvents < 0) {
                    throw new UsageError(option + ": must be >= 0: " + v);
                }
            }
            default -> throw new UsageError("unknown option '" + option + "'");
        }
    }

    private static long positive(String option, String v) throws UsageError {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageError(option + ": not a whole number: '" + v + "'");
        }
        if (n <= 0 || n > 100_000_000) {
            throw new UsageError(option + ": must be in 1..100000000: " + v);
        }
        return n;
    }

    private static long duration(String option, String v) throws UsageError {
        try {
            return Durations.parseNanos(v);
        } catch (IllegalArgumentException e) {
            throw new UsageError(option + ": " + e.getMessage());
        }
    }

    private static long positiveDuration(String option, String v) throws UsageError {
        long ns = duration(option, v);
        if (ns <= 0) {
            throw new UsageError(option + ": must be more than 0: " + v);
        }
        return ns;
    }

    private static boolean onOff(String option, String v) throws UsageError {
        return oneOf(option, v, "on", "off").equals("on");
    }

    private static String oneOf(String option, String v, String... allowed) throws UsageError {
        for (String s : allowed) {
            if (s.equals(v.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new UsageError(option + ": '" + v + "' is not one of " + String.join(", ", allowed));
    }
}
