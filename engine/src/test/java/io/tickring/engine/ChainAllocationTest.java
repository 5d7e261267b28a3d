package io.tickring.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.instrument.TestInstruments;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.stage.model.MicropriceRule;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sequencer and the whole stage chain, journal appends included, allocate nothing in steady
 * state: driven on this thread, whose allocated bytes the JVM counts exactly. (JMH's GC profiler
 * reports the same for {@code PipelineBenchmark.chain}, but it counts every thread of the JVM.)
 */
class ChainAllocationTest {
    @TempDir Path tmp;

    /** Live runs: ingress in arrival order. */
    @Test
    void shouldNotAllocateWhilePublishingAndHandlingEvents() throws Exception {
        measure(Sequencer.Policy.ARRIVAL);
    }

    /**
     * Simulation and backtests: the event-time merge, with paper reports coming back through it.
     */
    @Test
    void shouldNotAllocateInTheEventTimeMerge() throws Exception {
        measure(Sequencer.Policy.EVENT_TIME);
    }

    /**
     * With {@code /metrics} on: every stage wrapped by the stage timers, which record a sample of
     * events into HdrHistogram recorders on the stage's thread.
     */
    @Test
    void shouldNotAllocateWithTheStagesTimedForMetrics() throws Exception {
        measure(Sequencer.Policy.ARRIVAL, true);
    }

    private void measure(Sequencer.Policy policy) throws Exception {
        measure(policy, false);
    }

    private void measure(Sequencer.Policy policy, boolean timed) throws Exception {
        io.tickring.engine.ops.metrics.StageLatencies latencies =
                new io.tickring.engine.ops.metrics.StageLatencies();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        try (Engine engine =
                new Engine.Builder()
                        .ringSize(1024)
                        .threads(
                                List.of(
                                        new Engine.ThreadSpec(
                                                "all",
                                                List.of(
                                                        "journal",
                                                        "features",
                                                        "model",
                                                        "strategy",
                                                        "risk",
                                                        "router"),
                                                "backoff",
                                                -1)))
                        .instruments(TestInstruments.SIM, new TestInstruments())
                        .policy(policy)
                        .source(new RandomWalkSource(3, Long.MAX_VALUE, 1, 2))
                        .session("{\"test\":true}", 0)
                        .inputJournal(tmp.resolve(policy.name()))
                        .outputJournal(tmp.resolve(policy.name()))
                        .blockSize(64L << 20)
                        .scorer(new MicropriceRule())
                        .stageDecorator(timed ? latencies::wrap : s -> s)
                        .build()) {
            long events = 0;
            while (events < 300_000) { // warm-up: JIT, Chronicle's first chunks, the gateway queue
                events += engine.driveOnce();
            }
            // Three windows, judged by the least: what the chain allocates per event or per order
            // shows in every window, while Chronicle mapping its next chunk (~2 KB, now and then
            // more on a loaded machine) lands in one of them.
            long[] windows = new long[3];
            long least = Long.MAX_VALUE;
            for (int w = 0; w < windows.length; w++) {
                long before = threads.getThreadAllocatedBytes(self);
                long measured = 0;
                while (measured < 200_000) {
                    measured += engine.driveOnce();
                }
                windows[w] = threads.getThreadAllocatedBytes(self) - before;
                least = Math.min(least, windows[w]);
            }
            if (timed) {
                // The timers did record: the test measured the timed chain, not a bypass.
                assertTrue(
                        latencies.read(System.nanoTime()).get("router").count()
                                > 600_000
                                        / io.tickring.engine.ops.metrics.StageLatencies.SAMPLE_EVERY
                                        / 2,
                        "router events timed");
            }
            long orders = engine.router().orders();
            assertTrue(
                    orders > 300,
                    "the chain must place orders for the test to mean anything: " + orders);
            // One 16-byte object per order (~1,500 per window here) would be 24 KB a window, one
            // per event 3.2 MB.
            assertTrue(
                    least < 16 * 1024,
                    "bytes allocated in three windows of 200,000 events: "
                            + java.util.Arrays.toString(windows)
                            + " (orders "
                            + orders
                            + ")");
        }
    }
}
