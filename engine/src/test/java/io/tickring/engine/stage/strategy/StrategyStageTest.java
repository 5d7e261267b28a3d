package io.tickring.engine.stage.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entries, exits and sizing of the strategy on hand-made events; prices at scale 2. */
class StrategyStageTest {
    static final Instrument I =
            new Instrument(
                    1,
                    "X",
                    "SIM",
                    2,
                    5,
                    10,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE);
    // New York session 09:30-16:00; 2026-01-05 is a Monday, 20:59 UTC = 15:59 local.
    static final Instrument NY =
            new Instrument(
                    2,
                    "NY",
                    "NASDAQ",
                    2,
                    1,
                    1,
                    "USD",
                    ZoneId.of("America/New_York"),
                    List.of(new Instrument.SessionWindow(570, 960)),
                    Instrument.Fees.NONE);
    static final long T0 = 1_767_628_800_000_000_000L; // 2026-01-05T16:00:00Z

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
    long now = T0;

    static StrategyContext params(
            StrategyStage.Sizing sizing, double tp, double sl, long maxHoldNs, long flatNs) {
        return new StrategyContext()
                .threshold(0.3)
                .minConfidence(0.5)
                .orderQty(100)
                .maxPosition(1000)
                .cooldownNs(0)
                .sizing(sizing)
                .notional(5_000)
                .riskFraction(0.01)
                .kellyFraction(0.5)
                .kellyCap(0.2)
                .capital(100_000)
                .takeProfitBps(tp)
                .stopLossBps(sl)
                .maxHoldNs(maxHoldNs)
                .flatBeforeCloseNs(flatNs)
                .sentimentWeight(0);
    }

    void book(
            StrategyStage s,
            int instrument,
            long time,
            long bid,
            long ask,
            double pUp,
            double pDown) {
        e.clearInput();
        e.type = EventType.BOOK;
        e.instrumentId = instrument;
        e.exchangeTimeNs = time;
        now = time;
        e.bookValid = true;
        e.bestBidPx = bid;
        e.bestAskPx = ask;
        e.mid = (bid + ask) / 200.0;
        e.scored = true;
        e.pUp = pUp;
        e.pDown = pDown;
        e.pFlat = 1 - pUp - pDown;
        s.onEvent(e);
    }

    void fill(StrategyStage s, int instrument, byte side, long qty, long px) {
        e.clearInput();
        e.type = EventType.EXEC_REPORT;
        e.instrumentId = instrument;
        e.exchangeTimeNs = now; // fills land at the time of the last book
        e.execType = ExecType.FILL;
        e.execSide = side;
        e.execLastQty = qty;
        e.execLastPx = px;
        s.onEvent(e);
    }

    @Test
    void shouldEnterOnlyPastTheThresholdAndTheMinimumConfidence() {
        StrategyStage s =
                new StrategyStage(params(StrategyStage.Sizing.FIXED_QTY, 0, 0, 0, 0), List.of(I));
        book(s, 1, T0, 10_000, 10_010, 0.45, 0.2); // edge 0.25 < 0.3
        assertEquals(Side.NONE, e.intentSide);
        book(s, 1, T0, 10_000, 10_010, 0.45, 0.1); // edge 0.35 but p(up) 0.45 < 0.5
        assertEquals(Side.NONE, e.intentSide);
        book(s, 1, T0, 10_000, 10_012, 0.6, 0.1);
        assertEquals(Side.BUY, e.intentSide);
        assertEquals(100, e.intentQty);
        assertEquals(10_015, e.intentPx, "the ask rounded up to the 0.05 tick");
        assertEquals(0.6, e.intentConfidence);
        book(s, 1, T0, 10_003, 10_010, 0.1, 0.7);
        assertEquals(Side.SELL, e.intentSide);
        assertEquals(10_000, e.intentPx, "the bid rounded down to the tick");
    }

    @Test
    void shouldSizeByNotionalRiskFractionAndKellyRoundedToTheLot() {
        StrategyStage notional =
                new StrategyStage(
                        params(StrategyStage.Sizing.FIXED_NOTIONAL, 100, 50, 0, 0), List.of(I));
        book(notional, 1, T0, 9_990, 10_000, 0.7, 0.1);
        assertEquals(50, e.intentQty, "5,000 / 100.00 = 50");
        StrategyStage risk =
                new StrategyStage(
                        params(StrategyStage.Sizing.RISK_FRACTION, 100, 50, 0, 0), List.of(I));
        book(risk, 1, T0, 9_990, 10_000, 0.7, 0.1);
        // 1% of 100,000 = 1,000 at risk; stop 50 bps of 100.00 = 0.50 per share: 2,000 shares,
        // capped by 1000 position
        assertEquals(1000, e.intentQty);
        StrategyStage kelly =
                new StrategyStage(params(StrategyStage.Sizing.KELLY, 100, 50, 0, 0), List.of(I));
        book(kelly, 1, T0, 9_990, 10_000, 0.55, 0.1);
        // b = 2, f* = 0.55 - 0.45 / 2 = 0.325; half Kelly 0.1625; 16,250 / 100.00 = 162.5 -> 160 in
        // lots of 10
        assertEquals(160, e.intentQty);
    }

    @Test
    void shouldExitByTakeProfitStopLossAndHoldingTime() {
        StrategyStage s =
                new StrategyStage(
                        params(StrategyStage.Sizing.FIXED_QTY, 100, 50, 60_000_000_000L, 0),
                        List.of(I));
        fill(s, 1, Side.BUY, 100, 10_000);
        book(s, 1, T0, 10_090, 10_100, 0.4, 0.4); // mid 100.95: +95 bps
        assertEquals(Side.NONE, e.intentSide);
        book(s, 1, T0 + 1, 10_100, 10_110, 0.4, 0.4); // +105 bps
        assertEquals(Side.SELL, e.intentSide);
        assertEquals(100, e.intentQty);
        assertEquals(1.0, e.intentConfidence);
        book(s, 1, T0 + 2, 9_940, 9_950, 0.4, 0.4); // -55 bps
        assertEquals(Side.NONE, e.intentSide, "the exit in flight covers the position");
        cancel(s, 1, Side.SELL); // the IOC exit found nothing at its price
        book(s, 1, T0 + 3, 9_940, 9_950, 0.4, 0.4);
        assertEquals(Side.SELL, e.intentSide, "stop-loss");
        book(s, 1, T0 + 60_000_000_000L, 10_000, 10_010, 0.4, 0.4);
        assertEquals(Side.SELL, e.intentSide, "held for the maximum time");
    }

    @Test
    void shouldGoFlatBeforeTheSessionEndsAndNotEnterThen() {
        StrategyStage s =
                new StrategyStage(
                        params(StrategyStage.Sizing.FIXED_QTY, 0, 0, 0, 300_000_000_000L),
                        List.of(NY));
        long at1550 = T0 + (4 * 60 + 50) * 60_000_000_000L; // 15:50 New York
        long at1556 = at1550 + 6 * 60_000_000_000L;
        book(s, 2, at1550, 10_000, 10_001, 0.8, 0.1);
        assertEquals(Side.BUY, e.intentSide);
        fill(s, 2, Side.BUY, 100, 10_001);
        book(s, 2, at1556, 10_000, 10_001, 0.8, 0.1);
        assertEquals(Side.SELL, e.intentSide, "flat in the last five minutes");
        fill(s, 2, Side.SELL, 100, 10_000);
        book(s, 2, at1556 + 1, 10_000, 10_001, 0.8, 0.1);
        assertEquals(Side.NONE, e.intentSide, "no entry in the last five minutes");
    }

    @Test
    void shouldExitAnOddLotPositionWholeAndTradeAgainAfterIt() {
        StrategyStage s =
                new StrategyStage(params(StrategyStage.Sizing.FIXED_QTY, 0, 50, 0, 0), List.of(SH));
        book(s, 3, T0, 10_000, 10_001, 0.8, 0.1);
        assertEquals(Side.BUY, e.intentSide);
        assertEquals(100, e.intentQty);
        fill(s, 3, Side.BUY, 18, 10_001); // the IOC buy filled an odd 18

        book(s, 3, T0 + 1, 9_900, 9_901, 0.8, 0.1); // 100 bps down: the stop
        assertEquals(Side.SELL, e.intentSide, "the exit sells the odd 18 whole");
        assertEquals(18, e.intentQty);
        fill(s, 3, Side.SELL, 18, 9_900);

        book(s, 3, T0 + 2, 9_900, 9_901, 0.8, 0.1);
        assertEquals(Side.BUY, e.intentSide, "flat again: entries resume");
        assertEquals(100, e.intentQty);
    }

    @Test
    void shouldCountIntentsInFlightTowardTheMaximumPosition() {
        StrategyStage s =
                new StrategyStage(
                        params(StrategyStage.Sizing.FIXED_QTY, 0, 0, 0, 0)
                                .maxPosition(250)
                                .inFlightTimeoutNs(1_000_000_000L),
                        List.of(I));
        book(s, 1, T0, 10_000, 10_010, 0.8, 0.1);
        assertEquals(100, e.intentQty);
        book(s, 1, T0 + 1, 10_000, 10_010, 0.8, 0.1);
        assertEquals(100, e.intentQty, "200 in flight");
        book(s, 1, T0 + 2, 10_000, 10_010, 0.8, 0.1);
        assertEquals(50, e.intentQty, "250 - 200 in flight");
        book(s, 1, T0 + 3, 10_000, 10_010, 0.8, 0.1);
        assertEquals(Side.NONE, e.intentSide, "the limit is taken by orders not yet filled");

        fill(s, 1, Side.BUY, 100, 10_010); // the first fills
        cancel(s, 1, Side.BUY); // the second is cancelled unfilled
        book(s, 1, T0 + 4, 10_000, 10_010, 0.8, 0.1);
        assertEquals(100, e.intentQty, "250 - 100 held - 50 in flight, rounded to the lot");

        book(s, 1, T0 + 5, 10_000, 10_010, 0.8, 0.1);
        assertEquals(Side.NONE, e.intentSide, "100 held, 150 in flight");

        // Intents no report resolves (the gate rejected them) leave after the timeout.
        book(s, 1, T0 + 2_000_000_000L, 10_000, 10_010, 0.8, 0.1);
        assertEquals(Side.BUY, e.intentSide);
        assertEquals(100, e.intentQty, "room 150 again, one order of 100");
    }

    void cancel(StrategyStage s, int instrument, byte side) {
        e.clearInput();
        e.type = EventType.EXEC_REPORT;
        e.instrumentId = instrument;
        e.exchangeTimeNs = now;
        e.execType = ExecType.CANCELED;
        e.execSide = side;
        s.onEvent(e);
    }

    @Test
    void shouldEnterOnAHeldScoreOnlyWithinTheScoreHold() {
        StrategyStage s =
                new StrategyStage(
                        params(StrategyStage.Sizing.FIXED_QTY, 0, 0, 0, 0)
                                .scoreHoldNs(2_000_000_000L),
                        List.of(I));
        book(s, 1, T0, 10_000, 10_010, 0.8, 0.1);
        assertEquals(Side.BUY, e.intentSide, "on the score");
        unscoredBook(s, T0 + 500_000_000L);
        assertEquals(Side.BUY, e.intentSide, "on the held score, 0.5 s old");
        assertEquals(0.8, e.intentConfidence);
        unscoredBook(s, T0 + 2_500_000_000L);
        assertEquals(Side.NONE, e.intentSide, "the held score is too old");

        StrategyStage off =
                new StrategyStage(params(StrategyStage.Sizing.FIXED_QTY, 0, 0, 0, 0), List.of(I));
        book(off, 1, T0, 10_000, 10_010, 0.8, 0.1);
        unscoredBook(off, T0 + 1);
        assertEquals(Side.NONE, e.intentSide, "by default only scored books enter");
    }

    void unscoredBook(StrategyStage s, long time) {
        e.clearInput();
        e.type = EventType.BOOK;
        e.instrumentId = 1;
        e.exchangeTimeNs = time;
        now = time;
        e.bookValid = true;
        e.bestBidPx = 10_000;
        e.bestAskPx = 10_010;
        e.mid = 100.05;
        e.scored = false;
        e.pUp = 0;
        e.pDown = 0;
        s.onEvent(e);
    }
}
