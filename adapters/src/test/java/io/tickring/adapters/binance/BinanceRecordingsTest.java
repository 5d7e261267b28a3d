package io.tickring.adapters.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tickring.adapters.importer.LineReader;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.instrument.Instrument;
import io.tickring.journal.JournalInspector;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real COIN-M recordings in {@code ../shared/data/binance} (see its README), imported as they
 * are: the inline snapshot syncs the book, the {@code _20240809} file continues the {@code
 * _20240808} one, every bookTicker frame becomes a QUOTE and every trade a TRADE, and the books'
 * levels 1-5 agree with a reconstruction written here from the venue's documented procedure alone
 * (snapshot plus diffs into two TreeMaps). Read from the shared folder, never copied; skipped with
 * the reason when it is absent.
 */
@Tag("slow")
class BinanceRecordingsTest {
    private static final JsonFactory JSON = new JsonFactory();

    @TempDir Path tmp;

    /**
     * {@code ../shared/data/binance} from the repository root (the folder with ARCHITECTURE.md).
     */
    private static Path data() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("ARCHITECTURE.md"))) {
            dir = dir.getParent();
        }
        assumeTrue(dir != null, "no repository root (ARCHITECTURE.md) above the working directory");
        Path data = dir.resolve("../shared/data/binance").normalize();
        assumeTrue(
                Files.exists(data.resolve("coinm_btcusd_perp_20240808.gz")),
                "the shared Binance recordings are not at " + data);
        return data;
    }

    private static Instrument instrument(String symbol) {
        return new BinanceInstruments().bySymbol(symbol);
    }

    @ParameterizedTest
    @ValueSource(strings = {"btcusd_perp", "ethusd_perp"})
    void shouldImportEachFileAsRecorded(String name) throws IOException {
        Path data = data();
        for (String day : List.of("20240808", "20240809")) {
            Path file = data.resolve("coinm_" + name + "_" + day + ".gz");
            Path journal = tmp.resolve(day);
            BinanceImporter.Result r =
                    BinanceImporter.run(
                            new BinanceImporter.Options().in(file).journal(journal),
                            new BinanceInstruments());
            JournalInspector.verify(journal);
            Counts frames = Counts.of(List.of(file));
            assertEquals(frames.lines, r.lines());
            assertEquals(frames.bookTickers, r.events(EventType.QUOTE), "one QUOTE per bookTicker");
            assertEquals(frames.trades, r.events(EventType.TRADE), "every trade");
            assertEquals(0, r.droppedTotal(), r.firstProblems().toString());
            assertEquals(0, r.counters().frames(FeedCounters.KIND_UNDECODED));
            assertEquals(frames.depth, r.counters().frames(FeedCounters.KIND_DEPTH));
            if (day.equals("20240808")) {
                assertEquals(1, r.counters().frames(FeedCounters.KIND_SNAPSHOT));
                assertTrue(r.snapshotSynced(), "the inline snapshot syncs the book");
                assertEquals(0, r.problems(), r.firstProblems().toString());
                assertEquals(0, r.counters().gaps());
                assertTrue(r.events(EventType.BOOK) > frames.depth - 100);
            } else {
                // Alone, the continuation has no snapshot: it says so, and publishes no book.
                assertFalse(r.snapshotSynced());
                assertEquals(0, r.events(EventType.BOOK));
                assertEquals(1, r.problems());
                assertTrue(
                        r.firstProblems().get(0).contains("no snapshot"), r.firstProblems().get(0));
                assertEquals(List.of(name.toUpperCase(java.util.Locale.ROOT)), r.neverSynced());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"btcusd_perp", "ethusd_perp"})
    void shouldContinueTheSecondDayAndAgreeWithAnIndependentBook(String name) throws IOException {
        Path data = data();
        List<Path> files =
                List.of(
                        data.resolve("coinm_" + name + "_20240808.gz"),
                        data.resolve("coinm_" + name + "_20240809.gz"));
        Path journal = tmp.resolve("both");
        BinanceImporter.Result r =
                BinanceImporter.run(
                        new BinanceImporter.Options()
                                .in(files.get(0))
                                .in(files.get(1))
                                .journal(journal),
                        new BinanceInstruments());
        Counts frames = Counts.of(files);
        assertTrue(r.snapshotSynced(), "synced across the file boundary");
        assertEquals(0, r.problems(), r.firstProblems().toString());
        assertEquals(0, r.counters().gaps(), "pu follows u across the boundary");
        assertEquals(frames.bookTickers, r.events(EventType.QUOTE));
        assertEquals(frames.trades, r.events(EventType.TRADE));

        Instrument instrument = instrument(name.toUpperCase(java.util.Locale.ROOT));
        Map<Long, long[]> expected = Reference.books(files, instrument);
        long books = 0;
        long agree = 0;
        long laterDay = 0;
        long boundaryNs = Reference.firstReceiveNs(files.get(1));
        RingEvent e = new RingEvent();
        try (RecordReader reader = new RecordReader(JournalPaths.in(journal))) {
            while (reader.next()) {
                InputCodec.decode(reader.buffer(), 0, reader.length(), e, reader.where());
                if (e.type != EventType.BOOK) {
                    continue;
                }
                assertEquals(instrument.id(), e.instrumentId);
                books++;
                if (e.receiveTimeNs >= boundaryNs) {
                    laterDay++;
                }
                long[] want = expected.get(e.receiveTimeNs);
                if (want != null && Reference.same(want, e)) {
                    agree++;
                }
            }
        }
        assertTrue(laterDay > 10_000, "the second day's diffs publish books: " + laterDay);
        assertTrue(
                books >= expected.size() * 999 / 1000,
                books + " books, the reference has " + expected.size());
        assertTrue(
                agree * 1000 >= books * 999,
                agree + " of " + books + " books agree with the reference on levels 1-5");
    }

    /** Frame counts of recorded files, by a plain text match on the stream name. */
    private static final class Counts {
        long lines;
        long depth;
        long bookTickers;
        long trades;

        static Counts of(List<Path> files) throws IOException {
            Counts c = new Counts();
            for (Path f : files) {
                try (LineReader lines = LineReader.open(f)) {
                    while (lines.next()) {
                        c.lines++;
                        String s =
                                new String(
                                        lines.buffer(),
                                        lines.start(),
                                        Math.min(120, lines.end() - lines.start()),
                                        StandardCharsets.UTF_8);
                        if (s.contains("@depth")) {
                            c.depth++;
                        } else if (s.contains("@bookTicker")) {
                            c.bookTickers++;
                        } else if (s.contains("@trade")) {
                            c.trades++;
                        }
                    }
                }
            }
            return c;
        }
    }

    /**
     * The venue's procedure for a futures local book, written from its documentation alone: buffer
     * diffs until the snapshot; drop those with {@code u < lastUpdateId}; the first applied has
     * {@code U <= lastUpdateId <= u}; each next one has {@code pu} equal to the previous {@code u}.
     * After every diff applied once the snapshot line has been read, the top five levels of each
     * side, keyed by the line's receive time.
     */
    private static final class Reference {
        static Map<Long, long[]> books(List<Path> files, Instrument instrument) throws IOException {
            TreeMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
            TreeMap<Long, Long> asks = new TreeMap<>();
            List<Map<String, Object>> held = new ArrayList<>();
            Map<Long, long[]> out = new HashMap<>();
            long snapshotId = -1;
            long lastU = -1;
            for (Path f : files) {
                try (LineReader lines = LineReader.open(f)) {
                    while (lines.next()) {
                        String line =
                                new String(
                                        lines.buffer(),
                                        lines.start(),
                                        lines.end() - lines.start(),
                                        StandardCharsets.UTF_8);
                        int space = line.indexOf(' ');
                        long recv = Long.parseLong(line.substring(0, space));
                        Map<String, Object> frame = parse(line.substring(space + 1));
                        if (frame.containsKey("lastUpdateId")) {
                            snapshotId = ((Number) frame.get("lastUpdateId")).longValue();
                            bids.clear();
                            asks.clear();
                            load(bids, frame.get("bids"), instrument);
                            load(asks, frame.get("asks"), instrument);
                            for (Map<String, Object> d : held) {
                                lastU = apply(d, snapshotId, lastU, bids, asks, instrument);
                            }
                            held.clear();
                            if (lastU >= 0) {
                                // The held diffs bridged the snapshot: the book is valid now.
                                out.put(recv, top(bids, asks));
                            }
                            continue;
                        }
                        @SuppressWarnings("unchecked")
                        Map<String, Object> d = (Map<String, Object>) frame.get("data");
                        if (!"depthUpdate".equals(d.get("e"))) {
                            continue;
                        }
                        if (snapshotId < 0) {
                            held.add(d);
                            continue;
                        }
                        lastU = apply(d, snapshotId, lastU, bids, asks, instrument);
                        if (lastU >= 0) {
                            out.put(recv, top(bids, asks));
                        }
                    }
                }
            }
            return out;
        }

        /** Applies one diff by the futures rules; returns the new last u (-1: not yet synced). */
        static long apply(
                Map<String, Object> d,
                long snapshotId,
                long lastU,
                TreeMap<Long, Long> bids,
                TreeMap<Long, Long> asks,
                Instrument instrument) {
            long first = ((Number) d.get("U")).longValue();
            long last = ((Number) d.get("u")).longValue();
            long pu = ((Number) d.get("pu")).longValue();
            if (lastU < 0) {
                if (last < snapshotId) {
                    return -1;
                }
                assertTrue(first <= snapshotId && snapshotId <= last, "first diff bridges");
            } else {
                assertEquals(lastU, pu, "pu == previous u");
            }
            load(bids, d.get("b"), instrument);
            load(asks, d.get("a"), instrument);
            return last;
        }

        static void load(TreeMap<Long, Long> side, Object levels, Instrument instrument) {
            for (Object o : (List<?>) levels) {
                List<?> level = (List<?>) o;
                long px =
                        new BigDecimal((String) level.get(0))
                                .movePointRight(instrument.priceScale())
                                .longValueExact();
                long qty =
                        new BigDecimal((String) level.get(1))
                                .setScale(instrument.units().qtyScale(), RoundingMode.HALF_EVEN)
                                .unscaledValue()
                                .longValueExact();
                if (qty == 0) {
                    side.remove(px);
                } else {
                    side.put(px, qty);
                }
            }
        }

        /** {levels, bid px, bid qty, ask px, ask qty, ...}. */
        static long[] top(TreeMap<Long, Long> bids, TreeMap<Long, Long> asks) {
            int n = Math.min(5, Math.min(bids.size(), asks.size()));
            long[] t = new long[1 + 4 * n];
            t[0] = n;
            var b = bids.entrySet().iterator();
            var a = asks.entrySet().iterator();
            for (int k = 0; k < n; k++) {
                var be = b.next();
                var ae = a.next();
                t[1 + 4 * k] = be.getKey();
                t[2 + 4 * k] = be.getValue();
                t[3 + 4 * k] = ae.getKey();
                t[4 + 4 * k] = ae.getValue();
            }
            return t;
        }

        static boolean same(long[] want, RingEvent e) {
            if (want[0] != e.levels) {
                return false;
            }
            for (int k = 0; k < e.levels; k++) {
                if (want[1 + 4 * k] != e.bidPx[k]
                        || want[2 + 4 * k] != e.bidQty[k]
                        || want[3 + 4 * k] != e.askPx[k]
                        || want[4 + 4 * k] != e.askQty[k]) {
                    return false;
                }
            }
            return true;
        }

        static long firstReceiveNs(Path file) throws IOException {
            try (LineReader lines = LineReader.open(file)) {
                lines.next();
                String line =
                        new String(
                                lines.buffer(),
                                lines.start(),
                                lines.end() - lines.start(),
                                StandardCharsets.UTF_8);
                return Long.parseLong(line.substring(0, line.indexOf(' ')));
            }
        }

        /** JSON into maps, lists, strings, longs and booleans. */
        static Map<String, Object> parse(String json) throws IOException {
            try (JsonParser p = JSON.createParser(json)) {
                p.nextToken();
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) value(p);
                return m;
            }
        }

        private static Object value(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            switch (t) {
                case START_OBJECT:
                    Map<String, Object> m = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        m.put(k, value(p));
                    }
                    return m;
                case START_ARRAY:
                    List<Object> l = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        l.add(value(p));
                    }
                    return l;
                case VALUE_STRING:
                    return p.getText();
                case VALUE_NUMBER_INT:
                    return p.getLongValue();
                case VALUE_TRUE:
                    return Boolean.TRUE;
                case VALUE_FALSE:
                    return Boolean.FALSE;
                default:
                    return p.getText();
            }
        }
    }
}
