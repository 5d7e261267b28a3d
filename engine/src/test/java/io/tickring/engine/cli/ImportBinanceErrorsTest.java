package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.assertOneLineBadInput;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.cli.CliTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import binance} errors a user can act on: the symbols the registry lacks are named, a
 * continuation file imported alone is refused saying how to import it, and a spot snapshot whose
 * symbol cannot be told asks for {@code --symbol}; each on one line, exit 2, with and without
 * {@code --json}.
 */
class ImportBinanceErrorsTest {
    @TempDir Path tmp;

    static Path fixture(String name) {
        return ImportQuantityScaleTest.frames().resolveSibling(name);
    }

    private static String trade(String symbol, int id) {
        return "{\"e\":\"trade\",\"E\":1,\"s\":\""
                + symbol
                + "\",\"t\":"
                + id
                + ",\"p\":\"1.5\",\"q\":\"2\",\"T\":1,\"m\":true}";
    }

    private Run importBinance(Path in, Path journal, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "import",
                                "binance",
                                "--in",
                                in.toString(),
                                "--journal",
                                journal.toString()));
        args.addAll(List.of(extra));
        return tickring(args.toArray(new String[0]));
    }

    @Test
    void shouldNameTheSymbolsTheRegistryLacksWhenNothingIsWritten() throws IOException {
        Path in = tmp.resolve("alts.jsonl");
        Files.write(in, List.of(trade("XRPUSDT", 1), trade("DOGEUSDT", 2), trade("XRPUSDT", 3)));
        Path journal = tmp.resolve("j");

        Run r = importBinance(in, journal);

        assertOneLineBadInput(
                r,
                "3 frames of symbols not in the registry (XRPUSDT, DOGEUSDT); add them with"
                        + " --instruments FILE");
        assertTrue(r.err().contains("no market event written from " + in), r.err());
        assertFalse(Files.exists(journal.resolve("in")), "the empty journal is removed");

        Run json = importBinance(in, tmp.resolve("j2"), "--json");
        assertEquals(2, json.code());
        String last = json.out().strip();
        assertTrue(
                last.startsWith("{\"command\":\"import binance\",\"error\":")
                        && last.contains("XRPUSDT, DOGEUSDT"),
                "one JSON object on stdout: " + json.out());
    }

    @Test
    void shouldRefuseAContinuationImportedAloneSayingHowToImportIt() throws IOException {
        // Diffs and a trade of BTCUSDT, but no snapshot: what a next-day file holds.
        Path in = tmp.resolve("continuation.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(fixture("diff-depth.jsonl")));
        lines.add(
                "1700000000900000000 {\"stream\":\"btcusdt@trade\",\"data\":"
                        + trade("BTCUSDT", 7)
                        + "}");
        Files.write(in, lines);
        Path journal = tmp.resolve("j");

        Run r = importBinance(in, journal);

        assertOneLineBadInput(
                r,
                "import binance: no snapshot in "
                        + in
                        + ": the diff-depth book of BTCUSDT never synced; import it after the file"
                        + " that holds the snapshot, --in EARLIER --in "
                        + in
                        + " (or give --snapshot FILE); no BOOK written, journal removed");
        assertFalse(Files.exists(journal.resolve("in")), "a journal without books is removed");

        Run json = importBinance(in, tmp.resolve("j2"), "--json");
        assertEquals(2, json.code());
        assertTrue(
                json.out().strip().startsWith("{\"command\":\"import binance\",\"error\":"),
                json.out());
        assertTrue(json.out().contains("never synced"), json.out());
    }

    @Test
    void shouldAskForTheSymbolOfASpotSnapshotAfterDiffsOfTwoSymbols() throws IOException {
        List<String> lines = Files.readAllLines(fixture("diff-depth.jsonl"));
        List<String> mixed = new ArrayList<>(lines.subList(0, 2));
        mixed.add(
                "1700000000150000000 {\"stream\":\"ethusd_perp@depth@100ms\",\"data\":{\"e\":"
                        + "\"depthUpdate\",\"E\":1700000000002,\"s\":\"ETHUSD_PERP\",\"U\":5,"
                        + "\"u\":6,\"pu\":4,"
                        + "\"b\":[[\"3000.00\",\"1\"]],\"a\":[]}}");
        mixed.add(
                "1700000000160000000 {\"lastUpdateId\":200,\"bids\":[[\"65000.00\",\"1\"]],"
                        + "\"asks\":[[\"65000.01\",\"1\"]]}");
        Path in = tmp.resolve("two.jsonl");
        Files.write(in, mixed);

        Run r = importBinance(in, tmp.resolve("j"));

        assertOneLineBadInput(
                r,
                in
                        + ":4: a REST depth snapshot that names no symbol (spot's) after diff-depth"
                        + " frames of 2 symbols (BTCUSDT, ETHUSD_PERP), so whose it is cannot be told:"
                        + " give --symbol S");
        Run withSymbol = importBinance(in, tmp.resolve("j2"), "--symbol", "BTCUSDT");
        assertFalse(withSymbol.err().contains("names no symbol"), "--symbol says whose it is");
    }
}
