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
 * @param units quantity scale, contract type and multiplier, settlement currency; {@link
 *     Units#plain} for the registry's historical meaning (whole units, spot, settled in {@code
 *     currency})
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
        Fees fees,
        Units units) {

    public Instrument {
        sessions = List.copyOf(sessions);
        if (units.settlementDecimals() > 18 || units.settlementDecimals() < 0) {
            throw new IllegalArgumentException(
                    "settlement decimals out of range: " + units.settlementDecimals());
        }
    }

    /**
     * An instrument with the historical units: whole quantities, spot, settled in {@code currency}.
     */
    public Instrument(
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
        this(
                id,
                symbol,
                venue,
                priceScale,
                tickSize,
                lotSize,
                currency,
                timeZone,
                sessions,
                fees,
                Units.plain(priceScale, currency));
    }

    /** How a contract's value follows its price. */
    public enum ContractType {
        /** The asset itself: value = price × quantity × multiplier, in the quote currency. */
        SPOT,
        /** A future or perpetual settled in the quote currency: value as {@link #SPOT}. */
        LINEAR,
        /**
         * A future settled in the base coin: value = quantity × contract value / price, in the base
         * coin.
         */
        INVERSE
    }

    /**
     * The units of an instrument's quantities and money.
     *
     * @param qtyScale decimals of fixed-point quantities: a quantity {@code long} is qty ×
     *     10^qtyScale (0..18)
     * @param qtyStep smallest quantity increment, fixed-point (&gt; 0)
     * @param multiplier contract multiplier, quote currency per point per contract (1 for spot;
     *     &gt; 0)
     * @param type spot, linear or inverse
     * @param contractValue inverse only: quote currency per contract, fixed-point at the price
     *     scale; 0 otherwise
     * @param settlementCurrency currency fees, cash and PnL are kept in (the quote currency unless
     *     inverse)
     * @param settlementDecimals decimals money is rounded to in the settlement currency (its
     *     smallest unit)
     */
    public record Units(
            int qtyScale,
            long qtyStep,
            long multiplier,
            ContractType type,
            long contractValue,
            String settlementCurrency,
            int settlementDecimals) {

        /**
         * Today's meaning of a registry entry that says nothing about units: whole quantities in
         * steps of 1, spot, settled in the quote currency, money rounded to the cent (to the price
         * unit when the price scale is below 2, as fees always were).
         */
        public static Units plain(int priceScale, String currency) {
            return new Units(0, 1, 1, ContractType.SPOT, 0, currency, Math.min(2, priceScale));
        }
    }

    /** Currency prices are quoted in (the registry's {@code currency}). */
    public String quoteCurrency() {
        return currency;
    }

    /** Currency fees, cash and PnL of this instrument are kept in. */
    public String settlementCurrency() {
        return units.settlementCurrency();
    }

    /**
     * Decimals of the money {@code long}s of this instrument (fees in execution reports, notional
     * and PnL from {@link Money}): the larger of the price scale and the settlement decimals, so
     * that a registry entry without units keeps money at the price scale, as fees always were.
     */
    public int moneyScale() {
        return Math.max(priceScale, units.settlementDecimals());
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
     * Fees as rates in basis points of notional, a minimum commission per order (in settlement
     * currency units, charged over the order's fills; never on a rebate), and an optional sell-side
     * stamp duty in basis points (A-shares) that may change on dates.
     *
     * @param stampDutyBps stamp duty before the first dated change (or always, when there is none)
     * @param stampDutyChanges dated changes, in time order: from each one's start the rate is its
     *     own
     */
    public record Fees(
            double makerBps,
            double takerBps,
            double minCommission,
            double stampDutyBps,
            List<RateChange> stampDutyChanges) {
        public static final Fees NONE = new Fees(0, 0, 0, 0);

        public Fees {
            stampDutyChanges = List.copyOf(stampDutyChanges);
            for (int k = 1; k < stampDutyChanges.size(); k++) {
                if (stampDutyChanges.get(k).fromNs() <= stampDutyChanges.get(k - 1).fromNs()) {
                    throw new IllegalArgumentException(
                            "stamp duty changes out of order: " + stampDutyChanges);
                }
            }
        }

        /** Fees with one stamp duty rate for all dates. */
        public Fees(double makerBps, double takerBps, double minCommission, double stampDutyBps) {
            this(makerBps, takerBps, minCommission, stampDutyBps, List.of());
        }

        /** The stamp duty in force at event time {@code timeNs}; allocation-free. */
        public double stampDutyBps(long timeNs) {
            double bps = stampDutyBps;
            for (int k = 0; k < stampDutyChanges.size(); k++) {
                RateChange c = stampDutyChanges.get(k);
                if (timeNs < c.fromNs()) {
                    break;
                }
                bps = c.bps();
            }
            return bps;
        }
    }

    /**
     * A rate in force from an instant on: the start of a trading date in the instrument's time
     * zone.
     *
     * @param fromNs nanoseconds since the epoch the rate applies from (inclusive)
     * @param bps the rate in basis points
     */
    public record RateChange(long fromNs, double bps) {}

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

    /** 10^qtyScale. */
    public long qtyMultiplier() {
        return Money.pow10(units.qtyScale());
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
