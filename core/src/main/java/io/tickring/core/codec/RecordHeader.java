package io.tickring.core.codec;

import io.tickring.core.codec.sbe.RecordHeaderDecoder;
import io.tickring.core.codec.sbe.RecordHeaderEncoder;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The 40-byte header every journal and ingress record starts with, in every schema version. Its
 * first byte is the schema version and its second the record type, so a reader dispatches on the
 * version before it reads anything else; the static accessors here do that, and read both versions.
 *
 * <p>Version 2 (this build writes it; generated from {@code
 * core/src/main/sbe/tickring-records.xml}, where the {@code recordHeader} composite is the schema's
 * {@code headerType}). Little-endian:
 *
 * <pre>
 *   0               1               2               3
 *   0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
 *  +---------------+---------------+-------------------------------+
 *  | schema version|  record type  |   root block length (u16)     |  0
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
 *  +-------------------------------+-------------------------------+
 *  |   schema id (u16) = 29810     |       flags (u16, zero)       | 32
 *  +-------------------------------+-------------------------------+
 *  |                         CRC32C (u32)                          | 36
 *  +---------------------------------------------------------------+
 *  |  root block (the message's fixed fields), then its group      | 40
 *  |  (BOOK levels: u16 block length, u16 count, entries) or its   |
 *  |  variable data (SESSION: u32 length, bytes)                   |
 * </pre>
 *
 * <p>Version 1 ({@link V1Codec}) had the same first two bytes and the instrument, sequence and
 * times at the same offsets, a body length at 32 and no checksum.
 *
 * <p><b>The CRC.</b> {@code CRC32C} ({@link CRC32C}) over every byte of the record, header
 * included, except the four CRC bytes themselves: bytes {@code [0, 36)} then {@code [40, length)}.
 * It is stamped by whoever appends the record to a journal ({@link #stampCrc}), not by the
 * encoders, which leave it zero: the Sequencer re-stamps the ring sequence into a record's bytes
 * after it was encoded. Records on ingress queues carry zero. Journal readers check it ({@link
 * #checkCrc}).
 *
 * <p>For an output record the sequence, instrument and times are those of the input event that
 * caused it.
 */
public final class RecordHeader {
    /** The schema version this build writes. Readers accept 1..CURRENT. */
    public static final int SCHEMA_VERSION = RecordHeaderEncoder.SCHEMA_VERSION;

    /** The id in every version 2 header: records of another schema are not tickring's. */
    public static final int SCHEMA_ID = RecordHeaderEncoder.SCHEMA_ID;

    // Version-independent: the same in version 1 and version 2 (CodecTest proves it).
    public static final int VERSION_OFFSET = RecordHeaderDecoder.versionEncodingOffset();
    public static final int TYPE_OFFSET = RecordHeaderDecoder.templateIdEncodingOffset();
    public static final int INSTRUMENT_OFFSET = RecordHeaderDecoder.instrumentIdEncodingOffset();
    public static final int SEQUENCE_OFFSET = RecordHeaderDecoder.sequenceEncodingOffset();
    public static final int EXCHANGE_TIME_OFFSET =
            RecordHeaderDecoder.exchangeTimeNsEncodingOffset();
    public static final int RECEIVE_TIME_OFFSET = RecordHeaderDecoder.receiveTimeNsEncodingOffset();

    /** Header length, the same in both versions. */
    public static final int LENGTH = RecordHeaderDecoder.ENCODED_LENGTH;

    // Version 2 only.
    public static final int BLOCK_LENGTH_OFFSET = RecordHeaderDecoder.blockLengthEncodingOffset();
    public static final int SCHEMA_ID_OFFSET = RecordHeaderDecoder.schemaIdEncodingOffset();
    public static final int CRC_OFFSET = RecordHeaderDecoder.crcEncodingOffset();
    static final int CRC_LENGTH = RecordHeaderDecoder.crcEncodingLength();

    private RecordHeader() {}

    public static int version(DirectBuffer b, int off) {
        return b.getByte(off + VERSION_OFFSET) & 0xFF;
    }

    public static int type(DirectBuffer b, int off) {
        return b.getByte(off + TYPE_OFFSET) & 0xFF;
    }

    public static int instrumentId(DirectBuffer b, int off) {
        return b.getInt(
                off + (isV1(b, off) ? V1Codec.INSTRUMENT_OFFSET : INSTRUMENT_OFFSET),
                RecordHeaderDecoder.BYTE_ORDER);
    }

    public static long sequence(DirectBuffer b, int off) {
        return b.getLong(
                off + (isV1(b, off) ? V1Codec.SEQUENCE_OFFSET : SEQUENCE_OFFSET),
                RecordHeaderDecoder.BYTE_ORDER);
    }

    public static long exchangeTime(DirectBuffer b, int off) {
        return b.getLong(
                off + (isV1(b, off) ? V1Codec.EXCHANGE_TIME_OFFSET : EXCHANGE_TIME_OFFSET),
                RecordHeaderDecoder.BYTE_ORDER);
    }

    public static long receiveTime(DirectBuffer b, int off) {
        return b.getLong(
                off + (isV1(b, off) ? V1Codec.RECEIVE_TIME_OFFSET : RECEIVE_TIME_OFFSET),
                RecordHeaderDecoder.BYTE_ORDER);
    }

    /**
     * Overwrites the ring sequence of an encoded record, of either version. Leaves the CRC alone:
     * the journal writer stamps it when it appends the record.
     */
    public static void sequence(MutableDirectBuffer b, int off, long seq) {
        b.putLong(
                off + (isV1(b, off) ? V1Codec.SEQUENCE_OFFSET : SEQUENCE_OFFSET),
                seq,
                RecordHeaderDecoder.BYTE_ORDER);
    }

    private static boolean isV1(DirectBuffer b, int off) {
        return version(b, off) == V1Codec.VERSION;
    }

    /**
     * Checks version, type and lengths of the record at {@code off} occupying {@code length} bytes.
     * Does not check the CRC (ingress records carry none; see {@link #checkCrc}).
     *
     * @param where names the record in an error message, e.g. {@code "in/ record #12"}
     * @throws JournalFormatException if the record cannot be read by this build
     */
    public static void check(DirectBuffer b, int off, int length, String where) {
        if (length < LENGTH) {
            throw new JournalFormatException(
                    where, "truncated record: " + length + " bytes, the header alone is " + LENGTH);
        }
        int version = version(b, off);
        if (SchemaCodec.reads(version)) {
            SchemaCodec.check(b, off, length, where);
        } else if (version == V1Codec.VERSION) {
            V1Codec.check(b, off, length, where);
        } else {
            throw new JournalFormatException(
                    where,
                    "schema version "
                            + version
                            + " is not supported (this build reads versions 1.."
                            + SCHEMA_VERSION
                            + ")");
        }
    }

    /**
     * True if the record carries a CRC field: version 2 or later, and long enough to hold a header.
     */
    public static boolean hasCrc(DirectBuffer b, int off, int length) {
        return length >= LENGTH && SchemaCodec.reads(version(b, off));
    }

    /**
     * The CRC32C of the version 2+ record at {@code off}: every byte but the CRC field. {@code b}
     * must be backed by a byte array (journal scratch buffers are). Allocation-free.
     */
    public static int computeCrc(CRC32C crc, DirectBuffer b, int off, int length) {
        byte[] array = b.byteArray();
        if (array == null) {
            throw new IllegalArgumentException("CRC needs an array-backed buffer");
        }
        int start = b.wrapAdjustment() + off;
        crc.reset();
        crc.update(array, start, CRC_OFFSET);
        crc.update(array, start + CRC_OFFSET + CRC_LENGTH, length - CRC_OFFSET - CRC_LENGTH);
        return (int) crc.getValue();
    }

    /**
     * Writes the CRC of a version 2+ record into its header; a version 1 record has no place for
     * one.
     */
    public static void stampCrc(CRC32C crc, MutableDirectBuffer b, int off, int length) {
        if (hasCrc(b, off, length)) {
            b.putInt(
                    off + CRC_OFFSET,
                    computeCrc(crc, b, off, length),
                    RecordHeaderDecoder.BYTE_ORDER);
        }
    }

    /**
     * Checks the CRC of a version 2+ record read from a journal; other versions pass (version 1 has
     * no CRC, and an unknown version fails in {@link #check} with a better message).
     *
     * @throws JournalFormatException naming {@code where} and "CRC mismatch" if the bytes were
     *     altered
     */
    public static void checkCrc(CRC32C crc, DirectBuffer b, int off, int length, String where) {
        if (!hasCrc(b, off, length)) {
            return;
        }
        int stored = b.getInt(off + CRC_OFFSET, RecordHeaderDecoder.BYTE_ORDER);
        int actual = computeCrc(crc, b, off, length);
        if (stored != actual) {
            throw new JournalFormatException(
                    where,
                    String.format(
                            java.util.Locale.ROOT,
                            "CRC mismatch: the record says %08x, its %d bytes give %08x (the record was altered or damaged)",
                            stored,
                            length,
                            actual));
        }
    }
}
