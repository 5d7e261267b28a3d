package io.tickring.engine.config;

import static io.tickring.engine.config.ConfigFixtures.SIMA_INLINE;
import static io.tickring.engine.config.ConfigFixtures.assertMessage;
import static io.tickring.engine.config.ConfigFixtures.loadFails;
import static io.tickring.engine.config.ConfigFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of configuration mistake fails with {@code file:line: key: problem} on one line. */
class ConfigErrorsTest {
    @TempDir Path dir;

    @Test
    void shouldNameTheLineAndKeyOfAnUnknownValueInTheShippedDemo() throws IOException {
        String demo = Files.readString(ConfigFixtures.shippedDemo());
        String broken =
                demo.replace(
                        "  - name: decision\n    stages: [features, model, strategy, risk, router]\n    idle: backoff",
                        "  - name: decision\n    stages: [features, model, strategy, risk, router]\n    idle: spinny");
        assertTrue(!broken.equals(demo), "the demo's decision thread moved: update this test");
        write(
                dir,
                "instruments.yaml",
                Files.readString(ConfigFixtures.shippedDemo().resolveSibling("instruments.yaml")));
        Path f = write(dir, "demo.yaml", broken);
        int line = lineOf(broken, "idle: spinny");

        ConfigException e = loadFails(f);

        assertMessage(
                f
                        + ":"
                        + line
                        + ": threads[1].idle: unknown value \"spinny\" (one of backoff, sleeping, yielding, busy-spin)",
                e);
        assertEquals(line, e.line());
        assertEquals("threads[1].idle", e.key());
        assertEquals(f.toString(), e.file());
    }

    @Test
    void shouldRejectAnUnknownKeyAtTheKeysLine() {
        Path f =
                write(
                        dir,
                        "c.yaml",
                        """
                run:
                  mode: sim
                  sed: 7
                instruments:
                """
                                + SIMA_INLINE);

        assertMessage(
                f
                        + ":3: run.sed: unknown key (known keys: mode, seed, duration, status_interval, drive)",
                loadFails(f));
    }

    @Test
    void shouldRejectAnUnknownTopLevelSection() {
        Path f = write(dir, "c.yaml", "instruments:\n" + SIMA_INLINE + "broker:\n  kind: live\n");

        assertMessage(
                f
                        + ":3: broker: unknown key (known keys: run, instruments, user_instruments, ring, threads, timer, source, model,"
                        + " strategy, risk, paper, journal, ops, gateway, overlay)",
                loadFails(f));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            'run:\\n  seed: abc'                 | 2 | run.seed           | not an integer: "abc"
            'run:\\n  seed: 1.5'                 | 2 | run.seed           | not an integer: "1.5"
            'run:\\n  seed: [1, 2]'              | 2 | run.seed           | expected an integer, got a list
            'run:\\n  seed:'                     | 2 | run.seed           | expected an integer, got no value
            'ring: 5'                            | 1 | ring               | expected a map, got the number 5
            'threads: {journal: 1}'              | 1 | threads            | expected a list, got a map
            'run:\\n  duration: 1.5s'            | 2 | run.duration       | not a duration: "1.5s" (expected a whole number and a unit ns, us, ms, s, m or h, e.g. 250ms; or 0)
            'run:\\n  duration: 30'              | 2 | run.duration       | not a duration: "30" (expected a whole number and a unit ns, us, ms, s, m or h, e.g. 250ms; or 0)
            'run:\\n  mode: paper'               | 2 | run.mode           | unknown value "paper" (one of live, sim)
            'model:\\n  kind: lstm'              | 2 | model.kind         | unknown value "lstm" (one of microprice-rule, onnx)
            'source:\\n  kind: kafka'            | 2 | source.kind        | unknown value "kafka" (one of sim, binance)
            'ring:\\n  size: 1000'               | 2 | ring.size          | not a power of two: 1000
            'ring:\\n  size: 32'                 | 2 | ring.size          | out of range: 32 (expected 64..16777216)
            'strategy:\\n  threshold: 1.5'       | 2 | strategy.threshold | out of range: 1.5 (expected 0 < threshold <= 1)
            'strategy:\\n  threshold: 0'         | 2 | strategy.threshold | out of range: 0 (expected 0 < threshold <= 1)
            'strategy:\\n  order_qty: 0'         | 2 | strategy.order_qty | out of range: 0 (expected > 0)
            'source:\\n  sim:\\n    levels: 11'  | 3 | source.sim.levels  | out of range: 11 (expected 1..10)
            'source:\\n  sim:\\n    start_time: monday' | 3 | source.sim.start_time | not an ISO-8601 instant: "monday" (e.g. 2026-01-05T14:30:00Z)
            'journal:\\n  block_size_mb: 2048'   | 2 | journal.block_size_mb | out of range: 2048 (expected 1..1024)
            'paper:\\n  latency: -1ms'           | 2 | paper.latency      | not a duration: "-1ms" (expected a whole number and a unit ns, us, ms, s, m or h, e.g. 250ms; or 0)
            'run:\\n  seed: 99999999999999999999' | 2 | run.seed          | out of range: 99999999999999999999 (expected a 64-bit signed integer)
            'risk:\\n  instruments: [NOPE]'   | 2 | risk.instruments[0] | unknown instrument "NOPE" (not in the instrument registry)
            'risk:\\n  on_loss: panic'        | 2 | risk.on_loss       | unknown value "panic" (one of halt, reduce)
            'risk:\\n  clamp: yes'            | 2 | risk.clamp         | unknown value "yes" (one of true, false)
            'risk:\\n  min_confidence: 1.5'   | 2 | risk.min_confidence | out of range: 1.5 (expected 0..1)
            'risk:\\n  trading_day_start: 9am' | 2 | risk.trading_day_start | expected HH:MM in 00:00..23:59, got "9am"
            'strategy:\\n  sizing: kelly'     | 2 | strategy.stop_loss_bps | must be > 0 when sizing is kelly
            'paper:\\n  jitter: 1.5us'        | 2 | paper.jitter       | not a duration: "1.5us" (expected a whole number and a unit ns, us, ms, s, m or h, e.g. 250ms; or 0)
            'paper:\\n  queue_model: fifo'     | 2 | paper.queue_model  | unknown value "fifo" (one of risk-averse, probabilistic, optimistic)
            'paper:\\n  queue_function: cube'  | 2 | paper.queue_function | unknown value "cube" (power N, e.g. power 2; or log)
            'paper:\\n  queue_function: power x' | 2 | paper.queue_function | not a number: "x" (power N with N a number > 0, e.g. power 2; or log)
            'paper:\\n  queue_function: power 0' | 2 | paper.queue_function | out of range: 0 (power N with N a number > 0, e.g. power 2; or log, at most 100)
            'paper:\\n  trade_through: all'    | 2 | paper.trade_through | unknown value "all" (print-size, full or penetration N with N whole ticks >= 1, e.g. penetration 1)
            'paper:\\n  trade_through: penetration 0' | 2 | paper.trade_through | unknown value "penetration 0" (print-size, full or penetration N with N whole ticks >= 1, e.g. penetration 1)
            """)
    void shouldRejectWrongTypesAndValuesAtTheValuesLine(
            String yaml, int line, String key, String problem) {
        Path f = write(dir, "c.yaml", yaml.replace("\\n", "\n") + "\ninstruments:\n" + SIMA_INLINE);

        assertMessage(f + ":" + line + ": " + key + ": " + problem, loadFails(f));
    }

    @Test
    void shouldRejectAMissingRequiredTopLevelKey() {
        Path f = write(dir, "c.yaml", "# no instruments\nrun:\n  mode: sim\n");

        assertMessage(f + ":2: instruments: required key missing", loadFails(f));
    }

    @Test
    void shouldRejectAnEmptyFileForItsMissingInstruments() {
        Path f = write(dir, "c.yaml", "");

        assertMessage(f + ":1: instruments: required key missing", loadFails(f));
    }

    @Test
    void shouldTurnYamlSyntaxErrorsIntoOneLineWithTheirLine() {
        Path f = write(dir, "c.yaml", "run:\n  mode: live\n   seed: 1\ninstruments: []\n");

        ConfigException e = loadFails(f);

        assertEquals(3, e.line());
        assertTrue(
                e.getMessage()
                        .startsWith(
                                f
                                        + ":3: YAML syntax error (after run.mode): mapping values are not allowed here"),
                e.getMessage());
    }

    @Test
    void shouldRejectUnclosedFlowLists() {
        Path f =
                write(
                        dir,
                        "c.yaml",
                        "source:\n  sim:\n    instruments: [SIMA, SIMB\nring:\n  size: 64\n");

        ConfigException e = loadFails(f);

        assertTrue(e.getMessage().startsWith(f + ":4: "), e.getMessage());
        assertTrue(
                e.problem().startsWith("YAML syntax error (after source.sim.instruments[1]): "),
                e.getMessage());
    }

    @Test
    void shouldRejectDuplicateKeys() {
        Path f = write(dir, "c.yaml", "run:\n  seed: 1\n  seed: 2\ninstruments:\n" + SIMA_INLINE);

        assertMessage(f + ":3: run.seed: duplicate key (first at line 2)", loadFails(f));
    }

    @Test
    void shouldRejectAliases() {
        Path f =
                write(
                        dir,
                        "c.yaml",
                        "run:\n  seed: &s 1\nring:\n  size: *s\ninstruments:\n" + SIMA_INLINE);

        assertMessage(
                f + ":4: ring.size: YAML aliases (*name) are not supported: write the value out",
                loadFails(f));
    }

    @Test
    void shouldRejectASecondDocument() {
        Path f = write(dir, "c.yaml", "instruments:\n" + SIMA_INLINE + "---\nrun:\n  seed: 1\n");

        assertMessage(
                f + ":4: more than one YAML document: a configuration file holds exactly one",
                loadFails(f));
    }

    @Test
    void shouldRejectATopLevelList() {
        Path f = write(dir, "c.yaml", "- run\n- ring\n");

        assertMessage(f + ":1: expected a map of keys at the top level, got a list", loadFails(f));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api_key", "API_SECRET", "secret", "token", "password"})
    void shouldRejectSecretKeysAnywhereInTheFile(String name) {
        Path f =
                write(
                        dir,
                        "c.yaml",
                        "instruments:\n"
                                + SIMA_INLINE
                                + "source:\n  sim:\n    "
                                + name
                                + ": hunter2\n");

        assertMessage(
                f
                        + ":5: source.sim."
                        + name
                        + ": secrets come only from the environment"
                        + " (TICKRING_API_KEY, TICKRING_API_SECRET, TICKRING_ADMIN_TOKEN)",
                loadFails(f));
    }

    @Test
    void shouldRejectSecretKeysInTheInstrumentsFileToo() {
        write(dir, "instr.yaml", "instruments:\n  - id: 1\n    password: x\n");
        Path f = write(dir, "c.yaml", "instruments: instr.yaml\n");

        assertMessage(
                dir.resolve("instr.yaml")
                        + ":3: instruments[0].password: secrets come only from the environment"
                        + " (TICKRING_API_KEY, TICKRING_API_SECRET, TICKRING_ADMIN_TOKEN)",
                loadFails(f));
    }

    @Test
    void shouldRejectASecretAsAnOverride() {
        Path f = write(dir, "c.yaml", "instruments:\n" + SIMA_INLINE);

        assertMessage(
                "--set: gateway.token: secrets come only from the environment"
                        + " (TICKRING_API_KEY, TICKRING_API_SECRET, TICKRING_ADMIN_TOKEN)",
                loadFails(f, Map.of(), List.of(new ConfigOverride("gateway.token", "x", "--set"))));
    }

    private static int lineOf(String text, String needle) {
        String before = text.substring(0, text.indexOf(needle));
        return (int) before.chars().filter(c -> c == '\n').count() + 1;
    }
}
