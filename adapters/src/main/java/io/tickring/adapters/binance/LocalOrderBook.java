package io.tickring.adapters.binance;

import io.tickring.core.RingEvent;
import java.util.Arrays;

/**
 * One instrument's order book kept from Binance diff-depth updates, by the venue's documented
 * procedure for managing a local order book, with the continuity rule of the instrument's {@link
 * BinanceMarket}.
 *
 * <p>States and what each diff {@code [U, u]} (first and final update id, and {@code pu}, the
 * previous final update id, on futures) does:
 *
 * <ul>
 *   <li><b>buffering</b> (the start, and after every gap): no snapshot is at hand. Diffs are kept
 *       in a bounded buffer (the oldest are dropped first when it fills, counted by {@link
 *       #bufferDropped()}); nothing is published.
 *   <li><b>awaiting first</b> ({@link #applySnapshot}): the snapshot's {@code lastUpdateId} L is
 *       loaded and the buffer replayed. Spot: a diff with {@code u <= L} is already in the snapshot
 *       and skipped; the first one applied must have {@code U <= L+1 <= u}. Futures (USD-M,
 *       COIN-M): a diff with {@code u < L} is skipped; the first one applied must have {@code U <=
 *       L <= u}. A first diff that starts later means updates are missing between snapshot and
 *       stream: a gap.
 *   <li><b>synced</b>: each diff must follow on: spot {@code U == previous u + 1}; futures {@code
 *       pu == previous u}.
 * </ul>
 *
 * A diff with {@code u} not above the last applied one is a {@link #DUPLICATE} and changes nothing.
 * On a {@link #GAP} the book is cleared and goes back to buffering, starting with the diff that
 * revealed it: levels from before the gap could be stale and even cross the book, so nothing is
 * published until a new snapshot (the live feed fetches one; an import waits for the next one in
 * the recording). A snapshot that arrives while the book is synced is not applied ({@link
 * #applySnapshot} returns {@link #SNAPSHOT_NOT_NEEDED}): the diffs after it have been applied
 * already and would not come again. Quantities are absolute; zero removes the level, and removing a
 * level that is not held is normal.
 *
 * <p>Each side is a sorted {@code long[]} of keys (bids negated, so both sides sort ascending with
 * the best level first) and a parallel {@code long[]} of quantities. The book keeps every level it
 * is told about: a side that fills its arrays doubles them (the only allocation, and a rare one:
 * the venue's snapshot has at most 1,000 or 5,000 levels), so no level the venue still shows is
 * ever evicted. Allocation-free otherwise. Not thread-safe.
 */
final class LocalOrderBook {
    static final int APPLIED = 0;
    static final int BEFORE_SNAPSHOT = 1;
    static final int BUFFERED = 2;
    static final int GAP = 3;
    static final int DUPLICATE = 4;

    /** {@link #applySnapshot}: the book is synced, and the snapshot was not applied. */
    static final int SNAPSHOT_NOT_NEEDED = -1;

    private static final int BUFFERING = 1;
    private static final int AWAITING_FIRST = 2;
    private static final int SYNCED = 3;

    private final Ladder bids;
    private final Ladder asks;
    private final boolean futures;
    private final BinanceMarket market;
    private int state = BUFFERING;
    private long snapshotUpdateId = -1;
    private long lastFinalUpdateId = -1;
    private long gapExpected;
    private long gapFound;
    private long bufferDropped;
    private long beforeSnapshot;

    // Diffs held until a snapshot: per event U, u, pu and level counts; levels flattened.
    private final long[] bufIds;
    private final int[] bufCounts;
    private final long[] bufPx;
    private final long[] bufQty;
    private int bufEvents;
    private int bufLevels;

    LocalOrderBook(int initialLevels, BinanceMarket market) {
        this(initialLevels, market, 4096, 256 * 1024);
    }

    LocalOrderBook(int initialLevels, BinanceMarket market, int bufferEvents, int bufferLevels) {
        bids = new Ladder(Math.max(1, initialLevels), true);
        asks = new Ladder(Math.max(1, initialLevels), false);
        this.market = market;
        this.futures = market.futures();
        bufIds = new long[bufferEvents * 3];
        bufCounts = new int[bufferEvents * 2];
        bufPx = new long[bufferLevels];
        bufQty = new long[bufferLevels];
    }

    /** The market whose continuity rule the book follows. */
    BinanceMarket market() {
        return market;
    }

    /** True once a snapshot and the diffs after it line up. */
    boolean synced() {
        return state == SYNCED;
    }

    /** True when the book may be published as a BOOK event: synced and two-sided. */
    boolean canPublish() {
        return state == SYNCED && bids.count > 0 && asks.count > 0;
    }

    /** True while the book holds diffs waiting for a snapshot. */
    boolean buffering() {
        return state == BUFFERING;
    }

    /** Diffs waiting for a snapshot. */
    int buffered() {
        return bufEvents;
    }

    /** Buffered diffs dropped (oldest first) because the buffer was full, since construction. */
    long bufferDropped() {
        return bufferDropped;
    }

    /** Diffs skipped as already in a snapshot, replayed ones included, since construction. */
    long beforeSnapshot() {
        return beforeSnapshot;
    }

    /** After a {@link #GAP}: the update id that was due. */
    long gapExpected() {
        return gapExpected;
    }

    /** After a {@link #GAP}: the first update id that came instead. */
    long gapFound() {
        return gapFound;
    }

    long lastFinalUpdateId() {
        return lastFinalUpdateId;
    }

    int bidLevels() {
        return bids.count;
    }

    int askLevels() {
        return asks.count;
    }

    long bidPrice(int k) {
        return bids.price(k);
    }

    long bidQty(int k) {
        return bids.qty[k];
    }

    long askPrice(int k) {
        return asks.price(k);
    }

    long askQty(int k) {
        return asks.qty[k];
    }

    /** Drops the book and any buffered diffs and starts buffering again (a new connection). */
    void awaitSnapshot() {
        clear();
        state = BUFFERING;
        bufEvents = 0;
        bufLevels = 0;
    }

    /**
     * Loads a REST snapshot (levels best first), then replays any buffered diffs through the
     * procedure, unless the book is synced already.
     *
     * @return {@link #SNAPSHOT_NOT_NEEDED} when the book was synced; else the number of gaps the
     *     replay found (0: the buffer bridged the snapshot, or was empty; 1: the book is buffering
     *     again, holding the diffs from the one that revealed the gap)
     */
    int applySnapshot(
            long lastUpdateId,
            long[] bidPx,
            long[] bidQty,
            int bidCount,
            long[] askPx,
            long[] askQty,
            int askCount) {
        if (state == SYNCED) {
            return SNAPSHOT_NOT_NEEDED;
        }
        clear();
        for (int i = 0; i < bidCount; i++) {
            bids.set(bidPx[i], bidQty[i]);
        }
        for (int i = 0; i < askCount; i++) {
            asks.set(askPx[i], askQty[i]);
        }
        snapshotUpdateId = lastUpdateId;
        lastFinalUpdateId = -1;
        state = AWAITING_FIRST;
        int events = bufEvents;
        int at = 0;
        for (int e = 0; e < events; e++) {
            int nb = bufCounts[2 * e];
            int na = bufCounts[2 * e + 1];
            int r =
                    step(
                            bufIds[3 * e],
                            bufIds[3 * e + 1],
                            bufIds[3 * e + 2],
                            bufPx,
                            bufQty,
                            at,
                            nb,
                            bufPx,
                            bufQty,
                            at + nb,
                            na);
            if (r == GAP) {
                // Keep this diff and the ones after it for the next snapshot.
                keepBufferedFrom(e, at);
                return 1;
            }
            at += nb + na;
        }
        bufEvents = 0;
        bufLevels = 0;
        return 0;
    }

    /** Applies one diff whose levels start at index 0 of the arrays. */
    int onDiff(
            long first,
            long last,
            long previous,
            long[] bidPx,
            long[] bidQty,
            int bidCount,
            long[] askPx,
            long[] askQty,
            int askCount) {
        if (state == BUFFERING) {
            buffer(first, last, previous, bidPx, bidQty, 0, bidCount, askPx, askQty, 0, askCount);
            return BUFFERED;
        }
        int r = step(first, last, previous, bidPx, bidQty, 0, bidCount, askPx, askQty, 0, askCount);
        if (r == GAP) {
            // Outside a replay the buffer is empty: the diffs before this one were applied.
            bufEvents = 0;
            bufLevels = 0;
            buffer(first, last, previous, bidPx, bidQty, 0, bidCount, askPx, askQty, 0, askCount);
        }
        return r;
    }

    /**
     * One diff against a loaded snapshot or a synced book.
     *
     * @param previous {@code pu}, or -1 when the frame has none (spot)
     * @return {@link #APPLIED}, {@link #BEFORE_SNAPSHOT}, {@link #GAP} (the book is cleared and
     *     buffering, the diff not yet buffered) or {@link #DUPLICATE}
     */
    private int step(
            long first,
            long last,
            long previous,
            long[] bidPx,
            long[] bidQty,
            int bidFrom,
            int bidCount,
            long[] askPx,
            long[] askQty,
            int askFrom,
            int askCount) {
        if (state == AWAITING_FIRST) {
            long l = snapshotUpdateId;
            boolean covered = futures ? last < l : last <= l;
            if (covered) {
                beforeSnapshot++;
                return BEFORE_SNAPSHOT;
            }
            boolean bridges = futures ? first <= l : first <= l + 1;
            if (!bridges) {
                return gap(futures ? l : l + 1, first);
            }
            apply(bidPx, bidQty, bidFrom, bidCount, askPx, askQty, askFrom, askCount);
            lastFinalUpdateId = last;
            state = SYNCED;
            return APPLIED;
        }
        if (last <= lastFinalUpdateId) {
            return DUPLICATE;
        }
        boolean follows = futures ? previous == lastFinalUpdateId : first == lastFinalUpdateId + 1;
        if (!follows) {
            return gap(lastFinalUpdateId + (futures ? 0 : 1), futures ? previous : first);
        }
        apply(bidPx, bidQty, bidFrom, bidCount, askPx, askQty, askFrom, askCount);
        lastFinalUpdateId = last;
        return APPLIED;
    }

    /**
     * Copies the top of the book into a BOOK event: {@code min(depth, bid levels, ask levels)}
     * levels.
     */
    void copyTop(RingEvent e, int depth) {
        int n = Math.min(depth, Math.min(bids.count, asks.count));
        e.levels = n;
        for (int k = 0; k < n; k++) {
            e.bidPx[k] = bids.price(k);
            e.bidQty[k] = bids.qty[k];
            e.askPx[k] = asks.price(k);
            e.askQty[k] = asks.qty[k];
        }
    }

    private int gap(long expected, long found) {
        gapExpected = expected;
        gapFound = found;
        clear();
        state = BUFFERING;
        return GAP;
    }

    private void clear() {
        bids.count = 0;
        asks.count = 0;
        snapshotUpdateId = -1;
        lastFinalUpdateId = -1;
    }

    private void apply(
            long[] bidPx,
            long[] bidQty,
            int bidFrom,
            int bidCount,
            long[] askPx,
            long[] askQty,
            int askFrom,
            int askCount) {
        for (int i = bidFrom; i < bidFrom + bidCount; i++) {
            bids.set(bidPx[i], bidQty[i]);
        }
        for (int i = askFrom; i < askFrom + askCount; i++) {
            asks.set(askPx[i], askQty[i]);
        }
    }

    /**
     * Moves buffered events {@code from..} (whose levels start at {@code levelAt}) to the front.
     */
    private void keepBufferedFrom(int from, int levelAt) {
        int events = bufEvents - from;
        int levels = bufLevels - levelAt;
        System.arraycopy(bufIds, 3 * from, bufIds, 0, 3 * events);
        System.arraycopy(bufCounts, 2 * from, bufCounts, 0, 2 * events);
        System.arraycopy(bufPx, levelAt, bufPx, 0, levels);
        System.arraycopy(bufQty, levelAt, bufQty, 0, levels);
        bufEvents = events;
        bufLevels = levels;
    }

    private void buffer(
            long first,
            long last,
            long previous,
            long[] bidPx,
            long[] bidQty,
            int bidFrom,
            int bidCount,
            long[] askPx,
            long[] askQty,
            int askFrom,
            int askCount) {
        int levels = bidCount + askCount;
        if (levels > bufPx.length) {
            // Larger than the whole buffer: keeping older diffs without it would leave a hole
            // anyway.
            bufferDropped += bufEvents + 1;
            bufEvents = 0;
            bufLevels = 0;
            return;
        }
        while (bufEvents == bufCounts.length / 2 || bufLevels + levels > bufPx.length) {
            dropOldestBuffered();
        }
        int e = bufEvents++;
        bufIds[3 * e] = first;
        bufIds[3 * e + 1] = last;
        bufIds[3 * e + 2] = previous;
        bufCounts[2 * e] = bidCount;
        bufCounts[2 * e + 1] = askCount;
        System.arraycopy(bidPx, bidFrom, bufPx, bufLevels, bidCount);
        System.arraycopy(bidQty, bidFrom, bufQty, bufLevels, bidCount);
        bufLevels += bidCount;
        System.arraycopy(askPx, askFrom, bufPx, bufLevels, askCount);
        System.arraycopy(askQty, askFrom, bufQty, bufLevels, askCount);
        bufLevels += askCount;
    }

    private void dropOldestBuffered() {
        int n = bufCounts[0] + bufCounts[1];
        System.arraycopy(bufPx, n, bufPx, 0, bufLevels - n);
        System.arraycopy(bufQty, n, bufQty, 0, bufLevels - n);
        bufLevels -= n;
        System.arraycopy(bufIds, 3, bufIds, 0, 3 * (bufEvents - 1));
        System.arraycopy(bufCounts, 2, bufCounts, 0, 2 * (bufEvents - 1));
        bufEvents--;
        bufferDropped++;
    }

    /** One side: sorted keys (price, negated for bids) and quantities, best first; grows. */
    private static final class Ladder {
        long[] keys;
        long[] qty;
        final boolean negate;
        int count;

        Ladder(int capacity, boolean negate) {
            keys = new long[capacity];
            qty = new long[capacity];
            this.negate = negate;
        }

        long price(int k) {
            return negate ? -keys[k] : keys[k];
        }

        void set(long price, long quantity) {
            long key = negate ? -price : price;
            int i = Arrays.binarySearch(keys, 0, count, key);
            if (i >= 0) {
                if (quantity == 0) {
                    System.arraycopy(keys, i + 1, keys, i, count - i - 1);
                    System.arraycopy(qty, i + 1, qty, i, count - i - 1);
                    count--;
                } else {
                    qty[i] = quantity;
                }
                return;
            }
            if (quantity == 0) {
                return;
            }
            int at = -i - 1;
            if (count == keys.length) {
                keys = Arrays.copyOf(keys, count * 2);
                qty = Arrays.copyOf(qty, count * 2);
            }
            System.arraycopy(keys, at, keys, at + 1, count - at);
            System.arraycopy(qty, at, qty, at + 1, count - at);
            keys[at] = key;
            qty[at] = quantity;
            count++;
        }
    }
}
