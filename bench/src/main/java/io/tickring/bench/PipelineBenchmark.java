package io.tickring.bench;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import io.tickring.engine.Engine;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.stage.model.MicropriceRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sequencer → ring → the whole stage chain, including the Chronicle journal append of every input
 * and the output journal, measured per event on one thread (no hand-offs), against a baseline of
 * the bare ring (publish, poll, no work) in the same run. Run with {@code -prof gc}: the claim is
 * {@code gc.alloc.rate.norm} ≈ 0 B/op for the chain.
 *
 * <p>Each invocation publishes and handles {@link #BATCH} book events. JVM flags for the forks come
 * from {@code config/jvm.properties} through {@link BenchMain}.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PipelineBenchmark {
    static final int BATCH = 256;

    static final Instrument INSTRUMENT =
            new Instrument(
                    1,
                    "SIMA",
                    "SIM",
                    4,
                    100,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    new Instrument.Fees(0, 1, 0, 0));

    private Path dir;
    private Engine engine;

    private RingBuffer<RingEvent> ring;
    private EventPoller<RingEvent> poller;
    private final EventPoller.Handler<RingEvent> noop = (e, s, end) -> true;
    private BookLoopSource baselineSource;
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private final InputCodec.Decoder decoder = new InputCodec.Decoder();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("tickring-bench");
        InstrumentLookup lookup =
                new InstrumentLookup() {
                    @Override
                    public Instrument bySymbol(String symbol) {
                        return symbol.equals(INSTRUMENT.symbol()) ? INSTRUMENT : null;
                    }

                    @Override
                    public Instrument byId(int id) {
                        return id == INSTRUMENT.id() ? INSTRUMENT : null;
                    }
                };
        engine =
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
                        .instruments(List.of(INSTRUMENT), lookup)
                        .policy(Sequencer.Policy.ARRIVAL)
                        .source(new BookLoopSource(1, 42))
                        .session("{\"bench\":true}", 0)
                        .inputJournal(dir)
                        .outputJournal(dir)
                        .blockSize(64L << 20)
                        .scorer(new MicropriceRule())
                        .build();
        ring = RingBuffer.createSingleProducer(RingEvent::new, 1024, new SleepingWaitStrategy());
        poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        baselineSource = new BookLoopSource(1, 42);
    }

    /** The whole chain: decode into the ring, journal, features, model, strategy, risk, router. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int chain() throws Exception {
        return engine.driveOnce();
    }

    /**
     * Baseline: the same records copied into a bare ring's slots and decoded there, as the
     * Sequencer does, and polled by a handler that does nothing.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int bareRing() throws Exception {
        for (int i = 0; i < BATCH; i++) {
            long seq = ring.next();
            RingEvent e = ring.get(seq);
            int len = baselineSource.poll(e.record);
            view.wrap(e.record.byteArray(), 0, len);
            decoder.decode(view, 0, len, e, "bench");
            e.recordLength = len;
            ring.publish(seq);
        }
        poller.poll(noop);
        return BATCH;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        engine.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
