package io.tickring.engine.stage.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskReason;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One check at a time: each configured check rejects with its own reason code. */
class RiskChecksTest {
    // 2026-01-05 (Monday) 02:00 UTC = 10:00 in Shanghai, inside the morning session.
    static final long T0 = 1_767_578_400_000_000_000L;
    static final Instrument SH =
            new Instrument(
                    201,
                    "600519",
                    "SSE",
                    2,
                    1,
                    100,
                    "CNY",
                    ZoneId.of("Asia/Shanghai"),
                    List.of(
                            new Instrument.SessionWindow(570, 690),
                            new Instrument.SessionWindow(780, 900)),
                    Instrument.Fees.NONE);
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

    final RingEvent e = new RingEvent();

    static RiskContext limits(
            long cooldownNs,
            double initialCash,
            boolean allowShort,
            long dataAgeNs,
            long scoreAgeNs,
            List<String> allowed) {
        return new RiskContext()
                .maxOrderQty(10_000)
                .maxPosition(10_000)
                .maxOrdersPerSecond(100)
                .cooldownAfterFillNs(cooldownNs)
                .priceBandBps(50)
                .initialCash(initialCash)
                .allowShort(allowShort)
                .tPlusOneVenues(List.of("SSE"))
                .lossHalts(false)
                .maxDataAgeNs(dataAgeNs)
                .maxScoreAgeNs(scoreAgeNs)
                .clamp(false)
                .instruments(allowed)
                .enforceSessions(true)
                .tradingDayZone("Asia/Shanghai");
    }

    void intent(
            RiskStage gate, Instrument i, long time, byte side, long qty, long px, boolean scored) {
        e.clearInput();
        e.type = EventType.BOOK;
        e.instrumentId = i.id();
        e.exchangeTimeNs = time;
        e.receiveTimeNs = time;
        e.bookValid = true;
        e.bestBidPx = 10_000;
        e.bestAskPx = 10_001;
        e.mid = 100.005;
        e.scored = scored;
        e.intentSide = side;
        e.intentOrderType = OrderType.LIMIT;
        e.intentQty = qty;
        e.intentPx = px;
        e.intentConfidence = 1;
        gate.onEvent(e);
    }

    void fill(RiskStage gate, Instrument i, long time, long orderId, byte side, long qty) {
        e.clearInput();
        e.type = EventType.EXEC_REPORT;
        e.instrumentId = i.id();
        e.exchangeTimeNs = time;
        e.execOrderId = orderId;
        e.execType = ExecType.FILL;
        e.execSide = side;
        e.execLastQty = qty;
        e.execLastPx = 10_000;
        e.intentSide = Side.NONE;
        gate.onEvent(e);
    }

    void assertRejected(int reason) {
        assertEquals(RiskVerdict.REJECT, e.riskVerdict, RiskReason.name(e.riskReason));
        assertEquals(RiskReason.name(reason), RiskReason.name(e.riskReason));
    }

    @Test
    void shouldRejectOutsideTheSessionAndInstrumentsNotAllowed() {
        RiskStage gate =
                new RiskStage(limits(0, 0, true, 0, 0, List.of("600519")), List.of(SH, US));
        intent(
                gate,
                SH,
                T0 + 2 * 3_600_000_000_000L,
                Side.BUY,
                100,
                10_001,
                true); // 12:00 Shanghai: lunch break
        assertRejected(RiskReason.SESSION_CLOSED);
        intent(gate, US, T0, Side.BUY, 1, 10_001, true);
        assertRejected(RiskReason.INSTRUMENT_NOT_ALLOWED);
        intent(gate, SH, T0, Side.BUY, 100, 10_001, true);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict);
    }

    @Test
    void shouldSellOnlyWhatWasBoughtBeforeTodayUnderTPlusOne() {
        RiskStage gate = new RiskStage(limits(0, 0, true, 0, 0, List.of()), List.of(SH));
        intent(gate, SH, T0, Side.BUY, 200, 10_001, true);
        fill(gate, SH, T0 + 1, e.orderId, Side.BUY, 200);
        intent(gate, SH, T0 + 2, Side.SELL, 100, 10_000, true);
        assertRejected(RiskReason.SELLABLE_QTY);
        intent(
                gate,
                SH,
                T0 + 86_400_000_000_000L,
                Side.SELL,
                100,
                10_000,
                true); // the next trading day
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict);
    }

    @Test
    void shouldRejectShortsCashCooldownBandLotAndTick() {
        RiskStage gate =
                new RiskStage(limits(5_000_000_000L, 1_500, false, 0, 0, List.of()), List.of(US));
        intent(gate, US, T0, Side.SELL, 1, 10_000, true);
        assertRejected(RiskReason.SHORT_SELLING);
        intent(gate, US, T0, Side.BUY, 16, 10_001, true); // 16 x 100.01 > 1,500 cash
        assertRejected(RiskReason.CASH);
        intent(gate, US, T0, Side.BUY, 10, 10_100, true); // 100.99 is ~99 bps from mid: band is 50
        assertRejected(RiskReason.PRICE_BAND);
        intent(gate, US, T0, Side.BUY, 10, 10_001, true);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict);
        fill(gate, US, T0 + 1, e.orderId, Side.BUY, 10);
        intent(gate, US, T0 + 2, Side.BUY, 1, 10_001, true);
        assertRejected(RiskReason.COOLDOWN);
        intent(gate, US, T0 + 2, Side.SELL, 5, 10_000, true);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict, "an exit is not held back by the cooldown");
        RiskStage lots = new RiskStage(limits(0, 0, true, 0, 0, List.of()), List.of(SH));
        intent(lots, SH, T0, Side.BUY, 150, 10_001, true);
        assertRejected(RiskReason.LOT_SIZE);
        e.intentPx = 0;
        intent(lots, SH, T0, Side.BUY, 100, -1, true);
        assertRejected(RiskReason.TICK_SIZE);
    }

    @Test
    void shouldRejectStaleDataStaleScoresAndSelfCrosses() {
        RiskStage gate =
                new RiskStage(
                        limits(0, 0, true, 1_000_000_000L, 500_000_000L, List.of()), List.of(US));
        intent(gate, US, T0, Side.BUY, 1, 10_001, true);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict);
        intent(gate, US, T0 + 600_000_000L, Side.BUY, 1, 10_001, false);
        assertRejected(RiskReason.STALE_SCORE);
        e.clearInput();
        intent(gate, US, T0 + 700_000_000L, Side.SELL, 1, 10_000, true);
        assertRejected(RiskReason.SELF_CROSS); // our buy at 100.01 is still open
        e.receiveTimeNs = 0;
        RingEvent lagging = e;
        lagging.clearInput();
        intent(gate, US, T0 + 800_000_000L, Side.BUY, 1, 10_001, true);
        e.receiveTimeNs = e.exchangeTimeNs + 2_000_000_000L;
        gate.onEvent(e);
        assertRejected(RiskReason.STALE_MARKET_DATA);
    }
}
