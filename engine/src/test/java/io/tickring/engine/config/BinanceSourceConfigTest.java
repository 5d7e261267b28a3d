package io.tickring.engine.config;

import static io.tickring.engine.config.ConfigFixtures.SIMA_INLINE;
import static io.tickring.engine.config.ConfigFixtures.load;
import static io.tickring.engine.config.ConfigFixtures.loadFails;
import static io.tickring.engine.config.ConfigFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code source.binance} keys: market, REST URL, snapshot limit and quantity scale. */
class BinanceSourceConfigTest {
    @TempDir Path dir;

    private Path config(String binance) {
        return write(
                dir,
                "c.yaml",
                "instruments:\n"
                        + SIMA_INLINE
                        + "source:\n  binance:\n    streams: [btcusdt@depth@100ms]\n"
                        + binance);
    }

    @Test
    void shouldTakeMarketAndQuantityScaleFromTheRegistryByDefault() {
        BinanceSourceConfig b = load(config("")).source().binance();

        assertEquals(BinanceSourceConfig.REGISTRY_QTY_SCALE, b.quantityScale());
        assertEquals(BinanceSourceConfig.REGISTRY, b.market());
        assertEquals("", b.restUrl());
        assertEquals(1000, b.snapshotLimit());
        assertEquals(List.of("btcusdt@depth@100ms"), b.streams());
    }

    @Test
    void shouldReadEveryKeyWhenSet() {
        BinanceSourceConfig b =
                load(config(
                                "    market: usdm\n    rest_url: http://127.0.0.1:8080\n"
                                        + "    snapshot_limit: 500\n    quantity_scale: 3\n"))
                        .source()
                        .binance();

        assertEquals(3, b.quantityScale());
        assertEquals("usdm", b.market());
        assertEquals("http://127.0.0.1:8080", b.restUrl());
        assertEquals(500, b.snapshotLimit());
    }

    @Test
    void shouldRoundTripTheEffectiveConfiguration() {
        EngineConfig c =
                load(config("    market: coinm\n    snapshot_limit: 100\n    quantity_scale: 0\n"));
        EngineConfig d = load(config(""));

        assertTrue(
                c.toJson()
                        .contains(
                                "\"quantity_scale\":0,\"depth\":5,\"stale_after\":\"10s\","
                                        + "\"market\":\"coinm\",\"rest_url\":\"\",\"snapshot_limit\":100"),
                c.toJson());
        assertTrue(
                d.toJson().contains("\"quantity_scale\":\"registry\"")
                        && d.toJson().contains("\"market\":\"registry\""),
                d.toJson());
        // The effective configuration is YAML too: read back, it gives the same settings.
        Path again = write(dir, "again.yaml", c.toJson());
        assertEquals(c.source().binance(), load(again).source().binance());
        Path againDefault = write(dir, "again-default.yaml", d.toJson());
        assertEquals(d.source().binance(), load(againDefault).source().binance());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "market: perp|source.binance.market: must be spot, usdm, coinm or registry, got perp",
                "rest_url: wss://x|source.binance.rest_url: not an HTTP URL (http:// or https://): wss://x",
                "snapshot_limit: 0|source.binance.snapshot_limit: out of range: 0 (expected 1..5000)",
                "quantity_scale: 19|source.binance.quantity_scale: out of range: 19 (expected 0..18)",
                "quantity_scale: lots|source.binance.quantity_scale: not an integer: \"lots\"",
            })
    void shouldRejectBadValuesNamingTheKey(String yaml, String expected) {
        ConfigException e = loadFails(config("    " + yaml + "\n"));

        assertTrue(e.getMessage().endsWith(expected), e.getMessage());
    }
}
