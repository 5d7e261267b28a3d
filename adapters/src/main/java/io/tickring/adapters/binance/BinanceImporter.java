package io.tickring.adapters.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tickring.adapters.importer.ImportException;
import io.tickring.adapters.importer.LineReader;
import io.tickring.adapters.validate.DropReason;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import io.tickring.journal.InputJournal;
import io.tickring.journal.JournalPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Imports recorded Binance frames (spot, USD-M or COIN-M futures) into a new journal: {@code
 * ./tickring import binance --in F [--in F2 ...] --journal DIR}.
 *
 * <p>Input: one frame per line, gzip or plain (told apart by the gzip magic bytes, not the name).
 * Several {@code --in} files are read in the order given as one recording, so a file that continues
 * another (the next day's file of the same recorder) keeps the local books synced across the
 * boundary. A line is either {@code <recv_ns> <json>} (receive time in epoch nanoseconds, one
 * space, the frame) or bare JSON; the frame is a combined-stream wrapper or a raw payload, and the
 * shapes may mix. A bare line has no receive time, so the frame's event time {@code E} stands in
 * for it, and 0 when the frame has none: bare partial-depth lines (which carry no time at all)
 * therefore give BOOKs stamped 0 (and a BOOK equal to the one before it is then a repeated
 * snapshot, dropped as {@link DropReason#DUPLICATE}), so a recording meant for replay should keep
 * the {@code <recv_ns>} prefix. Raw partial-depth payloads and spot REST snapshots name no symbol:
 * a spot snapshot after diffs of exactly one symbol is that symbol's; otherwise give it with {@code
 * --symbol}, or the import stops at that line saying so. Blank lines are skipped.
 *
 * <p>Diff-depth frames ({@code @depth}, {@code @depth@100ms}, {@code @depth@0ms}) feed a {@link
 * LocalOrderBook} per instrument, which holds them until a REST depth snapshot syncs it: a bare
 * snapshot line in the recording ({@code {"lastUpdateId":..,"bids":..,"asks":..}}, recognised as
 * {@link BinanceAdapter} says), or {@code --snapshot FILE}. The venue's procedure follows, with the
 * continuity rule of the instrument's market ({@link BinanceMarket}: the registry's venue, or
 * {@code --market}): diffs the snapshot already covers are skipped, the first applied diff must
 * bridge it, and every later one must follow on. No BOOK is published from an unsynced book. A gap
 * becomes a CONTROL {@code FEED_GAP} and a problem, and the book waits for the next snapshot in the
 * recording; a book still waiting at the end is a problem naming the diffs it held, and a book no
 * snapshot ever synced (a continuation file read alone) is listed in {@link Result#neverSynced()}.
 * A snapshot the held diffs bridge publishes a BOOK at once. bookTicker frames become QUOTE events.
 * Symbols the registry lacks are named in {@link Result#unknownSymbols()}.
 *
 * <p>Output: a SESSION record (sequence 0) whose JSON payload describes the import, then the events
 * in file order with sequences 1, 2, 3, ... Every frame is counted under its kind ({@code depth},
 * {@code book_ticker}, {@code trade}, {@code snapshot}, {@code partial_depth}, {@code other},
 * {@code undecoded}). The journal holds no wall-clock time, so importing the same file twice gives
 * the same records. Every dropped frame is counted by {@link DropReason}; the first {@value
 * #PROBLEMS_KEPT} problems (drops and gaps) are kept as {@code file:line: reason: detail}. With
 * {@code strict}, the first problem ends the import with an {@link ImportException} of that text;
 * the journal keeps the events before it.
 */
public final class BinanceImporter {
    /** How many problems the result keeps verbatim. */
    public static final int PROBLEMS_KEPT = 5;

    /** How many distinct unknown symbols the result names. */
    public static final int UNKNOWN_SYMBOLS_KEPT = 10;

    private static final JsonFactory JSON = new JsonFactory();

    private BinanceImporter() {}

    /** What to import and how. */
    public static final class Options {
        private final List<Path> in = new ArrayList<>();
        private BinanceMarket market;
        private Path journal;
        private Path snapshot;
        private String symbol;

        /** Null: the registry's {@code qty_scale} of {@link #symbol}. */
        private Integer quantityScale;

        private int bookDepth = 5;
        private int sourceId;
        private boolean strict;

        /** Recorded frames, gzip or plain; each call adds a file read after the ones before. */
        public Options in(Path file) {
            this.in.add(file);
            return this;
        }

        /** The market of every instrument (default: each instrument's registry venue). */
        public Options market(BinanceMarket market) {
            this.market = market;
            return this;
        }

        /** New journal directory. */
        public Options journal(Path dir) {
            this.journal = dir;
            return this;
        }

        /** REST depth snapshot for {@link #symbol}'s diff-depth book, or null. */
        public Options snapshot(Path file) {
            this.snapshot = file;
            return this;
        }

        /** Symbol of frames that name none (raw partial depth, the snapshot), or null. */
        public Options symbol(String symbol) {
            this.symbol = symbol;
            return this;
        }

        /**
         * Decimals of fixed-point quantities, for every instrument of the import. Default: each
         * instrument's registry {@code qty_scale} (the venue's quantity step), so a recording
         * imports in the units its instrument is described in.
         */
        public Options quantityScale(int scale) {
            this.quantityScale = scale;
            return this;
        }

        /** Levels per side of BOOK events (default 5). */
        public Options bookDepth(int levels) {
            this.bookDepth = levels;
            return this;
        }

        /** Id carried by gap events (default 0). */
        public Options sourceId(int id) {
            this.sourceId = id;
            return this;
        }

        /** Stop at the first problem. */
        public Options strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * Parses {@code --in F [--in F2 ...] --journal DIR [--symbol S] [--snapshot F] [--market
         * spot|usdm|coinm] [--qty-scale N] [--depth N] [--source-id N] [--strict]}.
         *
         * @throws IllegalArgumentException naming the bad option
         */
        public static Options parse(List<String> args) {
            Options o = new Options();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--strict":
                        o.strict = true;
                        break;
                    case "--in":
                        o.in.add(Path.of(value(args, ++i, a)));
                        break;
                    case "--market":
                        o.market = BinanceMarket.parse(value(args, ++i, a));
                        break;
                    case "--journal":
                        o.journal = Path.of(value(args, ++i, a));
                        break;
                    case "--snapshot":
                        o.snapshot = Path.of(value(args, ++i, a));
                        break;
                    case "--symbol":
                        o.symbol = value(args, ++i, a);
                        break;
                    case "--qty-scale":
                        o.quantityScale = number(args, ++i, a);
                        break;
                    case "--depth":
                        o.bookDepth = number(args, ++i, a);
                        break;
                    case "--source-id":
                        o.sourceId = number(args, ++i, a);
                        break;
                    default:
                        throw new IllegalArgumentException(
                                "unknown option for import binance: " + a);
                }
            }
            o.check();
            return o;
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(i);
        }

        private static int number(List<String> args, int i, String option) {
            String v = value(args, i, option);
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a whole number, got " + v);
            }
        }

        Path inForTest() {
            return in.isEmpty() ? null : in.get(0);
        }

        void check() {
            if (in.isEmpty() || journal == null) {
                throw new IllegalArgumentException(
                        "import binance needs --in FILE and --journal DIR");
            }
        }
    }

    /** What an import did. */
    public static final class Result {
        private final String file;
        private final long lines;
        private final long[] eventsByType;
        private final FeedCounters counters;
        private final long problems;
        private final List<String> firstProblems;
        private final boolean snapshotSynced;
        private final List<String> files;
        private final List<String> unsynced;
        private final List<String> neverSynced;
        private final List<String> unknownSymbols;

        Result(
                List<String> files,
                long lines,
                long[] eventsByType,
                FeedCounters counters,
                long problems,
                List<String> firstProblems,
                boolean snapshotSynced,
                List<String> unsynced,
                List<String> neverSynced,
                List<String> unknownSymbols) {
            this.file = files.get(0);
            this.files = List.copyOf(files);
            this.unsynced = List.copyOf(unsynced);
            this.neverSynced = List.copyOf(neverSynced);
            this.unknownSymbols = List.copyOf(unknownSymbols);
            this.lines = lines;
            this.eventsByType = eventsByType.clone();
            this.counters = counters;
            this.problems = problems;
            this.firstProblems = Collections.unmodifiableList(new ArrayList<>(firstProblems));
            this.snapshotSynced = snapshotSynced;
        }

        /** Lines read, blank ones included. */
        public long lines() {
            return lines;
        }

        /**
         * Events written of {@code type} (an {@link EventType} id); SESSION counts the header
         * record.
         */
        public long events(int type) {
            return eventsByType[type];
        }

        /** Events written, the SESSION record included. */
        public long eventsTotal() {
            long n = 0;
            for (long c : eventsByType) {
                n += c;
            }
            return n;
        }

        /** Frames or events dropped for {@code reason}, a {@link DropReason} code. */
        public long dropped(int reason) {
            return counters.dropped(reason);
        }

        public long droppedTotal() {
            return counters.droppedTotal();
        }

        /** Every count of the import (gaps, skipped diffs, withheld books, ...). */
        public FeedCounters counters() {
            return counters;
        }

        /** Problems found: drops and gaps. */
        public long problems() {
            return problems;
        }

        /** The first {@value #PROBLEMS_KEPT} problems as {@code file:line: reason: detail}. */
        public List<String> firstProblems() {
            return firstProblems;
        }

        /**
         * True if the import kept diff-depth books and every one of them was synced with a snapshot
         * at the end.
         */
        public boolean snapshotSynced() {
            return snapshotSynced;
        }

        /** Symbols whose diff-depth book was not synced at the end (waiting for a snapshot). */
        public List<String> unsynced() {
            return unsynced;
        }

        /**
         * Symbols whose diff-depth book no snapshot ever synced: the recording (or the files read
         * together) held no snapshot for them, as a continuation file read alone.
         */
        public List<String> neverSynced() {
            return neverSynced;
        }

        /**
         * Distinct symbols the frames named that the registry lacks, in the order first seen, at
         * most {@value #UNKNOWN_SYMBOLS_KEPT}.
         */
        public List<String> unknownSymbols() {
            return unknownSymbols;
        }

        /** Writes the figures as one JSON object. */
        public void writeJson(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("file", file);
            g.writeArrayFieldStart("files");
            for (String f : files) {
                g.writeString(f);
            }
            g.writeEndArray();
            g.writeNumberField("lines", lines);
            g.writeObjectFieldStart("frames");
            for (int k = 0; k < FeedCounters.frameKinds(); k++) {
                g.writeNumberField(FeedCounters.frameKindName(k), counters.frames(k));
            }
            g.writeEndObject();
            g.writeObjectFieldStart("events");
            for (int t = 0; t <= EventType.MAX; t++) {
                if (EventType.isInput(t)) {
                    g.writeNumberField(EventType.name(t), eventsByType[t]);
                }
            }
            g.writeEndObject();
            g.writeObjectFieldStart("dropped");
            for (int r = 1; r < DropReason.COUNT; r++) {
                if (counters.dropped(r) > 0) {
                    g.writeNumberField(FeedCounters.key(r), counters.dropped(r));
                }
            }
            g.writeEndObject();
            g.writeNumberField("dropped_total", counters.droppedTotal());
            g.writeNumberField("ignored", counters.ignored());
            g.writeNumberField("gaps", counters.gaps());
            g.writeNumberField("diffs_before_snapshot", counters.diffsBeforeSnapshot());
            g.writeNumberField("books_withheld", counters.booksWithheld());
            g.writeNumberField("snapshots_applied", counters.snapshotsApplied());
            g.writeNumberField("snapshot_books", counters.snapshotBooks());
            g.writeNumberField("snapshots_unused", counters.snapshotsUnused());
            g.writeNumberField("snapshots_stale", counters.snapshotsStale());
            g.writeNumberField("diffs_buffer_dropped", counters.bufferDropped());
            g.writeNumberField("qty_rounded", counters.qtyRounded());
            g.writeNumberField("qty_raised_to_step", counters.qtyRaisedToStep());
            g.writeBooleanField("snapshot_synced", snapshotSynced);
            g.writeArrayFieldStart("unsynced");
            for (String u : unsynced) {
                g.writeString(u);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("never_synced");
            for (String u : neverSynced) {
                g.writeString(u);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("unknown_symbols");
            for (String u : unknownSymbols) {
                g.writeString(u);
            }
            g.writeEndArray();
            g.writeNumberField("problems", problems);
            g.writeArrayFieldStart("first_problems");
            for (String p : firstProblems) {
                g.writeString(p);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /**
     * Runs an import.
     *
     * @throws ImportException on the first problem in strict mode, or for a snapshot that cannot be
     *     used
     * @throws IOException if a file cannot be read
     * @throws io.tickring.core.codec.JournalFormatException if the journal directory already holds
     *     a journal
     */
    public static Result run(Options options, InstrumentLookup instruments) throws IOException {
        options.check();
        JournalPaths.requireWritable(options.journal);
        int quantityScale = quantityScale(options, instruments);
        BinanceDecoder decoder = new BinanceDecoder(instruments, quantityScale, options.bookDepth);
        if (options.symbol != null) {
            try {
                decoder.defaultSymbol(options.symbol);
            } catch (IllegalArgumentException e) {
                throw new ImportException("--symbol " + options.symbol + ": not an instrument");
            }
        }
        Run run = new Run(options.strict);
        BinanceAdapter adapter =
                new BinanceAdapter(
                        decoder,
                        run.counters,
                        options.sourceId,
                        1000,
                        instruments,
                        options.market,
                        run);
        List<String> files = new ArrayList<>();
        try (InputJournal journal = new InputJournal(options.journal)) {
            run.journal = journal;
            writeSession(journal, options, quantityScale, instruments, run.event);
            run.eventsByType[EventType.SESSION]++;
            if (options.snapshot != null) {
                byte[] json = readAll(options.snapshot);
                try {
                    adapter.loadSnapshot(json, 0, json.length);
                } catch (IllegalArgumentException e) {
                    throw new ImportException(
                            options.snapshot
                                    + ": "
                                    + e.getMessage()
                                    + (options.symbol == null
                                            ? " (a spot snapshot names no symbol: give --symbol)"
                                            : ""));
                }
            }
            for (Path in : options.in) {
                files.add(in.toString());
                run.file = in.toString();
                run.line = 0;
                try (LineReader lines = LineReader.open(in)) {
                    while (lines.next()) {
                        run.line++;
                        run.lines++;
                        run.onLine(adapter, lines.buffer(), lines.start(), lines.end());
                    }
                }
            }
            List<String> unsynced = new ArrayList<>();
            List<String> neverSynced = new ArrayList<>();
            for (long[] u : adapter.unsynced()) {
                Instrument i = instruments.byId((int) u[0]);
                String symbol = i == null ? "instrument " + u[0] : i.symbol();
                unsynced.add(symbol);
                if (u[2] == 0) {
                    neverSynced.add(symbol);
                    run.problem(
                            "no snapshot: "
                                    + symbol
                                    + ": no REST depth snapshot in "
                                    + String.join(", ", files)
                                    + ", so its diff-depth book never synced and no BOOK came"
                                    + " from its "
                                    + u[1]
                                    + " diffs (import it after the file that holds the"
                                    + " snapshot: --in EARLIER --in THIS, or give --snapshot)");
                    continue;
                }
                run.problem(
                        "unsynced: "
                                + symbol
                                + ": no REST depth snapshot synced its diff-depth book after the"
                                + " last gap or start; "
                                + u[1]
                                + " diffs held unused (import the file that holds its snapshot"
                                + " first: --in EARLIER --in THIS, or give --snapshot)");
            }
            boolean synced = unsynced.isEmpty() && run.counters.frames(FeedCounters.KIND_DEPTH) > 0;
            return new Result(
                    files,
                    run.lines,
                    run.eventsByType,
                    run.counters,
                    run.problems,
                    run.firstProblems,
                    synced,
                    unsynced,
                    neverSynced,
                    decoder.unknownSymbols(UNKNOWN_SYMBOLS_KEPT));
        }
    }

    /**
     * The quantity scale of an import: the explicit one, else {@link
     * BinanceDecoder#REGISTRY_QTY_SCALE} (each instrument's registry {@code qty_scale}).
     *
     * @throws ImportException for an unknown {@code --symbol}
     */
    public static int quantityScale(Options options, InstrumentLookup instruments) {
        if (options.quantityScale != null) {
            return options.quantityScale;
        }
        if (options.symbol != null && instruments.bySymbol(options.symbol) == null) {
            throw new ImportException("--symbol " + options.symbol + ": not an instrument");
        }
        return BinanceDecoder.REGISTRY_QTY_SCALE;
    }

    private static void writeSession(
            InputJournal journal,
            Options o,
            int quantityScale,
            InstrumentLookup instruments,
            RingEvent e)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("kind", "import");
            g.writeStringField("source", "binance");
            g.writeStringField("file", o.in.get(0).toString());
            g.writeArrayFieldStart("files");
            for (Path f : o.in) {
                g.writeString(f.toString());
            }
            g.writeEndArray();
            g.writeStringField("market", o.market == null ? "registry" : o.market.optionName());
            g.writeStringField("snapshot", o.snapshot == null ? null : o.snapshot.toString());
            g.writeStringField("symbol", o.symbol);
            if (quantityScale >= 0) {
                g.writeNumberField("quantity_scale", quantityScale);
            } else if (o.symbol != null) {
                // The registry's scale of the one symbol: what the journal's quantities are in.
                g.writeNumberField("quantity_scale", qtyScaleOf(o.symbol, instruments));
            } else {
                g.writeStringField("quantity_scale", "registry qty_scale of each instrument");
            }
            g.writeNumberField("book_depth", o.bookDepth);
            g.writeNumberField("source_id", o.sourceId);
            g.writeBooleanField("strict", o.strict);
            g.writeStringField(
                    "receive_time", "line prefix <recv_ns>, else the frame's event time E, else 0");
            g.writeStringField(
                    "book_exchange_time", "partial depth: receive time; diff depth: event time E");
            g.writeStringField(
                    "quote_exchange_time", "bookTicker: event time E, else receive time");
            g.writeEndObject();
        }
        byte[] payload = bytes.toByteArray();
        e.clearInput();
        e.type = EventType.SESSION;
        e.sequence = 0;
        e.sessionPayload.putBytes(0, payload);
        e.sessionLength = payload.length;
        journal.append(e);
    }

    private static int qtyScaleOf(String symbol, InstrumentLookup instruments) {
        Instrument i = instruments.bySymbol(symbol);
        return i == null ? 0 : i.units().qtyScale();
    }

    private static byte[] readAll(Path file) throws IOException {
        try (InputStream in = LineReader.openStream(file)) {
            return in.readAllBytes();
        }
    }

    /** The state of one import; also the adapter's listener. */
    private static final class Run implements BinanceAdapter.Listener {
        String file;
        final boolean strict;
        final FeedCounters counters = new FeedCounters();
        final long[] eventsByType = new long[EventType.MAX + 1];
        final List<String> firstProblems = new ArrayList<>();
        final RingEvent event = new RingEvent();
        InputJournal journal;
        long line;
        long lines;
        long problems;
        long nextSequence = 1;

        Run(boolean strict) {
            this.strict = strict;
        }

        void onLine(BinanceAdapter adapter, byte[] b, int from, int to) {
            int end = to;
            while (end > 0 && (b[end - 1] == '\r' || b[end - 1] == ' ' || b[end - 1] == '\t')) {
                end--;
            }
            int start = from;
            while (start < end && (b[start] == ' ' || b[start] == '\t')) {
                start++;
            }
            if (start == end) {
                return;
            }
            long receiveNs = BinanceDecoder.UNKNOWN_TIME;
            if (b[start] >= '0' && b[start] <= '9') {
                long ns = 0;
                int i = start;
                while (i < end && b[i] >= '0' && b[i] <= '9' && i - start < 19) {
                    ns = ns * 10 + (b[i] - '0');
                    i++;
                }
                if (i >= end || b[i] != ' ') {
                    counters.onFrame();
                    counters.onDecodeError(DropReason.BAD_FIELD);
                    onDrop(DropReason.BAD_FIELD, "line is neither <recv_ns> <json> nor JSON");
                    return;
                }
                receiveNs = ns;
                start = i + 1;
            }
            adapter.onFrame(b, start, end - start, receiveNs);
        }

        @Override
        public void onEvent(RingEvent e) {
            e.sequence = nextSequence++;
            journal.append(e);
            eventsByType[e.type]++;
        }

        @Override
        public void onDrop(int reason, String detail) {
            problem(FeedCounters.key(reason) + ": " + detail);
        }

        @Override
        public void onUnnamedDepth(String detail) {
            // Not a problem to count past: every later snapshot would be lost the same way.
            throw new ImportException(file + ":" + line + ": " + detail);
        }

        @Override
        public void onGap(int instrumentId, String detail) {
            problem("gap: instrument " + instrumentId + ": " + detail);
        }

        void problem(String text) {
            problems++;
            String where = file + ":" + line + ": " + text;
            if (firstProblems.size() < PROBLEMS_KEPT) {
                firstProblems.add(where);
            }
            if (strict) {
                throw new ImportException(where);
            }
        }
    }
}
