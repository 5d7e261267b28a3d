package io.tickring.adapters.sim;

import io.tickring.core.RingEvent;

/**
 * The demo's default market-data source: a seeded, multi-instrument limit-order-book simulator that
 * emits BOOK snapshots and TRADE prints. It also feeds the benchmarks, so it runs as fast as the
 * caller pulls ({@link #next}); pacing to the wall clock is the caller's job.
 *
 * <h2>Model</h2>
 *
 * Each instrument has its own book and its own {@link java.util.SplittableRandom}, seeded from
 * {@link SimConfig#seed()} and the instrument id. The book is a grid of queues, one per price tick,
 * in the spirit of Cont, Stoikov and Talreja (2010). Distances are counted in ticks from the
 * <em>opposite</em> best quote (a bid at distance i rests i ticks below the best ask), and within K
 * = {@link SimConfig#depthTicks()} ticks of it three kinds of order arrive:
 *
 * <ul>
 *   <li><b>limit orders</b> at distance i with rate λ(i) = limitRate·i^-limitDecay; when the spread
 *       is wider than a tick, the small distances fall inside it and improve the quote, which is
 *       what pulls the spread back to one tick;
 *   <li><b>cancellations</b> at distance i with rate θ(i)·q(i), θ(i) = cancelRate·i^-cancelDecay
 *       per resting order of mean size, so a queue shrinks in proportion to its size and deep
 *       queues are stickier than those near the touch;
 *   <li><b>market orders</b> per side with rate marketRate / spread², so aggressors avoid a wide
 *       spread. A market order takes at most the best queue (its size is capped by it), prints one
 *       TRADE at the best price with its aggressor side, and then a BOOK.
 * </ul>
 *
 * Order sizes are drawn from a geometric distribution (means {@code meanLimitLots}, {@code
 * meanMarketLots}) and are whole lots. Liquidity further than K ticks from the opposite quote stays
 * where it is, untouched, until the price comes back; liquidity more than a few K ticks from the
 * mid is eventually forgotten.
 *
 * <h2>Hidden driver</h2>
 *
 * A three-state Markov regime per instrument, sell pressure / neutral / buy pressure, that no event
 * reveals. Under buy pressure with strength s = {@link SimConfig#regimeStrength()}, market buys are
 * (1+s) times and market sells (1−s) times as frequent, limit bids (1+s/2) and limit asks (1−s/2),
 * bid cancellations (1−s/2) and ask cancellations (1+s/2); sell pressure is the mirror. Before each
 * book update the regime leaves its state with probability 1/{@link SimConfig#regimeMeanEvents()}
 * for one of the two others, so the states are equally likely in the long run and there is no
 * drift. A regime persists for hundreds of events (by default about ten simulated seconds at 50
 * events/s), so the order-flow imbalance it causes makes the next mid moves partly predictable;
 * strength 0 turns it off. With the defaults a logistic regression on trailing trade-flow imbalance
 * gets the sign of the next mid change right about 62% of the time, and 50% with the driver off.
 *
 * <h2>Time</h2>
 *
 * The model runs in event time: only the ratios of the rates matter, and the book's dynamics per
 * event do not depend on the configured speed. The simulated clock advances by an exponential gap
 * with mean 1/{@code eventsPerSecond} per emitted event; a TRADE and the BOOK it causes share one
 * timestamp (the sum of their two gaps). Order-flow events that change nothing in the top {@code
 * levels} levels (deep adds and cancels) are applied silently and take no time, so the emitted rate
 * is exactly the configured one. The clock only runs during the instrument's sessions, Monday to
 * Friday in its time zone (weekends skipped, no holiday calendar); time left at a close continues
 * at the next open, and the book carries over (no opening auction). Instruments without sessions
 * run around the clock, weekends included. Events of all instruments are merged in non-decreasing
 * time; equal times go in the order of {@link SimConfig#instruments()}.
 *
 * <h2>Validity</h2>
 *
 * Every BOOK has exactly {@code levels} non-empty levels per side, strictly ordered, best bid below
 * best ask (never crossed or locked), prices positive and on the tick grid, sizes positive
 * multiples of the lot size, and the spread at most K ticks. When a side is short of levels (its
 * best queue traded or cancelled away with nothing behind it in reach), liquidity providers refill
 * it with orders of the limit-order size: an emptied best is replaced one tick further out, missing
 * levels are added behind the deepest one, then in the gaps nearest the best. Asks never rest below
 * tick {@code levels + 1}, so even a price that falls towards zero keeps room for {@code levels}
 * bid levels on ticks ≥ 1.
 *
 * <h2>Reproducibility</h2>
 *
 * The events are a function of the configuration alone: no wall clock, no hash-ordered iteration,
 * one generator per instrument, and the rate tables computed with {@link StrictMath}, so they are
 * the same on every platform. The generator's algorithms ({@code SplittableRandom}, its ziggurat
 * {@code nextExponential}) belong to the JDK; they have not changed since Java 17, but a JDK that
 * changed them would change the events of a seed. A run's journal, not its seed, is the record to
 * replay.
 *
 * <p>Not thread-safe: one thread pulls events. Allocation-free in steady state: the only
 * allocations after construction are the {@code java.time} look-ups at session boundaries. Cost per
 * event is O(K) plus O(log n) for n instruments.
 */
public final class MarketSimulator {
    private final SimConfig config;
    private final SimulatedBook[] books;

    /** Binary min-heap of book indexes by (time, index). */
    private final int[] heap;

    private final long endTimeNs;
    private long eventsGenerated;

    public MarketSimulator(SimConfig config) {
        this.config = config;
        int n = config.instruments().size();
        books = new SimulatedBook[n];
        heap = new int[n];
        for (int i = 0; i < n; i++) {
            books[i] = new SimulatedBook(config, config.instruments().get(i));
            heap[i] = i;
        }
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
        endTimeNs = config.endTimeNs();
    }

    /**
     * Fills {@code e} (clearing its input part first) with the next event: a BOOK with {@link
     * SimConfig#levels()} levels or a TRADE, with instrument id and exchange time set, receive time
     * equal to exchange time and the sequence left at -1. Events of all instruments come in
     * non-decreasing exchange time. Returns false, leaving {@code e} untouched, only once the end
     * time is reached.
     */
    public boolean next(RingEvent e) {
        int top = heap[0];
        SimulatedBook book = books[top];
        if (book.timeNs() >= endTimeNs) {
            return false;
        }
        e.clearInput();
        if (book.emit(e)) {
            siftDown(0);
        }
        eventsGenerated++;
        return true;
    }

    /**
     * Exchange time of the event the next call to {@link #next} would return (it may be past the
     * end).
     */
    public long nextEventTimeNs() {
        return books[heap[0]].timeNs();
    }

    /** The configuration this simulator was built from. */
    public SimConfig config() {
        return config;
    }

    /** Number of events {@link #next} has returned. */
    public long eventsGenerated() {
        return eventsGenerated;
    }

    private void siftDown(int pos) {
        int n = heap.length;
        int item = heap[pos];
        for (; ; ) {
            int child = 2 * pos + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], item)) {
                break;
            }
            heap[pos] = heap[child];
            pos = child;
        }
        heap[pos] = item;
    }

    private boolean before(int x, int y) {
        long tx = books[x].timeNs();
        long ty = books[y].timeNs();
        return tx < ty || (tx == ty && x < y);
    }
}
