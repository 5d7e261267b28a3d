package io.tickring.engine.stage.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.Money;
import io.tickring.engine.json.JsonText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The money a {@code --json} summary prints, as the summary builds it (the portfolio's figures per
 * currency) and writes it ({@link JsonText}, behind {@code JsonLine}): exact to the last unit.
 */
class PortfolioJsonTest {
    final RingEvent e = new RingEvent();

    /**
     * By hand: buy 1 at 100.00 (fee 0.10), sell 1 at 100.10 (fee 0.20): fees 0.30, cash −100.00 +
     * 100.10 − 0.30 = −0.20, flat so PnL = cash. As doubles the fees would add to
     * 0.30000000000000004; the summary printed 0.3 before.
     */
    @Test
    void shouldPrintFeesOfTenAndTwentyCentsAsThirtyCents() {
        Portfolio p = new Portfolio(List.of(PortfolioTest.I));
        fill(p, 1, Side.BUY, 1, 10_000, 10);
        fill(p, 1, Side.SELL, 1, 10_010, 20);
        assertEquals(
                "{\"pnl\":{\"USD\":-0.20},\"fees\":{\"USD\":0.30},\"cash\":{\"USD\":-0.20}}",
                JsonText.write(money(p)));
    }

    /**
     * COIN-M, the figures {@link PortfolioTest} computes by hand: BTC fees 0.00000833 + 0.00000820
     * = 0.00001653, cash 0.00025670 (a double would print 1.653E-5 and 2.567E-4).
     */
    @Test
    void shouldPrintBitcoinToTheSatoshi() {
        Portfolio p = new Portfolio(List.of(PortfolioTest.PERP));
        fill(
                p,
                412,
                Side.BUY,
                10,
                600_000,
                Money.commission(PortfolioTest.PERP, 600_000, 10, false));
        fill(
                p,
                412,
                Side.SELL,
                10,
                610_000,
                Money.commission(PortfolioTest.PERP, 610_000, 10, false));
        assertEquals(
                "{\"pnl\":{\"BTC\":0.00025670},\"fees\":{\"BTC\":0.00001653},"
                        + "\"cash\":{\"BTC\":0.00025670}}",
                JsonText.write(money(p)));
    }

    private static Map<String, Object> money(Portfolio p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pnl", p.pnlByCurrency());
        m.put("fees", p.feesByCurrency());
        m.put("cash", p.cashByCurrency());
        return m;
    }

    private void fill(Portfolio p, int instrument, byte side, long qty, long px, long fee) {
        e.clearInput();
        e.type = EventType.EXEC_REPORT;
        e.instrumentId = instrument;
        e.exchangeTimeNs = PortfolioTest.T0;
        e.execType = ExecType.FILL;
        e.execSide = side;
        e.execLastQty = qty;
        e.execLastPx = px;
        e.execFee = fee;
        p.onExecution(e);
    }
}
