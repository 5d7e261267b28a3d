package io.tickring.core.codec;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * Reads records written by schema version 1, which this build no longer writes. Hand-written,
 * read-only and stateless; everything here is frozen: journals of version 1 exist and must stay
 * readable exactly as they were written.
 *
 * <p>The version 1 header (40 bytes, little-endian):
 *
 * <pre>
 *   0               1               2               3
 *   0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
 *  +---------------+---------------+-------------------------------+
 *  | schema version|  record type  |        flags (u16, zero)      |  0
 *  +---------------+---------------+-------------------------------+
 *  |                     instrument id (i32)                       |  4
 *  +---------------------------------------------------------------+
 *  |                     ring sequence (i64)                       |  8
 *  +---------------------------------------------------------------+
 *  |              exchange time, ns since epoch (i64)              | 16
 *  +---------------------------------------------------------------+
 *  |              receive time, ns since epoch (i64)               | 24
 *  +---------------------------------------------------------------+
 *  |                    body length in bytes (i32)                 | 32
 *  +---------------------------------------------------------------+
 *  |                        reserved (i32)                         | 36
 *  +---------------------------------------------------------------+
 *  |                     body, type-specific ...                   | 40
 * </pre>
 *
 * Bodies, offsets from the body start:
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
 *
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
final class V1Codec {
    static final int VERSION = 1;
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    static final int INSTRUMENT_OFFSET = 4;
    static final int SEQUENCE_OFFSET = 8;
    static final int EXCHANGE_TIME_OFFSET = 16;
    static final int RECEIVE_TIME_OFFSET = 24;
    static final int BODY_LENGTH_OFFSET = 32;
    static final int LENGTH = 40;

    static final int TRADE_BODY = 24;
    static final int SENTIMENT_BODY = 24;
    static final int EXEC_BODY = 56;
    static final int TIMER_BODY = 8;
    static final int CONTROL_BODY = 16;
    static final int BOOK_FIXED = 8;
    static final int BOOK_LEVEL = 32;
    static final int DECISION_BODY = 56;
    static final int RISK_BODY = 24;
    static final int ORDER_BODY = 32;
    static final int CANCEL_BODY = 16;

    /** Largest version 1 record other than SESSION. */
    static final int MAX_FIXED_RECORD = LENGTH + BOOK_FIXED + BOOK_LEVEL * RingEvent.MAX_LEVELS;

    static final int MAX_OUTPUT_RECORD = LENGTH + DECISION_BODY;

    private V1Codec() {}

    /** The smallest body a record of {@code type} can have, or -1 if the type is unknown. */
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

    static int bodyLength(DirectBuffer b, int off) {
        return b.getInt(off + BODY_LENGTH_OFFSET, ORDER);
    }

    /**
     * Checks type and lengths of a version 1 record (the version byte is already known to be 1).
     */
    static void check(DirectBuffer b, int off, int length, String where) {
        int type = RecordHeader.type(b, off);
        int minBody = minBodyLength(type);
        if (minBody < 0) {
            throw new JournalFormatException(where, "unknown record type " + type);
        }
        int bodyLength = bodyLength(b, off);
        if (bodyLength < minBody || LENGTH + (long) bodyLength > length) {
            throw new JournalFormatException(
                    where,
                    "truncated "
                            + EventType.name(type)
                            + " record: body says "
                            + bodyLength
                            + " bytes, "
                            + (length - LENGTH)
                            + " present, type needs at least "
                            + minBody);
        }
        if (type == EventType.BOOK) {
            int levels = b.getByte(off + LENGTH) & 0xFF;
            if (levels > RingEvent.MAX_LEVELS || BOOK_FIXED + BOOK_LEVEL * levels > bodyLength) {
                throw new JournalFormatException(
                        where,
                        "BOOK record says "
                                + levels
                                + " levels but its body has "
                                + bodyLength
                                + " bytes (max "
                                + RingEvent.MAX_LEVELS
                                + " levels)");
            }
        }
    }

    /**
     * Decodes a checked version 1 input record into {@code e} (already cleared, header fields set).
     */
    static void decodeInputBody(DirectBuffer b, int off, RingEvent e) {
        int p = off + LENGTH;
        switch (e.type) {
            case EventType.BOOK:
                int levels = b.getByte(p) & 0xFF;
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
                int body = bodyLength(b, off);
                e.sessionPayload.putBytes(0, b, p, body);
                e.sessionLength = body;
                break;
            default:
                throw new IllegalStateException("not an input type: " + e.type);
        }
    }

    /**
     * Decodes a checked version 1 output record's body into {@code r} (already cleared, header
     * fields set).
     */
    static void decodeOutputBody(DirectBuffer b, int off, OutputRecord r) {
        int p = off + LENGTH;
        switch (r.type) {
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
                throw new IllegalStateException("not an output type: " + r.type);
        }
    }
}
