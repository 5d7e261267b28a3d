package io.tickring.engine.config;

import static io.tickring.engine.config.ConfigFixtures.assertMessage;
import static io.tickring.engine.config.ConfigFixtures.load;
import static io.tickring.engine.config.ConfigFixtures.loadFails;
import static io.tickring.engine.config.ConfigFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.Instrument.Fees;
import io.tickring.core.instrument.Instrument.SessionWindow;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstrumentRegistryTest {
    @TempDir Path dir;

    @Test
    void shouldLoadTheShippedInstruments() {
        InstrumentRegistry r = load(ConfigFixtures.shippedDemo()).instruments();

        ZoneId utc = ZoneId.of("UTC");
        ZoneId ny = ZoneId.of("America/New_York");
        ZoneId sh = ZoneId.of("Asia/Shanghai");
        List<SessionWindow> rth = List.of(new SessionWindow(570, 960));
        List<SessionWindow> china =
                List.of(new SessionWindow(570, 690), new SessionWindow(780, 900));
        assertEquals(
                List.of(
                        new Instrument(
                                1,
                                "SIMA",
                                "SIM",
                                4,
                                100,
                                1,
                                "USD",
                                utc,
                                List.of(),
                                new Fees(0, 1, 0, 0)),
                        new Instrument(
                                2, "SIMB", "SIM", 4, 500, 1, "USD", utc, List.of(), Fees.NONE),
                        new Instrument(
                                101,
                                "MSFT",
                                "NASDAQ",
                                4,
                                100,
                                1,
                                "USD",
                                ny,
                                rth,
                                new Fees(-0.2, 0.3, 0.35, 0)),
                        new Instrument(
                                102,
                                "AMZN",
                                "NASDAQ",
                                4,
                                100,
                                1,
                                "USD",
                                ny,
                                rth,
                                new Fees(-0.2, 0.3, 0.35, 0)),
                        new Instrument(
                                201,
                                "600519",
                                "SSE",
                                2,
                                1,
                                100,
                                "CNY",
                                sh,
                                china,
                                new Fees(2.5, 2.5, 5, 5)),
                        new Instrument(
                                301, "IF2506", "CFFEX", 1, 2, 1, "CNY", sh, china, Fees.NONE),
                        new Instrument(
                                401,
                                "BTCUSDT",
                                "BINANCE",
                                2,
                                1,
                                1,
                                "USDT",
                                utc,
                                List.of(),
                                new Fees(1, 1, 0, 0))),
                r.all());
    }

    @Test
    void shouldLookUpByIdAndSymbol() {
        InstrumentRegistry r = load(ConfigFixtures.shippedDemo()).instruments();

        assertSame(r.bySymbol("BTCUSDT"), r.byId(401));
        assertEquals("600519", r.byId(201).symbol());
        assertNull(r.byId(999));
        assertNull(r.byId(0));
        assertNull(r.bySymbol("GOOG"));
    }

    @Test
    void shouldSortByIdWhateverTheFileOrder() {
        Path f =
                write(
                        dir,
                        "c.yaml",
                        """
                instruments:
                  - {id: 30, symbol: C, venue: SIM, price_scale: 0, tick_size: 1, lot_size: 1, currency: USD}
                  - {id: 10, symbol: A, venue: SIM, price_scale: 0, tick_size: 1, lot_size: 1, currency: USD}
                  - {id: 20, symbol: B, venue: SIM, price_scale: 0, tick_size: 1, lot_size: 1, currency: USD}
                """);

        assertEquals(
                List.of("A", "B", "C"),
                load(f).instruments().all().stream().map(Instrument::symbol).toList());
    }

    @Test
    void shouldKeepNumericSymbolsAsWritten() {
        Path f =
                write(
                        dir,
                        "c.yaml",
                        """
                instruments:
                  - {id: 1, symbol: 000001, venue: SZSE, price_scale: 2, tick_size: 0.01, lot_size: 100, currency: CNY}
                source:
                  sim:
                    instruments: [000001]
                """);

        assertEquals("000001", load(f).instruments().byId(1).symbol());
    }

    @Test
    void shouldReadDecimalsExactlyAndAcceptThemAsStrings() {
        Path f =
                write(
                        dir,
                        "c.yaml",
                        """
                instruments:
                  - id: 1
                    symbol: X
                    venue: SIM
                    price_scale: 9
                    tick_size: "0.000000001"
                    lot_size: 1
                    currency: USD
                    sessions: ["00:00-24:00"]
                    fees: {maker_bps: -0.5, taker_bps: 0.1, min_commission: "0.3", stamp_duty_bps: 0}
                """);

        Instrument i = load(f).instruments().byId(1);

        assertEquals(1, i.tickSize());
        assertEquals(List.of(new SessionWindow(0, 1440)), i.sessions());
        assertEquals(new Fees(-0.5, 0.1, 0.3, 0), i.fees());
    }

    @Test
    void shouldRejectATickSizeNotRepresentableAtTheScale() {
        Path f =
                write(
                        dir,
                        "c.yaml",
                        """
                instruments:
                  - id: 1
                    symbol: X
                    venue: SIM
                    price_scale: 2
                    tick_size: 0.005
                    lot_size: 1
                    currency: USD
                """);

        assertMessage(
                f
                        + ":6: instruments[0].tick_size: tick size 0.005 is not exactly representable at price_scale 2"
                        + " (it must be a multiple of 0.01)",
                loadFails(f));
    }

    @Test
    void shouldRejectADuplicateId() {
        Path f =
                write(
                        dir,
                        "c.yaml",
                        """
                instruments:
                  - {id: 1, symbol: A, venue: SIM, price_scale: 0, tick_size: 1, lot_size: 1, currency: USD}
                  - {id: 1, symbol: B, venue: SIM, price_scale: 0, tick_size: 1, lot_size: 1, currency: USD}
                """);

        assertMessage(
                f + ":3: instruments[1].id: duplicate id 1 (also instruments[0])", loadFails(f));
    }

    @Test
    void shouldRejectADuplicateSymbol() {
        Path f =
                write(
                        dir,
                        "c.yaml",
                        """
                instruments:
                  - {id: 1, symbol: A, venue: SIM, price_scale: 0, tick_size: 1, lot_size: 1, currency: USD}
                  - {id: 2, symbol: A, venue: SIM, price_scale: 0, tick_size: 1, lot_size: 1, currency: USD}
                """);

        assertMessage(
                f + ":3: instruments[1].symbol: duplicate symbol \"A\" (also instruments[0])",
                loadFails(f));
    }

    @Test
    void shouldRejectAMissingRequiredFieldAtTheInstrumentsLine() {
        Path f =
                write(
                        dir,
                        "c.yaml",
                        """
                instruments:
                  - id: 1
                    symbol: A
                    venue: SIM
                    price_scale: 0
                    tick_size: 1
                    lot_size: 1
                """);

        assertMessage(f + ":2: instruments[0].currency: required key missing", loadFails(f));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            id: 0                            | instruments[0].id           | out of range: 0 (expected 1..2147483647)
            price_scale: 10                  | instruments[0].price_scale  | out of range: 10 (expected 0..9)
            tick_size: 0                     | instruments[0].tick_size    | must be > 0: 0
            tick_size: abc                   | instruments[0].tick_size    | not a decimal number: "abc"
            lot_size: 0                      | instruments[0].lot_size     | out of range: 0 (expected > 0)
            symbol: ''                       | instruments[0].symbol       | must not be empty
            timezone: Mars/Olympus           | instruments[0].timezone     | unknown time zone "Mars/Olympus" (e.g. UTC, America/New_York, Asia/Shanghai)
            sessions: ['9:30-16:00']         | instruments[0].sessions[0]  | not a session: "9:30-16:00" (expected "HH:MM-HH:MM", e.g. "09:30-16:00")
            sessions: ['16:00-09:30']        | instruments[0].sessions[0]  | session "16:00-09:30" ends before it starts
            sessions: ['13:00-15:00', '09:30-11:30'] | instruments[0].sessions[1] | session "09:30-11:30" overlaps or precedes the one before it (list sessions in order)
            sessions: ['24:00-24:00']        | instruments[0].sessions[0]  | not a time of day in "24:00-24:00" (00:00..23:59; 24:00 only as an end)
            fees: {taker_bps: -1}            | instruments[0].fees.taker_bps | must be >= 0: -1
            fees: {rebate: 1}                | instruments[0].fees.rebate  | unknown key (known keys: maker_bps, taker_bps, min_commission, stamp_duty_bps)
            multiplier: 10                   | instruments[0].multiplier   | unknown key (known keys: id, symbol, venue, price_scale, tick_size, lot_size, currency, timezone, sessions, fees)
            """)
    void shouldRejectBadInstrumentFieldsAtTheirLine(String override, String key, String problem) {
        String field = override.substring(0, override.indexOf(':'));
        List<String> fields =
                new ArrayList<>(
                        List.of(
                                "id: 1",
                                "symbol: A",
                                "venue: SIM",
                                "price_scale: 2",
                                "tick_size: 0.01",
                                "lot_size: 1",
                                "currency: USD"));
        fields.removeIf(f -> f.startsWith(field + ":"));
        fields.add(override);
        StringBuilder yaml = new StringBuilder("instruments:\n");
        for (int i = 0; i < fields.size(); i++) {
            yaml.append(i == 0 ? "  - " : "    ").append(fields.get(i)).append('\n');
        }
        int line = fields.size() + 1;
        Path f = write(dir, "c.yaml", yaml.toString());

        assertMessage(f + ":" + line + ": " + key + ": " + problem, loadFails(f));
    }

    @Test
    void shouldRejectAnEmptyRegistry() {
        Path f = write(dir, "c.yaml", "instruments: []\n");

        assertMessage(
                f + ":1: instruments: no instruments: the registry needs at least one",
                loadFails(f));
    }

    @Test
    void shouldRejectAnUnknownKeyInTheInstrumentsFile() {
        write(dir, "instr.yaml", "venues: []\ninstruments: []\n");
        Path f = write(dir, "c.yaml", "instruments: instr.yaml\n");

        assertMessage(
                dir.resolve("instr.yaml") + ":1: venues: unknown key (known keys: instruments)",
                loadFails(f));
    }

    @Test
    void shouldRejectDuplicatesWhenBuiltInCode() {
        Instrument a =
                new Instrument(
                        1, "A", "SIM", 0, 1, 1, "USD", ZoneId.of("UTC"), List.of(), Fees.NONE);
        Instrument b =
                new Instrument(
                        1, "B", "SIM", 0, 1, 1, "USD", ZoneId.of("UTC"), List.of(), Fees.NONE);

        assertThrows(IllegalArgumentException.class, () -> InstrumentRegistry.of(List.of(a, b)));
    }
}
