package io.tickring.bench;

import io.tickring.adapters.sim.MarketSimulator;
import io.tickring.adapters.sim.SimConfig;
import io.tickring.core.RingEvent;
import io.tickring.core.instrument.Instrument;
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
 * Throughput of {@link MarketSimulator#next}, single-threaded, in events per second; run with
 * {@code -prof gc} to see that it allocates nothing per event ({@code gc.alloc.rate.norm} ≈ 0).
 *
 * <p>Not final and public because JMH generates subclasses of benchmark states. The fork needs only
 * Agrona's export ({@link RingEvent} holds an Agrona buffer), none of Chronicle's flags.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1) // JVM flags for the fork come from config/jvm.properties through BenchMain
public class SimulatorBenchmark {
    /** Instruments merged by one simulator. */
    @Param({"1", "8"})
    int instruments;

    /** Book depth of every snapshot. */
    @Param({"5", "10"})
    int levels;

    private MarketSimulator simulator;
    private RingEvent event;

    @Setup
    public void setUp() {
        List<Instrument> list = new ArrayList<>();
        for (int i = 1; i <= instruments; i++) {
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
        // Around the clock and without an end, so a measurement never runs out of events.
        simulator =
                new MarketSimulator(
                        SimConfig.defaults(
                                42, list, levels, 1_000_000, 1_767_916_800_000_000_000L));
        event = new RingEvent();
    }

    /** One event; returning a field keeps the JIT from discarding the work. */
    @Benchmark
    public long next() {
        simulator.next(event);
        return event.exchangeTimeNs + event.bidPx[0];
    }
}
