package io.tickring.engine.config;

import java.util.List;
import java.util.Objects;

/**
 * The {@code source.binance} section: the live Binance WebSocket feed.
 *
 * @param url WebSocket base URL (the streams are added as {@code /ws/<stream>} or {@code
 *     /stream?streams=})
 * @param streams stream names, e.g. {@code btcusdt@depth5@100ms}, {@code btcusdt@trade}
 * @param quantityScale decimal places of quantities in the engine's integer units (5 for BTC in the
 *     shipped registry)
 * @param depth book depth to emit, 1..10
 * @param staleAfterNs a feed silent this long is reconnected and counted as a gap
 */
public record BinanceSourceConfig(
        String url, List<String> streams, int quantityScale, int depth, long staleAfterNs) {
    public static final String DEFAULT_URL = "wss://stream.binance.com:9443";

    public BinanceSourceConfig {
        Objects.requireNonNull(url, "url");
        streams = List.copyOf(streams);
    }
}
