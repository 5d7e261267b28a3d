package io.tickring.engine.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickring.core.ControlCode;
import io.tickring.core.ExecType;
import io.tickring.core.RiskReason;
import io.tickring.core.Side;
import io.tickring.engine.stage.risk.RiskStage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A KILL sent mid-run as a CONTROL event halts the gate and cancels resting paper orders within
 * that event.
 */
class KillSwitchTest extends PaperVenueChain {
    @Test
    void shouldHaltAndCancelRestingOrdersWithinTheKillEvent() {
        book(Side.BUY, 999_900);
        book(Side.SELL, 1_000_100);
        book(Side.NONE, 0);
        assertEquals(2, paper.liveOrders(), "both orders rest at the venue");
        assertEquals(ExecType.ACK, reports.get(0).execType);
        long outBefore = out.count();

        control(ControlCode.KILL, 0);
        assertEquals(RiskStage.HALTED, risk.state(), "halted by the kill event itself");
        assertEquals(
                List.of(1L, 2L), cancels, "every open order cancelled by the kill event itself");
        assertEquals(outBefore + 2, out.count(), "two CANCEL records written in the kill event");

        int before = reports.size();
        book(Side.BUY, 999_900);
        assertEquals(0, paper.liveOrders(), "the venue cancelled both once the cancels arrived");
        long canceled =
                reports.subList(before, reports.size()).stream()
                        .filter(r -> r.execType == ExecType.CANCELED)
                        .count();
        assertEquals(2, canceled);
        assertEquals(1, risk.rejects(RiskReason.HALTED), "the intent after the kill was rejected");
    }
}
