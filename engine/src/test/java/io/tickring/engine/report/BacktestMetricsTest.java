package io.tickring.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.ExecRejectReason;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RiskReason;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every figure of {@link BacktestMetrics} against a small backtest worked out by hand: 1,000 USD of
 * capital, one spot instrument (price scale 2, cents), a buy of 2 at 100.00 and a sell of 2 at
 * 95.00, each with a 0.10 fee, and mids of 100, 110, 90 and 95 on one-minute bars.
 */
class BacktestMetricsTest {
    private static final long S = 1_000_000_000L;

    static Instrument spot(List<Instrument.SessionWindow> sessions) {
        return new Instrument(
                1, "TEST", "SIM", 2, 1, 1, "USD", ZoneId.of("UTC"), sessions, Instrument.Fees.NONE);
    }

    /** The worked example; equity after each event is in the comments. */
    static BacktestMetrics example() {
        BacktestMetrics m = new BacktestMetrics(Map.of(1, spot(List.of())), 1000, 2, 1e-7);
        m.onMark(1, 0, 9_900, 10_100, true); // mid 100, equity 1000
        m.onDecision(1, 0.6, 0.3, 0.1); // says up; realised: mean(110, 90) = 100 → flat
        m.onRisk(RiskVerdict.REJECT, RiskReason.MAX_POSITION);
        m.onOrder(1, OrderType.LIMIT, 30 * S);
        // buy 2 @ 100.00, fee 0.10: cash −200.10, equity 1000 − 200.10 + 200 = 999.90
        m.onExecution(1, 40 * S, 1, ExecType.FILL, Side.BUY, 10_000, 2, 10, 0);
        m.onMark(1, 70 * S, 10_900, 11_100, true); // mid 110: 1019.90 (the peak)
        m.onDecision(1, 0.1, 0.2, 0.7); // says down; realised: mean(90, 95) < 110 → down
        m.onMark(1, 130 * S, 8_900, 9_100, true); // mid 90: 979.90 (the trough)
        m.onOrder(2, OrderType.MARKET, 190 * S);
        // sell 2 @ 95.00, fee 0.10: cash −10.20, equity 989.80, flat
        m.onExecution(1, 190 * S, 2, ExecType.FILL, Side.SELL, 9_500, 2, 10, 0);
        m.onExecution(1, 200 * S, 3, ExecType.REJECTED, Side.BUY, 0, 0, 0, 1);
        m.onMark(1, 250 * S, 9_400, 9_600, true); // mid 95: 989.80
        return m;
    }

    @Test
    void shouldComputeMoneyFiguresOfTheWorkedExample() {
        Map<String, Object> m = example().metrics();
        assertEquals("USD", m.get("currency"));
        assertEquals(989.80, (double) m.get("final_equity"), 1e-9);
        assertEquals(-10.20, (double) m.get("pnl"), 1e-9);
        assertEquals(-0.0102, (double) m.get("total_return"), 1e-12);
        assertEquals(0.20, (double) m.get("fees"), 1e-12);
        // (200.00 + 190.00) / 1000
        assertEquals(0.39, (double) m.get("turnover"), 1e-12);
        // long from 40 s to 190 s of 0..250 s
        assertEquals(0.6, (double) m.get("time_in_market"), 1e-12);
    }

    @Test
    void shouldComputeDrawdownFromThePeakToTheEnd() {
        Map<String, Object> m = example().metrics();
        // peak 1019.90 at 70 s, trough 979.90: 40 / 1019.90
        assertEquals(40 / 1019.90, (double) m.get("max_drawdown"), 1e-12);
        // never recovered: 70 s to the last event at 250 s
        assertEquals(180.0, (double) m.get("max_drawdown_duration_s"), 1e-9);
    }

    @Test
    void shouldComputeReturnRatiosOnMinuteBars() {
        Map<String, Object> m = example().metrics();
        // bar closes: 999.90 (0-60 s), 1019.90, 979.90, 989.80 (after the sell), 989.80
        double[] r = {
            999.90 / 1000 - 1, 1019.90 / 999.90 - 1, 979.90 / 1019.90 - 1, 989.80 / 979.90 - 1, 0
        };
        assertEquals(5, m.get("bars"));
        assertEquals(
                "annualised return, volatility, Sharpe, Sortino and Calmar rest on 5 return bars"
                        + " of 60 s, fewer than 30: read them as noise",
                m.get("annualised_warning"));
        double perYear = 365 * 1440;
        assertEquals(perYear, (double) m.get("bars_per_year"), 1e-9);
        double mean = (r[0] + r[1] + r[2] + r[3] + r[4]) / 5;
        double ss = 0;
        double down = 0;
        for (double x : r) {
            ss += (x - mean) * (x - mean);
            down += x < 0 ? x * x : 0;
        }
        double sd = Math.sqrt(ss / 4);
        assertEquals(sd * Math.sqrt(perYear), (double) m.get("volatility"), 1e-12);
        assertEquals(mean / sd * Math.sqrt(perYear), (double) m.get("sharpe"), 1e-9);
        assertEquals(
                mean / Math.sqrt(down / 5) * Math.sqrt(perYear), (double) m.get("sortino"), 1e-9);
        double annual = Math.pow(989.80 / 1000, perYear / 5) - 1;
        assertEquals(annual, (double) m.get("annualised_return"), 1e-12);
        assertEquals(annual / (40 / 1019.90), (double) m.get("calmar"), 1e-9);
    }

    @Test
    void shouldWarnAboutAnnualisedFiguresOnlyBelowThirtyBars() {
        BacktestMetrics m29 = new BacktestMetrics(Map.of(1, spot(List.of())), 1000, 2, 1e-7);
        BacktestMetrics m30 = new BacktestMetrics(Map.of(1, spot(List.of())), 1000, 2, 1e-7);
        // one mark per minute: 29 and 30 bars (the last bar is closed by metrics())
        for (int i = 0; i < 30; i++) {
            if (i < 29) {
                m29.onMark(1, i * 60 * S, 9_900, 10_100, true);
            }
            m30.onMark(1, i * 60 * S, 9_900 + i, 10_100 + i, true);
        }
        Map<String, Object> below = m29.metrics();
        Map<String, Object> enough = m30.metrics();
        assertEquals(29, below.get("bars"));
        assertTrue(((String) below.get("annualised_warning")).contains("29 return bars"));
        assertEquals(30, enough.get("bars"));
        assertNull(enough.get("annualised_warning"));
    }

    @Test
    void shouldCountTradesOrdersAndRejects() {
        Map<String, Object> m = example().metrics();
        assertEquals(1, m.get("round_trips"));
        assertEquals(0.0, m.get("win_rate"));
        assertEquals(0.0, m.get("profit_factor"));
        assertEquals(0.0, m.get("average_win"));
        // 1000 before the buy to 989.80 after the sell
        assertEquals(-10.20, (double) m.get("average_loss"), 1e-9);
        assertEquals(2L, m.get("orders"));
        assertEquals(2L, m.get("filled_orders"));
        assertEquals(2L, m.get("rejects"));
        assertEquals(
                Map.of(
                        "risk." + RiskReason.name(RiskReason.MAX_POSITION),
                        1L,
                        "venue." + ExecRejectReason.name(1),
                        1L),
                m.get("rejects_by_reason"));
        assertEquals(1L, m.get("passive_orders"));
        assertEquals(1.0, m.get("passive_fill_ratio"));
        // placed at 30 s, filled at 40 s
        assertEquals(10.0, (double) m.get("average_queue_time_s"), 1e-12);
    }

    @Test
    void shouldScoreTheModelAgainstRealisedLabels() {
        @SuppressWarnings("unchecked")
        Map<String, Object> model = (Map<String, Object>) example().metrics().get("model");
        // two decisions have a full horizon: (up said, flat realised) and (down, down)
        assertEquals(2L, model.get("labelled"));
        assertEquals(0.5, model.get("accuracy"));
        assertEquals(Map.of("up", 0.0, "flat", 0.0, "down", 1.0), model.get("f1"));
    }

    @Test
    void shouldCountWinsAndProfitFactorOverRoundTrips() {
        BacktestMetrics b = new BacktestMetrics(Map.of(1, spot(List.of())), 1000, 2, 0);
        b.onMark(1, 0, 9_900, 10_100, true);
        b.onExecution(1, S, 1, ExecType.FILL, Side.BUY, 10_000, 1, 0, 0);
        b.onExecution(1, 2 * S, 2, ExecType.FILL, Side.SELL, 10_300, 1, 0, 0); // +3.00
        b.onExecution(1, 3 * S, 3, ExecType.FILL, Side.SELL, 10_300, 1, 0, 0);
        b.onExecution(1, 4 * S, 4, ExecType.FILL, Side.BUY, 10_400, 1, 0, 0); // −1.00
        b.onExecution(1, 5 * S, 5, ExecType.FILL, Side.BUY, 10_000, 1, 0, 0);
        b.onExecution(1, 6 * S, 6, ExecType.FILL, Side.SELL, 10_100, 1, 0, 0); // +1.00
        Map<String, Object> m = b.metrics();
        assertEquals(3, m.get("round_trips"));
        assertEquals(2 / 3.0, (double) m.get("win_rate"), 1e-12);
        assertEquals(4.0, (double) m.get("profit_factor"), 1e-9);
        assertEquals(2.0, (double) m.get("average_win"), 1e-9);
        assertEquals(-1.0, (double) m.get("average_loss"), 1e-9);
    }

    @Test
    void shouldAnnualiseByTheInstrumentsSessions() {
        BacktestMetrics b =
                new BacktestMetrics(
                        Map.of(1, spot(List.of(new Instrument.SessionWindow(570, 960)))),
                        1000,
                        2,
                        0);
        b.onMark(1, 0, 9_900, 10_100, true);
        // 09:30-16:00 is 390 minutes, on 252 trading days
        assertEquals(390 * 252.0, b.barsPerYear(), 1e-9);
    }
}
