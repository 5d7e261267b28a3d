package io.tickring.bench;

import io.tickring.adapters.paper.PaperContext;
import io.tickring.adapters.paper.PaperGateway;
import io.tickring.core.EventType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.instrument.Instrument;
import java.time.ZoneOffset;
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
 * The paper gateway's matching of one L5 book update against resting orders, and of a market
 * order's sweep; run with {@code -prof gc} to see that neither allocates ({@code
 * gc.alloc.rate.norm} ≈ 0). {@code restingOrders = 0} of {@code bookUpdate} is the baseline (the
 * book copy alone).
 *
 * <p>The resting orders are GTC buys spread over the five bid levels; book updates alternate two
 * sizes at every level, so each update re-estimates every order's queue (under each {@code
 * queueModel}), and no order ever fills. The sweeper's books alternate two sets of ask prices, so
 * that the liquidity one sweep took is not shown again to the next (the venue keeps taken liquidity
 * consumed while its price is shown). Both venues run with a latency jitter of 50 µs (a seeded
 * uniform extra delay per order), as the demo configures.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PaperMatchingBenchmark {
    static final Instrument I =
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
                    new Instrument.Fees(-0.2, 0.5, 0.01, 0));

    @Param({"0", "8", "64"})
    int restingOrders;

    @Param({"probabilistic", "risk-averse", "optimistic"})
    String queueModel;

    private PaperGateway gateway;
    private PaperGateway sweeper;
    private RingEvent bookA;
    private RingEvent bookB;
    private RingEvent sweepA;
    private RingEvent sweepB;
    private boolean sweepFlip;
    private long reports;
    private long time = 1_767_628_800_000_000_000L;
    private long nextId = 1_000_000;
    private boolean flip;

    static RingEvent book(long size) {
        return book(size, 0);
    }

    static RingEvent book(long size, long askShift) {
        RingEvent e = new RingEvent();
        e.type = EventType.BOOK;
        e.instrumentId = 1;
        e.levels = 5;
        for (int l = 0; l < 5; l++) {
            e.askPx[l] = 1_000_000 + askShift + 100L * l;
            e.bidPx[l] = 999_900 - 100L * l;
            e.askQty[l] = size + 10L * l;
            e.bidQty[l] = size + 10L * l;
        }
        return e;
    }

    @Setup
    public void setUp() {
        PaperGateway.ReportSink sink = r -> reports += r.execType;
        PaperGateway.QueueModel model = null;
        for (PaperGateway.QueueModel m : PaperGateway.QueueModel.values()) {
            if (m.configName().equals(queueModel)) {
                model = m;
            }
        }
        if (model == null) {
            throw new IllegalArgumentException("unknown queue model " + queueModel);
        }
        gateway =
                new PaperGateway(
                        sink, List.of(I), new PaperContext().jitterNs(50_000).queueModel(model));
        sweeper = new PaperGateway(sink, List.of(I), new PaperContext().jitterNs(50_000));
        bookA = book(500);
        bookB = book(400);
        sweepA = book(500);
        sweepB = book(500, 1_000);
        next(bookA);
        gateway.onMarketData(bookA);
        for (int k = 0; k < restingOrders; k++) {
            gateway.submit(
                    k + 1,
                    1,
                    Side.BUY,
                    OrderType.LIMIT,
                    TimeInForce.GTC,
                    10,
                    999_900 - 100L * (k % 5),
                    bookA);
        }
        next(bookA);
        gateway.onMarketData(bookA); // the orders arrive and rest
        if (gateway.liveOrders() != restingOrders) {
            throw new IllegalStateException(
                    "expected " + restingOrders + " resting orders, got " + gateway.liveOrders());
        }
        next(sweepA);
        sweeper.onMarketData(sweepA);
    }

    private void next(RingEvent e) {
        time += 1_000_000;
        e.exchangeTimeNs = time;
        e.receiveTimeNs = time;
    }

    /** One book update matched against every resting order. */
    @Benchmark
    @AllocationBound(
            bytesPerOp = 0.5,
            params = "restingOrders=64,queueModel=probabilistic",
            why = Benchmarks.ZERO)
    public long bookUpdate() {
        RingEvent e = flip ? bookA : bookB;
        flip = !flip;
        next(e);
        gateway.onMarketData(e);
        return reports;
    }

    /** A market buy of 1,200 that walks three levels on arrival: three fill reports. */
    @Benchmark
    @AllocationBound(
            bytesPerOp = 0.5,
            params = "restingOrders=64,queueModel=probabilistic",
            why = Benchmarks.ZERO)
    public long submitAndSweep() {
        RingEvent e = sweepFlip ? sweepA : sweepB;
        sweepFlip = !sweepFlip;
        sweeper.submit(nextId++, 1, Side.BUY, OrderType.MARKET, TimeInForce.IOC, 1_200, 0, e);
        next(e);
        sweeper.onMarketData(e);
        return reports;
    }
}
