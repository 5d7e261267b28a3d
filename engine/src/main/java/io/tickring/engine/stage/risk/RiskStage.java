package io.tickring.engine.stage.risk;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskReason;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.TradingDay;
import io.tickring.engine.ring.Stage;
import io.tickring.engine.stage.ParameterException;
import io.tickring.engine.stage.Position;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.agrona.collections.Int2IntHashMap;

/**
 * The risk gate: every intent gets a verdict (ACCEPT, CLAMP with a smaller quantity, or REJECT with
 * a reason from {@link RiskReason}) and accepted intents get an order id.
 *
 * <p>This class is the ordered list of checks; the state they read has its own classes: {@link
 * TradingState} (ACTIVE, REDUCING, HALTED: operator commands and loss trips), {@link LossGuard}
 * (cash, equity, daily loss and drawdown), {@link OpenOrders} (accepted orders and what they
 * reserve) and {@link RateWindow} (orders per second and per day). In REDUCING only orders that
 * move a position toward zero, never past it, even if every open order fills, pass; in HALTED none
 * do (the router still sends cancels).
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
    public static final int ACTIVE = TradingState.ACTIVE;
    public static final int REDUCING = TradingState.REDUCING;
    public static final int HALTED = TradingState.HALTED;

    /** Open orders the gate tracks at once; an intent beyond is rejected with ORDER_RATE. */
    static final int MAX_OPEN = 4096;

    /** Largest enforced {@code maxOrdersPerSecond}; a larger value means no rate limit. */
    public static final int MAX_RATE = RateWindow.MAX_RATE;

    private static final String SECTION = "risk";
    private static final long NONE = Long.MIN_VALUE;

    /**
     * The risk gate's parameters, built like Aeron's {@code Context}: named setters that return the
     * context, getters, and {@link #conclude()}, which checks every value and resolves the
     * trading-day zone. A limit of 0 (0.0) is off, except the first three, which are always on. The
     * defaults are the configuration's defaults ({@code config/README.md}). Once concluded the
     * context is read-only: a setter then throws, so a context shared by a configuration and a
     * running gate cannot change under it. The configuration binder fills it straight from the
     * {@code risk} section; keys in {@link ParameterException}s are the section's keys.
     */
    public static final class Context {
        private long maxOrderQty = 1000;
        private long maxPosition = 1000;
        private int maxOrdersPerSecond = 20;
        private long maxOrdersPerDay;
        private long cooldownAfterFillNs;
        private double minConfidence;
        private double maxPositionNotional;
        private double maxGrossExposure;
        private double maxOrderNotional;
        private double priceBandBps;
        private double initialCash;
        private boolean allowShort = true;
        private List<String> tPlusOneVenues = List.of();
        private double dailyLossLimit;
        private double maxDrawdown;
        private boolean lossHalts = true;
        private long maxDataAgeNs;
        private long maxScoreAgeNs;
        private boolean clamp = true;
        private List<String> instruments = List.of();
        private boolean enforceSessions;
        private String tradingDayZone = "UTC";
        private int tradingDayStartMinute;
        private ZoneId zone;
        private boolean concluded;

        /** Largest quantity of one order ({@code max_order_qty}, &gt;= 1). */
        public Context maxOrderQty(long v) {
            open().maxOrderQty = v;
            return this;
        }

        public long maxOrderQty() {
            return maxOrderQty;
        }

        /**
         * Largest absolute worst-case position per instrument, in quantity ({@code max_position},
         * &gt;= 1).
         */
        public Context maxPosition(long v) {
            open().maxPosition = v;
            return this;
        }

        public long maxPosition() {
            return maxPosition;
        }

        /**
         * Accepted orders in any one second of event time, a sliding window ({@code
         * max_orders_per_second}, &gt;= 1); above {@link RiskStage#MAX_RATE} there is no rate
         * limit.
         */
        public Context maxOrdersPerSecond(int v) {
            open().maxOrdersPerSecond = v;
            return this;
        }

        public int maxOrdersPerSecond() {
            return maxOrdersPerSecond;
        }

        /** Accepted orders per trading day ({@code max_orders_per_day}); 0 is off. */
        public Context maxOrdersPerDay(long v) {
            open().maxOrdersPerDay = v;
            return this;
        }

        public long maxOrdersPerDay() {
            return maxOrdersPerDay;
        }

        /**
         * Event time after a fill of an instrument before a new entry in it ({@code
         * cooldown_after_fill}).
         */
        public Context cooldownAfterFillNs(long v) {
            open().cooldownAfterFillNs = v;
            return this;
        }

        public long cooldownAfterFillNs() {
            return cooldownAfterFillNs;
        }

        /** Smallest intent confidence of an entry, in [0, 1] ({@code min_confidence}). */
        public Context minConfidence(double v) {
            open().minConfidence = v;
            return this;
        }

        public double minConfidence() {
            return minConfidence;
        }

        /**
         * Largest worst-case position per instrument in currency ({@code max_position_notional}).
         */
        public Context maxPositionNotional(double v) {
            open().maxPositionNotional = v;
            return this;
        }

        public double maxPositionNotional() {
            return maxPositionNotional;
        }

        /**
         * Largest sum over instruments of worst-case positions in currency ({@code
         * max_gross_exposure}).
         */
        public Context maxGrossExposure(double v) {
            open().maxGrossExposure = v;
            return this;
        }

        public double maxGrossExposure() {
            return maxGrossExposure;
        }

        /** Largest order notional in currency ({@code max_order_notional}). */
        public Context maxOrderNotional(double v) {
            open().maxOrderNotional = v;
            return this;
        }

        public double maxOrderNotional() {
            return maxOrderNotional;
        }

        /**
         * Largest distance of a limit price from mid, in basis points of mid ({@code
         * price_band_bps}).
         */
        public Context priceBandBps(double v) {
            open().priceBandBps = v;
            return this;
        }

        public double priceBandBps() {
            return priceBandBps;
        }

        /**
         * The account's cash at the start ({@code initial_cash}); with it on, buys need the cash
         * (buy notional plus open buys' notional within cash).
         */
        public Context initialCash(double v) {
            open().initialCash = v;
            return this;
        }

        public double initialCash() {
            return initialCash;
        }

        /** False: no sell may make the worst-case position negative ({@code allow_short}). */
        public Context allowShort(boolean v) {
            open().allowShort = v;
            return this;
        }

        public boolean allowShort() {
            return allowShort;
        }

        /**
         * Venues whose instruments can only sell what was bought before today ({@code
         * t_plus_one_venues}).
         */
        public Context tPlusOneVenues(List<String> v) {
            open().tPlusOneVenues = List.copyOf(v);
            return this;
        }

        public List<String> tPlusOneVenues() {
            return tPlusOneVenues;
        }

        /**
         * Loss since the trading day's start equity that trips the loss action ({@code
         * daily_loss_limit}).
         */
        public Context dailyLossLimit(double v) {
            open().dailyLossLimit = v;
            return this;
        }

        public double dailyLossLimit() {
            return dailyLossLimit;
        }

        /** Drop from peak equity that trips the loss action ({@code max_drawdown}). */
        public Context maxDrawdown(double v) {
            open().maxDrawdown = v;
            return this;
        }

        public double maxDrawdown() {
            return maxDrawdown;
        }

        /**
         * True: a loss trip halts; false: it moves to REDUCING ({@code on_loss: halt | reduce}).
         */
        public Context lossHalts(boolean v) {
            open().lossHalts = v;
            return this;
        }

        public boolean lossHalts() {
            return lossHalts;
        }

        /**
         * Largest age of the instrument's book, and largest feed lag, receive − exchange time
         * ({@code max_data_age}).
         */
        public Context maxDataAgeNs(long v) {
            open().maxDataAgeNs = v;
            return this;
        }

        public long maxDataAgeNs() {
            return maxDataAgeNs;
        }

        /**
         * Largest age of the instrument's last model score for an entry ({@code max_score_age}).
         */
        public Context maxScoreAgeNs(long v) {
            open().maxScoreAgeNs = v;
            return this;
        }

        public long maxScoreAgeNs() {
            return maxScoreAgeNs;
        }

        /** True: quantity limits clamp the order to fit; false: they reject it ({@code clamp}). */
        public Context clamp(boolean v) {
            open().clamp = v;
            return this;
        }

        public boolean clamp() {
            return clamp;
        }

        /**
         * Symbols allowed to trade; empty allows every registry instrument ({@code instruments}).
         */
        public Context instruments(List<String> v) {
            open().instruments = List.copyOf(v);
            return this;
        }

        public List<String> instruments() {
            return instruments;
        }

        /** True: reject outside the instrument's trading sessions ({@code enforce_sessions}). */
        public Context enforceSessions(boolean v) {
            open().enforceSessions = v;
            return this;
        }

        public boolean enforceSessions() {
            return enforceSessions;
        }

        /** Time-zone id of the trading-day boundary, as written ({@code trading_day_zone}). */
        public Context tradingDayZone(String v) {
            open().tradingDayZone = v;
            return this;
        }

        public String tradingDayZone() {
            return tradingDayZone;
        }

        /**
         * Minutes after local midnight at which a trading day starts ({@code trading_day_start},
         * 0..1439).
         */
        public Context tradingDayStartMinute(int v) {
            open().tradingDayStartMinute = v;
            return this;
        }

        public int tradingDayStartMinute() {
            return tradingDayStartMinute;
        }

        /** The trading-day boundary: zone and start minute (after {@link #conclude()}). */
        public TradingDay tradingDay() {
            return new TradingDay(zone(), tradingDayStartMinute);
        }

        /** The resolved {@link #tradingDayZone()}. */
        public ZoneId zone() {
            if (zone == null) {
                throw new IllegalStateException("risk context not concluded");
            }
            return zone;
        }

        /** True once {@link #conclude()} has run. */
        public boolean isConcluded() {
            return concluded;
        }

        /** Every parameter by name, for logs and for tests that compare contexts. */
        @Override
        public String toString() {
            return "RiskStage.Context{maxOrderQty="
                    + maxOrderQty
                    + ", maxPosition="
                    + maxPosition
                    + ", maxOrdersPerSecond="
                    + maxOrdersPerSecond
                    + ", maxOrdersPerDay="
                    + maxOrdersPerDay
                    + ", cooldownAfterFillNs="
                    + cooldownAfterFillNs
                    + ", minConfidence="
                    + minConfidence
                    + ", maxPositionNotional="
                    + maxPositionNotional
                    + ", maxGrossExposure="
                    + maxGrossExposure
                    + ", maxOrderNotional="
                    + maxOrderNotional
                    + ", priceBandBps="
                    + priceBandBps
                    + ", initialCash="
                    + initialCash
                    + ", allowShort="
                    + allowShort
                    + ", tPlusOneVenues="
                    + tPlusOneVenues
                    + ", dailyLossLimit="
                    + dailyLossLimit
                    + ", maxDrawdown="
                    + maxDrawdown
                    + ", lossHalts="
                    + lossHalts
                    + ", maxDataAgeNs="
                    + maxDataAgeNs
                    + ", maxScoreAgeNs="
                    + maxScoreAgeNs
                    + ", clamp="
                    + clamp
                    + ", instruments="
                    + instruments
                    + ", enforceSessions="
                    + enforceSessions
                    + ", tradingDayZone="
                    + tradingDayZone
                    + ", tradingDayStartMinute="
                    + tradingDayStartMinute
                    + "}";
        }

        /**
         * Checks every value and resolves the zone; the context is read-only afterwards. Calling it
         * again does nothing.
         *
         * @return this context
         * @throws ParameterException naming the first key whose value is out of range
         */
        public Context conclude() {
            if (concluded) {
                return this;
            }
            atLeast("max_order_qty", maxOrderQty, 1);
            atLeast("max_position", maxPosition, 1);
            atLeast("max_orders_per_second", maxOrdersPerSecond, 1);
            atLeast("max_orders_per_day", maxOrdersPerDay, 0);
            atLeast("cooldown_after_fill", cooldownAfterFillNs, 0);
            within("min_confidence", minConfidence, 0, 1);
            within("max_position_notional", maxPositionNotional, 0, Double.MAX_VALUE);
            within("max_gross_exposure", maxGrossExposure, 0, Double.MAX_VALUE);
            within("max_order_notional", maxOrderNotional, 0, Double.MAX_VALUE);
            within("price_band_bps", priceBandBps, 0, 1_000_000);
            within("initial_cash", initialCash, 0, Double.MAX_VALUE);
            within("daily_loss_limit", dailyLossLimit, 0, Double.MAX_VALUE);
            within("max_drawdown", maxDrawdown, 0, Double.MAX_VALUE);
            atLeast("max_data_age", maxDataAgeNs, 0);
            atLeast("max_score_age", maxScoreAgeNs, 0);
            if (tradingDayStartMinute < 0 || tradingDayStartMinute >= 24 * 60) {
                throw new ParameterException(
                        SECTION,
                        "trading_day_start",
                        "expected a minute of the day in 0..1439, got " + tradingDayStartMinute);
            }
            try {
                zone = ZoneId.of(tradingDayZone);
            } catch (DateTimeException e) {
                throw new ParameterException(
                        SECTION,
                        "trading_day_zone",
                        "unknown time zone \"" + tradingDayZone + "\"");
            }
            concluded = true;
            return this;
        }

        private Context open() {
            if (concluded) {
                throw new IllegalStateException("risk context already concluded: it is read-only");
            }
            return this;
        }

        private static void atLeast(String key, long v, long min) {
            if (v < min) {
                throw new ParameterException(
                        SECTION, key, "out of range: " + v + " (expected >= " + min + ")");
            }
        }

        private static void within(String key, double v, double min, double max) {
            if (!(v >= min && v <= max)) {
                throw new ParameterException(
                        SECTION,
                        key,
                        "out of range: "
                                + v
                                + " (expected "
                                + min
                                + ".."
                                + (max == Double.MAX_VALUE ? "" : String.valueOf(max))
                                + ")");
            }
        }
    }

    private final Context limits;
    private final Int2IntHashMap index = new Int2IntHashMap(-1);
    private final Book[] books;
    private final TradingDay tradingDay;
    private final OpenOrders open;
    private final LossGuard loss;
    private final TradingState trading;
    private final RateWindow rate;
    private final long[] rejects = new long[RiskReason.COUNT];
    private final AtomicLongArray publishedRejects = new AtomicLongArray(RiskReason.COUNT);
    private long nextOrderId = 1;
    private long day = NONE;

    /**
     * @param context the gate's parameters; concluded here if the caller has not
     * @param instruments every instrument the gate may see
     */
    public RiskStage(Context context, List<Instrument> instruments) {
        this.limits = context.conclude();
        books = new Book[instruments.size()];
        Position[] positions = new Position[books.length];
        double[] multipliers = new double[books.length];
        for (int n = 0; n < instruments.size(); n++) {
            Instrument i = instruments.get(n);
            boolean allowed =
                    limits.instruments().isEmpty() || limits.instruments().contains(i.symbol());
            books[n] = new Book(i, allowed, limits.tPlusOneVenues().contains(i.venue()));
            positions[n] = books[n].position;
            multipliers[n] = books[n].multiplier;
            index.put(i.id(), n);
        }
        tradingDay = limits.tradingDay();
        open = new OpenOrders(MAX_OPEN, multipliers);
        loss =
                new LossGuard(
                        positions,
                        limits.initialCash(),
                        limits.dailyLossLimit(),
                        limits.maxDrawdown());
        trading = new TradingState(limits.lossHalts());
        rate = new RateWindow(limits.maxOrdersPerSecond(), limits.maxOrdersPerDay());
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
                if (e.controlCode == ControlCode.RESUME) {
                    loss.onResume();
                }
                trading.onControl(e.controlCode);
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
                        b.position.mark(e.mid);
                        trading.onLoss(loss.revalue());
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
        rate.onNewDay();
        loss.onNewDay();
        for (Book b : books) {
            b.boughtToday = 0;
        }
        trading.onNewDay();
    }

    private void onExecution(RingEvent e, Book b) {
        int k = open.slotOf(e.execOrderId);
        if ((e.execType == ExecType.FILL || e.execType == ExecType.PARTIAL_FILL)
                && e.execLastQty > 0) {
            long signed = e.execSide * e.execLastQty;
            double m = b.multiplier;
            b.position.fill(signed, e.execLastPx / m, e.execFee / m, e.exchangeTimeNs);
            loss.onFill(signed, e.execLastPx, e.execFee, m);
            if (e.execSide == Side.BUY) {
                b.boughtToday += e.execLastQty;
            }
            b.lastFillNs = e.exchangeTimeNs;
            if (k != OpenOrders.NONE) {
                open.release(k, Math.min(e.execLastQty, open.leaves(k)));
            }
            trading.onLoss(loss.revalue());
        }
        if (k != OpenOrders.NONE
                && (e.execType == ExecType.FILL
                        || e.execType == ExecType.CANCELED
                        || e.execType == ExecType.REJECTED)) {
            open.release(k, open.leaves(k));
            open.remove(k);
        }
    }

    private void check(RingEvent e, Book b, int n) {
        if (b == null) {
            reject(e, RiskReason.UNKNOWN_INSTRUMENT);
            return;
        }
        int state = trading.state();
        int stateReason = trading.reason();
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
        if (limits.maxDataAgeNs() > 0
                && (b.lastBookNs == NONE
                        || now - b.lastBookNs > limits.maxDataAgeNs()
                        || e.receiveTimeNs - e.exchangeTimeNs > limits.maxDataAgeNs())) {
            reject(e, RiskReason.STALE_MARKET_DATA);
            return;
        }
        // Worst cases: every open order on the order's side fills.
        long position = b.position.qty();
        long worstLong = position + open.openBuy(n);
        long worstShort = position - open.openSell(n);
        long reducible =
                side == Side.BUY ? -worstLong : worstShort; // > 0: room to reduce toward zero
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
            if (limits.maxScoreAgeNs() > 0
                    && (b.lastScoreNs == NONE || now - b.lastScoreNs > limits.maxScoreAgeNs())) {
                reject(e, RiskReason.STALE_SCORE);
                return;
            }
            if (e.intentConfidence < limits.minConfidence()) {
                reject(e, RiskReason.MIN_CONFIDENCE);
                return;
            }
            if (limits.cooldownAfterFillNs() > 0
                    && b.lastFillNs != NONE
                    && now - b.lastFillNs < limits.cooldownAfterFillNs()) {
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
        if (limits.priceBandBps() > 0
                && limitPx != 0
                && Math.abs(limitPx / b.multiplier - e.mid) * 10_000.0
                        > limits.priceBandBps() * e.mid) {
            reject(e, RiskReason.PRICE_BAND);
            return;
        }
        if (open.crossesOwn(n, side, limitPx)) {
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
        long worstAbs =
                side == Side.BUY ? worstLong : -worstShort; // worst position on the order's side
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
                        long p = books[k].position.qty();
                        others +=
                                Math.max(
                                                Math.abs(p + open.openBuy(k)),
                                                Math.abs(p - open.openSell(k)))
                                        * books[k].position.mark();
                    }
                }
                // This instrument's worst case on the order's side after the order, at the order's
                // price.
                cap = (long) Math.floor((limits.maxGrossExposure() - others) / unitPx) - worstAbs;
                if (qty > cap && (qty = fit(e, cap, lot, RiskReason.GROSS_EXPOSURE)) <= 0) {
                    return;
                }
            }
        }
        if (side == Side.SELL) {
            if (b.tPlusOne) {
                cap = position - b.boughtToday - open.openSell(n);
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
            cap = (long) Math.floor((loss.cash() - open.reservedBuyNotional()) / unitPx);
            if (qty > cap && (qty = fit(e, cap, lot, RiskReason.CASH)) <= 0) {
                return;
            }
        }
        int rated = rate.check(now);
        if (rated != RiskReason.NONE) {
            reject(e, rated);
            return;
        }
        if (open.isFull()) {
            reject(e, RiskReason.ORDER_RATE);
            return;
        }
        accept(e, n, side, qty, px);
    }

    /**
     * Clamps to {@code cap} rounded down to the lot, or rejects; returns the new quantity or 0
     * after a reject.
     */
    private long fit(RingEvent e, long cap, long lot, int reason) {
        long q = cap - Math.floorMod(cap, lot);
        if (!limits.clamp() || q <= 0) {
            reject(e, reason);
            return 0;
        }
        e.riskReason = reason;
        return q;
    }

    private void accept(RingEvent e, int n, byte side, long qty, long px) {
        rate.record(e.exchangeTimeNs);
        long orderId = nextOrderId++;
        open.add(orderId, n, side, px, qty);
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
        return trading.published();
    }

    /** Rejects so far by reason; safe from any thread. */
    public long rejects(int reason) {
        return publishedRejects.get(reason);
    }

    /** The gate's position in one instrument, from fills (gate thread or after the run). */
    public long position(int instrumentId) {
        int n = index.get(instrumentId);
        return n < 0 ? 0 : books[n].position.qty();
    }

    /**
     * Equity as the gate sees it: cash plus positions at their last mid (gate thread or after the
     * run).
     */
    public double equity() {
        return loss.equity();
    }

    /** The gate's view of one instrument. */
    private static final class Book {
        final Instrument instrument;
        final boolean allowed;
        final boolean tPlusOne;
        final double multiplier;
        final TradingDay local;
        final Position position = new Position();
        long boughtToday;
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
