package io.tickring.engine.stage.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.TradingDay;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Positions, PnL and fees from fills; daily figures reset at the trading-day boundary in event
 * time.
 */
class PortfolioTest {
    static final Instrument I =
            new Instrument(
                    1, "X", "SIM", 2, 1, 1, "USD", ZoneOffset.UTC, List.of(), Instrument.Fees.NONE);
    // 2026-01-05T21:00:00Z = 16:00 New York; the trading day starts at 17:00 New York (22:00 UTC).
    static final long T0 = 1_767_646_800_000_000_000L;
    static final long HOUR = 3_600_000_000_000L;

    final RingEvent e = new RingEvent();

    void fill(Portfolio p, long time, byte side, long qty, long px, long fee) {
        fill(p, 1, time, side, qty, px, fee);
    }

    void fill(Portfolio p, int instrument, long time, byte side, long qty, long px, long fee) {
        e.clearInput();
        e.type = EventType.EXEC_REPORT;
        e.instrumentId = instrument;
        e.exchangeTimeNs = time;
        e.execType = ExecType.FILL;
        e.execSide = side;
        e.execLastQty = qty;
        e.execLastPx = px;
        e.execFee = fee;
        p.onExecution(e);
    }

    @Test
    void shouldKeepPnlAndFeesAndResetDailyFiguresAtTheBoundary() {
        Portfolio p =
                new Portfolio(List.of(I), new TradingDay(ZoneId.of("America/New_York"), 17 * 60));
        fill(p, T0, Side.BUY, 100, 10_000, 50);
        fill(p, T0 + HOUR / 2, Side.SELL, 100, 10_100, 50); // +100.00 realised, 1.00 fees
        assertEquals(99.0, p.pnl(), 1e-9);
        assertEquals(99.0, p.dailyPnl(), 1e-9);
        assertEquals(2, p.dailyFills());
        p.onTime(T0 + HOUR + 1); // 17:00 New York: a new trading day
        assertEquals(0, p.dailyFills());
        assertEquals(0.0, p.dailyPnl(), 1e-9);
        p.mark(1, 100.00);
        fill(p, T0 + 2 * HOUR, Side.BUY, 10, 10_000, 10);
        assertEquals(98.9, p.pnl(), 1e-9);
        assertEquals(-0.1, p.dailyPnl(), 1e-9);
        assertEquals(0.1, p.dailyFees(), 1e-9);
        assertEquals(10, p.position(1));
    }

    /**
     * Per instrument, by hand: buy 100 at 100.00 and sell 40 at 101.00 (fees 0.50 each), marked at
     * 102.00: 40 × 1.00 realised + 60 × 2.00 open − 1.00 fees = 159.00, the same as the portfolio's
     * cash-based PnL (−10,000.00 + 4,040.00 + 6,120.00 − 1.00) with one instrument.
     */
    @Test
    void shouldPublishNetPnlPerInstrument() {
        Portfolio p = new Portfolio(List.of(I));
        fill(p, T0, Side.BUY, 100, 10_000, 50);
        fill(p, T0 + 1, Side.SELL, 40, 10_100, 50);
        p.mark(1, 102.00);
        p.publish();
        assertEquals(159.0, p.publishedInstrumentPnl(0), 1e-9);
        assertEquals(159.0, p.pnl(), 1e-9);
    }

    /** COIN-M: 100 USD per contract, settled in BTC to 8 decimals, taker 5 bps. */
    static final Instrument PERP =
            new Instrument(
                    412,
                    "BTCUSD_PERP",
                    "BINANCE_COINM",
                    1,
                    1,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    new Instrument.Fees(2, 5, 0, 0),
                    new Instrument.Units(0, 1, 1, Instrument.ContractType.INVERSE, 1000, "BTC", 8));

    @Test
    void shouldKeepMoneyPerSettlementCurrency() {
        Portfolio p = new Portfolio(List.of(I, PERP));
        fill(p, 1, T0, Side.BUY, 100, 10_000, 0); // 100 × 100.00 USD
        p.mark(1, 101.00);
        // 10 contracts long from 60,000.0 to 61,000.0; fees from Money: 5 bps of 0.01666667 and
        // 0.01639344 BTC
        long buyFee = io.tickring.core.instrument.Money.commission(PERP, 600_000, 10, false);
        long sellFee = io.tickring.core.instrument.Money.commission(PERP, 610_000, 10, false);
        assertEquals(833, buyFee); // 0.0000083333 → 0.00000833
        assertEquals(820, sellFee); // 0.0000081967 → 0.00000820
        fill(p, 412, T0, Side.BUY, 10, 600_000, buyFee);
        fill(p, 412, T0, Side.SELL, 10, 610_000, sellFee);
        // BTC cash: +10 × 100 / 60,000 = +0.01666667, −10 × 100 / 61,000 = −0.01639344 (each
        // rounded at its fill),
        // less fees 0.00000833 + 0.00000820: 0.00027323 − 0.00001653 = 0.00025670 BTC. Flat, so PnL
        // = cash.
        assertEquals(new java.math.BigDecimal("0.00025670"), p.cashByCurrency().get("BTC"));
        assertEquals(new java.math.BigDecimal("0.00025670"), p.pnlByCurrency().get("BTC"));
        assertEquals(new java.math.BigDecimal("0.00001653"), p.feesByCurrency().get("BTC"));
        // USD: cash −10,000.00, the long 100 marked at 101.00: PnL 100.00 USD, never added to the
        // BTC.
        assertEquals(new java.math.BigDecimal("-10000.00"), p.cashByCurrency().get("USD"));
        assertEquals(new java.math.BigDecimal("100.00"), p.pnlByCurrency().get("USD"));
        assertEquals(List.of("USD", "BTC"), List.copyOf(p.pnlByCurrency().keySet()));
        assertEquals(0.0, p.pnl(), "no single figure when two currencies were traded");
    }
}
