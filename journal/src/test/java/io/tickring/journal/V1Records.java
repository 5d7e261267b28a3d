package io.tickring.journal;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import java.nio.ByteOrder;
import org.agrona.MutableDirectBuffer;

/**
 * The schema version 1 encoder, as it was before version 2 replaced it: kept in tests only, to make
 * version 1 records (journals "recorded before the change") and to measure against. The golden v1
 * journal proves it writes what version 1 wrote, byte for byte. The layout is drawn in {@code
 * io.tickring.core.codec.V1Codec}.
 */
public final class V1Records {
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int LENGTH = 40;

    private V1Records() {}

    private static void header(
            MutableDirectBuffer b, int off, int type, RingEvent e, int bodyLength) {
        b.putByte(off, (byte) 1);
        b.putByte(off + 1, (byte) type);
        b.putShort(off + 2, (short) 0, ORDER);
        b.putInt(off + 4, e.instrumentId, ORDER);
        b.putLong(off + 8, e.sequence, ORDER);
        b.putLong(off + 16, e.exchangeTimeNs, ORDER);
        b.putLong(off + 24, e.receiveTimeNs, ORDER);
        b.putInt(off + 32, bodyLength, ORDER);
        b.putInt(off + 36, 0, ORDER);
    }

    /** Encodes the input part of {@code e} as a version 1 record; returns its length. */
    public static int encodeInput(RingEvent e, MutableDirectBuffer b, int off) {
        int p = off + LENGTH;
        int body;
        switch (e.type) {
            case EventType.BOOK:
                body = 8 + 32 * e.levels;
                b.putByte(p, (byte) e.levels);
                b.putByte(p + 1, (byte) 0);
                b.putShort(p + 2, (short) 0, ORDER);
                b.putInt(p + 4, 0, ORDER);
                for (int k = 0; k < e.levels; k++) {
                    int q = p + 8 + 32 * k;
                    b.putLong(q, e.askPx[k], ORDER);
                    b.putLong(q + 8, e.askQty[k], ORDER);
                    b.putLong(q + 16, e.bidPx[k], ORDER);
                    b.putLong(q + 24, e.bidQty[k], ORDER);
                }
                break;
            case EventType.TRADE:
                body = 24;
                b.putLong(p, e.tradePx, ORDER);
                b.putLong(p + 8, e.tradeQty, ORDER);
                b.putLong(p + 16, 0L, ORDER);
                b.putByte(p + 16, e.tradeAggressor);
                break;
            case EventType.SENTIMENT:
                body = 24;
                b.putDouble(p, e.sentimentScore, ORDER);
                b.putDouble(p + 8, e.sentimentConfidence, ORDER);
                b.putInt(p + 16, e.sentimentSourceId, ORDER);
                b.putInt(p + 20, 0, ORDER);
                break;
            case EventType.EXEC_REPORT:
                body = 56;
                b.putLong(p, e.execOrderId, ORDER);
                b.putLong(p + 8, e.execLastPx, ORDER);
                b.putLong(p + 16, e.execLastQty, ORDER);
                b.putLong(p + 24, e.execLeavesQty, ORDER);
                b.putLong(p + 32, e.execCumQty, ORDER);
                b.putLong(p + 40, e.execFee, ORDER);
                b.putInt(p + 48, 0, ORDER);
                b.putByte(p + 48, e.execType);
                b.putByte(p + 49, e.execSide);
                b.putInt(p + 52, e.execRejectReason, ORDER);
                break;
            case EventType.TIMER:
                body = 8;
                b.putLong(p, e.timerTick, ORDER);
                break;
            case EventType.CONTROL:
                body = 16;
                b.putInt(p, 0, ORDER);
                b.putByte(p, e.controlCode);
                b.putInt(p + 4, e.controlParamId, ORDER);
                b.putLong(p + 8, e.controlParamValue, ORDER);
                break;
            case EventType.SESSION:
                body = e.sessionLength;
                b.putBytes(p, e.sessionPayload, 0, e.sessionLength);
                break;
            default:
                throw new IllegalArgumentException("not an input event type: " + e.type);
        }
        header(b, off, e.type, e, body);
        return LENGTH + body;
    }

    public static int encodeDecision(RingEvent e, MutableDirectBuffer b, int off) {
        header(b, off, EventType.DECISION, e, 56);
        int p = off + LENGTH;
        b.putDouble(p, e.pUp, ORDER);
        b.putDouble(p + 8, e.pFlat, ORDER);
        b.putDouble(p + 16, e.pDown, ORDER);
        b.putDouble(p + 24, e.intentConfidence, ORDER);
        b.putLong(p + 32, 0L, ORDER);
        b.putByte(p + 32, e.intentSide);
        b.putByte(p + 33, e.intentOrderType);
        b.putLong(p + 40, e.intentQty, ORDER);
        b.putLong(p + 48, e.intentPx, ORDER);
        return LENGTH + 56;
    }

    public static int encodeRisk(RingEvent e, MutableDirectBuffer b, int off) {
        header(b, off, EventType.RISK, e, 24);
        int p = off + LENGTH;
        b.putInt(p, 0, ORDER);
        b.putByte(p, e.riskVerdict);
        b.putInt(p + 4, e.riskReason, ORDER);
        b.putLong(p + 8, e.approvedQty, ORDER);
        b.putLong(p + 16, e.intentQty, ORDER);
        return LENGTH + 24;
    }

    public static int encodeOrder(
            RingEvent cause,
            long orderId,
            byte side,
            byte orderType,
            byte tif,
            long qty,
            long px,
            MutableDirectBuffer b,
            int off) {
        header(b, off, EventType.ORDER, cause, 32);
        int p = off + LENGTH;
        b.putLong(p, orderId, ORDER);
        b.putLong(p + 8, 0L, ORDER);
        b.putByte(p + 8, side);
        b.putByte(p + 9, orderType);
        b.putByte(p + 10, tif);
        b.putLong(p + 16, qty, ORDER);
        b.putLong(p + 24, px, ORDER);
        return LENGTH + 32;
    }

    public static int encodeCancel(
            RingEvent cause, long orderId, int reason, MutableDirectBuffer b, int off) {
        header(b, off, EventType.CANCEL, cause, 16);
        int p = off + LENGTH;
        b.putLong(p, orderId, ORDER);
        b.putInt(p + 8, reason, ORDER);
        b.putInt(p + 12, 0, ORDER);
        return LENGTH + 16;
    }
}
