package io.tickring.journal;

import io.tickring.core.codec.JournalFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads the raw records of one queue in order, into a reused buffer. Allocation-free per record.
 * Problems with the queue files themselves surface as {@link JournalFormatException}s naming the
 * queue and the record number.
 */
public final class RecordReader implements AutoCloseable {
    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private byte[] scratch = new byte[4096];
    private UnsafeBuffer buffer = new UnsafeBuffer(scratch);
    private int length;
    private long index = -1;

    public RecordReader(Path queueDir) {
        this.dir = queueDir;
        if (!Files.isDirectory(queueDir)) {
            throw new JournalFormatException(queueDir + ": no such queue directory");
        }
        try {
            this.queue = QueueFactory.openForRead(queueDir);
            this.tailer = queue.createTailer();
        } catch (RuntimeException e) {
            throw new JournalFormatException(queueDir + ": cannot open queue: " + oneLine(e));
        }
    }

    /** Advances to the next record; returns false at the end of the queue. */
    public boolean next() {
        try {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return false;
                }
                Bytes<?> bytes = dc.wire().bytes();
                int n = (int) bytes.readRemaining();
                if (n > scratch.length) {
                    scratch = new byte[Math.max(n, scratch.length * 2)];
                    buffer = new UnsafeBuffer(scratch);
                }
                bytes.read(scratch, 0, n);
                length = n;
                index++;
                return true;
            }
        } catch (JournalFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new JournalFormatException(where(index + 1) + ": unreadable: " + oneLine(e));
        }
    }

    /** The current record's bytes, at offset 0. */
    public UnsafeBuffer buffer() {
        return buffer;
    }

    public byte[] bytes() {
        return scratch;
    }

    public int length() {
        return length;
    }

    /** Zero-based number of the current record in this queue. */
    public long index() {
        return index;
    }

    /** Names record {@code i} of this queue for error messages. */
    public String where(long i) {
        return dir + " record #" + i;
    }

    public String where() {
        return where(index);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        tailer.close();
        queue.close();
    }
}
