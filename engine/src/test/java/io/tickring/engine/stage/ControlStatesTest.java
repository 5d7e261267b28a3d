package io.tickring.engine.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickring.adapters.OrderGateway;
import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskReason;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
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

/** Operator CONTROL events through the gate and the router, stage by stage on one thread. */
class ControlStatesTest {
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

    final FeaturesStage features = new FeaturesStage(List.of(I));
    final RiskStage risk =
            new RiskStage(
                    new RiskContext().maxOrderQty(300).maxPosition(1000).maxOrdersPerSecond(100),
                    List.of(I));
    final List<Long> cancels = new ArrayList<>();
    final List<Long> submits = new ArrayList<>();
    final RouterStage router =
            new RouterStage(
                    new OutputJournal(null),
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
                            submits.add(orderId);
                        }

                        @Override
                        public void cancel(long orderId, int instrumentId, RingEvent cause) {
                            cancels.add(orderId);
                        }
                    },
                    new Portfolio(List.of(I)));
    final RingEvent e = new RingEvent();
    long time = 1_000_000_000L;

    void run() {
        time += 1_000_000_000L; // one order per second never hits the rate limit
        e.exchangeTimeNs = time;
        features.onEvent(e);
        risk.onEvent(e);
        router.onEvent(e);
    }

    void intent(byte side, long qty) {
        e.clearInput();
        e.type = EventType.BOOK;
        e.instrumentId = 1;
        e.levels = 1;
        e.bidPx[0] = 999_900;
        e.bidQty[0] = 500;
        e.askPx[0] = 1_000_000;
        e.askQty[0] = 500;
        e.intentSide = side;
        e.intentOrderType = OrderType.LIMIT;
        e.intentQty = qty;
        e.intentPx = side == Side.BUY ? 1_000_000 : 999_900;
        run();
    }

    void control(byte code) {
        e.clearInput();
        e.type = EventType.CONTROL;
        e.controlCode = code;
        e.intentSide = Side.NONE;
        run();
    }

    void fill(long orderId, byte side, long qty) {
        e.clearInput();
        e.type = EventType.EXEC_REPORT;
        e.instrumentId = 1;
        e.execOrderId = orderId;
        e.execType = ExecType.FILL;
        e.execSide = side;
        e.execLastPx = 1_000_000;
        e.execLastQty = qty;
        e.execCumQty = qty;
        e.intentSide = Side.NONE;
        run();
    }

    @Test
    void shouldRejectEverythingWhileHaltedAndTradeAgainAfterResume() {
        intent(Side.BUY, 100);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict);
        control(ControlCode.HALT);
        intent(Side.BUY, 100);
        assertEquals(RiskVerdict.REJECT, e.riskVerdict);
        assertEquals(RiskReason.HALTED, e.riskReason);
        intent(Side.SELL, 100);
        assertEquals(RiskReason.HALTED, e.riskReason);
        control(ControlCode.RESUME);
        intent(Side.BUY, 100);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict);
    }

    @Test
    void shouldCancelEveryOpenOrderWithinTheKillEvent() {
        intent(Side.BUY, 100);
        intent(Side.BUY, 100);
        intent(Side.BUY, 100);
        assertEquals(List.of(1L, 2L, 3L), submits);
        fill(2, Side.BUY, 100);
        long outBefore = router.orders();
        control(ControlCode.KILL);
        assertEquals(
                List.of(1L, 3L),
                cancels,
                "open orders 1 and 3 are cancelled, in id order, by the kill itself");
        assertEquals(RiskStage.HALTED, risk.state());
        intent(Side.BUY, 100);
        assertEquals(RiskReason.HALTED, e.riskReason);
        assertEquals(outBefore, router.orders());
    }

    @Test
    void shouldStayKilledAfterResumeUntilRearm() {
        intent(Side.BUY, 100);
        control(ControlCode.KILL);
        assertEquals(List.of(1L), cancels);
        control(ControlCode.RESUME);
        assertEquals(RiskStage.HALTED, risk.state(), "RESUME does not lift a KILL");
        assertEquals(true, risk.killed());
        long ordersBefore = router.orders();
        intent(Side.BUY, 100);
        assertEquals(RiskVerdict.REJECT, e.riskVerdict);
        assertEquals(RiskReason.HALTED, e.riskReason);
        assertEquals(ordersBefore, router.orders(), "nothing is released after RESUME");
        control(ControlCode.REARM);
        assertEquals(RiskStage.ACTIVE, risk.state());
        assertEquals(false, risk.killed());
        intent(Side.BUY, 100);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict, "REARM allows trading again");
        assertEquals(ordersBefore + 1, router.orders());
    }

    @Test
    void shouldOnlyReduceWhenReducing() {
        intent(Side.BUY, 200);
        fill(1, Side.BUY, 200);
        control(ControlCode.REDUCE_ONLY);
        intent(Side.BUY, 100);
        assertEquals(RiskReason.REDUCE_ONLY, e.riskReason);
        assertEquals(RiskVerdict.REJECT, e.riskVerdict);
        intent(Side.SELL, 300);
        assertEquals(
                RiskVerdict.CLAMP, e.riskVerdict, "selling more than the position would flip it");
        assertEquals(200, e.approvedQty);
    }

    @Test
    void shouldClampToTheOrderAndPositionLimits() {
        intent(Side.BUY, 500);
        assertEquals(RiskVerdict.CLAMP, e.riskVerdict);
        assertEquals(RiskReason.MAX_ORDER_QTY, e.riskReason);
        assertEquals(300, e.approvedQty);
        intent(Side.BUY, 300);
        intent(Side.BUY, 300);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict, "900 open of 1000");
        intent(Side.BUY, 300);
        assertEquals(RiskVerdict.CLAMP, e.riskVerdict);
        assertEquals(RiskReason.MAX_POSITION, e.riskReason);
        assertEquals(100, e.approvedQty, "open orders count toward the position limit");
        intent(Side.BUY, 100);
        assertEquals(RiskReason.MAX_POSITION, e.riskReason);
        assertEquals(RiskVerdict.REJECT, e.riskVerdict);
    }
}
