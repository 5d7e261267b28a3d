package io.tickring.adapters.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.ExecType;
import io.tickring.core.KillSwitch;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.instrument.TestInstruments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FIX gateway against a real QuickFIX/J acceptor on loopback ({@link FixTestVenue}). MSFT's
 * prices are fixed-point at scale 4 (30.99 is 309900), quantities whole.
 */
@Tag("slow")
class FixGatewayTest {
    private static final int MSFT = TestInstruments.MSFT.id();
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

    private FixGateway start(String password, boolean messageLog) throws Exception {
        venue = new FixTestVenue(password);
        FixContext c =
                venue.client(dir.resolve("fix"), RUN).password(password).messageLog(messageLog);
        gateway =
                new FixGateway(
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
        gateway.start();
        await(gateway::loggedOn, "logon");
        await(gateway::reconciled, "reconciliation at logon");
        return gateway;
    }

    private void buy(long id, long qty, long px, byte tif) {
        gateway.submit(id, MSFT, Side.BUY, OrderType.LIMIT, tif, qty, px, null);
    }

    private List<RingEvent> reportsOf(long orderId) {
        List<RingEvent> out = new ArrayList<>();
        synchronized (reports) {
            for (RingEvent e : reports) {
                if (e.execOrderId == orderId) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private RingEvent awaitReport(long orderId, byte execType) {
        await(
                () -> reportsOf(orderId).stream().anyMatch(e -> e.execType == execType),
                "order " + orderId + " " + ExecType.name(execType));
        return reportsOf(orderId).stream().filter(e -> e.execType == execType).findFirst().get();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 20_000_000_000L;
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

    @Test
    void shouldRoundTripOrdersFillsReplacesAndCancels() throws Exception {
        start("", false);
        venue.ask("MSFT", "30.99", "40").ask("MSFT", "31.00", "30");

        // 100 @ 31.00 GTC takes 40 @ 30.99 and 30 @ 31.00, and rests 30.
        buy(1, 100, 310000, TimeInForce.GTC);
        awaitReport(1, ExecType.ACK);
        await(() -> reportsOf(1).size() == 3, "two partial fills");
        List<RingEvent> r = reportsOf(1);
        assertEquals(ExecType.PARTIAL_FILL, r.get(1).execType);
        assertEquals(309900, r.get(1).execLastPx);
        assertEquals(40, r.get(1).execLastQty);
        assertEquals(60, r.get(1).execLeavesQty);
        assertEquals(ExecType.PARTIAL_FILL, r.get(2).execType);
        assertEquals(310000, r.get(2).execLastPx);
        assertEquals(30, r.get(2).execLastQty);
        assertEquals(70, r.get(2).execCumQty);
        assertEquals(30, r.get(2).execLeavesQty);
        assertEquals(List.of(1L), gateway.workingOrders());

        // Replace: 80 in all (10 left) at 30.95; a print at 30.95 fills the rest.
        gateway.replace(1, MSFT, 80, 309500, null);
        await(() -> reportsOf(1).size() == 4, "replace ack");
        assertEquals(ExecType.ACK, reportsOf(1).get(3).execType);
        assertEquals(10, reportsOf(1).get(3).execLeavesQty);
        venue.trade("MSFT", "30.95", "25");
        RingEvent fill = awaitReport(1, ExecType.FILL);
        assertEquals(309500, fill.execLastPx);
        assertEquals(10, fill.execLastQty);
        assertEquals(80, fill.execCumQty);
        assertEquals(0, fill.execLeavesQty);
        // The fills add up: 40 + 30 + 10 = 80 lots for 40 x 30.99 + 30 x 31.00 + 10 x 30.95 =
        // 2,479.10 USD (24,791,000 at scale 4), checked by hand.
        long qty = 0;
        long notional = 0;
        for (RingEvent e : reportsOf(1)) {
            qty += e.execLastQty;
            notional += e.execLastQty * e.execLastPx;
        }
        assertEquals(80, qty);
        assertEquals(24_791_000, notional);
        assertTrue(gateway.workingOrders().isEmpty());

        // A resting order cancelled; then one whose cancel the venue refuses.
        buy(2, 5, 300000, TimeInForce.GTC);
        awaitReport(2, ExecType.ACK);
        gateway.cancel(2, MSFT, null);
        RingEvent cancelled = awaitReport(2, ExecType.CANCELED);
        assertEquals(0, cancelled.execLeavesQty);
        venue.rejectCancels(true);
        buy(3, 5, 300000, TimeInForce.GTC);
        awaitReport(3, ExecType.ACK);
        gateway.cancel(3, MSFT, null);
        awaitReport(3, ExecType.CANCEL_REJECTED);
        assertEquals(List.of(3L), gateway.workingOrders());

        // An IOC remainder is cancelled by the venue; a rejected order is reported rejected.
        buy(4, 7, 290000, TimeInForce.IOC);
        awaitReport(4, ExecType.CANCELED);
        venue.rejectNextOrder();
        buy(5, 1, 300000, TimeInForce.GTC);
        assertEquals(FixGateway.REJECT_VENUE, awaitReport(5, ExecType.REJECTED).execRejectReason);

        assertTrue(venue.received().contains("D:run1-1"), venue.received().toString());
        assertTrue(venue.received().contains("G:run1-1-R1"), venue.received().toString());
        assertTrue(venue.received().contains("F:run1-2-C1"), venue.received().toString());
    }

    @Test
    void shouldCancelWorkingOrdersAtTheLogonAfterADrop() throws Exception {
        start("", false);
        buy(1, 10, 300000, TimeInForce.GTC);
        buy(2, 20, 301000, TimeInForce.GTC);
        awaitReport(2, ExecType.ACK);
        assertEquals(2, venue.resting());

        venue.drop();
        await(() -> !gateway.loggedOn(), "the drop");
        // Sent while disconnected: refused at once, nothing queued for later.
        buy(3, 5, 300000, TimeInForce.GTC);
        assertEquals(
                FixGateway.REJECT_DISCONNECTED, awaitReport(3, ExecType.REJECTED).execRejectReason);

        await(() -> gateway.logons() == 2, "the reconnect");
        awaitReport(1, ExecType.CANCELED);
        awaitReport(2, ExecType.CANCELED);
        assertEquals(0, venue.resting());
        assertTrue(gateway.workingOrders().isEmpty());
        assertFalse(venue.received().stream().anyMatch(s -> s.equals("D:run1-3")));
        assertEquals(1, gateway.disconnects());
    }

    @Test
    void shouldReleaseNothingOnceTheKillSwitchTripsAndCancelEveryWorkingOrder() throws Exception {
        start("", false);
        buy(1, 10, 300000, TimeInForce.GTC);
        awaitReport(1, ExecType.ACK);

        killSwitch.trip(System.currentTimeMillis() * 1_000_000L);
        RingEvent cancelled = awaitReport(1, ExecType.CANCELED);
        assertEquals(0, cancelled.execLeavesQty);
        buy(2, 10, 300000, TimeInForce.GTC);
        assertEquals(
                FixGateway.REJECT_KILL_SWITCH, awaitReport(2, ExecType.REJECTED).execRejectReason);
        assertFalse(venue.received().contains("D:run1-2"), venue.received().toString());

        killSwitch.rearm();
        buy(3, 10, 300000, TimeInForce.GTC);
        awaitReport(3, ExecType.ACK);
    }

    @Test
    void shouldSendThePasswordAtLogonAndLogItNowhere() throws Exception {
        String password = "pw-7f3a9c1e-never-logged";
        start(password, true);
        buy(1, 10, 300000, TimeInForce.GTC);
        awaitReport(1, ExecType.ACK);
        gateway.close();
        gateway = null;

        assertEquals(password, venue.logonPasswords().get(0));
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        boolean masked = false;
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertFalse(text.contains(password), f + " holds the password");
            masked |= text.contains("554=***");
        }
        assertTrue(masked, "the message log shows the Logon with its password masked: " + files);
    }

    @Test
    void shouldMaskPasswordFieldsOnly() {
        String soh = "\u0001";
        assertEquals(
                "35=A" + soh + "553=me" + soh + "554=***" + soh + "10=1" + soh,
                MaskingLogFactory.mask(
                        "35=A" + soh + "553=me" + soh + "554=pw" + soh + "10=1" + soh));
        assertEquals("1554=x" + soh, MaskingLogFactory.mask("1554=x" + soh));
        assertEquals("925=***", MaskingLogFactory.mask("925=new"));
    }
}
