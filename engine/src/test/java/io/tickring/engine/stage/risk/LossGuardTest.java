package io.tickring.engine.stage.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickring.core.RiskReason;
import io.tickring.engine.stage.Position;
import org.junit.jupiter.api.Test;

/**
 * Cash and equity from fills and marks; daily loss against the day's start, drawdown against the
 * peak.
 */
class LossGuardTest {
    final Position p = new Position();
    final LossGuard guard = new LossGuard(new Position[] {p}, 1_000, 100, 150);

    void fill(long signedQty, long px) {
        p.fill(signedQty, px / 100.0, 0, 0);
        guard.onFill(signedQty, px, 0, 100);
    }

    @Test
    void shouldValueCashPlusPositionsAtTheirMark() {
        fill(10, 2_000); // buy 10 at 20.00
        assertEquals(800.0, guard.cash(), 1e-9);
        p.mark(21);
        assertEquals(RiskReason.NONE, guard.revalue());
        assertEquals(1_010.0, guard.equity(), 1e-9);
        guard.onFill(0, 0, 250, 100); // a fee of 2.50 alone
        assertEquals(797.5, guard.cash(), 1e-9);
    }

    @Test
    void shouldTripOnTheDailyLossFirstAndCountItFromTheDayStart() {
        fill(10, 2_000);
        p.mark(25);
        assertEquals(RiskReason.NONE, guard.revalue()); // 1050, the peak
        guard.onNewDay(); // the day starts at 1050
        p.mark(15.5);
        // 955: 95 below the day's start (under 100) and 95 below the peak (under 150).
        assertEquals(RiskReason.NONE, guard.revalue());
        p.mark(15);
        assertEquals(RiskReason.DAILY_LOSS, guard.revalue(), "950: 100 below the day's start");
    }

    @Test
    void shouldTripOnDrawdownFromThePeakUntilAResumeResetsIt() {
        LossGuard drawdownOnly = new LossGuard(new Position[] {p}, 1_000, 0, 150);
        p.fill(10, 20, 0, 0);
        drawdownOnly.onFill(10, 2_000, 0, 100);
        p.mark(30);
        assertEquals(RiskReason.NONE, drawdownOnly.revalue()); // 1100, the peak
        p.mark(15.5);
        assertEquals(RiskReason.NONE, drawdownOnly.revalue(), "955: 145 below the peak");
        p.mark(15);
        assertEquals(RiskReason.DRAWDOWN, drawdownOnly.revalue(), "950: 150 below the peak");
        drawdownOnly.onResume();
        assertEquals(
                RiskReason.NONE, drawdownOnly.revalue(), "the drawdown counts from the resume");
        p.mark(12);
        assertEquals(RiskReason.NONE, drawdownOnly.revalue(), "920: 30 below the resume's 950");
    }
}
