package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.config.ConfigException;
import io.tickring.engine.config.ConfigLoader;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guards of live trading, each on its own and all together, on config/live.yaml.example. */
class LiveGuardTest {
    private static final Map<String, String> ENABLED = Map.of("TICKRING_LIVE_ENABLED", "true");

    @TempDir Path dir;

    private static Path example() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(p.resolve("config/live.yaml.example"))) {
            p = p.getParent();
        }
        return p.resolve("config/live.yaml.example");
    }

    /** The example with {@code from} replaced by {@code to}, beside the shipped instruments. */
    private EngineConfig variant(String from, String to) throws Exception {
        String text = Files.readString(example());
        assertTrue(text.contains(from), from);
        text =
                text.replace(from, to)
                        .replace(
                                "instruments: instruments.yaml",
                                "instruments: " + example().resolveSibling("instruments.yaml"));
        Path file = dir.resolve("live.yaml");
        Files.writeString(file, text);
        return ConfigLoader.load(file, Map.of(), List.of());
    }

    @Test
    void shouldLetTheShippedExampleStartOnlyWithTheEnvironmentSwitch() {
        EngineConfig cfg = ConfigLoader.load(example(), Map.of(), List.of());
        assertTrue(cfg.gateway().live());
        assertEquals(9880, cfg.gateway().fix().port());
        assertEquals("TICKRING", cfg.gateway().fix().senderCompId());
        assertEquals(List.of(), cfg.gateway().riskLimitsNotSet());
        assertEquals(List.of(), LiveGuard.missing(cfg, ENABLED));
        assertEquals(
                List.of("TICKRING_LIVE_ENABLED=true is not set in the environment"),
                LiveGuard.missing(cfg, Map.of()));
        assertEquals(1, LiveGuard.missing(cfg, Map.of("TICKRING_LIVE_ENABLED", "1")).size());
        // The gateway section stays out of the journaled configuration and its digest.
        assertFalse(cfg.toJson().contains("VENUE"), cfg.toJson());
        assertEquals(
                GatewayConfig.PAPER_KIND,
                ConfigLoader.fromJson(cfg.toJson(), "json").gateway().kind());
    }

    @Test
    void shouldRefuseAnEmptyAllowList() throws Exception {
        EngineConfig cfg = variant("  instruments: [SIMA, SIMB]   #", "  instruments: []   #");
        assertEquals(
                List.of("risk.instruments is empty (name every symbol live trading may trade)"),
                LiveGuard.missing(cfg, ENABLED));
    }

    @Test
    void shouldRefuseRiskLimitsLeftToTheirDefaults() throws Exception {
        EngineConfig cfg =
                variant("  max_drawdown: 10000\n", "")
                        .withSourceName("x"); // a copy keeps the gateway section
        assertEquals(
                List.of(
                        "risk limits not set in the file (no defaults for live):"
                                + " risk.max_drawdown"),
                LiveGuard.missing(cfg, ENABLED));
        EngineConfig two = variant("  max_order_qty: 1000\n  max_position: 1000\n", "");
        assertEquals(List.of("max_order_qty", "max_position"), two.gateway().riskLimitsNotSet());
    }

    @Test
    void shouldRefuseSimMode() throws Exception {
        EngineConfig cfg = variant("  mode: live ", "  mode: sim ").withDurationNs(1_000_000_000L);
        assertEquals(
                List.of("run.mode is not live (the live gateway trades in wall-clock time)"),
                LiveGuard.missing(cfg, ENABLED));
    }

    @Test
    void shouldListEverythingMissingInOneLine() throws Exception {
        EngineConfig cfg =
                variant("  instruments: [SIMA, SIMB]   #", "  instruments: []   #\n  #")
                        .withSourceName("live.yaml");
        UsageException e = assertThrows(UsageException.class, () -> LiveGuard.check(cfg, Map.of()));
        assertEquals(
                "live.yaml: live trading refused (gateway.kind: fix): TICKRING_LIVE_ENABLED=true"
                        + " is not set in the environment; risk.instruments is empty (name every"
                        + " symbol live trading may trade)",
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void shouldLetPaperRunWhateverTheEnvironmentSays() throws Exception {
        EngineConfig cfg = variant("  kind: fix ", "  kind: paper ");
        assertEquals(List.of(), LiveGuard.missing(cfg, Map.of()));
    }

    @Test
    void shouldRequireTheSessionKeysOfALiveGateway() throws Exception {
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> variant("    port: 9880 ", "    # port: 9880 "));
        assertTrue(e.getMessage().contains("gateway.fix.port"), e.getMessage());
        assertTrue(e.getMessage().contains("required key missing"), e.getMessage());
    }
}
