package io.tickring.adapters.validate;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import java.util.Arrays;
import org.agrona.collections.Int2IntHashMap;

/**
 * Gatekeeper for market-data events from any source (importers, the simulator, live feeds): decides
 * whether a BOOK, TRADE or CONTROL event may enter the ring, and remembers per instrument the last
 * accepted exchange time and book. Allocation-free in steady state (state for an instrument is
 * allocated the first time it is seen). Single-threaded: one validator per source thread.
 *
 * <h2>Book encoding it accepts</h2>
 *
 * A BOOK has {@code levels} = the configured depth (1 .. {@link RingEvent#MAX_LEVELS}) whatever the
 * source showed. An <b>empty level</b> is price 0 and size 0 and may appear only after the last
 * non-empty level of its side; a side may be entirely empty. So a thin book keeps its depth and a
 * reader finds the end of a side at the first zero price.
 *
 * <h2>Checks, in the order that picks the reported reason</h2>
 *
 * <ol>
 *   <li>instrument id &gt; 0, else {@link DropReason#UNKNOWN_SYMBOL}; BOOK depth in range, TRADE
 *       aggressor and CONTROL code known, else {@link DropReason#BAD_FIELD};
 *   <li>every non-empty level and every trade: price &gt; 0 ({@link
 *       DropReason#NON_POSITIVE_PRICE}), size &gt; 0 ({@link DropReason#NON_POSITIVE_SIZE});
 *   <li>asks strictly rising and bids strictly falling from level 1, no non-empty level after an
 *       empty one ({@link DropReason#LEVELS_OUT_OF_ORDER});
 *   <li>best ask &gt; best bid when both sides are non-empty ({@link
 *       DropReason#CROSSED_OR_LOCKED});
 *   <li>exchange time not before the last accepted event of the instrument, any type ({@link
 *       DropReason#TIME_BACKWARDS}); equal times are fine (one message can cause a trade and a
 *       book);
 *   <li>{@link DropReason#DUPLICATE}: a BOOK whose every level equals the last accepted BOOK of the
 *       instrument <i>and</i> whose exchange time equals that BOOK's time — a repeated snapshot
 *       row. Trades are never duplicates by content: one aggressive order filling two resting
 *       orders of the same size at the same price prints two identical trades at the same
 *       nanosecond (the LOBSTER MSFT sample has 243 such pairs).
 * </ol>
 *
 * Other event types pass unchecked: they are not market data.
 */
public final class BookValidator {
    private static final int BOOK_LONGS = 4 * RingEvent.MAX_LEVELS;
    private static final int MISSING = -1;

    private final Int2IntHashMap slotById = new Int2IntHashMap(MISSING);
    private long[] lastTime = new long[8];
    private long[] lastBookTime = new long[8];
    private int[] lastLevels = new int[8];
    private long[] lastBooks = new long[8 * BOOK_LONGS];
    private int slots;

    /**
     * Checks {@code e} and, if it passes, remembers it as the instrument's latest accepted event. A
     * rejected event leaves the state untouched, so {@link #describe} can still explain it.
     *
     * @return {@link DropReason#OK} or the reason to drop it
     */
    public int check(RingEvent e) {
        int reason;
        switch (e.type) {
            case EventType.BOOK:
                reason = checkBook(e);
                break;
            case EventType.TRADE:
                reason = checkTrade(e);
                break;
            case EventType.CONTROL:
                reason =
                        e.instrumentId <= 0
                                ? DropReason.UNKNOWN_SYMBOL
                                : ControlCode.isValid(e.controlCode)
                                        ? DropReason.OK
                                        : DropReason.BAD_FIELD;
                break;
            default:
                return DropReason.OK;
        }
        if (reason != DropReason.OK) {
            return reason;
        }
        int slot = slot(e.instrumentId);
        if (e.exchangeTimeNs < lastTime[slot]) {
            return DropReason.TIME_BACKWARDS;
        }
        if (e.type == EventType.BOOK) {
            if (isRepeat(e, slot)) {
                return DropReason.DUPLICATE;
            }
            remember(e, slot);
        }
        lastTime[slot] = e.exchangeTimeNs;
        return DropReason.OK;
    }

    /** Last accepted exchange time of the instrument, or {@link Long#MIN_VALUE} if none. */
    public long lastExchangeTime(int instrumentId) {
        int slot = slotById.get(instrumentId);
        return slot == MISSING ? Long.MIN_VALUE : lastTime[slot];
    }

    /**
     * Explains in a few words why {@link #check} rejected {@code e} with {@code reason}; call it
     * before the next check. Allocates: for problem reports only.
     */
    public String describe(RingEvent e, int reason) {
        switch (reason) {
            case DropReason.CROSSED_OR_LOCKED:
                return "best ask "
                        + e.askPx[0]
                        + (e.askPx[0] == e.bidPx[0] ? " = " : " < ")
                        + "best bid "
                        + e.bidPx[0];
            case DropReason.NON_POSITIVE_PRICE:
            case DropReason.NON_POSITIVE_SIZE:
            case DropReason.LEVELS_OUT_OF_ORDER:
                return e.type == EventType.TRADE
                        ? "trade price " + e.tradePx + " size " + e.tradeQty
                        : firstBadLevel(e, reason);
            case DropReason.TIME_BACKWARDS:
                return "exchange time "
                        + e.exchangeTimeNs
                        + " ns is before "
                        + lastExchangeTime(e.instrumentId)
                        + " ns";
            case DropReason.DUPLICATE:
                return "same book as the previous one at " + e.exchangeTimeNs + " ns";
            case DropReason.UNKNOWN_SYMBOL:
                return "instrument id " + e.instrumentId;
            case DropReason.BAD_FIELD:
                return e.type == EventType.BOOK
                        ? "depth " + e.levels + " not in 1.." + RingEvent.MAX_LEVELS
                        : e.type == EventType.TRADE
                                ? "aggressor " + e.tradeAggressor
                                : "control code " + e.controlCode;
            default:
                return DropReason.name(reason);
        }
    }

    private static int checkTrade(RingEvent e) {
        if (e.instrumentId <= 0) {
            return DropReason.UNKNOWN_SYMBOL;
        }
        if (e.tradeAggressor != Side.BUY
                && e.tradeAggressor != Side.SELL
                && e.tradeAggressor != Side.NONE) {
            return DropReason.BAD_FIELD;
        }
        if (e.tradePx <= 0) {
            return DropReason.NON_POSITIVE_PRICE;
        }
        return e.tradeQty <= 0 ? DropReason.NON_POSITIVE_SIZE : DropReason.OK;
    }

    private static int checkBook(RingEvent e) {
        if (e.instrumentId <= 0) {
            return DropReason.UNKNOWN_SYMBOL;
        }
        int n = e.levels;
        if (n < 1 || n > RingEvent.MAX_LEVELS) {
            return DropReason.BAD_FIELD;
        }
        int reason = checkSide(e.askPx, e.askQty, n, 1);
        if (reason != DropReason.OK) {
            return reason;
        }
        reason = checkSide(e.bidPx, e.bidQty, n, -1);
        if (reason != DropReason.OK) {
            return reason;
        }
        boolean asks = e.askQty[0] != 0;
        boolean bids = e.bidQty[0] != 0;
        return asks && bids && e.askPx[0] <= e.bidPx[0]
                ? DropReason.CROSSED_OR_LOCKED
                : DropReason.OK;
    }

    /** {@code direction} +1: prices must rise level by level (asks); -1: fall (bids). */
    private static int checkSide(long[] px, long[] qty, int n, int direction) {
        boolean emptySeen = false;
        for (int k = 0; k < n; k++) {
            long p = px[k];
            long q = qty[k];
            if (p == 0 && q == 0) {
                emptySeen = true;
                continue;
            }
            if (emptySeen) {
                return DropReason.LEVELS_OUT_OF_ORDER;
            }
            if (p <= 0) {
                return DropReason.NON_POSITIVE_PRICE;
            }
            if (q <= 0) {
                return DropReason.NON_POSITIVE_SIZE;
            }
            if (k > 0 && Long.compare(p, px[k - 1]) != direction) {
                return DropReason.LEVELS_OUT_OF_ORDER;
            }
        }
        return DropReason.OK;
    }

    private static String firstBadLevel(RingEvent e, int reason) {
        for (int side = 0; side < 2; side++) {
            long[] px = side == 0 ? e.askPx : e.bidPx;
            long[] qty = side == 0 ? e.askQty : e.bidQty;
            int r =
                    checkSide(
                            px,
                            qty,
                            Math.min(Math.max(e.levels, 0), RingEvent.MAX_LEVELS),
                            side == 0 ? 1 : -1);
            if (r == reason) {
                StringBuilder sb = new StringBuilder(side == 0 ? "ask" : "bid");
                for (int k = 0; k < e.levels; k++) {
                    sb.append(k == 0 ? " " : ", ").append(px[k]).append('x').append(qty[k]);
                }
                return sb.toString();
            }
        }
        return DropReason.name(reason);
    }

    private boolean isRepeat(RingEvent e, int slot) {
        if (lastLevels[slot] != e.levels || lastBookTime[slot] != e.exchangeTimeNs) {
            return false;
        }
        int base = slot * BOOK_LONGS;
        for (int k = 0; k < e.levels; k++) {
            int q = base + 4 * k;
            if (lastBooks[q] != e.askPx[k]
                    || lastBooks[q + 1] != e.askQty[k]
                    || lastBooks[q + 2] != e.bidPx[k]
                    || lastBooks[q + 3] != e.bidQty[k]) {
                return false;
            }
        }
        return true;
    }

    private void remember(RingEvent e, int slot) {
        int base = slot * BOOK_LONGS;
        for (int k = 0; k < e.levels; k++) {
            int q = base + 4 * k;
            lastBooks[q] = e.askPx[k];
            lastBooks[q + 1] = e.askQty[k];
            lastBooks[q + 2] = e.bidPx[k];
            lastBooks[q + 3] = e.bidQty[k];
        }
        lastLevels[slot] = e.levels;
        lastBookTime[slot] = e.exchangeTimeNs;
    }

    private int slot(int instrumentId) {
        int slot = slotById.get(instrumentId);
        if (slot != MISSING) {
            return slot;
        }
        slot = slots++;
        if (slot == lastTime.length) {
            int size = slot * 2;
            lastTime = Arrays.copyOf(lastTime, size);
            lastBookTime = Arrays.copyOf(lastBookTime, size);
            lastLevels = Arrays.copyOf(lastLevels, size);
            lastBooks = Arrays.copyOf(lastBooks, size * BOOK_LONGS);
        }
        lastTime[slot] = Long.MIN_VALUE;
        lastBookTime[slot] = Long.MIN_VALUE;
        lastLevels[slot] = 0;
        slotById.put(instrumentId, slot);
        return slot;
    }
}
