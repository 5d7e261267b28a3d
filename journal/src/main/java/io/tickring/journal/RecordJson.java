package io.tickring.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tickring.core.CancelReason;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes decoded input events and output records as JSON objects, for {@code journal dump}. Every
 * code is printed by its name (from the persisted-code classes of {@code io.tickring.core}), an
 * unknown value as {@code UNKNOWN(n)} where the class has no default name.
 */
public final class RecordJson {
    private RecordJson() {}

    public static void writeInput(JsonGenerator g, RingEvent e) throws IOException {
        g.writeStartObject();
        g.writeStringField("q", "in");
        g.writeNumberField("seq", e.sequence);
        g.writeStringField("type", EventType.name(e.type));
        g.writeNumberField("instrument", e.instrumentId);
        g.writeNumberField("exch_ns", e.exchangeTimeNs);
        g.writeNumberField("recv_ns", e.receiveTimeNs);
        switch (e.type) {
            case EventType.BOOK:
                g.writeNumberField("levels", e.levels);
                g.writeFieldName("asks");
                levels(g, e.askPx, e.askQty, e.levels);
                g.writeFieldName("bids");
                levels(g, e.bidPx, e.bidQty, e.levels);
                break;
            case EventType.TRADE:
                g.writeNumberField("px", e.tradePx);
                g.writeNumberField("qty", e.tradeQty);
                g.writeStringField("aggressor", Side.name(e.tradeAggressor));
                break;
            case EventType.QUOTE:
                g.writeNumberField("bid_px", e.quoteBidPx);
                g.writeNumberField("bid_qty", e.quoteBidQty);
                g.writeNumberField("ask_px", e.quoteAskPx);
                g.writeNumberField("ask_qty", e.quoteAskQty);
                break;
            case EventType.SENTIMENT:
                g.writeNumberField("score", e.sentimentScore);
                g.writeNumberField("confidence", e.sentimentConfidence);
                g.writeNumberField("source", e.sentimentSourceId);
                break;
            case EventType.EXEC_REPORT:
                g.writeNumberField("order_id", e.execOrderId);
                g.writeStringField("exec", ExecType.name(e.execType));
                g.writeStringField("side", Side.name(e.execSide));
                g.writeNumberField("last_px", e.execLastPx);
                g.writeNumberField("last_qty", e.execLastQty);
                g.writeNumberField("leaves_qty", e.execLeavesQty);
                g.writeNumberField("cum_qty", e.execCumQty);
                g.writeNumberField("fee", e.execFee);
                g.writeStringField("reject_reason", ExecRejectReason.name(e.execRejectReason));
                break;
            case EventType.TIMER:
                g.writeNumberField("tick", e.timerTick);
                break;
            case EventType.CONTROL:
                g.writeStringField("code", ControlCode.name(e.controlCode));
                g.writeNumberField("param_id", e.controlParamId);
                g.writeNumberField("param_value", e.controlParamValue);
                if (e.controlCode == ControlCode.OVERLOAD) {
                    // The param id spelled out: "START ingress", "END backlog BOOK".
                    g.writeStringField(
                            "overload", io.tickring.core.Overload.describe(e.controlParamId));
                }
                break;
            case EventType.SESSION:
                g.writeFieldName("session");
                g.writeRawValue(
                        new String(
                                e.sessionPayload.byteArray(),
                                0,
                                e.sessionLength,
                                StandardCharsets.UTF_8));
                break;
            default:
                break;
        }
        g.writeEndObject();
    }

    private static void levels(JsonGenerator g, long[] px, long[] qty, int n) throws IOException {
        g.writeStartArray();
        for (int k = 0; k < n; k++) {
            g.writeStartArray();
            g.writeNumber(px[k]);
            g.writeNumber(qty[k]);
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    public static void writeOutput(JsonGenerator g, OutputRecord r) throws IOException {
        g.writeStartObject();
        g.writeStringField("q", "out");
        g.writeNumberField("seq", r.sequence);
        g.writeStringField("type", EventType.name(r.type));
        g.writeNumberField("instrument", r.instrumentId);
        g.writeNumberField("exch_ns", r.exchangeTimeNs);
        switch (r.type) {
            case EventType.DECISION:
                g.writeNumberField("p_up", r.pUp);
                g.writeNumberField("p_flat", r.pFlat);
                g.writeNumberField("p_down", r.pDown);
                g.writeNumberField("confidence", r.confidence);
                g.writeStringField("side", Side.name(r.side));
                g.writeStringField("order_type", OrderType.name(r.orderType));
                g.writeNumberField("qty", r.qty);
                g.writeNumberField("px", r.px);
                break;
            case EventType.RISK:
                g.writeStringField("verdict", RiskVerdict.name(r.verdict));
                g.writeStringField("reason", RiskReason.name(r.reason));
                g.writeNumberField("approved_qty", r.qty);
                g.writeNumberField("requested_qty", r.requestedQty);
                break;
            case EventType.ORDER:
                g.writeNumberField("order_id", r.orderId);
                g.writeStringField("side", Side.name(r.side));
                g.writeStringField("order_type", OrderType.name(r.orderType));
                g.writeStringField("tif", TimeInForce.name(r.tif));
                g.writeNumberField("qty", r.qty);
                g.writeNumberField("px", r.px);
                break;
            case EventType.CANCEL:
                g.writeNumberField("order_id", r.orderId);
                g.writeStringField("reason", CancelReason.name(r.reason));
                break;
            case EventType.SHADOW_EXEC:
                g.writeNumberField("order_id", r.orderId);
                g.writeStringField("exec", ExecType.name(r.execType));
                g.writeStringField("side", Side.name(r.side));
                g.writeNumberField("last_px", r.px);
                g.writeNumberField("last_qty", r.qty);
                g.writeNumberField("leaves_qty", r.leavesQty);
                g.writeNumberField("cum_qty", r.cumQty);
                g.writeNumberField("fee", r.fee);
                g.writeStringField("reject_reason", ExecRejectReason.name(r.reason));
                break;
            default:
                break;
        }
        g.writeEndObject();
    }
}
