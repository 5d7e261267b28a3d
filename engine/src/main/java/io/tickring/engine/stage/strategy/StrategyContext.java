package io.tickring.engine.stage.strategy;

import io.tickring.core.ParameterException;
import io.tickring.engine.stage.strategy.StrategyStage.Sizing;

/**
 * The strategy's parameters, built like Aeron's {@code Context}: named setters that return the
 * context, getters, and {@link #conclude()}, which checks every value and the rules between them
 * (risk-fraction and Kelly sizing need a stop loss; Kelly needs a take profit too). The defaults
 * are the configuration's defaults ({@code config/README.md}). Once concluded the context is
 * read-only. The configuration binder fills it straight from the {@code strategy} section; keys in
 * {@link ParameterException}s are the section's keys.
 */
public final class StrategyContext {
    /** The configuration section these parameters are read from. */
    static final String SECTION = "strategy";

    /** The section of the sentiment keys: they are configured with the overlay that feeds them. */
    static final String OVERLAY = "overlay";

    /** The only strategy kind so far. */
    public static final String MICROPRICE = "microprice";

    private String kind = MICROPRICE;
    private double threshold = 0.3;
    private long orderQty = 100;
    private long maxPosition = 500;
    private long cooldownNs = 250_000_000L;
    private double minConfidence;
    private Sizing sizing = Sizing.FIXED_QTY;
    private double notional = 10_000;
    private double riskFraction = 0.01;
    private double kellyFraction = 0.5;
    private double kellyCap = 0.1;
    private double capital = 1_000_000;
    private double takeProfitBps;
    private double stopLossBps;
    private long maxHoldNs;
    private long inFlightTimeoutNs = 1_000_000_000L;
    private long scoreHoldNs;
    private long flatBeforeCloseNs;
    private double sentimentWeight;
    private long sentimentHalfLifeNs = 600_000_000_000L;
    private long sentimentTtlNs = 1_800_000_000_000L;
    private double sentimentSizeWeight;
    private double sentimentThresholdShift;
    private boolean concluded;

    /** Strategy kind ({@code kind}); only {@code microprice} for now. */
    public StrategyContext kind(String v) {
        open().kind = v;
        return this;
    }

    public String kind() {
        return kind;
    }

    /** Minimum p(up) − p(down) (or its negative) to enter, in (0, 1] ({@code threshold}). */
    public StrategyContext threshold(double v) {
        open().threshold = v;
        return this;
    }

    public double threshold() {
        return threshold;
    }

    /** Quantity of a fixed-quantity entry ({@code order_qty}, &gt;= 1). */
    public StrategyContext orderQty(long v) {
        open().orderQty = v;
        return this;
    }

    public long orderQty() {
        return orderQty;
    }

    /**
     * Largest absolute position the strategy builds ({@code max_position}, &gt;= 1); risk has its
     * own.
     */
    public StrategyContext maxPosition(long v) {
        open().maxPosition = v;
        return this;
    }

    public long maxPosition() {
        return maxPosition;
    }

    /** Least event time between two intents on one instrument ({@code cooldown}). */
    public StrategyContext cooldownNs(long v) {
        open().cooldownNs = v;
        return this;
    }

    public long cooldownNs() {
        return cooldownNs;
    }

    /** Minimum probability of the entry's direction, in [0, 1] ({@code min_confidence}). */
    public StrategyContext minConfidence(double v) {
        open().minConfidence = v;
        return this;
    }

    public double minConfidence() {
        return minConfidence;
    }

    /** How entries are sized ({@code sizing}). */
    public StrategyContext sizing(Sizing v) {
        open().sizing = v;
        return this;
    }

    public Sizing sizing() {
        return sizing;
    }

    /** Currency per entry for fixed-notional sizing ({@code notional}). */
    public StrategyContext notional(double v) {
        open().notional = v;
        return this;
    }

    public double notional() {
        return notional;
    }

    /**
     * Fraction of equity lost if the stop is hit, for risk-fraction sizing ({@code risk_fraction}).
     */
    public StrategyContext riskFraction(double v) {
        open().riskFraction = v;
        return this;
    }

    public double riskFraction() {
        return riskFraction;
    }

    /** Multiplier of the Kelly fraction, e.g. 0.5 for half Kelly ({@code kelly_fraction}). */
    public StrategyContext kellyFraction(double v) {
        open().kellyFraction = v;
        return this;
    }

    public double kellyFraction() {
        return kellyFraction;
    }

    /** Largest fraction of equity one entry may commit under Kelly sizing ({@code kelly_cap}). */
    public StrategyContext kellyCap(double v) {
        open().kellyCap = v;
        return this;
    }

    public double kellyCap() {
        return kellyCap;
    }

    /**
     * Starting equity for sizing ({@code capital}), in each settlement currency: an instrument is
     * sized from the equity of the instruments that settle in its currency, never from a sum across
     * currencies.
     */
    public StrategyContext capital(double v) {
        open().capital = v;
        return this;
    }

    public double capital() {
        return capital;
    }

    /**
     * Take-profit distance from the average entry price in bps; 0 is off ({@code take_profit_bps}).
     */
    public StrategyContext takeProfitBps(double v) {
        open().takeProfitBps = v;
        return this;
    }

    public double takeProfitBps() {
        return takeProfitBps;
    }

    /** Stop-loss distance in bps; 0 is off ({@code stop_loss_bps}). */
    public StrategyContext stopLossBps(double v) {
        open().stopLossBps = v;
        return this;
    }

    public double stopLossBps() {
        return stopLossBps;
    }

    /** Longest holding time of a position; 0 is off ({@code max_hold}). */
    public StrategyContext maxHoldNs(long v) {
        open().maxHoldNs = v;
        return this;
    }

    public long maxHoldNs() {
        return maxHoldNs;
    }

    /**
     * How long an intent counts as in flight toward {@link #maxPosition} when no terminal execution
     * report (FILL, CANCELED, REJECTED) resolves it ({@code in_flight_timeout}, &gt; 0): an intent
     * the risk gate rejects never gets a report.
     */
    public StrategyContext inFlightTimeoutNs(long v) {
        open().inFlightTimeoutNs = v;
        return this;
    }

    public long inFlightTimeoutNs() {
        return inFlightTimeoutNs;
    }

    /**
     * How long an instrument's last model score may stand in for a missing one ({@code score_hold},
     * &gt;= 0): with it on, a valid BOOK the model did not score (its policy skips books) may enter
     * on the last score, and the risk gate's {@code max_score_age} judges that score's age. 0 (the
     * default): entries only on scored books.
     */
    public StrategyContext scoreHoldNs(long v) {
        open().scoreHoldNs = v;
        return this;
    }

    public long scoreHoldNs() {
        return scoreHoldNs;
    }

    /** Flatten this long before the session ends; 0 is off ({@code flat_before_close}). */
    public StrategyContext flatBeforeCloseNs(long v) {
        open().flatBeforeCloseNs = v;
        return this;
    }

    public long flatBeforeCloseNs() {
        return flatBeforeCloseNs;
    }

    /**
     * The former weight of sentiment in the edge ({@code sentiment_weight}): only 0 is accepted,
     * because a weighted term let sentiment alone make an entry. Sentiment now acts through {@link
     * #sentimentThresholdShift} and {@link #sentimentSizeWeight}, within caps. The key stays so
     * that configurations and journals that set it to 0 keep loading with the same digest.
     */
    public StrategyContext sentimentWeight(double v) {
        open().sentimentWeight = v;
        return this;
    }

    public double sentimentWeight() {
        return sentimentWeight;
    }

    /**
     * Half-life of a sentiment score's effect ({@code overlay.half_life}); 0 = no decay before the
     * TTL.
     */
    public StrategyContext sentimentHalfLifeNs(long v) {
        open().sentimentHalfLifeNs = v;
        return this;
    }

    public long sentimentHalfLifeNs() {
        return sentimentHalfLifeNs;
    }

    /**
     * Age past which a sentiment score is stale and counts as neutral ({@code overlay.ttl}, > 0).
     */
    public StrategyContext sentimentTtlNs(long v) {
        open().sentimentTtlNs = v;
        return this;
    }

    public long sentimentTtlNs() {
        return sentimentTtlNs;
    }

    /**
     * How far sentiment against an entry may shrink it ({@code overlay.size_weight}, in [0, 1]):
     * the entry's size is scaled by {@code 1 − weight × max(0, −direction × sentiment)}, which
     * stays in [0, 1]; agreeing sentiment never enlarges it.
     */
    public StrategyContext sentimentSizeWeight(double v) {
        open().sentimentSizeWeight = v;
        return this;
    }

    public double sentimentSizeWeight() {
        return sentimentSizeWeight;
    }

    /**
     * The most sentiment may move the entry threshold ({@code overlay.threshold_shift}, in [0,
     * threshold)): a buy needs edge ≥ threshold − shift × sentiment, a sell −edge ≥ threshold +
     * shift × sentiment. Below the threshold, so the model's own edge must still point the same
     * way: sentiment never makes an entry alone.
     */
    public StrategyContext sentimentThresholdShift(double v) {
        open().sentimentThresholdShift = v;
        return this;
    }

    public double sentimentThresholdShift() {
        return sentimentThresholdShift;
    }

    /** True once {@link #conclude()} has run. */
    public boolean isConcluded() {
        return concluded;
    }

    /** Every parameter by name, for logs and for tests that compare contexts. */
    @Override
    public String toString() {
        return "StrategyContext{kind="
                + kind
                + ", threshold="
                + threshold
                + ", orderQty="
                + orderQty
                + ", maxPosition="
                + maxPosition
                + ", cooldownNs="
                + cooldownNs
                + ", minConfidence="
                + minConfidence
                + ", sizing="
                + sizing
                + ", notional="
                + notional
                + ", riskFraction="
                + riskFraction
                + ", kellyFraction="
                + kellyFraction
                + ", kellyCap="
                + kellyCap
                + ", capital="
                + capital
                + ", takeProfitBps="
                + takeProfitBps
                + ", stopLossBps="
                + stopLossBps
                + ", maxHoldNs="
                + maxHoldNs
                + ", inFlightTimeoutNs="
                + inFlightTimeoutNs
                + ", scoreHoldNs="
                + scoreHoldNs
                + ", flatBeforeCloseNs="
                + flatBeforeCloseNs
                + ", sentimentWeight="
                + sentimentWeight
                + ", sentimentHalfLifeNs="
                + sentimentHalfLifeNs
                + ", sentimentTtlNs="
                + sentimentTtlNs
                + ", sentimentSizeWeight="
                + sentimentSizeWeight
                + ", sentimentThresholdShift="
                + sentimentThresholdShift
                + "}";
    }

    /**
     * Checks every value and the rules between them; the context is read-only afterwards. Calling
     * it again does nothing.
     *
     * @return this context
     * @throws ParameterException naming the first key whose value is wrong
     */
    public StrategyContext conclude() {
        if (concluded) {
            return this;
        }
        if (!MICROPRICE.equals(kind)) {
            throw new ParameterException(
                    SECTION,
                    "kind",
                    "unknown strategy kind \"" + kind + "\" (one of " + MICROPRICE + ")");
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new ParameterException(
                    SECTION,
                    "threshold",
                    "out of range: " + threshold + " (expected 0 < threshold <= 1)");
        }
        atLeast("order_qty", orderQty, 1);
        atLeast("max_position", maxPosition, 1);
        atLeast("cooldown", cooldownNs, 0);
        within("min_confidence", minConfidence, 0, 1);
        if (sizing == null) {
            throw new ParameterException(SECTION, "sizing", "must be set");
        }
        within("notional", notional, 0, Double.MAX_VALUE);
        within("risk_fraction", riskFraction, 0, 1);
        within("kelly_fraction", kellyFraction, 0, 1);
        within("kelly_cap", kellyCap, 0, 1);
        within("capital", capital, 0, Double.MAX_VALUE);
        within("take_profit_bps", takeProfitBps, 0, 1_000_000);
        within("stop_loss_bps", stopLossBps, 0, 1_000_000);
        atLeast("max_hold", maxHoldNs, 0);
        atLeast("in_flight_timeout", inFlightTimeoutNs, 1);
        atLeast("score_hold", scoreHoldNs, 0);
        atLeast("flat_before_close", flatBeforeCloseNs, 0);
        if (sentimentWeight != 0) {
            throw new ParameterException(
                    SECTION,
                    "sentiment_weight",
                    "must be 0: sentiment may no longer make an entry alone; use"
                            + " overlay.threshold_shift and overlay.size_weight");
        }
        ParameterException.atLeast(OVERLAY, "half_life", sentimentHalfLifeNs, 0);
        ParameterException.atLeast(OVERLAY, "ttl", sentimentTtlNs, 1);
        ParameterException.within(OVERLAY, "size_weight", sentimentSizeWeight, 0, 1);
        if (!(sentimentThresholdShift >= 0 && sentimentThresholdShift < threshold)) {
            throw new ParameterException(
                    OVERLAY,
                    "threshold_shift",
                    "out of range: "
                            + sentimentThresholdShift
                            + " (expected 0 <= threshold_shift < strategy.threshold "
                            + threshold
                            + ")");
        }
        if ((sizing == Sizing.RISK_FRACTION || sizing == Sizing.KELLY) && stopLossBps <= 0) {
            throw new ParameterException(
                    SECTION, "stop_loss_bps", "must be > 0 when sizing is " + sizing.configName());
        }
        if (sizing == Sizing.KELLY && takeProfitBps <= 0) {
            throw new ParameterException(
                    SECTION, "take_profit_bps", "must be > 0 when sizing is kelly");
        }
        concluded = true;
        return this;
    }

    private StrategyContext open() {
        if (concluded) {
            throw new IllegalStateException("strategy context already concluded: it is read-only");
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
