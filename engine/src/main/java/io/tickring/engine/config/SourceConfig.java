package io.tickring.engine.config;

import java.util.Objects;

/**
 * The {@code source} section: which market-data source feeds the ring.
 *
 * @param kind source kind; only {@code sim} for now
 * @param sim settings of the simulator source
 */
public record SourceConfig(String kind, SimSourceConfig sim) {
    public SourceConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sim, "sim");
    }
}
