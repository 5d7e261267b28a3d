package io.tickring.engine.config;

import java.util.Objects;

/**
 * The {@code strategy} section: when the strategy turns a model score into an order intent.
 *
 * @param kind strategy kind; only {@code microprice} for now
 * @param threshold score magnitude that triggers an order, in (0, 1]
 * @param orderQty quantity of each order (&gt; 0)
 * @param maxPosition the strategy's own position limit (&gt; 0); risk enforces its own limit separately
 * @param cooldownNs minimum event time between two orders of one instrument, nanoseconds
 */
public record StrategyConfig(String kind, double threshold, long orderQty, long maxPosition, long cooldownNs) {
    public StrategyConfig {
        Objects.requireNonNull(kind, "kind");
        Durations.requireNonNegative(cooldownNs, "cooldownNs");
    }
}
