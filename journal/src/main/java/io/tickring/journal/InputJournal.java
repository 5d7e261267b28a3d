package io.tickring.journal;

import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.RecordHeader;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes every input event, in ring order, to a run's {@code in/} queue, stamping each record's
 * CRC32C as it appends it (see {@link RecordHeader}). Used by the journal stage on its own thread.
 * Allocation-free in steady state.
 */
public final class InputJournal implements AutoCloseable {
    /** Largest SESSION payload accepted; the effective configuration is far smaller. */
    public static final int MAX_RECORD = 1 << 20;

    private static final String UPGRADE = "input record of an older schema version";

    private final RecordAppender appender;
    private final UnsafeBuffer buffer;
    private final CRC32C crc = new CRC32C();
    private final RingEvent upgrade = new RingEvent();
    private final InputCodec.Decoder upgrader = new InputCodec.Decoder();
    private final Path journalDir;
    private final long recovered;
    private volatile long lastSequence = -1;

    public InputJournal(Path journalDir) {
        this(journalDir, QueueFactory.DEFAULT_BLOCK_SIZE);
    }

    public InputJournal(Path journalDir, long blockSize) {
        this(journalDir, blockSize, 0);
    }

    /**
     * An input journal that continues an existing one ({@code run --resume}): its first {@code
     * recovered} records (sequences 0 .. recovered - 1) are already in {@code in/}, so the ring
     * events that carry them again are not appended a second time; new records go after them.
     */
    public InputJournal(Path journalDir, long blockSize, long recovered) {
        this.journalDir = journalDir;
        this.recovered = recovered;
        this.appender = new RecordAppender(JournalPaths.in(journalDir), blockSize, MAX_RECORD);
        this.buffer = appender.buffer();
    }

    /** Encodes {@code e} and appends it. */
    public void append(RingEvent e) {
        int length = InputCodec.encode(e, buffer, 0);
        commit(length, e.sequence);
    }

    /**
     * Appends an already encoded input record: copies its bytes, stamps the CRC, appends. A record
     * of an older schema version (a backtest of an old journal passes its records on) is written in
     * the current version, so that a queue never mixes versions.
     */
    public void appendRecord(DirectBuffer src, int offset, int length) {
        if (recovered > 0 && length >= RecordHeader.LENGTH) {
            long sequence = RecordHeader.sequence(src, offset);
            if (sequence < recovered) {
                lastSequence = sequence; // recovered from in/: already there
                return;
            }
        }
        if (RecordHeader.version(src, offset) != RecordHeader.SCHEMA_VERSION) {
            upgrader.decode(src, offset, length, upgrade, UPGRADE);
            append(upgrade);
            return;
        }
        byte[] array = src.byteArray();
        if (array == null || length < RecordHeader.LENGTH) {
            buffer.putBytes(0, src, offset, length);
            commit(length, RecordHeader.sequence(buffer, 0));
            return;
        }
        // The journal stage's case (a ring slot's bytes): the CRC is computed from the source and
        // written in its place on the way into the appender's scratch array (the slot is not
        // written to: other stages may be reading it).
        int checksum = RecordHeader.computeCrc(crc, src, offset, length);
        appender.appendWithInt(
                array, src.wrapAdjustment() + offset, length, RecordHeader.CRC_OFFSET, checksum);
        lastSequence = RecordHeader.sequence(src, offset);
    }

    private void commit(int length, long sequence) {
        RecordHeader.stampCrc(crc, buffer, 0, length);
        appender.append(length);
        lastSequence = sequence;
    }

    /** Sequence of the last event written, or -1; safe to read from any thread. */
    public long lastSequence() {
        return lastSequence;
    }

    /** Records in {@code in/}: those recovered plus those appended. */
    public long count() {
        return recovered + appender.count();
    }

    /** Closes the queue and leaves the end marker that says how many records it holds. */
    @Override
    public void close() {
        appender.close();
        EndMarker.write(journalDir, JournalPaths.IN, count(), null);
    }
}
