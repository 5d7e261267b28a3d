package io.tickring.bench;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import io.tickring.adapters.paper.PaperContext;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import io.tickring.engine.Engine;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.stage.model.MicropriceRule;
import io.tickring.engine.stage.model.OnnxScorer;
import io.tickring.engine.stage.model.Scorer;
import io.tickring.engine.stage.risk.RiskContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sequencer → ring → the whole stage chain, including the Chronicle journal append of every input
 * and the output journal, measured per event on one thread (no hand-offs), against a baseline of
 * the bare ring (publish, poll, no work) in the same run. Run with {@code -prof gc}: the claim is
 * {@code gc.alloc.rate.norm} ≈ 0 B/op for the chain, and, with the ONNX model on, no more than the
 * bare ONNX Runtime call allocates ({@link ModelBenchmark#bareCall()}).
 *
 * <p>Each invocation publishes and handles {@link #BATCH} book events (one more at most under the
 * event-time merge). JVM flags for the forks come from {@code config/jvm.properties} through {@link
 * BenchMain} or {@link AllocationGates}.
 *
 * <p>The queues' page toucher threads are off in this fork ({@code
 * -Dtickring.journal.pretouch=false}): each wakes every 500 µs whatever the event rate and
 * allocates a little each time (about 1 MB/s for the two queues together, 1.3 B/event at this
 * chain's rate), which JMH's GC profiler, counting every thread, would charge to the chain. The
 * chain's thread then takes the page faults itself, so its time per event here is somewhat higher
 * than in the engine.
 *
 * <p>{@code -Dtickring.bench.leak=true} is a deliberately allocating change for testing the gates:
 * the model stage's scorer then keeps one new 24-byte object per scored event.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsPrepend = "-Dtickring.journal.pretouch=false")
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

    /**
     * The configuration of the chain: {@code arrival} (live ingress order, microprice rule, paper
     * venue without jitter, instrument trading around the clock), and each variant of it: {@code
     * event-time} (the simulation and backtest merge, paper reports coming back through it), {@code
     * jitter} (event time, and the paper venue's latency jitter of 50 µs on), {@code sessions}
     * (event time, the instrument trades 09:30-16:00 New York and the risk gate enforces it) and
     * {@code onnx} (event time, the shipped DeepLOB scoring every BOOK instead of the rule) and
     * {@code metrics} (arrival, every stage wrapped by the {@code /metrics} stage timers) and
     * {@code latency-log} (as {@code metrics}, and {@code ops.latency_log}'s thread writing the
     * timers' intervals to {@code stages.hlog} every 100 ms, so the recorders flip under the
     * stages). Only {@code arrival} runs unless asked for ({@code -p
     * config=arrival,event-time,jitter,sessions,onnx}), so that the bench command's sets keep their
     * length; {@link AllocationGates} runs every configuration its bounds name.
     */
    @Param({"arrival"})
    String config = "arrival";

    static final Instrument SESSIONS_INSTRUMENT =
            new Instrument(
                    1,
                    "SIMA",
                    "SIM",
                    4,
                    100,
                    1,
                    "USD",
                    ZoneId.of("America/New_York"),
                    List.of(new Instrument.SessionWindow(9 * 60 + 30, 16 * 60)),
                    new Instrument.Fees(0, 1, 0, 0));

    private Path dir;
    private Engine engine;
    private final io.tickring.engine.ops.metrics.StageLatencies latencies =
            new io.tickring.engine.ops.metrics.StageLatencies();
    private io.tickring.engine.ops.metrics.StageLatencyLog latencyLog;
    private OnnxScorer onnx;

    private RingBuffer<RingEvent> ring;
    private EventPoller<RingEvent> poller;
    private final EventPoller.Handler<RingEvent> noop = (e, s, end) -> true;
    private BookLoopSource baselineSource;
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private final InputCodec.Decoder decoder = new InputCodec.Decoder();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("tickring-bench");
        boolean sessions = config.equals("sessions");
        Instrument instrument = sessions ? SESSIONS_INSTRUMENT : INSTRUMENT;
        InstrumentLookup lookup =
                new InstrumentLookup() {
                    @Override
                    public Instrument bySymbol(String symbol) {
                        return symbol.equals(instrument.symbol()) ? instrument : null;
                    }

                    @Override
                    public Instrument byId(int id) {
                        return id == instrument.id() ? instrument : null;
                    }
                };
        Scorer scorer;
        switch (config) {
            case "arrival", "event-time", "jitter", "sessions", "metrics", "latency-log" ->
                    scorer = new MicropriceRule();
            case "onnx" -> scorer = onnx = ModelBenchmark.deepLob();
            default -> throw new IllegalArgumentException("unknown configuration " + config);
        }
        if (Boolean.getBoolean("tickring.bench.leak")) {
            scorer = new AllocatingScorer(scorer);
        }
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
                        .instruments(List.of(instrument), lookup)
                        .policy(
                                config.equals("arrival")
                                                || config.equals("metrics")
                                                || config.equals("latency-log")
                                        ? Sequencer.Policy.ARRIVAL
                                        : Sequencer.Policy.EVENT_TIME)
                        .paper(new PaperContext().jitterNs(config.equals("jitter") ? 50_000 : 0))
                        .risk(new RiskContext().enforceSessions(sessions))
                        .source(new BookLoopSource(1, 42))
                        .session("{\"bench\":true}", 0)
                        .inputJournal(dir)
                        .outputJournal(dir)
                        .blockSize(64L << 20)
                        .scorer(scorer)
                        .stageDecorator(
                                config.equals("metrics") || config.equals("latency-log")
                                        ? latencies::wrap
                                        : s -> s)
                        .build();
        if (config.equals("latency-log")) {
            latencyLog =
                    io.tickring.engine.ops.metrics.StageLatencyLog.start(
                            latencies,
                            dir.resolve(io.tickring.engine.ops.metrics.StageLatencyLog.FILE),
                            100_000_000);
        }
        ring = RingBuffer.createSingleProducer(RingEvent::new, 1024, new SleepingWaitStrategy());
        poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        baselineSource = new BookLoopSource(1, 42);
    }

    /** The whole chain: decode into the ring, journal, features, model, strategy, risk, router. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    @AllocationBound(bytesPerOp = 0.5, params = "config=arrival", why = CHAIN_BOUND)
    @AllocationBound(bytesPerOp = 0.5, params = "config=event-time", why = CHAIN_BOUND)
    @AllocationBound(bytesPerOp = 0.5, params = "config=jitter", why = CHAIN_BOUND)
    @AllocationBound(bytesPerOp = 0.5, params = "config=sessions", why = CHAIN_BOUND)
    @AllocationBound(bytesPerOp = 0.5, params = "config=metrics", why = CHAIN_BOUND)
    @AllocationBound(bytesPerOp = 0.5, params = "config=latency-log", why = CHAIN_BOUND)
    @AllocationBound(
            bytesPerOp = 160,
            params = "config=onnx",
            reference = "ModelBenchmark.bareCall",
            why =
                    "every BOOK is scored, so the chain may allocate what one bare ONNX Runtime call"
                            + " does (ModelBenchmark.bareCall, same run) and nothing more; 16 B/op"
                            + " and the chain forks' 32 KiB an iteration (JMH's and Chronicle's"
                            + " objects) over only 300-1,000 events an iteration: the gate sees an"
                            + " extra 50-130 B/event, not one small object; ONNX Runtime's own per-call objects differ between forks by up to ~125 B (bareCall"
                            + " 421 and 545 B/op in two runs of one build: the JIT of each fork escapes"
                            + " a different share of them), so the margin is 160 B/op, not 16")
    public int chain() throws Exception {
        // In arrival order one duty cycle publishes and handles BATCH events; the event-time merge
        // publishes one or two a cycle (it waits for the router before each), so cycle until BATCH
        // are through: at most one more, a per-event error under 0.4 %.
        int handled = 0;
        int idle = 0;
        while (handled < BATCH) {
            int n = engine.driveOnce();
            handled += n;
            if (n == 0 && ++idle > 1_000_000) {
                throw new IllegalStateException("the chain stopped handling events: " + config);
            }
        }
        return handled;
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

    private static final String CHAIN_BOUND =
            "allocation-free per event (ChainAllocationTest checks the chain thread exactly);"
                    + " Chronicle maps a new 64 MiB chunk now and then (~2 KB, ~0.01 B/event);"
                    + " JMH's and Chronicle's per-iteration objects are the iteration allowance."
                    + " One object per event is >= 16 B/event; one per order (~1 in 100 events)"
                    + " ~0.16 B/event, which only ChainAllocationTest sees";

    /** The deliberately allocating change: keeps one new object per scored event. */
    static final class AllocatingScorer implements Scorer {
        private final Scorer scorer;
        private Object last;

        AllocatingScorer(Scorer scorer) {
            this.scorer = scorer;
        }

        @Override
        public void score(RingEvent e) {
            scorer.score(e);
            last = new long[] {e.sequence}; // 24 bytes, kept: escape analysis cannot remove it
        }

        @Override
        public String describe() {
            return scorer.describe() + (last == null ? "" : "+leak");
        }

        @Override
        public String digest() {
            return scorer.digest();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        engine.close();
        if (latencyLog != null) {
            latencyLog.finish();
        }
        if (onnx != null) {
            onnx.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
