package io.tickring.adapters.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.tickring.core.instrument.TestInstruments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reconciliation with the venue (issue 15 item 3) against a real QuickFIX/J acceptor on loopback
 * ({@link FixTestVenue}): at every logon the gateway halts the engine (CONTROL GATEWAY 1), asks for
 * the status of every order (mass or per order), journals each difference as an EXEC_REPORT, and
 * trades again (GATEWAY 0) only when every difference is explained. MSFT prices are at scale 4.
 */
@Tag("slow")
class FixReconcileTest {
    private static final int MSFT = TestInstruments.MSFT.id();
    private static final int SIMA = TestInstruments.SIMA.id();
    private static final String RUN = "run1";

    @TempDir Path dir;

    private final List<RingEvent> reports = new ArrayList<>();
    private final KillSwitch killSwitch = new KillSwitch();
    private FixTestVenue venue;
    private FixGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
        if (venue != null) {
            venue.close();
        }
    }

    private FixGateway gateway(FixContext c) {
        return new FixGateway(
                c,
                e -> {
                    RingEvent copy = new RingEvent();
                    copy.copyInputFrom(e);
                    synchronized (reports) {
                        reports.add(copy);
                    }
                    return true;
                },
                List.of(TestInstruments.MSFT, TestInstruments.SIMA),
                killSwitch);
    }

    private void submit(long id, int instrument, long qty, long px, RingEvent cause) {
        gateway.submit(id, instrument, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, qty, px, cause);
    }

    private static RingEvent cause(long sequence) {
        RingEvent e = new RingEvent();
        e.sequence = sequence;
        return e;
    }

    private List<RingEvent> all() {
        synchronized (reports) {
            return new ArrayList<>(reports);
        }
    }

    private List<RingEvent> reportsOf(long orderId) {
        return all().stream()
                .filter(e -> e.type == EventType.EXEC_REPORT && e.execOrderId == orderId)
                .toList();
    }

    private RingEvent awaitReport(long orderId, byte execType) {
        await(
                () -> reportsOf(orderId).stream().anyMatch(e -> e.execType == execType),
                "order " + orderId + " " + ExecType.name(execType) + " in " + all());
        return reportsOf(orderId).stream().filter(e -> e.execType == execType).findFirst().get();
    }

    /** The CONTROL GATEWAY values offered so far, in order. */
    private List<Long> gatewayControls() {
        return all().stream()
                .filter(e -> e.type == EventType.CONTROL && e.controlCode == ControlCode.GATEWAY)
                .map(e -> e.controlParamValue)
                .toList();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @ParameterizedTest(name = "mass status supported: {0}")
    @ValueSource(booleans = {true, false})
    void shouldJournalFillsMissedDuringADropCancelAndHaltUntilReconciled(boolean mass)
            throws Exception {
        venue = new FixTestVenue("");
        venue.massStatus(mass);
        gateway = gateway(venue.client(dir.resolve("fix"), RUN));
        gateway.start();
        await(gateway::reconciled, "the reconciliation at the first logon");
        assertEquals(List.of(1L, 0L), gatewayControls());

        submit(1, MSFT, 10, 300000, null);
        awaitReport(1, ExecType.ACK);
        // 4 of the 10 fill at 30.00 and the report is lost; then the connection drops.
        venue.fillSilently(RUN + "-1", "30.00", "4");
        venue.drop();
        await(() -> !gateway.loggedOn(), "the drop");
        // Halted at once: the engine learns it before the connection is back (which may already
        // have happened: QuickFIX/J reconnects after a second, so only the prefix is certain).
        assertEquals(List.of(1L, 0L, 1L), gatewayControls().subList(0, 3));

        await(() -> gateway.reconciliations() == 2 && gateway.reconciled(), "reconciliation");
        RingEvent missed = awaitReport(1, ExecType.PARTIAL_FILL);
        assertEquals(4, missed.execLastQty);
        assertEquals(300000, missed.execLastPx);
        assertEquals(4, missed.execCumQty);
        assertEquals(6, missed.execLeavesQty);
        // Then the working rest is cancelled, and trading resumes.
        awaitReport(1, ExecType.CANCELED);
        assertEquals(List.of(1L, 0L, 1L, 0L), gatewayControls());
        List<RingEvent> all = all();
        assertTrue(all.indexOf(missed) < lastIndexOfGateway(all, 0), "fill before GATEWAY 0");
        assertEquals(1, gateway.differences());
        assertTrue(gateway.unexplained().isEmpty(), gateway.unexplained().toString());
        List<String> got = venue.received();
        if (mass) {
            assertTrue(got.stream().anyMatch(s -> s.startsWith("AF:")), got.toString());
        } else {
            assertTrue(got.contains("H:" + RUN + "-1"), got.toString());
        }
        submit(2, MSFT, 1, 300000, null);
        awaitReport(2, ExecType.ACK);
        assertEquals(1, venue.ordersReceived(RUN + "-1"));
    }

    private static int lastIndexOfGateway(List<RingEvent> all, long value) {
        for (int i = all.size() - 1; i >= 0; i--) {
            RingEvent e = all.get(i);
            if (e.type == EventType.CONTROL && e.controlParamValue == value) {
                return i;
            }
        }
        return -1;
    }

    @ParameterizedTest(name = "restart {0}")
    @ValueSource(ints = {1})
    void shouldReconcileARestartWithOrdersInFlightAndSendNoneTwice(int generation)
            throws Exception {
        venue = new FixTestVenue("");
        gateway = gateway(venue.client(dir.resolve("fix"), RUN));
        gateway.start();
        await(gateway::reconciled, "the first reconciliation");
        submit(1, MSFT, 10, 300000, null);
        submit(2, MSFT, 5, 301000, null);
        awaitReport(1, ExecType.ACK);
        awaitReport(2, ExecType.ACK);
        gateway.close(); // the process dies; its session store stays in dir/fix
        gateway = null;
        // While it is down, order 2 fills (nobody hears of it).
        venue.fillSilently(RUN + "-2", "30.10", "5");
        synchronized (reports) {
            reports.clear();
        }

        // The resumed process: same run tag, and the router replays the journal's 20 records:
        // orders 1 and 2 with their acks, and order 3, which the dead run decided but never sent.
        gateway =
                gateway(
                        venue.client(dir.resolve("fix"), RUN)
                                .recoveredRecords(20)
                                .generation(generation));
        submit(1, MSFT, 10, 300000, cause(5));
        gateway.onReport(ack(1, 6));
        submit(2, MSFT, 5, 301000, cause(7));
        gateway.onReport(ack(2, 8));
        submit(3, MSFT, 7, 299000, cause(19));
        gateway.cancel(1, MSFT, cause(19)); // the dead run's cancel: not sent again
        gateway.start();
        await(gateway::loggedOn, "logon");
        assertFalse(gateway.reconciled(), "no reconciliation before the recovery ends");
        gateway.recoveryDone();
        await(gateway::reconciled, "reconciliation after the restart");

        RingEvent fill = awaitReport(2, ExecType.FILL);
        assertEquals(5, fill.execLastQty);
        assertEquals(301000, fill.execLastPx);
        assertEquals(0, fill.execLeavesQty);
        assertEquals(
                ExecRejectReason.NOT_AT_VENUE, awaitReport(3, ExecType.REJECTED).execRejectReason);
        awaitReport(1, ExecType.CANCELED);
        assertEquals(List.of(1L, 0L), gatewayControls());
        assertEquals(1, venue.ordersReceived(RUN + "-1"));
        assertEquals(1, venue.ordersReceived(RUN + "-2"));
        assertEquals(0, venue.ordersReceived(RUN + "-3"));
        // The restart's cancel has a ClOrdID of its own generation.
        assertTrue(
                venue.received().contains("F:" + RUN + "-1-C1g" + generation),
                venue.received().toString());
        // A new order goes out once, under the next id.
        submit(4, MSFT, 1, 300000, cause(25));
        awaitReport(4, ExecType.ACK);
        assertEquals(1, venue.ordersReceived(RUN + "-4"));
    }

    private static RingEvent ack(long orderId, long sequence) {
        RingEvent e = new RingEvent();
        e.clearInput();
        e.type = EventType.EXEC_REPORT;
        e.sequence = sequence;
        e.instrumentId = MSFT;
        e.execOrderId = orderId;
        e.execType = ExecType.ACK;
        return e;
    }

    @ParameterizedTest(name = "mass status supported: {0}")
    @ValueSource(booleans = {true})
    void shouldRefuseToTradeWhenTheVenueWorksAnOrderTheJournalDoesNotKnow(boolean mass)
            throws Exception {
        venue = new FixTestVenue("");
        venue.massStatus(mass);
        venue.restForeign("other-7", "MSFT", "29.00", "3");
        gateway = gateway(venue.client(dir.resolve("fix"), RUN));
        gateway.start();
        await(() -> !gateway.unexplained().isEmpty(), "the refusal");
        assertTrue(gateway.unexplained().get(0).contains("other-7"), gateway.unexplained().get(0));
        assertFalse(gateway.reconciled());
        assertEquals(List.of(1L), gatewayControls());
        submit(1, MSFT, 1, 300000, null);
        assertEquals(
                ExecRejectReason.RECONCILING, awaitReport(1, ExecType.REJECTED).execRejectReason);
        assertEquals(0, venue.ordersReceived(RUN + "-1"));
    }

    @ParameterizedTest(name = "ack timeout {0} ms")
    @ValueSource(longs = {200})
    void shouldBlockAnInstrumentWhileAnUnacknowledgedOrderIsUnknown(long ackTimeoutMs)
            throws Exception {
        venue = new FixTestVenue("");
        gateway = gateway(venue.client(dir.resolve("fix"), RUN).ackTimeoutMs(ackTimeoutMs));
        gateway.start();
        await(gateway::reconciled, "the first reconciliation");
        venue.holdOrders(true);
        submit(1, MSFT, 10, 300000, null);
        // Past the timeout the gateway asks for its status: from then on it is unknown.
        await(() -> venue.received().contains("H:" + RUN + "-1"), "the status request");
        submit(2, MSFT, 1, 300000, null);
        assertEquals(
                ExecRejectReason.UNKNOWN_PENDING,
                awaitReport(2, ExecType.REJECTED).execRejectReason);
        assertEquals(0, venue.ordersReceived(RUN + "-2"));
        // Another instrument is not blocked.
        submit(3, SIMA, 1, 10000, null);
        await(() -> venue.ordersReceived(RUN + "-3") == 1, "order 3 at the venue");

        venue.holdOrders(false);
        venue.releaseHeld();
        awaitReport(1, ExecType.ACK);
        submit(4, MSFT, 1, 300000, null);
        awaitReport(4, ExecType.ACK);
        assertEquals(1, reportsOf(1).stream().filter(e -> e.execType == ExecType.ACK).count());
        assertTrue(reportsOf(3).stream().noneMatch(e -> e.execType == ExecType.REJECTED));
    }
}
