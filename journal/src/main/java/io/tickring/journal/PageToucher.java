package io.tickring.journal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.core.io.ReferenceOwner;

/**
 * Touches the pages of a queue file just ahead of its appender, on a background thread of its own,
 * so that the writing thread never takes the page fault of a freshly mapped page.
 *
 * <p>Why: a Chronicle queue file is sparse and memory-mapped; the first write to each 4 KiB page
 * faults into the kernel, which allocates the page and zeroes it. JFR put about a fifth of the
 * whole stage chain's time in those first touches (inside Chronicle's copy of a record into the
 * queue). Chronicle's own pre-toucher is in its enterprise edition only; this is the open-source
 * equivalent.
 *
 * <p>How: the writing thread publishes, after each record, the queue file's bytes and the write
 * position ({@link #written(Bytes)}: two plain field reads and one ordered store). This thread,
 * about every {@value #PERIOD_MICROS} µs, maps the chunk ahead through the same {@link MappedFile}
 * (so the writer later gets the same mapping, not a second one) and touches one word of each page
 * from the page after the write position to {@link #AHEAD} bytes beyond it, with a compare-and-swap
 * of 0 for 0, as Chronicle's {@code MicroToucher} does: the page is faulted in for writing, and the
 * word is left as it was. A word the writer has already written is not 0 and the swap leaves it
 * alone; a word still 0 stays 0. Readers therefore see exactly what they would without it: nothing
 * past the last complete record. Pages are touched in the file, not copied: crash safety and the
 * record layout are unchanged.
 *
 * <p>The chunk held for touching is reserved while touched and released when the toucher moves on
 * or stops, so that Chronicle never unmaps memory this thread is using. Any failure (the queue
 * closed or rolled under it, a full disk) stops the touching and leaves the writing thread to meet
 * the condition itself, as it would without a toucher.
 */
final class PageToucher implements ReferenceOwner, AutoCloseable {
    /** How far ahead of the write position pages are touched: ~20 ms of writing at 1 M BOOK/s. */
    static final long AHEAD = 4L << 20;

    static final long PERIOD_MICROS = 500;

    /**
     * Whether appenders start a toucher; {@code -Dtickring.journal.pretouch=false} turns it off.
     */
    static final boolean ENABLED =
            !"false".equalsIgnoreCase(System.getProperty("tickring.journal.pretouch"));

    private static final long PAGE = 4096;

    private final Thread thread;
    private volatile boolean running = true;

    // Written by the appending thread, read by the toucher thread.
    private volatile MappedFile file;

    /** Written with an ordered store (no fence on the writing thread), read as a volatile. */
    private final AtomicLong position = new AtomicLong(-1);

    private Bytes<?> lastBytes;

    // The toucher thread's own state.
    private MappedFile touching;
    private MappedBytesStore store;

    /** End of the touched range; volatile so that a test can watch it. */
    private volatile long touchedTo;

    PageToucher(String name) {
        thread = new Thread(this::run, "tickring-pretouch-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Publishes where the appender has written to; called on the appending thread with the queue
     * bytes of the record just written. Allocation-free; a new file (the queue rolled) is published
     * once.
     */
    void written(Bytes<?> bytes) {
        if (bytes != lastBytes) {
            lastBytes = bytes;
            file = bytes instanceof MappedBytes ? ((MappedBytes) bytes).mappedFile() : null;
        }
        position.lazySet(bytes.writePosition());
    }

    private void run() {
        try {
            while (running) {
                touchAhead();
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(PERIOD_MICROS));
            }
        } catch (RuntimeException | Error e) {
            // Touching is an optimisation: the writer meets any real problem on its own path.
        } finally {
            releaseStore();
        }
    }

    private void touchAhead() {
        MappedFile f = file;
        long pos = position.get();
        if (f == null || pos < 0) {
            return;
        }
        if (f != touching) {
            releaseStore();
            touching = f;
            touchedTo = 0;
        }
        long from = (pos & -PAGE) + PAGE;
        if (touchedTo < from) {
            touchedTo = from;
        }
        long until = pos + AHEAD;
        while (running && touchedTo < until) {
            if (store == null || touchedTo < store.start() || touchedTo + 8 > store.safeLimit()) {
                releaseStore();
                try {
                    store = f.acquireByteStore(this, touchedTo);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            store.compareAndSwapLong(touchedTo, 0L, 0L);
            touchedTo += PAGE;
        }
    }

    private void releaseStore() {
        if (store != null) {
            MappedBytesStore s = store;
            store = null;
            s.release(this);
        }
    }

    /** The file position up to which pages have been touched (tests). */
    long touchedTo() {
        return touchedTo;
    }

    /** Whether the thread is still running (tests). */
    boolean isAlive() {
        return thread.isAlive();
    }

    /** Stops the thread and releases what it holds; call before the queue is closed. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
