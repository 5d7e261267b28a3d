package io.tickring.engine.ingress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.List;
import org.agrona.MutableDirectBuffer;

/**
 * Reads the market inputs of several journals one after another, as one ring input: the backtest of
 * several days. The caller puts the journals in time order and checks that they do not overlap;
 * this source only chains them, opening each journal when the one before it is finished, so that a
 * single reader is open at a time.
 *
 * <p>It counts the records it has handed to the ring ({@link #passed()}, readable from any thread,
 * for a progress line) and the records it left out ({@link #skipped()}, read after the run).
 * Allocation-free per record; one {@link JournalSource} is made per journal.
 */
public final class JournalSeriesSource implements InputSource, AutoCloseable {
    private static final VarHandle PASSED;

    static {
        try {
            PASSED =
                    MethodHandles.lookup()
                            .findVarHandle(JournalSeriesSource.class, "passed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final List<Path> journals;
    private final String name;
    private JournalSource current;
    private volatile int index = -1;
    private long skippedBefore;

    /** Records handed to the ring; written by the Sequencer's thread only, with release stores. */
    @SuppressWarnings("unused") // through PASSED
    private long passed;

    /**
     * @param journals the journals in the order they are to be read (not empty)
     */
    public JournalSeriesSource(List<Path> journals) {
        if (journals.isEmpty()) {
            throw new IllegalArgumentException("no journal");
        }
        this.journals = List.copyOf(journals);
        this.name =
                journals.size() == 1
                        ? io.tickring.journal.JournalPaths.in(journals.get(0)).toString()
                        : journals.size() + " journals from " + journals.get(0);
        openNext();
    }

    private void openNext() {
        if (current != null) {
            skippedBefore += current.skipped();
            current.close();
            current = null;
        }
        int next = index + 1;
        if (next < journals.size()) {
            current = new JournalSource(journals.get(next), true);
        }
        index = next;
    }

    @Override
    public int poll(MutableDirectBuffer dst) {
        while (current != null) {
            int n = current.poll(dst);
            if (n != FINISHED) {
                if (n > 0) {
                    PASSED.setRelease(this, (long) PASSED.get(this) + 1);
                }
                return n;
            }
            openNext();
        }
        return FINISHED;
    }

    /** Market records handed to the ring so far; safe from any thread. */
    public long passed() {
        return (long) PASSED.getAcquire(this);
    }

    /**
     * The journal being read, counted from 0 ({@code journals.size()} once all are read); from any
     * thread, approximate.
     */
    public int journalIndex() {
        return Math.min(index, journals.size());
    }

    /** Records left out because a backtest makes them anew (SESSION, TIMER, EXEC_REPORT). */
    public long skipped() {
        return skippedBefore + (current == null ? 0 : current.skipped());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (current != null) {
            skippedBefore += current.skipped();
            current.close();
            current = null;
        }
    }
}
