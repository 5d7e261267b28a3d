package io.tickring.journal;

import io.tickring.core.codec.JournalFormatException;
import io.tickring.core.codec.OutputCodec;
import io.tickring.core.codec.RecordHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The router's output record sink: stamps each record's CRC32C (see {@link RecordHeader}), keeps a
 * running SHA-256 over every record's bytes, CRC included, in order, and appends each record to the
 * run's {@code out/} queue (or to no queue, for a digest-only run, which stamps the CRC all the
 * same so that both give the same digest). Single-threaded, allocation-free in steady state.
 *
 * <p>Usage: encode into {@link #buffer()} at offset 0, then {@link #commit(int)} the length.
 *
 * <p>It takes no lock of its own: it is written beside an {@link InputJournal}, which holds the
 * directory's. A write that fails (a full disk, an I/O error) throws a {@link
 * JournalWriteException}, and so does every later commit: the router commits a record before it
 * releases the order the record describes, so a failed write stops orders at once.
 */
public final class OutputJournal implements AutoCloseable {
    private final RecordAppender appender;
    private final Path journalDir;
    private final byte[] scratch;
    private final UnsafeBuffer buffer;
    private final MessageDigest sha256 = newSha256();
    private final CRC32C crc = new CRC32C();
    private long count;

    /**
     * Bytes of the records appended by this writer; one writer, published with ordered stores for
     * readers on other threads (metrics).
     */
    private final java.util.concurrent.atomic.AtomicLong bytes =
            new java.util.concurrent.atomic.AtomicLong();

    private JournalWriteException writeFailure;
    private String failure;
    private boolean closed;

    /**
     * The output records already in {@code out/} when a run resumes after a crash, read one by one
     * as the recovered run regenerates them; null once they are all matched, or for a fresh run.
     */
    private RecordReader recorded;

    /**
     * An output journal writing to {@code journalDir/out}; {@code journalDir} null keeps only the
     * digest.
     */
    public OutputJournal(Path journalDir) {
        this(journalDir, QueueFactory.DEFAULT_BLOCK_SIZE);
    }

    public OutputJournal(Path journalDir, long blockSize) {
        this(journalDir, blockSize, false);
    }

    /**
     * An output journal; with {@code resume}, one that continues the {@code out/} queue of a run
     * whose writer died ({@code run --resume}). The run is then replayed from its input journal:
     * each record it regenerates must equal the next record already in {@code out/}, byte for byte
     * (else {@link #commit} throws a {@link JournalFormatException} naming the record), and is
     * counted and digested but not written again; once those are used up (the output journal may
     * lag the input by what was in flight at the crash), records are appended as usual. The digest
     * and the end marker then cover the whole queue, as for a run never interrupted.
     */
    public OutputJournal(Path journalDir, long blockSize, boolean resume) {
        this.journalDir = journalDir;
        if (resume && journalDir != null && Files.isDirectory(JournalPaths.out(journalDir))) {
            recorded = new RecordReader(JournalPaths.out(journalDir));
        }
        if (journalDir == null) {
            appender = null;
            scratch = new byte[OutputCodec.MAX_RECORD];
            buffer = new UnsafeBuffer(scratch);
        } else {
            appender =
                    new RecordAppender(
                            JournalPaths.out(journalDir), blockSize, OutputCodec.MAX_RECORD);
            scratch = appender.scratch();
            buffer = appender.buffer();
        }
    }

    public UnsafeBuffer buffer() {
        return buffer;
    }

    public void commit(int length) {
        if (writeFailure != null) {
            throw writeFailure;
        }
        RecordHeader.stampCrc(crc, buffer, 0, length);
        if (recorded != null && matchRecorded(length)) {
            sha256.update(scratch, 0, length); // already in out/: matched, not appended
            count++;
            return;
        }
        if (appender != null) {
            try {
                appender.append(length);
            } catch (RuntimeException | InternalError e) {
                writeFailure = JournalWriteException.of(journalDir, e);
                fail(writeFailure.getMessage());
                throw writeFailure;
            }
        }
        // After the append: the digest covers exactly the records the queue holds.
        sha256.update(scratch, 0, length);
        count++;
        if (appender != null) {
            bytes.lazySet(bytes.get() + length);
        }
    }

    /**
     * True if the record in the scratch buffer is the next one already in {@code out/} (resume);
     * false once there are none left.
     */
    private boolean matchRecorded(int length) {
        if (!recorded.next()) {
            recorded.close();
            recorded = null;
            return false;
        }
        if (recorded.length() != length
                || !java.util.Arrays.equals(recorded.bytes(), 0, length, scratch, 0, length)) {
            String where = recorded.where();
            recorded.close();
            recorded = null;
            throw new JournalFormatException(
                    where,
                    "differs from the output the recovered run regenerates from in/ ("
                            + io.tickring.core.EventType.name(RecordHeader.type(buffer, 0))
                            + " caused by input #"
                            + RecordHeader.sequence(buffer, 0)
                            + "): the journal was not written by this configuration and model,"
                            + " or was altered");
        }
        return true;
    }

    /**
     * Records that the writer failed, for the end marker {@link #close()} leaves. The first reason
     * given is kept.
     */
    public void fail(String reason) {
        if (failure == null) {
            failure = reason == null ? "failed" : reason;
        }
    }

    /** Records in {@code out/} so far (on resume, those matched plus those appended). */
    public long count() {
        return count;
    }

    /**
     * Bytes of the records appended to {@code out/} by this writer (the queue's own framing aside);
     * safe from any thread.
     */
    public long bytesWritten() {
        return bytes.get();
    }

    /** Hex SHA-256 of every record committed so far (the run's output digest). */
    public String digestHex() {
        try {
            return Digests.hex(((MessageDigest) sha256.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 not available", e);
        }
    }

    /**
     * Closes the queue and leaves the end marker with the record count, the digest and whether the
     * writer finished; a marker that cannot be written (a full disk) is left absent.
     */
    @Override
    public void close() {
        if (recorded != null) {
            recorded.close();
            recorded = null;
        }
        if (appender == null || closed) {
            return;
        }
        closed = true;
        try {
            appender.close();
        } catch (RuntimeException | InternalError e) {
            fail(JournalWriteException.of(journalDir, e).getMessage());
        }
        EndMarker.write(journalDir, JournalPaths.OUT, count, digestHex(), failure);
    }
}
