package io.tickring.bench;

import io.tickring.adapters.sim.MarketSimulator;
import io.tickring.adapters.sim.SimConfig;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.stage.features.FeaturesStage;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Time of {@link FeaturesStage#onEvent} per BOOK update (sampled, so JMH reports the median as
 * {@code p0.50}); run with {@code -prof gc} to see that it allocates nothing ({@code
 * gc.alloc.rate.norm} ≈ 0). The BOOK events are simulated once at set-up (4,096 of them, two
 * instruments) and replayed in a cycle, so the measurement holds only the stage's work.
 *
 * <p>Not final and public because JMH generates subclasses of benchmark states. JVM flags come from
 * {@code config/jvm.properties} through {@link BenchMain}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class FeaturesBenchmark {
    private static final int EVENTS = 4096;

    /** Book depth of every snapshot. */
    @Param({"5", "10"})
    int levels;

    private RingEvent[] books;
    private FeaturesStage stage;
    private int next;

    @Setup
    public void setUp() {
        List<Instrument> list = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            list.add(
                    new Instrument(
                            i,
                            "SIM" + i,
                            "SIM",
                            4,
                            100,
                            1,
                            "USD",
                            ZoneId.of("UTC"),
                            List.of(),
                            Instrument.Fees.NONE));
        }
        MarketSimulator sim =
                new MarketSimulator(
                        SimConfig.defaults(42, list, levels, 1_000, 1_767_916_800_000_000_000L));
        books = new RingEvent[EVENTS];
        RingEvent e = new RingEvent();
        int n = 0;
        while (n < EVENTS) {
            sim.next(e);
            if (e.type == EventType.BOOK) {
                books[n] = new RingEvent();
                books[n++].copyInputFrom(e);
            }
        }
        stage = new FeaturesStage(list);
    }

    /** One BOOK update; returning a field keeps the JIT from discarding the work. */
    @Benchmark
    @AllocationBound(bytesPerOp = 0.5, params = "levels=5", why = Benchmarks.ZERO)
    @AllocationBound(bytesPerOp = 0.5, params = "levels=10", why = Benchmarks.ZERO)
    public double bookUpdate() {
        RingEvent e = books[next];
        next = (next + 1) & (EVENTS - 1);
        stage.onEvent(e);
        return e.realizedVol;
    }
}
