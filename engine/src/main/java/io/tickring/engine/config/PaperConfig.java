package io.tickring.engine.config;

/**
 * The {@code paper} section: the paper gateway's simulated behaviour.
 *
 * @param latencyNs fixed order and cancel latency, nanoseconds (&gt;= 0); the minimum of the
 *     latency model
 * @param jitterNs largest extra latency, drawn uniformly per order and cancel from the run's seed
 *     (&gt;= 0)
 */
public record PaperConfig(long latencyNs, long jitterNs) {
    public PaperConfig {
        Durations.requireNonNegative(latencyNs, "latencyNs");
        Durations.requireNonNegative(jitterNs, "jitterNs");
    }

    /** No jitter. */
    public PaperConfig(long latencyNs) {
        this(latencyNs, 0);
    }
}
