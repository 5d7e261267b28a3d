package io.tickring.adapters.lobster;

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
import io.tickring.core.ControlCode;
import io.tickring.core.EventSink;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * Imports a LOBSTER message file and its orderbook file (plain or gzip) into an input journal:
 * {@code ./tickring import lobster --message F --orderbook F --symbol S --date D [--levels N]}.
 *
 * <h2>What each row pair becomes</h2>
 *
 * Row <i>i</i> of the orderbook file is the book after message <i>i</i>; blank lines are skipped in
 * each file separately, so rows pair by position. For each pair, in this order, all at the
 * message's time:
 *
 * <ul>
 *   <li>message type 4 (visible execution) or 5 (hidden execution): a TRADE with the message's
 *       price and size; the aggressor is the opposite of the executed resting order's direction (a
 *       sell limit order, direction -1, executed means a buyer-initiated trade: aggressor BUY);
 *   <li>type 7 (trading halt indicator): a CONTROL {@link ControlCode#MARKET_HALT} whose {@code
 *       controlParamValue} says which: {@link #HALTED} (LOBSTER price -1), {@link #QUOTING} (price
 *       0: quoting resumed, trading not yet) or {@link #RESUMED} (price 1);
 *   <li>types 1, 2, 3 (add, partial cancel, delete): nothing of their own;
 *   <li>then a BOOK of the first {@code levels} levels of the orderbook row, <b>only if that
 *       visible book differs from the last BOOK written</b> (prices and sizes of every level). A
 *       message that changed the book only beyond the requested depth, a hidden execution, or a
 *       halt (whose book row repeats the previous one) adds no BOOK: it would carry no information,
 *       and equal snapshots at one time would otherwise be {@link DropReason#DUPLICATE}s. Such rows
 *       are counted in {@link ImportResult#booksUnchanged()}, not as drops.
 * </ul>
 *
 * <h2>Conversions</h2>
 *
 * <ul>
 *   <li>Time: the date plus the seconds after midnight in the instrument's time zone ({@link
 *       Instrument#timeZone()}, America/New_York for NASDAQ), parsed digit by digit; digits below
 *       the nanosecond (a file written through a {@code double}) round to the nearest nanosecond.
 *       Receive time = exchange time: the file has only one time.
 *   <li>Prices: USD × 10,000 to the instrument's scale, exactly; a price that does not fit the
 *       scale is a {@link DropReason#PRICE_NOT_ON_SCALE} drop. Tick size is not enforced: hidden
 *       executions print at mid-tick prices.
 *   <li>Empty levels: LOBSTER's dummies (ask 9999999999, bid -9999999999, size 0) become price 0
 *       and size 0, the empty-level encoding of {@link
 *       io.tickring.adapters.validate.BookValidator}.
 *   <li>Depth: the orderbook file's depth is read from its first row; {@code levels} deeper than
 *       that is an error, shallower cuts each row.
 * </ul>
 *
 * <h2>Problems</h2>
 *
 * A message row that does not parse (or has an unknown type) drops its pair (the book row has no
 * time without it): one {@link DropReason#BAD_FIELD} against the message file. A book row that does
 * not parse drops only its BOOK, against the orderbook file. Rows present in only one of the two
 * files are {@link DropReason#UNPAIRED_ROW} drops. Every event then goes through the validator.
 * Parsing is byte by byte and allocation-free per row. An importer keeps no state between calls:
 * each call is one import.
 */
public final class LobsterImporter {
    /** Version of this importer's conversion rules, written into the SESSION record. */
    public static final String VERSION = "1";

    /** LOBSTER prices are USD × 10^4. */
    public static final int PRICE_DECIMALS = 4;

    /** LOBSTER's price for an empty ask level. */
    public static final long DUMMY_ASK = 9_999_999_999L;

    /** LOBSTER's price for an empty bid level. */
    public static final long DUMMY_BID = -9_999_999_999L;

    /** MARKET_HALT parameter: trading and quoting halted. */
    public static final long HALTED = 1;

    /** MARKET_HALT parameter: quoting resumed, trading still halted. */
    public static final long QUOTING = 2;

    /** MARKET_HALT parameter: trading resumed; the halt is over. */
    public static final long RESUMED = 3;

    private static final int MESSAGE_FIELDS = 6;
    private static final String[] MESSAGE_FIELD_NAMES = {
        "time", "type", "order id", "size", "price", "direction"
    };

    private final InstrumentLookup instruments;
    private final ImportOptions options;

    public LobsterImporter(InstrumentLookup instruments, ImportOptions options) {
        this.instruments = instruments;
        this.options = options;
    }

    /**
     * Imports into a new journal in {@code journalDir}.
     *
     * @throws ImportException for a missing or unreadable file, an unknown symbol, a directory that
     *     already holds a journal, an orderbook file shallower than the requested depth, or
     *     (strict) the first problem
     */
    public ImportResult importFiles(
            Path messageFile, Path orderbookFile, String symbol, LocalDate date, Path journalDir) {
        ImportJournal.requireWritable(journalDir);
        try (Run run = new Run(messageFile, orderbookFile, symbol, date)) {
            try (ImportJournal journal = ImportJournal.open(journalDir)) {
                run.execute(journal);
            }
            return run.result();
        }
    }

    /**
     * Imports into {@code sink} (SESSION first), e.g. straight into a ring or a benchmark's black
     * hole.
     */
    public ImportResult importFiles(
            Path messageFile, Path orderbookFile, String symbol, LocalDate date, EventSink sink) {
        try (Run run = new Run(messageFile, orderbookFile, symbol, date)) {
            run.execute(sink);
            return run.result();
        }
    }

    /** One import: the open files and everything that lives for one run. */
    private final class Run implements AutoCloseable {
        private final Instrument instrument;
        private final LocalDate date;
        private final long epochDay;
        private final LocalDayClock clock;
        private final int scale;
        private final int levels;
        private final LineReader messages;
        private final LineReader books;
        private final String messageName;
        private final String bookName;
        private int fileLevels;
        private boolean bookLoaded;

        private final int[] mFrom = new int[MESSAGE_FIELDS];
        private final int[] mTo = new int[MESSAGE_FIELDS];
        private final int[] bFrom = new int[4 * RingEvent.MAX_LEVELS];
        private final int[] bTo = new int[4 * RingEvent.MAX_LEVELS];
        private final RingEvent book = new RingEvent();
        private final RingEvent other = new RingEvent();
        private final long[] lastAskPx = new long[RingEvent.MAX_LEVELS];
        private final long[] lastAskQty = new long[RingEvent.MAX_LEVELS];
        private final long[] lastBidPx = new long[RingEvent.MAX_LEVELS];
        private final long[] lastBidQty = new long[RingEvent.MAX_LEVELS];
        private boolean haveLast;
        private ImportRun run;

        /** Index of the field that failed in the last parse, for the problem text. */
        private int badField;

        private final long startNs = System.nanoTime();

        Run(Path messageFile, Path orderbookFile, String symbol, LocalDate date) {
            this.instrument = instruments.bySymbol(symbol);
            if (instrument == null) {
                throw new ImportException(
                        "symbol " + symbol + " is not in the instrument registry");
            }
            this.date = date;
            this.epochDay = date.toEpochDay();
            this.clock = new LocalDayClock(instrument.timeZone());
            this.scale = instrument.priceScale();
            this.levels = options.levels();
            LineReader m = LineReader.open(messageFile);
            LineReader b;
            try {
                b = LineReader.open(orderbookFile);
            } catch (ImportException e) {
                m.close();
                throw e;
            }
            this.messages = m;
            this.books = b;
            this.messageName = m.name();
            this.bookName = b.name();
            try {
                readDepth();
            } catch (ImportException e) {
                close();
                throw e;
            }
        }

        /**
         * Reads the first book row to learn the file's depth; that row stays loaded for the loop.
         */
        private void readDepth() {
            bookLoaded = nextRow(books);
            if (!bookLoaded) {
                fileLevels = levels;
                return;
            }
            int n =
                    Fields.split(
                            books.buffer(), books.start(), books.end(), (byte) ',', bFrom, bTo, 0);
            if (n % 4 != 0) {
                throw new ImportException(
                        bookName
                                + ":"
                                + books.lineNumber()
                                + ": "
                                + n
                                + " fields, not 4 per level (ask price, ask size, bid price, bid size)");
            }
            fileLevels = n / 4;
            if (levels > fileLevels) {
                throw new ImportException(
                        bookName
                                + ":"
                                + books.lineNumber()
                                + ": the orderbook file has "
                                + fileLevels
                                + " levels, "
                                + levels
                                + " were asked for");
            }
        }

        void execute(EventSink sink) {
            run = new ImportRun("lobster", options, sink);
            run.writeSession(other, sessionJson());
            while (true) {
                boolean m = nextRow(messages);
                boolean b = bookLoaded || nextRow(books);
                bookLoaded = false;
                if (!m && !b) {
                    break;
                }
                run.rowRead();
                if (m && b) {
                    pair();
                } else if (m) {
                    if (run.drop(DropReason.UNPAIRED_ROW, messageName, messages.lineNumber())) {
                        run.report(
                                "no orderbook row for this message: "
                                        + bookName
                                        + " has fewer rows");
                    }
                } else if (run.drop(DropReason.UNPAIRED_ROW, bookName, books.lineNumber())) {
                    run.report("no message row for this book: " + messageName + " has fewer rows");
                }
            }
        }

        ImportResult result() {
            return run.finish(List.of(instrument.symbol()), startNs);
        }

        private String sessionJson() {
            StringBuilder sb =
                    new StringBuilder(512).append("{\"source\":\"lobster\",\"importer_version\":");
            JsonText.quote(sb, VERSION);
            JsonText.quote(sb.append(",\"message_file\":"), messageName);
            JsonText.quote(sb.append(",\"orderbook_file\":"), bookName);
            JsonText.quote(sb.append(",\"symbol\":"), instrument.symbol());
            sb.append(",\"instrument_id\":").append(instrument.id());
            JsonText.quote(sb.append(",\"date\":"), date.toString());
            JsonText.quote(sb.append(",\"time_zone\":"), instrument.timeZone().getId());
            sb.append(",\"levels\":").append(levels);
            sb.append(",\"file_levels\":").append(fileLevels);
            sb.append(",\"price_scale\":").append(scale);
            sb.append(",\"strict\":").append(options.strict());
            sb.append(",\"book_rule\":\"a BOOK only when the visible book changes\"");
            return sb.append('}').toString();
        }

        private boolean nextRow(LineReader r) {
            while (r.next()) {
                if (!r.isBlank()) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Start of the next field of the line being parsed; past {@link #lineEnd} when no field is
         * left.
         */
        private int pos;

        private int lineEnd;
        private byte[] line;

        private void startLine(LineReader r) {
            line = r.buffer();
            pos = r.start();
            lineEnd = r.end();
        }

        /** True while the line has another field. */
        private boolean hasField() {
            return pos <= lineEnd;
        }

        /**
         * Parses the integer field at the cursor and moves past its comma, in the one pass over its
         * bytes; records the field's bounds under {@code index} for problem reports.
         *
         * @return the value, or {@link AsciiNumbers#BAD} for an empty, non-numeric or 19-digit
         *     field
         */
        private long nextLong(int[] from, int[] to, int index) {
            byte[] b = line;
            int end = lineEnd;
            int i = pos;
            int start = i;
            boolean negative = i < end && b[i] == '-';
            if (negative) {
                i++;
            }
            long v = 0;
            int digits = 0;
            boolean bad = false;
            for (; i < end; i++) {
                int d = b[i] - '0';
                if (d == ',' - '0') {
                    break;
                }
                if (d < 0 || d > 9 || digits == 18) {
                    bad = true; // LOBSTER numbers are at most 10 digits: 19 would be garbage anyway
                } else {
                    v = v * 10 + d;
                    digits++;
                }
            }
            from[index] = start;
            to[index] = i;
            pos = i + 1;
            return bad || digits == 0 ? AsciiNumbers.BAD : negative ? -v : v;
        }

        /** Moves past the field at the cursor; records its bounds. */
        private void nextField(int[] from, int[] to, int index) {
            byte[] b = line;
            int end = lineEnd;
            int i = pos;
            while (i < end && b[i] != ',') {
                i++;
            }
            from[index] = pos;
            to[index] = i;
            pos = i + 1;
        }

        /** Fields from the cursor to the end of the line. */
        private int fieldsLeft() {
            if (pos > lineEnd) {
                return 0;
            }
            int n = 1;
            byte[] b = line;
            for (int i = pos; i < lineEnd; i++) {
                if (b[i] == ',') {
                    n++;
                }
            }
            return n;
        }

        private void pair() {
            startLine(messages);
            long seconds = AsciiNumbers.BAD;
            long type = 0;
            long orderId = 0;
            long size = 0;
            long price = 0;
            long direction = 0;
            int fields = 0;
            if (hasField()) {
                nextField(mFrom, mTo, 0);
                seconds = AsciiNumbers.parseSecondsToNanos(line, mFrom[0], mTo[0]);
                fields++;
            }
            if (hasField()) {
                type = nextLong(mFrom, mTo, 1);
                fields++;
            }
            if (hasField()) {
                orderId = nextLong(mFrom, mTo, 2);
                fields++;
            }
            if (hasField()) {
                size = nextLong(mFrom, mTo, 3);
                fields++;
            }
            if (hasField()) {
                price = nextLong(mFrom, mTo, 4);
                fields++;
            }
            if (hasField()) {
                direction = nextLong(mFrom, mTo, 5);
                fields++;
            }
            fields += fieldsLeft();
            if (fields != MESSAGE_FIELDS) {
                if (run.drop(DropReason.BAD_FIELD, messageName, messages.lineNumber())) {
                    run.report(fields + " fields where a message has " + MESSAGE_FIELDS);
                }
                return;
            }
            badField =
                    seconds == AsciiNumbers.BAD
                            ? 0
                            : (type < 1 || type > 7 || type == 6)
                                    ? 1
                                    : orderId == AsciiNumbers.BAD
                                            ? 2
                                            : size == AsciiNumbers.BAD
                                                    ? 3
                                                    : price == AsciiNumbers.BAD
                                                            ? 4
                                                            : direction == AsciiNumbers.BAD
                                                                    ? 5
                                                                    : -1;
            if (badField >= 0) {
                if (run.drop(DropReason.BAD_FIELD, messageName, messages.lineNumber())) {
                    run.report(
                            MESSAGE_FIELD_NAMES[badField]
                                    + " "
                                    + Fields.text(line, mFrom[badField], mTo[badField]));
                }
                return;
            }
            long timeNs = clock.toEpochNanos(epochDay, seconds);
            if (type == 4 || type == 5) {
                trade(timeNs, size, price, direction);
            } else if (type == 7) {
                halt(timeNs, price);
            }
            bookRow(timeNs);
        }

        private void trade(long timeNs, long size, long price, long direction) {
            long px = AsciiNumbers.rescaleSigned(price, PRICE_DECIMALS, scale);
            if (direction != 1 && direction != -1) {
                dropMessage(
                        DropReason.BAD_FIELD,
                        "direction " + direction + " of an execution is not 1 or -1");
                return;
            }
            if (px == AsciiNumbers.OFF_SCALE || px == AsciiNumbers.BAD) {
                dropMessage(
                        px == AsciiNumbers.BAD
                                ? DropReason.BAD_FIELD
                                : DropReason.PRICE_NOT_ON_SCALE,
                        "price " + price + " (USD x 10^4) does not fit price scale " + scale);
                return;
            }
            RingEvent e = other;
            e.type = EventType.TRADE;
            e.instrumentId = instrument.id();
            e.exchangeTimeNs = timeNs;
            e.receiveTimeNs = timeNs;
            e.tradePx = px;
            e.tradeQty = size;
            // The message is the resting order that was hit: its opposite side was the aggressor.
            e.tradeAggressor = (byte) -direction;
            run.offer(e, messageName, messages.lineNumber());
        }

        private void halt(long timeNs, long price) {
            long state = price == -1 ? HALTED : price == 0 ? QUOTING : price == 1 ? RESUMED : 0;
            if (state == 0) {
                dropMessage(
                        DropReason.BAD_FIELD, "trading-halt price " + price + " is not -1, 0 or 1");
                return;
            }
            RingEvent e = other;
            e.type = EventType.CONTROL;
            e.instrumentId = instrument.id();
            e.exchangeTimeNs = timeNs;
            e.receiveTimeNs = timeNs;
            e.controlCode = ControlCode.MARKET_HALT;
            e.controlParamId = 0;
            e.controlParamValue = state;
            run.offer(e, messageName, messages.lineNumber());
        }

        private void dropMessage(int reason, String detail) {
            if (run.drop(reason, messageName, messages.lineNumber())) {
                run.report(detail);
            }
        }

        private void bookRow(long timeNs) {
            int reason = parseBook();
            if (reason != DropReason.OK) {
                if (run.drop(reason, bookName, books.lineNumber())) {
                    run.report(bookFieldDetail(reason));
                }
                return;
            }
            RingEvent e = book;
            if (haveLast && sameAsLast(e)) {
                run.bookUnchanged();
                return;
            }
            e.type = EventType.BOOK;
            e.instrumentId = instrument.id();
            e.exchangeTimeNs = timeNs;
            e.receiveTimeNs = timeNs;
            e.levels = levels;
            if (run.offer(e, bookName, books.lineNumber())) {
                System.arraycopy(e.askPx, 0, lastAskPx, 0, levels);
                System.arraycopy(e.askQty, 0, lastAskQty, 0, levels);
                System.arraycopy(e.bidPx, 0, lastBidPx, 0, levels);
                System.arraycopy(e.bidQty, 0, lastBidQty, 0, levels);
                haveLast = true;
            }
        }

        /** Parses the first {@code levels} levels of the current book row into {@link #book}. */
        private int parseBook() {
            startLine(books);
            RingEvent e = book;
            int reason = DropReason.OK;
            boolean shortRow = false;
            for (int k = 0; k < levels && reason == DropReason.OK; k++) {
                int f = 4 * k;
                if (!hasField()) {
                    shortRow = true;
                    break;
                }
                long askPx = price(nextLong(bFrom, bTo, f), DUMMY_ASK);
                long askQty = hasField() ? nextLong(bFrom, bTo, f + 1) : AsciiNumbers.BAD;
                long bidPx =
                        hasField()
                                ? price(nextLong(bFrom, bTo, f + 2), DUMMY_BID)
                                : AsciiNumbers.BAD;
                long bidQty = hasField() ? nextLong(bFrom, bTo, f + 3) : AsciiNumbers.BAD;
                reason = fieldStatus(askPx, f);
                if (reason == DropReason.OK) {
                    reason = fieldStatus(askQty, f + 1);
                }
                if (reason == DropReason.OK) {
                    reason = fieldStatus(bidPx, f + 2);
                }
                if (reason == DropReason.OK) {
                    reason = fieldStatus(bidQty, f + 3);
                }
                e.askPx[k] = askPx;
                e.askQty[k] = askQty;
                e.bidPx[k] = bidPx;
                e.bidQty[k] = bidQty;
            }
            // Check the field count first: a short or long row explains a bad field better than the
            // field does.
            if (shortRow
                    || (reason == DropReason.OK
                            ? fieldsLeft() != 4 * (fileLevels - levels)
                            : !rowHasFileWidth())) {
                badField =
                        -Fields.split(line, books.start(), books.end(), (byte) ',', bFrom, bTo, 0);
                return DropReason.BAD_FIELD;
            }
            return reason;
        }

        private boolean rowHasFileWidth() {
            return Fields.split(line, books.start(), books.end(), (byte) ',', bFrom, bTo, 0)
                    == 4 * fileLevels;
        }

        private long price(long raw, long dummy) {
            if (raw == AsciiNumbers.BAD) {
                return AsciiNumbers.BAD;
            }
            return raw == dummy ? 0 : AsciiNumbers.rescaleSigned(raw, PRICE_DECIMALS, scale);
        }

        private int fieldStatus(long value, int field) {
            if (!AsciiNumbers.isSentinel(value)) {
                return DropReason.OK;
            }
            badField = field;
            return value == AsciiNumbers.OFF_SCALE
                    ? DropReason.PRICE_NOT_ON_SCALE
                    : DropReason.BAD_FIELD;
        }

        private String bookFieldDetail(int reason) {
            if (badField < 0) {
                return -badField + " fields where the file's rows have " + 4 * fileLevels;
            }
            int level = badField / 4 + 1;
            String[] names = {"ask price", "ask size", "bid price", "bid size"};
            String what =
                    names[badField % 4]
                            + " "
                            + level
                            + " "
                            + Fields.text(books.buffer(), bFrom[badField], bTo[badField]);
            return reason == DropReason.PRICE_NOT_ON_SCALE
                    ? what + " does not fit price scale " + scale
                    : what;
        }

        private boolean sameAsLast(RingEvent e) {
            for (int k = 0; k < levels; k++) {
                if (e.askPx[k] != lastAskPx[k]
                        || e.askQty[k] != lastAskQty[k]
                        || e.bidPx[k] != lastBidPx[k]
                        || e.bidQty[k] != lastBidQty[k]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() {
            messages.close();
            books.close();
        }
    }
}
