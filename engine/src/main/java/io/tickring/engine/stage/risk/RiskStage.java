package io.tickring.engine.stage.risk;

import io.tickring.core.RiskReason;
import io.tickring.core.instrument.TradingDay;

import io.tickring.core.instrument.Instrument;
import io.tickring.engine.ring.Stage;
import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Long2LongHashMap;

/**
 * The risk gate: every intent gets a verdict (ACCEPT, CLAMP with a smaller quantity, or REJECT with a
 * reason from {@link RiskReason}) and accepted intents get an order id.
 *
 * <p>Trading states: ACTIVE, REDUCING (only orders that move a position toward zero, never past it,
 * even if every open order fills) and HALTED (no orders; the router still sends cancels). CONTROL
 * events move the state (KILL and HALT halt, REDUCE_ONLY reduces, RESUME resumes); a breached daily
 * loss limit or maximum drawdown moves it to REDUCING or HALTED as configured. A daily-loss trip
 * clears at the next trading day; a drawdown trip waits for RESUME.
 *
 * <p>Positions are worst cases: the position from fills plus every open order on the same side, so
 * no set of fills of accepted orders can breach a quantity, notional, exposure or cash limit.
 * Notionals use the order's limit price (the touch for market orders) and, for other instruments,
 * their last mid. Orders that reduce a position skip the entry filters (confidence, stale score,
 * cooldown): an exit must not be blocked by a slow model.
 *
 * <p>Lock-free: the gate's state has one writer, this stage; other threads read only the published
 * state and the reject counters. Allocation-free in steady state (once per trading day when the
 * day's bounds are recomputed).
 */
public final class RiskStage implements Stage {
    public static final int ACTIVE = 0;
    public static final int REDUCING = 1;
    public static final int HALTED = 2;

    /** Open orders the gate tracks at once; an intent beyond is rejected with ORDER_RATE. */
    static final int MAX_OPEN = 4096;

    /**
     * Limits of the gate. A limit of 0 (0.0) is off, except the first three, which are always on.
     *
     * @param maxOrderQty largest quantity of one order
     * @param maxPosition largest absolute worst-case position per instrument, in quantity
     * @param maxOrdersPerSecond accepted orders in any one second of event time (sliding window)
     * @param maxOrdersPerDay accepted orders per trading day
     * @param cooldownNs event time after a fill of an instrument before a new entry in it
     * @param minConfidence smallest intent confidence of an entry
     * @param maxPositionNotional largest worst-case position per instrument in currency
     * @param maxGrossExposure largest sum over instruments of worst-case positions in currency
     * @param maxOrderNotional largest order notional in currency
     * @param priceBandBps largest distance of a limit price from mid, in basis points of mid
     * @param initialCash the account's cash at the start; with it on, buys need the cash (buy notional plus
     *     open buys' notional within cash)
     * @param allowShort false: no sell may make the worst-case position negative
     * @param tPlusOneVenues venues whose instruments can only sell what was bought before today (A-shares)
     * @param dailyLossLimit loss since the trading day's start equity that trips the loss action
     * @param maxDrawdown drop from peak equity that trips the loss action
     * @param lossHalts true: a loss trip halts; false: it moves to REDUCING
     * @param maxDataAgeNs largest age of the instrument's book, and largest feed lag (receive − exchange time)
     * @param maxScoreAgeNs largest age of the instrument's last model score for an entry
     * @param clamp true: quantity limits clamp the order to fit; false: they reject it
     * @param instruments symbols allowed to trade; empty allows every registry instrument
     * @param enforceSessions true: reject outside the instrument's trading sessions
     * @param dayZone time zone of the trading-day boundary
     * @param dayStartMinute minutes after local midnight at which a trading day starts
     */
    public record Limits(long maxOrderQty, long maxPosition, int maxOrdersPerSecond, long maxOrdersPerDay,
            long cooldownNs, double minConfidence, double maxPositionNotional, double maxGrossExposure,
            double maxOrderNotional, double priceBandBps, double initialCash, boolean allowShort,
            List<String> tPlusOneVenues, double dailyLossLimit, double maxDrawdown, boolean lossHalts,
            long maxDataAgeNs, long maxScoreAgeNs, boolean clamp, List<String> instruments, boolean enforceSessions,
            ZoneId dayZone, int dayStartMinute) {
        public Limits {
            tPlusOneVenues = List.copyOf(tPlusOneVenues);
            instruments = List.copyOf(instruments);
        }

        /** The three always-on limits, every other check off, clamping, shorts allowed, days at UTC midnight. */
        public Limits(long maxOrderQty, long maxPosition, int maxOrdersPerSecond) {
            this(maxOrderQty, maxPosition, maxOrdersPerSecond, 0, 0, 0, 0, 0, 0, 0, 0, true, List.of(), 0, 0, false,
                    0, 0, true, List.of(), false, ZoneOffset.UTC, 0);
        }
    }

    /** Largest enforced {@code maxOrdersPerSecond}; a larger value means no rate limit. */
    public static final int MAX_RATE = 1 << 16;

    private static final long NONE = Long.MIN_VALUE;
    private static final long SECOND = 1_000_000_000L;

    private final Limits limits;
    private final Int2IntHashMap index = new Int2IntHashMap(-1);
    private final Book[] books;
    private final TradingDay tradingDay;
    // Open orders: dense list of slots, id -> slot.
    private final Long2LongHashMap slotOf = new Long2LongHashMap(NONE);
    private final long[] openId = new long[MAX_OPEN];
    private final int[] openBook = new int[MAX_OPEN];
    private final byte[] openSide = new byte[MAX_OPEN];
    private final long[] openPx = new long[MAX_OPEN];
    private final long[] openLeaves = new long[MAX_OPEN];
    private int openCount;
    private final long[] acceptTimes;
    private final boolean rateLimited;
    private int acceptHead;
    private int acceptCount;
    private final long[] rejects = new long[RiskReason.COUNT];
    private final AtomicLongArray publishedRejects = new AtomicLongArray(RiskReason.COUNT);
    private int state = ACTIVE;
    private int stateReason = RiskReason.HALTED;
    private int operatorState = ACTIVE;
    private int lossState = ACTIVE;
    private int lossReason = RiskReason.NONE;
    private volatile int publishedState = ACTIVE;
    private long nextOrderId = 1;
    private long day = NONE;
    private long ordersToday;
    private double cash;
    private double reservedBuyNotional;
    private double dayStartEquity;
    private double peakEquity;
    private double equity;

    public RiskStage(Limits limits, List<Instrument> instruments) {
        this.limits = limits;
        books = new Book[instruments.size()];
        for (int n = 0; n < instruments.size(); n++) {
            Instrument i = instruments.get(n);
            boolean allowed = limits.instruments().isEmpty() || limits.instruments().contains(i.symbol());
            books[n] = new Book(i, allowed, limits.tPlusOneVenues().contains(i.venue()));
            index.put(i.id(), n);
        }
        tradingDay = new TradingDay(limits.dayZone(), limits.dayStartMinute());
        // Above MAX_RATE orders a second the window would need more memory than it is worth: no limit.
        rateLimited = limits.maxOrdersPerSecond() <= MAX_RATE;
        acceptTimes = new long[Math.max(1, Math.min(limits.maxOrdersPerSecond(), MAX_RATE))];
        cash = limits.initialCash();
        equity = cash;
        dayStartEquity = cash;
        peakEquity = cash;
    }

    @Override
    public String name() {
        return "risk";
    }

    @Override
    public void onEvent(RingEvent e) {
        e.riskVerdict = RiskVerdict.NONE;
        e.riskReason = RiskReason.NONE;
        e.approvedQty = 0;
        e.orderId = 0;
        onDay(e.exchangeTimeNs);
        int n = index.get(e.instrumentId);
        Book b = n < 0 ? null : books[n];
        switch (e.type) {
            case EventType.CONTROL:
                onControl(e.controlCode);
                break;
            case EventType.EXEC_REPORT:
                if (b != null) {
                    onExecution(e, b);
                }
                break;
            case EventType.BOOK:
                if (b != null) {
                    b.lastBookNs = e.exchangeTimeNs;
                    if (e.bookValid) {
                        b.mark = e.mid;
                        revalue();
                    }
                }
                break;
            default:
                break;
        }
        if (b != null && e.scored) {
            b.lastScoreNs = e.exchangeTimeNs;
        }
        if (e.intentSide != Side.NONE) {
            check(e, b, n);
        }
    }

    private void onDay(long timeNs) {
        long d = tradingDay.dayOf(timeNs);
        if (d == day) {
            return;
        }
        day = d;
        ordersToday = 0;
        dayStartEquity = equity;
        for (Book b : books) {
            b.boughtToday = 0;
        }
        if (lossReason == RiskReason.DAILY_LOSS) {
            lossState = ACTIVE;
            lossReason = RiskReason.NONE;
            updateState();
        }
    }

    private void onControl(byte code) {
        switch (code) {
            case ControlCode.HALT:
            case ControlCode.KILL:
                operatorState = HALTED;
                break;
            case ControlCode.REDUCE_ONLY:
                operatorState = REDUCING;
                break;
            case ControlCode.RESUME:
                // Resuming clears loss trips and accepts the drawdown so far; a loss still past its limit
                // trips again at the next valuation.
                operatorState = ACTIVE;
                lossState = ACTIVE;
                lossReason = RiskReason.NONE;
                peakEquity = equity;
                break;
            default:
                return;
        }
        updateState();
    }

    /** The stricter of the operator's state and the loss trip's; the reason names the stricter one. */
    private void updateState() {
        if (operatorState >= lossState) {
            state = operatorState;
            stateReason = operatorState == HALTED ? RiskReason.HALTED : RiskReason.REDUCE_ONLY;
        } else {
            state = lossState;
            stateReason = lossReason;
        }
        publishedState = state;
    }

    private void onExecution(RingEvent e, Book b) {
        long slot = slotOf.get(e.execOrderId);
        int k = slot == NONE ? -1 : (int) slot;
        if ((e.execType == ExecType.FILL || e.execType == ExecType.PARTIAL_FILL) && e.execLastQty > 0) {
            long signed = e.execSide * e.execLastQty;
            b.position += signed;
            double m = b.multiplier;
            cash -= signed * (e.execLastPx / m) + e.execFee / m;
            if (e.execSide == Side.BUY) {
                b.boughtToday += e.execLastQty;
            }
            b.lastFillNs = e.exchangeTimeNs;
            if (k >= 0) {
                long q = Math.min(e.execLastQty, openLeaves[k]);
                release(k, q);
            }
            revalue();
        }
        if (k >= 0 && (e.execType == ExecType.FILL || e.execType == ExecType.CANCELED
                || e.execType == ExecType.REJECTED)) {
            release(k, openLeaves[k]);
            removeOpen(k);
        }
    }

    /** Takes {@code q} off open order {@code k}'s reservation. */
    private void release(int k, long q) {
        Book b = books[openBook[k]];
        openLeaves[k] -= q;
        if (openSide[k] == Side.BUY) {
            b.openBuy -= q;
            reservedBuyNotional -= q * (openPx[k] / b.multiplier);
        } else {
            b.openSell -= q;
        }
    }

    private void removeOpen(int k) {
        slotOf.remove(openId[k]);
        int last = --openCount;
        if (k != last) {
            openId[k] = openId[last];
            openBook[k] = openBook[last];
            openSide[k] = openSide[last];
            openPx[k] = openPx[last];
            openLeaves[k] = openLeaves[last];
            slotOf.put(openId[k], k);
        }
    }

    private void revalue() {
        double eq = cash;
        for (Book b : books) {
            if (b.position != 0) {
                eq += b.position * b.mark;
            }
        }
        equity = eq;
        if (eq > peakEquity) {
            peakEquity = eq;
        }
        int trip = RiskReason.NONE;
        if (limits.dailyLossLimit() > 0 && dayStartEquity - eq >= limits.dailyLossLimit()) {
            trip = RiskReason.DAILY_LOSS;
        } else if (limits.maxDrawdown() > 0 && peakEquity - eq >= limits.maxDrawdown()) {
            trip = RiskReason.DRAWDOWN;
        }
        if (trip != RiskReason.NONE && lossReason == RiskReason.NONE) {
            lossState = limits.lossHalts() ? HALTED : REDUCING;
            lossReason = trip;
            updateState();
        }
    }

    private void check(RingEvent e, Book b, int n) {
        if (b == null) {
            reject(e, RiskReason.UNKNOWN_INSTRUMENT);
            return;
        }
        if (state == HALTED) {
            reject(e, stateReason);
            return;
        }
        long qty = e.intentQty;
        byte side = e.intentSide;
        long now = e.exchangeTimeNs;
        if (qty <= 0) {
            reject(e, RiskReason.BAD_QUANTITY);
            return;
        }
        if (!b.allowed) {
            reject(e, RiskReason.INSTRUMENT_NOT_ALLOWED);
            return;
        }
        if (limits.enforceSessions() && !b.instrument.tradesAroundTheClock() && !b.inSession(now)) {
            reject(e, RiskReason.SESSION_CLOSED);
            return;
        }
        if (!e.bookValid) {
            reject(e, RiskReason.NO_MARKET);
            return;
        }
        if (limits.maxDataAgeNs() > 0 && (b.lastBookNs == NONE || now - b.lastBookNs > limits.maxDataAgeNs()
                || e.receiveTimeNs - e.exchangeTimeNs > limits.maxDataAgeNs())) {
            reject(e, RiskReason.STALE_MARKET_DATA);
            return;
        }
        // Worst cases: every open order on the order's side fills.
        long worstLong = b.position + b.openBuy;
        long worstShort = b.position - b.openSell;
        long reducible = side == Side.BUY ? -worstLong : worstShort; // > 0: room to reduce toward zero
        boolean reducing = reducible > 0;
        if (state == REDUCING) {
            if (!reducing) {
                reject(e, stateReason);
                return;
            }
            if (qty > reducible) {
                if (!limits.clamp()) {
                    reject(e, stateReason);
                    return;
                }
                qty = reducible;
                e.riskReason = stateReason;
            }
        }
        if (reducing && qty > reducible) {
            reducing = false; // it would flip the position: an entry for the part past zero
        }
        if (!reducing) {
            if (limits.maxScoreAgeNs() > 0 && (b.lastScoreNs == NONE || now - b.lastScoreNs > limits.maxScoreAgeNs())) {
                reject(e, RiskReason.STALE_SCORE);
                return;
            }
            if (e.intentConfidence < limits.minConfidence()) {
                reject(e, RiskReason.MIN_CONFIDENCE);
                return;
            }
            if (limits.cooldownNs() > 0 && b.lastFillNs != NONE && now - b.lastFillNs < limits.cooldownNs()) {
                reject(e, RiskReason.COOLDOWN);
                return;
            }
        }
        long limitPx = e.intentOrderType == OrderType.MARKET ? 0 : e.intentPx;
        if (limitPx != 0 && (limitPx <= 0 || limitPx % b.instrument.tickSize() != 0)) {
            reject(e, RiskReason.TICK_SIZE);
            return;
        }
        long px = limitPx != 0 ? limitPx : side == Side.BUY ? e.bestAskPx : e.bestBidPx;
        if (px <= 0) {
            reject(e, RiskReason.NO_MARKET);
            return;
        }
        if (limits.priceBandBps() > 0 && limitPx != 0
                && Math.abs(limitPx / b.multiplier - e.mid) * 10_000.0 > limits.priceBandBps() * e.mid) {
            reject(e, RiskReason.PRICE_BAND);
            return;
        }
        if (crossesOwn(n, side, limitPx)) {
            reject(e, RiskReason.SELF_CROSS);
            return;
        }
        long lot = b.instrument.lotSize();
        if (qty % lot != 0) {
            if (!limits.clamp() || qty < lot) {
                reject(e, RiskReason.LOT_SIZE);
                return;
            }
            qty -= qty % lot;
            e.riskReason = RiskReason.LOT_SIZE;
        }
        double unitPx = px / b.multiplier;
        // Each cap is the largest quantity the limit allows; the order is clamped to the smallest.
        long cap = limits.maxOrderQty();
        if (qty > cap && (qty = fit(e, cap, lot, RiskReason.MAX_ORDER_QTY)) <= 0) {
            return;
        }
        if (limits.maxOrderNotional() > 0) {
            cap = (long) Math.floor(limits.maxOrderNotional() / unitPx);
            if (qty > cap && (qty = fit(e, cap, lot, RiskReason.MAX_ORDER_NOTIONAL)) <= 0) {
                return;
            }
        }
        long worstAbs = side == Side.BUY ? worstLong : -worstShort; // worst position on the order's side
        if (!reducing) {
            cap = limits.maxPosition() - worstAbs;
            if (qty > cap && (qty = fit(e, cap, lot, RiskReason.MAX_POSITION)) <= 0) {
                return;
            }
            if (limits.maxPositionNotional() > 0) {
                cap = (long) Math.floor(limits.maxPositionNotional() / unitPx) - worstAbs;
                if (qty > cap && (qty = fit(e, cap, lot, RiskReason.MAX_POSITION_NOTIONAL)) <= 0) {
                    return;
                }
            }
            if (limits.maxGrossExposure() > 0) {
                double others = 0;
                for (int k = 0; k < books.length; k++) {
                    if (k != n) {
                        Book o = books[k];
                        others += Math.max(Math.abs(o.position + o.openBuy), Math.abs(o.position - o.openSell)) * o.mark;
                    }
                }
                // This instrument's worst case on the order's side after the order, at the order's price.
                cap = (long) Math.floor((limits.maxGrossExposure() - others) / unitPx) - worstAbs;
                if (qty > cap && (qty = fit(e, cap, lot, RiskReason.GROSS_EXPOSURE)) <= 0) {
                    return;
                }
            }
        }
        if (side == Side.SELL) {
            if (b.tPlusOne) {
                cap = b.position - b.boughtToday - b.openSell;
                if (qty > cap && (qty = fit(e, cap, lot, RiskReason.SELLABLE_QTY)) <= 0) {
                    return;
                }
            } else if (!limits.allowShort()) {
                cap = worstShort;
                if (qty > cap && (qty = fit(e, cap, lot, RiskReason.SHORT_SELLING)) <= 0) {
                    return;
                }
            }
        } else if (limits.initialCash() > 0) {
            cap = (long) Math.floor((cash - reservedBuyNotional) / unitPx);
            if (qty > cap && (qty = fit(e, cap, lot, RiskReason.CASH)) <= 0) {
                return;
            }
        }
        if (rateLimited && acceptCount >= acceptTimes.length && now - acceptTimes[acceptHead] < SECOND) {
            reject(e, RiskReason.ORDER_RATE);
            return;
        }
        if (limits.maxOrdersPerDay() > 0 && ordersToday >= limits.maxOrdersPerDay()) {
            reject(e, RiskReason.ORDERS_PER_DAY);
            return;
        }
        if (openCount == MAX_OPEN) {
            reject(e, RiskReason.ORDER_RATE);
            return;
        }
        accept(e, b, n, side, qty, px);
    }

    /** Clamps to {@code cap} rounded down to the lot, or rejects; returns the new quantity or 0 after a reject. */
    private long fit(RingEvent e, long cap, long lot, int reason) {
        long q = cap - Math.floorMod(cap, lot);
        if (!limits.clamp() || q <= 0) {
            reject(e, reason);
            return 0;
        }
        e.riskReason = reason;
        return q;
    }

    private boolean crossesOwn(int n, byte side, long limitPx) {
        for (int k = 0; k < openCount; k++) {
            if (openBook[k] == n && openSide[k] == -side) {
                if (limitPx == 0 || (side == Side.BUY ? limitPx >= openPx[k] : limitPx <= openPx[k])) {
                    return true;
                }
            }
        }
        return false;
    }

    private void accept(RingEvent e, Book b, int n, byte side, long qty, long px) {
        if (acceptCount < acceptTimes.length) {
            acceptTimes[(acceptHead + acceptCount) % acceptTimes.length] = e.exchangeTimeNs;
            acceptCount++;
        } else {
            acceptTimes[acceptHead] = e.exchangeTimeNs;
            acceptHead = (acceptHead + 1) % acceptTimes.length;
        }
        ordersToday++;
        long orderId = nextOrderId++;
        int k = openCount++;
        openId[k] = orderId;
        openBook[k] = n;
        openSide[k] = side;
        openPx[k] = px; // the touch for a market order: its reservation is released at the same price
        openLeaves[k] = qty;
        slotOf.put(orderId, k);
        if (side == Side.BUY) {
            b.openBuy += qty;
            reservedBuyNotional += qty * (px / b.multiplier);
        } else {
            b.openSell += qty;
        }
        // The last clamp names the binding limit.
        e.riskVerdict = qty == e.intentQty ? RiskVerdict.ACCEPT : RiskVerdict.CLAMP;
        if (e.riskVerdict == RiskVerdict.ACCEPT) {
            e.riskReason = RiskReason.NONE;
        }
        e.approvedQty = qty;
        e.orderId = orderId;
    }

    private void reject(RingEvent e, int reason) {
        e.riskVerdict = RiskVerdict.REJECT;
        e.riskReason = reason;
        e.approvedQty = 0;
        rejects[reason]++;
        publishedRejects.lazySet(reason, rejects[reason]);
    }

    /** ACTIVE, REDUCING or HALTED, as last published; safe from any thread. */
    public int state() {
        return publishedState;
    }

    /** Rejects so far by reason; safe from any thread. */
    public long rejects(int reason) {
        return publishedRejects.get(reason);
    }

    /** The gate's worst-case long and short views and position of one instrument (gate thread or after the run). */
    public long position(int instrumentId) {
        int n = index.get(instrumentId);
        return n < 0 ? 0 : books[n].position;
    }

    /** Equity as the gate sees it: cash plus positions at their last mid (gate thread or after the run). */
    public double equity() {
        return equity;
    }

    /** The gate's view of one instrument. */
    private static final class Book {
        final Instrument instrument;
        final boolean allowed;
        final boolean tPlusOne;
        final double multiplier;
        final TradingDay local;
        long position;
        long openBuy;
        long openSell;
        long boughtToday;
        double mark;
        long lastBookNs = NONE;
        long lastScoreNs = NONE;
        long lastFillNs = NONE;

        Book(Instrument instrument, boolean allowed, boolean tPlusOne) {
            this.instrument = instrument;
            this.allowed = allowed;
            this.tPlusOne = tPlusOne;
            this.multiplier = instrument.priceMultiplier();
            this.local = new TradingDay(instrument.timeZone(), 0);
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
}
