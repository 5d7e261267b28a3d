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
 * Imports recorded Binance frames into a new journal: {@code ./tickring import binance --in F
 * --journal DIR}.
 *
 * <p>Input: one frame per line, gzip or plain (told apart by the gzip magic bytes, not the name). A
 * line is either {@code <recv_ns> <json>} (receive time in epoch nanoseconds, one space, the frame)
 * or bare JSON; the frame is a combined-stream wrapper or a raw payload, and the shapes may mix. A
 * bare line has no receive time, so the frame's event time {@code E} stands in for it, and 0 when
 * the frame has none: bare partial-depth lines (which carry no time at all) therefore give BOOKs
 * stamped 0 (and a BOOK equal to the one before it is then a repeated snapshot, dropped as {@link
 * DropReason#DUPLICATE}), so a recording meant for replay should keep the {@code <recv_ns>} prefix.
 * Raw partial-depth payloads name no symbol: give it with {@code --symbol}. Blank lines are
 * skipped.
 *
 * <p>Diff-depth frames ({@code @depth@100ms}) feed a {@link LocalOrderBook} per instrument. With
 * {@code --snapshot FILE} (the JSON of {@code /api/v3/depth}, for the {@code --symbol} instrument)
 * that book follows the venue's procedure: diffs the snapshot already covers are skipped, the first
 * applied diff must bridge it, and every later one must follow on. Without a snapshot the book is
 * unsynced and publishes no BOOK until both sides hold the book depth. A gap becomes a CONTROL
 * {@code FEED_GAP} and a problem.
 *
 * <p>Output: a SESSION record (sequence 0) whose JSON payload describes the import, then the events
 * in file order with sequences 1, 2, 3, ... The journal holds no wall-clock time, so importing the
 * same file twice gives the same records. Every dropped frame is counted by {@link DropReason}; the
 * first {@value #PROBLEMS_KEPT} problems (drops and gaps) are kept as {@code file:line: reason:
 * detail}. With {@code strict}, the first problem ends the import with an {@link ImportException}
 * of that text; the journal keeps the events before it.
 */
public final class BinanceImporter {
    /** How many problems the result keeps verbatim. */
    public static final int PROBLEMS_KEPT = 5;

    private static final JsonFactory JSON = new JsonFactory();

    private BinanceImporter() {}

    /** What to import and how. */
    public static final class Options {
        private Path in;
        private Path journal;
        private Path snapshot;
        private String symbol;

        /** Null: the registry's {@code qty_scale} of {@link #symbol}. */
        private Integer quantityScale;

        private int bookDepth = 5;
        private int sourceId;
        private boolean strict;

        /** Recorded frames, gzip or plain. */
        public Options in(Path file) {
            this.in = file;
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
         * Decimals of fixed-point quantities, for every instrument of the import. Default: the
         * registry's {@code qty_scale} of {@link #symbol} (the venue's quantity step), so a
         * recording imports in the units its instrument is described in; without a symbol there is
         * no default.
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
         * Parses {@code --in F --journal DIR [--symbol S] [--snapshot F] [--qty-scale N] [--depth
         * N] [--source-id N] [--strict]}.
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
                        o.in = Path.of(value(args, ++i, a));
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
            return in;
        }

        void check() {
            if (in == null || journal == null) {
                throw new IllegalArgumentException(
                        "import binance needs --in FILE and --journal DIR");
            }
            if (snapshot != null && symbol == null) {
                throw new IllegalArgumentException(
                        "--snapshot needs --symbol: a depth snapshot names no symbol");
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

        Result(
                String file,
                long lines,
                long[] eventsByType,
                FeedCounters counters,
                long problems,
                List<String> firstProblems,
                boolean snapshotSynced) {
            this.file = file;
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

        /** True if a snapshot was given and the diff-depth book was in sync with it at the end. */
        public boolean snapshotSynced() {
            return snapshotSynced;
        }

        /** Writes the figures as one JSON object. */
        public void writeJson(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("file", file);
            g.writeNumberField("lines", lines);
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
            g.writeBooleanField("snapshot_synced", snapshotSynced);
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
        Run run = new Run(options.in.toString(), options.strict);
        BinanceAdapter adapter =
                new BinanceAdapter(decoder, run.counters, options.sourceId, 1000, run);
        int snapshotInstrument = 0;
        try (InputJournal journal = new InputJournal(options.journal)) {
            run.journal = journal;
            writeSession(journal, options, quantityScale, run.event);
            run.eventsByType[EventType.SESSION]++;
            if (options.snapshot != null) {
                byte[] json = readAll(options.snapshot);
                try {
                    snapshotInstrument = adapter.loadSnapshot(json, 0, json.length);
                } catch (IllegalArgumentException e) {
                    throw new ImportException(options.snapshot + ": " + e.getMessage());
                }
            }
            try (LineReader lines = LineReader.open(options.in)) {
                while (lines.next()) {
                    run.line++;
                    run.onLine(adapter, lines.buffer(), lines.start(), lines.end());
                }
            }
        }
        boolean synced = options.snapshot != null && adapter.synced(snapshotInstrument);
        return new Result(
                options.in.toString(),
                run.line,
                run.eventsByType,
                run.counters,
                run.problems,
                run.firstProblems,
                synced);
    }

    /**
     * The quantity scale of an import: the explicit one, else the registry's {@code qty_scale} of
     * the {@code --symbol} instrument.
     *
     * @throws ImportException naming the missing option when neither is given, or an unknown symbol
     */
    public static int quantityScale(Options options, InstrumentLookup instruments) {
        if (options.quantityScale != null) {
            return options.quantityScale;
        }
        if (options.symbol == null) {
            throw new ImportException(
                    "--qty-scale: no default without --symbol (the default is the --symbol"
                            + " instrument's qty_scale in the registry)");
        }
        Instrument i = instruments.bySymbol(options.symbol);
        if (i == null) {
            throw new ImportException("--symbol " + options.symbol + ": not an instrument");
        }
        return i.units().qtyScale();
    }

    private static void writeSession(
            InputJournal journal, Options o, int quantityScale, RingEvent e) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("kind", "import");
            g.writeStringField("source", "binance");
            g.writeStringField("file", o.in.toString());
            g.writeStringField("snapshot", o.snapshot == null ? null : o.snapshot.toString());
            g.writeStringField("symbol", o.symbol);
            g.writeNumberField("quantity_scale", quantityScale);
            g.writeNumberField("book_depth", o.bookDepth);
            g.writeNumberField("source_id", o.sourceId);
            g.writeBooleanField("strict", o.strict);
            g.writeStringField(
                    "receive_time", "line prefix <recv_ns>, else the frame's event time E, else 0");
            g.writeStringField(
                    "book_exchange_time", "partial depth: receive time; diff depth: event time E");
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

    private static byte[] readAll(Path file) throws IOException {
        try (InputStream in = LineReader.openStream(file)) {
            return in.readAllBytes();
        }
    }

    /** The state of one import; also the adapter's listener. */
    private static final class Run implements BinanceAdapter.Listener {
        final String file;
        final boolean strict;
        final FeedCounters counters = new FeedCounters();
        final long[] eventsByType = new long[EventType.MAX + 1];
        final List<String> firstProblems = new ArrayList<>();
        final RingEvent event = new RingEvent();
        InputJournal journal;
        long line;
        long problems;
        long nextSequence = 1;

        Run(String file, boolean strict) {
            this.file = file;
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
        public void onGap(int instrumentId, String detail) {
            problem("gap: instrument " + instrumentId + ": " + detail);
        }

        private void problem(String text) {
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
