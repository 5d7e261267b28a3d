package io.tickring.adapters.binance;

import io.tickring.core.RingEvent;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Checks a decoded BOOK or TRADE before it may reach the ring, and remembers per instrument what
 * was last passed on.
 *
 * <p>A stand-in for the shared validator ({@code io.tickring.adapters.validate}) that is being
 * written on another branch: it uses the same reasons so it can be swapped for it. Checks, in this
 * order, the first failing one naming the drop:
 * <ol>
 *   <li>{@link DropReason#EMPTY_SIDE}: a book with no level on a side;</li>
 *   <li>{@link DropReason#NON_POSITIVE}: any price or size at or below zero;</li>
 *   <li>{@link DropReason#OUT_OF_ORDER}: bids not strictly falling, asks not strictly rising;</li>
 *   <li>{@link DropReason#CROSSED} (best bid above best ask), {@link DropReason#LOCKED} (equal);</li>
 *   <li>{@link DropReason#DUPLICATE}: an update id (book) or trade id not above the last passed
 *       one of the instrument. For partial depth this also drops an unchanged book re-sent under
 *       the same {@code lastUpdateId}: it says nothing new;</li>
 *   <li>{@link DropReason#TIME_BACKWARDS}: exchange time below the last passed event of the same
 *       kind and instrument (books and trades keep separate clocks because a partial-depth book is
 *       stamped with the receive time and a trade with the venue's trade time).</li>
 * </ol>
 * Only a passing event moves the remembered ids and times, so one bad frame cannot poison the
 * next good one. Allocation-free once each instrument has been seen.
 */
final class BookChecks {
    private final Int2ObjectHashMap<Last> last = new Int2ObjectHashMap<>();

    /** Returns why {@code e} (a BOOK with update id {@code updateId}) must be dropped, or null to pass it. */
    DropReason checkBook(RingEvent e, long updateId) {
        int n = e.levels;
        if (n <= 0) {
            return DropReason.EMPTY_SIDE;
        }
        for (int k = 0; k < n; k++) {
            if (e.bidPx[k] <= 0 || e.bidQty[k] <= 0 || e.askPx[k] <= 0 || e.askQty[k] <= 0) {
                return DropReason.NON_POSITIVE;
            }
        }
        for (int k = 1; k < n; k++) {
            if (e.bidPx[k] >= e.bidPx[k - 1] || e.askPx[k] <= e.askPx[k - 1]) {
                return DropReason.OUT_OF_ORDER;
            }
        }
        if (e.bidPx[0] > e.askPx[0]) {
            return DropReason.CROSSED;
        }
        if (e.bidPx[0] == e.askPx[0]) {
            return DropReason.LOCKED;
        }
        Last l = last(e.instrumentId);
        if (updateId <= l.bookUpdateId) {
            return DropReason.DUPLICATE;
        }
        if (e.exchangeTimeNs < l.bookTimeNs) {
            return DropReason.TIME_BACKWARDS;
        }
        l.bookUpdateId = updateId;
        l.bookTimeNs = e.exchangeTimeNs;
        return null;
    }

    /** Returns why {@code e} (a TRADE with trade id {@code tradeId}) must be dropped, or null to pass it. */
    DropReason checkTrade(RingEvent e, long tradeId) {
        if (e.tradePx <= 0 || e.tradeQty <= 0) {
            return DropReason.NON_POSITIVE;
        }
        Last l = last(e.instrumentId);
        if (tradeId <= l.tradeId) {
            return DropReason.DUPLICATE;
        }
        if (e.exchangeTimeNs < l.tradeTimeNs) {
            return DropReason.TIME_BACKWARDS;
        }
        l.tradeId = tradeId;
        l.tradeTimeNs = e.exchangeTimeNs;
        return null;
    }

    private Last last(int instrumentId) {
        Last l = last.get(instrumentId);
        if (l == null) {
            l = new Last();
            last.put(instrumentId, l);
        }
        return l;
    }

    private static final class Last {
        long bookUpdateId = Long.MIN_VALUE;
        long bookTimeNs = Long.MIN_VALUE;
        long tradeId = Long.MIN_VALUE;
        long tradeTimeNs = Long.MIN_VALUE;
    }
}
