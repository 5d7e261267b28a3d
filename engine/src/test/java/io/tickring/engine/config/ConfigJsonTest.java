package io.tickring.engine.config;

import static io.tickring.engine.config.ConfigFixtures.assertMessage;
import static io.tickring.engine.config.ConfigFixtures.load;
import static io.tickring.engine.config.ConfigFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.config.Node.Entry;
import io.tickring.engine.config.Node.ListNode;
import io.tickring.engine.config.Node.MapNode;
import io.tickring.journal.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigJsonTest {
    /** A configuration with every value away from its default and awkward for a round trip. */
    private static final String ODD =
            """
            run: {mode: sim, seed: -9223372036854775808, duration: 1500ns, status_interval: 0}
            instruments:
              - {id: 9, symbol: "000001", venue: SZSE, price_scale: 9, tick_size: 0.000000001, lot_size: 100,
                 currency: CNY, timezone: Asia/Shanghai, sessions: ["09:30-11:30", "13:00-24:00"],
                 fees: {maker_bps: -0.15, taker_bps: 0.1, min_commission: 5, stamp_duty_bps: 0.5}}
              - {id: 2, symbol: "tab\\tand \\"quote\\" é", venue: SIM, price_scale: 0, tick_size: 5, lot_size: 1, currency: USD}
            ring: {size: 16777216}
            threads: [{name: "only one", stages: [journal, features, model, strategy, risk, router], idle: busy-spin, cpu: 3}]
            timer: {period: 90s}
            source: {kind: sim, sim: {instruments: ["tab\\tand \\"quote\\" é", "000001"], events_per_second: 10000000,
                     levels: 10, start_time: "1999-12-31T23:59:59.123456789+08:00"}}
            model: {kind: onnx, path: "models/deep lob.onnx", levels: 1, window: 7, normalisation: zscore,
                    norm_mean: [0.1, -2, 1e3, 0], norm_std: [1, 0.5, 3.25, 1e-9], class_order: [down, flat, up],
                    intra_op_threads: 2, optimization: basic, score_every: 3, min_interval: 50ms}
            strategy: {kind: microprice, threshold: 0.1, order_qty: 1, max_position: 9223372036854775807, cooldown: 0}
            risk: {max_order_qty: 1, max_position: 1, max_orders_per_second: 2147483647}
            paper: {latency: 1000001ns}
            journal: {block_size_mb: 1024}
            """;

    @TempDir Path dir;

    @Test
    void shouldRoundTripTheDemoExactly() {
        EngineConfig c = load(ConfigFixtures.shippedDemo());

        EngineConfig back = ConfigLoader.fromJson(c.toJson(), "session");

        assertEquals(c.toJson(), back.toJson());
        assertEquals(c.digest(), back.digest());
        assertEquals(c, back);
        assertEquals("session", back.sourceName());
        assertTrue(back.secrets().apiKey().isEmpty());
    }

    @Test
    void shouldRoundTripAwkwardValuesExactly() {
        EngineConfig c = load(write(dir, "odd.yaml", ODD));

        EngineConfig back = ConfigLoader.fromJson(c.toJson(), "session");

        assertEquals(c.toJson(), back.toJson());
        assertEquals(c.digest(), back.digest());
        assertEquals(c.instruments(), back.instruments());
        assertEquals(c.source(), back.source());
        assertEquals(c.run(), back.run());
        assertEquals(c.strategy().toString(), back.strategy().toString());
        assertEquals(c.model().toString(), back.model().toString());
        assertEquals(c.paper().toString(), back.paper().toString());
        assertEquals(c.risk().toString(), back.risk().toString());
        assertEquals(List.of(0.1, -2.0, 1000.0, 0.0), back.model().normMean());
        assertEquals(50_000_000L, back.model().minIntervalNs());
        assertEquals(0.1, back.strategy().threshold());
        assertEquals(
                ConfigBinder.epochNanos(Instant.parse("1999-12-31T15:59:59.123456789Z")),
                back.source().sim().startTimeNs());
    }

    @Test
    void shouldWriteTheCanonicalForm() {
        EngineConfig c =
                load(
                        write(
                                dir,
                                "c.yaml",
                                ConfigFixtures.SIMA_INLINE.replace("  - ", "instruments:\n  - ")));

        // Golden: the digest of this JSON is journaled in SESSION records, so a change here is a
        // format change.
        assertEquals(
                "{\"run\":{\"mode\":\"live\",\"seed\":42,\"duration\":\"0s\",\"status_interval\":\"1s\",\"drive\":\"auto\"},"
                        + "\"instruments\":[{\"id\":1,\"symbol\":\"SIMA\",\"venue\":\"SIM\",\"price_scale\":4,\"tick_size\":0.0100,"
                        + "\"lot_size\":1,\"currency\":\"USD\",\"qty_scale\":0,\"qty_step\":1,\"contract\":\"spot\",\"multiplier\":1,"
                        + "\"settlement_currency\":\"USD\",\"settlement_decimals\":2,\"timezone\":\"UTC\",\"sessions\":[],"
                        + "\"fees\":{\"maker_bps\":0.0,\"taker_bps\":0.0,\"min_commission\":0.0,\"stamp_duty_bps\":0.0,"
                        + "\"stamp_duty_from\":{}}}],"
                        + "\"ring\":{\"size\":65536},"
                        + "\"threads\":[{\"name\":\"journal\",\"stages\":[\"journal\"],\"idle\":\"backoff\",\"cpu\":-1},"
                        + "{\"name\":\"decision\",\"stages\":[\"features\",\"model\",\"strategy\",\"risk\",\"router\"],\"idle\":\"backoff\",\"cpu\":-1}],"
                        + "\"timer\":{\"period\":\"1s\"},"
                        + "\"source\":{\"kind\":\"sim\",\"sim\":{\"instruments\":[\"SIMA\"],\"events_per_second\":2000,\"levels\":5,"
                        + "\"start_time\":\"2026-01-05T14:30:00Z\"},\"binance\":{\"url\":\"wss://stream.binance.com:9443\",\"streams\":[],\"quantity_scale\":\"registry\",\"depth\":5,\"stale_after\":\"10s\",\"market\":\"registry\",\"rest_url\":\"\",\"snapshot_limit\":1000}},"
                        + "\"model\":{\"kind\":\"microprice-rule\",\"path\":\"\",\"levels\":5,\"window\":100,"
                        + "\"normalisation\":\"mid-zscore\",\"norm_mean\":[],\"norm_std\":[],\"class_order\":[\"up\",\"flat\",\"down\"],"
                        + "\"intra_op_threads\":1,\"optimization\":\"all\",\"score_every\":1,\"min_interval\":\"0s\"},"
                        + "\"strategy\":{\"kind\":\"microprice\",\"threshold\":0.3,\"order_qty\":100,\"max_position\":500,\"cooldown\":\"250ms\","
                        + "\"min_confidence\":0.0,\"sizing\":\"fixed-qty\",\"notional\":10000.0,\"risk_fraction\":0.01,"
                        + "\"kelly_fraction\":0.5,\"kelly_cap\":0.1,\"capital\":1000000.0,\"take_profit_bps\":0.0,\"stop_loss_bps\":0.0,"
                        + "\"max_hold\":\"0s\",\"in_flight_timeout\":\"1s\",\"score_hold\":\"0s\",\"flat_before_close\":\"0s\",\"sentiment_weight\":0.0},"
                        + "\"risk\":{\"max_order_qty\":1000,\"max_position\":1000,\"max_orders_per_second\":20,"
                        + "\"max_orders_per_day\":0,\"cooldown_after_fill\":\"0s\",\"min_confidence\":0.0,\"max_position_notional\":0.0,"
                        + "\"max_gross_exposure\":0.0,\"max_order_notional\":0.0,\"price_band_bps\":0.0,\"market_collar_bps\":50.0,\"initial_cash\":0.0,"
                        + "\"allow_short\":true,\"t_plus_one_venues\":[],\"daily_loss_limit\":0.0,\"max_drawdown\":0.0,\"on_loss\":\"halt\","
                        + "\"max_data_age\":\"0s\",\"max_score_age\":\"0s\",\"clamp\":true,\"instruments\":[],\"enforce_sessions\":false,\"limit_currency\":\"\",\"currency_rates\":{},"
                        + "\"trading_day_zone\":\"UTC\",\"trading_day_start\":\"00:00\"},"
                        + "\"paper\":{\"latency\":\"100us\",\"jitter\":\"0s\",\"queue_model\":\"probabilistic\","
                        + "\"queue_function\":\"power 2\",\"trade_through\":\"print-size\"},\"journal\":{\"block_size_mb\":16,\"min_free_mb\":128}}",
                c.toJson());
        assertEquals(Digests.sha256(c.toJson()), c.digest());
        assertEquals(64, c.digest().length());
    }

    @Test
    void shouldGiveTheSameJsonWhereverTheConfigCameFrom() {
        EngineConfig fromFile = load(ConfigFixtures.shippedDemo());
        EngineConfig fromEnv =
                ConfigLoader.load(
                        ConfigFixtures.shippedDemo(), Map.of("TICKRING_SEED", "42"), List.of());

        assertEquals(fromFile.toJson(), fromEnv.toJson());
        assertEquals(fromFile.toJson(), fromFile.withSourceName("elsewhere").toJson());
    }

    @Test
    void shouldRejectAnInstrumentsPathInJson() {
        String json =
                load(ConfigFixtures.shippedDemo())
                        .toJson()
                        .replaceFirst(
                                "\"instruments\":\\[.*?\\],\"ring\"",
                                "\"instruments\":\"instruments.yaml\",\"ring\"");

        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> ConfigLoader.fromJson(json, "journal SESSION"));

        assertMessage(
                "journal SESSION:1: instruments: a file path cannot be resolved in journal SESSION:"
                        + " list the instruments inline",
                e);
    }

    @Test
    void shouldNameTheSourceOfBadJson() {
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> ConfigLoader.fromJson("{\"run\": {\"seed\": 1", "rec 7"));

        assertTrue(
                e.getMessage().startsWith("rec 7:1: YAML syntax error (after run.seed): "),
                e.getMessage());
    }

    /**
     * Every key the JSON can hold is documented in config/README.md, as {@code `run.mode`} or
     * {@code `instruments[].id`}.
     */
    @Test
    void shouldDocumentEveryKeyInTheReadme() throws IOException {
        String readme = Files.readString(ConfigFixtures.repoRoot().resolve("config/README.md"));
        TreeSet<String> keys = new TreeSet<>();
        collect(
                YamlReader.readDocument(load(ConfigFixtures.shippedDemo()).toJson(), "json"),
                "",
                keys);

        for (String key : keys) {
            assertTrue(
                    readme.contains("`" + key + "`"),
                    () -> "config/README.md does not document `" + key + "`");
        }
        assertTrue(keys.size() > 40, keys::toString);
    }

    private static void collect(Node n, String path, TreeSet<String> keys) {
        if (n instanceof MapNode m) {
            for (Entry e : m.entries().values()) {
                String p = Node.child(path, e.key());
                keys.add(p);
                collect(e.value(), p, keys);
            }
        } else if (n instanceof ListNode l && !l.items().isEmpty()) {
            collect(l.items().get(0), path + "[]", keys);
        }
    }
}
