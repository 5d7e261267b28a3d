package io.tickring.engine.stage.risk;

import io.tickring.core.ParameterException;
import io.tickring.core.instrument.TradingDay;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The risk gate's parameters, built like Aeron's {@code Context}: named setters that return the
 * context, getters, and {@link #conclude()}, which checks every value and resolves the trading-day
 * zone. A limit of 0 (0.0) is off, except the first three, which are always on. The defaults are
 * the configuration's defaults ({@code config/README.md}). Once concluded the context is read-only:
 * a setter then throws, so a context shared by a configuration and a running gate cannot change
 * under it. The configuration binder fills it straight from the {@code risk} section; keys in
 * {@link ParameterException}s are the section's keys.
 */
public final class RiskContext {
    /** The configuration section these parameters are read from. */
    static final String SECTION = "risk";

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
    private long maxReceiveAgeNs;
    private boolean clamp = true;
    private List<String> instruments = List.of();
    private String limitCurrency = "";
    private Map<String, Double> currencyRates = Map.of();
    private boolean enforceSessions;
    private String tradingDayZone = "UTC";
    private int tradingDayStartMinute;
    private ZoneId zone;
    private boolean concluded;

    /**
     * The currency the money limits (order and position notional, gross exposure, cash, daily loss,
     * drawdown) are in ({@code limit_currency}). Empty (the default): the limits apply <b>per
     * settlement currency</b>, each currency's instruments against the same figures on their own,
     * and nothing is added across currencies. Set: every instrument's money is converted into it at
     * {@link #currencyRates}, and the limits apply to the converted sums.
     */
    public RiskContext limitCurrency(String v) {
        open().limitCurrency = v;
        return this;
    }

    public String limitCurrency() {
        return limitCurrency;
    }

    /**
     * Units of the limit currency per unit of each other settlement currency ({@code
     * currency_rates}, e.g. {@code {BTC: 60000, CNY: 0.14}}): fixed for the run, so that decisions
     * stay a function of the events. Needs {@link #limitCurrency}.
     */
    public RiskContext currencyRates(Map<String, Double> v) {
        open().currencyRates = Map.copyOf(v);
        return this;
    }

    public Map<String, Double> currencyRates() {
        return currencyRates;
    }

    /** Largest quantity of one order ({@code max_order_qty}, &gt;= 1). */
    public RiskContext maxOrderQty(long v) {
        open().maxOrderQty = v;
        return this;
    }

    public long maxOrderQty() {
        return maxOrderQty;
    }

    /**
     * Largest absolute worst-case position per instrument, in quantity ({@code max_position}, &gt;=
     * 1).
     */
    public RiskContext maxPosition(long v) {
        open().maxPosition = v;
        return this;
    }

    public long maxPosition() {
        return maxPosition;
    }

    /**
     * Accepted orders in any one second of event time, a sliding window ({@code
     * max_orders_per_second}, &gt;= 1); above {@link RiskStage#MAX_RATE} there is no rate limit.
     */
    public RiskContext maxOrdersPerSecond(int v) {
        open().maxOrdersPerSecond = v;
        return this;
    }

    public int maxOrdersPerSecond() {
        return maxOrdersPerSecond;
    }

    /** Accepted orders per trading day ({@code max_orders_per_day}); 0 is off. */
    public RiskContext maxOrdersPerDay(long v) {
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
    public RiskContext cooldownAfterFillNs(long v) {
        open().cooldownAfterFillNs = v;
        return this;
    }

    public long cooldownAfterFillNs() {
        return cooldownAfterFillNs;
    }

    /** Smallest intent confidence of an entry, in [0, 1] ({@code min_confidence}). */
    public RiskContext minConfidence(double v) {
        open().minConfidence = v;
        return this;
    }

    public double minConfidence() {
        return minConfidence;
    }

    /** Largest worst-case position per instrument in currency ({@code max_position_notional}). */
    public RiskContext maxPositionNotional(double v) {
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
    public RiskContext maxGrossExposure(double v) {
        open().maxGrossExposure = v;
        return this;
    }

    public double maxGrossExposure() {
        return maxGrossExposure;
    }

    /** Largest order notional in currency ({@code max_order_notional}). */
    public RiskContext maxOrderNotional(double v) {
        open().maxOrderNotional = v;
        return this;
    }

    public double maxOrderNotional() {
        return maxOrderNotional;
    }

    /**
     * Largest distance of a limit price from mid, in basis points of mid ({@code price_band_bps}).
     */
    public RiskContext priceBandBps(double v) {
        open().priceBandBps = v;
        return this;
    }

    public double priceBandBps() {
        return priceBandBps;
    }

    /**
     * The market-order protection collar, in basis points of the touch ({@code market_collar_bps},
     * &gt; 0, at most 5000): a market order is checked at the worst price it can fill at, the
     * visible book it would walk capped by touch ± this, and goes out as a LIMIT IOC at that price.
     */
    public RiskContext marketCollarBps(double v) {
        open().marketCollarBps = v;
        return this;
    }

    public double marketCollarBps() {
        return marketCollarBps;
    }

    /**
     * The account's cash at the start ({@code initial_cash}); with it on, buys need the cash (buy
     * notional plus open buys' notional within cash).
     */
    public RiskContext initialCash(double v) {
        open().initialCash = v;
        return this;
    }

    public double initialCash() {
        return initialCash;
    }

    /** False: no sell may make the worst-case position negative ({@code allow_short}). */
    public RiskContext allowShort(boolean v) {
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
    public RiskContext tPlusOneVenues(List<String> v) {
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
    public RiskContext dailyLossLimit(double v) {
        open().dailyLossLimit = v;
        return this;
    }

    public double dailyLossLimit() {
        return dailyLossLimit;
    }

    /** Drop from peak equity that trips the loss action ({@code max_drawdown}). */
    public RiskContext maxDrawdown(double v) {
        open().maxDrawdown = v;
        return this;
    }

    public double maxDrawdown() {
        return maxDrawdown;
    }

    /** True: a loss trip halts; false: it moves to REDUCING ({@code on_loss: halt | reduce}). */
    public RiskContext lossHalts(boolean v) {
        open().lossHalts = v;
        return this;
    }

    public boolean lossHalts() {
        return lossHalts;
    }

    /**
     * Largest age of the instrument's book, and largest feed lag, receive − exchange time ({@code
     * max_data_age}).
     */
    public RiskContext maxDataAgeNs(long v) {
        open().maxDataAgeNs = v;
        return this;
    }

    public long maxDataAgeNs() {
        return maxDataAgeNs;
    }

    /** Largest age of the instrument's last model score for an entry ({@code max_score_age}). */
    public RiskContext maxScoreAgeNs(long v) {
        open().maxScoreAgeNs = v;
        return this;
    }

    public long maxScoreAgeNs() {
        return maxScoreAgeNs;
    }

    /**
     * Largest receive age of the data an order is decided on ({@code max_receive_age}, 0 = off):
     * engine time at the decision, the newest event time the gate has seen or the data's receive
     * time if later, minus the data's exchange time ({@code RECEIVE_AGE}).
     */
    public RiskContext maxReceiveAgeNs(long v) {
        open().maxReceiveAgeNs = v;
        return this;
    }

    public long maxReceiveAgeNs() {
        return maxReceiveAgeNs;
    }

    /** True: quantity limits clamp the order to fit; false: they reject it ({@code clamp}). */
    public RiskContext clamp(boolean v) {
        open().clamp = v;
        return this;
    }

    public boolean clamp() {
        return clamp;
    }

    /** Symbols allowed to trade; empty allows every registry instrument ({@code instruments}). */
    public RiskContext instruments(List<String> v) {
        open().instruments = List.copyOf(v);
        return this;
    }

    public List<String> instruments() {
        return instruments;
    }

    /** True: reject outside the instrument's trading sessions ({@code enforce_sessions}). */
    public RiskContext enforceSessions(boolean v) {
        open().enforceSessions = v;
        return this;
    }

    public boolean enforceSessions() {
        return enforceSessions;
    }

    /** Time-zone id of the trading-day boundary, as written ({@code trading_day_zone}). */
    public RiskContext tradingDayZone(String v) {
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
    public RiskContext tradingDayStartMinute(int v) {
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
        return "RiskContext{maxOrderQty="
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
                + ", maxReceiveAgeNs="
                + maxReceiveAgeNs
                + ", clamp="
                + clamp
                + ", instruments="
                + instruments
                + ", limitCurrency="
                + limitCurrency
                + ", currencyRates="
                + new TreeMap<>(currencyRates)
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
    public RiskContext conclude() {
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
        atLeast("max_receive_age", maxReceiveAgeNs, 0);
        if (!currencyRates.isEmpty() && limitCurrency.isEmpty()) {
            throw new ParameterException(
                    SECTION,
                    "currency_rates",
                    "rates need limit_currency: the currency they convert into");
        }
        for (Map.Entry<String, Double> r : currencyRates.entrySet()) {
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
                    SECTION, "trading_day_zone", "unknown time zone \"" + tradingDayZone + "\"");
        }
        concluded = true;
        return this;
    }

    private RiskContext open() {
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
