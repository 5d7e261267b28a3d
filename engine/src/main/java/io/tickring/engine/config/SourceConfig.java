package io.tickring.engine.config;

import java.util.Objects;

/**
 * The {@code source} section: which market-data source feeds the ring.
 *
 * @param kind {@code sim} or {@code binance}
 * @param sim settings of the simulator source
 * @param binance settings of the live Binance feed (used when kind is binance)
 */
public record SourceConfig(String kind, SimSourceConfig sim, BinanceSourceConfig binance) {
    public SourceConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(binance, "binance");
    }

    /** A simulator source with default Binance settings. */
    public SourceConfig(String kind, SimSourceConfig sim) {
        this(kind, sim, BinanceSourceConfig.defaults());
    }
}
