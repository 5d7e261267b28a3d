package io.tickring.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.instrument.Instrument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's instruments file merged over the registry: additions, replacements, conflicts. */
class UserInstrumentsTest {
    @TempDir Path dir;

    static String entry(int id, String symbol, int priceScale, String extra) {
        return "  - {id: "
                + id
                + ", symbol: \""
                + symbol
                + "\", venue: X, price_scale: "
                + priceScale
                + ", tick_size: 0.01, lot_size: 1, currency: USD"
                + extra
                + "}\n";
    }

    private Path user(String... entries) throws Exception {
        Path f = dir.resolve("mine.yaml");
        Files.writeString(f, "instruments:\n" + String.join("", entries));
        return f;
    }

    private EngineConfig loadWith(Path file) {
        return ConfigLoader.load(
                ConfigFixtures.shippedDemo(),
                Map.of(),
                List.of(new ConfigOverride("user_instruments", file.toString(), "--instruments")));
    }

    @Test
    void shouldAddNewInstrumentsAndReplaceOnesWithTheSameIdSymbolAndScales() throws Exception {
        EngineConfig shipped = ConfigFixtures.load(ConfigFixtures.shippedDemo());
        Path f = user(entry(9001, "ACME", 2, ""), entry(101, "MSFT", 4, ", fees: {taker_bps: 9}"));
        InstrumentRegistry r = loadWith(f).instruments();
        assertEquals(shipped.instruments().size() + 1, r.size());
        assertEquals("ACME", r.byId(9001).symbol());
        Instrument msft = r.bySymbol("MSFT");
        assertEquals(9.0, msft.fees().takerBps());
        assertEquals(r.byId(101), msft);
        assertEquals(shipped.instruments().bySymbol("SIMA"), r.bySymbol("SIMA"));
        // The merged registry is what the SESSION record keeps: replay needs no user file.
        EngineConfig back = ConfigLoader.fromJson(loadWith(f).toJson(), "session");
        assertEquals(r, back.instruments());
    }

    @Test
    void shouldRefuseTheSameSymbolWithAnotherIdNamingBothFiles() throws Exception {
        Path f = user(entry(9001, "ACME", 2, ""), entry(7777, "MSFT", 4, ""));
        ConfigException e = assertThrows(ConfigException.class, () -> loadWith(f));
        String m = e.getMessage();
        assertTrue(m.startsWith(f + ":3: "), m);
        assertTrue(
                m.endsWith(
                        "MSFT conflicts with the registry: id 7777 here but id 101 in "
                                + ConfigFixtures.repoRoot().resolve("config/instruments.yaml")),
                m);
    }

    @Test
    void shouldRefuseTheSameSymbolWithAnotherScale() throws Exception {
        Path f = user(entry(101, "MSFT", 2, ""));
        String m = assertThrows(ConfigException.class, () -> loadWith(f)).getMessage();
        assertTrue(m.contains("MSFT conflicts with the registry: price_scale 2 here but 4 in "), m);
    }

    @Test
    void shouldRefuseAnIdTakenByAnotherSymbol() throws Exception {
        Path f = user(entry(101, "ACME", 2, ""));
        String m = assertThrows(ConfigException.class, () -> loadWith(f)).getMessage();
        assertTrue(m.startsWith(f + ":2: "), m);
        assertTrue(m.contains("id 101 is MSFT in the registry "), m);
        assertTrue(m.endsWith("give ACME an id of its own"), m);
    }

    @Test
    void shouldNameAMissingFile() {
        Path f = dir.resolve("nope.yaml");
        String m = assertThrows(ConfigException.class, () -> loadWith(f)).getMessage();
        assertTrue(m.contains("no such file: " + f), m);
    }
}
