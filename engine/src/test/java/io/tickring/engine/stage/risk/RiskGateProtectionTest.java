package io.tickring.engine.stage.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.ParameterException;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskReason;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.stage.strategy.StrategyContext;
import io.tickring.engine.stage.strategy.StrategyStage;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What used to slip past the gate (issue 9): market orders walking the book beyond the touch, a
 * loss trip that left resting orders in the market, a silent feed, and full open-order slots named
 * as a rate limit. Prices are at scale 2: 10_000 is 100.00.
 */
class RiskGateProtectionTest {
    static final long T0 = 1_767_578_400_000_000_000L;
    static final Instrument US =
            new Instrument(
                    1,
                    "SIMA",
                    "SIM",
                    2,
                    1,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE);
    static final Instrument OTHER =
            new Instrument(
                    2,
                    "SIMB",
                    "SIM",
                    2,
                    1,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE);

    static final Instrument SH =
            new Instrument(
                    3,
                    "600519",
                    "SSE",
                    2,
                    1,
                    100,
                    "CNY",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE);

    final RingEvent e = new RingEvent();
    int instrument = US.id();

    static RiskContext context() {
        return new RiskContext()
                .maxOrderQty(100_000)
                .maxPosition(100_000)
                .maxOrdersPerSecond(RiskStage.MAX_RATE + 1);
    }

    /** A BOOK of {@code i} with the given ask and bid levels, {px, qty, px, qty, ...}. */
    void book(long time, long[] asks, long[] bids) {
        e.clearInput();
        e.type = EventType.BOOK;
        e.instrumentId = instrument;
        e.exchangeTimeNs = time;
        e.receiveTimeNs = time;
        e.levels = Math.max(asks.length, bids.length) / 2;
        for (int k = 0; k < asks.length / 2; k++) {
            e.askPx[k] = asks[2 * k];
            e.askQty[k] = asks[2 * k + 1];
        }
        for (int k = 0; k < bids.length / 2; k++) {
            e.bidPx[k] = bids[2 * k];
            e.bidQty[k] = bids[2 * k + 1];
        }
        e.bookValid = true;
        e.bestAskPx = e.askPx[0];
        e.bestBidPx = e.bidPx[0];
        e.mid = (e.askPx[0] + e.bidPx[0]) / 200.0;
        e.scored = true;
        e.intentSide = Side.NONE;
    }

    void market(RiskStage gate, long time, long[] asks, long[] bids, byte side, long qty) {
        book(time, asks, bids);
        e.intentSide = side;
        e.intentOrderType = OrderType.MARKET;
        e.intentQty = qty;
        e.intentPx = 0;
        e.intentConfidence = 1;
        gate.onEvent(e);
    }

    void limit(RiskStage gate, long time, byte side, long qty, long px) {
        book(time, new long[] {10_000, 1_000}, new long[] {9_999, 1_000});
        e.intentSide = side;
        e.intentOrderType = OrderType.LIMIT;
        e.intentQty = qty;
        e.intentPx = px;
        e.intentConfidence = 1;
        gate.onEvent(e);
    }

    void fill(RiskStage gate, long time, long orderId, byte side, long qty, long px) {
        e.clearInput();
        e.type = EventType.EXEC_REPORT;
        e.instrumentId = instrument;
        e.exchangeTimeNs = time;
        e.execOrderId = orderId;
        e.execType = ExecType.PARTIAL_FILL;
        e.execSide = side;
        e.execLastQty = qty;
        e.execLastPx = px;
        e.bookValid = false;
        e.scored = false;
        e.intentSide = Side.NONE;
        gate.onEvent(e);
    }

    @Test
    void shouldCheckAMarketBuyAtTheDeepestLevelItWalksNotAtTheTouch() {
        RiskStage gate =
                new RiskStage(context().maxOrderNotional(1_200).marketCollarBps(200), List.of(US));
        // 12 at the touch (100.00) is 1,200, but 12 walks to 101.00: 5×100 + 5×100.50 + 2×101.
        market(
                gate,
                T0,
                new long[] {10_000, 5, 10_050, 5, 10_100, 100},
                new long[] {9_999, 100},
                Side.BUY,
                12);

        assertEquals(RiskVerdict.CLAMP, e.riskVerdict);
        assertEquals(RiskReason.MAX_ORDER_NOTIONAL, e.riskReason);
        assertEquals(11, e.approvedQty, "floor(1,200 / 101.00)");
        assertEquals(10_100, e.approvedPx, "sent as a limit at the worst level it reaches");
        assertTrue(e.approvedQty * e.approvedPx <= 1_200 * 100);
    }

    @Test
    void shouldCapAMarketOrderAtTheCollarWhenTheBookIsThinOrFar() {
        RiskStage gate = new RiskStage(context().marketCollarBps(50), List.of(US));
        market(
                gate,
                T0,
                new long[] {10_000, 5, 11_000, 100},
                new long[] {9_999, 100},
                Side.BUY,
                10);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict);
        assertEquals(10_050, e.approvedPx, "100.00 + 50 bps; the 110.00 level is beyond it");

        gate = new RiskStage(context().marketCollarBps(50), List.of(US)); // no open buy to cross
        market(
                gate,
                T0 + 1,
                new long[] {10_001, 100},
                new long[] {10_000, 5, 9_950, 5, 9_000, 100},
                Side.SELL,
                8);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict);
        assertEquals(9_950, e.approvedPx, "the sell walks to 99.50, inside the 99.50 collar");

        gate = new RiskStage(context().marketCollarBps(50), List.of(US));
        market(gate, T0 + 2, new long[] {10_000, 5}, new long[] {9_999, 5}, Side.BUY, 1_000);
        assertEquals(10_050, e.approvedPx, "too thin: the collar itself");
    }

    @Test
    void shouldHoldCashForWhatAMarketBuyActuallyPays() {
        // The case: cash 1,000 and an order notional cap of 600; the touch is 10.00.
        RiskStage gate =
                new RiskStage(
                        context().initialCash(1_000).maxOrderNotional(600).marketCollarBps(5_000),
                        List.of(US));
        market(
                gate,
                T0,
                new long[] {1_000, 20, 1_400, 20, 5_000, 100},
                new long[] {990, 100},
                Side.BUY,
                100);

        // 100 walks past the collar (10.00 + 50% = 15.00), so it is checked at 15.00: 40 fit the
        // 600 cap. 40 walk no deeper than 14.00, the limit it goes out at.
        assertEquals(RiskVerdict.CLAMP, e.riskVerdict);
        assertEquals(RiskReason.MAX_ORDER_NOTIONAL, e.riskReason);
        assertEquals(40, e.approvedQty, "floor(600 / 15.00)");
        assertEquals(1_400, e.approvedPx);
        assertTrue(e.approvedQty * e.approvedPx / 100.0 <= 600, "order notional on any fill");
    }

    @Test
    void shouldHoldMarketOrdersToThePriceBand() {
        RiskStage gate =
                new RiskStage(context().priceBandBps(20).marketCollarBps(100), List.of(US));
        market(gate, T0, new long[] {10_000, 1, 10_090, 100}, new long[] {9_999, 100}, Side.BUY, 5);

        assertEquals(RiskVerdict.REJECT, e.riskVerdict);
        assertEquals(RiskReason.name(RiskReason.PRICE_BAND), RiskReason.name(e.riskReason));

        market(gate, T0 + 1, new long[] {10_000, 100}, new long[] {9_999, 100}, Side.BUY, 5);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict, "within the band at the touch");
        assertEquals(10_000, e.approvedPx);
    }

    @Test
    void shouldRefuseACollarOutOfRange() {
        assertThrows(
                ParameterException.class,
                () -> new RiskStage(context().marketCollarBps(0), List.of(US)));
        assertThrows(
                ParameterException.class,
                () -> new RiskStage(context().marketCollarBps(5_001), List.of(US)));
    }

    @Test
    void shouldAskForCancelsOnTheEventWhoseLossTripsTheGate() {
        for (boolean halts : new boolean[] {true, false}) {
            RiskStage gate =
                    new RiskStage(
                            context().initialCash(100_000).dailyLossLimit(50).lossHalts(halts),
                            List.of(US));
            limit(gate, T0, Side.BUY, 100, 10_000);
            long first = e.orderId;
            limit(gate, T0 + 1, Side.BUY, 100, 9_990);
            assertFalse(e.riskCancelAll);
            fill(gate, T0 + 2, first, Side.BUY, 100, 10_000);
            assertFalse(e.riskCancelAll, "no loss yet");

            // The book drops 1.00: 100 × 1.00 = 100 lost, past the 50 limit.
            book(T0 + 3, new long[] {9_900, 100}, new long[] {9_899, 100});
            gate.onEvent(e);
            assertTrue(e.riskCancelAll, "the trip cancels resting orders, halts " + halts);
            assertEquals(halts ? RiskStage.HALTED : RiskStage.REDUCING, gate.state());

            book(T0 + 4, new long[] {9_800, 100}, new long[] {9_799, 100});
            gate.onEvent(e);
            assertFalse(e.riskCancelAll, "once per trip");
        }
    }

    @Test
    void shouldJudgeABooksAgeAgainstTheNewestEventTimeTimersIncluded() {
        RiskStage gate = new RiskStage(context().maxDataAgeNs(1_000_000_000L), List.of(US, OTHER));
        book(T0, new long[] {10_000, 100}, new long[] {9_999, 100});
        gate.onEvent(e);
        // Time moves on without this instrument's feed: a timer 5 s later.
        e.clearInput();
        e.type = EventType.TIMER;
        e.instrumentId = 0;
        e.exchangeTimeNs = T0 + 5_000_000_000L;
        e.receiveTimeNs = e.exchangeTimeNs;
        e.bookValid = false;
        e.scored = false;
        e.intentSide = Side.NONE;
        gate.onEvent(e);
        // A late event of the silent feed, stamped before the timer, carries an intent.
        book(T0 + 1_000, new long[] {10_000, 100}, new long[] {9_999, 100});
        e.intentSide = Side.BUY;
        e.intentOrderType = OrderType.LIMIT;
        e.intentQty = 10;
        e.intentPx = 10_000;
        e.intentConfidence = 1;
        gate.onEvent(e);

        assertEquals(RiskVerdict.REJECT, e.riskVerdict);
        assertEquals(RiskReason.name(RiskReason.STALE_MARKET_DATA), RiskReason.name(e.riskReason));
    }

    @Test
    void shouldNameFullOpenOrderSlotsWithTheirOwnReason() {
        RiskStage gate = new RiskStage(context(), List.of(US));
        for (int k = 0; k < RiskStage.MAX_OPEN; k++) {
            limit(gate, T0 + k, Side.BUY, 1, 9_000);
            assertEquals(RiskVerdict.ACCEPT, e.riskVerdict);
        }
        limit(gate, T0 + RiskStage.MAX_OPEN, Side.BUY, 1, 9_000);

        assertEquals(RiskVerdict.REJECT, e.riskVerdict);
        assertEquals(RiskReason.name(RiskReason.OPEN_ORDER_SLOTS), RiskReason.name(e.riskReason));
        assertEquals("OPEN_ORDER_SLOTS", RiskReason.name(28), "appended, never renumbered");
    }

    @Test
    void shouldLetAnOddLotRemainderBeSoldWholeAndNothingElseOdd() {
        instrument = SH.id();
        long day = 86_400_000_000_000L;
        RiskStage gate =
                new RiskStage(context().tPlusOneVenues(List.of("SSE")).clamp(false), List.of(SH));
        limit(gate, T0, Side.BUY, 100, 10_000);
        long id = e.orderId;
        fill(gate, T0 + 1, id, Side.BUY, 18, 10_000); // an IOC buy filled an odd 18
        fill(gate, T0 + 1, id, Side.BUY, 0, 0);
        e.execType = ExecType.CANCELED; // and the rest was cancelled
        gate.onEvent(e);
        limit(gate, T0 + 2, Side.BUY, 18, 10_000);
        assertEquals(RiskReason.name(RiskReason.LOT_SIZE), RiskReason.name(e.riskReason));
        limit(gate, T0 + 3, Side.SELL, 18, 9_999);
        assertEquals(
                RiskReason.name(RiskReason.SELLABLE_QTY),
                RiskReason.name(e.riskReason),
                "bought today: T+1");

        limit(gate, T0 + day, Side.SELL, 10, 9_999);
        assertEquals(RiskReason.name(RiskReason.LOT_SIZE), RiskReason.name(e.riskReason));
        limit(gate, T0 + day + 1, Side.SELL, 18, 9_999);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict, "the odd remainder, sold whole");
        assertEquals(18, e.approvedQty);
        limit(gate, T0 + day + 2, Side.SELL, 18, 9_999);
        assertEquals(RiskVerdict.REJECT, e.riskVerdict, "the remainder is already being sold");
    }

    @Test
    void shouldTripStaleScoreForTheShippedStrategyOnAHeldScore() {
        StrategyStage strategy =
                new StrategyStage(
                        new StrategyContext()
                                .cooldownNs(0)
                                .scoreHoldNs(5_000_000_000L)
                                .orderQty(10),
                        List.of(US));
        RiskStage gate = new RiskStage(context().maxScoreAgeNs(1_000_000_000L), List.of(US));
        book(T0, new long[] {10_000, 100}, new long[] {9_999, 100});
        e.pUp = 0.9;
        e.pDown = 0.05;
        strategy.onEvent(e);
        gate.onEvent(e);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict, "on a fresh score");

        // The model skips books (score_every, min_interval): the strategy decides on the held
        // score, and the gate compares its time with the event being decided.
        book(T0 + 2_000_000_000L, new long[] {10_000, 100}, new long[] {9_999, 100});
        e.scored = false;
        strategy.onEvent(e);
        assertEquals(Side.BUY, e.intentSide);
        gate.onEvent(e);
        assertEquals(RiskVerdict.REJECT, e.riskVerdict);
        assertEquals(RiskReason.name(RiskReason.STALE_SCORE), RiskReason.name(e.riskReason));
    }
}
