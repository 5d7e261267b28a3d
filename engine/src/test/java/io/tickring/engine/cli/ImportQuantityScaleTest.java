package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.assertOneLineBadInput;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.cli.CliTest.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import binance} takes the quantity scale from the instrument registry: each instrument's
 * {@code qty_scale} is the default, and an explicit {@code --qty-scale} that disagrees with the
 * {@code --symbol} instrument's is a usage error naming both.
 */
class ImportQuantityScaleTest {
    @TempDir Path tmp;

    static Path frames() {
        return Path.of(
                System.getenv().getOrDefault("TICKRING_TEST_ROOT", ".."),
                "adapters",
                "src",
                "test",
                "resources",
                "binance",
                "combined-recv.jsonl");
    }

    private Run importBtc(String name, String... extra) {
        String[] base = {
            "import",
            "binance",
            "--in",
            frames().toString(),
            "--journal",
            tmp.resolve(name).toString(),
            "--symbol",
            "BTCUSDT"
        };
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return tickring(args);
    }

    /** The input records of a journal as {@code journal dump} prints them, SESSION left out. */
    private String events(String name) {
        Run dump = tickring("journal", "dump", "--in", tmp.resolve(name).toString());
        assertEquals(0, dump.code(), dump.err());
        return dump.out().substring(dump.out().indexOf('\n') + 1);
    }

    @Test
    void shouldDefaultToTheRegistrysQuantityScaleOfTheSymbol() {
        Run byRegistry = importBtc("registry");
        assertEquals(0, byRegistry.code(), byRegistry.err());
        Run explicit = importBtc("explicit", "--qty-scale", "5");
        assertEquals(0, explicit.code(), explicit.err());

        Run session = tickring("journal", "dump", "--in", tmp.resolve("registry").toString());
        String first = session.out().substring(0, session.out().indexOf('\n'));
        assertTrue(first.contains("\"quantity_scale\":5"), first);
        // BTCUSDT's qty_scale is 5 (0.00001 BTC): the first trade's 0.01 BTC is 1000 units.
        String records = events("registry");
        assertTrue(records.contains("\"qty\":1000"), records);
        assertEquals(events("explicit"), records, "the default is what --qty-scale 5 gives");
    }

    @Test
    void shouldRefuseAQuantityScaleThatDisagreesWithTheRegistry() {
        Run r = importBtc("eight", "--qty-scale", "8");
        assertOneLineBadInput(r, "--qty-scale 8 disagrees with the registry's qty_scale 5");
        assertTrue(r.err().contains("BTCUSDT"), r.err());
    }

    @Test
    void shouldTakeEachInstrumentsRegistryScaleWithoutASymbol() {
        Run none =
                tickring(
                        "import",
                        "binance",
                        "--in",
                        frames().toString(),
                        "--journal",
                        tmp.resolve("none").toString());
        assertEquals(0, none.code(), none.err());
        Run bySymbol = importBtc("registry");
        assertEquals(0, bySymbol.code(), bySymbol.err());
        assertEquals(
                events("registry"),
                events("none"),
                "each frame's instrument gives its own qty_scale: BTCUSDT's 5");
    }
}
