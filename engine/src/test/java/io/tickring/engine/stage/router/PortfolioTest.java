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
        e.clearInput();
        e.type = EventType.EXEC_REPORT;
        e.instrumentId = 1;
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
}
