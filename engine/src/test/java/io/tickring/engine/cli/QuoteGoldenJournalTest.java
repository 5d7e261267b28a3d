package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.cli.CliTest.Run;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden journal with QUOTE records ({@code journal/src/test/resources/golden/v2-quote}, schema
 * version 2): what {@code import binance} wrote from {@code
 * adapters/src/test/resources/binance/golden-quote.jsonl} (a spot BTCUSDT recording: diffs, a
 * bookTicker, the inline snapshot, two diffs that publish BOOKs, a trade, a second bookTicker),
 * kept so journals with QUOTEs stay readable. {@code journal dump|stats|verify} and {@code
 * backtest} read it. Never rewritten: a new schema version gets a new golden directory.
 */
class QuoteGoldenJournalTest {
    @TempDir Path tmp;

    private Path golden() throws IOException {
        Path to = tmp.resolve("v2-quote");
        CliTest.copyTree(JournalFormatCliTest.golden("v2-quote"), to);
        return to;
    }

    @Test
    void shouldVerifyAndCountTheQuoteRecords() throws IOException {
        Run verify = tickring("journal", "verify", golden().toString(), "--json");

        assertEquals(0, verify.code(), verify.err());
        String line = verify.lastLine();
        assertEquals("2", field(line, "schema"));
        assertEquals("6", field(line, "in_records"));
        assertTrue(line.contains("\"QUOTE\":2"), line);
        assertTrue(line.contains("\"BOOK\":2") && line.contains("\"TRADE\":1"), line);
    }

    @Test
    void shouldDumpEveryQuoteFieldAndCountThemInStats() throws IOException {
        Path g = golden();
        Run dump = tickring("journal", "dump", g.toString());
        Run stats = tickring("journal", "stats", g.toString());

        assertEquals(0, dump.code(), dump.err());
        assertTrue(
                dump.out()
                        .contains(
                                "{\"q\":\"in\",\"seq\":1,\"type\":\"QUOTE\",\"instrument\":401,"
                                        + "\"exch_ns\":1700000000003000000,\"recv_ns\":1700000000003000000,"
                                        + "\"bid_px\":6500000,\"bid_qty\":150000,\"ask_px\":6500001,\"ask_qty\":1}"),
                dump.out());
        assertTrue(
                dump.out()
                        .contains(
                                "{\"q\":\"in\",\"seq\":5,\"type\":\"QUOTE\",\"instrument\":401,"
                                        + "\"exch_ns\":1700000000008000000,\"recv_ns\":1700000000008000000,"
                                        + "\"bid_px\":6500001,\"bid_qty\":5000,\"ask_px\":6500002,\"ask_qty\":100000}"),
                dump.out());
        assertEquals(0, stats.code(), stats.err());
        assertTrue(stats.out().contains("schema version 2"), stats.out());
        assertTrue(stats.out().matches("(?s).*QUOTE +2\\n.*"), stats.out());
    }

    @Test
    void shouldBacktestTheJournalWithItsQuotes() throws IOException {
        Run backtest = tickring("backtest", "--journal", golden().toString(), "--json");

        assertEquals(0, backtest.code(), backtest.err());
        String line = backtest.lastLine();
        assertEquals("6", field(line, "events"), line);
        assertTrue(line.contains("\"QUOTE\":2"), line);
    }
}
