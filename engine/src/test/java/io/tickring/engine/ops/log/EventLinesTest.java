package io.tickring.engine.ops.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.ExecRejectReason;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskReason;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.codec.OutputRecord;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event lines, in real units through the registry's scales. */
class EventLinesTest {
    /** MSFT as the shipped registry has it: prices at scale 2, whole shares. */
    private static final Instrument MSFT =
            new Instrument(
                    101,
                    "MSFT",
                    "XNAS",
                    2,
                    1,
                    1,
                    "USD",
                    ZoneId.of("UTC"),
                    List.of(),
                    Instrument.Fees.NONE);

    private static final InstrumentLookup REGISTRY =
            new InstrumentLookup() {
                @Override
                public Instrument bySymbol(String symbol) {
                    return symbol.equals("MSFT") ? MSFT : null;
                }

                @Override
                public Instrument byId(int id) {
                    return id == 101 ? MSFT : null;
                }
            };

    private final EventLines lines = new EventLines(REGISTRY);

    @Test
    void shouldWriteAnOrderInRealUnitsWithItsReason() {
        assertNull(lines.output(decision(7, 0.71)));
        assertNull(lines.output(risk(7, RiskVerdict.ACCEPT, RiskReason.NONE, 100)));
        assertEquals(
                "order_sent symbol=MSFT side=BUY qty=100 px=30.99 type=LIMIT tif=IOC reason=model"
                        + " order_id=42 seq=7",
                lines.output(order(7, 42, Side.BUY, 100, 3099)));

        // An exit (confidence 1.0), clamped by the gate from 250 to 200.
        lines.output(decision(9, 1.0));
        lines.output(risk(9, RiskVerdict.CLAMP, RiskReason.MAX_POSITION, 250));
        assertEquals(
                "order_sent symbol=MSFT side=SELL qty=200 px=31.00 type=LIMIT tif=IOC reason=exit"
                        + " clamped_from=250 order_id=43 seq=9",
                lines.output(order(9, 43, Side.SELL, 200, 3100)));
    }

    @Test
    void shouldWriteRejectsWithTheirReasonNames() {
        lines.output(decision(11, 0.6));
        assertEquals(
                "reject source=risk reason=HALTED symbol=MSFT qty=100 seq=11",
                lines.output(risk(11, RiskVerdict.REJECT, RiskReason.HALTED, 100)));
        RingEvent e = exec(12, ExecType.REJECTED);
        e.execRejectReason = ExecRejectReason.NO_MARKET;
        assertEquals(
                "reject source=venue reason=NO_MARKET symbol=MSFT side=BUY order_id=42 seq=12",
                lines.input(e));
    }

    @Test
    void shouldWriteAFillWithItsFeeInTheSettlementCurrency() {
        RingEvent e = exec(13, ExecType.PARTIAL_FILL);
        e.execLastQty = 40;
        e.execLastPx = 3099;
        e.execLeavesQty = 60;
        e.execCumQty = 40;
        e.execFee = 12; // money at the settlement decimals (2): 0.12 USD
        assertEquals(
                "fill symbol=MSFT side=BUY qty=40 px=30.99 leaves_qty=60 cum_qty=40 fee=0.12"
                        + " fee_ccy=USD exec=PARTIAL_FILL order_id=42 seq=13",
                lines.input(e));
        assertNull(lines.input(exec(14, ExecType.ACK)), "acks make no line");
    }

    @Test
    void shouldNameControlsByTheirCode() {
        RingEvent e = new RingEvent();
        e.type = EventType.CONTROL;
        e.sequence = 20;
        e.controlCode = ControlCode.KILL;
        assertEquals("kill seq=20", lines.input(e));
        e.controlCode = ControlCode.REDUCE_ONLY;
        assertEquals("reduce_only seq=20", lines.input(e));
        e.controlCode = ControlCode.FEED_GAP;
        e.instrumentId = 101;
        e.controlParamValue = 1;
        assertEquals("feed_gap symbol=MSFT gap=DISCONNECT seq=20", lines.input(e));
    }

    @Test
    void shouldQuoteValuesThatWouldBreakTheLine() {
        assertEquals(
                "stop reason=error error=\"bad \\\"x\\\" = y\"",
                new EventLines.Line("stop")
                        .put("reason", "error")
                        .put("error", "bad \"x\" = y")
                        .toString());
    }

    private static OutputRecord decision(long seq, double confidence) {
        OutputRecord r = new OutputRecord();
        r.type = EventType.DECISION;
        r.sequence = seq;
        r.instrumentId = 101;
        r.confidence = confidence;
        return r;
    }

    private static OutputRecord risk(long seq, byte verdict, int reason, long requested) {
        OutputRecord r = new OutputRecord();
        r.type = EventType.RISK;
        r.sequence = seq;
        r.instrumentId = 101;
        r.verdict = verdict;
        r.reason = reason;
        r.requestedQty = requested;
        return r;
    }

    private static OutputRecord order(long seq, long id, byte side, long qty, long px) {
        OutputRecord r = new OutputRecord();
        r.type = EventType.ORDER;
        r.sequence = seq;
        r.instrumentId = 101;
        r.orderId = id;
        r.side = side;
        r.orderType = OrderType.LIMIT;
        r.tif = TimeInForce.IOC;
        r.qty = qty;
        r.px = px;
        return r;
    }

    private static RingEvent exec(long seq, byte type) {
        RingEvent e = new RingEvent();
        e.type = EventType.EXEC_REPORT;
        e.sequence = seq;
        e.instrumentId = 101;
        e.execType = type;
        e.execSide = Side.BUY;
        e.execOrderId = 42;
        return e;
    }
}
