package io.tickring.engine.config;

import static io.tickring.engine.config.ConfigFixtures.SIMA_INLINE;
import static io.tickring.engine.config.ConfigFixtures.assertMessage;
import static io.tickring.engine.config.ConfigFixtures.load;
import static io.tickring.engine.config.ConfigFixtures.loadFails;
import static io.tickring.engine.config.ConfigFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.paper.PaperContext;
import io.tickring.adapters.paper.PaperGateway;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.stage.model.ModelContext;
import io.tickring.engine.stage.risk.RiskContext;
import io.tickring.engine.stage.strategy.StrategyContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir Path dir;

    @Test
    void shouldLoadTheShippedDemoWithTheDocumentedValues() {
        EngineConfig c = load(ConfigFixtures.shippedDemo());

        assertEquals(ConfigFixtures.shippedDemo().toString(), c.sourceName());
        assertEquals(new RunConfig(Mode.LIVE, 42, 30_000_000_000L, 1_000_000_000L), c.run());
        assertEquals(new RingConfig(65536), c.ring());
        assertEquals(ThreadLayout.DEFAULT, c.threads());
        assertEquals(new TimerConfig(1_000_000_000L), c.timer());
        assertEquals(
                new SourceConfig(
                        "sim",
                        new SimSourceConfig(
                                List.of("SIMA", "SIMB"), 2000, 5, nanos("2026-01-05T14:30:00Z"))),
                c.source());
        assertEquals(
                new ModelContext()
                        .kind("onnx")
                        .path("model/deeplob.onnx")
                        .levels(5)
                        .window(100)
                        .normalisation("mid-zscore")
                        .classOrder(List.of("up", "flat", "down"))
                        .scoreEvery(1)
                        .minIntervalNs(50_000_000L)
                        .toString(),
                c.model().toString());
        assertEquals(
                new StrategyContext()
                        .takeProfitBps(20)
                        .stopLossBps(20)
                        .maxHoldNs(30_000_000_000L)
                        .flatBeforeCloseNs(300_000_000_000L)
                        .sentimentHalfLifeNs(10_000_000_000L)
                        .sentimentTtlNs(30_000_000_000L)
                        .sentimentSizeWeight(0.5)
                        .sentimentThresholdShift(0.1)
                        .toString(),
                c.strategy().toString());
        assertEquals(
                new RiskContext()
                        .maxOrdersPerDay(20_000)
                        .maxPositionNotional(200_000)
                        .maxGrossExposure(300_000)
                        .maxOrderNotional(100_000)
                        .priceBandBps(100)
                        .initialCash(1_000_000)
                        .tPlusOneVenues(List.of("SSE"))
                        .dailyLossLimit(5_000)
                        .maxDrawdown(10_000)
                        .lossHalts(false)
                        .maxDataAgeNs(5_000_000_000L)
                        .maxScoreAgeNs(1_000_000_000L)
                        .enforceSessions(true)
                        .toString(),
                c.risk().toString());
        assertEquals(
                new PaperContext()
                        .latencyNs(100_000L)
                        .jitterNs(50_000L)
                        .seed(c.run().seed())
                        .toString(),
                c.paper().toString());
        assertEquals(new JournalConfig(16L << 20), c.journal());
        assertEquals(
                List.of(1, 2, 101, 102, 201, 202, 301, 401, 411, 412, 413),
                c.instruments().all().stream().map(Instrument::id).toList());
    }

    @Test
    void shouldLoadThePackagedDefaultResourceWithItsInstruments() {
        String home = System.clearProperty("tickring.home");
        EngineConfig c;
        try {
            c = ConfigLoader.loadDefault(Map.of(), List.of());
        } finally {
            if (home != null) {
                System.setProperty("tickring.home", home);
            }
        }

        assertEquals("classpath:/tickring/config/demo.yaml", c.sourceName());
        assertEquals(11, c.instruments().size());
        // The packaged copy is the shipped file, so the effective configuration is the same.
        assertEquals(load(ConfigFixtures.shippedDemo()).toJson(), c.toJson());
    }

    @Test
    void shouldReadTheDefaultFromTheTickringHomeAtRunTime() {
        // The launcher passes the repository root as tickring.home (surefire does too): an edit
        // of config/demo.yaml applies at the next run, with no rebuild of the jar.
        String home = System.getProperty("tickring.home");
        org.junit.jupiter.api.Assumptions.assumeTrue(home != null);
        EngineConfig c = ConfigLoader.loadDefault(Map.of(), List.of());
        assertEquals(Path.of(home, "config", "demo.yaml").toString(), c.sourceName());
        assertEquals(load(ConfigFixtures.shippedDemo()).toJson(), c.toJson());
    }

    @Test
    void shouldApplyDefaultsForEverythingButInstruments() {
        Path f = write(dir, "min.yaml", "instruments:\n" + SIMA_INLINE);

        EngineConfig c = load(f);

        assertEquals(new RunConfig(Mode.LIVE, 42, 0, 1_000_000_000L), c.run());
        assertEquals(65536, c.ring().size());
        assertEquals(ThreadLayout.DEFAULT, c.threads());
        assertEquals(1_000_000_000L, c.timer().periodNs());
        assertEquals(
                new SimSourceConfig(List.of("SIMA"), 2000, 5, nanos("2026-01-05T14:30:00Z")),
                c.source().sim());
        assertEquals(new ModelContext().toString(), c.model().toString());
        assertEquals(new StrategyContext().toString(), c.strategy().toString());
        assertEquals(new RiskContext().toString(), c.risk().toString());
        // The defaults a gate built in code starts from are the configuration's.
        assertEquals(1000, c.risk().maxOrderQty());
        assertEquals(20, c.risk().maxOrdersPerSecond());
        assertEquals(0.3, c.strategy().threshold());
        assertEquals(100_000L, c.paper().latencyNs());
        assertEquals(new PaperContext().seed(42).toString(), c.paper().toString());
        assertEquals(PaperGateway.QueueModel.PROBABILISTIC, c.paper().queueModel());
        assertEquals(PaperGateway.TradeThrough.PRINT_SIZE, c.paper().tradeThrough());
        assertEquals(16L << 20, c.journal().blockSizeBytes());
    }

    @Test
    void shouldBindThePaperVenuesFillAssumptionsByName() {
        Path f =
                write(
                        dir,
                        "p.yaml",
                        "paper:\n  queue_model: risk-averse\n  queue_function: power 1.5\n"
                                + "  trade_through: penetration 3\ninstruments:\n"
                                + SIMA_INLINE);
        PaperContext p = load(f).paper();
        assertEquals(
                new PaperContext()
                        .queueModel(PaperGateway.QueueModel.RISK_AVERSE)
                        .queueFunction(PaperGateway.QueueFunction.POWER)
                        .queuePower(1.5)
                        .tradeThrough(PaperGateway.TradeThrough.PENETRATION)
                        .penetrationTicks(3)
                        .toString(),
                p.toString());
        assertEquals("power 1.5", p.queueFunctionName());
        assertEquals("penetration 3", p.tradeThroughName());

        f =
                write(
                        dir,
                        "q.yaml",
                        "paper:\n  queue_model: optimistic\n  queue_function: log\n  trade_through: full\n"
                                + "instruments:\n"
                                + SIMA_INLINE);
        p = load(f).paper();
        assertEquals(PaperGateway.QueueModel.OPTIMISTIC, p.queueModel());
        assertEquals("log", p.queueFunctionName());
        assertEquals(PaperGateway.TradeThrough.FULL, p.tradeThrough());
    }

    @Test
    void shouldResolveTheInstrumentsFileRelativeToTheConfigFile() {
        write(dir, "conf/instr.yaml", "instruments:\n" + SIMA_INLINE);
        Path f = write(dir, "conf/run.yaml", "instruments: instr.yaml\n");

        assertEquals("SIMA", load(f).instruments().byId(1).symbol());
    }

    @Test
    void shouldReportAMissingFile() {
        Path missing = dir.resolve("nope.yaml");

        assertMessage(missing + ": no such file", loadFails(missing));
    }

    @Test
    void shouldReportAMissingInstrumentsFileAtTheReferencingLine() {
        Path f = write(dir, "c.yaml", "run:\n  seed: 1\ninstruments: gone.yaml\n");

        assertMessage(
                f + ":3: instruments: no such file: " + dir.resolve("gone.yaml"), loadFails(f));
    }

    @Test
    void shouldApplyEnvironmentOverrides() {
        Path f = write(dir, "c.yaml", "instruments:\n" + SIMA_INLINE);
        Map<String, String> env =
                Map.of(
                        "TICKRING_MODE",
                        "sim",
                        "TICKRING_SEED",
                        "-7",
                        "TICKRING_DURATION",
                        "5m",
                        "TICKRING_MODEL_PATH",
                        "model/deeplob.onnx",
                        "UNRELATED",
                        "x");

        EngineConfig c = ConfigLoader.load(f, env, List.of());

        assertEquals(new RunConfig(Mode.SIM, -7, 300_000_000_000L, 1_000_000_000L), c.run());
        assertEquals("model/deeplob.onnx", c.model().path());
    }

    @Test
    void shouldNameTheVariableOfABadEnvironmentOverride() {
        Path f = write(dir, "c.yaml", "instruments:\n" + SIMA_INLINE);

        assertMessage(
                "env:TICKRING_SEED: run.seed: not an integer: \"abc\"",
                loadFails(f, Map.of("TICKRING_SEED", "abc"), List.of()));
        assertMessage(
                "env:TICKRING_MODE: run.mode: unknown value \"paper\" (one of live, sim)",
                loadFails(f, Map.of("TICKRING_MODE", "paper"), List.of()));
    }

    @Test
    void shouldApplyCommandLineOverridesAfterTheEnvironment() {
        Path f = write(dir, "c.yaml", "run:\n  duration: 1s\ninstruments:\n" + SIMA_INLINE);
        List<ConfigOverride> cli =
                List.of(
                        new ConfigOverride("run.duration", "10s", "--duration"),
                        new ConfigOverride("ring.size", "1024", "--set"));

        EngineConfig c = ConfigLoader.load(f, Map.of("TICKRING_DURATION", "5s"), cli);

        assertEquals(10_000_000_000L, c.run().durationNs());
        assertEquals(1024, c.ring().size());
    }

    @Test
    void shouldOverrideInsideAListWrittenInTheFile() {
        Path f =
                write(
                        dir,
                        "c.yaml",
                        """
                instruments:
                  - {id: 1, symbol: SIMA, venue: SIM, price_scale: 4, tick_size: 0.01, lot_size: 1, currency: USD}
                  - {id: 2, symbol: SIMB, venue: SIM, price_scale: 4, tick_size: 0.05, lot_size: 1, currency: USD}
                threads:
                  - {name: all, stages: [journal, features, model, strategy, risk, router]}
                """);

        EngineConfig c =
                ConfigLoader.load(
                        f,
                        Map.of(),
                        List.of(
                                new ConfigOverride("threads[0].idle", "yielding", "--idle"),
                                new ConfigOverride(
                                        "source.sim.instruments", "[SIMB]", "--instruments")));

        assertEquals(IdleKind.YIELDING, c.threads().get(0).idle());
        assertEquals(List.of("SIMB"), c.source().sim().instruments());
    }

    @Test
    void shouldNameTheFlagOfABadCommandLineOverride() {
        Path f = write(dir, "c.yaml", "instruments:\n" + SIMA_INLINE);

        assertMessage(
                "--duration: run.duration: not a duration: \"ten\" (expected "
                        + Durations.EXPECTED
                        + ")",
                loadFails(
                        f,
                        Map.of(),
                        List.of(new ConfigOverride("run.duration", "ten", "--duration"))));
        assertMessage(
                "--set: run.sed: unknown key (known keys: mode, seed, duration, status_interval, drive)",
                loadFails(f, Map.of(), List.of(new ConfigOverride("run.sed", "1", "--set"))));
        assertMessage(
                "--set: threads[3].idle: cannot set: threads is not set in the file",
                loadFails(
                        f,
                        Map.of(),
                        List.of(new ConfigOverride("threads[3].idle", "sleeping", "--set"))));
    }

    @Test
    void shouldRequireAModelPathForOnnxUnlessTheEnvironmentGivesOne() {
        Path f = write(dir, "c.yaml", "instruments:\n" + SIMA_INLINE + "model:\n  kind: onnx\n");

        assertMessage(
                f + ":4: model.path: required when model.kind is onnx (or set TICKRING_MODEL_PATH)",
                loadFails(f));
        assertEquals(
                "m.onnx",
                ConfigLoader.load(f, Map.of("TICKRING_MODEL_PATH", "m.onnx"), List.of())
                        .model()
                        .path());
    }

    @Test
    void shouldDefaultSimulatedInstrumentsToTheSimVenue() {
        Path f =
                write(
                        dir,
                        "c.yaml",
                        """
                instruments:
                  - {id: 7, symbol: MSFT, venue: NASDAQ, price_scale: 4, tick_size: 0.01, lot_size: 1, currency: USD}
                  - {id: 3, symbol: SIMB, venue: SIM, price_scale: 4, tick_size: 0.05, lot_size: 1, currency: USD}
                  - {id: 2, symbol: SIMA, venue: SIM, price_scale: 4, tick_size: 0.01, lot_size: 1, currency: USD}
                """);

        assertEquals(List.of("SIMA", "SIMB"), load(f).source().sim().instruments());
    }

    @Test
    void shouldRejectSimulatedInstrumentsMissingFromTheRegistry() {
        Path f =
                write(
                        dir,
                        "c.yaml",
                        "instruments:\n"
                                + SIMA_INLINE
                                + """
                source:
                  sim:
                    instruments: [SIMA, NOPE]
                """);

        assertMessage(
                f
                        + ":5: source.sim.instruments[1]: unknown instrument \"NOPE\" (not in the instrument registry)",
                loadFails(f));
    }

    @Test
    void shouldKeepSecretsOutOfJsonAndToString() {
        Path f = write(dir, "c.yaml", "instruments:\n" + SIMA_INLINE);
        Map<String, String> env =
                Map.of(
                        "TICKRING_API_KEY",
                        "key-1234",
                        "TICKRING_API_SECRET",
                        "sec-5678",
                        "TICKRING_ADMIN_TOKEN",
                        "tok-9012");

        EngineConfig c = ConfigLoader.load(f, env, List.of());

        assertEquals("key-1234", c.secrets().apiKey().orElseThrow());
        assertEquals("sec-5678", c.secrets().apiSecret().orElseThrow());
        assertEquals("tok-9012", c.secrets().adminToken().orElseThrow());
        for (String secret : List.of("key-1234", "sec-5678", "tok-9012")) {
            assertTrue(
                    !c.toJson().contains(secret)
                            && !c.toString().contains(secret)
                            && !c.secrets().toString().contains(secret));
        }
        assertEquals(
                "Secrets[TICKRING_API_KEY=set, TICKRING_API_SECRET=set, TICKRING_ADMIN_TOKEN=set,"
                        + " TICKRING_FIX_USERNAME=unset, TICKRING_FIX_PASSWORD=unset]",
                c.secrets().toString());
        assertEquals(load(f).digest(), c.digest());
    }

    @Test
    void shouldProvideConvenienceCopies() {
        EngineConfig c = load(ConfigFixtures.shippedDemo());

        EngineConfig sim = c.withMode(Mode.SIM).withDurationNs(0);

        assertEquals(Mode.SIM, sim.run().mode());
        assertEquals(0, sim.run().durationNs());
        assertEquals(c.instruments(), sim.instruments());
        assertNotNull(sim.digest());
        assertTrue(!sim.digest().equals(c.digest()));
    }

    private static long nanos(String instant) {
        return ConfigBinder.epochNanos(Instant.parse(instant));
    }
}
