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
import io.tickring.core.instrument.Money;
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
 * Notionals use the order's limit price and, for other instruments, their last mid. A market order
 * is checked at the worst price it can fill at (the visible book it would walk, capped by the
 * protection collar {@code market_collar_bps}), which becomes its limit: the router sends it as a
 * LIMIT IOC at that price ({@code RingEvent.approvedPx}). A loss trip to HALTED or REDUCING sets
 * {@code RingEvent.riskCancelAll}, and the router cancels every open order as on an operator HALT.
 * Staleness of market data is judged against the newest event time the gate has seen, timers
 * included. Orders that reduce a position skip the entry filters (confidence, stale score,
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

    /** Open orders the gate tracks at once; an intent beyond is rejected with OPEN_ORDER_SLOTS. */
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
        private double marketCollarBps = 50;
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
        private String limitCurrency = "";
        private java.util.Map<String, Double> currencyRates = java.util.Map.of();
        private boolean enforceSessions;
        private String tradingDayZone = "UTC";
        private int tradingDayStartMinute;
        private ZoneId zone;
        private boolean concluded;

        /**
         * The currency the money limits (order and position notional, gross exposure, cash, daily
         * loss, drawdown) are in ({@code limit_currency}). Empty (the default): the limits apply
         * <b>per settlement currency</b>, each currency's instruments against the same figures on
         * their own, and nothing is added across currencies. Set: every instrument's money is
         * converted into it at {@link #currencyRates}, and the limits apply to the converted sums.
         */
        public Context limitCurrency(String v) {
            open().limitCurrency = v;
            return this;
        }

        public String limitCurrency() {
            return limitCurrency;
        }

        /**
         * Units of the limit currency per unit of each other settlement currency ({@code
         * currency_rates}, e.g. {@code {BTC: 60000, CNY: 0.14}}): fixed for the run, so that
         * decisions stay a function of the events. Needs {@link #limitCurrency}.
         */
        public Context currencyRates(java.util.Map<String, Double> v) {
            open().currencyRates = java.util.Map.copyOf(v);
            return this;
        }

        public java.util.Map<String, Double> currencyRates() {
            return currencyRates;
        }

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
         * The market-order protection collar, in basis points of the touch ({@code
         * market_collar_bps}, &gt; 0, at most 5000): a market order is checked at the worst price
         * it can fill at, the visible book it would walk capped by touch ± this, and goes out as a
         * LIMIT IOC at that price.
         */
        public Context marketCollarBps(double v) {
            open().marketCollarBps = v;
            return this;
        }

        public double marketCollarBps() {
            return marketCollarBps;
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
                    + ", marketCollarBps="
                    + marketCollarBps
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
                    + ", limitCurrency="
                    + limitCurrency
                    + ", currencyRates="
                    + new java.util.TreeMap<>(currencyRates)
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
            if (!(marketCollarBps > 0 && marketCollarBps <= 5_000)) {
                throw new ParameterException(
                        SECTION,
                        "market_collar_bps",
                        "out of range: " + marketCollarBps + " (expected > 0 and <= 5000)");
            }
            within("initial_cash", initialCash, 0, Double.MAX_VALUE);
            within("daily_loss_limit", dailyLossLimit, 0, Double.MAX_VALUE);
            within("max_drawdown", maxDrawdown, 0, Double.MAX_VALUE);
            atLeast("max_data_age", maxDataAgeNs, 0);
            atLeast("max_score_age", maxScoreAgeNs, 0);
            if (!currencyRates.isEmpty() && limitCurrency.isEmpty()) {
                throw new ParameterException(
                        SECTION,
                        "currency_rates",
                        "rates need limit_currency: the currency they convert into");
            }
            for (java.util.Map.Entry<String, Double> r : currencyRates.entrySet()) {
                if (!(r.getValue() > 0 && r.getValue() < Double.POSITIVE_INFINITY)) {
                    throw new ParameterException(
                            SECTION,
                            "currency_rates",
                            "rate of " + r.getKey() + " must be > 0: " + r.getValue());
                }
            }
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
            ParameterException.atLeast(SECTION, key, v, min);
        }

        private static void within(String key, double v, double min, double max) {
            ParameterException.within(SECTION, key, v, min, max);
        }
    }

    private final Context limits;
    private final Int2IntHashMap index = new Int2IntHashMap(-1);
    private final Book[] books;
    private final TradingDay tradingDay;
    private final OpenOrders open;

    /**
     * One loss guard per limit group: one per settlement currency, or one in all with a limit
     * currency.
     */
    private final LossGuard[] guards;

    private final TradingState trading;
    private final RateWindow rate;
    private final long[] rejects = new long[RiskReason.COUNT];
    private final AtomicLongArray publishedRejects = new AtomicLongArray(RiskReason.COUNT);
    private long nextOrderId = 1;
    private long day = NONE;
    private long newestNs = NONE;

    /**
     * @param context the gate's parameters; concluded here if the caller has not
     * @param instruments every instrument the gate may see
     */
    public RiskStage(Context context, List<Instrument> instruments) {
        this(context, instruments, MAX_OPEN);
    }

    /** A gate with {@code maxOpen} open-order slots (tests run out of them in a few orders). */
    RiskStage(Context context, List<Instrument> instruments, int maxOpen) {
        this.limits = context.conclude();
        books = new Book[instruments.size()];
        List<String> groups = new java.util.ArrayList<>();
        boolean converted = !limits.limitCurrency().isEmpty();
        for (int n = 0; n < instruments.size(); n++) {
            Instrument i = instruments.get(n);
            boolean allowed =
                    limits.instruments().isEmpty() || limits.instruments().contains(i.symbol());
            String ccy = i.settlementCurrency();
            double rate = 1;
            if (converted && !ccy.equals(limits.limitCurrency())) {
                Double r = limits.currencyRates().get(ccy);
                if (r == null) {
                    if (allowed) {
                        throw new ParameterException(
                                SECTION,
                                "currency_rates",
                                "no rate for "
                                        + ccy
                                        + " (instrument "
                                        + i.symbol()
                                        + ") into limit_currency "
                                        + limits.limitCurrency());
                    }
                    r = 0.0; // never traded: the gate rejects it before any limit
                }
                rate = r;
            }
            String group = converted ? limits.limitCurrency() : ccy;
            if (!groups.contains(group)) {
                groups.add(group);
            }
            books[n] =
                    new Book(
                            i,
                            allowed,
                            limits.tPlusOneVenues().contains(i.venue()),
                            rate,
                            groups.indexOf(group));
            index.put(i.id(), n);
        }
        tradingDay = limits.tradingDay();
        open = new OpenOrders(maxOpen, books.length, groups.size());
        guards = new LossGuard[groups.size()];
        for (int g = 0; g < guards.length; g++) {
            List<Position> positions = new java.util.ArrayList<>();
            for (Book b : books) {
                if (b.group == g) {
                    positions.add(b.position);
                }
            }
            guards[g] =
                    new LossGuard(
                            positions.toArray(new Position[0]),
                            limits.initialCash(),
                            limits.dailyLossLimit(),
                            limits.maxDrawdown());
        }
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
        e.approvedPx = 0;
        e.riskCancelAll = false;
        onDay(e.exchangeTimeNs);
        // Staleness is judged against the newest event time of any kind (TIMER included), so a
        // feed that falls silent ages its book while timers and other feeds move time on.
        if (e.exchangeTimeNs > newestNs) {
            newestNs = e.exchangeTimeNs;
        }
        int stateBefore = trading.state();
        int n = index.get(e.instrumentId);
        Book b = n < 0 ? null : books[n];
        switch (e.type) {
            case EventType.CONTROL:
                if (e.controlCode == ControlCode.RESUME) {
                    for (LossGuard g : guards) {
                        g.onResume();
                    }
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
                    b.copyLevels(e);
                    if (e.bookValid) {
                        b.position.mark(b.value(e.mid));
                        trading.onLoss(guards[b.group].revalue());
                    }
                }
                break;
            default:
                break;
        }
        if (b != null && e.scored) {
            b.lastScoreNs = e.exchangeTimeNs;
        }
        // A loss trip that moves the gate to REDUCING or HALTED on this event cancels every open
        // order, as an operator HALT does: a resting entry must not fill after the trip.
        int stateAfter = trading.state();
        if (stateAfter > stateBefore
                && (trading.reason() == RiskReason.DAILY_LOSS
                        || trading.reason() == RiskReason.DRAWDOWN)) {
            e.riskCancelAll = true;
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
        for (LossGuard g : guards) {
            g.onNewDay();
        }
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
            double v = b.value(e.execLastPx);
            double fee = Money.toDouble(b.instrument, e.execFee) * b.rate;
            b.position.fill(signed, v, fee, e.exchangeTimeNs);
            guards[b.group].onFill(signed, v, fee);
            if (e.execSide == Side.BUY) {
                b.boughtToday += e.execLastQty;
            }
            b.lastFillNs = e.exchangeTimeNs;
            if (k != OpenOrders.NONE) {
                open.release(k, Math.min(e.execLastQty, open.leaves(k)));
            }
            trading.onLoss(guards[b.group].revalue());
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
        // The newest time the engine has seen: an intent on an old event is judged at it too.
        long seen = Math.max(now, newestNs);
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
                        || seen - b.lastBookNs > limits.maxDataAgeNs()
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
            // The score's time against the event being decided: an intent whose score came from an
            // older event (the strategy reuses an instrument's last score) is stale past the age.
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
        boolean market = e.intentOrderType == OrderType.MARKET;
        long limitPx = market ? 0 : e.intentPx;
        if (!market && (limitPx <= 0 || limitPx % b.instrument.tickSize() != 0)) {
            reject(e, RiskReason.TICK_SIZE);
            return;
        }
        long touch = side == Side.BUY ? e.bestAskPx : e.bestBidPx;
        // A market order is checked, and sent, at the worst price it can fill at: every limit below
        // then holds for what actually fills, however deep it walks.
        long px = market ? b.worstPrice(side, qty, touch, limits.marketCollarBps()) : limitPx;
        if (px <= 0) {
            reject(e, RiskReason.NO_MARKET);
            return;
        }
        if (limits.priceBandBps() > 0
                && Math.abs(px / b.pxScale - e.mid) * 10_000.0 > limits.priceBandBps() * e.mid) {
            reject(e, RiskReason.PRICE_BAND);
            return;
        }
        if (open.crossesOwn(n, side, limitPx)) {
            reject(e, RiskReason.SELF_CROSS);
            return;
        }
        long lot = b.instrument.lotSize();
        // Odd lots (A-shares): buys go in round lots, but an odd remainder of a long position may
        // only be sold, and whole: a sell that includes the whole odd part of what is not already
        // being sold passes the lot check.
        long unsold = position - open.openSell(n);
        boolean oddRemainderSold =
                side == Side.SELL
                        && unsold > 0
                        && qty <= unsold
                        && Math.floorMod(unsold, lot) == qty % lot;
        if (qty % lot != 0 && !oddRemainderSold) {
            if (!limits.clamp() || qty < lot) {
                reject(e, RiskReason.LOT_SIZE);
                return;
            }
            qty -= qty % lot;
            e.riskReason = RiskReason.LOT_SIZE;
        }
        // Notional of one quantity unit in the limit currency: price × multiplier (spot, linear) or
        // contract value / price (inverse), converted at the rate; the caps below divide by it.
        // Taken at whichever end of the prices the order can fill at on the visible book gives the
        // larger value, so the caps hold for what fills.
        double unitPx = b.unitValue(side, px, touch);
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
                    if (k != n && books[k].group == b.group) {
                        long p = books[k].position.qty();
                        others +=
                                Math.max(
                                                Math.abs(p + open.openBuy(k)),
                                                Math.abs(p - open.openSell(k)))
                                        * Math.abs(books[k].position.mark());
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
            cap =
                    (long)
                            Math.floor(
                                    (guards[b.group].cash() - open.reservedBuyNotional(b.group))
                                            / unitPx);
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
            reject(e, RiskReason.OPEN_ORDER_SLOTS);
            return;
        }
        if (market) {
            // A smaller quantity walks no deeper: its worst price is no worse than the one checked.
            px = b.worstPrice(side, qty, touch, limits.marketCollarBps());
            unitPx = b.unitValue(side, px, touch);
        }
        accept(e, n, side, qty, px, unitPx, b.group);
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

    private void accept(
            RingEvent e, int n, byte side, long qty, long px, double unitNotional, int group) {
        rate.record(e.exchangeTimeNs);
        long orderId = nextOrderId++;
        open.add(orderId, n, side, px, qty, unitNotional, group);
        // The last clamp names the binding limit.
        e.riskVerdict = qty == e.intentQty ? RiskVerdict.ACCEPT : RiskVerdict.CLAMP;
        if (e.riskVerdict == RiskVerdict.ACCEPT) {
            e.riskReason = RiskReason.NONE;
        }
        e.approvedQty = qty;
        e.approvedPx = px;
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
     * Equity as the gate sees it: cash plus positions at their last mid, in the limit currency
     * (gate thread or after the run); per settlement currency, the first group's (see {@link
     * #equity(int)}).
     */
    public double equity() {
        return guards[0].equity();
    }

    /**
     * Equity of the limit group of instrument {@code instrumentId}: its settlement currency, or
     * all.
     */
    public double equity(int instrumentId) {
        int n = index.get(instrumentId);
        return n < 0 ? 0 : guards[books[n].group].equity();
    }

    /** The gate's view of one instrument. */
    private static final class Book {
        final Instrument instrument;
        final boolean allowed;
        final boolean tPlusOne;

        /** 10^priceScale: fixed-point prices to currency units (for the price band). */
        final double pxScale;

        /**
         * Limit currency per unit of the settlement currency (1 per currency, or the configured
         * rate).
         */
        final double rate;

        /** Limit group: the settlement currency's, or the one group of a limit currency. */
        final int group;

        final TradingDay local;
        final Position position = new Position();
        long boughtToday;
        long lastBookNs = NONE;
        long lastScoreNs = NONE;
        long lastFillNs = NONE;

        /** The instrument's last BOOK, for the levels a market order would walk. */
        int levels;

        final long[] askPx = new long[RingEvent.MAX_LEVELS];
        final long[] askQty = new long[RingEvent.MAX_LEVELS];
        final long[] bidPx = new long[RingEvent.MAX_LEVELS];
        final long[] bidQty = new long[RingEvent.MAX_LEVELS];

        Book(Instrument instrument, boolean allowed, boolean tPlusOne, double rate, int group) {
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
         * The larger value of one quantity unit at the two ends of the prices an order at {@code
         * px} can fill at on the visible book: a buy between min(px, touch) and px, a sell between
         * px and max(px, touch). For spot and linear instruments that is the higher price, for
         * inverse ones the lower.
         */
        double unitValue(byte side, long px, long touch) {
            long other =
                    touch <= 0 ? px : side == Side.BUY ? Math.min(px, touch) : Math.max(px, touch);
            return Math.max(Math.abs(value(px)), Math.abs(value(other)));
        }

        void copyLevels(RingEvent e) {
            levels = Math.min(e.levels, RingEvent.MAX_LEVELS);
            System.arraycopy(e.askPx, 0, askPx, 0, RingEvent.MAX_LEVELS);
            System.arraycopy(e.askQty, 0, askQty, 0, RingEvent.MAX_LEVELS);
            System.arraycopy(e.bidPx, 0, bidPx, 0, RingEvent.MAX_LEVELS);
            System.arraycopy(e.bidQty, 0, bidQty, 0, RingEvent.MAX_LEVELS);
        }

        /**
         * The worst price a market order of {@code qty} can fill at: the price of the last visible
         * level it reaches, capped by the collar, touch ± {@code collarBps} rounded to the tick
         * toward the touch; the collar itself when the visible book is too thin. 0 without a touch.
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
}
