package io.tickring.adapters.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.ExecRejectReason;
import io.tickring.core.ExecType;
import io.tickring.core.KillSwitch;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The paper venue under the kill switch's latch: nothing is released while it is tripped, every
 * order it holds ends on its first call after the trip, and a rearm opens it again.
 */
class PaperGatewayKillSwitchTest {
    static final long LATENCY = 100_000;
    static final long[][] ASKS = PaperGatewayTest.ASKS;
    static final long[][] BIDS = PaperGatewayTest.BIDS;

    final List<RingEvent> reports = new ArrayList<>();
    final KillSwitch killSwitch = new KillSwitch();
    final PaperGateway gw =
            new PaperGateway(
                    r -> {
                        RingEvent copy = new RingEvent();
                        copy.copyInputFrom(r);
                        reports.add(copy);
                    },
                    List.of(PaperGatewayTest.US),
                    new PaperContext().latencyNs(LATENCY).seed(7).maxOpenOrders(64),
                    killSwitch);
    final RingEvent e = new RingEvent();
    long time = 1_000_000_000L;

    RingEvent book() {
        time += 1_000_000;
        e.clearInput();
        e.type = EventType.BOOK;
        e.instrumentId = 1;
        e.exchangeTimeNs = time;
        e.levels = ASKS.length;
        for (int l = 0; l < ASKS.length; l++) {
            e.askPx[l] = ASKS[l][0];
            e.askQty[l] = ASKS[l][1];
            e.bidPx[l] = BIDS[l][0];
            e.bidQty[l] = BIDS[l][1];
        }
        gw.onMarketData(e);
        return e;
    }

    @Test
    void shouldCancelEveryHeldOrderOnTheFirstEventAfterTheTripAndRejectNewOnes() {
        RingEvent cause = book();
        // Two resting bids below the touch, and one order still on its way to the venue.
        gw.submit(1, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 990, cause);
        gw.submit(2, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 991, cause);
        book();
        assertEquals(2, reports.size(), "both rest: two ACKs");
        cause = book();
        gw.submit(3, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 1000, cause);
        assertEquals(3, gw.liveOrders());
        reports.clear();

        killSwitch.trip(42);
        assertEquals(0, reports.size(), "the venue acts on its next call, not on another thread");
        book(); // would have filled order 3 at 10.00
        assertEquals(3, reports.size(), "every held order ends within one event: " + reports);
        for (int i = 0; i < 3; i++) {
            RingEvent r = reports.get(i);
            assertEquals(i + 1, r.execOrderId, "in submission order");
            assertEquals(ExecType.name(ExecType.CANCELED), ExecType.name(r.execType));
            assertEquals(
                    ExecRejectReason.name(ExecRejectReason.KILL_SWITCH),
                    ExecRejectReason.name(r.execRejectReason));
            assertEquals(0, r.execCumQty);
            assertEquals(time + LATENCY, r.exchangeTimeNs, "stamped like any report of the event");
        }
        assertEquals(0, gw.liveOrders());
        assertEquals(3, gw.killCancels());
        assertEquals(0, gw.fills(), "order 3 never reached the venue");

        reports.clear();
        cause = book();
        gw.submit(4, 1, Side.SELL, OrderType.LIMIT, TimeInForce.IOC, 100, 999, cause);
        assertEquals(1, reports.size(), "refused at once, never released");
        assertEquals(ExecType.name(ExecType.REJECTED), ExecType.name(reports.get(0).execType));
        assertEquals(ExecRejectReason.KILL_SWITCH, reports.get(0).execRejectReason);
        assertEquals(4, reports.get(0).execOrderId);
        gw.cancel(1, 1, cause);
        book();
        book();
        assertEquals(1, reports.size(), "nothing more: a cancel of an ended order is a no-op");
        assertEquals(0, gw.fills());
        assertEquals(1, gw.killRejects());
    }

    @Test
    void shouldReleaseAgainAfterARearmAndCancelAgainAtTheNextTrip() {
        killSwitch.trip(1);
        RingEvent cause = book();
        gw.submit(1, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 100, 1000, cause);
        assertEquals(ExecRejectReason.KILL_SWITCH, reports.get(0).execRejectReason);

        killSwitch.rearm();
        reports.clear();
        cause = book();
        gw.submit(2, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 990, cause);
        book();
        assertEquals(1, reports.size());
        assertEquals(ExecType.name(ExecType.ACK), ExecType.name(reports.get(0).execType));
        cause = book();
        gw.submit(3, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 100, 1000, cause);
        book();
        assertEquals(ExecType.FILL, reports.get(reports.size() - 1).execType, "released again");

        reports.clear();
        killSwitch.trip(2);
        cause = book();
        gw.submit(4, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 990, cause);
        assertEquals(2, reports.size(), reports.toString());
        assertEquals(2, reports.get(0).execOrderId, "the resting order ends first, at the trip");
        assertEquals(ExecType.CANCELED, reports.get(0).execType);
        assertEquals(4, reports.get(1).execOrderId);
        assertEquals(ExecType.REJECTED, reports.get(1).execType);
        assertTrue(gw.liveOrders() == 0);
    }
}
