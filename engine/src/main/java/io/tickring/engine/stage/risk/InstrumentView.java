package io.tickring.engine.stage.risk;

import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.Money;
import io.tickring.core.instrument.TradingDay;
import io.tickring.engine.stage.Position;

/**
 * The risk gate's view of one instrument: whether it may trade, its limit group and rate into the
 * limit currency, the gate's position in it, the times of its last book, score and fill, and its
 * last book's levels, which give a market order's worst price. Read and written on the gate's
 * thread only; allocation-free after construction.
 */
final class InstrumentView {
    /** A time not seen yet. */
    static final long NONE = Long.MIN_VALUE;

    final Instrument instrument;
    final boolean allowed;
    final boolean tPlusOne;

    /** 10^priceScale: fixed-point prices to currency units (for the price band). */
    final double pxScale;

    /**
     * Limit currency per unit of the settlement currency (1 per currency, or the configured rate).
     */
    final double rate;

    /** Limit group: the settlement currency's, or the one group of a limit currency. */
    final int group;

    final TradingDay local;
    final Position position = new Position();
    long boughtToday;
    long lastBookNs = NONE;

    /** Receive time of the last BOOK (its exchange time is {@link #lastBookNs}). */
    long lastBookReceiveNs = NONE;

    long lastScoreNs = NONE;
    long lastFillNs = NONE;

    /** The instrument's last BOOK, for the levels a market order would walk. */
    int levels;

    final long[] askPx = new long[RingEvent.MAX_LEVELS];
    final long[] askQty = new long[RingEvent.MAX_LEVELS];
    final long[] bidPx = new long[RingEvent.MAX_LEVELS];
    final long[] bidQty = new long[RingEvent.MAX_LEVELS];

    InstrumentView(
            Instrument instrument, boolean allowed, boolean tPlusOne, double rate, int group) {
        this.instrument = instrument;
        this.allowed = allowed;
        this.tPlusOne = tPlusOne;
        this.pxScale = instrument.priceMultiplier();
        this.rate = rate;
        this.group = group;
        this.local = new TradingDay(instrument.timeZone(), 0);
    }

    /**
     * Value of one quantity unit at fixed-point {@code px} in the limit currency ({@link
     * Money#unitValue}).
     */
    double value(long px) {
        return Money.unitValue(instrument, px) * rate;
    }

    /** Value of one quantity unit at a price in currency units (a mid). */
    double value(double price) {
        return Money.unitValue(instrument, price) * rate;
    }

    /**
     * The larger value of one quantity unit at the two ends of the prices an order at {@code px}
     * can fill at on the visible book: a buy between min(px, touch) and px, a sell between px and
     * max(px, touch). For spot and linear instruments that is the higher price, for inverse ones
     * the lower.
     */
    double unitValue(byte side, long px, long touch) {
        long other = touch <= 0 ? px : side == Side.BUY ? Math.min(px, touch) : Math.max(px, touch);
        return Math.max(Math.abs(value(px)), Math.abs(value(other)));
    }

    void copyLevels(RingEvent e) {
        // Only the entries the book has, and zeros where the previous book had more: the same
        // arrays as a copy of all ten (a decoded event is zero beyond its levels), half the work.
        int stale = levels;
        int n = Math.min(e.levels, RingEvent.MAX_LEVELS);
        levels = n;
        System.arraycopy(e.askPx, 0, askPx, 0, n);
        System.arraycopy(e.askQty, 0, askQty, 0, n);
        System.arraycopy(e.bidPx, 0, bidPx, 0, n);
        System.arraycopy(e.bidQty, 0, bidQty, 0, n);
        for (int k = n; k < stale; k++) {
            askPx[k] = 0;
            askQty[k] = 0;
            bidPx[k] = 0;
            bidQty[k] = 0;
        }
    }

    /**
     * The worst price a market order of {@code qty} can fill at: the price of the last visible
     * level it reaches, capped by the collar, touch ± {@code collarBps} rounded to the tick toward
     * the touch; the collar itself when the visible book is too thin. 0 without a touch.
     */
    long worstPrice(byte side, long qty, long touch, double collarBps) {
        if (touch <= 0) {
            return 0;
        }
        long tick = instrument.tickSize();
        boolean buy = side == Side.BUY;
        // The offset in price units, floored; the epsilon keeps 10000 × 50 / 10000 at 50, not
        // 49.999...
        long off = (long) Math.floor(touch * collarBps / 10_000.0 + 1e-9);
        long collar;
        if (buy) {
            collar = Math.max(Math.floorDiv(touch + off, tick) * tick, touch);
        } else {
            collar = Math.max(Math.min(-Math.floorDiv(off - touch, tick) * tick, touch), tick);
        }
        long[] prices = buy ? askPx : bidPx;
        long[] sizes = buy ? askQty : bidQty;
        long left = qty;
        for (int i = 0; i < levels && left > 0; i++) {
            long p = prices[i];
            if (p <= 0 || (buy ? p > collar : p < collar)) {
                break;
            }
            left -= sizes[i];
            if (left <= 0) {
                return p;
            }
        }
        return collar;
    }

    boolean inSession(long timeNs) {
        int minute = local.minuteOfDay(timeNs);
        for (Instrument.SessionWindow w : instrument.sessions()) {
            if (minute >= w.startMinute() && minute < w.endMinute()) {
                return true;
            }
        }
        return false;
    }
}
