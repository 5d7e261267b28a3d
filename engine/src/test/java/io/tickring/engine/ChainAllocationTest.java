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

    /**
     * With {@code ops.latency_log} writing the timers' intervals to {@code stages.hlog} every
     * millisecond from its own thread while the chain runs: the recorders' interval flips under the
     * stages do not make the stages' thread allocate.
     */
    @Test
    void shouldNotAllocateWhileTheStageLatencyLogWrites() throws Exception {
        measure(Sequencer.Policy.ARRIVAL, true, tmp.resolve("stages.hlog"));
    }

    private void measure(Sequencer.Policy policy) throws Exception {
        measure(policy, false, null);
    }

    private void measure(Sequencer.Policy policy, boolean timed) throws Exception {
        measure(policy, timed, null);
    }

    private void measure(Sequencer.Policy policy, boolean timed, Path latencyLog) throws Exception {
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
            io.tickring.engine.ops.metrics.StageLatencyLog log =
                    latencyLog == null
                            ? null
                            : io.tickring.engine.ops.metrics.StageLatencyLog.start(
                                    latencies, latencyLog, 1_000_000);
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
                long logged = log == null ? 0 : log.written();
                long bound = System.nanoTime() + 120_000_000_000L;
                long measured = 0;
                // With the log: each window lasts until the log has written an interval in it.
                while (measured < 200_000
                        || (log != null && log.written() == logged && System.nanoTime() < bound)) {
                    measured += engine.driveOnce();
                }
                assertTrue(log == null || log.written() > logged, "no interval logged in window");
                windows[w] = threads.getThreadAllocatedBytes(self) - before;
                least = Math.min(least, windows[w]);
            }
            if (log != null) {
                assertTrue(log.finish(), "writing " + latencyLog);
            }
            if (timed && log == null) {
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
