package io.tickring.adapters.lobster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.JournalRecords;
import io.tickring.adapters.SharedData;
import io.tickring.adapters.importer.ImportException;
import io.tickring.adapters.importer.ImportOptions;
import io.tickring.adapters.importer.ImportResult;
import io.tickring.adapters.validate.DropReason;
import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.TestInstruments;
import io.tickring.journal.JournalInspector;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LobsterImporterTest {
    private static final LocalDate DATE = LocalDate.of(2012, 6, 21);
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** 2012-06-21 09:30:00 in New York, in epoch nanoseconds (13:30 UTC). */
    private static final long OPEN_NS = 1_340_285_400_000_000_000L;

    @TempDir Path tmp;

    private final TestInstruments instruments = new TestInstruments();

    private ImportResult importSample(String symbol, int levels, Path journal) {
        Path dir = SharedData.lobster();
        return new LobsterImporter(instruments, ImportOptions.defaults().withLevels(levels))
                .importFiles(
                        dir.resolve(symbol + "_message_20k.csv.gz"),
                        dir.resolve(symbol + "_orderbook_20k.csv.gz"),
                        symbol,
                        DATE,
                        journal);
    }

    /** Imports a sample and checks counts and every event against the naive reference reading. */
    private LobsterReference checkSample(String symbol, int levels, int instrumentId) {
        Path dir = SharedData.lobster();
        Path journal = tmp.resolve(symbol + levels);
        ImportResult r = importSample(symbol, levels, journal);
        LobsterReference ref =
                new LobsterReference(
                        dir.resolve(symbol + "_message_20k.csv.gz"),
                        dir.resolve(symbol + "_orderbook_20k.csv.gz"),
                        DATE,
                        NEW_YORK,
                        levels);
        assertEquals(20_000, r.rowsRead());
        assertEquals(0, r.droppedTotal(), r.problems().toString());
        assertTrue(r.problems().isEmpty());
        assertEquals(ref.count(EventType.BOOK), r.written(EventType.BOOK));
        assertEquals(ref.count(EventType.TRADE), r.written(EventType.TRADE));
        assertEquals(0, r.written(EventType.CONTROL));
        assertEquals(ref.unchanged, r.booksUnchanged());
        assertEquals(
                20_000,
                r.written(EventType.BOOK) + r.booksUnchanged(),
                "every row is a BOOK or unchanged");

        JournalInspector.Stats stats = JournalInspector.verify(journal);
        assertEquals(1, stats.inCounts[EventType.SESSION]);
        assertEquals(r.written(EventType.BOOK), stats.inCounts[EventType.BOOK]);
        assertEquals(r.written(EventType.TRADE), stats.inCounts[EventType.TRADE]);

        List<String> mismatches = new ArrayList<>();
        long n =
                JournalRecords.forEach(
                        journal,
                        e -> {
                            if (e.sequence == 0) {
                                String s = JournalRecords.session(e);
                                assertTrue(
                                        s.contains("\"source\":\"lobster\"")
                                                && s.contains("\"symbol\":\"" + symbol + "\"")
                                                && s.contains("\"date\":\"2012-06-21\"")
                                                && s.contains("\"levels\":" + levels),
                                        s);
                                return;
                            }
                            LobsterReference.Expected x = ref.events.get((int) e.sequence - 1);
                            String d = LobsterReference.diff(x, e, instrumentId, levels);
                            if (d != null && mismatches.size() < 5) {
                                mismatches.add(
                                        "seq " + e.sequence + " (row " + x.row() + "): " + d);
                            }
                        });
        assertEquals(1 + ref.events.size(), n);
        assertEquals(List.of(), mismatches);
        return ref;
    }

    @Test
    void shouldImportTheMsftSampleWithTheCountsTheFilesImply() {
        LobsterReference ref = checkSample("MSFT", 5, 101);
        // 1,500 visible + 190 hidden executions; the 190 hidden ones leave the L5 book as it was.
        assertEquals(19_810, ref.count(EventType.BOOK));
        assertEquals(1_690, ref.count(EventType.TRADE));
    }

    @Test
    void shouldImportTheAmznSampleAtTenAndAtFiveLevels() {
        LobsterReference ten = checkSample("AMZN", 10, 102);
        assertEquals(19_674, ten.count(EventType.BOOK));
        assertEquals(1_077, ten.count(EventType.TRADE));
        LobsterReference five = checkSample("AMZN", 5, 102);
        assertEquals(
                15_299,
                five.count(EventType.BOOK),
                "changes beyond level 5 make no BOOK at depth 5");
        assertEquals(1_077, five.count(EventType.TRADE));
    }

    @Test
    void shouldMatchHandCheckedRowsFieldByField() {
        Path dir = SharedData.lobster();
        Path journal = tmp.resolve("msft");
        importSample("MSFT", 5, journal);
        LobsterReference ref =
                new LobsterReference(
                        dir.resolve("MSFT_message_20k.csv.gz"),
                        dir.resolve("MSFT_orderbook_20k.csv.gz"),
                        DATE,
                        NEW_YORK,
                        5);
        List<RingEvent> picked = new ArrayList<>();
        long row1Book = 1 + ref.indexOf(1, EventType.BOOK);
        long row288Trade = 1 + ref.indexOf(288, EventType.TRADE);
        long row7079Book = 1 + ref.indexOf(7079, EventType.BOOK);
        long row305Trade = 1 + ref.indexOf(305, EventType.TRADE);
        JournalRecords.forEach(
                journal,
                e -> {
                    if (e.sequence == row1Book
                            || e.sequence == row288Trade
                            || e.sequence == row7079Book
                            || e.sequence == row305Trade) {
                        RingEvent copy = new RingEvent();
                        copy.copyInputFrom(e);
                        picked.add(copy);
                    }
                });
        assertEquals(4, picked.size());

        // Row 1: 34200.01399412,3,16085616,100,310400,-1 and the L5 book after it.
        RingEvent b = picked.get(0);
        assertEquals(1, b.sequence);
        assertEquals(EventType.BOOK, b.type);
        assertEquals(101, b.instrumentId);
        assertEquals(OPEN_NS + 13_994_120L, b.exchangeTimeNs);
        assertEquals(5, b.levels);
        assertArrayEquals(
                new long[] {309900, 310500, 310600, 310700, 310800, 0, 0, 0, 0, 0}, b.askPx);
        assertArrayEquals(new long[] {3788, 100, 100, 200, 200, 0, 0, 0, 0, 0}, b.askQty);
        assertArrayEquals(
                new long[] {309500, 309300, 309200, 309100, 308900, 0, 0, 0, 0, 0}, b.bidPx);
        assertArrayEquals(new long[] {300, 3986, 100, 300, 100, 0, 0, 0, 0, 0}, b.bidQty);

        // Row 288: 34202.214995101,5,0,100,309650,-1 — a hidden sell order executed:
        // buyer-initiated, mid-tick.
        RingEvent t = picked.get(1);
        assertEquals(EventType.TRADE, t.type);
        assertEquals(OPEN_NS + 2_214_995_101L, t.exchangeTimeNs);
        assertEquals(309_650, t.tradePx);
        assertEquals(100, t.tradeQty);
        assertEquals(Side.BUY, t.tradeAggressor);

        // Row 305: 34202.31074005,5,0,100,309650,-1 — eight decimals.
        RingEvent t2 = picked.get(2);
        assertEquals(OPEN_NS + 2_310_740_050L, t2.exchangeTimeNs);

        // Row 7079: 34397.878728270996 has twelve decimals (written through a double): rounds to
        // ...271 ns.
        RingEvent late = picked.get(3);
        assertEquals(EventType.BOOK, late.type);
        assertEquals(OPEN_NS + 197_878_728_271L, late.exchangeTimeNs);
    }

    @Test
    void shouldTakeTheAggressorFromTheRestingOrdersDirection() {
        Path dir = SharedData.lobster();
        long buys =
                LobsterReference.lines(dir.resolve("MSFT_message_20k.csv.gz")).stream()
                        .map(l -> l.split(","))
                        .filter(f -> (f[1].equals("4") || f[1].equals("5")) && f[5].equals("-1"))
                        .count();
        Path journal = tmp.resolve("msft");
        importSample("MSFT", 5, journal);
        long[] aggressors = new long[3];
        JournalRecords.forEach(
                journal,
                e -> {
                    if (e.type == EventType.TRADE) {
                        aggressors[e.tradeAggressor + 1]++;
                    }
                });
        assertEquals(1_037, buys);
        assertEquals(
                buys,
                aggressors[Side.BUY + 1],
                "sell limit orders executed are buyer-initiated trades");
        assertEquals(653, aggressors[Side.SELL + 1]);
        assertEquals(0, aggressors[Side.NONE + 1]);
    }

    /**
     * Copies the MSFT pair to {@code tmp}, garbling message line 100 and crossing orderbook line
     * 200.
     */
    private Path[] damagedMsft(boolean gzip) throws IOException {
        Path dir = SharedData.lobster();
        List<String> m = LobsterReference.lines(dir.resolve("MSFT_message_20k.csv.gz"));
        List<String> b = LobsterReference.lines(dir.resolve("MSFT_orderbook_20k.csv.gz"));
        m.set(99, "34201.2x71,1,22000000,100,310400,-1");
        String[] f = b.get(199).split(",");
        f[2] = Long.toString(Long.parseLong(f[0]) + 100); // best bid above best ask
        b.set(199, String.join(",", f));
        String suffix = gzip ? ".csv.gz" : ".csv";
        Path mp = tmp.resolve("MSFT_message_damaged" + suffix);
        Path bp = tmp.resolve("MSFT_orderbook_damaged" + suffix);
        write(mp, m, gzip);
        write(bp, b, gzip);
        return new Path[] {mp, bp};
    }

    private static void write(Path p, List<String> lines, boolean gzip) throws IOException {
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
        if (gzip) {
            try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(p))) {
                os.write(bytes);
            }
        } else {
            Files.write(p, bytes);
        }
    }

    @Test
    void shouldReportTheLineOfDamagedRowsAndKeepTheGoodEvents() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path[] files = damagedMsft(gzip);
            Path journal = tmp.resolve("damaged-" + gzip);
            ImportResult r =
                    new LobsterImporter(instruments, ImportOptions.defaults())
                            .importFiles(files[0], files[1], "MSFT", DATE, journal);
            LobsterReference ref = new LobsterReference(files[0], files[1], DATE, NEW_YORK, 5);
            assertEquals(20_000, r.rowsRead());
            assertEquals(1, r.dropped(DropReason.BAD_FIELD));
            assertEquals(1, r.dropped(DropReason.CROSSED_OR_LOCKED));
            assertEquals(2, r.droppedTotal());
            assertEquals(2, r.problems().size());
            assertTrue(
                    r.problems().get(0).startsWith(files[0] + ":100: BAD_FIELD: "),
                    r.problems().get(0));
            assertTrue(
                    r.problems()
                            .get(1)
                            .startsWith(
                                    files[1]
                                            + ":200: CROSSED_OR_LOCKED: best ask 310000 < best bid 310100"),
                    r.problems().get(1));
            assertEquals(ref.count(EventType.BOOK), r.written(EventType.BOOK));
            assertEquals(ref.count(EventType.TRADE), r.written(EventType.TRADE));
            assertEquals(
                    19_808, r.written(EventType.BOOK), "two of the 19,810 rows are lost, no more");
            JournalInspector.Stats stats = JournalInspector.verify(journal);
            assertEquals(1 + r.eventsWritten(), stats.inRecords);
        }
    }

    @Test
    void shouldStopAtTheFirstProblemWhenStrict() throws IOException {
        Path[] files = damagedMsft(false);
        Path journal = tmp.resolve("strict");
        ImportException e =
                assertThrows(
                        ImportException.class,
                        () ->
                                new LobsterImporter(
                                                instruments,
                                                ImportOptions.defaults().withStrict(true))
                                        .importFiles(files[0], files[1], "MSFT", DATE, journal));
        assertTrue(
                e.getMessage().startsWith(files[0] + ":100: BAD_FIELD: time '34201.2x71'"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        JournalInspector.Stats stats = JournalInspector.verify(journal);
        assertTrue(
                stats.inRecords > 1 && stats.inRecords < 110,
                "the rows before the problem stay: " + stats.inRecords);
    }

    @Test
    void shouldReportRowsThatOnlyOneFileHas() throws IOException {
        Path dir = SharedData.lobster();
        List<String> b = LobsterReference.lines(dir.resolve("MSFT_orderbook_20k.csv.gz"));
        Path bp = tmp.resolve("short_orderbook.csv");
        write(bp, b.subList(0, 19_997), false);
        ImportResult r =
                new LobsterImporter(instruments, ImportOptions.defaults())
                        .importFiles(
                                dir.resolve("MSFT_message_20k.csv.gz"),
                                bp,
                                "MSFT",
                                DATE,
                                tmp.resolve("short"));
        assertEquals(20_000, r.rowsRead());
        assertEquals(3, r.dropped(DropReason.UNPAIRED_ROW));
        assertTrue(
                r.problems()
                        .get(0)
                        .startsWith(
                                dir.resolve("MSFT_message_20k.csv.gz") + ":19998: UNPAIRED_ROW: "),
                r.problems().get(0));
        JournalInspector.verify(tmp.resolve("short"));
    }

    private static Path resource(String name) {
        try {
            return Path.of(LobsterImporterTest.class.getResource("/lobster/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldTurnHaltsIntoControlEventsAndDummiesIntoEmptyLevels() {
        Path journal = tmp.resolve("halt");
        ImportResult r =
                new LobsterImporter(instruments, ImportOptions.defaults().withLevels(2))
                        .importFiles(
                                resource("halt_message.csv"),
                                resource("halt_orderbook.csv"),
                                "MSFT",
                                DATE,
                                journal);
        assertEquals(8, r.rowsRead());
        assertEquals(0, r.droppedTotal(), r.problems().toString());
        assertEquals(4, r.written(EventType.BOOK));
        assertEquals(2, r.written(EventType.TRADE));
        assertEquals(3, r.written(EventType.CONTROL));
        assertEquals(4, r.booksUnchanged(), "the three halt rows and the hidden execution");
        List<String> seen = new ArrayList<>();
        JournalRecords.forEach(
                journal,
                e -> {
                    switch (e.type) {
                        case EventType.BOOK:
                            seen.add(
                                    "BOOK "
                                            + (e.exchangeTimeNs - OPEN_NS)
                                            + " ask "
                                            + e.askPx[0]
                                            + "x"
                                            + e.askQty[0]
                                            + " "
                                            + e.askPx[1]
                                            + "x"
                                            + e.askQty[1]
                                            + " bid "
                                            + e.bidPx[0]
                                            + "x"
                                            + e.bidQty[0]
                                            + " "
                                            + e.bidPx[1]
                                            + "x"
                                            + e.bidQty[1]);
                            break;
                        case EventType.TRADE:
                            seen.add(
                                    "TRADE "
                                            + (e.exchangeTimeNs - OPEN_NS)
                                            + " "
                                            + e.tradePx
                                            + "x"
                                            + e.tradeQty
                                            + " "
                                            + Side.name(e.tradeAggressor));
                            break;
                        case EventType.CONTROL:
                            seen.add(
                                    "CONTROL "
                                            + (e.exchangeTimeNs - OPEN_NS)
                                            + " "
                                            + ControlCode.name(e.controlCode)
                                            + " "
                                            + e.controlParamValue);
                            break;
                        default:
                            break;
                    }
                });
        assertEquals(
                List.of(
                        "BOOK 1 ask 310000x100 0x0 bid 0x0 0x0",
                        "BOOK 500000000 ask 310000x100 0x0 bid 309900x200 0x0",
                        "CONTROL 1000000000 MARKET_HALT " + LobsterImporter.HALTED,
                        "CONTROL 300000000000 MARKET_HALT " + LobsterImporter.QUOTING,
                        "CONTROL 600250000000 MARKET_HALT " + LobsterImporter.RESUMED,
                        "TRADE 600300000000 310000x40 BUY",
                        "BOOK 600300000000 ask 310000x60 0x0 bid 309900x200 0x0",
                        "TRADE 600300000000 309950x10 SELL",
                        "BOOK 600400000000 ask 310000x60 0x0 bid 0x0 0x0"),
                seen);
        JournalInspector.verify(journal);
    }

    @Test
    void shouldDropOnlyTheBookOfAShortOrGarbledOrderbookRow() throws IOException {
        List<String> b = Files.readAllLines(resource("halt_orderbook.csv"));
        b.set(1, "310000,100,309900,200,9999999999,0,-9999999999"); // seven fields
        b.set(5, "310000,6x0,309900,200,9999999999,0,-9999999999,0");
        Path bp = tmp.resolve("halt_orderbook_damaged.csv");
        Files.write(bp, b);
        Path journal = tmp.resolve("j");
        ImportResult r =
                new LobsterImporter(instruments, ImportOptions.defaults().withLevels(2))
                        .importFiles(resource("halt_message.csv"), bp, "MSFT", DATE, journal);
        assertEquals(
                List.of(
                        bp + ":2: BAD_FIELD: 7 fields where the file's rows have 8",
                        bp + ":6: BAD_FIELD: ask size 1 '6x0'"),
                r.problems());
        assertEquals(2, r.dropped(DropReason.BAD_FIELD));
        assertEquals(
                4,
                r.written(EventType.BOOK),
                "rows 1, 3 (the first good book after row 2), 7 and 8");
        assertEquals(2, r.written(EventType.TRADE), "the message of a bad book row still trades");
        assertEquals(3, r.written(EventType.CONTROL));
        assertEquals(2, r.booksUnchanged());
        JournalInspector.verify(journal);
    }

    @Test
    void shouldConvertPricesToTheInstrumentsScaleAndRejectWhatDoesNotFit() {
        Path journal = tmp.resolve("scale");
        LocalDate day = LocalDate.of(2025, 6, 3);
        ImportResult r =
                new LobsterImporter(instruments, ImportOptions.defaults().withLevels(1))
                        .importFiles(
                                resource("scale_message.csv"),
                                resource("scale_orderbook.csv"),
                                "IF2506",
                                day,
                                journal);
        assertEquals(5, r.rowsRead());
        assertEquals(2, r.dropped(DropReason.PRICE_NOT_ON_SCALE));
        assertEquals(3, r.written(EventType.BOOK));
        assertEquals(1, r.written(EventType.TRADE));
        assertEquals(1, r.booksUnchanged());
        assertTrue(
                r.problems()
                        .get(0)
                        .endsWith(
                                "scale_orderbook.csv:3: PRICE_NOT_ON_SCALE: ask price 1 '38502500' does not fit price scale 1"),
                r.problems().get(0));
        assertTrue(
                r.problems()
                        .get(1)
                        .contains("scale_message.csv:4: PRICE_NOT_ON_SCALE: price 38503500"),
                r.problems().get(1));
        long open =
                day.atTime(9, 30).atZone(ZoneId.of("Asia/Shanghai")).toEpochSecond()
                        * 1_000_000_000L;
        List<String> seen = new ArrayList<>();
        JournalRecords.forEach(
                journal,
                e -> {
                    if (e.type == EventType.BOOK) {
                        seen.add(
                                "BOOK "
                                        + (e.exchangeTimeNs - open)
                                        + " "
                                        + e.askPx[0]
                                        + "x"
                                        + e.askQty[0]
                                        + " "
                                        + e.bidPx[0]
                                        + "x"
                                        + e.bidQty[0]);
                    } else if (e.type == EventType.TRADE) {
                        seen.add(
                                "TRADE "
                                        + (e.exchangeTimeNs - open)
                                        + " "
                                        + e.tradePx
                                        + "x"
                                        + e.tradeQty);
                    }
                });
        assertEquals(
                List.of(
                        "BOOK 100000000 38502x3 0x0",
                        "BOOK 200000000 38502x3 38500x2",
                        "TRADE 500000000 38502x1",
                        "BOOK 500000000 38502x2 38500x2"),
                seen);
    }

    @Test
    void shouldRefuseADirectoryThatAlreadyHoldsAJournal() {
        Path journal = tmp.resolve("used");
        LobsterImporter importer =
                new LobsterImporter(instruments, ImportOptions.defaults().withLevels(2));
        importer.importFiles(
                resource("halt_message.csv"),
                resource("halt_orderbook.csv"),
                "MSFT",
                DATE,
                journal);
        ImportException e =
                assertThrows(
                        ImportException.class,
                        () ->
                                importer.importFiles(
                                        resource("halt_message.csv"),
                                        resource("halt_orderbook.csv"),
                                        "MSFT",
                                        DATE,
                                        journal));
        assertTrue(e.getMessage().contains("already holds a journal"), e.getMessage());
    }

    @Test
    void shouldNameAMissingFileAnUnknownSymbolAndAShallowFile() throws IOException {
        LobsterImporter importer = new LobsterImporter(instruments, ImportOptions.defaults());
        Path missing = tmp.resolve("missing_message.csv");
        ImportException e =
                assertThrows(
                        ImportException.class,
                        () ->
                                importer.importFiles(
                                        missing,
                                        resource("halt_orderbook.csv"),
                                        "MSFT",
                                        DATE,
                                        tmp.resolve("j1")));
        assertTrue(e.getMessage().startsWith(missing.toString()), e.getMessage());
        assertFalse(
                Files.exists(tmp.resolve("j1").resolve("in")),
                "no journal for an import that never started");

        ImportException symbol =
                assertThrows(
                        ImportException.class,
                        () ->
                                importer.importFiles(
                                        resource("halt_message.csv"),
                                        resource("halt_orderbook.csv"),
                                        "NOPE",
                                        DATE,
                                        tmp.resolve("j2")));
        assertTrue(symbol.getMessage().contains("NOPE"), symbol.getMessage());

        ImportException shallow =
                assertThrows(
                        ImportException.class,
                        () ->
                                importer.importFiles(
                                        resource("halt_message.csv"),
                                        resource("halt_orderbook.csv"),
                                        "MSFT",
                                        DATE,
                                        tmp.resolve("j3")));
        assertTrue(
                shallow.getMessage()
                        .endsWith(
                                "halt_orderbook.csv:1: the orderbook file has 2 levels, 5 were asked for"),
                shallow.getMessage());

        Path notGzip = tmp.resolve("bad.csv.gz");
        Files.write(notGzip, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        ImportException gz =
                assertThrows(
                        ImportException.class,
                        () ->
                                importer.importFiles(
                                        notGzip,
                                        resource("halt_orderbook.csv"),
                                        "MSFT",
                                        DATE,
                                        tmp.resolve("j4")));
        assertTrue(gz.getMessage().startsWith(notGzip.toString()), gz.getMessage());
    }

    @Test
    void shouldCallProgressAndWriteToAnySink() {
        long[] events = new long[EventType.MAX + 1];
        List<Long> progress = new ArrayList<>();
        ImportResult r =
                new LobsterImporter(
                                instruments,
                                ImportOptions.defaults().withLevels(2).withProgress(progress::add))
                        .importFiles(
                                resource("halt_message.csv"),
                                resource("halt_orderbook.csv"),
                                "MSFT",
                                DATE,
                                e -> events[e.type]++);
        assertEquals(1, events[EventType.SESSION]);
        assertEquals(r.written(EventType.BOOK), events[EventType.BOOK]);
        assertEquals(List.of(), progress, "fewer than a million rows");
        String json = r.toJson();
        assertTrue(
                json.startsWith(
                        "{\"source\":\"lobster\",\"rows_read\":8,\"events_written\":9,"
                                + "\"written\":{\"BOOK\":4,\"TRADE\":2,\"SENTIMENT\":0,\"EXEC_REPORT\":0,\"TIMER\":0,\"CONTROL\":3,\"QUOTE\":0},"
                                + "\"books_unchanged\":4,\"dropped_total\":0,"),
                json);
    }
}
