package io.tickring.adapters.binance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.importer.ImportException;
import io.tickring.adapters.validate.DropReason;
import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.instrument.TestInstruments;
import io.tickring.journal.JournalInspector;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BinanceImporterTest {
    private static final long RECV0 = 1_700_000_000_000_000_000L;
    private static final long T0_NS = 1_700_000_000_000L * 1_000_000L;

    @TempDir Path tmp;

    private static Path fixture(String name) {
        try {
            return Path.of(BinanceImporterTest.class.getResource("/binance/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<RingEvent> read(Path journal) {
        List<RingEvent> events = new ArrayList<>();
        try (RecordReader r = new RecordReader(JournalPaths.in(journal))) {
            while (r.next()) {
                RingEvent e = new RingEvent();
                InputCodec.decode(r.buffer(), 0, r.length(), e, r.where());
                events.add(e);
            }
        }
        return events;
    }

    private BinanceImporter.Result run(BinanceImporter.Options options) throws IOException {
        return BinanceImporter.run(options, new TestInstruments());
    }

    @ParameterizedTest
    @CsvSource({
        "combined-recv.jsonl, true",
        "combined-bare.jsonl.gz, false",
        "raw-recv.jsonl.gz, true",
        "raw-bare.jsonl, false"
    })
    void shouldImportBothLineFormatsAndBothStreamShapes(String file, boolean receiveTimes)
            throws IOException {
        Path journal = tmp.resolve("j");
        BinanceImporter.Result result =
                run(
                        new BinanceImporter.Options()
                                .in(fixture(file))
                                .journal(journal)
                                .symbol("BTCUSDT")
                                .quantityScale(5));

        JournalInspector.Stats stats = JournalInspector.verify(journal);
        assertEquals(9, stats.inRecords, "SESSION, then 4 books and 4 trades");
        assertEquals(9, result.lines());
        assertEquals(1, result.events(EventType.SESSION));
        assertEquals(4, result.events(EventType.BOOK));
        assertEquals(4, result.events(EventType.TRADE));
        assertEquals(0, result.droppedTotal());
        assertEquals(0, result.problems());
        assertEquals(1, result.counters().ignored(), "the subscription reply");

        List<RingEvent> events = read(journal);
        RingEvent session = events.get(0);
        assertEquals(EventType.SESSION, session.type);
        assertEquals(0, session.sequence);
        byte[] payload = new byte[session.sessionLength];
        session.sessionPayload.getBytes(0, payload);
        String json = new String(payload, UTF_8);
        assertTrue(
                json.contains("\"source\":\"binance\"") && json.contains("\"quantity_scale\":5"),
                json);
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i, events.get(i).sequence);
        }

        RingEvent book = events.get(1);
        assertEquals(EventType.BOOK, book.type);
        assertEquals(TestInstruments.BTCUSDT.id(), book.instrumentId);
        assertEquals(5, book.levels);
        assertEquals(6_500_000, book.bidPx[0]);
        assertEquals(100_000, book.bidQty[0], "1.00000000 BTC at quantity scale 5");
        assertEquals(6_500_005, book.askPx[4]);
        assertEquals(
                receiveTimes ? RECV0 : 0,
                book.exchangeTimeNs,
                "partial depth: receive time, and bare lines have none");
        assertEquals(book.exchangeTimeNs, book.receiveTimeNs);

        RingEvent btcTrade = events.get(2);
        assertEquals(EventType.TRADE, btcTrade.type);
        assertEquals(6_500_001, btcTrade.tradePx);
        assertEquals(1_000, btcTrade.tradeQty);
        assertEquals(Side.SELL, btcTrade.tradeAggressor);
        assertEquals(T0_NS + 10_000_000L, btcTrade.exchangeTimeNs);
        assertEquals(
                receiveTimes ? RECV0 + 100_000_000L : T0_NS + 11_000_000L,
                btcTrade.receiveTimeNs,
                "a bare line takes the frame's event time E");

        RingEvent ethTrade = events.get(3);
        assertEquals(TestInstruments.ETHUSDT.id(), ethTrade.instrumentId);
        assertEquals(300_050, ethTrade.tradePx);
        assertEquals(125_000, ethTrade.tradeQty);
        assertEquals(Side.BUY, ethTrade.tradeAggressor);

        RingEvent depth20 = events.get(6);
        assertEquals(EventType.BOOK, depth20.type);
        assertEquals(5, depth20.levels, "depth20 cut to the book depth");
        assertEquals(6_500_002, depth20.bidPx[0]);
    }

    @Test
    void shouldSyncDiffDepthAgainstARestSnapshotFile() throws IOException {
        Path journal = tmp.resolve("j");
        BinanceImporter.Result result =
                run(
                        new BinanceImporter.Options()
                                .in(fixture("diff-depth.jsonl"))
                                .journal(journal)
                                .snapshot(fixture("snapshot-btcusdt.json"))
                                .symbol("BTCUSDT")
                                .quantityScale(5));
        JournalInspector.verify(journal);
        FeedCounters c = result.counters();
        assertEquals(2, c.diffsBeforeSnapshot(), "u <= lastUpdateId: already in the snapshot");
        assertEquals(2, result.events(EventType.BOOK), "after the bridge, and the next diff");
        assertEquals(1, result.events(EventType.CONTROL));
        assertEquals(1, result.dropped(DropReason.DUPLICATE));
        assertEquals(1, c.sequenceGaps());
        assertEquals(3, c.booksWithheld(), "the gap's diff and the two after it wait");
        assertFalse(result.snapshotSynced(), "a gap ended the sync, and no snapshot came after");
        assertEquals(List.of("BTCUSDT"), result.unsynced());
        assertEquals(3, result.problems(), "duplicate, gap, unsynced at the end");
        String diffFile = fixture("diff-depth.jsonl").toString();
        assertEquals(
                diffFile + ":5: duplicate: diff-depth update already applied",
                result.firstProblems().get(0));
        assertTrue(
                result.firstProblems()
                        .get(1)
                        .startsWith(
                                diffFile
                                        + ":6: gap: instrument 401: diff-depth gap (spot rule U =="
                                        + " previous u + 1): 207 was due, 210 came"),
                result.firstProblems().get(1));
        assertTrue(
                result.firstProblems().get(2).contains("unsynced: BTCUSDT")
                        && result.firstProblems().get(2).contains("3 diffs held"),
                result.firstProblems().get(2));

        List<RingEvent> events = read(journal);
        RingEvent bridged = events.get(1);
        assertEquals(EventType.BOOK, bridged.type);
        assertEquals(
                T0_NS + 3_000_000L, bridged.exchangeTimeNs, "diff depth carries its event time E");
        assertEquals(RECV0 + 200_000_000L, bridged.receiveTimeNs);
        assertEquals(6_500_000, bridged.bidPx[0]);
        assertEquals(
                300_000, bridged.bidQty[0], "the diff's absolute quantity replaced the snapshot's");
        assertEquals(6_499_999, bridged.bidPx[1], "snapshot levels below stay");
        assertEquals(6_500_002, bridged.askPx[0], "quantity 0 removed 65000.01");
        assertEquals(5, bridged.levels);
        assertEquals(6_500_001, events.get(2).bidPx[0]);
        RingEvent gap = events.get(3);
        assertEquals(EventType.CONTROL, gap.type);
        assertEquals(ControlCode.FEED_GAP, gap.controlCode);
        assertEquals(FeedGap.SEQUENCE, gap.controlParamValue);
        assertEquals(TestInstruments.BTCUSDT.id(), gap.instrumentId);
        assertEquals(4, events.size(), "nothing is published from the unsynced book after the gap");
    }

    @Test
    void shouldPublishNoBookFromDiffsWithoutASnapshot() throws IOException {
        Path journal = tmp.resolve("j");
        BinanceImporter.Result result =
                run(
                        new BinanceImporter.Options()
                                .in(fixture("diff-depth.jsonl"))
                                .journal(journal)
                                .quantityScale(5));
        JournalInspector.verify(journal);
        assertEquals(0, result.events(EventType.BOOK), "a book built from diffs alone is unsound");
        assertEquals(8, result.counters().diffsBuffered());
        assertEquals(List.of("BTCUSDT"), result.unsynced());
        assertEquals(List.of("BTCUSDT"), result.neverSynced(), "no snapshot in the file at all");
        assertEquals(1, result.problems());
        assertTrue(
                result.firstProblems()
                                .get(0)
                                .contains("no snapshot: BTCUSDT: no REST depth snapshot in ")
                        && result.firstProblems().get(0).contains("from its 8 diffs")
                        && result.firstProblems().get(0).contains("--in EARLIER --in THIS"),
                result.firstProblems().get(0));
    }

    @Test
    void shouldSyncSpotOnTheInlineSnapshotByTheSpotRule() throws IOException {
        Path journal = tmp.resolve("j");
        BinanceImporter.Result result =
                run(
                        new BinanceImporter.Options()
                                .in(fixture("spot-inline.jsonl"))
                                .journal(journal)
                                .symbol("BTCUSDT")
                                .quantityScale(5));
        JournalInspector.verify(journal);
        FeedCounters c = result.counters();
        assertEquals(1, c.frames(FeedCounters.KIND_SNAPSHOT), "the bare line is the snapshot");
        assertEquals(5, c.frames(FeedCounters.KIND_DEPTH));
        assertEquals(1, c.frames(FeedCounters.KIND_BOOK_TICKER));
        assertEquals(2, c.diffsBeforeSnapshot(), "spot: u <= lastUpdateId (200) is covered");
        assertEquals(2, result.events(EventType.BOOK), "201..203 bridges L+1 = 201, then 204..206");
        assertEquals(1, result.events(EventType.QUOTE));
        assertEquals(1, c.qtyRaisedToStep(), "0.00000001 at scale 5 is kept as one step");
        assertEquals(1, c.sequenceGaps(), "208 after 206: U must be u + 1");
        assertEquals(0, result.droppedTotal());

        List<RingEvent> events = read(journal);
        RingEvent quote = events.get(1);
        assertEquals(EventType.QUOTE, quote.type);
        assertEquals(6_500_000, quote.quoteBidPx);
        assertEquals(150_000, quote.quoteBidQty);
        assertEquals(6_500_001, quote.quoteAskPx);
        assertEquals(1, quote.quoteAskQty);
        RingEvent first = events.get(2);
        assertEquals(EventType.BOOK, first.type);
        assertEquals(300_000, first.bidQty[0]);
        assertEquals(6_500_002, first.askPx[0], "the diff removed the snapshot's 65000.01");
    }

    @Test
    void shouldGiveASpotSnapshotToTheOneSymbolWhoseDiffsCameBeforeIt() throws IOException {
        Path journal = tmp.resolve("j");
        BinanceImporter.Result result =
                run(
                        new BinanceImporter.Options()
                                .in(fixture("spot-inline.jsonl"))
                                .journal(journal)
                                .quantityScale(5));
        JournalInspector.verify(journal);
        FeedCounters c = result.counters();
        assertEquals(
                1,
                c.frames(FeedCounters.KIND_SNAPSHOT),
                "BTCUSDT's, without --symbol: " + result.firstProblems() + " " + c);
        assertEquals(1, c.snapshotsApplied());
        assertEquals(2, result.events(EventType.BOOK), "as with --symbol BTCUSDT");
        assertEquals(0, result.droppedTotal());
        assertEquals(2, result.problems(), "the gap 208 after 206, then no snapshot after it");
        assertEquals(List.of("BTCUSDT"), result.unsynced());
        assertEquals(List.of(), result.neverSynced(), "the snapshot synced it once");
    }

    @Test
    void shouldRefuseASpotSnapshotAfterDiffsOfSeveralSymbolsNamingThem() throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(fixture("spot-inline.jsonl"));
        List<String> mixed = new ArrayList<>(lines.subList(0, 2));
        mixed.add(
                "1700000000002500000 {\"stream\":\"ethusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\","
                        + "\"E\":1700000000002,\"s\":\"ETHUSDT\",\"U\":5,\"u\":6,"
                        + "\"b\":[[\"3000.00\",\"1\"]],\"a\":[]}}");
        mixed.addAll(lines.subList(2, lines.size()));
        Path file = tmp.resolve("two-symbols.jsonl");
        java.nio.file.Files.write(file, mixed);

        ImportException e =
                assertThrows(
                        ImportException.class,
                        () ->
                                run(
                                        new BinanceImporter.Options()
                                                .in(file)
                                                .journal(tmp.resolve("j"))
                                                .quantityScale(5)));

        assertEquals(
                file
                        + ":5: a REST depth snapshot that names no symbol (spot's) after diff-depth"
                        + " frames of 2 symbols (BTCUSDT, ETHUSDT), so whose it is cannot be told:"
                        + " give --symbol S, and import each symbol's recording on its own",
                e.getMessage());
    }

    @Test
    void shouldRefuseAnUnnamedDepthFrameWithNothingBeforeItToTellWhoseItIs() throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(fixture("spot-inline.jsonl"));
        Path file = tmp.resolve("snapshot-first.jsonl");
        java.nio.file.Files.write(file, lines.subList(3, lines.size()));

        ImportException e =
                assertThrows(
                        ImportException.class,
                        () ->
                                run(
                                        new BinanceImporter.Options()
                                                .in(file)
                                                .journal(tmp.resolve("j"))
                                                .quantityScale(5)));

        assertTrue(
                e.getMessage().startsWith(file + ":1: a depth snapshot or raw partial-depth frame")
                        && e.getMessage().endsWith("give --symbol S"),
                e.getMessage());
    }

    @Test
    void shouldNameTheDistinctSymbolsTheRegistryLacks() throws IOException {
        Path file = tmp.resolve("unknown.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            String symbol = i % 3 == 0 ? "XRPUSDT" : i % 3 == 1 ? "DOGEUSDT" : "XRPUSDT";
            lines.add(
                    "{\"e\":\"trade\",\"E\":1,\"s\":\""
                            + symbol
                            + "\",\"t\":"
                            + i
                            + ",\"p\":\"1\",\"q\":\"1\",\"T\":1,\"m\":true}");
        }
        for (int i = 0; i < 15; i++) {
            lines.add(
                    "{\"e\":\"trade\",\"E\":1,\"s\":\"X"
                            + i
                            + "USDT\",\"t\":1,\"p\":\"1\",\"q\":\"1\",\"T\":1,\"m\":true}");
        }
        java.nio.file.Files.write(file, lines);

        BinanceImporter.Result result =
                run(new BinanceImporter.Options().in(file).journal(tmp.resolve("j")));

        assertEquals(45, result.dropped(DropReason.UNKNOWN_SYMBOL));
        List<String> named = result.unknownSymbols();
        assertEquals(BinanceImporter.UNKNOWN_SYMBOLS_KEPT, named.size(), "bounded: " + named);
        assertEquals(List.of("DOGEUSDT", "XRPUSDT", "X0USDT"), named.subList(0, 3));
    }

    @Test
    void shouldSyncUsdmByTheFuturesRuleAndResyncOnALaterSnapshot() throws IOException {
        Path journal = tmp.resolve("j");
        BinanceImporter.Result result =
                BinanceImporter.run(
                        new BinanceImporter.Options()
                                .in(fixture("usdm-inline.jsonl"))
                                .journal(journal),
                        new BinanceInstruments());
        JournalInspector.verify(journal);
        FeedCounters c = result.counters();
        assertEquals(2, c.frames(FeedCounters.KIND_SNAPSHOT));
        assertEquals(2, c.snapshotsApplied(), "the second one re-syncs after the gap");
        assertEquals(7, c.frames(FeedCounters.KIND_DEPTH));
        assertEquals(2, c.frames(FeedCounters.KIND_BOOK_TICKER));
        assertEquals(1, c.frames(FeedCounters.KIND_TRADE));
        assertEquals(2, result.events(EventType.QUOTE));
        assertEquals(1, result.events(EventType.TRADE));
        assertEquals(
                5,
                result.events(EventType.BOOK),
                "at the snapshot (106..112 bridges it), 120..125 (pu == 112: U may jump), 126..130,"
                        + " at the second snapshot (141..150), and 151..155");
        assertEquals(2, c.snapshotBooks());
        assertEquals(1, result.events(EventType.CONTROL), "pu 128 after u 130");
        assertEquals(2, c.diffsBeforeSnapshot(), "u 105 < 110, then u 140 < 145");
        assertEquals(1, c.qtyRounded(), "2.5 contracts round half to even: 2");
        assertEquals(1, c.qtyRaisedToStep(), "0.4 rounds to 0 and is kept as 1");
        assertTrue(result.snapshotSynced());
        assertEquals(List.of(), result.unsynced());
        assertEquals(1, result.problems(), "the gap only");

        List<RingEvent> events = read(journal);
        List<RingEvent> books = new ArrayList<>();
        for (RingEvent e : events) {
            if (e.type == EventType.BOOK) {
                books.add(e);
            }
        }
        RingEvent atSnapshot = books.get(0);
        assertEquals(15_000, atSnapshot.bidPx[0]);
        assertEquals(8, atSnapshot.bidQty[0], "106..112 replayed over the snapshot");
        assertEquals(10, atSnapshot.bidQty[1], "the snapshot's 149.99, before 120..125");
        assertEquals(15_002, atSnapshot.askPx[0], "106..112 removed 150.01");
        assertEquals(1_700_000_000_003_000_000L, atSnapshot.exchangeTimeNs, "106..112's E");
        assertEquals(1_700_000_000_005_000_000L, atSnapshot.receiveTimeNs, "the snapshot line's");
        RingEvent second = books.get(2);
        assertEquals(15_000, second.bidPx[0]);
        assertEquals(8, second.bidQty[0], "106..112 replayed over the snapshot: 8 at 150.00");
        assertEquals(14_999, second.bidPx[1]);
        assertEquals(4, second.bidQty[1]);
        assertEquals(1, second.bidQty[2], "0.4 at 149.98 kept as one step, not deleted");
        assertEquals(2, second.bidQty[3], "2.5 at 149.97");
        assertEquals(15_002, second.askPx[0], "106..112 removed 150.01");
        RingEvent atSecondSnapshot = books.get(3);
        assertEquals(14_900, atSecondSnapshot.bidPx[0], "141..150 over the second snapshot");
        assertEquals(5, atSecondSnapshot.bidQty[0]);
        assertEquals(6, atSecondSnapshot.askQty[0]);
        RingEvent resynced = books.get(4);
        assertEquals(14_901, resynced.bidPx[0]);
        assertEquals(14_900, resynced.bidPx[1]);
        assertEquals(5, resynced.bidQty[1], "141..150 replayed over the second snapshot");
        assertEquals(6, resynced.askQty[0]);
    }

    @Test
    void shouldReadSeveralFilesAsOneRecording() throws IOException {
        Path journal = tmp.resolve("j");
        Path first = tmp.resolve("first.jsonl");
        Path second = tmp.resolve("second.jsonl");
        List<String> lines = java.nio.file.Files.readAllLines(fixture("usdm-inline.jsonl"));
        java.nio.file.Files.write(first, lines.subList(0, 6));
        java.nio.file.Files.write(second, lines.subList(6, 7));
        BinanceImporter.Result result =
                BinanceImporter.run(
                        new BinanceImporter.Options().in(first).in(second).journal(journal),
                        new BinanceInstruments());
        assertEquals(
                3,
                result.events(EventType.BOOK),
                "at the snapshot, 120..125, and the second file's diff follows on");
        assertEquals(7, result.lines());
        assertTrue(result.snapshotSynced());
        assertEquals(0, result.problems());
    }

    @Test
    void shouldDropAndReportProblemsByReasonWithFileAndLine() throws IOException {
        Path journal = tmp.resolve("j");
        BinanceImporter.Result result =
                run(
                        new BinanceImporter.Options()
                                .in(fixture("problems.jsonl"))
                                .journal(journal)
                                .quantityScale(5));
        JournalInspector.verify(journal);
        assertEquals(11, result.lines());
        assertEquals(2, result.events(EventType.BOOK));
        assertEquals(1, result.events(EventType.TRADE));
        assertEquals(1, result.dropped(DropReason.CROSSED_OR_LOCKED));
        assertEquals(1, result.dropped(DropReason.NON_POSITIVE_SIZE));
        assertEquals(1, result.dropped(DropReason.LEVELS_OUT_OF_ORDER));
        assertEquals(
                2,
                result.dropped(DropReason.BAD_FIELD),
                "one line not JSON, one whose receive time is not a number");
        assertEquals(1, result.dropped(DropReason.TIME_BACKWARDS));
        assertEquals(1, result.dropped(DropReason.DUPLICATE));
        assertEquals(7, result.droppedTotal());
        assertEquals(7, result.problems());
        String f = fixture("problems.jsonl").toString();
        assertEquals(
                List.of(
                        f + ":2: crossed_or_locked: book failed validation",
                        f + ":3: non_positive_size: book failed validation",
                        f + ":4: levels_out_of_order: book failed validation",
                        f + ":5: bad_field: not JSON",
                        f + ":6: time_backwards: book failed validation"),
                result.firstProblems());
        for (RingEvent e : read(journal)) {
            if (e.type == EventType.BOOK) {
                assertTrue(e.bidPx[0] < e.askPx[0], "nothing crossed reached the journal");
            }
        }
    }

    @Test
    void shouldStopAtTheFirstProblemWhenStrict() {
        Path journal = tmp.resolve("j");
        io.tickring.adapters.importer.ImportException e =
                assertThrows(
                        io.tickring.adapters.importer.ImportException.class,
                        () ->
                                run(
                                        new BinanceImporter.Options()
                                                .in(fixture("problems.jsonl"))
                                                .journal(journal)
                                                .quantityScale(5)
                                                .strict(true)));
        assertEquals(
                fixture("problems.jsonl") + ":2: crossed_or_locked: book failed validation",
                e.getMessage());
        assertEquals(
                2,
                JournalInspector.verify(journal).inRecords,
                "the events before the problem stay");
    }

    @Test
    void shouldParseTheCommandLine() {
        BinanceImporter.Options o =
                BinanceImporter.Options.parse(
                        List.of(
                                "--in",
                                "f.jsonl",
                                "--journal",
                                "dir",
                                "--symbol",
                                "BTCUSDT",
                                "--snapshot",
                                "s.json",
                                "--qty-scale",
                                "5",
                                "--depth",
                                "10",
                                "--strict"));
        assertEquals(Path.of("f.jsonl"), o.inForTest());
        IllegalArgumentException missing =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> BinanceImporter.Options.parse(List.of("--in", "f")));
        assertTrue(missing.getMessage().contains("--journal"));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        BinanceImporter.Options.parse(
                                List.of("--in", "f", "--journal", "d", "--market", "margin")),
                "spot, usdm or coinm");
        assertThrows(
                IllegalArgumentException.class,
                () -> BinanceImporter.Options.parse(List.of("--bogus")));
        assertThrows(
                IllegalArgumentException.class,
                () -> BinanceImporter.Options.parse(List.of("--depth", "x")));
    }

    @Test
    void shouldRefuseAJournalDirectoryThatIsNotEmpty() throws IOException {
        Path journal = tmp.resolve("j");
        run(
                new BinanceImporter.Options()
                        .in(fixture("raw-bare.jsonl"))
                        .journal(journal)
                        .symbol("BTCUSDT")
                        .quantityScale(5));
        assertThrows(
                RuntimeException.class,
                () ->
                        run(
                                new BinanceImporter.Options()
                                        .in(fixture("raw-bare.jsonl"))
                                        .journal(journal)
                                        .symbol("BTCUSDT")));
    }
}
