package io.tickring.journal;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import java.nio.charset.StandardCharsets;

/**
 * One hand-filled event of every input type, shared by the journal tests and the golden journal.
 */
public final class SampleEvents {
    private SampleEvents() {}

    public static final long T0 = 1_340_285_400_000_000_000L; // 2012-06-21 13:30:00 UTC

    /** Fills {@code e} with sample {@code type}, sequence {@code seq}. */
    public static RingEvent fill(RingEvent e, int type, long seq) {
        e.clearInput();
        e.type = type;
        e.sequence = seq;
        e.instrumentId = type == EventType.SESSION || type == EventType.TIMER ? 0 : 7;
        e.exchangeTimeNs = T0 + seq * 1_000_000L;
        e.receiveTimeNs = e.exchangeTimeNs + 12_345;
        switch (type) {
            case EventType.SESSION:
                byte[] json = "{\"version\":\"test\",\"seed\":42}".getBytes(StandardCharsets.UTF_8);
                e.sessionPayload.putBytes(0, json);
                e.sessionLength = json.length;
                break;
            case EventType.BOOK:
                e.levels = 5;
                for (int k = 0; k < 5; k++) {
                    e.askPx[k] = 305_900 + 100L * k;
                    e.askQty[k] = 100 + k;
                    e.bidPx[k] = 305_800 - 100L * k;
                    e.bidQty[k] = 200 + k;
                }
                break;
            case EventType.TRADE:
                e.tradePx = 305_900;
                e.tradeQty = 300;
                e.tradeAggressor = Side.BUY;
                break;
            case EventType.SENTIMENT:
                e.sentimentScore = -0.25;
                e.sentimentConfidence = 0.875;
                e.sentimentSourceId = 3;
                break;
            case EventType.EXEC_REPORT:
                e.execOrderId = 99;
                e.execType = ExecType.PARTIAL_FILL;
                e.execSide = Side.SELL;
                e.execLastPx = 305_800;
                e.execLastQty = 50;
                e.execLeavesQty = 50;
                e.execCumQty = 50;
                e.execFee = 17;
                e.execRejectReason = 0;
                break;
            case EventType.TIMER:
                e.timerTick = 12;
                break;
            case EventType.CONTROL:
                e.controlCode = ControlCode.PARAM;
                e.controlParamId = 4;
                e.controlParamValue = -77;
                break;
            default:
                throw new IllegalArgumentException("type " + type);
        }
        return e;
    }

    /** Input types in the order the golden journal holds them. */
    public static final int[] INPUT_TYPES = {
        EventType.SESSION,
        EventType.BOOK,
        EventType.TRADE,
        EventType.SENTIMENT,
        EventType.EXEC_REPORT,
        EventType.TIMER,
        EventType.CONTROL
    };

    /** Field-by-field equality of the input parts of two events. */
    public static boolean sameInput(RingEvent a, RingEvent b) {
        if (a.sequence != b.sequence
                || a.type != b.type
                || a.instrumentId != b.instrumentId
                || a.exchangeTimeNs != b.exchangeTimeNs
                || a.receiveTimeNs != b.receiveTimeNs
                || a.levels != b.levels
                || a.tradePx != b.tradePx
                || a.tradeQty != b.tradeQty
                || a.tradeAggressor != b.tradeAggressor
                || Double.compare(a.sentimentScore, b.sentimentScore) != 0
                || Double.compare(a.sentimentConfidence, b.sentimentConfidence) != 0
                || a.sentimentSourceId != b.sentimentSourceId
                || a.execOrderId != b.execOrderId
                || a.execType != b.execType
                || a.execSide != b.execSide
                || a.execLastPx != b.execLastPx
                || a.execLastQty != b.execLastQty
                || a.execLeavesQty != b.execLeavesQty
                || a.execCumQty != b.execCumQty
                || a.execFee != b.execFee
                || a.execRejectReason != b.execRejectReason
                || a.timerTick != b.timerTick
                || a.controlCode != b.controlCode
                || a.controlParamId != b.controlParamId
                || a.controlParamValue != b.controlParamValue
                || a.sessionLength != b.sessionLength) {
            return false;
        }
        for (int k = 0; k < a.levels; k++) {
            if (a.askPx[k] != b.askPx[k]
                    || a.askQty[k] != b.askQty[k]
                    || a.bidPx[k] != b.bidPx[k]
                    || a.bidQty[k] != b.bidQty[k]) {
                return false;
            }
        }
        for (int i = 0; i < a.sessionLength; i++) {
            if (a.sessionPayload.getByte(i) != b.sessionPayload.getByte(i)) {
                return false;
            }
        }
        return true;
    }
}
