package io.tickring.core.codec;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The 40-byte header every journal and ingress record starts with. All fields little-endian.
 *
 * <pre>
 *   0               1               2               3
 *   0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
 *  +---------------+---------------+-------------------------------+
 *  | schema version|  record type  |          flags (u16)          |  0
 *  +---------------+---------------+-------------------------------+
 *  |                     instrument id (i32)                       |  4
 *  +---------------------------------------------------------------+
 *  |                     ring sequence (i64)                       |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              exchange time, ns since epoch (i64)              | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              receive time, ns since epoch (i64)               | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    body length in bytes (i32)                 | 32
 *  +---------------------------------------------------------------+
 *  |                        reserved (i32)                         | 36
 *  +---------------------------------------------------------------+
 *  |                     body, type-specific ...                   | 40
 * </pre>
 *
 * <p>For an output record the sequence, instrument and times are those of the input event that
 * caused it.
 */
public final class RecordHeader {
    /** The schema version this build writes. Readers accept 1..CURRENT. */
    public static final int SCHEMA_VERSION = 1;

    public static final int VERSION_OFFSET = 0;
    public static final int TYPE_OFFSET = 1;
    public static final int FLAGS_OFFSET = 2;
    public static final int INSTRUMENT_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 8;
    public static final int EXCHANGE_TIME_OFFSET = 16;
    public static final int RECEIVE_TIME_OFFSET = 24;
    public static final int BODY_LENGTH_OFFSET = 32;
    public static final int LENGTH = 40;

    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private RecordHeader() {}

    static void write(
            MutableDirectBuffer b, int off, int type, int instrumentId, long seq, long exchNs, long recvNs, int bodyLength) {
        b.putByte(off + VERSION_OFFSET, (byte) SCHEMA_VERSION);
        b.putByte(off + TYPE_OFFSET, (byte) type);
        b.putShort(off + FLAGS_OFFSET, (short) 0, ORDER);
        b.putInt(off + INSTRUMENT_OFFSET, instrumentId, ORDER);
        b.putLong(off + SEQUENCE_OFFSET, seq, ORDER);
        b.putLong(off + EXCHANGE_TIME_OFFSET, exchNs, ORDER);
        b.putLong(off + RECEIVE_TIME_OFFSET, recvNs, ORDER);
        b.putInt(off + BODY_LENGTH_OFFSET, bodyLength, ORDER);
        b.putInt(off + BODY_LENGTH_OFFSET + 4, 0, ORDER);
    }

    public static int version(DirectBuffer b, int off) {
        return b.getByte(off + VERSION_OFFSET) & 0xFF;
    }

    public static int type(DirectBuffer b, int off) {
        return b.getByte(off + TYPE_OFFSET) & 0xFF;
    }

    public static int instrumentId(DirectBuffer b, int off) {
        return b.getInt(off + INSTRUMENT_OFFSET, ORDER);
    }

    public static long sequence(DirectBuffer b, int off) {
        return b.getLong(off + SEQUENCE_OFFSET, ORDER);
    }

    public static long exchangeTime(DirectBuffer b, int off) {
        return b.getLong(off + EXCHANGE_TIME_OFFSET, ORDER);
    }

    public static long receiveTime(DirectBuffer b, int off) {
        return b.getLong(off + RECEIVE_TIME_OFFSET, ORDER);
    }

    public static int bodyLength(DirectBuffer b, int off) {
        return b.getInt(off + BODY_LENGTH_OFFSET, ORDER);
    }

    /** Overwrites the ring sequence of an encoded record. */
    public static void sequence(MutableDirectBuffer b, int off, long seq) {
        b.putLong(off + SEQUENCE_OFFSET, seq, ORDER);
    }

    /**
     * Checks version, type and lengths of the record at {@code off} occupying {@code length} bytes.
     *
     * @param where names the record in an error message, e.g. {@code "in/ record #12"}
     * @throws JournalFormatException if the record cannot be read by this build
     */
    public static void check(DirectBuffer b, int off, int length, String where) {
        if (length < LENGTH) {
            throw new JournalFormatException(where, "truncated record: " + length + " bytes, the header alone is " + LENGTH);
        }
        int version = version(b, off);
        if (version < 1 || version > SCHEMA_VERSION) {
            throw new JournalFormatException(where, "schema version " + version
                    + " is not supported (this build reads versions 1.." + SCHEMA_VERSION + ")");
        }
        int type = type(b, off);
        int minBody = InputCodec.minBodyLength(type);
        if (minBody < 0) {
            minBody = OutputCodec.bodyLength(type);
        }
        if (minBody < 0) {
            throw new JournalFormatException(where, "unknown record type " + type);
        }
        int bodyLength = bodyLength(b, off);
        if (bodyLength < minBody || LENGTH + bodyLength > length) {
            throw new JournalFormatException(where, "truncated " + io.tickring.core.EventType.name(type)
                    + " record: body says " + bodyLength + " bytes, " + (length - LENGTH)
                    + " present, type needs at least " + minBody);
        }
    }
}
