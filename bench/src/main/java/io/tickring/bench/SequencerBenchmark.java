package io.tickring.bench;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SleepingWaitStrategy;
import io.tickring.core.RingEvent;
import io.tickring.engine.ingress.EventQueue;
import io.tickring.engine.ingress.InputSource;
import io.tickring.engine.ring.Sequencer;
import java.util.concurrent.TimeUnit;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Sequencer's intake and publish of one market record: one duty cycle ({@link
 * Sequencer#doWork()}) that takes the one record its source has ready, copies it into the next ring
 * slot, decodes it there and publishes it; then a poller standing in for the ring's consumers (and,
 * for the event-time merge, for the router it waits on) takes it, doing nothing with it. Under
 * {@code EVENT_TIME} the same cycle also polls the (empty) execution-report queue and runs the
 * merge's choice. {@code bareRing} in {@link PipelineBenchmark} is the same copy and decode without
 * the Sequencer.
 *
 * <p>The source hands out exactly one record per operation, so that an operation is one event
 * whatever the Sequencer's batch size. Run with {@code -prof gc}: nothing allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SequencerBenchmark {
    /** Arrival order (live) or the event-time merge (simulation, backtest). */
    @Param({"ARRIVAL", "EVENT_TIME"})
    String policy;

    private Sequencer sequencer;
    private EventPoller<RingEvent> poller;
    private final EventPoller.Handler<RingEvent> noop = (e, s, end) -> true;
    private OneAtATime source;

    /** Gives one record of {@link BookLoopSource} each time it is armed, nothing otherwise. */
    static final class OneAtATime implements InputSource {
        private final BookLoopSource books = new BookLoopSource(1, 42);
        boolean armed;

        @Override
        public int poll(MutableDirectBuffer dst) {
            if (!armed) {
                return NOTHING_YET;
            }
            armed = false;
            return books.poll(dst);
        }

        @Override
        public String name() {
            return "one-at-a-time";
        }
    }

    @Setup
    public void setUp() {
        RingBuffer<RingEvent> ring =
                RingBuffer.createSingleProducer(RingEvent::new, 1024, new SleepingWaitStrategy());
        poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        source = new OneAtATime();
        sequencer =
                new Sequencer(
                        ring,
                        Sequencer.Policy.valueOf(policy),
                        source,
                        EventQueue.oneToOne("gateway", 1 << 16),
                        null,
                        0,
                        0,
                        new SystemEpochNanoClock(),
                        1 << 10);
        sequencer.watch(poller.getSequence(), new Sequence[] {poller.getSequence()});
        source.armed = true;
        if (sequencer.doWork() != 1) {
            throw new IllegalStateException("the Sequencer did not publish the first record");
        }
    }

    /** One record in: copied into a slot, decoded, published, and taken by the poller. */
    @Benchmark
    @AllocationBound(bytesPerOp = 0.5, params = "policy=ARRIVAL", why = Benchmarks.ZERO)
    @AllocationBound(bytesPerOp = 0.5, params = "policy=EVENT_TIME", why = Benchmarks.ZERO)
    public int intakeAndPublish() throws Exception {
        source.armed = true;
        int n = sequencer.doWork();
        poller.poll(noop);
        return n;
    }
}
