package io.tickring.adapters.paper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.ExecRejectReason;
import io.tickring.core.ExecType;
import io.tickring.core.KillSwitch;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.codec.InputCodec;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The paper venue under the kill switch's latch: nothing is released while it is tripped, every
 * order it holds ends on its first call after the trip, and a rearm opens it again.
 */
class PaperGatewayKillSwitchTest {
    static final long LATENCY = 100_000;
    static final long[][] ASKS = PaperGatewayTest.ASKS;
    static final long[][] BIDS = PaperGatewayTest.BIDS;

    /** The venue's execution reports; its LATCHED records go to {@link #latched}. */
    final List<RingEvent> reports = new ArrayList<>();

    final List<RingEvent> latched = new ArrayList<>();
    final KillSwitch killSwitch = new KillSwitch();
    final PaperGateway gw =
            new PaperGateway(
                    r -> {
                        RingEvent copy = new RingEvent();
                        copy.copyInputFrom(r);
                        (r.type == EventType.CONTROL ? latched : reports).add(copy);
                    },
                    List.of(PaperGatewayTest.US),
                    new PaperContext().latencyNs(LATENCY).seed(7).maxOpenOrders(64),
                    killSwitch);
    final RingEvent e = new RingEvent();
    long time = 1_000_000_000L;
    long sequence;

    RingEvent book() {
        time += 1_000_000;
        e.clearInput();
        e.sequence = ++sequence;
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
        assertEquals(1, latched.size(), "one LATCHED record for the trip");
        RingEvent l = latched.get(0);
        assertEquals(ControlCode.LATCHED, l.controlCode);
        assertEquals(sequence, l.controlParamValue, "the event the venue acted on");
        assertEquals(0, l.controlParamId, "its first venue call");
        assertEquals(time + LATENCY, l.exchangeTimeNs, "stamped like the reports it precedes");
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
        assertEquals(1, latched.size(), "one trip, one LATCHED record");
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

    @Test
    void shouldMakeTheSameRecordsInARecoveryThatTripsTheLatchWhereTheLatchedRecordsSay() {
        // The live run: the operator's trips fall between two venue calls of one event, and
        // after a rearm, before the first call of another.
        List<byte[]> live = new ArrayList<>();
        KillSwitch liveSwitch = new KillSwitch();
        PaperGateway liveVenue = venue(live, liveSwitch);
        script(liveVenue, liveSwitch, true);
        List<Long> sequences = new ArrayList<>();
        List<Integer> calls = new ArrayList<>();
        RingEvent d = new RingEvent();
        for (byte[] r : live) {
            InputCodec.decode(new UnsafeBuffer(r), 0, r.length, d, "live");
            if (d.type == EventType.CONTROL) {
                assertEquals(ControlCode.LATCHED, d.controlCode);
                sequences.add(d.controlParamValue);
                calls.add(d.controlParamId);
            }
        }
        assertEquals(List.of(3L, 9L), sequences, "one LATCHED record per trip");
        assertEquals(List.of(3, 0), calls, "the trip fell after three calls of event 3");

        // The recovery: nobody trips the latch; the schedule read from the journal does.
        List<byte[]> recovered = new ArrayList<>();
        KillSwitch recoverySwitch = new KillSwitch();
        PaperGateway rebuilt = venue(recovered, recoverySwitch);
        rebuilt.recoverLatch(
                sequences.stream().mapToLong(Long::longValue).toArray(),
                calls.stream().mapToInt(Integer::intValue).toArray());
        script(rebuilt, recoverySwitch, false);
        assertEquals(live.size(), recovered.size(), "as many records");
        for (int i = 0; i < live.size(); i++) {
            assertArrayEquals(live.get(i), recovered.get(i), "record " + i);
        }
        assertTrue(recoverySwitch.tripped(), "latched at the end, as the live venue was");

        // Without the schedule the rebuilt venue fills what the live one cancelled.
        List<byte[]> unscheduled = new ArrayList<>();
        KillSwitch unused = new KillSwitch();
        script(venue(unscheduled, unused), unused, false);
        assertNotEquals(live.size(), unscheduled.size(), "the test can fail");
    }

    /** A venue whose records are encoded into {@code into} as the journal would hold them. */
    private static PaperGateway venue(List<byte[]> into, KillSwitch killSwitch) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[InputCodec.MAX_FIXED_RECORD]);
        return new PaperGateway(
                r -> {
                    int n = InputCodec.encode(r, buffer, 0);
                    byte[] b = new byte[n];
                    buffer.getBytes(0, b);
                    into.add(b);
                },
                List.of(PaperGatewayTest.US),
                new PaperContext().latencyNs(LATENCY).seed(7).maxOpenOrders(64),
                killSwitch);
    }

    /**
     * The router's calls of a run, event by event (sequence 1, 2, ...); with {@code operator}, the
     * operator's trips and the router's rearm happen at their moments, else only the rearm.
     */
    private static void script(PaperGateway venue, KillSwitch ks, boolean operator) {
        RingEvent ev = new RingEvent();
        long[] seq = {0};
        long[] t = {1_000_000_000L};
        Runnable book =
                () -> {
                    t[0] += 1_000_000;
                    ev.clearInput();
                    ev.sequence = ++seq[0];
                    ev.type = EventType.BOOK;
                    ev.instrumentId = 1;
                    ev.exchangeTimeNs = t[0];
                    ev.levels = ASKS.length;
                    for (int l = 0; l < ASKS.length; l++) {
                        ev.askPx[l] = ASKS[l][0];
                        ev.askQty[l] = ASKS[l][1];
                        ev.bidPx[l] = BIDS[l][0];
                        ev.bidQty[l] = BIDS[l][1];
                    }
                    venue.onMarketData(ev);
                };
        book.run(); // 1
        venue.submit(1, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 990, ev);
        book.run(); // 2: order 1 rests
        book.run(); // 3
        venue.submit(2, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 991, ev);
        venue.submit(3, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 100, 1000, ev);
        if (operator) {
            ks.trip(123); // the operator's kill, between the venue calls of event 3
        }
        venue.submit(4, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 100, 1000, ev);
        book.run(); // 4: live, orders 1-3 are gone; else order 3 fills here
        book.run(); // 5
        ks.rearm(); // the REARM reaches the router
        venue.submit(5, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 990, ev);
        book.run(); // 6: order 5 rests
        book.run(); // 7
        venue.submit(6, 1, Side.SELL, OrderType.LIMIT, TimeInForce.IOC, 100, 999, ev);
        book.run(); // 8: order 6 fills
        if (operator) {
            ks.trip(456); // a second kill, between two events
        }
        book.run(); // 9: order 5 ends here
        venue.submit(7, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 100, 1000, ev);
        book.run(); // 10
    }
}
