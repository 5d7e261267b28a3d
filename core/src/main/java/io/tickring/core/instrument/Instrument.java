package io.tickring.core.instrument;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;

/**
 * One tradable instrument as the registry (engine, {@code config/instruments.yaml}) defines it.
 * Prices of this instrument are fixed-point {@code long}s: price × 10^{@code priceScale}.
 *
 * @param id engine-wide instrument id carried by every event (&gt; 0)
 * @param symbol venue symbol, unique in the registry
 * @param venue venue name, e.g. {@code NASDAQ}, {@code SSE}, {@code BINANCE}, {@code SIM}
 * @param priceScale number of decimal places of fixed-point prices (0..9)
 * @param tickSize minimum price increment, fixed-point
 * @param lotSize minimum quantity increment
 * @param currency ISO currency of prices and fees
 * @param timeZone time zone of the trading sessions
 * @param sessions trading sessions in local time; empty means 24/7
 * @param fees fee schedule
 */
public record Instrument(
        int id,
        String symbol,
        String venue,
        int priceScale,
        long tickSize,
        long lotSize,
        String currency,
        ZoneId timeZone,
        List<SessionWindow> sessions,
        Fees fees) {

    public Instrument {
        sessions = List.copyOf(sessions);
    }

    /** A trading session in local time, minutes after midnight, end exclusive (1440 = midnight). */
    public record SessionWindow(int startMinute, int endMinute) {
        @Override
        public String toString() {
            return String.format(
                    "%02d:%02d-%02d:%02d",
                    startMinute / 60, startMinute % 60, endMinute / 60, endMinute % 60);
        }
    }

    /**
     * Fees as rates in basis points of notional, a minimum commission per fill (in currency units),
     * and an optional sell-side stamp duty in basis points (A-shares).
     */
    public record Fees(
            double makerBps, double takerBps, double minCommission, double stampDutyBps) {
        public static final Fees NONE = new Fees(0, 0, 0, 0);
    }

    /** 10^priceScale. */
    public long priceMultiplier() {
        long m = 1;
        for (int i = 0; i < priceScale; i++) {
            m *= 10;
        }
        return m;
    }

    /**
     * Converts a decimal price to fixed-point.
     *
     * @throws ArithmeticException if it has more decimals than {@code priceScale} allows
     */
    public long toFixed(BigDecimal price) {
        return price.movePointRight(priceScale).longValueExact();
    }

    /**
     * Fixed-point price as a double in currency units (for features and display, never for
     * matching).
     */
    public double toDouble(long fixedPrice) {
        return fixedPrice / (double) priceMultiplier();
    }

    /** Fixed-point price as a plain decimal string. */
    public String format(long fixedPrice) {
        return BigDecimal.valueOf(fixedPrice, priceScale).toPlainString();
    }

    /** True if {@code sessions} is empty (the instrument trades around the clock). */
    public boolean tradesAroundTheClock() {
        return sessions.isEmpty();
    }
}
