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
 *
 * <p>It holds the directory's {@link JournalLock} from construction to {@link #close()}, so a
 * journal has one writer. A write that fails (a full disk, an I/O error) throws a {@link
 * JournalWriteException} and every later write throws it again without touching the queue. {@link
 * #close()} leaves an end marker saying whether the writer finished: {@code complete}, or {@code
 * failed} with the reason after a failed write or a {@link #fail(String)}.
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
    private final JournalLock lock;

    /** Append mode: the time of the last recovered record, and whether the restart is marked. */
    private long recoveredTimeNs;

    private boolean restartMarked;
    private volatile long lastSequence = -1;
    private JournalWriteException writeFailure;
    private String failure;
    private boolean closed;

    public InputJournal(Path journalDir) {
        this(journalDir, QueueFactory.DEFAULT_BLOCK_SIZE);
    }

    /**
     * Locks {@code journalDir} and opens a new input queue in it.
     *
     * @throws io.tickring.core.codec.JournalFormatException naming the directory if another writer
     *     holds it, it already holds a journal, or it is not a directory
     */
    public InputJournal(Path journalDir, long blockSize) {
        this(journalDir, blockSize, 0, null);
    }

    /**
     * An input journal that continues an existing one ({@code run --resume}), in append mode: its
     * first {@code recovered} records (sequences 0 .. recovered - 1) are already in {@code in/}, so
     * the ring events that carry them again are not appended a second time; new records go after
     * them. The caller took {@code lock} before it read and checked the journal (a live writer must
     * not change it under the checks); this journal owns it from here and releases it on {@link
     * #close()}. The only way to write into a directory that already holds a journal.
     */
    public static InputJournal append(
            Path journalDir, long blockSize, long recovered, JournalLock lock) {
        if (lock == null) {
            throw new IllegalArgumentException("append mode needs the lock of " + journalDir);
        }
        return new InputJournal(journalDir, blockSize, recovered, lock);
    }

    private InputJournal(Path journalDir, long blockSize, long recovered, JournalLock lock) {
        this.journalDir = journalDir;
        this.recovered = recovered;
        this.lock = lock != null ? lock : JournalLock.acquire(journalDir);
        try {
            if (lock == null) {
                // Checked again under the lock: a writer that finished between the caller's check
                // and this lock has left a journal here.
                JournalPaths.requireFresh(journalDir);
            }
            this.appender = new RecordAppender(JournalPaths.in(journalDir), blockSize, MAX_RECORD);
        } catch (RuntimeException e) {
            this.lock.close();
            throw e;
        }
        this.buffer = appender.buffer();
    }

    /** Encodes {@code e} and appends it. */
    public void append(RingEvent e) {
        checkWritable();
        if (recovered > 0) {
            markRestart();
        }
        int length = InputCodec.encode(e, buffer, 0);
        commit(length, e.sequence);
    }

    /**
     * Appends an already encoded input record: copies its bytes, stamps the CRC, appends. A record
     * of an older schema version (a backtest of an old journal passes its records on) is written in
     * the current version, so that a queue never mixes versions.
     */
    public void appendRecord(DirectBuffer src, int offset, int length) {
        checkWritable();
        if (recovered > 0 && length >= RecordHeader.LENGTH) {
            long sequence = RecordHeader.sequence(src, offset);
            if (sequence < recovered) {
                lastSequence = sequence; // recovered from in/: already there
                recoveredTimeNs = RecordHeader.exchangeTime(src, offset);
                return;
            }
            markRestart();
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
        try {
            appender.appendWithInt(
                    array,
                    src.wrapAdjustment() + offset,
                    length,
                    RecordHeader.CRC_OFFSET,
                    checksum);
        } catch (RuntimeException | InternalError e) {
            throw failed(e);
        }
        lastSequence = RecordHeader.sequence(src, offset);
    }

    /**
     * Before the first record of a resumed run that was not recovered: the restart marker, in
     * {@link RestartLog} beside the queue rather than in it, so that it takes no ring sequence.
     */
    private void markRestart() {
        if (restartMarked) {
            return;
        }
        restartMarked = true;
        try {
            RestartLog.append(journalDir, recovered, recoveredTimeNs);
        } catch (JournalWriteException e) {
            writeFailure = e;
            if (failure == null) {
                failure = e.getMessage();
            }
            throw e;
        }
    }

    private void commit(int length, long sequence) {
        RecordHeader.stampCrc(crc, buffer, 0, length);
        try {
            appender.append(length);
        } catch (RuntimeException | InternalError e) {
            throw failed(e);
        }
        lastSequence = sequence;
    }

    private void checkWritable() {
        if (writeFailure != null) {
            throw writeFailure;
        }
    }

    /** A failed write: the queue takes nothing more, and the marker will say why. */
    private JournalWriteException failed(Throwable e) {
        writeFailure = JournalWriteException.of(journalDir, e);
        if (failure == null) {
            failure = writeFailure.getMessage();
        }
        return writeFailure;
    }

    /**
     * Records that the writer failed, for the end marker {@link #close()} leaves: the journal then
     * reads as incomplete without {@code --partial}. The first reason given is kept.
     */
    public void fail(String reason) {
        if (failure == null) {
            failure = reason == null ? "failed" : reason;
        }
    }

    /** The failed write that stopped this journal, or null. */
    public JournalWriteException writeFailure() {
        return writeFailure;
    }

    /** Sequence of the last event written, or -1; safe to read from any thread. */
    public long lastSequence() {
        return lastSequence;
    }

    /** Records in {@code in/}: those recovered plus those appended. */
    public long count() {
        return recovered + appender.count();
    }

    /**
     * Closes the queue, leaves the end marker that says how many records it holds and whether the
     * writer finished, and releases the lock. A marker that cannot be written (a full disk) is left
     * absent, which readers take as a writer that died.
     *
     * @throws JournalWriteException if closing the queue failed, after releasing the lock
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            try {
                appender.close();
            } catch (RuntimeException | InternalError e) {
                if (writeFailure == null) {
                    failed(e);
                }
            }
            EndMarker.write(journalDir, JournalPaths.IN, count(), null, failure);
        } finally {
            lock.close();
        }
    }
}
