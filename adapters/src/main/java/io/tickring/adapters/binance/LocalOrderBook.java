package io.tickring.adapters.binance;

import io.tickring.core.RingEvent;
import java.util.Arrays;

/**
 * One instrument's order book kept from Binance diff-depth updates, by the venue's documented
 * procedure for managing a local order book.
 *
 * <p>States and what each diff {@code [U, u]} (first and final update id) does:
 *
 * <ul>
 *   <li><b>warming</b> (no snapshot; also after any gap): the book is unsynced. Diffs are applied
 *       anyway and their continuity checked, but {@link #canPublish()} stays false until both sides
 *       hold at least {@code publishDepth} levels.
 *   <li><b>buffering</b> ({@link #awaitSnapshot()}): a REST snapshot is being fetched; diffs are
 *       kept in a bounded buffer (the oldest are dropped first when it fills).
 *   <li><b>awaiting first</b> ({@link #applySnapshot}): the snapshot's {@code lastUpdateId} L is
 *       loaded. A diff with {@code u <= L} is already in the snapshot and skipped; the first one
 *       applied must have {@code U <= L+1 <= u}; one with {@code U > L+1} means updates are missing
 *       between snapshot and stream: a gap.
 *   <li><b>synced</b>: each diff must follow on: {@code U == previous u + 1} on spot, or {@code pu
 *       == previous u} when the frame carries {@code pu} (futures).
 * </ul>
 *
 * A diff with {@code u} not above the last applied one is a {@link #DUPLICATE} and changes nothing.
 * On a {@link #GAP} the book is cleared and starts warming from the diff that revealed it: levels
 * from before the gap could be stale and even cross the book, and no snapshot is at hand to repair
 * them. Quantities are absolute; zero removes the level, and removing a level that is not held is
 * normal.
 *
 * <p>Each side is a sorted {@code long[]} of keys (bids negated, so both sides sort ascending with
 * the best level first) and a parallel {@code long[]} of quantities, at most {@code capacity}
 * levels; past that the worst level falls off, as the venue's own snapshot is bounded.
 * Allocation-free after construction. Not thread-safe.
 */
final class LocalOrderBook {
    static final int APPLIED = 0;
    static final int BEFORE_SNAPSHOT = 1;
    static final int BUFFERED = 2;
    static final int GAP = 3;
    static final int DUPLICATE = 4;

    private static final int WARMING = 0;
    private static final int BUFFERING = 1;
    private static final int AWAITING_FIRST = 2;
    private static final int SYNCED = 3;

    private final Ladder bids;
    private final Ladder asks;
    private final int publishDepth;
    private int state = WARMING;
    private long snapshotUpdateId = -1;
    private long lastFinalUpdateId = -1;
    private long gapExpected;
    private long gapFound;

    // Diffs held while a snapshot is fetched: per event U, u, pu and level counts; levels
    // flattened.
    private final long[] bufIds;
    private final int[] bufCounts;
    private final long[] bufPx;
    private final long[] bufQty;
    private int bufEvents;
    private int bufLevels;

    LocalOrderBook(int capacity, int publishDepth) {
        this(capacity, publishDepth, 256, 64 * 1024);
    }

    LocalOrderBook(int capacity, int publishDepth, int bufferEvents, int bufferLevels) {
        if (publishDepth < 1 || publishDepth > capacity) {
            throw new IllegalArgumentException("publishDepth must be 1..capacity: " + publishDepth);
        }
        bids = new Ladder(capacity, true);
        asks = new Ladder(capacity, false);
        this.publishDepth = publishDepth;
        bufIds = new long[bufferEvents * 3];
        bufCounts = new int[bufferEvents * 2];
        bufPx = new long[bufferLevels];
        bufQty = new long[bufferLevels];
    }

    /** True once a snapshot and the diffs after it line up. */
    boolean synced() {
        return state == SYNCED;
    }

    /** True when the book may be published as a BOOK event (see the class comment). */
    boolean canPublish() {
        if (state == SYNCED) {
            return bids.count > 0 && asks.count > 0;
        }
        return state == WARMING && bids.count >= publishDepth && asks.count >= publishDepth;
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

    /** Starts buffering diffs until {@link #applySnapshot} (step 2 of the procedure). */
    void awaitSnapshot() {
        clear();
        state = BUFFERING;
        bufEvents = 0;
        bufLevels = 0;
    }

    /**
     * Loads a REST snapshot (levels best first), then replays any buffered diffs through {@link
     * #onDiff}.
     *
     * @return the number of gaps the replay found (0 when the buffer bridged the snapshot or was
     *     empty)
     */
    int applySnapshot(
            long lastUpdateId,
            long[] bidPx,
            long[] bidQty,
            int bidCount,
            long[] askPx,
            long[] askQty,
            int askCount) {
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
        int gaps = 0;
        int events = bufEvents;
        bufEvents = 0;
        int at = 0;
        for (int e = 0; e < events; e++) {
            int nb = bufCounts[2 * e];
            int na = bufCounts[2 * e + 1];
            if (onDiff(
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
                            na)
                    == GAP) {
                gaps++;
            }
            at += nb + na;
        }
        bufLevels = 0;
        return gaps;
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
        return onDiff(
                first, last, previous, bidPx, bidQty, 0, bidCount, askPx, askQty, 0, askCount);
    }

    /**
     * Applies one diff.
     *
     * @param first {@code U}
     * @param last {@code u}
     * @param previous {@code pu}, or -1 when the frame has none (spot)
     * @return {@link #APPLIED}, {@link #BEFORE_SNAPSHOT}, {@link #BUFFERED}, {@link #GAP} (the diff
     *     was applied to the cleared book) or {@link #DUPLICATE}
     */
    private int onDiff(
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
        switch (state) {
            case BUFFERING:
                buffer(
                        first, last, previous, bidPx, bidQty, bidFrom, bidCount, askPx, askQty,
                        askFrom, askCount);
                return BUFFERED;
            case AWAITING_FIRST:
                if (last <= snapshotUpdateId) {
                    return BEFORE_SNAPSHOT;
                }
                if (first <= snapshotUpdateId + 1) {
                    apply(bidPx, bidQty, bidFrom, bidCount, askPx, askQty, askFrom, askCount);
                    lastFinalUpdateId = last;
                    state = SYNCED;
                    return APPLIED;
                }
                return restartFrom(
                        snapshotUpdateId + 1,
                        first,
                        last,
                        bidPx,
                        bidQty,
                        bidFrom,
                        bidCount,
                        askPx,
                        askQty,
                        askFrom,
                        askCount);
            default:
                if (lastFinalUpdateId >= 0) {
                    if (last <= lastFinalUpdateId) {
                        return DUPLICATE;
                    }
                    boolean follows =
                            previous >= 0
                                    ? previous == lastFinalUpdateId
                                    : first == lastFinalUpdateId + 1;
                    if (!follows) {
                        return restartFrom(
                                lastFinalUpdateId + 1,
                                first,
                                last,
                                bidPx,
                                bidQty,
                                bidFrom,
                                bidCount,
                                askPx,
                                askQty,
                                askFrom,
                                askCount);
                    }
                }
                apply(bidPx, bidQty, bidFrom, bidCount, askPx, askQty, askFrom, askCount);
                lastFinalUpdateId = last;
                return APPLIED;
        }
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

    private int restartFrom(
            long expected,
            long first,
            long last,
            long[] bidPx,
            long[] bidQty,
            int bidFrom,
            int bidCount,
            long[] askPx,
            long[] askQty,
            int askFrom,
            int askCount) {
        gapExpected = expected;
        gapFound = first;
        clear();
        state = WARMING;
        apply(bidPx, bidQty, bidFrom, bidCount, askPx, askQty, askFrom, askCount);
        lastFinalUpdateId = last;
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
    }

    /** One side: sorted keys (price, negated for bids) and quantities, best first. */
    private static final class Ladder {
        final long[] keys;
        final long[] qty;
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
                if (at == count) {
                    return;
                }
                count--;
            }
            System.arraycopy(keys, at, keys, at + 1, count - at);
            System.arraycopy(qty, at, qty, at + 1, count - at);
            keys[at] = key;
            qty[at] = quantity;
            count++;
        }
    }
}
