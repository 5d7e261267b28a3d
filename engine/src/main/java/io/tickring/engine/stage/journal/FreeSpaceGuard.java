package io.tickring.engine.stage.journal;

import io.tickring.core.ControlCode;
import io.tickring.core.EventPublisher;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.journal.JournalWriteException;
import java.nio.file.Path;

/**
 * Halts trading before a journal's disk is full: a daemon thread reads the free space of the
 * journal's file system a few times a second and, the first time it is below the watermark ({@code
 * journal.min_free_mb}), offers a CONTROL HALT to the Sequencer's control queue, so the halt is
 * journaled like an operator's and replay follows it. Then it calls back, and the run command stops
 * the run while the journal can still be closed whole.
 *
 * <p>It runs off the ring: reading the free space is a system call, never made on a stage thread.
 * The HALT carries the free bytes in its {@code controlParamValue}, for whoever reads the journal.
 */
public final class FreeSpaceGuard implements AutoCloseable {
    /** How often the free space is read. */
    static final long PERIOD_MS = 100;

    private final Path dir;
    private final long minFreeBytes;
    private final EventPublisher control;
    private final Runnable onLow;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long freeAtHalt = -1;

    /**
     * @param dir the journal directory
     * @param minFreeBytes the watermark; 0 turns the guard off
     * @param control the Sequencer's control queue
     * @param onLow called once, after the HALT was offered
     */
    public FreeSpaceGuard(Path dir, long minFreeBytes, EventPublisher control, Runnable onLow) {
        this.dir = dir;
        this.minFreeBytes = minFreeBytes;
        this.control = control;
        this.onLow = onLow;
        this.thread = new Thread(this::watch, "tickring-free-space");
        thread.setDaemon(true);
    }

    /** Starts watching, unless the watermark is 0. */
    public void start() {
        if (minFreeBytes > 0) {
            thread.start();
        }
    }

    /** Free bytes when the guard halted trading, or -1 if it has not. */
    public long freeAtHalt() {
        return freeAtHalt;
    }

    /** The one line the run prints when the guard stopped it. */
    public String message() {
        return "journal: free space at "
                + dir
                + " fell below journal.min_free_mb ("
                + freeAtHalt
                + " bytes free, "
                + minFreeBytes
                + " required): trading halted, run stopped";
    }

    private void watch() {
        while (running) {
            long free = JournalWriteException.usableSpace(dir);
            if (free >= 0 && free < minFreeBytes) {
                halt(free);
                return;
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void halt(long free) {
        RingEvent e = new RingEvent();
        long now = System.currentTimeMillis() * 1_000_000L;
        e.clearInput();
        e.type = EventType.CONTROL;
        e.controlCode = ControlCode.HALT;
        e.controlParamValue = free;
        e.exchangeTimeNs = now;
        e.receiveTimeNs = now;
        while (running && !control.offer(e)) {
            Thread.onSpinWait();
        }
        freeAtHalt = free;
        onLow.run();
    }

    @Override
    public void close() {
        running = false;
        if (thread.isAlive() && thread != Thread.currentThread()) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
