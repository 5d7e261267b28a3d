package io.tickring.adapters.binance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void shouldSyncDiffDepthAgainstARestSnapshot() throws IOException {
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
        assertEquals(
                3,
                result.events(EventType.BOOK),
                "after the bridge, the next diff, and once warm again after the gap");
        assertEquals(1, result.events(EventType.CONTROL));
        assertEquals(1, result.dropped(DropReason.DUPLICATE));
        assertEquals(1, c.sequenceGaps());
        assertEquals(2, c.booksWithheld(), "unsynced after the gap until both sides hold 5 levels");
        assertFalse(result.snapshotSynced(), "a gap ended the sync");
        assertEquals(2, result.problems());
        String diffFile = fixture("diff-depth.jsonl").toString();
        assertEquals(
                diffFile + ":5: duplicate: diff-depth update already applied",
                result.firstProblems().get(0));
        assertTrue(
                result.firstProblems()
                        .get(1)
                        .startsWith(
                                diffFile
                                        + ":6: gap: instrument 401: diff-depth gap: update 207 was due, 210 came"),
                result.firstProblems().get(1));

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
        RingEvent warm = events.get(4);
        assertEquals(EventType.BOOK, warm.type);
        assertEquals(6_499_000, warm.bidPx[0], "rebuilt from diffs after the gap");
        assertEquals(6_501_000, warm.askPx[0]);
    }

    @Test
    void shouldPublishNoBookFromDiffsWithoutASnapshotUntilBothSidesAreDeep() throws IOException {
        Path journal = tmp.resolve("j");
        BinanceImporter.Result result =
                run(
                        new BinanceImporter.Options()
                                .in(fixture("diff-depth.jsonl"))
                                .journal(journal)
                                .quantityScale(5));
        JournalInspector.verify(journal);
        assertEquals(1, result.events(EventType.BOOK), "only once both sides hold 5 levels");
        assertEquals(
                2,
                result.events(EventType.CONTROL),
                "199 after 200 and 210 after 206 break continuity");
        assertEquals(0, result.counters().diffsBeforeSnapshot());
        assertEquals(EventType.BOOK, read(journal).get(3).type);
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
                                List.of("--in", "f", "--journal", "d", "--snapshot", "s.json")),
                "a snapshot names no symbol");
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
