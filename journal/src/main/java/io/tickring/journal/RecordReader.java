package io.tickring.journal;

import io.tickring.core.codec.JournalFormatException;
import io.tickring.core.codec.RecordHeader;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads the raw records of one queue in order, into a reused buffer. Allocation-free per record.
 * Problems with the queue files themselves surface as {@link JournalFormatException}s naming the
 * queue and the record number.
 *
 * <p>Every journal reader goes through here, so this is where damage is caught: each record of
 * schema version 2 must match its CRC32C ({@link RecordHeader#checkCrc}), and a queue holds records
 * of one schema version only (a flipped version byte would otherwise pass as a record without CRC).
 * Records of versions this build does not know pass through, for the codec to name the version.
 */
public final class RecordReader implements AutoCloseable {
    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private byte[] scratch = new byte[4096];
    private UnsafeBuffer buffer = new UnsafeBuffer(scratch);
    private int length;
    private long index = -1;
    private final CRC32C crc = new CRC32C();
    private int queueVersion;

    public RecordReader(Path queueDir) {
        this.dir = queueDir;
        JournalFiles.checkQueue(queueDir);
        SingleChronicleQueue q = null;
        try {
            q = QueueFactory.openForRead(queueDir);
            this.tailer = q.createTailer();
        } catch (RuntimeException | Error e) {
            if (q != null) {
                closeQuietly(q);
            }
            throw JournalFiles.translate(queueDir, queueDir.toString(), e);
        }
        this.queue = q;
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
            }
        } catch (RuntimeException | Error e) {
            // Chronicle's exceptions and the JVM's InternalError from a page past the end of a
            // cut file both end here, as one line naming the record.
            throw JournalFiles.translate(dir, where(index + 1), e);
        }
        checkIntegrity();
        return true;
    }

    private void checkIntegrity() {
        if (length < RecordHeader.LENGTH) {
            return;
        }
        int version = RecordHeader.version(buffer, 0);
        if (version < 1 || version > RecordHeader.SCHEMA_VERSION) {
            return;
        }
        if (queueVersion == 0) {
            queueVersion = version;
        } else if (version != queueVersion) {
            throw new JournalFormatException(
                    where(),
                    "schema version "
                            + version
                            + " in a queue of version "
                            + queueVersion
                            + " records (a queue never mixes versions: the version byte was altered)");
        }
        if (!RecordHeader.hasCrc(buffer, 0, length)
                || buffer.getInt(RecordHeader.CRC_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN)
                        == RecordHeader.computeCrc(crc, buffer, 0, length)) {
            return; // the usual case: no message is built for a sound record
        }
        try {
            RecordHeader.checkCrc(crc, buffer, 0, length, where());
        } catch (JournalFormatException e) {
            int zeros = 0;
            while (zeros < length && scratch[length - 1 - zeros] == 0) {
                zeros++;
            }
            if (zeros >= 8) {
                // Chronicle reads the part of a record beyond the end of a cut file as zeros.
                throw new JournalFormatException(
                        where(),
                        "CRC mismatch: its last "
                                + zeros
                                + " of "
                                + length
                                + " bytes are zero: the queue file was truncated, or the record's write never finished");
            }
            throw e;
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
        try {
            tailer.close();
        } catch (RuntimeException | InternalError e) {
            // a damaged queue has already been reported by next(); closing must not hide that
        }
        closeQuietly(queue);
    }

    private static void closeQuietly(SingleChronicleQueue q) {
        try {
            q.close();
        } catch (RuntimeException | InternalError e) {
            // as above
        }
    }
}
