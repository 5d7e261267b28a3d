package io.tickring.adapters.csv;

import io.tickring.adapters.importer.AsciiNumbers;
import io.tickring.adapters.importer.Fields;
import io.tickring.adapters.importer.ImportException;
import io.tickring.adapters.importer.ImportJournal;
import io.tickring.adapters.importer.ImportOptions;
import io.tickring.adapters.importer.ImportResult;
import io.tickring.adapters.importer.ImportRun;
import io.tickring.adapters.importer.JsonText;
import io.tickring.adapters.importer.LineReader;
import io.tickring.adapters.importer.LocalDayClock;
import io.tickring.adapters.validate.DropReason;
import io.tickring.core.EventSink;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Imports an L1–L10 tick-snapshot CSV file with a header line (A-shares, futures; plain or gzip)
 * into an input journal: {@code ./tickring import csv --in F [--mapping FILE]}. Columns are found
 * by name through a {@link CsvMapping}; their order does not matter and extra columns are ignored.
 *
 * <h2>What each row becomes</h2>
 *
 * <ul>
 *   <li>A BOOK of {@code levels} levels (the options' depth; the mapping must name those columns).
 *       A level whose volume is 0, empty or {@code nan} is empty (price 0, size 0) whatever its
 *       price column says, so A-share zero-filled levels and TqSdk {@code nan} levels both read as
 *       the validator's empty-level encoding. Every row makes a BOOK, even if the book did not
 *       change: a snapshot file's rows are the venue's snapshots, and the time of an unchanged one
 *       is information. A row repeated exactly (same book, same time) is a {@link
 *       DropReason#DUPLICATE}.
 *   <li>Before it, at the same time, a TRADE when the cumulative {@code volume} rose since the
 *       previous accepted row of the symbol: size = the increase, price = {@code last_price},
 *       aggressor NONE (a snapshot does not say). It is an aggregate of the trades between two
 *       snapshots, not one print. The first row of a symbol has no baseline and makes no TRADE; a
 *       fall in volume (a new trading day) resets the baseline. Off with {@code trades=false}, or
 *       when the file has no volume or last price.
 * </ul>
 *
 * <h2>Books left out by design</h2>
 *
 * Counted under their reason, never reported as problems, never fatal under {@code --strict}:
 *
 * <ul>
 *   <li>{@link DropReason#EMPTY_BOOK}: no priced level on either side (every price and size zero or
 *       missing), the pre-open snapshot venues publish.
 *   <li>{@link DropReason#CALL_AUCTION}: the file has a trading-phase column ({@code phase} in the
 *       mapping) and the row's value is one of {@link CsvMapping#auctionPhases()} (default {@code
 *       C, O, U}: the SSE and SZSE call-auction codes). Auction books carry indicative prices that
 *       no order could trade at, so they are not journaled at all and nothing can trade on them;
 *       the volume baseline moves past the auction's matched volume, so no TRADE is derived from
 *       it.
 * </ul>
 *
 * <h2>Conversions and problems</h2>
 *
 * Prices are read as decimals (divided by {@code price_scale_divisor}) and converted to the
 * instrument's scale exactly; one with more decimals than the scale is a {@link
 * DropReason#PRICE_NOT_ON_SCALE} drop (tick size is not enforced). Volumes must be whole numbers
 * ({@code 12.0} is fine). Times follow {@link CsvMapping#datetimeUnit()}; receive time = exchange
 * time, the file having only one. A symbol is looked up as written, then without a venue prefix
 * ({@code SSE.600519} → {@code 600519}); an unknown one drops the row ({@link
 * DropReason#UNKNOWN_SYMBOL}). A row with a different number of fields than the header, or a field
 * that does not parse, is a {@link DropReason#BAD_FIELD} drop. A row whose BOOK the validator
 * rejects is dropped whole (its TRADE too, and the volume baseline stays, so the next accepted
 * row's TRADE covers the volume). Parsing is byte by byte; allocation-free per row once each symbol
 * has been seen. An importer keeps no state between calls: each call is one import.
 *
 * <p>The SESSION record names the file, the effective mapping and the depth; it cannot list the
 * symbols, which are known only once the file has been read: {@link ImportResult#symbols()} has
 * them.
 */
public final class CsvImporter {
    /** Version of this importer's conversion rules, written into the SESSION record. */
    public static final String VERSION = "1";

    private static final int SLOT_SYMBOL = 0;
    private static final int SLOT_TIME = 1;
    private static final int SLOT_LAST = 2;
    private static final int SLOT_VOLUME = 3;
    private static final int SLOT_PHASE = 4;
    private static final int SLOT_LEVELS = 5;
    private static final long NO_VOLUME = Long.MIN_VALUE;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final InstrumentLookup instruments;
    private final CsvMapping mapping;
    private final ImportOptions options;
    private List<String> unknownSeen = List.of();
    private List<String> knownSeen = List.of();

    public CsvImporter(InstrumentLookup instruments, CsvMapping mapping, ImportOptions options) {
        this.instruments = instruments;
        this.mapping = mapping;
        this.options = options;
    }

    /**
     * Imports {@code file} into a new journal in {@code journalDir}.
     *
     * @throws ImportException for a missing or unreadable file, a header without a needed column, a
     *     directory that already holds a journal, or (strict) the first problem
     */
    public ImportResult importFile(Path file, Path journalDir) {
        ImportJournal.requireWritable(journalDir);
        try (Run run = new Run(file)) {
            try (ImportJournal journal = ImportJournal.open(journalDir)) {
                run.execute(journal);
            }
            return run.result();
        }
    }

    /** Imports {@code file} into {@code sink} (SESSION first). */
    public ImportResult importFile(Path file, EventSink sink) {
        try (Run run = new Run(file)) {
            run.execute(sink);
            return run.result();
        }
    }

    /**
     * Symbols of the last import's rows that the registry does not know, first seen first (at most
     * ten): for the message when an import writes no market event.
     */
    public List<String> unknownSymbols() {
        return unknownSeen;
    }

    /** Registry symbols the last import's rows named, whether or not they made events. */
    public List<String> knownSymbols() {
        return knownSeen;
    }

    /** What the importer keeps per instrument, whichever way the rows spell its symbol. */
    private static final class InstrumentState {
        final Instrument instrument;
        final LocalDayClock clock;
        long lastVolume = NO_VOLUME;
        boolean written;

        InstrumentState(Instrument instrument) {
            this.instrument = instrument;
            this.clock = new LocalDayClock(instrument.timeZone());
        }
    }

    /** One spelling of a symbol as it appears in the file ({@code 600519}, {@code SSE.600519}). */
    private static final class SymbolState {
        final byte[] key;

        /** Null if the registry does not know the symbol. */
        final InstrumentState state;

        final Instrument instrument;

        SymbolState(byte[] key, InstrumentState state) {
            this.key = key;
            this.state = state;
            this.instrument = state == null ? null : state.instrument;
        }
    }

    /** One import: the open file, its header and everything that lives for one run. */
    private final class Run implements AutoCloseable {
        private final LineReader in;
        private final String name;
        private final int levels = options.levels();
        private final byte delimiter = mapping.delimiter();
        private final int priceDecimals = mapping.priceDecimals();
        private final CsvMapping.DatetimeUnit unit = mapping.datetimeUnit();
        private final int[] slotColumn = new int[SLOT_LEVELS + 4 * RingEvent.MAX_LEVELS];
        private final String[] slotName = new String[slotColumn.length];
        private int columns;
        private int[] from;
        private int[] to;
        private boolean trades;
        private byte[][] auction;
        private final List<String> unknownSymbols = new ArrayList<>();
        private final List<SymbolState> symbols = new ArrayList<>();
        private final List<InstrumentState> instrumentStates = new ArrayList<>();
        private SymbolState fixed;
        private SymbolState last;
        private final RingEvent book = new RingEvent();
        private final RingEvent trade = new RingEvent();
        private ImportRun run;

        private final long startNs = System.nanoTime();

        Run(Path file) {
            in = LineReader.open(file);
            name = in.name();
            try {
                readHeader();
                if (mapping.fixedSymbol() != null) {
                    fixed = resolve(mapping.fixedSymbol().getBytes(StandardCharsets.UTF_8));
                    if (fixed.instrument == null) {
                        throw new ImportException(
                                "fixed_symbol "
                                        + mapping.fixedSymbol()
                                        + " is not in the instrument registry");
                    }
                }
            } catch (ImportException e) {
                in.close();
                throw e;
            }
        }

        private void readHeader() {
            boolean any;
            while ((any = in.next()) && in.isBlank()) {
                // Leading blank lines carry nothing.
            }
            if (!any) {
                throw new ImportException(name + ": empty file, a header line was expected");
            }
            String header =
                    new String(
                            in.buffer(), in.start(), in.end() - in.start(), StandardCharsets.UTF_8);
            if (header.startsWith("\uFEFF")) {
                header = header.substring(1); // Excel's UTF-8 byte order mark
            }
            List<String> names = new ArrayList<>();
            int p = 0;
            while (true) {
                int q = header.indexOf((char) delimiter, p);
                names.add(unquote(header.substring(p, q < 0 ? header.length() : q).strip()));
                if (q < 0) {
                    break;
                }
                p = q + 1;
            }
            columns = names.size();
            from = new int[columns];
            to = new int[columns];
            Arrays.fill(slotColumn, -1);
            String where = name + ":" + in.lineNumber() + ": ";
            if (mapping.fixedSymbol() == null) {
                require(SLOT_SYMBOL, CsvMapping.SYMBOL, names, where);
            }
            require(SLOT_TIME, CsvMapping.DATETIME, names, where);
            find(SLOT_LAST, CsvMapping.LAST_PRICE, names);
            find(SLOT_VOLUME, CsvMapping.VOLUME, names);
            find(SLOT_PHASE, CsvMapping.PHASE, names);
            auction = new byte[mapping.auctionPhases().size()][];
            for (int i = 0; i < auction.length; i++) {
                auction[i] =
                        mapping.auctionPhases()
                                .get(i)
                                .toUpperCase(Locale.ROOT)
                                .getBytes(StandardCharsets.UTF_8);
            }
            trades = mapping.trades() && slotColumn[SLOT_LAST] >= 0 && slotColumn[SLOT_VOLUME] >= 0;
            for (int k = 0; k < levels; k++) {
                for (int s = 0; s < 4; s++) {
                    require(
                            SLOT_LEVELS + 4 * k + s,
                            CsvMapping.SIDE_FIELDS[s] + (k + 1),
                            names,
                            where);
                }
            }
        }

        private void require(int slot, String field, List<String> names, String where) {
            if (!find(slot, field, names)) {
                String column = mapping.column(field);
                throw new ImportException(
                        where
                                + "no column '"
                                + column
                                + "' for "
                                + field
                                + (column.equals(field) ? "" : " (as mapped)")
                                + " in the header");
            }
        }

        private boolean find(int slot, String field, List<String> names) {
            String column = mapping.column(field);
            slotName[slot] = field;
            for (int c = 0; c < names.size(); c++) {
                if (names.get(c).equalsIgnoreCase(column)) {
                    slotColumn[slot] = c;
                    return true;
                }
            }
            return false;
        }

        void execute(EventSink sink) {
            run = new ImportRun("csv", options, sink);
            run.writeSession(book, sessionJson());
            while (in.next()) {
                if (!in.isBlank()) {
                    run.rowRead();
                    row();
                }
            }
        }

        ImportResult result() {
            unknownSeen = List.copyOf(unknownSymbols);
            List<String> known = new ArrayList<>();
            for (InstrumentState st : instrumentStates) {
                known.add(st.instrument.symbol());
            }
            knownSeen = List.copyOf(known);
            List<String> seen = new ArrayList<>();
            for (InstrumentState s : instrumentStates) {
                if (s.written) {
                    seen.add(s.instrument.symbol());
                }
            }
            return run.finish(seen, startNs);
        }

        private String sessionJson() {
            StringBuilder sb =
                    new StringBuilder(2048).append("{\"source\":\"csv\",\"importer_version\":");
            JsonText.quote(sb, VERSION);
            JsonText.quote(sb.append(",\"file\":"), name);
            sb.append(",\"levels\":").append(levels);
            sb.append(",\"trades\":").append(trades);
            sb.append(",\"strict\":").append(options.strict());
            sb.append(",\"mapping\":").append(mapping.toJson());
            return sb.append('}').toString();
        }

        private void row() {
            byte[] b = in.buffer();
            long line = in.lineNumber();
            int n = Fields.split(b, in.start(), in.end(), delimiter, from, to, columns);
            if (n != columns) {
                if (run.drop(DropReason.BAD_FIELD, name, line)) {
                    run.report(n + " fields where the header has " + columns);
                }
                return;
            }
            SymbolState sym = fixed;
            if (sym == null) {
                int c = slotColumn[SLOT_SYMBOL];
                trim(b, c);
                sym = symbol(b, from[c], to[c]);
                if (sym.instrument == null) {
                    String unknown =
                            new String(b, from[c], to[c] - from[c], StandardCharsets.UTF_8);
                    if (unknownSymbols.size() < 10 && !unknownSymbols.contains(unknown)) {
                        unknownSymbols.add(unknown);
                    }
                    if (run.drop(DropReason.UNKNOWN_SYMBOL, name, line)) {
                        run.report(
                                "symbol "
                                        + Fields.text(b, from[c], to[c])
                                        + " is not in the instrument registry");
                    }
                    return;
                }
            }
            Instrument instrument = sym.instrument;
            InstrumentState state = sym.state;
            int scale = instrument.priceScale();
            long time = time(b, state);
            if (time == AsciiNumbers.BAD) {
                dropField(
                        DropReason.BAD_FIELD,
                        SLOT_TIME,
                        b,
                        line,
                        unit == CsvMapping.DatetimeUnit.LOCAL
                                ? "is not yyyy-MM-dd HH:mm:ss[.f] local time"
                                : "is not a time in "
                                        + unit.name().toLowerCase(Locale.ROOT)
                                        + " since the epoch");
                return;
            }
            if (slotColumn[SLOT_PHASE] >= 0 && isAuction(b)) {
                run.dropExpected(DropReason.CALL_AUCTION);
                if (trades) {
                    // The auction's matched volume is not a continuous-session print: the first
                    // continuous row's TRADE must count only what traded after it.
                    long v = volume(b, SLOT_VOLUME);
                    if (v != AsciiNumbers.BAD && !(v == 0 && isEmpty(b, SLOT_VOLUME))) {
                        state.lastVolume = v;
                    }
                }
                return;
            }
            RingEvent e = book;
            for (int k = 0; k < levels; k++) {
                int s = SLOT_LEVELS + 4 * k;
                long askQty = volume(b, s + 1);
                long bidQty = volume(b, s + 3);
                if (askQty == AsciiNumbers.BAD || bidQty == AsciiNumbers.BAD) {
                    dropField(
                            DropReason.BAD_FIELD,
                            askQty == AsciiNumbers.BAD ? s + 1 : s + 3,
                            b,
                            line,
                            "is not a whole number");
                    return;
                }
                long askPx = askQty == 0 ? 0 : price(b, s, scale);
                long bidPx = bidQty == 0 ? 0 : price(b, s + 2, scale);
                if (AsciiNumbers.isSentinel(askPx) || AsciiNumbers.isSentinel(bidPx)) {
                    dropPrice(
                            AsciiNumbers.isSentinel(askPx) ? askPx : bidPx,
                            AsciiNumbers.isSentinel(askPx) ? s : s + 2,
                            b,
                            line,
                            scale);
                    return;
                }
                e.askPx[k] = askPx;
                e.askQty[k] = askQty;
                e.bidPx[k] = bidPx;
                e.bidQty[k] = bidQty;
            }
            long volume = NO_VOLUME;
            long lastPx = 0;
            if (trades) {
                volume = volume(b, SLOT_VOLUME);
                if (volume == AsciiNumbers.BAD) {
                    dropField(DropReason.BAD_FIELD, SLOT_VOLUME, b, line, "is not a whole number");
                    return;
                }
                volume = volume == 0 && isEmpty(b, SLOT_VOLUME) ? NO_VOLUME : volume;
                lastPx = price(b, SLOT_LAST, scale);
                if (AsciiNumbers.isSentinel(lastPx)) {
                    dropPrice(lastPx, SLOT_LAST, b, line, scale);
                    return;
                }
            }
            if (e.askQty[0] == 0 && e.bidQty[0] == 0) {
                // No touch on either side: the zero-filled snapshot venues publish before the open.
                run.dropExpected(DropReason.EMPTY_BOOK);
                return;
            }
            e.type = EventType.BOOK;
            e.instrumentId = instrument.id();
            e.exchangeTimeNs = time;
            e.receiveTimeNs = time;
            e.levels = levels;
            int reason = run.validate(e);
            if (reason != DropReason.OK) {
                run.rejectEvent(e, reason, name, line);
                return;
            }
            if (volume != NO_VOLUME) {
                long previous = state.lastVolume;
                state.lastVolume = volume;
                if (previous != NO_VOLUME && volume > previous) {
                    RingEvent t = trade;
                    t.type = EventType.TRADE;
                    t.instrumentId = instrument.id();
                    t.exchangeTimeNs = time;
                    t.receiveTimeNs = time;
                    t.tradePx = lastPx;
                    t.tradeQty = volume - previous;
                    t.tradeAggressor = Side.NONE;
                    run.offer(t, name, line);
                }
            }
            run.write(e);
            state.written = true;
        }

        /** True if the row's phase column holds one of the mapping's call-auction values. */
        private boolean isAuction(byte[] b) {
            int c = slotColumn[SLOT_PHASE];
            trim(b, c);
            int n = to[c] - from[c];
            for (byte[] phase : auction) {
                if (phase.length != n) {
                    continue;
                }
                boolean same = true;
                for (int i = 0; same && i < n; i++) {
                    byte x = b[from[c] + i];
                    same = (x >= 'a' && x <= 'z' ? (byte) (x - 32) : x) == phase[i];
                }
                if (same) {
                    return true;
                }
            }
            return false;
        }

        /** Exchange time of the row in epoch nanoseconds, or {@link AsciiNumbers#BAD}. */
        private long time(byte[] b, InstrumentState sym) {
            int c = slotColumn[SLOT_TIME];
            trim(b, c);
            if (unit == CsvMapping.DatetimeUnit.LOCAL) {
                return localTime(b, from[c], to[c], sym.clock);
            }
            long t = AsciiNumbers.parseFixed(b, from[c], to[c], 0, 9 - unit.digits);
            return AsciiNumbers.isSentinel(t) || t < 0 ? AsciiNumbers.BAD : t;
        }

        /** {@code yyyy-MM-dd HH:mm:ss[.fffffffff]}, {@code T} or a space between date and time. */
        private long localTime(byte[] b, int f, int t, LocalDayClock clock) {
            int n = t - f;
            if (n < 19
                    || b[f + 4] != '-'
                    || b[f + 7] != '-'
                    || (b[f + 10] != ' ' && b[f + 10] != 'T')
                    || b[f + 13] != ':'
                    || b[f + 16] != ':'
                    || (n > 19 && (b[f + 19] != '.' || n == 20 || n > 29))) {
                return AsciiNumbers.BAD;
            }
            int year = AsciiNumbers.digits(b, f, 4);
            int month = AsciiNumbers.digits(b, f + 5, 2);
            int day = AsciiNumbers.digits(b, f + 8, 2);
            int hour = AsciiNumbers.digits(b, f + 11, 2);
            int minute = AsciiNumbers.digits(b, f + 14, 2);
            int second = AsciiNumbers.digits(b, f + 17, 2);
            long epochDay = LocalDayClock.epochDay(year, month, day);
            if (year < 0
                    || hour < 0
                    || hour > 23
                    || minute < 0
                    || minute > 59
                    || second < 0
                    || second > 59
                    || epochDay == Long.MIN_VALUE) {
                return AsciiNumbers.BAD;
            }
            long nanos = 0;
            if (n > 19) {
                int digits = n - 20;
                int fraction = AsciiNumbers.digits(b, f + 20, digits);
                if (fraction < 0) {
                    return AsciiNumbers.BAD;
                }
                nanos = fraction * AsciiNumbers.pow10(9 - digits);
            }
            long ofDay = ((hour * 60L + minute) * 60 + second) * NANOS_PER_SECOND + nanos;
            return clock.toEpochNanos(epochDay, ofDay);
        }

        /**
         * A whole-number volume; 0 for an empty or nan field; {@link AsciiNumbers#BAD} otherwise.
         */
        private long volume(byte[] b, int slot) {
            int c = slotColumn[slot];
            trim(b, c);
            long v = AsciiNumbers.parseFixed(b, from[c], to[c], 0, 0);
            return v == AsciiNumbers.EMPTY ? 0 : AsciiNumbers.isSentinel(v) ? AsciiNumbers.BAD : v;
        }

        private boolean isEmpty(byte[] b, int slot) {
            int c = slotColumn[slot];
            return from[c] == to[c] || AsciiNumbers.isNan(b, from[c], to[c]);
        }

        /**
         * A price at {@code scale}; 0 for an empty or nan field (the validator calls that
         * non-positive).
         */
        private long price(byte[] b, int slot, int scale) {
            int c = slotColumn[slot];
            trim(b, c);
            long v = AsciiNumbers.parseFixed(b, from[c], to[c], priceDecimals, scale);
            return v == AsciiNumbers.EMPTY ? 0 : v;
        }

        /** Narrows column {@code c} to its content: no surrounding blanks or double quotes. */
        private void trim(byte[] b, int c) {
            int f = from[c];
            int t = to[c];
            while (f < t && (b[f] == ' ' || b[f] == '\t')) {
                f++;
            }
            while (t > f && (b[t - 1] == ' ' || b[t - 1] == '\t')) {
                t--;
            }
            if (t - f >= 2 && b[f] == '"' && b[t - 1] == '"') {
                f++;
                t--;
            }
            from[c] = f;
            to[c] = t;
        }

        private void dropPrice(long value, int slot, byte[] b, long line, int scale) {
            if (value == AsciiNumbers.OFF_SCALE) {
                dropField(
                        DropReason.PRICE_NOT_ON_SCALE,
                        slot,
                        b,
                        line,
                        "has more decimals than price scale " + scale);
            } else {
                dropField(DropReason.BAD_FIELD, slot, b, line, "is not a price");
            }
        }

        private void dropField(int reason, int slot, byte[] b, long line, String why) {
            if (run.drop(reason, name, line)) {
                int c = slotColumn[slot];
                run.report(slotName[slot] + " " + Fields.text(b, from[c], to[c]) + " " + why);
            }
        }

        /**
         * The state of the symbol in {@code b[f..t)}: the last one if it matches, else a scan, else
         * a lookup.
         */
        private SymbolState symbol(byte[] b, int f, int t) {
            SymbolState s = last;
            if (s != null && Arrays.equals(s.key, 0, s.key.length, b, f, t)) {
                return s;
            }
            for (int i = 0; i < symbols.size(); i++) {
                s = symbols.get(i);
                if (Arrays.equals(s.key, 0, s.key.length, b, f, t)) {
                    last = s;
                    return s;
                }
            }
            last = resolve(Arrays.copyOfRange(b, f, t));
            return last;
        }

        private SymbolState resolve(byte[] key) {
            String text = new String(key, StandardCharsets.UTF_8);
            Instrument i = instruments.bySymbol(text);
            int dot = text.indexOf('.');
            if (i == null && dot > 0 && dot < text.length() - 1) {
                i = instruments.bySymbol(text.substring(dot + 1));
            }
            InstrumentState state = null;
            if (i != null) {
                for (InstrumentState known : instrumentStates) {
                    if (known.instrument.id() == i.id()) {
                        state = known;
                    }
                }
                if (state == null) {
                    state = new InstrumentState(i);
                    instrumentStates.add(state);
                }
            }
            SymbolState s = new SymbolState(key, state);
            symbols.add(s);
            return s;
        }

        @Override
        public void close() {
            in.close();
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
                ? s.substring(1, s.length() - 1).strip()
                : s;
    }
}
