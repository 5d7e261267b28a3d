package io.tickring.core.codec;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes the router's output records and decodes them into an {@link OutputRecord}. The header's
 * sequence, instrument and times are the causing input event's. Writes the current schema version
 * through the generated flyweights (layout: {@code core/src/main/sbe/tickring-records.xml}); reads
 * version 1 and every version since. Allocation-free after a thread's first call, like {@link
 * InputCodec}; the CRC is left zero for the output journal to stamp.
 */
public final class OutputCodec {
    /** Largest encoded output record of any version this build reads. */
    public static final int MAX_RECORD =
            Math.max(SchemaCodec.MAX_OUTPUT, V1Codec.MAX_OUTPUT_RECORD);

    private OutputCodec() {}

    /** The strategy's decision on {@code e}: model scores and intent. */
    public static int encodeDecision(RingEvent e, MutableDirectBuffer b, int off) {
        return SchemaCodec.local().encodeDecision(e, b, off);
    }

    /** The risk gate's verdict on the intent carried by {@code e}. */
    public static int encodeRisk(RingEvent e, MutableDirectBuffer b, int off) {
        return SchemaCodec.local().encodeRisk(e, b, off);
    }

    /** An order released to a gateway. */
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
        return SchemaCodec.local()
                .encodeOrder(cause, orderId, side, orderType, tif, qty, px, b, off);
    }

    /** A cancel sent to a gateway. */
    public static int encodeCancel(
            RingEvent cause, long orderId, int reason, MutableDirectBuffer b, int off) {
        return SchemaCodec.local().encodeCancel(cause, orderId, reason, b, off);
    }

    /**
     * The shadow paper venue's execution report {@code report} (an EXEC_REPORT event, whose
     * instrument and times go in the header), made while the router handled input {@code sequence}.
     */
    public static int encodeShadowExec(
            RingEvent report, long sequence, MutableDirectBuffer b, int off) {
        return SchemaCodec.local().encodeShadowExec(report, sequence, b, off);
    }

    /**
     * Checks that the record at {@code off} is a readable output record: everything {@link #decode}
     * checks, without decoding (the journal inspector's pass reads only headers).
     *
     * @throws JournalFormatException naming {@code where} if it is not
     */
    public static void validate(DirectBuffer b, int off, int length, String where) {
        RecordHeader.check(b, off, length, where);
        int type = RecordHeader.type(b, off);
        if (!EventType.isOutput(type)) {
            throw new JournalFormatException(
                    where, "" + EventType.name(type) + " is not an output record");
        }
    }

    /**
     * Decodes the output record at {@code off} into {@code r}, after checking it.
     *
     * @throws JournalFormatException if it is not a readable output record
     */
    public static void decode(DirectBuffer b, int off, int length, OutputRecord r, String where) {
        validate(b, off, length, where);
        int type = RecordHeader.type(b, off);
        r.clear();
        if (RecordHeader.version(b, off) == V1Codec.VERSION) {
            r.type = type;
            r.sequence = RecordHeader.sequence(b, off);
            r.instrumentId = RecordHeader.instrumentId(b, off);
            r.exchangeTimeNs = RecordHeader.exchangeTime(b, off);
            r.receiveTimeNs = RecordHeader.receiveTime(b, off);
            V1Codec.decodeOutputBody(b, off, r);
        } else {
            SchemaCodec.local().decodeOutput(b, off, r);
        }
    }
}
