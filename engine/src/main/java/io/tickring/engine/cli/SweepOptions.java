package io.tickring.engine.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of {@code backtest} that turn one backtest into a parameter sweep ({@link Sweep}) or
 * a walk-forward ({@link WalkForward}); see docs/backtest-report.md, "Sweeps and walk-forward".
 */
final class SweepOptions {
    /** The default heap of each variant's JVM. */
    static final String DEFAULT_HEAP = "1g";

    @Option(
            names = "--sweep",
            paramLabel = "KEY=V1,V2,...",
            description =
                    "Backtest every combination of these configuration values (repeatable: one key"
                            + " per --sweep), each in its own JVM, into --report DIR/variants/;"
                            + " prints the comparison table (the best by --objective marked) and"
                            + " saves DIR/sweep.json and DIR/sweep.md.")
    List<String> sweep = new ArrayList<>();

    @Option(
            names = "--jobs",
            paramLabel = "N",
            description = "Variants run at once (default: the machine's available processors).")
    Integer jobs;

    @Option(
            names = "--variant-heap",
            paramLabel = "SIZE",
            description =
                    "Maximum Java heap of each variant's JVM, as for -Xmx (default: "
                            + DEFAULT_HEAP
                            + "): the children's heaps together stay under --jobs times this.")
    String variantHeap = DEFAULT_HEAP;

    @Option(
            names = "--objective",
            paramLabel = "NAME",
            description =
                    "The metric that picks the best variant: "
                            + SweepObjective.NAMES
                            + " (default: total_return). max_drawdown is minimised, the others"
                            + " maximised; ties go to the lower variant number.")
    String objective = "total_return";

    @Option(
            names = "--train-days",
            paramLabel = "N",
            description =
                    "Walk-forward: with --sweep and --test-days, one journal per day in time order;"
                            + " on each window of N days pick the best variant, then backtest it on"
                            + " the next M days; only those out-of-sample results are reported.")
    Integer trainDays;

    @Option(
            names = "--test-days",
            paramLabel = "M",
            description =
                    "Walk-forward: out-of-sample days per window; windows step by M days, so the test"
                            + " days of successive windows follow each other.")
    Integer testDays;

    /** True when the backtest is a sweep or a walk-forward. */
    boolean active() {
        return !sweep.isEmpty() || trainDays != null || testDays != null;
    }

    /** True when the backtest is a walk-forward. */
    boolean walkForward() {
        return trainDays != null || testDays != null;
    }
}
