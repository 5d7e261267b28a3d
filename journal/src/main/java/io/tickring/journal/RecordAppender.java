package io.tickring.journal;

import java.nio.file.Path;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Appends encoded records to one Chronicle queue. Single-threaded: create and use it on the thread
 * that writes. Allocation-free in steady state.
 */
public final class RecordAppender implements AutoCloseable {
    private final SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private final byte[] scratch;
    private final UnsafeBuffer buffer;
    private long count;

    public RecordAppender(Path queueDir, long blockSize, int maxRecord) {
        this.queue = QueueFactory.openForWrite(queueDir, blockSize);
        this.scratch = new byte[maxRecord];
        this.buffer = new UnsafeBuffer(scratch);
    }

    /** The scratch buffer to encode the next record into, at offset 0. */
    public UnsafeBuffer buffer() {
        return buffer;
    }

    /** Bytes of the scratch buffer, for digests. */
    public byte[] scratch() {
        return scratch;
    }

    /** Appends the first {@code length} bytes of the scratch buffer as one record. */
    public void append(int length) {
        append(scratch, 0, length);
    }

    /** Appends a record from another array. */
    public void append(byte[] src, int offset, int length) {
        if (appender == null) {
            appender = openAppender();
        }
        try (DocumentContext dc = appender.writingDocument()) {
            try {
                dc.wire().bytes().write(src, offset, length);
            } catch (RuntimeException | Error e) {
                dc.rollbackOnClose(); // never commit a record whose bytes did not all land
                throw e;
            }
        }
        count++;
    }

    /**
     * Appends a record from another array with the four bytes at {@code intOffset} replaced by
     * {@code value}, little-endian: a checksum written on the way, so the record is copied once.
     */
    public void appendWithInt(byte[] src, int offset, int length, int intOffset, int value) {
        if (appender == null) {
            appender = openAppender();
        }
        try (DocumentContext dc = appender.writingDocument()) {
            try {
                var bytes = dc.wire().bytes();
                bytes.write(src, offset, intOffset);
                bytes.writeByte((byte) value);
                bytes.writeByte((byte) (value >>> 8));
                bytes.writeByte((byte) (value >>> 16));
                bytes.writeByte((byte) (value >>> 24));
                int rest = intOffset + 4;
                bytes.write(src, offset + rest, length - rest);
            } catch (RuntimeException | Error e) {
                dc.rollbackOnClose(); // never commit a record whose bytes did not all land
                throw e;
            }
        }
        count++;
    }

    /**
     * The appender, created on the writing thread. Its per-call thread-safety check is switched
     * off: this class is single-threaded by contract (the journal stage's thread or an importer's
     * writer), and JFR put the check at about 7% of the whole stage chain's time.
     */
    private ExcerptAppender openAppender() {
        ExcerptAppender a = queue.createAppender();
        a.singleThreadedCheckDisabled(true);
        return a;
    }

    public long count() {
        return count;
    }

    /**
     * Closes the appender and the queue. After a failed write (a full disk) closing can fail the
     * same way; that is left to the caller, who already knows the journal failed.
     */
    @Override
    public void close() {
        try {
            if (appender != null) {
                appender.close();
            }
        } finally {
            queue.close();
        }
    }
}
