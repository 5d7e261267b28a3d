package io.tickring.engine.config;

import java.util.List;
import java.util.Objects;

/**
 * The {@code risk} section: limits the risk gate enforces on every order. A limit of 0 is off, except
 * the first three. config/README.md describes each key.
 *
 * @param maxOrderQty largest quantity of one order (&gt; 0)
 * @param maxPosition largest absolute worst-case position per instrument (&gt; 0)
 * @param maxOrdersPerSecond most accepted orders in any one second of event time (&gt; 0)
 * @param maxOrdersPerDay most accepted orders per trading day
 * @param cooldownAfterFillNs event time after a fill before a new entry in that instrument
 * @param minConfidence smallest confidence of an entry
 * @param maxPositionNotional largest worst-case position per instrument in currency
 * @param maxGrossExposure largest sum of worst-case positions in currency
 * @param maxOrderNotional largest order notional in currency
 * @param priceBandBps largest distance of a limit price from mid in bps
 * @param initialCash cash at the start; 0 turns the cash check off
 * @param allowShort whether a sell may open or grow a short position
 * @param tPlusOneVenues venues under the T+1 rule
 * @param dailyLossLimit loss since the start of the trading day that trips {@code onLoss}
 * @param maxDrawdown drop from peak equity that trips {@code onLoss}
 * @param onLoss {@code reduce} or {@code halt}
 * @param maxDataAgeNs largest book age and feed lag
 * @param maxScoreAgeNs largest model-score age for an entry
 * @param clamp clamp quantities to fit (true) or reject (false)
 * @param instruments symbols allowed to trade; empty allows all
 * @param enforceSessions reject orders outside an instrument's sessions
 * @param tradingDayZone time zone of the trading-day boundary
 * @param tradingDayStartMinute minutes after local midnight at which a trading day starts
 */
public record RiskConfig(long maxOrderQty, long maxPosition, int maxOrdersPerSecond, long maxOrdersPerDay,
        long cooldownAfterFillNs, double minConfidence, double maxPositionNotional, double maxGrossExposure,
        double maxOrderNotional, double priceBandBps, double initialCash, boolean allowShort,
        List<String> tPlusOneVenues, double dailyLossLimit, double maxDrawdown, String onLoss, long maxDataAgeNs,
        long maxScoreAgeNs, boolean clamp, List<String> instruments, boolean enforceSessions, String tradingDayZone,
        int tradingDayStartMinute) {
    public RiskConfig {
        tPlusOneVenues = List.copyOf(tPlusOneVenues);
        instruments = List.copyOf(instruments);
        Objects.requireNonNull(onLoss, "onLoss");
        Objects.requireNonNull(tradingDayZone, "tradingDayZone");
    }

    /** The first release's keys; every newer check off. */
    public RiskConfig(long maxOrderQty, long maxPosition, int maxOrdersPerSecond) {
        this(maxOrderQty, maxPosition, maxOrdersPerSecond, 0, 0, 0, 0, 0, 0, 0, 0, true, List.of(), 0, 0, "halt", 0,
                0, true, List.of(), false, "UTC", 0);
    }
}
