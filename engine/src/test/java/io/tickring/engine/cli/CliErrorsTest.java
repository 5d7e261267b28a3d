package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.assertOneLineBadInput;
import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.cli.CliTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors a user can act on: each one line on stderr with exit 2, and with {@code --json} one JSON
 * object on stdout's last line naming the error and the exit code.
 */
class CliErrorsTest {
    /** 2025-06-03 09:30:00 in Shanghai, in epoch nanoseconds. */
    private static final long T0 = 1_748_914_200_000_000_000L;

    @TempDir Path tmp;

    /**
     * Runs {@code args} without and with {@code --json}: both exit 2 with the same one-line error
     * containing {@code fragment}; the JSON run's stdout ends with the error object. Returns the
     * message.
     */
    static String assertBadInputBothWays(String fragment, String... args) {
        Run plain = tickring(args);
        assertOneLineBadInput(plain, fragment);
        assertEquals("", plain.out().strip(), "nothing on stdout without --json");
        List<String> withJson = new ArrayList<>(Arrays.asList(args));
        withJson.add("--json");
        Run json = tickring(withJson.toArray(new String[0]));
        assertOneLineBadInput(json, fragment);
        String line = json.lastLine();
        assertTrue(line.startsWith("{") && line.endsWith("}"), line);
        assertEquals("2", field(line, "exit"), line);
        assertTrue(field(line, "error").contains(fragment.replace("\"", "")), line);
        return plain.err().strip();
    }

    /** A CSV of {@code symbol} rows, one level, at the given mid in price units. */
    private Path csv(String name, String symbol, int rows) throws IOException {
        StringBuilder b =
                new StringBuilder(
                        "symbol,datetime,last_price,volume,ask_price1,ask_volume1,bid_price1,bid_volume1\n");
        for (int i = 0; i < rows; i++) {
            long t = T0 + i * 1_000_000_000L;
            b.append(symbol)
                    .append(',')
                    .append(t)
                    .append(",10.01,")
                    .append(100 * i)
                    .append(",10.02,")
                    .append(100 + i)
                    .append(",10.00,")
                    .append(200 + i)
                    .append('\n');
        }
        Path f = tmp.resolve(name);
        Files.writeString(f, b.toString());
        return f;
    }

    private Path userInstruments() throws IOException {
        Path f = tmp.resolve("mine.yaml");
        Files.writeString(
                f,
                "instruments:\n"
                        + "  - {id: 9001, symbol: ACME, venue: X, price_scale: 2, tick_size: 0.01,"
                        + " lot_size: 1, currency: USD}\n");
        return f;
    }

    @Test
    void shouldPrintAJsonErrorForUsageErrors() {
        String m = assertBadInputBothWays("Missing required option: '--journal=DIR'", "backtest");
        assertTrue(m.endsWith("(see 'tickring backtest --help')"), m);
        Run r = tickring("backtest", "--journal", tmp.toString(), "--no-such-flag", "--json");
        assertEquals(2, r.code());
        assertEquals("backtest", field(r.lastLine(), "command"));
        assertTrue(field(r.lastLine(), "error").startsWith("Unknown option"), r.lastLine());
        assertBadInputBothWays("no such", "journal", "verify", tmp.resolve("nope").toString());
        assertBadInputBothWays(
                "unknown action", "model", "frobnicate", OnnxFixturesPath.shipped().toString());
    }

    @Test
    void shouldRefuseACsvImportOfUnknownSymbolsNamingThemAndTheRegistry() throws IOException {
        Path in = csv("acme.csv", "ACME", 5);
        Path j = tmp.resolve("j");
        String m =
                assertBadInputBothWays(
                        "no market event written from " + in,
                        "import",
                        "csv",
                        "--in",
                        in.toString(),
                        "--journal",
                        j.toString(),
                        "--levels",
                        "1");
        assertTrue(
                m.contains(
                        "symbols seen: ACME (not in the registry: ACME; add them with --instruments FILE)"),
                m);
        assertTrue(m.contains("registry: the embedded config/instruments.yaml"), m);
        assertTrue(m.endsWith("dropped: UNKNOWN_SYMBOL=5"), m);
        assertFalse(
                Files.exists(j),
                () ->
                        "the empty journal is removed, so the same command can rerun: "
                                + Arrays.toString(j.toFile().list()));
    }

    @Test
    void shouldRefuseACsvImportOfOnlyEmptyBooks() throws IOException {
        Path in = tmp.resolve("zeros.csv");
        Files.writeString(
                in,
                "symbol,datetime,last_price,volume,ask_price1,ask_volume1,bid_price1,bid_volume1\n"
                        + "600519,"
                        + T0
                        + ",0,0,0,0,0,0\n");
        String m =
                assertBadInputBothWays(
                        "symbols seen: 600519; registry:",
                        "import",
                        "csv",
                        "--in",
                        in.toString(),
                        "--journal",
                        tmp.resolve("j").toString(),
                        "--levels",
                        "1");
        assertTrue(m.endsWith("dropped: EMPTY_BOOK=1"), m);
    }

    @Test
    void shouldImportAndBacktestUserInstrumentsAndRefuseABacktestWithoutThem() throws IOException {
        Path in = csv("acme.csv", "ACME", 30);
        Path mine = userInstruments();
        Path j = tmp.resolve("j");
        Run imp =
                tickring(
                        "import",
                        "csv",
                        "--in",
                        in.toString(),
                        "--journal",
                        j.toString(),
                        "--levels",
                        "1",
                        "--instruments",
                        mine.toString(),
                        "--json");
        assertEquals(0, imp.code(), imp.err());
        assertEquals("30", field(imp.lastLine(), "BOOK"));

        String m =
                assertBadInputBothWays(
                        j
                                + ": names instrument id 9001 that the registry of embedded default"
                                + " lacks; add them with --instruments FILE",
                        "backtest",
                        "--journal",
                        j.toString());
        assertFalse(m.contains("Exception"), m);

        Run bt =
                tickring(
                        "backtest",
                        "--journal",
                        j.toString(),
                        "--instruments",
                        mine.toString(),
                        "--json");
        assertEquals(0, bt.code(), bt.err());
        assertTrue(Long.parseLong(field(bt.lastLine(), "events")) > 30, bt.lastLine());
    }

    @Test
    void shouldRefuseAConflictingInstrumentsFileNamingBothFiles() throws IOException {
        Path mine = tmp.resolve("clash.yaml");
        Files.writeString(
                mine,
                "instruments:\n"
                        + "  - {id: 9002, symbol: MSFT, venue: X, price_scale: 4, tick_size: 0.01,"
                        + " lot_size: 1, currency: USD}\n");
        String m =
                assertBadInputBothWays(
                        "MSFT conflicts with the registry: id 9002 here but id 101 in ",
                        "import",
                        "csv",
                        "--in",
                        csv("x.csv", "MSFT", 1).toString(),
                        "--journal",
                        tmp.resolve("j").toString(),
                        "--instruments",
                        mine.toString());
        assertTrue(m.startsWith("csv: " + mine + ":2: instruments[0].symbol: "), m);
    }

    @Test
    void shouldNameTheRegistryForAnUnknownLobsterSymbol() throws IOException {
        Path msg = Files.writeString(tmp.resolve("m.csv"), "34200.0,1,1,100,1000000,1\n");
        Path book = Files.writeString(tmp.resolve("b.csv"), "1000100,100,1000000,100\n");
        assertBadInputBothWays(
                "symbol NOPE is not in the instrument registry (the embedded"
                        + " config/instruments.yaml; add it with --instruments FILE)",
                "import",
                "lobster",
                "--message",
                msg.toString(),
                "--orderbook",
                book.toString(),
                "--symbol",
                "NOPE",
                "--date",
                "2012-06-21",
                "--levels",
                "1",
                "--journal",
                tmp.resolve("j").toString());
    }

    @Test
    void shouldImportTenLevelCsvBooksAndRefuseElevenLevels() throws IOException {
        StringBuilder header = new StringBuilder("symbol,datetime");
        StringBuilder row = new StringBuilder("600519," + T0);
        for (int k = 1; k <= 10; k++) {
            header.append(",ask_price").append(k).append(",ask_volume").append(k);
            header.append(",bid_price").append(k).append(",bid_volume").append(k);
            row.append(',').append(1700 + k).append(".00,").append(100 * k);
            row.append(',').append(1700 - k).append(".00,").append(200 * k);
        }
        Path in = tmp.resolve("ten.csv");
        Files.writeString(in, header + "\n" + row + "\n");
        Run r =
                tickring(
                        "import",
                        "csv",
                        "--in",
                        in.toString(),
                        "--journal",
                        tmp.resolve("j10").toString(),
                        "--levels",
                        "10",
                        "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals("1", field(r.lastLine(), "BOOK"));
        assertBadInputBothWays(
                "--levels: 11 is not in 1..10",
                "import",
                "csv",
                "--in",
                in.toString(),
                "--journal",
                tmp.resolve("j11").toString(),
                "--levels",
                "11");
        String help = tickring("import", "csv", "--help").out();
        assertTrue(help.contains("Book depth, 1..10"), help);
    }

    /** Where the shipped model is, from the engine module or the repository root. */
    static final class OnnxFixturesPath {
        static Path shipped() {
            for (Path p :
                    List.of(Path.of("../model/deeplob.onnx"), Path.of("model/deeplob.onnx"))) {
                if (Files.exists(p)) {
                    return p.toAbsolutePath().normalize();
                }
            }
            throw new IllegalStateException("model/deeplob.onnx not found");
        }
    }
}
