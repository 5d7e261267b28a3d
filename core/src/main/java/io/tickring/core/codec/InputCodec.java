package io.tickring.core.codec;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes the input part of a {@link RingEvent} as a journal / ingress record and decodes it back:
 * the facade the engine, the adapters and the journal call. Writes the current schema version
 * ({@link RecordHeader#SCHEMA_VERSION}) only, through the flyweights generated from {@code
 * core/src/main/sbe/tickring-records.xml} (the one description of every record's layout; the header
 * is drawn in {@link RecordHeader}). Reads version 1 ({@link V1Codec}) and every version since,
 * dispatching on a record's first byte.
 *
 * <p>Encoding is allocation-free after a thread's first call: each thread encodes with its own
 * reused flyweights ({@link SchemaCodec#local()}). Encoders leave the CRC zero; the journal writer
 * stamps it. Decoding uses no thread-local state: a caller that decodes more than once holds its
 * own {@link Decoder} (the Sequencer, the journal's version upgrade, the inspector, the importer);
 * the static {@link #decode} is for one-off decodes and allocates a decoder per call.
 */
public final class InputCodec {
    /** Largest encoded input record other than SESSION, of any version this build reads. */
    public static final int MAX_FIXED_RECORD =
            Math.max(SchemaCodec.MAX_FIXED_INPUT, V1Codec.MAX_FIXED_RECORD);

    private InputCodec() {}

    /** The encoded length of {@code e}. */
    public static int encodedLength(RingEvent e) {
        return SchemaCodec.inputLength(e);
    }

    /**
     * Writes {@code e} at {@code off}; the buffer must have {@link #encodedLength} bytes there.
     *
     * @return the number of bytes written
     */
    public static int encode(RingEvent e, MutableDirectBuffer b, int off) {
        return SchemaCodec.local().encodeInput(e, b, off);
    }

    /**
     * Checks that the record at {@code off} is a readable input record, so that a caller can claim
     * a ring slot knowing that {@link #decode} will not fail. Does not check the CRC: ingress
     * records carry none, and journal readers check it as they read ({@link
     * RecordHeader#checkCrc}).
     *
     * @throws JournalFormatException naming {@code where} if it is not
     */
    public static void validate(DirectBuffer b, int off, int length, String where) {
        RecordHeader.check(b, off, length, where);
        int type = RecordHeader.type(b, off);
        if (!EventType.isInput(type)) {
            throw new JournalFormatException(
                    where, "" + EventType.name(type) + " is not an input record");
        }
    }

    /**
     * Decodes the record at {@code off} into {@code e}, after checking it. Cold: allocates a set of
     * flyweights per call, for a one-off decode (a journal's SESSION record, a test); a loop holds
     * a {@link Decoder} instead.
     *
     * @param length bytes available for the record
     * @param where names the record in an error message
     * @throws JournalFormatException if the record is not a readable input record
     */
    public static void decode(DirectBuffer b, int off, int length, RingEvent e, String where) {
        decode(new SchemaCodec(), b, off, length, e, where);
    }

    private static void decode(
            SchemaCodec codec, DirectBuffer b, int off, int length, RingEvent e, String where) {
        validate(b, off, length, where);
        e.clearInput();
        decodeChecked(codec, b, off, e);
    }

    private static void decodeChecked(SchemaCodec codec, DirectBuffer b, int off, RingEvent e) {
        if (RecordHeader.version(b, off) == V1Codec.VERSION) {
            e.type = RecordHeader.type(b, off);
            e.instrumentId = RecordHeader.instrumentId(b, off);
            e.sequence = RecordHeader.sequence(b, off);
            e.exchangeTimeNs = RecordHeader.exchangeTime(b, off);
            e.receiveTimeNs = RecordHeader.receiveTime(b, off);
            V1Codec.decodeInputBody(b, off, e);
        } else {
            codec.decodeInput(b, off, e);
        }
    }

    /**
     * A decoder with its own flyweights, held by whoever decodes on one thread more than once (the
     * Sequencer as a field, a journal reader for its loop): the same checks and decoding as {@link
     * InputCodec#decode}, allocation-free after construction and with no thread-local lookup (JFR
     * showed such a lookup's probing at ~4% of a backtest). Not thread-safe. It clears only what
     * the event's previous record set ({@link RingEvent#clearInputForDecode}): decode into events
     * whose input part only decodes wrote, such as ring slots or the loop's own event.
     */
    public static final class Decoder {
        private final SchemaCodec codec = new SchemaCodec();

        /** As {@link InputCodec#decode(DirectBuffer, int, int, RingEvent, String)}. */
        public void decode(DirectBuffer b, int off, int length, RingEvent e, String where) {
            validate(b, off, length, where);
            // The event is the decoder's own or a ring slot, so clearing what its last record set
            // is enough; the levels that this record does not overwrite are zeroed after.
            int staleLevels = e.clearInputForDecode();
            decodeChecked(codec, b, off, e);
            e.clearLevelsFrom(e.levels, staleLevels);
        }
    }
}
