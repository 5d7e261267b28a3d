package io.tickring.adapters.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.JournalRecords;
import io.tickring.adapters.importer.ImportException;
import io.tickring.adapters.importer.ImportOptions;
import io.tickring.adapters.importer.ImportResult;
import io.tickring.adapters.validate.DropReason;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.TestInstruments;
import io.tickring.journal.JournalInspector;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvImporterTest {
    /** 2025-06-03 09:30:00 in Shanghai, in epoch nanoseconds. */
    private static final long T0 = 1_748_914_200_000_000_000L;

    private static final long S = 1_000_000_000L;

    @TempDir Path tmp;

    private final TestInstruments instruments = new TestInstruments();

    private static Path resource(String name) {
        try {
            return Path.of(CsvImporterTest.class.getResource("/csv/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Market-data events of a journal as short strings: times relative to {@link #T0}. */
    private static List<String> events(Path journal) {
        List<String> out = new ArrayList<>();
        JournalRecords.forEach(
                journal,
                e -> {
                    if (e.type == EventType.TRADE) {
                        out.add(
                                "TRADE "
                                        + e.instrumentId
                                        + " "
                                        + (e.exchangeTimeNs - T0)
                                        + " "
                                        + e.tradePx
                                        + "x"
                                        + e.tradeQty
                                        + " "
                                        + Side.name(e.tradeAggressor));
                    } else if (e.type == EventType.BOOK) {
                        out.add(
                                "BOOK "
                                        + e.instrumentId
                                        + " "
                                        + (e.exchangeTimeNs - T0)
                                        + " "
                                        + levels(e));
                    }
                });
        return out;
    }

    private static String levels(RingEvent e) {
        StringBuilder sb = new StringBuilder("ask");
        for (int k = 0; k < e.levels; k++) {
            sb.append(' ').append(e.askPx[k]).append('x').append(e.askQty[k]);
        }
        sb.append(" bid");
        for (int k = 0; k < e.levels; k++) {
            sb.append(' ').append(e.bidPx[k]).append('x').append(e.bidQty[k]);
        }
        return sb.toString();
    }

    /** A side as the validator describes it: {@code ask 1x2, 3x4}. */
    private static String described(String side) {
        int space = side.indexOf(' ');
        return side.substring(0, space + 1) + side.substring(space + 1).replace(" ", ", ");
    }

    private static final String MOUTAI_ASKS =
            "ask 170001x100 170002x200 170010x300 170050x400 170100x500";
    private static final String MOUTAI_BIDS =
            "bid 170000x200 169999x300 169998x400 169950x100 169900x500";

    @Test
    void shouldImportTheDefaultLayoutAndDropEveryKindOfProblem() {
        Path file = resource("tqsdk_default.csv");
        Path journal = tmp.resolve("j");
        ImportResult r =
                new CsvImporter(
                                instruments,
                                CsvMapping.defaults(),
                                ImportOptions.defaults().withMaxReportedProblems(20))
                        .importFile(file, journal);
        assertEquals(20, r.rowsRead());
        assertEquals(8, r.written(EventType.BOOK));
        assertEquals(3, r.written(EventType.TRADE));
        assertEquals(2, r.dropped(DropReason.CROSSED_OR_LOCKED));
        assertEquals(2, r.dropped(DropReason.NON_POSITIVE_PRICE));
        assertEquals(1, r.dropped(DropReason.NON_POSITIVE_SIZE));
        assertEquals(1, r.dropped(DropReason.LEVELS_OUT_OF_ORDER));
        assertEquals(1, r.dropped(DropReason.TIME_BACKWARDS));
        assertEquals(1, r.dropped(DropReason.DUPLICATE));
        assertEquals(2, r.dropped(DropReason.BAD_FIELD));
        assertEquals(2, r.dropped(DropReason.PRICE_NOT_ON_SCALE));
        assertEquals(1, r.dropped(DropReason.UNKNOWN_SYMBOL));
        assertEquals(13, r.droppedTotal());
        assertEquals(List.of("600519", "IF2506"), r.symbols());

        String f = file.toString();
        assertEquals(
                List.of(
                        f
                                + ":6: DUPLICATE: same book as the previous one at "
                                + (T0 + 3 * S)
                                + " ns",
                        f + ":7: CROSSED_OR_LOCKED: best ask 170001 < best bid 170005",
                        f + ":8: CROSSED_OR_LOCKED: best ask 170001 = best bid 170001",
                        f
                                + ":9: NON_POSITIVE_PRICE: "
                                + described(MOUTAI_ASKS.replace("170002x200", "0x200")),
                        f
                                + ":10: NON_POSITIVE_SIZE: "
                                + described(MOUTAI_BIDS.replace("169998x400", "169998x-100")),
                        f
                                + ":11: LEVELS_OUT_OF_ORDER: "
                                + described(MOUTAI_ASKS.replace("170010x300", "170001x300")),
                        f
                                + ":12: TIME_BACKWARDS: exchange time "
                                + (T0 + S)
                                + " ns is before "
                                + (T0 + 3 * S)
                                + " ns",
                        f + ":13: BAD_FIELD: bid_price1 '17x0.00' is not a price",
                        f + ":14: BAD_FIELD: 20 fields where the header has 26",
                        f
                                + ":15: PRICE_NOT_ON_SCALE: bid_price2 '1699.995' has more decimals than price scale 2",
                        f
                                + ":16: PRICE_NOT_ON_SCALE: ask_price1 '3850.25' has more decimals than price scale 1",
                        f
                                + ":17: UNKNOWN_SYMBOL: symbol '000001' is not in the instrument registry",
                        f + ":21: NON_POSITIVE_PRICE: trade price 0 size 50"),
                r.problems());

        assertEquals(
                List.of(
                        "BOOK 201 0 " + MOUTAI_ASKS + " " + MOUTAI_BIDS,
                        "TRADE 201 " + 3 * S + " 170001x300 NONE",
                        "BOOK 201 "
                                + 3 * S
                                + " "
                                + MOUTAI_ASKS.replace("170001x100", "170001x50")
                                + " "
                                + MOUTAI_BIDS,
                        "BOOK 301 "
                                + S / 2
                                + " ask 38502x4 38504x6 38506x1 38508x2 0x0 bid 38500x5 38498x3 38496x2 38494x1 0x0",
                        "TRADE 301 " + S + " 38502x3 NONE",
                        "BOOK 301 "
                                + S
                                + " ask 38502x4 38504x6 38506x1 0x0 0x0 bid 38500x5 38498x3 38496x2 38494x1 0x0",
                        "TRADE 201 " + 21 * S + " 170002x700 NONE",
                        "BOOK 201 " + 21 * S + " " + MOUTAI_ASKS + " " + MOUTAI_BIDS,
                        "BOOK 301 "
                                + 2 * S
                                + " ask 0x0 0x0 0x0 0x0 0x0 bid 38500x5 38498x3 38496x2 38494x1 0x0",
                        "BOOK 201 " + 24 * S + " " + MOUTAI_ASKS + " " + MOUTAI_BIDS,
                        "BOOK 201 "
                                + 27 * S
                                + " "
                                + MOUTAI_ASKS.replace("170100x500", "170100x600")
                                + " "
                                + MOUTAI_BIDS),
                events(journal));

        JournalInspector.Stats stats = JournalInspector.verify(journal);
        assertEquals(12, stats.inRecords);
        JournalRecords.forEach(
                journal,
                e -> {
                    if (e.sequence == 0) {
                        String s = JournalRecords.session(e);
                        assertTrue(
                                s.startsWith(
                                        "{\"source\":\"csv\",\"importer_version\":\"1\",\"file\":"),
                                s);
                        assertTrue(
                                s.contains("\"levels\":5")
                                        && s.contains("\"datetime_unit\":\"ns\""),
                                s);
                    } else {
                        assertEquals(e.exchangeTimeNs, e.receiveTimeNs);
                    }
                });
    }

    @Test
    void shouldReportOnlyTheFirstFewProblemsButCountThemAll() {
        ImportResult r =
                new CsvImporter(instruments, CsvMapping.defaults(), ImportOptions.defaults())
                        .importFile(resource("tqsdk_default.csv"), tmp.resolve("j"));
        assertEquals(5, r.problems().size());
        assertEquals(13, r.droppedTotal());
        assertTrue(
                r.toJson().contains("\"dropped_total\":13,\"dropped\":{\"CROSSED_OR_LOCKED\":2,"),
                r.toJson());
    }

    @Test
    void shouldStopAtTheFirstProblemWhenStrict() {
        Path file = resource("tqsdk_default.csv");
        Path journal = tmp.resolve("j");
        ImportException e =
                assertThrows(
                        ImportException.class,
                        () ->
                                new CsvImporter(
                                                instruments,
                                                CsvMapping.defaults(),
                                                ImportOptions.defaults().withStrict(true))
                                        .importFile(file, journal));
        assertEquals(
                file + ":6: DUPLICATE: same book as the previous one at " + (T0 + 3 * S) + " ns",
                e.getMessage());
        assertEquals(
                7,
                JournalInspector.verify(journal).inRecords,
                "SESSION and the six events of lines 2 to 5");
    }

    @Test
    void shouldReadGzipLikePlain() throws IOException {
        Path gz = tmp.resolve("ticks.csv");
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(gz))) {
            os.write(Files.readAllBytes(resource("tqsdk_default.csv")));
        }
        ImportResult plain =
                new CsvImporter(instruments, CsvMapping.defaults(), ImportOptions.defaults())
                        .importFile(resource("tqsdk_default.csv"), tmp.resolve("a"));
        ImportResult zipped =
                new CsvImporter(instruments, CsvMapping.defaults(), ImportOptions.defaults())
                        .importFile(gz, tmp.resolve("b"));
        assertEquals(plain.written(EventType.BOOK), zipped.written(EventType.BOOK));
        assertEquals(plain.dropped().asMap(), zipped.dropped().asMap());
        assertEquals(events(tmp.resolve("a")), events(tmp.resolve("b")));
    }

    @Test
    void shouldReadAnotherLayoutThroughAMappingFile() {
        Path file = resource("ctp_layout.csv");
        CsvMapping mapping = CsvMapping.load(resource("ctp_layout.mapping"));
        assertEquals(
                "AskVol1", mapping.column("ask_volume1"), "an explicit key wins over the pattern");
        assertEquals("AskVolume2", mapping.column("ask_volume2"));
        assertEquals(4, mapping.priceDecimals());
        Path journal = tmp.resolve("j");
        ImportResult r =
                new CsvImporter(instruments, mapping, ImportOptions.defaults())
                        .importFile(file, journal);
        assertEquals(5, r.rowsRead());
        assertEquals(3, r.written(EventType.BOOK));
        assertEquals(1, r.written(EventType.TRADE));
        assertEquals(1, r.dropped(DropReason.PRICE_NOT_ON_SCALE));
        assertEquals(1, r.dropped(DropReason.BAD_FIELD));
        assertEquals(
                List.of(
                        file
                                + ":4: PRICE_NOT_ON_SCALE: bid_price1 '38503500' has more decimals than price scale 1",
                        file
                                + ":6: BAD_FIELD: datetime '2025-06-03 9:30:06' is not yyyy-MM-dd HH:mm:ss[.f] local time"),
                r.problems());
        assertEquals(
                List.of(
                        "BOOK 301 "
                                + S / 2
                                + " ask 38502x4 38504x5 38506x6 38508x7 38510x8 bid 38500x5 38498x6 38496x7 38494x8 38492x9",
                        "TRADE 301 " + (S + 1) + " 38502x2 NONE",
                        "BOOK 301 "
                                + (S + 1)
                                + " ask 38502x2 38504x5 38506x6 38508x7 38510x8 bid 38500x5 38498x6 38496x7 38494x8 38492x9",
                        "BOOK 201 "
                                + 3 * S
                                + " ask 170001x200 170002x300 170003x400 170004x500 170005x600"
                                + " bid 170000x100 169999x200 169998x300 169997x400 169996x500"),
                events(journal));
        JournalInspector.verify(journal);
    }

    @Test
    void shouldTakeAFixedSymbolEpochMillisTabsAndNoTrades() throws IOException {
        Path mappingFile = tmp.resolve("m.properties");
        Files.writeString(
                mappingFile,
                "fixed_symbol=IF2506\ndatetime=ts\ndatetime_unit=ms\ndelimiter=tab\ntrades=false\n");
        Path file = tmp.resolve("ticks.tsv");
        Files.writeString(
                file,
                "ts\tlast_price\tvolume\tbid_price1\tbid_volume1\task_price1\task_volume1\n"
                        + "1748914200500\t3850.2\t10\t3850.0\t1\t3850.2\t2\r\n"
                        + "1748914200600.5\t3850.2\t12\t3850.0\t1\t3850.2\t1\r\n"
                        + "\n"
                        + "1748914200700\t3850.2\t12\t\"3850.0\"\t1\t 3850.2 \t3\r\n");
        ImportResult r =
                new CsvImporter(
                                instruments,
                                CsvMapping.load(mappingFile),
                                ImportOptions.defaults().withLevels(1))
                        .importFile(file, tmp.resolve("j"));
        assertEquals(3, r.rowsRead());
        assertEquals(0, r.written(EventType.TRADE));
        assertEquals(
                List.of(
                        "BOOK 301 500000000 ask 38502x2 bid 38500x1",
                        "BOOK 301 600500000 ask 38502x1 bid 38500x1",
                        "BOOK 301 700000000 ask 38502x3 bid 38500x1"),
                events(tmp.resolve("j")));
    }

    @Test
    void shouldReportProgressEveryMillionRows() throws IOException {
        Path mappingFile = tmp.resolve("m.properties");
        Files.writeString(mappingFile, "fixed_symbol=IF2506\ntrades=false\n");
        Path file = tmp.resolve("many.csv");
        int rows = (int) ImportOptions.PROGRESS_EVERY + 1000;
        try (var w = Files.newBufferedWriter(file)) {
            w.write("datetime,bid_price1,bid_volume1,ask_price1,ask_volume1\n");
            for (int i = 0; i < rows; i++) {
                w.write(T0 + i * 1000L + ",3850.0," + (1 + i % 7) + ",3850.2,2\n");
            }
        }
        List<Long> progress = new ArrayList<>();
        long[] books = new long[1];
        ImportResult r =
                new CsvImporter(
                                instruments,
                                CsvMapping.load(mappingFile),
                                ImportOptions.defaults().withLevels(1).withProgress(progress::add))
                        .importFile(file, e -> books[0] += e.type == EventType.BOOK ? 1 : 0);
        assertEquals(List.of(ImportOptions.PROGRESS_EVERY), progress);
        assertEquals(rows, r.rowsRead());
        assertEquals(rows, books[0]);
        assertEquals(0, r.droppedTotal());
    }

    @Test
    void shouldNameTheHeaderLineOfAMissingColumn() {
        ImportException e =
                assertThrows(
                        ImportException.class,
                        () ->
                                new CsvImporter(
                                                instruments,
                                                CsvMapping.defaults(),
                                                ImportOptions.defaults().withLevels(6))
                                        .importFile(
                                                resource("tqsdk_default.csv"), tmp.resolve("j")));
        assertTrue(
                e.getMessage()
                        .endsWith(
                                "tqsdk_default.csv:1: no column 'ask_price6' for ask_price6 in the header"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("j").resolve("in")));
    }

    @Test
    void shouldNameTheLineOfABadMappingEntry() {
        assertMappingError("symbol=a\nbid_prise1=x\n", "m:2: unknown key 'bid_prise1'");
        assertMappingError(
                "bid_price{k}=BidPrice\n", "m:1: bid_price{k} needs a column pattern with {k}");
        assertMappingError(
                "# c\n\ndatetime_unit=fortnights\n",
                "m:3: datetime_unit must be ns, us, ms, s or local");
        assertMappingError(
                "price_scale_divisor=1000\nprice_scale_divisor=100\n",
                "m:2: key price_scale_divisor given twice");
        assertMappingError(
                "price_scale_divisor=300\n", "m:1: price_scale_divisor must be 1, 10, 100");
        assertMappingError("no equals sign\n", "m:1: expected key=value");
        assertMappingError("ask_price11=x\n", "m:1: unknown key 'ask_price11'");
    }

    private static void assertMappingError(String text, String expectedStart) {
        ImportException e =
                assertThrows(
                        ImportException.class, () -> CsvMapping.parse("m", text.lines().toList()));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }

    @Test
    void shouldRejectAnEmptyFileAndAMissingOne() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.csv"));
        ImportException e =
                assertThrows(
                        ImportException.class,
                        () ->
                                new CsvImporter(
                                                instruments,
                                                CsvMapping.defaults(),
                                                ImportOptions.defaults())
                                        .importFile(empty, tmp.resolve("j")));
        assertTrue(e.getMessage().startsWith(empty + ": empty file"), e.getMessage());
        Path missing = tmp.resolve("missing.csv");
        ImportException m =
                assertThrows(
                        ImportException.class,
                        () ->
                                new CsvImporter(
                                                instruments,
                                                CsvMapping.defaults(),
                                                ImportOptions.defaults())
                                        .importFile(missing, tmp.resolve("j")));
        assertTrue(m.getMessage().startsWith(missing + ": no such file"), m.getMessage());
    }

    /**
     * A one-level file with a trading-phase column: pre-open zeros, opening auction, continuous.
     */
    private Path phasedFile() throws IOException {
        String header =
                "symbol,datetime,last_price,volume,phase,ask_price1,ask_volume1,bid_price1,bid_volume1\n";
        String rows =
                String.join(
                        "\n",
                        "600519," + T0 + ",0,0,S,0,0,0,0",
                        "600519," + (T0 + S) + ",,0,S,,,,",
                        "600519," + (T0 + 2 * S) + ",1700.00,0,C,1700.00,500,1700.00,800",
                        "600519," + (T0 + 3 * S) + ",1700.00,9000,c,1700.00,300,1700.00,300",
                        "600519," + (T0 + 4 * S) + ",1700.01,9100,T,1700.01,100,1700.00,200",
                        "600519," + (T0 + 5 * S) + ",1700.01,9150,T,1700.01,50,1700.00,200",
                        "600519," + (T0 + 6 * S) + ",0,9150,T,0,0,0,0");
        Path file = tmp.resolve("phased.csv");
        Files.writeString(file, header + rows + "\n");
        return file;
    }

    @Test
    void shouldCountEmptyAndCallAuctionBooksAndJournalNeitherEvenWhenStrict() throws IOException {
        Path file = phasedFile();
        for (boolean strict : new boolean[] {false, true}) {
            Path journal = tmp.resolve("phased-" + strict);
            ImportResult r =
                    new CsvImporter(
                                    instruments,
                                    CsvMapping.defaults(),
                                    ImportOptions.defaults().withLevels(1).withStrict(strict))
                            .importFile(file, journal);
            assertEquals(7, r.rowsRead());
            assertEquals(3, r.dropped(DropReason.EMPTY_BOOK), "two pre-open rows, one after");
            assertEquals(2, r.dropped(DropReason.CALL_AUCTION), "C and c");
            assertEquals(5, r.droppedTotal());
            assertEquals(List.of(), r.problems(), "expected data is not a problem");
            // The auction's 9000 matched are not a continuous print: the first TRADE is the 100
            // traded after it.
            assertEquals(
                    List.of(
                            "TRADE 201 " + 4 * S + " 170001x100 NONE",
                            "BOOK 201 " + 4 * S + " ask 170001x100 bid 170000x200",
                            "TRADE 201 " + 5 * S + " 170001x50 NONE",
                            "BOOK 201 " + 5 * S + " ask 170001x50 bid 170000x200"),
                    events(journal));
        }
    }

    @Test
    void shouldTakeTheAuctionPhasesAndThePhaseColumnFromTheMapping() throws IOException {
        Path file = phasedFile();
        String text = Files.readString(file).replaceFirst(",phase,", ",TradingPhase,");
        Files.writeString(file, text.replace(",T,", ",X,"));
        CsvMapping m =
                CsvMapping.parse("m", List.of("phase = TradingPhase", "auction_phases = X, C"));
        ImportResult r =
                new CsvImporter(instruments, m, ImportOptions.defaults().withLevels(1))
                        .importFile(file, tmp.resolve("j"));
        assertEquals(5, r.dropped(DropReason.CALL_AUCTION), "C, c and the three X rows");
        assertEquals(0, r.written(EventType.BOOK));
        assertTrue(m.toJson().contains("\"auction_phases\":[\"X\",\"C\"]"), m.toJson());
    }
}
