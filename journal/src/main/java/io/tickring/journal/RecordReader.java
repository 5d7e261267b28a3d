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
    private final boolean writerUnfinished;
    private int lastCycle = Integer.MIN_VALUE;
    private final java.util.Set<Integer> cyclesRead = new java.util.TreeSet<>();
    private boolean endedByFault;

    public RecordReader(Path queueDir) {
        this.dir = queueDir;
        JournalFiles.checkQueue(queueDir);
        this.writerUnfinished = writerUnfinished(queueDir);
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

    /**
     * Advances to the next record; returns false at the end of the queue.
     *
     * <p>A queue whose writer did not finish (no end marker, or a {@code failed} one) may end in a
     * page its writer could never allocate: on a full tmpfs, reading that page faults. For such a
     * queue a mapped-memory fault is its end, and {@link #endedByFault()} says so; the end marker
     * check then decides whether the reader accepts a partial queue. For a queue whose writer
     * finished, the fault is damage and throws.
     */
    public boolean next() {
        if (endedByFault) {
            return false;
        }
        try {
            return readNext();
        } catch (InternalError e) {
            // Also here, not only around Chronicle's read: in compiled code the JVM raises the
            // fault at the next safepoint, which can be just after the read returned.
            if (writerUnfinished) {
                endedByFault = true;
                return false;
            }
            throw JournalFiles.translate(dir, where(index + 1), e);
        }
    }

    /** True if the queue ended at a page that could not be read (see {@link #next()}). */
    public boolean endedByFault() {
        return endedByFault;
    }

    private boolean readNext() {
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
                int cycle = tailer.cycle();
                if (cycle != lastCycle) {
                    lastCycle = cycle;
                    cyclesRead.add(cycle);
                }
            }
        } catch (InternalError e) {
            throw e; // next() decides
        } catch (RuntimeException | Error e) {
            // Chronicle's exceptions end here, as one line naming the record.
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

    /**
     * Checks, after the last record, that every queue file of the directory held records that were
     * read: Chronicle silently skips a {@code .cq4} file its directory listing does not know, such
     * as a foreign or stray file dropped beside the journal's own. When the writer did not finish
     * (no end marker, or a failed one), a file newer than every file records came from is the one
     * the writer was starting when it died, and is accepted.
     *
     * @throws JournalFormatException naming the first file no record came from
     */
    public void requireEveryFileRead() {
        java.util.Set<String> read = new java.util.HashSet<>();
        for (int cycle : cyclesRead) {
            read.add(
                    java.time.LocalDate.ofEpochDay(cycle)
                                    .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                            + "F.cq4");
        }
        // A writer that died between creating its newest cycle file and finishing that file's
        // first record leaves a file with no record in it (Chronicle may not list it yet); a
        // resumed writer appends into it. Such a file is only accepted when the writer did not
        // finish and the file is newer than every file records came from.
        String newestRead = read.stream().max(java.util.Comparator.naturalOrder()).orElse("");
        try (var files = java.nio.file.Files.list(dir)) {
            Path stray =
                    files.filter(p -> p.getFileName().toString().endsWith(".cq4"))
                            .filter(p -> !read.contains(p.getFileName().toString()))
                            .filter(
                                    p ->
                                            !(writerUnfinished
                                                    && p.getFileName()
                                                                    .toString()
                                                                    .compareTo(newestRead)
                                                            > 0))
                            .sorted()
                            .findFirst()
                            .orElse(null);
            if (stray != null) {
                throw new JournalFormatException(
                        stray
                                + ": no record of the queue came from this file (a foreign or"
                                + " stray queue file, or one its queue never listed)");
            }
        } catch (java.io.IOException e) {
            throw new JournalFormatException(dir + ": cannot list: " + e.getMessage());
        }
    }

    /** True if the queue's end marker is absent or says its writer failed. */
    private static boolean writerUnfinished(Path queueDir) {
        Path journalDir = queueDir.toAbsolutePath().getParent();
        if (journalDir == null) {
            return true;
        }
        try {
            EndMarker.Marker m = EndMarker.read(journalDir, queueDir.getFileName().toString());
            return m == null || !m.complete();
        } catch (JournalFormatException e) {
            return false; // a damaged marker: treat faults as damage, and verify names the marker
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
