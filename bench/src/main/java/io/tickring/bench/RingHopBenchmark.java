package io.tickring.bench;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import io.tickring.core.RingEvent;
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
 * One hop through the ring as the engine uses it, on one thread: claim the next slot of a
 * single-producer {@link RingBuffer} of {@link RingEvent}s, write a field, publish, and let an
 * {@link EventPoller} (the consumer side the stage agents use) take the event. This is the ring's
 * own cost per event and stage, without the cache-line transfer of a hop between two cores, which
 * only a two-thread run shows (the latency harness). Run with {@code -prof gc}: nothing allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RingHopBenchmark {
    private RingBuffer<RingEvent> ring;
    private EventPoller<RingEvent> poller;
    private long taken;
    private final EventPoller.Handler<RingEvent> handler =
            (e, s, end) -> {
                taken += e.sequence;
                return true;
            };

    @Setup
    public void setUp() {
        ring = RingBuffer.createSingleProducer(RingEvent::new, 1024, new SleepingWaitStrategy());
        poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
    }

    /** Publish one event and take it on the consumer side. */
    @Benchmark
    @AllocationBound(bytesPerOp = 0.5, why = Benchmarks.ZERO)
    public long publishAndPoll() throws Exception {
        long seq = ring.next();
        ring.get(seq).sequence = seq;
        ring.publish(seq);
        poller.poll(handler);
        return taken;
    }
}
