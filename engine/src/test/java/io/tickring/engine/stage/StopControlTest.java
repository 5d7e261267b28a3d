package io.tickring.engine.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RiskReason;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.engine.stage.risk.RiskStage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A STOP (the process is stopping on SIGTERM or SIGINT) halts the gate as HALT does, cancels the
 * resting paper orders within that event when its record asks for it (and only then), lets the
 * execution reports after it through, and no longer holds once a resumed run's first market event
 * arrives.
 */
class StopControlTest extends PaperVenueChain {
    void stop(long cancel) {
        control(ControlCode.STOP, cancel);
    }

    @Test
    void shouldHaltAndCancelTheWorkingOrdersWhenTheStopSaysSo() {
        book(Side.BUY, 999_900);
        book(Side.SELL, 1_000_100);
        book(Side.NONE, 0);
        assertEquals(2, paper.liveOrders(), "both orders rest at the venue");
        long outBefore = out.count();
        int before = reports.size();
        stop(1);
        assertEquals(RiskStage.HALTED, risk.state(), "halted by the stop event itself");
        assertEquals(List.of(1L, 2L), cancels, "every working order cancelled by the stop");
        assertEquals(outBefore + 2, out.count(), "two CANCEL records written in the stop event");
        assertEquals(2, router.workingOrders(), "still working until the venue confirms");

        // The venue's reports still come in after a STOP; an intent on one is refused.
        book(Side.NONE, 0); // (the venue needs time to pass; its reports follow)
        assertEquals(0, paper.liveOrders());
        assertTrue(reports.size() > before);
    }

    @Test
    void shouldHaltWithoutCancellingWhenTheStopKeepsTheOrders() {
        book(Side.BUY, 999_900);
        book(Side.NONE, 0);
        assertEquals(1, paper.liveOrders());
        stop(0);
        assertEquals(RiskStage.HALTED, risk.state());
        assertEquals(List.of(), cancels, "ops.stop.cancel_orders: false leaves them working");
        assertEquals(1, router.workingOrders());
    }

    @Test
    void shouldRefuseIntentsOnReportsAfterTheStopAndTradeAgainInAResumedRun() {
        book(Side.BUY, 999_900);
        stop(1);
        // The cancel's report arrives with an intent on it: refused, the gate is halted.
        time += 1_000_000;
        e.clearInput();
        e.type = EventType.EXEC_REPORT;
        e.instrumentId = 1;
        e.exchangeTimeNs = time;
        e.execOrderId = 1;
        e.execType = ExecType.CANCELED;
        e.intentSide = Side.BUY;
        e.intentOrderType = OrderType.LIMIT;
        e.intentTif = TimeInForce.GTC;
        e.intentQty = 100;
        e.intentPx = 999_900;
        e.intentConfidence = 1;
        run();
        assertEquals(1, risk.rejects(RiskReason.HALTED), "no order after the stop");
        assertEquals(RiskStage.HALTED, risk.state());
        // A market event after a STOP only comes from a run resumed on the journal: it trades.
        book(Side.BUY, 999_900);
        assertEquals(RiskStage.ACTIVE, risk.state(), "the stop does not outlive a resume");
        assertEquals(2, router.orders(), "the resumed run's intent became an order");
    }
}
