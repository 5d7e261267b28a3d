package io.tickring.engine.ops.log;

import io.tickring.adapters.binance.FeedGap;
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
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Turns journal records into the event log's {@code key=value} lines, prices and quantities in real
 * units through the instrument registry's scales. Runs on the event-log thread and allocates as it
 * likes: it never sees a ring slot, only records read back from the journal.
 *
 * <p>Lines: {@code order_sent}, {@code cancel_sent} and risk {@code reject} from {@code out/};
 * {@code fill}, {@code canceled} and venue {@code reject} from execution reports; one line per
 * CONTROL event named by its code in lower case ({@code halt}, {@code resume}, {@code reduce_only},
 * {@code kill}, {@code rearm}, {@code feed_gap}, {@code restart}, and the codes added later, e.g.
 * drop episodes). Books, trades, timers, sentiment, acks and accepted verdicts make no line.
 */
final class EventLines {
    /**
     * The line of a CONTROL STOP, the graceful stop's journaled request: not {@code stop}, which is
     * the line the run writes when it has stopped.
     */
    static final String STOP_REQUESTED = "stop_requested";

    private final InstrumentLookup instruments;

    // The DECISION and RISK records the router writes just before an ORDER of the same sequence.
    private long decisionSeq = -1;
    private double decisionConfidence;
    private long riskSeq = -1;
    private byte riskVerdict;
    private long riskRequestedQty;

    EventLines(InstrumentLookup instruments) {
        this.instruments = instruments;
    }

    /** The line for input event {@code e}, or null if it makes none. */
    String input(RingEvent e) {
        switch (e.type) {
            case EventType.CONTROL:
                return control(e);
            case EventType.EXEC_REPORT:
                return execReport(e);
            default:
                return null;
        }
    }

    /** The line for output record {@code r}, or null if it makes none. */
    String output(OutputRecord r) {
        switch (r.type) {
            case EventType.DECISION:
                decisionSeq = r.sequence;
                decisionConfidence = r.confidence;
                return null;
            case EventType.RISK:
                riskSeq = r.sequence;
                riskVerdict = r.verdict;
                riskRequestedQty = r.requestedQty;
                if (r.verdict != RiskVerdict.REJECT) {
                    return null;
                }
                return riskReject(r);
            case EventType.ORDER:
                return order(r);
            case EventType.CANCEL:
                return new Line("cancel_sent")
                        .put("order_id", r.orderId)
                        .put("reason", CancelReason.name(r.reason))
                        .instrument(instruments.byId(r.instrumentId), r.instrumentId)
                        .put("seq", r.sequence)
                        .toString();
            default:
                return null;
        }
    }

    private String order(OutputRecord r) {
        Instrument i = instruments.byId(r.instrumentId);
        Line l =
                new Line("order_sent")
                        .instrument(i, r.instrumentId)
                        .put("side", Side.name(r.side))
                        .put("qty", qty(i, r.qty))
                        .put("px", px(i, r.px))
                        .put("type", OrderType.name(r.orderType))
                        .put("tif", TimeInForce.name(r.tif))
                        // The strategy's exits carry confidence 1.0 (StrategyStage.emit); entries
                        // carry the model's probability of their direction.
                        .put(
                                "reason",
                                decisionSeq == r.sequence && decisionConfidence >= 1.0
                                        ? "exit"
                                        : "model");
        if (riskSeq == r.sequence && riskVerdict == RiskVerdict.CLAMP) {
            l.put("clamped_from", qty(i, riskRequestedQty));
        }
        return l.put("order_id", r.orderId).put("seq", r.sequence).toString();
    }

    private String riskReject(OutputRecord r) {
        Instrument i = instruments.byId(r.instrumentId);
        return new Line("reject")
                .put("source", "risk")
                .put("reason", RiskReason.name(r.reason))
                .instrument(i, r.instrumentId)
                .put("qty", qty(i, r.requestedQty))
                .put("seq", r.sequence)
                .toString();
    }

    private String execReport(RingEvent e) {
        Instrument i = instruments.byId(e.instrumentId);
        switch (e.execType) {
            case ExecType.FILL:
            case ExecType.PARTIAL_FILL:
                {
                    Line l =
                            new Line("fill")
                                    .instrument(i, e.instrumentId)
                                    .put("side", Side.name(e.execSide))
                                    .put("qty", qty(i, e.execLastQty))
                                    .put("px", px(i, e.execLastPx))
                                    .put("leaves_qty", qty(i, e.execLeavesQty))
                                    .put("cum_qty", qty(i, e.execCumQty));
                    if (i != null) {
                        l.put("fee", BigDecimal.valueOf(e.execFee, i.moneyScale()).toPlainString())
                                .put("fee_ccy", i.settlementCurrency());
                    } else {
                        l.put("fee", e.execFee);
                    }
                    return l.put("exec", ExecType.name(e.execType))
                            .put("order_id", e.execOrderId)
                            .put("seq", e.sequence)
                            .toString();
                }
            case ExecType.REJECTED:
                return new Line("reject")
                        .put("source", "venue")
                        .put("reason", ExecRejectReason.name(e.execRejectReason))
                        .instrument(i, e.instrumentId)
                        .put("side", Side.name(e.execSide))
                        .put("order_id", e.execOrderId)
                        .put("seq", e.sequence)
                        .toString();
            case ExecType.CANCELED:
                return new Line("canceled")
                        .instrument(i, e.instrumentId)
                        .put("side", Side.name(e.execSide))
                        .put("leaves_qty", qty(i, e.execLeavesQty))
                        .put("order_id", e.execOrderId)
                        .put("seq", e.sequence)
                        .toString();
            default:
                return null;
        }
    }

    private String control(RingEvent e) {
        String name = ControlCode.name(e.controlCode).toLowerCase(Locale.ROOT);
        Line l = new Line(name.equals("stop") ? STOP_REQUESTED : name);
        if (e.controlCode == ControlCode.FEED_GAP) {
            l.instrument(instruments.byId(e.instrumentId), e.instrumentId)
                    .put("gap", FeedGap.name(e.controlParamValue));
        } else {
            Instrument i = instruments.byId(e.instrumentId);
            if (i != null) {
                l.put("symbol", i.symbol());
            }
            if (e.controlParamId != 0) {
                l.put("param_id", e.controlParamId);
            }
            if (e.controlParamValue != 0) {
                l.put("param_value", e.controlParamValue);
            }
        }
        return l.put("seq", e.sequence).toString();
    }

    /** {@code qty} in the instrument's quantity units; the raw integer if it is unknown. */
    static String qty(Instrument i, long qty) {
        return i == null
                ? Long.toString(qty)
                : BigDecimal.valueOf(qty, i.units().qtyScale()).toPlainString();
    }

    /** {@code px} in the instrument's price units; the raw integer if it is unknown. */
    static String px(Instrument i, long px) {
        return i == null ? Long.toString(px) : i.format(px);
    }

    /**
     * One {@code event key=value ...} line. Values with a space, a quote, an equals sign or a
     * control character are quoted, so a line always splits back into its keys.
     */
    static final class Line {
        private final StringBuilder b = new StringBuilder(128);

        Line(String event) {
            b.append(event);
        }

        Line put(String key, long value) {
            b.append(' ').append(key).append('=').append(value);
            return this;
        }

        Line put(String key, Object value) {
            b.append(' ').append(key).append('=');
            String s = String.valueOf(value);
            if (needsQuotes(s)) {
                b.append('"');
                for (int k = 0; k < s.length(); k++) {
                    char c = s.charAt(k);
                    if (c == '"' || c == '\\') {
                        b.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
                b.append('"');
            } else {
                b.append(s);
            }
            return this;
        }

        /** {@code symbol=...} if the registry knows the instrument, else {@code instrument=id}. */
        Line instrument(Instrument i, int id) {
            return i != null ? put("symbol", i.symbol()) : put("instrument", id);
        }

        private static boolean needsQuotes(String s) {
            if (s.isEmpty()) {
                return true;
            }
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return b.toString();
        }
    }
}
