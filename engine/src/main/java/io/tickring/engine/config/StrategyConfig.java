package io.tickring.engine.config;

import java.util.Objects;

/**
 * The {@code strategy} section: when the strategy turns a model score into an order intent, how big the
 * order is, and when it exits. config/README.md describes each key.
 *
 * @param kind strategy kind; only {@code microprice} for now
 * @param threshold p(up) − p(down) magnitude that triggers an entry, in (0, 1]
 * @param orderQty quantity of a fixed-quantity entry (&gt; 0)
 * @param maxPosition the strategy's own position limit (&gt; 0); risk enforces its own limit separately
 * @param cooldownNs minimum event time between two intents of one instrument, nanoseconds
 * @param minConfidence minimum probability of the entry's direction, in [0, 1]
 * @param sizing {@code fixed-qty}, {@code fixed-notional}, {@code risk-fraction} or {@code kelly}
 * @param notional currency per entry for fixed-notional sizing
 * @param riskFraction fraction of equity lost at the stop, for risk-fraction sizing
 * @param kellyFraction multiplier of the Kelly fraction
 * @param kellyCap largest fraction of equity per entry under Kelly sizing
 * @param capital starting equity for sizing
 * @param takeProfitBps take-profit distance in bps of the entry price; 0 is off
 * @param stopLossBps stop-loss distance in bps; 0 is off
 * @param maxHoldNs longest holding time; 0 is off
 * @param flatBeforeCloseNs flatten this long before a session ends; 0 is off
 * @param sentimentWeight weight of sentiment in the edge
 */
public record StrategyConfig(String kind, double threshold, long orderQty, long maxPosition, long cooldownNs,
        double minConfidence, String sizing, double notional, double riskFraction, double kellyFraction,
        double kellyCap, double capital, double takeProfitBps, double stopLossBps, long maxHoldNs,
        long flatBeforeCloseNs, double sentimentWeight) {
    public StrategyConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sizing, "sizing");
        Durations.requireNonNegative(cooldownNs, "cooldownNs");
        Durations.requireNonNegative(maxHoldNs, "maxHoldNs");
        Durations.requireNonNegative(flatBeforeCloseNs, "flatBeforeCloseNs");
    }

    /** The first release's keys; every newer key at its default. */
    public StrategyConfig(String kind, double threshold, long orderQty, long maxPosition, long cooldownNs) {
        this(kind, threshold, orderQty, maxPosition, cooldownNs, 0, "fixed-qty", 10_000, 0.01, 0.5, 0.1, 1_000_000,
                0, 0, 0, 0, 0);
    }
}
