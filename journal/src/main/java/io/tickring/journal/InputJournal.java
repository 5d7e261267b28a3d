package io.tickring.journal;

import io.tickring.core.RingEvent;

import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.RecordHeader;
import java.nio.file.Path;
import org.agrona.DirectBuffer;

/**
 * Writes every input event, in ring order, to a run's {@code in/} queue. Used by the journal stage
 * on its own thread. Allocation-free in steady state.
 */
public final class InputJournal implements AutoCloseable {
    /** Largest SESSION payload accepted; the effective configuration is far smaller. */
    public static final int MAX_RECORD = 1 << 20;

    private final RecordAppender appender;
    private final Path journalDir;
    private volatile long lastSequence = -1;

    public InputJournal(Path journalDir) {
        this(journalDir, QueueFactory.DEFAULT_BLOCK_SIZE);
    }

    public InputJournal(Path journalDir, long blockSize) {
        this.journalDir = journalDir;
        this.appender = new RecordAppender(JournalPaths.in(journalDir), blockSize, MAX_RECORD);
    }

    /** Encodes {@code e} and appends it: for writers that hold an event, not its record. */
    public void append(RingEvent e) {
        int length = InputCodec.encode(e, appender.buffer(), 0);
        appender.append(length);
        lastSequence = e.sequence;
    }

    /**
     * Appends an input record that is already encoded, as it is: the journal stage hands over the
     * bytes the Sequencer decoded the ring slot from, so nothing is encoded twice. The record's own
     * header gives the sequence. A heap buffer is copied once, straight into the queue.
     */
    public void appendRecord(DirectBuffer src, int offset, int length) {
        byte[] array = src.byteArray();
        if (array != null) {
            appender.append(array, src.wrapAdjustment() + offset, length);
        } else {
            appender.buffer().putBytes(0, src, offset, length);
            appender.append(length);
        }
        lastSequence = RecordHeader.sequence(src, offset);
    }

    /** Sequence of the last event written, or -1; safe to read from any thread. */
    public long lastSequence() {
        return lastSequence;
    }

    public long count() {
        return appender.count();
    }

    /** Closes the queue and leaves the end marker that says how many records it holds. */
    @Override
    public void close() {
        appender.close();
        EndMarker.write(journalDir, JournalPaths.IN, appender.count(), null);
    }
}
