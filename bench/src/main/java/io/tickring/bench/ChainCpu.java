package io.tickring.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Drives {@link PipelineBenchmark}'s {@code chain} and {@code bareRing} by hand and prints this
 * thread's CPU time per event, least and median of N rounds: steadier than JMH's wall time on a
 * shared machine, because time the thread spends descheduled is not counted.
 *
 * <p>Usage: {@code ChainCpu ROUNDS EVENTS_PER_ROUND}, after 3 M events of warm-up per benchmark. To
 * measure an older build, compile this one file against that build's {@code benchmarks.jar} (it
 * uses only {@code setUp}, {@code chain}, {@code bareRing} and {@code tearDown}); BENCHMARKS.md
 * gives the commands.
 */
public final class ChainCpu {
    private static final long WARM_UP_EVENTS = 3_000_000;

    private ChainCpu() {}

    /** One benchmark call; returns the events it handled. */
    private interface Op {
        int run() throws Exception;
    }

    private static double[] measure(Op op, int rounds, long perRound) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long n = 0;
        while (n < WARM_UP_EVENTS) {
            n += op.run();
        }
        double[] cpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long events = 0;
            while (events < perRound) {
                events += op.run();
            }
            cpu[r] = (mx.getCurrentThreadCpuTime() - c0) / (double) events;
        }
        Arrays.sort(cpu);
        return cpu;
    }

    /**
     * Runs both benchmarks and prints one line.
     *
     * @param args rounds and events per round
     * @throws Exception when the benchmark's set-up fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ChainCpu ROUNDS EVENTS_PER_ROUND");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[0]);
        long perRound = Long.parseLong(args[1]);
        PipelineBenchmark b = new PipelineBenchmark();
        b.setUp();
        double[] chain = measure(b::chain, rounds, perRound);
        double[] bare = measure(b::bareRing, rounds, perRound);
        b.tearDown();
        System.out.printf(
                "chain cpu ns/event least %.0f median %.0f | bareRing least %.0f median %.0f%n",
                chain[0], chain[rounds / 2], bare[0], bare[rounds / 2]);
    }
}
