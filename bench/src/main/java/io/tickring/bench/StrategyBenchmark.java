package io.tickring.bench;

import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.engine.stage.strategy.StrategyContext;
import io.tickring.engine.stage.strategy.StrategyStage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The strategy stage's decision on one scored BOOK (features and microprice-rule scores already
 * written, {@link ScoredBooks}): the microprice strategy with fixed-quantity sizing, take-profit,
 * stop-loss and a maximum holding time on, and no cooldown, so that every event whose score crosses
 * the threshold produces an intent. Event times advance 1 ms per operation. Run with {@code -prof
 * gc}: nothing allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class StrategyBenchmark {
    private static final int EVENTS = 4096;

    private RingEvent[] events;
    private StrategyStage stage;
    private int next;
    private long time = 1_767_623_400_000_000_000L;
    private long intents;

    @Setup
    public void setUp() {
        events = ScoredBooks.of(PipelineBenchmark.INSTRUMENT, EVENTS, true);
        stage =
                new StrategyStage(
                        new StrategyContext()
                                .threshold(0.3)
                                .orderQty(100)
                                .maxPosition(500)
                                .cooldownNs(0)
                                .takeProfitBps(20)
                                .stopLossBps(20)
                                .maxHoldNs(60_000_000_000L),
                        List.of(PipelineBenchmark.INSTRUMENT));
        for (RingEvent e : events) {
            decide(e);
        }
        if (intents == 0) {
            throw new IllegalStateException("the strategy made no intent: nothing is measured");
        }
    }

    private long decide(RingEvent e) {
        time += 1_000_000;
        e.exchangeTimeNs = time;
        e.receiveTimeNs = time;
        stage.onEvent(e);
        if (e.intentSide != Side.NONE) {
            intents++;
        }
        return intents;
    }

    /** One scored BOOK through the strategy. */
    @Benchmark
    @AllocationBound(bytesPerOp = 0.5, why = Benchmarks.ZERO)
    public long decide() {
        RingEvent e = events[next];
        next = (next + 1) & (EVENTS - 1);
        return decide(e);
    }
}
