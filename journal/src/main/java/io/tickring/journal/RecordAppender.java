package io.tickring.journal;

import java.nio.ByteOrder;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
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

    /** Native staging memory the record is written from, and an Agrona view over it. */
    private final Bytes<Void> staging;

    private final UnsafeBuffer direct;
    private final String name;
    private PageToucher toucher;
    private long count;

    public RecordAppender(Path queueDir, long blockSize, int maxRecord) {
        this.queue = QueueFactory.openForWrite(queueDir, blockSize);
        this.scratch = new byte[maxRecord];
        this.buffer = new UnsafeBuffer(scratch);
        this.staging = Bytes.allocateDirect(maxRecord);
        this.direct = new UnsafeBuffer(staging.addressForWrite(0), maxRecord);
        this.name = queueDir.getFileName().toString();
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
        direct.putBytes(0, src, offset, length);
        write(length);
    }

    /**
     * Appends a record from another array with the four bytes at {@code intOffset} replaced by
     * {@code value}, little-endian: a checksum written on the way.
     */
    public void appendWithInt(byte[] src, int offset, int length, int intOffset, int value) {
        direct.putBytes(0, src, offset, length);
        direct.putInt(intOffset, value, ByteOrder.LITTLE_ENDIAN);
        write(length);
    }

    /**
     * Writes the first {@code length} bytes of the scratch buffer as one excerpt, through
     * Chronicle's {@code writeBytes}: the same excerpt header and completion protocol as a {@code
     * writingDocument}, but without that call's re-reading of the queue's write position and last
     * sequence number (a linear scan from the last index entry) on every record, which JFR put at
     * about a third of the journal append. The record goes through a native staging buffer because
     * Chronicle copies from native memory with one {@code copyMemory}, but from a heap array long
     * by long with bounds checks; the extra copy (~200 bytes) costs less than either.
     */
    private void write(int length) {
        // A write that fails part way (a full disk) leaves the excerpt's header marked not
        // complete, and Chronicle's writeBytes has no rollback: readers take that header as the
        // end of the queue, the caller latches the failure and writes no more, and a resume
        // (which releases the dead writer's queue lock) writes its first record over it.
        if (appender == null) {
            appender = openAppender();
        }
        staging.readPositionRemaining(0, length);
        appender.writeBytes(staging);
        if (toucher != null) {
            toucher.written(appender.wire().bytes());
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
        if (PageToucher.ENABLED) {
            toucher = new PageToucher(name);
        }
        return a;
    }

    /** The page toucher, or null before the first record or when pre-touching is off (tests). */
    PageToucher toucher() {
        return toucher;
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
            if (toucher != null) {
                toucher.close();
            }
            if (appender != null) {
                appender.close();
            }
        } finally {
            queue.close();
            staging.releaseLast();
        }
    }
}
