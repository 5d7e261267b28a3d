package io.tickring.engine.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.OrderGateway;
import io.tickring.adapters.paper.PaperContext;
import io.tickring.adapters.paper.PaperGateway;
import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskReason;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.stage.features.FeaturesStage;
import io.tickring.engine.stage.risk.RiskContext;
import io.tickring.engine.stage.risk.RiskStage;
import io.tickring.engine.stage.router.Portfolio;
import io.tickring.engine.stage.router.RouterStage;
import io.tickring.journal.OutputJournal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A STOP (the process is stopping on SIGTERM or SIGINT) halts the gate as HALT does, cancels the
 * resting paper orders within that event when its record asks for it (and only then), lets the
 * execution reports after it through, and no longer holds once a resumed run's first market event
 * arrives.
 */
class StopControlTest {
    static final Instrument I =
            new Instrument(
                    1,
                    "SIMA",
                    "SIM",
                    4,
                    100,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE);
    static final long LATENCY = 100_000;

    final List<RingEvent> reports = new ArrayList<>();
    final PaperGateway paper =
            new PaperGateway(
                    r -> {
                        RingEvent copy = new RingEvent();
                        copy.copyInputFrom(r);
                        reports.add(copy);
                    },
                    List.of(I),
                    new PaperContext().latencyNs(LATENCY).seed(1).maxOpenOrders(64));
    final List<Long> cancels = new ArrayList<>();
    final OutputJournal out = new OutputJournal(null);
    final FeaturesStage features = new FeaturesStage(List.of(I));
    final RiskStage risk =
            new RiskStage(
                    new RiskContext().maxOrderQty(1000).maxPosition(1000).maxOrdersPerSecond(100),
                    List.of(I));
    final RouterStage router =
            new RouterStage(
                    out,
                    new OrderGateway() {
                        @Override
                        public void submit(
                                long orderId,
                                int instrumentId,
                                byte side,
                                byte orderType,
                                byte tif,
                                long qty,
                                long px,
                                RingEvent cause) {
                            paper.submit(
                                    orderId, instrumentId, side, orderType, tif, qty, px, cause);
                        }

                        @Override
                        public void cancel(long orderId, int instrumentId, RingEvent cause) {
                            cancels.add(orderId);
                            paper.cancel(orderId, instrumentId, cause);
                        }

                        @Override
                        public void onMarketData(RingEvent e) {
                            paper.onMarketData(e);
                        }
                    },
                    new Portfolio(List.of(I)));
    final RingEvent e = new RingEvent();
    long time = 1_000_000_000L;

    void run() {
        features.onEvent(e);
        risk.onEvent(e);
        router.onEvent(e);
    }

    /**
     * A BOOK 1 ms after the last event, with an optional resting intent; then the reports it
     * caused.
     */
    void book(byte side, long px) {
        time += 1_000_000;
        e.clearInput();
        e.type = EventType.BOOK;
        e.instrumentId = 1;
        e.exchangeTimeNs = time;
        e.levels = 1;
        e.bidPx[0] = 999_900;
        e.bidQty[0] = 500;
        e.askPx[0] = 1_000_000;
        e.askQty[0] = 500;
        e.intentSide = side;
        e.intentOrderType = side == Side.NONE ? OrderType.NONE : OrderType.LIMIT;
        e.intentTif = TimeInForce.GTC;
        e.intentQty = side == Side.NONE ? 0 : 100;
        e.intentPx = px;
        e.intentConfidence = 1;
        int before = reports.size();
        run();
        feedReports(before);
    }

    void feedReports(int from) {
        List<RingEvent> fresh = new ArrayList<>(reports.subList(from, reports.size()));
        for (RingEvent r : fresh) {
            e.clearInput();
            e.copyInputFrom(r);
            e.intentSide = Side.NONE;
            run();
        }
    }

    void stop(long cancel) {
        time += 1_000_000;
        e.clearInput();
        e.type = EventType.CONTROL;
        e.exchangeTimeNs = time;
        e.controlCode = ControlCode.STOP;
        e.controlParamValue = cancel;
        e.intentSide = Side.NONE;
        run();
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
