package io.tickring.engine.config;

import java.util.List;
import java.util.Objects;

/**
 * The {@code source.binance} section: the live Binance WebSocket feed.
 *
 * @param url WebSocket base URL (the streams are added as {@code /ws/<stream>} or {@code
 *     /stream?streams=})
 * @param streams stream names, e.g. {@code btcusdt@depth5@100ms}, {@code btcusdt@trade}
 * @param quantityScale decimal places of quantities in the engine's integer units for every
 *     instrument, or {@link #REGISTRY_QTY_SCALE} (the default) for each instrument's registry
 *     {@code qty_scale}
 * @param depth book depth to emit, 1..10
 * @param staleAfterNs a feed silent this long is reconnected and counted as a gap
 * @param market {@code spot}, {@code usdm}, {@code coinm}, or {@link #REGISTRY} (the default) for
 *     each instrument's market by its registry venue
 * @param restUrl REST base URL of depth snapshots, or empty for the market's own
 * @param snapshotLimit levels a REST depth snapshot asks for ({@code limit})
 */
public record BinanceSourceConfig(
        String url,
        List<String> streams,
        int quantityScale,
        int depth,
        long staleAfterNs,
        String market,
        String restUrl,
        int snapshotLimit) {
    public static final String DEFAULT_URL = "wss://stream.binance.com:9443";

    /** {@code market} and {@code quantity_scale}: taken per instrument from the registry. */
    public static final String REGISTRY = "registry";

    /** {@code quantityScale} meaning each instrument's registry {@code qty_scale}. */
    public static final int REGISTRY_QTY_SCALE = -1;

    /** The accepted values of {@code market}. */
    public static final List<String> MARKETS = List.of(REGISTRY, "spot", "usdm", "coinm");

    /** Binance's default depth-snapshot limit, and the most the futures endpoints accept. */
    public static final int DEFAULT_SNAPSHOT_LIMIT = 1000;

    /** The most levels spot's depth endpoint returns. */
    public static final int MAX_SNAPSHOT_LIMIT = 5000;

    public BinanceSourceConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(market, "market");
        Objects.requireNonNull(restUrl, "restUrl");
        streams = List.copyOf(streams);
    }

    /** Default settings: registry scales and markets, public URLs, no stream. */
    static BinanceSourceConfig defaults() {
        return new BinanceSourceConfig(
                DEFAULT_URL,
                List.of(),
                REGISTRY_QTY_SCALE,
                5,
                10_000_000_000L,
                REGISTRY,
                "",
                DEFAULT_SNAPSHOT_LIMIT);
    }
}
