package io.tickring.bench;

import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.ring.Stage;
import io.tickring.engine.stage.risk.RiskContext;
import io.tickring.engine.stage.risk.RiskStage;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
 * Cost of one risk check with every check of the gate configured on; run with {@code -prof gc} to
 * see that it allocates nothing ({@code gc.alloc.rate.norm} ≈ 0). {@code emptyGate} is the
 * baseline: a stage that only writes the gate's four output fields. Instrument A (the one traded)
 * has a trading session (all day, New York time) and the gate enforces sessions, so the session
 * check converts each event's time to local time instead of taking the around-the-clock shortcut.
 *
 * <ul>
 *   <li>{@code rejectAtLastCheck}: an intent that passes every check and is rejected by the last
 *       one (orders per day): the whole check path, one event.
 *   <li>{@code acceptThenCancel}: an intent that is accepted (order id, reservations, rate window),
 *       then the CANCELED report that releases it, so the state stays steady: two events.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RiskGateBenchmark {
    static final Instrument A =
            new Instrument(
                    1,
                    "SIMA",
                    "SIM",
                    4,
                    100,
                    1,
                    "USD",
                    ZoneId.of("America/New_York"),
                    List.of(new Instrument.SessionWindow(0, 24 * 60)),
                    Instrument.Fees.NONE);
    static final Instrument B =
            new Instrument(
                    2,
                    "SIMB",
                    "SIM",
                    4,
                    100,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE);

    private RiskStage accepting;
    private RiskStage rejecting;
    private Stage empty;
    private RingEvent intent;
    private RingEvent market;
    private RingEvent cancel;
    private long time = 1_767_628_800_000_000_000L;

    static RiskContext limits(long maxOrdersPerDay) {
        return new RiskContext()
                .maxOrderQty(1000)
                .maxPosition(1_000_000)
                .maxOrdersPerSecond(65_536)
                .maxOrdersPerDay(maxOrdersPerDay)
                .cooldownAfterFillNs(1_000_000_000L)
                .minConfidence(0.1)
                .maxPositionNotional(1e12)
                .maxGrossExposure(1e13)
                .maxOrderNotional(1e9)
                .priceBandBps(100)
                .initialCash(1e12)
                .allowShort(false)
                .tPlusOneVenues(List.of("SSE"))
                .dailyLossLimit(1e9)
                .maxDrawdown(1e9)
                .lossHalts(false)
                .maxDataAgeNs(5_000_000_000L)
                .maxScoreAgeNs(1_000_000_000L)
                .clamp(true)
                .instruments(List.of("SIMA", "SIMB"))
                .enforceSessions(true)
                .tradingDayZone("America/New_York");
    }

    @Setup
    public void setUp() {
        accepting = new RiskStage(limits(0), List.of(A, B));
        rejecting = new RiskStage(limits(1), List.of(A, B));
        empty =
                new Stage() {
                    @Override
                    public String name() {
                        return "empty";
                    }

                    @Override
                    public void onEvent(RingEvent e) {
                        e.riskVerdict = 0;
                        e.riskReason = 0;
                        e.approvedQty = 0;
                        e.orderId = 0;
                    }
                };
        intent = new RingEvent();
        intent.type = EventType.BOOK;
        intent.instrumentId = 1;
        intent.levels = 1;
        intent.bidPx[0] = 999_900;
        intent.askPx[0] = 1_000_000;
        intent.bidQty[0] = 500;
        intent.askQty[0] = 500;
        intent.bookValid = true;
        intent.bestBidPx = 999_900;
        intent.bestAskPx = 1_000_000;
        intent.mid = 99.995;
        intent.scored = true;
        intent.pUp = 0.7;
        intent.pDown = 0.1;
        intent.intentSide = Side.BUY;
        intent.intentOrderType = OrderType.LIMIT;
        intent.intentQty = 100;
        intent.intentPx = 1_000_000;
        intent.intentConfidence = 0.7;
        market = new RingEvent();
        market.copyInputFrom(intent);
        market.levels = 3;
        for (int k = 0; k < 3; k++) {
            market.askPx[k] = 1_000_000 + 100 * k;
            market.askQty[k] = 40;
            market.bidPx[k] = 999_900 - 100 * k;
            market.bidQty[k] = 40;
        }
        market.bookValid = true;
        market.bestBidPx = 999_900;
        market.bestAskPx = 1_000_000;
        market.mid = 99.995;
        market.scored = true;
        market.intentSide = Side.BUY;
        market.intentOrderType = OrderType.MARKET;
        market.intentQty = 100; // walks to the third level
        market.intentConfidence = 0.7;
        cancel = new RingEvent();
        cancel.type = EventType.EXEC_REPORT;
        cancel.instrumentId = 1;
        cancel.execType = ExecType.CANCELED;
        cancel.execSide = Side.BUY;
        // One accepted order so the per-day limit of the rejecting gate is used up.
        step();
        rejecting.onEvent(intent);
    }

    private void step() {
        time += 1_000_000; // 1 ms: a thousand orders a second, far inside the rate limit
        intent.exchangeTimeNs = time;
        intent.receiveTimeNs = time;
        market.exchangeTimeNs = time;
        market.receiveTimeNs = time;
        cancel.exchangeTimeNs = time;
        cancel.receiveTimeNs = time;
    }

    @Benchmark
    public long emptyGate() {
        step();
        empty.onEvent(intent);
        return intent.approvedQty;
    }

    @Benchmark
    @AllocationBound(bytesPerOp = 0.5, why = Benchmarks.ZERO)
    public long rejectAtLastCheck() {
        step();
        rejecting.onEvent(intent);
        return intent.riskReason;
    }

    @Benchmark
    @AllocationBound(bytesPerOp = 0.5, why = Benchmarks.ZERO)
    public long acceptThenCancel() {
        step();
        accepting.onEvent(intent);
        cancel.execOrderId = intent.orderId;
        accepting.onEvent(cancel);
        return intent.orderId;
    }

    /** A market order checked at the worst price of a three-level walk, then cancelled. */
    @Benchmark
    @AllocationBound(bytesPerOp = 0.5, why = Benchmarks.ZERO)
    public long acceptMarketThenCancel() {
        step();
        accepting.onEvent(market);
        cancel.execOrderId = market.orderId;
        accepting.onEvent(cancel);
        return market.approvedPx;
    }
}
