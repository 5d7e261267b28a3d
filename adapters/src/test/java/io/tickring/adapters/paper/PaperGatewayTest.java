package io.tickring.adapters.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.Money;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Paper fills against hand-computed books, for {@link PaperGateway} and {@link ReferencePaperVenue}
 * alike; prices are cents (scale 2), one tick is one cent.
 */
class PaperGatewayTest {
    static final Instrument US =
            new Instrument(
                    1,
                    "TEST",
                    "SIM",
                    2,
                    1,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    new Instrument.Fees(-2, 10, 0, 0));
    static final Instrument CN =
            new Instrument(
                    2,
                    "600519",
                    "SSE",
                    2,
                    1,
                    100,
                    "CNY",
                    ZoneId.of("Asia/Shanghai"),
                    List.of(),
                    new Instrument.Fees(2.5, 2.5, 5, 5));

    /**
     * NASDAQ-like: maker rebate 0.2 bps, taker 0.3 bps, minimum 0.35 USD per order (MSFT in the
     * registry).
     */
    static final Instrument NQ =
            new Instrument(
                    3,
                    "MSFT",
                    "NASDAQ",
                    2,
                    1,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    new Instrument.Fees(-0.2, 0.3, 0.35, 0));

    static final long LATENCY = 100_000;

    final List<RingEvent> reports = new ArrayList<>();

    /** The default fill assumptions, a fresh context each time (a concluded one is read-only). */
    static PaperContext defaults() {
        return new PaperContext().latencyNs(LATENCY).seed(7).maxOpenOrders(64);
    }

    PaperVenue gw;

    /** A venue of {@code kind} with the default fill assumptions. */
    void use(PaperVenue.Kind kind) {
        use(kind, defaults());
    }

    void use(PaperVenue.Kind kind, PaperContext config) {
        gw =
                kind.create(
                        r -> {
                            RingEvent copy = new RingEvent();
                            copy.copyInputFrom(r);
                            reports.add(copy);
                        },
                        List.of(US, CN, NQ),
                        config);
    }

    /** The fee of an order filled in one fill, at the stamp-duty schedule's latest rate. */
    static long fee(Instrument i, byte side, long px, long qty, boolean maker) {
        return Money.fee(i, side, px, qty, maker, Long.MAX_VALUE);
    }

    final RingEvent e = new RingEvent();
    long time = 1_000_000_000L;

    /** A BOOK event one millisecond after the last event: asks and bids as {px, qty} pairs. */
    RingEvent book(int instrument, long[][] asks, long[][] bids) {
        time += 1_000_000;
        e.clearInput();
        e.type = EventType.BOOK;
        e.instrumentId = instrument;
        e.exchangeTimeNs = time;
        e.levels = Math.max(asks.length, bids.length);
        for (int l = 0; l < asks.length; l++) {
            e.askPx[l] = asks[l][0];
            e.askQty[l] = asks[l][1];
        }
        for (int l = 0; l < bids.length; l++) {
            e.bidPx[l] = bids[l][0];
            e.bidQty[l] = bids[l][1];
        }
        gw.onMarketData(e);
        return e;
    }

    void trade(int instrument, long px, long qty, byte aggressor) {
        time += 1_000_000;
        e.clearInput();
        e.type = EventType.TRADE;
        e.instrumentId = instrument;
        e.exchangeTimeNs = time;
        e.tradePx = px;
        e.tradeQty = qty;
        e.tradeAggressor = aggressor;
        gw.onMarketData(e);
    }

    static final long[][] ASKS = {{1000, 100}, {1001, 200}, {1002, 300}, {1003, 400}, {1004, 500}};
    static final long[][] BIDS = {{999, 300}, {998, 200}, {997, 100}, {996, 100}, {995, 100}};

    void assertReport(RingEvent r, byte type, long px, long qty, long leaves, long fee) {
        assertEquals(ExecType.name(type), ExecType.name(r.execType));
        assertEquals(px, r.execLastPx, "px");
        assertEquals(qty, r.execLastQty, "qty");
        assertEquals(leaves, r.execLeavesQty, "leaves");
        assertEquals(fee, r.execFee, "fee");
    }

    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldSweepThreeLevelsAtTheBookOfArrival(PaperVenue.Kind kind) {
        use(kind);
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(1, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 450, 1002, cause);
        assertTrue(reports.isEmpty(), "nothing before the order reaches the venue");
        book(
                1,
                new long[][] {{1003, 10}},
                BIDS); // the next book: the order matched the book it arrived at
        assertEquals(3, reports.size());
        // 10 bps taker: 1000.00 -> 1.00; 2002.00 -> 2.00 (2.002); 1503.00 -> 1.50 (1.503)
        assertReport(reports.get(0), ExecType.PARTIAL_FILL, 1000, 100, 350, 100);
        assertReport(reports.get(1), ExecType.PARTIAL_FILL, 1001, 200, 150, 200);
        assertReport(reports.get(2), ExecType.FILL, 1002, 150, 0, 150);
        for (RingEvent r : reports) {
            assertEquals(time + LATENCY, r.exchangeTimeNs, "stamped trigger time + latency");
        }
    }

    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldFillAnIocPartlyAndCancelTheRest(PaperVenue.Kind kind) {
        use(kind);
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(2, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 300, 1000, cause);
        book(1, ASKS, BIDS);
        assertEquals(2, reports.size());
        assertReport(reports.get(0), ExecType.PARTIAL_FILL, 1000, 100, 200, 100);
        assertReport(reports.get(1), ExecType.CANCELED, 0, 0, 0, 0);
        assertEquals(100, reports.get(1).execCumQty);
        assertEquals(0, gw.liveOrders());
    }

    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldCancelAFokThatCannotFillWhole(PaperVenue.Kind kind) {
        use(kind);
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(3, 1, Side.BUY, OrderType.LIMIT, TimeInForce.FOK, 301, 1001, cause);
        gw.submit(4, 1, Side.BUY, OrderType.LIMIT, TimeInForce.FOK, 300, 1001, cause);
        book(1, ASKS, BIDS);
        assertEquals(3, reports.size());
        assertReport(reports.get(0), ExecType.CANCELED, 0, 0, 0, 0);
        assertEquals(0, reports.get(0).execCumQty, "untouched");
        assertEquals(3, reports.get(0).execOrderId);
        assertReport(reports.get(1), ExecType.PARTIAL_FILL, 1000, 100, 200, 100);
        assertReport(reports.get(2), ExecType.FILL, 1001, 200, 0, 200);
    }

    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldFillARestingOrderOnlyAfterTheQueueAheadTradesAway(PaperVenue.Kind kind) {
        use(kind);
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(5, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 999, cause);
        book(1, ASKS, BIDS);
        assertEquals(1, reports.size());
        assertReport(reports.get(0), ExecType.ACK, 0, 0, 100, 0);
        assertEquals(300, gw.queueAhead(5), "displayed size at 9.99 on arrival");
        trade(1, 999, 200, Side.SELL);
        assertEquals(100, gw.queueAhead(5));
        trade(1, 999, 100, Side.BUY); // a buyer's print does not reach the bid queue
        assertEquals(100, gw.queueAhead(5));
        book(1, ASKS, new long[][] {{999, 100}, {998, 200}, {997, 100}, {996, 100}, {995, 100}});
        assertEquals(100, gw.queueAhead(5), "the decrease was the trade, not counted twice");
        assertEquals(1, reports.size(), "no fill while the queue ahead remains");
        trade(1, 999, 150, Side.SELL);
        assertEquals(2, reports.size());
        // maker rebate 2 bps of 499.50 = -0.0999 -> -0.10
        assertReport(reports.get(1), ExecType.PARTIAL_FILL, 999, 50, 50, -10);
        trade(1, 999, 80, Side.SELL);
        assertReport(reports.get(2), ExecType.FILL, 999, 50, 0, -10);
        assertEquals(0, gw.liveOrders());
    }

    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldShrinkTheQueueOnSizeDecreasesAndFillWhenPriceTradesThrough(PaperVenue.Kind kind) {
        use(
                kind,
                defaults()
                        .queueModel(PaperGateway.QueueModel.OPTIMISTIC)
                        .tradeThrough(PaperGateway.TradeThrough.FULL)
                        .penetrationTicks(1));
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(6, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 999, cause);
        book(1, ASKS, BIDS);
        book(1, ASKS, new long[][] {{999, 120}, {998, 200}, {997, 100}, {996, 100}, {995, 100}});
        assertEquals(120, gw.queueAhead(6));
        trade(1, 998, 10, Side.SELL);
        assertReport(reports.get(1), ExecType.FILL, 999, 100, 0, -20);
    }

    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldCancelARestingOrderAfterTheCancelLatency(PaperVenue.Kind kind) {
        use(kind);
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(7, 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 100, 1005, cause);
        book(1, ASKS, BIDS);
        gw.cancel(7, 1, book(1, ASKS, BIDS));
        assertEquals(1, gw.liveOrders(), "the cancel is still on its way");
        book(1, ASKS, BIDS);
        assertReport(reports.get(1), ExecType.CANCELED, 0, 0, 0, 0);
        assertEquals(0, gw.liveOrders());
    }

    @Test
    void shouldChargeCommissionMinimumAndStampDutyToTheCent() {
        // 100 x 1800.00 = 180,000.00 CNY: commission 2.5 bps = 45.00, stamp duty 5 bps on the sell
        // = 90.00
        assertEquals(13_500, fee(CN, Side.SELL, 180_000, 100, false));
        assertEquals(4_500, fee(CN, Side.BUY, 180_000, 100, false));
        // 100 x 10.00 = 1,000.00 CNY: commission 0.25 -> minimum 5.00; stamp duty 0.50
        assertEquals(550, fee(CN, Side.SELL, 1_000, 100, false));
        assertEquals(500, fee(CN, Side.BUY, 1_000, 100, true));
        // 10 bps of 1504.50 = 1.5045 -> 1.50 (half up to the cent)
        assertEquals(150, fee(US, Side.SELL, 1_003, 150, false));
        // 10 bps of 1,005.00 = 1.005 -> 1.01
        assertEquals(101, fee(US, Side.BUY, 1_005, 100, false));
    }

    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldChargeTheMinimumCommissionOncePerOrderNotPerFill(PaperVenue.Kind kind) {
        use(kind);
        // Issue 9 f: three fills of one order each paid the 5 CNY minimum (15.00 in all).
        RingEvent cause =
                book(
                        2,
                        new long[][] {{1000, 100}, {1001, 100}, {1002, 100}},
                        new long[][] {{999, 100}});
        gw.submit(20, 2, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 300, 1002, cause);
        book(2, new long[][] {{1003, 100}}, new long[][] {{999, 100}});
        assertEquals(3, reports.size());
        // commissions 1,000.00 / 1,001.00 / 1,002.00 × 2.5 bps = 0.25 / 0.25025 / 0.2505 → 0.25
        // each, 0.75 in all:
        // the order owes the minimum, 5.00, charged with its first fill and nothing after.
        assertReport(reports.get(0), ExecType.PARTIAL_FILL, 1000, 100, 200, 500);
        assertReport(reports.get(1), ExecType.PARTIAL_FILL, 1001, 100, 100, 0);
        assertReport(reports.get(2), ExecType.FILL, 1002, 100, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldPayAMakerRebateUnderTwoHundredFiftyDollarsNotTheMinimum(PaperVenue.Kind kind) {
        use(kind);
        // Issue 9 f: a maker fill whose rebate rounded to 0 was charged the 0.35 minimum.
        RingEvent cause = book(3, new long[][] {{24002, 10}}, new long[][] {{24000, 10}});
        gw.submit(21, 3, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 1, 24001, cause);
        book(3, new long[][] {{24002, 10}}, new long[][] {{24000, 10}});
        assertReport(reports.get(0), ExecType.ACK, 0, 0, 1, 0);
        trade(3, 24001, 1, Side.SELL);
        assertEquals(2, reports.size());
        // 1 × 240.01 × −0.2 bps = −0.0048002 → −0.00: the rebate rounds to nothing, and nothing is
        // charged.
        assertReport(reports.get(1), ExecType.FILL, 24001, 1, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldNeverStampAReportEarlierThanTriggerPlusFixedLatency(PaperVenue.Kind kind) {
        use(kind, defaults().jitterNs(3 * 1_000_000).seed(11));
        PaperVenue jittery = gw;
        long last = 0;
        for (int k = 0; k < 200; k++) {
            time += 700_000;
            e.clearInput();
            e.type = EventType.BOOK;
            e.instrumentId = 1;
            e.exchangeTimeNs = time;
            e.levels = 5;
            for (int l = 0; l < 5; l++) {
                e.askPx[l] = ASKS[l][0];
                e.askQty[l] = ASKS[l][1];
                e.bidPx[l] = BIDS[l][0];
                e.bidQty[l] = BIDS[l][1];
            }
            int before = reports.size();
            jittery.onMarketData(e);
            for (int i = before; i < reports.size(); i++) {
                assertTrue(reports.get(i).exchangeTimeNs >= time + LATENCY);
            }
            jittery.submit(
                    100 + k,
                    1,
                    k % 2 == 0 ? Side.BUY : Side.SELL,
                    OrderType.MARKET,
                    TimeInForce.IOC,
                    10,
                    0,
                    e);
            last = time;
        }
        assertTrue(last > 0);
        assertTrue(
                reports.stream().filter(r -> r.execLastQty > 0).count() > 150,
                "market orders fill once they arrive");
    }

    long filled(long orderId) {
        long q = 0;
        for (RingEvent r : reports) {
            if (r.execOrderId == orderId) {
                q += r.execLastQty;
            }
        }
        return q;
    }

    static long[][] bidsWith(long px, long qty) {
        long[][] b = BIDS.clone();
        for (int l = 0; l < b.length; l++) {
            if (b[l][0] == px) {
                b[l] = new long[] {px, qty};
            }
        }
        return b;
    }

    /**
     * Issue 9 a: the next BOOK shows what we took again; it stays taken until the level refills.
     */
    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldNotTakeTheSameLiquidityTwice(PaperVenue.Kind kind) {
        use(kind);
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(10, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 300, 1000, cause);
        book(1, ASKS, BIDS);
        assertReport(reports.get(0), ExecType.PARTIAL_FILL, 1000, 100, 200, 100);
        assertReport(reports.get(1), ExecType.ACK, 0, 0, 200, 0);
        book(1, ASKS, BIDS);
        book(1, ASKS, BIDS);
        assertEquals(100, filled(10), "the 100 shown at 10.00 were ours already");
        long[][] refilled = ASKS.clone();
        refilled[0] = new long[] {1000, 160};
        book(1, refilled, BIDS);
        // 60 new at 10.00 meet our bid: a maker fill at our price; 2 bps rebate of 600.00 = -0.12
        assertReport(reports.get(2), ExecType.PARTIAL_FILL, 1000, 60, 140, -12);
        book(1, refilled, BIDS);
        assertEquals(160, filled(10));
        assertEquals(1, gw.liveOrders());
    }

    /** Issue 9 a, on arrival: a second order does not take what the first one took. */
    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldShareTheShownLiquidityBetweenOurTakers(PaperVenue.Kind kind) {
        use(kind);
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(11, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 80, 1000, cause);
        book(1, ASKS, BIDS);
        cause = book(1, ASKS, BIDS);
        gw.submit(12, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 80, 1000, cause);
        book(1, ASKS, BIDS);
        assertEquals(80, filled(11));
        assertEquals(20, filled(12), "80 of the 100 shown were taken by order 11");
    }

    /** Issue 9 b: a 1-lot print through our price fills one lot, not the whole remainder. */
    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldFillAtMostThePrintedSizeThroughOurPrice(PaperVenue.Kind kind) {
        use(kind);
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(13, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 980, 999, cause);
        book(1, ASKS, BIDS);
        trade(1, 998, 1, Side.SELL);
        assertReport(reports.get(1), ExecType.PARTIAL_FILL, 999, 1, 979, 0);
        assertEquals(
                0, gw.queueAhead(13), "the market traded through us: nothing is ahead any more");
    }

    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldFillTheWholeRemainderThroughOurPriceWhenFull(PaperVenue.Kind kind) {
        use(
                kind,
                defaults()
                        .queueModel(PaperGateway.QueueModel.PROBABILISTIC)
                        .tradeThrough(PaperGateway.TradeThrough.FULL)
                        .penetrationTicks(1));
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(14, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 980, 999, cause);
        book(1, ASKS, BIDS);
        trade(1, 998, 1, Side.SELL);
        assertEquals(980, filled(14));
    }

    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldFillOnlyOnceThePrintsArePenetrationTicksThrough(PaperVenue.Kind kind) {
        use(
                kind,
                defaults()
                        .queueModel(PaperGateway.QueueModel.PROBABILISTIC)
                        .tradeThrough(PaperGateway.TradeThrough.PENETRATION)
                        .penetrationTicks(2));
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(15, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 980, 999, cause);
        book(1, ASKS, BIDS);
        trade(1, 998, 500, Side.SELL);
        assertEquals(0, filled(15), "one tick through is not enough");
        trade(1, 997, 1, Side.SELL);
        assertReport(
                reports.get(1), ExecType.FILL, 999, 980, 0, -196); // 2 bps of 9,790.20 = 1.95804
    }

    /** Issue 9 c: one print is shared among our orders at its price in time priority. */
    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldShareOnePrintAmongOurOrdersAtItsPrice(PaperVenue.Kind kind) {
        use(kind);
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(16, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 999, cause);
        gw.submit(17, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 999, cause);
        book(1, ASKS, BIDS);
        assertEquals(300, gw.queueAhead(16));
        assertEquals(
                300, gw.queueAhead(17), "the displayed book does not contain our own order 16");
        trade(1, 999, 350, Side.SELL);
        assertEquals(50, filled(16), "300 ahead, then 50 for the first order");
        assertEquals(0, filled(17), "nothing of the print is left for the second");
        trade(1, 999, 70, Side.SELL);
        assertEquals(100, filled(16));
        assertEquals(20, filled(17));
    }

    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldShareAPrintThroughSeveralPricesInPriceTimePriority(PaperVenue.Kind kind) {
        use(kind);
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(18, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 30, 998, cause);
        gw.submit(19, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 30, 999, cause);
        book(1, ASKS, BIDS);
        trade(1, 997, 40, Side.SELL);
        assertEquals(30, filled(19), "the better price first");
        assertEquals(10, filled(18));
    }

    /**
     * Issue 9 d: beyond the visible depth the queue is unknown, and the displayed size once it
     * shows.
     */
    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldQueueBehindTheDisplayedSizeWhenADeepLevelAppears(PaperVenue.Kind kind) {
        use(kind);
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(20, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 10, 994, cause);
        book(1, ASKS, BIDS);
        assertEquals(-1, gw.queueAhead(20), "beyond the five visible bid levels");
        trade(1, 994, 1, Side.SELL);
        assertEquals(0, filled(20), "a print at an unseen level does not reach us");
        book(1, ASKS, new long[][] {{998, 200}, {997, 100}, {996, 100}, {995, 100}, {994, 5000}});
        assertEquals(5000, gw.queueAhead(20));
        trade(1, 994, 1, Side.SELL);
        assertEquals(0, filled(20));
        assertEquals(4999, gw.queueAhead(20));
    }

    /** Issue 9 e: cancels behind us do not all come off the queue ahead. */
    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldSplitADecreaseBetweenAheadAndBehindByTheQueueModel(PaperVenue.Kind kind) {
        // 300 ahead, 200 join behind, 200 leave: x^2 puts 9/13 of it ahead, 138.46 -> 138.
        assertEquals(162, aheadAfterCancelsBehind(kind, defaults()));
        assertEquals(
                300,
                aheadAfterCancelsBehind(
                        kind,
                        defaults()
                                .queueModel(PaperGateway.QueueModel.RISK_AVERSE)
                                .tradeThrough(PaperGateway.TradeThrough.PRINT_SIZE)
                                .penetrationTicks(1)));
        assertEquals(
                100,
                aheadAfterCancelsBehind(
                        kind,
                        defaults()
                                .queueModel(PaperGateway.QueueModel.OPTIMISTIC)
                                .tradeThrough(PaperGateway.TradeThrough.PRINT_SIZE)
                                .penetrationTicks(1)));
        // ln(301) = 5.7071, ln(201) = 5.3033: 0.5183 of 200 = 103.66 -> 104 ahead
        PaperContext log = defaults().queueFunction(PaperGateway.QueueFunction.LOG).queuePower(1);
        assertEquals(196, aheadAfterCancelsBehind(kind, log));
    }

    long aheadAfterCancelsBehind(PaperVenue.Kind kind, PaperContext config) {
        reports.clear();
        use(kind, config);
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(21, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 999, cause);
        book(1, ASKS, BIDS);
        assertEquals(300, gw.queueAhead(21));
        book(1, ASKS, bidsWith(999, 500));
        assertEquals(300, gw.queueAhead(21), "an increase joins behind us");
        book(1, ASKS, BIDS);
        return gw.queueAhead(21);
    }

    @ParameterizedTest
    @EnumSource(PaperVenue.Kind.class)
    void shouldTakeADecreaseFromAheadWhenNothingIsBehind(PaperVenue.Kind kind) {
        use(kind);
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(22, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 999, cause);
        book(1, ASKS, BIDS);
        trade(1, 999, 50, Side.SELL);
        book(1, ASKS, bidsWith(999, 170));
        // 300 - 50 traded = 250 expected; 80 more left, and nothing was behind us
        assertEquals(170, gw.queueAhead(22));
    }
}
