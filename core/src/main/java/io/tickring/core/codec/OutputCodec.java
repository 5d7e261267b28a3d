package io.tickring.core.codec;

import static io.tickring.core.codec.RecordHeader.LENGTH;
import static io.tickring.core.codec.RecordHeader.ORDER;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes the router's output records and decodes them into an {@link OutputRecord}. The header's
 * sequence, instrument and times are the causing input event's. Offsets are from the body start.
 *
 * <pre>
 * DECISION (56 bytes)                       RISK (24 bytes)
 *  +---------------------------+             +---------+----------+---------------+
 *  |  p(up) (f64)              |  0          | verdict | pad (3)  | reason (i32)  |  0
 *  |  p(flat) (f64)            |  8          +---------+----------+---------------+
 *  |  p(down) (f64)            | 16          |   approved quantity (i64)          |  8
 *  |  confidence (f64)         | 24          |   requested quantity (i64)         | 16
 *  +------+------+-------------+             +------------------------------------+
 *  | side | type | pad (6)     | 32
 *  +------+------+-------------+           ORDER (32 bytes)
 *  |  quantity (i64)           | 40          +------------------------------------+
 *  |  limit price (i64)        | 48          |   order id (i64)                   |  0
 *  +---------------------------+             +------+------+------+---------------+
 *                                            | side | type | tif  |  pad (5)      |  8
 * CANCEL (16 bytes)                          +------+------+------+---------------+
 *  +---------------------------+             |   quantity (i64)                   | 16
 *  |  order id (i64)           |  0          |   limit price (i64)                | 24
 *  +-------------+-------------+             +------------------------------------+
 *  | reason (i32)| pad (4)     |  8
 *  +-------------+-------------+
 * </pre>
 */
public final class OutputCodec {
    static final int DECISION_BODY = 56;
    static final int RISK_BODY = 24;
    static final int ORDER_BODY = 32;
    static final int CANCEL_BODY = 16;

    /** Largest encoded output record. */
    public static final int MAX_RECORD = LENGTH + DECISION_BODY;

    private OutputCodec() {}

    /** The body length of output type {@code type}, or -1 if not an output type. */
    static int bodyLength(int type) {
        switch (type) {
            case EventType.DECISION:
                return DECISION_BODY;
            case EventType.RISK:
                return RISK_BODY;
            case EventType.ORDER:
                return ORDER_BODY;
            case EventType.CANCEL:
                return CANCEL_BODY;
            default:
                return -1;
        }
    }

    private static int header(RingEvent cause, int type, MutableDirectBuffer b, int off) {
        RecordHeader.write(b, off, type, cause.instrumentId, cause.sequence, cause.exchangeTimeNs,
                cause.receiveTimeNs, bodyLength(type));
        return off + LENGTH;
    }

    /** The strategy's decision on {@code e}: model scores and intent. */
    public static int encodeDecision(RingEvent e, MutableDirectBuffer b, int off) {
        int p = header(e, EventType.DECISION, b, off);
        b.putDouble(p, e.pUp, ORDER);
        b.putDouble(p + 8, e.pFlat, ORDER);
        b.putDouble(p + 16, e.pDown, ORDER);
        b.putDouble(p + 24, e.intentConfidence, ORDER);
        b.putLong(p + 32, 0L, ORDER);
        b.putByte(p + 32, e.intentSide);
        b.putByte(p + 33, e.intentOrderType);
        b.putLong(p + 40, e.intentQty, ORDER);
        b.putLong(p + 48, e.intentPx, ORDER);
        return LENGTH + DECISION_BODY;
    }

    /** The risk gate's verdict on the intent carried by {@code e}. */
    public static int encodeRisk(RingEvent e, MutableDirectBuffer b, int off) {
        int p = header(e, EventType.RISK, b, off);
        b.putInt(p, 0, ORDER);
        b.putByte(p, e.riskVerdict);
        b.putInt(p + 4, e.riskReason, ORDER);
        b.putLong(p + 8, e.approvedQty, ORDER);
        b.putLong(p + 16, e.intentQty, ORDER);
        return LENGTH + RISK_BODY;
    }

    /** An order released to a gateway. */
    public static int encodeOrder(
            RingEvent cause, long orderId, byte side, byte orderType, byte tif, long qty, long px,
            MutableDirectBuffer b, int off) {
        int p = header(cause, EventType.ORDER, b, off);
        b.putLong(p, orderId, ORDER);
        b.putLong(p + 8, 0L, ORDER);
        b.putByte(p + 8, side);
        b.putByte(p + 9, orderType);
        b.putByte(p + 10, tif);
        b.putLong(p + 16, qty, ORDER);
        b.putLong(p + 24, px, ORDER);
        return LENGTH + ORDER_BODY;
    }

    /** A cancel sent to a gateway. */
    public static int encodeCancel(RingEvent cause, long orderId, int reason, MutableDirectBuffer b, int off) {
        int p = header(cause, EventType.CANCEL, b, off);
        b.putLong(p, orderId, ORDER);
        b.putInt(p + 8, reason, ORDER);
        b.putInt(p + 12, 0, ORDER);
        return LENGTH + CANCEL_BODY;
    }

    /**
     * Decodes the output record at {@code off} into {@code r}, after checking it.
     *
     * @throws JournalFormatException if it is not a readable output record
     */
    public static void decode(DirectBuffer b, int off, int length, OutputRecord r, String where) {
        RecordHeader.check(b, off, length, where);
        int type = RecordHeader.type(b, off);
        if (!EventType.isOutput(type)) {
            throw new JournalFormatException(where, "" + EventType.name(type) + " is not an output record");
        }
        r.clear();
        r.type = type;
        r.sequence = RecordHeader.sequence(b, off);
        r.instrumentId = RecordHeader.instrumentId(b, off);
        r.exchangeTimeNs = RecordHeader.exchangeTime(b, off);
        r.receiveTimeNs = RecordHeader.receiveTime(b, off);
        int p = off + LENGTH;
        switch (type) {
            case EventType.DECISION:
                r.pUp = b.getDouble(p, ORDER);
                r.pFlat = b.getDouble(p + 8, ORDER);
                r.pDown = b.getDouble(p + 16, ORDER);
                r.confidence = b.getDouble(p + 24, ORDER);
                r.side = b.getByte(p + 32);
                r.orderType = b.getByte(p + 33);
                r.qty = b.getLong(p + 40, ORDER);
                r.px = b.getLong(p + 48, ORDER);
                break;
            case EventType.RISK:
                r.verdict = b.getByte(p);
                r.reason = b.getInt(p + 4, ORDER);
                r.qty = b.getLong(p + 8, ORDER);
                r.requestedQty = b.getLong(p + 16, ORDER);
                break;
            case EventType.ORDER:
                r.orderId = b.getLong(p, ORDER);
                r.side = b.getByte(p + 8);
                r.orderType = b.getByte(p + 9);
                r.tif = b.getByte(p + 10);
                r.qty = b.getLong(p + 16, ORDER);
                r.px = b.getLong(p + 24, ORDER);
                break;
            case EventType.CANCEL:
                r.orderId = b.getLong(p, ORDER);
                r.reason = b.getInt(p + 8, ORDER);
                break;
            default:
                throw new JournalFormatException(where, "unknown output type " + type);
        }
    }
}
