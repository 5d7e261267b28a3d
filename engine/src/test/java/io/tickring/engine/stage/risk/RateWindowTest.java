package io.tickring.engine.stage.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickring.core.RiskReason;
import org.junit.jupiter.api.Test;

/** A sliding one-second window of accept times and a per-day count, both in event time. */
class RateWindowTest {
    static final long MS = 1_000_000L;

    @Test
    void shouldAllowNOrdersInAnySecond() {
        RateWindow w = new RateWindow(3, 0);
        w.record(0);
        w.record(100 * MS);
        w.record(500 * MS);
        assertEquals(
                RiskReason.ORDER_RATE, w.check(999 * MS), "a fourth within a second of the first");
        assertEquals(RiskReason.NONE, w.check(1_000 * MS), "the first has left the window");
        w.record(1_000 * MS);
        assertEquals(RiskReason.ORDER_RATE, w.check(1_099 * MS), "now the second is the oldest");
        assertEquals(RiskReason.NONE, w.check(1_100 * MS));
    }

    @Test
    void shouldCountOrdersPerDayUntilTheNextDay() {
        RateWindow w = new RateWindow(100, 2);
        w.record(0);
        w.record(10 * MS);
        assertEquals(RiskReason.ORDERS_PER_DAY, w.check(5_000 * MS));
        w.onNewDay();
        assertEquals(RiskReason.NONE, w.check(5_000 * MS));
        assertEquals(0, w.today());
    }

    @Test
    void shouldNotLimitAboveTheLargestEnforcedRate() {
        RateWindow w = new RateWindow(RateWindow.MAX_RATE + 1, 0);
        for (int i = 0; i < 10; i++) {
            w.record(0);
        }
        assertEquals(RiskReason.NONE, w.check(0));
    }
}
