package io.tickring.engine.stage.journal;

import io.tickring.core.RingEvent;
import io.tickring.engine.ring.Stage;
import io.tickring.journal.InputJournal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes every input event to the run's {@code in/} Chronicle queue, in ring order. Runs on its own
 * thread by default; the router's thread is gated on this stage's sequence. Allocation-free.
 *
 * <p>It appends the encoded record the Sequencer decoded the slot from ({@link RingEvent#record}),
 * byte for byte: the event is never encoded a second time.
 *
 * <p>With no journal (replay reads an existing one) it writes nothing but still advances, so the
 * topology is the same in every mode.
 */
public final class JournalStage implements Stage {
    private static final VarHandle BYTES;

    static {
        try {
            BYTES = MethodHandles.lookup().findVarHandle(JournalStage.class, "bytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final InputJournal journal;
    private final long delayNs;

    /**
     * Record bytes appended; written by this stage's thread only, with a release store, so that
     * {@code /metrics} reads it without the full fence a volatile write costs on every event.
     */
    @SuppressWarnings("unused") // through BYTES
    private long bytes;

    /**
     * @param journal the input journal, or null to write nothing
     * @param delayNs an artificial delay per event, 0 in production: tests use it to prove that the
     *     router waits for the journal
     */
    public JournalStage(InputJournal journal, long delayNs) {
        this.journal = journal;
        this.delayNs = delayNs;
    }

    @Override
    public String name() {
        return "journal";
    }

    @Override
    public Role role() {
        return Role.JOURNAL;
    }

    @Override
    public void onEvent(RingEvent event) {
        if (delayNs > 0) {
            LockSupport.parkNanos(delayNs);
        }
        if (journal != null) {
            journal.appendRecord(event.record, 0, event.recordLength);
            BYTES.setRelease(this, (long) BYTES.getOpaque(this) + event.recordLength);
        }
    }

    /**
     * Bytes of the input records appended to {@code in/} by this run (the queue's own framing
     * aside); safe from any thread.
     */
    public long bytesWritten() {
        return (long) BYTES.getAcquire(this);
    }

    /** The last sequence written, or -1. */
    public long lastWritten() {
        return journal == null ? -1 : journal.lastSequence();
    }
}
