package io.tickring.bench.latency;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import io.tickring.adapters.sim.MarketSimulator;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.engine.ring.IdleStrategies;
import io.tickring.engine.stage.model.OnnxScorer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The bare baselines the engine's figures are divided by, each measured in the same run: one
 * Disruptor hop, one Chronicle append of the same bytes the journal stage appends, and one ONNX
 * Runtime call on the model's input.
 */
final class BareBaselines {
    private BareBaselines() {}

    /** A slot of the bare ring: the planned send time only. */
    private static final class Slot {
        long plannedEpoch;
    }

    /**
     * One Disruptor hop, open loop: a producer thread publishes one slot per planned time of the
     * same schedule as the engine's injector (waiting the same way), and a consumer thread with the
     * given idle strategy (the stage threads' own) records the time from the planned time to the
     * moment it sees the slot.
     *
     * @return the hop's latency, ns
     */
    static Histogram disruptorHop(long rate, long warmupNs, long durationNs, String idle, int size)
            throws InterruptedException {
        RingBuffer<Slot> ring =
                RingBuffer.createSingleProducer(Slot::new, size, new SleepingWaitStrategy());
        EventPoller<Slot> poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        long warmupEvents = warmupNs * rate / 1_000_000_000L;
        long total = warmupEvents + durationNs * rate / 1_000_000_000L;
        Histogram h = new Histogram(1, LatencySeries.MAX_NS, 3);
        long[] seen = new long[1];
        IdleStrategy consumerIdle = IdleStrategies.of(idle);
        Thread consumer =
                new Thread(
                        () -> {
                            EventPoller.Handler<Slot> handler =
                                    (slot, seq, end) -> {
                                        if (seq >= warmupEvents) {
                                            long ns = HarnessClock.now() - slot.plannedEpoch;
                                            h.recordValue(
                                                    Math.max(
                                                            1, Math.min(ns, LatencySeries.MAX_NS)));
                                        }
                                        seen[0] = seq + 1;
                                        return true;
                                    };
                            try {
                                while (seen[0] < total) {
                                    consumerIdle.idle(
                                            poller.poll(handler) == EventPoller.PollState.PROCESSING
                                                    ? 1
                                                    : 0);
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        "bare-hop-consumer");
        consumer.start();
        OpenLoopSchedule schedule = new OpenLoopSchedule(System.nanoTime() + 1_000_000, rate);
        for (long i = 0; i < total; i++) {
            long planned = schedule.planned(i);
            OpenLoopSchedule.awaitTime(planned);
            long seq = ring.next();
            ring.get(seq).plannedEpoch = HarnessClock.toEpoch(planned);
            ring.publish(seq);
        }
        consumer.join();
        return h;
    }

    /**
     * Bare Chronicle appends of the journal's own records: the simulator's market events encoded as
     * the Sequencer hands them to the journal stage (a cycle of 1024), each staged once in native
     * memory, appended with {@code writeBytes} at the same rate on one thread, each append timed.
     * No CRC, no page toucher, no ring: what the journal stage adds to this is its own cost.
     *
     * @return the append's own time, ns
     */
    static Histogram chronicleAppend(
            MarketSimulator simulator,
            Path dir,
            long blockSize,
            long rate,
            long warmupNs,
            long durationNs) {
        int cycle = 1024;
        Bytes<?>[] records = new Bytes<?>[cycle];
        RingEvent e = new RingEvent();
        UnsafeBuffer scratch = new UnsafeBuffer(new byte[InputCodec.MAX_FIXED_RECORD]);
        for (int i = 0; i < cycle; i++) {
            simulator.next(e);
            int len = InputCodec.encode(e, scratch, 0);
            Bytes<Void> b = Bytes.allocateElasticDirect(len);
            b.write(scratch.byteArray(), 0, len);
            records[i] = b;
        }
        long warmupEvents = warmupNs * rate / 1_000_000_000L;
        long total = warmupEvents + durationNs * rate / 1_000_000_000L;
        Histogram h = new Histogram(1, LatencySeries.MAX_NS, 3);
        try (SingleChronicleQueue queue =
                        SingleChronicleQueueBuilder.single(dir.toFile())
                                .blockSize(blockSize)
                                .build();
                ExcerptAppender appender = queue.createAppender()) {
            OpenLoopSchedule schedule = new OpenLoopSchedule(System.nanoTime() + 1_000_000, rate);
            for (long i = 0; i < total; i++) {
                OpenLoopSchedule.awaitTime(schedule.planned(i));
                Bytes<?> b = records[(int) (i & (cycle - 1))];
                b.readPosition(0);
                long t0 = System.nanoTime();
                appender.writeBytes(b);
                long t1 = System.nanoTime();
                if (i >= warmupEvents) {
                    h.recordValue(Math.max(1, Math.min(t1 - t0, LatencySeries.MAX_NS)));
                }
            }
        } finally {
            for (Bytes<?> b : records) {
                if (b != null) {
                    b.releaseLast();
                }
            }
        }
        return h;
    }

    /**
     * Bare ONNX Runtime calls on the model's input as the run left it (the scorer's own input
     * tensor, its last window), with a pinned output buffer like the scorer's, back to back on this
     * thread.
     *
     * @return each call's time, ns
     */
    static Histogram onnx(OnnxScorer scorer, int warmupCalls, int calls) throws Exception {
        Histogram h = new Histogram(1, LatencySeries.MAX_NS, 3);
        OrtSession session = scorer.session();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        FloatBuffer outBuf =
                ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder()).asFloatBuffer();
        try (OnnxTensor outTensor = OnnxTensor.createTensor(env, outBuf, new long[] {1, 3})) {
            Map<String, OnnxTensor> inputs = scorer.inputs();
            Map<String, OnnxTensor> outputs =
                    Map.of(session.getOutputNames().iterator().next(), outTensor);
            for (int i = 0; i < warmupCalls + calls; i++) {
                long t0 = System.nanoTime();
                try (OrtSession.Result r = session.run(inputs, outputs)) {
                    if (r.size() < 1) {
                        throw new IllegalStateException("no output");
                    }
                }
                long t1 = System.nanoTime();
                if (i >= warmupCalls) {
                    h.recordValue(Math.max(1, Math.min(t1 - t0, LatencySeries.MAX_NS)));
                }
            }
        }
        return h;
    }
}
