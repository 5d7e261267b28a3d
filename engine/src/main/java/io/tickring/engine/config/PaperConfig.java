package io.tickring.engine.config;

/**
 * The {@code paper} section: the paper gateway's simulated behaviour.
 *
 * @param latencyNs simulated order-to-acknowledgement latency, nanoseconds (&gt;= 0)
 */
public record PaperConfig(long latencyNs) {
    public PaperConfig {
        Durations.requireNonNegative(latencyNs, "latencyNs");
    }
}
