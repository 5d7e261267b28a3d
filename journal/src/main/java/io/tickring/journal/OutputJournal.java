package io.tickring.journal;

import io.tickring.core.codec.OutputCodec;
import io.tickring.core.codec.RecordHeader;
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
    private JournalWriteException writeFailure;
    private String failure;
    private boolean closed;

    /**
     * An output journal writing to {@code journalDir/out}; {@code journalDir} null keeps only the
     * digest.
     */
    public OutputJournal(Path journalDir) {
        this(journalDir, QueueFactory.DEFAULT_BLOCK_SIZE);
    }

    public OutputJournal(Path journalDir, long blockSize) {
        this.journalDir = journalDir;
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

    public long count() {
        return count;
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
