package io.tickring.adapters.sim;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.journal.InputJournal;
import java.util.function.LongConsumer;

/**
 * Writes a span of simulated market data straight into an input journal, without the engine: for
 * test fixtures, backtest inputs and the journal benchmarks.
 *
 * <p>Events get ring sequences 1, 2, 3, ...: sequence 0 is reserved for the SESSION record, which
 * the caller writes before calling {@link #write} (it describes the run, which this class does not
 * know).
 */
public final class SimJournalWriter {
    /** How often, in events, the progress callback is called. */
    public static final int PROGRESS_EVERY = 1 << 16;

    private SimJournalWriter() {}

    /**
     * What {@link #write} wrote.
     *
     * @param events number of records written
     * @param books BOOK records among them
     * @param trades TRADE records among them
     * @param lastSequence sequence of the last record, 0 if none was written
     * @param lastExchangeTimeNs exchange time of the last record, or the span's start if none was
     *     written
     */
    public record Result(
            long events, long books, long trades, long lastSequence, long lastExchangeTimeNs) {}

    /**
     * Pulls events from {@code sim} until its clock reaches {@code startTimeNs + durationNs} of its
     * configuration (simulated time, exclusive) or its end time, and appends each to {@code
     * journal} with sequences 1, 2, 3, ....
     *
     * @param progress called with the number of events written every {@link #PROGRESS_EVERY} events
     *     and once at the end; may be null
     */
    public static Result write(
            MarketSimulator sim, InputJournal journal, long durationNs, LongConsumer progress) {
        if (durationNs < 0) {
            throw new IllegalArgumentException("durationNs: " + durationNs + " is negative");
        }
        long startNs = sim.config().startTimeNs();
        long endNs = durationNs > Long.MAX_VALUE - startNs ? Long.MAX_VALUE : startNs + durationNs;
        RingEvent e = new RingEvent();
        long seq = 0;
        long books = 0;
        long trades = 0;
        long lastTime = startNs;
        while (sim.nextEventTimeNs() < endNs && sim.next(e)) {
            e.sequence = ++seq;
            journal.append(e);
            lastTime = e.exchangeTimeNs;
            if (e.type == EventType.BOOK) {
                books++;
            } else if (e.type == EventType.TRADE) {
                trades++;
            }
            if (progress != null && (seq & (PROGRESS_EVERY - 1)) == 0) {
                progress.accept(seq);
            }
        }
        if (progress != null) {
            progress.accept(seq);
        }
        return new Result(seq, books, trades, seq, lastTime);
    }
}
