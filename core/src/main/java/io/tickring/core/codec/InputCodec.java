package io.tickring.core.codec;

import static io.tickring.core.codec.RecordHeader.LENGTH;
import static io.tickring.core.codec.RecordHeader.ORDER;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes the input part of a {@link RingEvent} as a journal / ingress record and decodes it back.
 * Stateless and allocation-free. Bodies follow the {@link RecordHeader}; offsets below are from the
 * start of the body, all fields little-endian.
 *
 * <pre>
 * BOOK (8 + 32 × levels bytes)              TRADE (24 bytes)
 *  +--------+----------------+               +---------------------------+
 *  | levels |  padding (7)   |  0            |      price (i64)          |  0
 *  +--------+----------------+               +---------------------------+
 *  | level k = 0 .. levels-1:|               |      quantity (i64)       |  8
 *  |   ask price   (i64)     |  8 + 32k      +--------+------------------+
 *  |   ask size    (i64)     | 16 + 32k      |aggress.|  padding (7)     | 16
 *  |   bid price   (i64)     | 24 + 32k      +--------+------------------+
 *  |   bid size    (i64)     | 32 + 32k
 *  +-------------------------+
 *
 * SENTIMENT (24 bytes)                      EXEC_REPORT (56 bytes)
 *  +---------------------------+              +---------------------------+
 *  |     score (f64)           |  0           |  order id (i64)           |  0
 *  |     confidence (f64)      |  8           |  last price (i64)         |  8
 *  +-------------+-------------+              |  last quantity (i64)      | 16
 *  | source (i32)| padding (4) | 16           |  leaves quantity (i64)    | 24
 *  +-------------+-------------+              |  cumulative qty (i64)     | 32
 *                                             |  fee (i64)                | 40
 * TIMER (8 bytes)                             +------+------+------+------+
 *  +---------------------------+              | exec | side | pad (2)     | 48
 *  |     tick (i64)            |  0           +------+------+-------------+
 *  +---------------------------+              |  reject reason (i32)      | 52
 *                                             +---------------------------+
 * CONTROL (16 bytes)
 *  +------+-----------+---------------+      SESSION (n bytes)
 *  | code |  pad (3)  | param id (i32)|  0    +---------------------------+
 *  +------+-----------+---------------+       | UTF-8 JSON, n = body len  |  0
 *  |       param value (i64)          |  8    +---------------------------+
 *  +----------------------------------+
 * </pre>
 */
public final class InputCodec {
    static final int TRADE_BODY = 24;
    static final int SENTIMENT_BODY = 24;
    static final int EXEC_BODY = 56;
    static final int TIMER_BODY = 8;
    static final int CONTROL_BODY = 16;
    static final int BOOK_FIXED = 8;
    static final int BOOK_LEVEL = 32;

    /** Largest encoded input record other than SESSION. */
    public static final int MAX_FIXED_RECORD = LENGTH + BOOK_FIXED + BOOK_LEVEL * RingEvent.MAX_LEVELS;

    private InputCodec() {}

    /** The smallest body an input record of {@code type} can have, or -1 if not an input type. */
    static int minBodyLength(int type) {
        switch (type) {
            case EventType.BOOK:
                return BOOK_FIXED;
            case EventType.TRADE:
                return TRADE_BODY;
            case EventType.SENTIMENT:
                return SENTIMENT_BODY;
            case EventType.EXEC_REPORT:
                return EXEC_BODY;
            case EventType.TIMER:
                return TIMER_BODY;
            case EventType.CONTROL:
                return CONTROL_BODY;
            case EventType.SESSION:
                return 0;
            default:
                return -1;
        }
    }

    /** The encoded length of {@code e}. */
    public static int encodedLength(RingEvent e) {
        return LENGTH + bodyLength(e);
    }

    private static int bodyLength(RingEvent e) {
        switch (e.type) {
            case EventType.BOOK:
                return BOOK_FIXED + BOOK_LEVEL * e.levels;
            case EventType.SESSION:
                return e.sessionLength;
            default:
                int n = minBodyLength(e.type);
                if (n < 0) {
                    throw new IllegalArgumentException("not an input event type: " + e.type);
                }
                return n;
        }
    }

    /**
     * Writes {@code e} at {@code off}; the buffer must have {@link #encodedLength} bytes there.
     *
     * @return the number of bytes written
     */
    public static int encode(RingEvent e, MutableDirectBuffer b, int off) {
        int body = bodyLength(e);
        RecordHeader.write(b, off, e.type, e.instrumentId, e.sequence, e.exchangeTimeNs, e.receiveTimeNs, body);
        int p = off + LENGTH;
        switch (e.type) {
            case EventType.BOOK:
                b.putByte(p, (byte) e.levels);
                b.putByte(p + 1, (byte) 0);
                b.putShort(p + 2, (short) 0, ORDER);
                b.putInt(p + 4, 0, ORDER);
                for (int k = 0; k < e.levels; k++) {
                    int q = p + BOOK_FIXED + BOOK_LEVEL * k;
                    b.putLong(q, e.askPx[k], ORDER);
                    b.putLong(q + 8, e.askQty[k], ORDER);
                    b.putLong(q + 16, e.bidPx[k], ORDER);
                    b.putLong(q + 24, e.bidQty[k], ORDER);
                }
                break;
            case EventType.TRADE:
                b.putLong(p, e.tradePx, ORDER);
                b.putLong(p + 8, e.tradeQty, ORDER);
                b.putLong(p + 16, 0L, ORDER);
                b.putByte(p + 16, e.tradeAggressor);
                break;
            case EventType.SENTIMENT:
                b.putDouble(p, e.sentimentScore, ORDER);
                b.putDouble(p + 8, e.sentimentConfidence, ORDER);
                b.putInt(p + 16, e.sentimentSourceId, ORDER);
                b.putInt(p + 20, 0, ORDER);
                break;
            case EventType.EXEC_REPORT:
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
                b.putLong(p, e.timerTick, ORDER);
                break;
            case EventType.CONTROL:
                b.putInt(p, 0, ORDER);
                b.putByte(p, e.controlCode);
                b.putInt(p + 4, e.controlParamId, ORDER);
                b.putLong(p + 8, e.controlParamValue, ORDER);
                break;
            case EventType.SESSION:
                b.putBytes(p, e.sessionPayload, 0, e.sessionLength);
                break;
            default:
                throw new IllegalArgumentException("not an input event type: " + e.type);
        }
        return LENGTH + body;
    }

    /**
     * Checks that the record at {@code off} is a readable input record, so that a caller can claim a
     * ring slot knowing that {@link #decode} will not fail.
     *
     * @throws JournalFormatException naming {@code where} if it is not
     */
    public static void validate(DirectBuffer b, int off, int length, String where) {
        RecordHeader.check(b, off, length, where);
        int type = RecordHeader.type(b, off);
        if (!EventType.isInput(type)) {
            throw new JournalFormatException(where, "" + EventType.name(type) + " is not an input record");
        }
        if (type == EventType.BOOK) {
            int levels = b.getByte(off + LENGTH) & 0xFF;
            int body = RecordHeader.bodyLength(b, off);
            if (levels > RingEvent.MAX_LEVELS || BOOK_FIXED + BOOK_LEVEL * levels > body) {
                throw new JournalFormatException(where, "BOOK record says " + levels
                        + " levels but its body has " + body + " bytes (max " + RingEvent.MAX_LEVELS + " levels)");
            }
        }
    }

    /**
     * Decodes the record at {@code off} into {@code e}, after checking it.
     *
     * @param length bytes available for the record
     * @param where names the record in an error message
     * @throws JournalFormatException if the record is not a readable input record
     */
    public static void decode(DirectBuffer b, int off, int length, RingEvent e, String where) {
        RecordHeader.check(b, off, length, where);
        int type = RecordHeader.type(b, off);
        if (!EventType.isInput(type)) {
            throw new JournalFormatException(where, "" + EventType.name(type) + " is not an input record");
        }
        e.clearInput();
        e.type = type;
        e.instrumentId = RecordHeader.instrumentId(b, off);
        e.sequence = RecordHeader.sequence(b, off);
        e.exchangeTimeNs = RecordHeader.exchangeTime(b, off);
        e.receiveTimeNs = RecordHeader.receiveTime(b, off);
        int body = RecordHeader.bodyLength(b, off);
        int p = off + LENGTH;
        switch (type) {
            case EventType.BOOK:
                int levels = b.getByte(p) & 0xFF;
                if (levels > RingEvent.MAX_LEVELS || BOOK_FIXED + BOOK_LEVEL * levels > body) {
                    throw new JournalFormatException(where, "BOOK record says " + levels
                            + " levels but its body has " + body + " bytes (max " + RingEvent.MAX_LEVELS + " levels)");
                }
                e.levels = levels;
                for (int k = 0; k < levels; k++) {
                    int q = p + BOOK_FIXED + BOOK_LEVEL * k;
                    e.askPx[k] = b.getLong(q, ORDER);
                    e.askQty[k] = b.getLong(q + 8, ORDER);
                    e.bidPx[k] = b.getLong(q + 16, ORDER);
                    e.bidQty[k] = b.getLong(q + 24, ORDER);
                }
                break;
            case EventType.TRADE:
                e.tradePx = b.getLong(p, ORDER);
                e.tradeQty = b.getLong(p + 8, ORDER);
                e.tradeAggressor = b.getByte(p + 16);
                break;
            case EventType.SENTIMENT:
                e.sentimentScore = b.getDouble(p, ORDER);
                e.sentimentConfidence = b.getDouble(p + 8, ORDER);
                e.sentimentSourceId = b.getInt(p + 16, ORDER);
                break;
            case EventType.EXEC_REPORT:
                e.execOrderId = b.getLong(p, ORDER);
                e.execLastPx = b.getLong(p + 8, ORDER);
                e.execLastQty = b.getLong(p + 16, ORDER);
                e.execLeavesQty = b.getLong(p + 24, ORDER);
                e.execCumQty = b.getLong(p + 32, ORDER);
                e.execFee = b.getLong(p + 40, ORDER);
                e.execType = b.getByte(p + 48);
                e.execSide = b.getByte(p + 49);
                e.execRejectReason = b.getInt(p + 52, ORDER);
                break;
            case EventType.TIMER:
                e.timerTick = b.getLong(p, ORDER);
                break;
            case EventType.CONTROL:
                e.controlCode = b.getByte(p);
                e.controlParamId = b.getInt(p + 4, ORDER);
                e.controlParamValue = b.getLong(p + 8, ORDER);
                break;
            case EventType.SESSION:
                e.sessionPayload.putBytes(0, b, p, body);
                e.sessionLength = body;
                break;
            default:
                throw new JournalFormatException(where, "unknown input type " + type);
        }
    }
}
