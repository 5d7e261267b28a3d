package io.tickring.adapters.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import io.tickring.adapters.validate.DropReason;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decodes one Binance market-data frame (spot, USD-M or COIN-M futures) (a WebSocket text frame, or
 * one recorded line) into a {@link RingEvent} or into the level arrays of a diff-depth update. The
 * live feed and the importer share this decoder.
 *
 * <p>What it reads, in either shape: the raw payload of a stream ({@code /ws/<stream>}), or the
 * combined-stream wrapper {@code {"stream":"btcusdt@depth5@100ms","data":{...}}}, whose fields may
 * come in any order.
 *
 * <ul>
 *   <li>Partial book depth ({@code <symbol>@depth5}, {@code @depth10}, {@code @depth20}, with or
 *       without {@code @100ms}): {@code {"lastUpdateId":..,"bids":[[p,q],..],"asks":[..]}} gives
 *       {@link #BOOK}. The payload names no symbol and carries no time: the symbol comes from the
 *       stream name or, for a raw stream, from {@link #defaultSymbol}; <b>the exchange time of such
 *       a BOOK is its receive time</b>. The first {@code bookDepth} levels (at most {@link
 *       RingEvent#MAX_LEVELS}) go into the event, so a depth20 frame is cut to the book depth the
 *       engine runs with. The same shape is the REST depth snapshot ({@code /api/v3/depth}; the
 *       futures ones add {@code "symbol"}, which names the instrument): every level stays in the
 *       decoder's arrays, and {@link #bareDepth()} says whether the frame came without a
 *       combined-stream wrapper, as a snapshot recorded inline does.
 *   <li>Best bid/ask ({@code <symbol>@bookTicker}: futures {@code "e":"bookTicker"}, spot a payload
 *       with {@code u}, {@code b}, {@code B}, {@code a}, {@code A} and no {@code e}) gives {@link
 *       #QUOTE}. Exchange time is the event time {@code E} (as for diff depth), else the receive
 *       time (spot frames carry no time).
 *   <li>Trades ({@code <symbol>@trade}, {@code "e":"trade"}) give {@link #TRADE}. Exchange time is
 *       the trade time {@code T} (ms, made ns). Binance says whether the buyer was the maker
 *       ({@code m}): {@code m=true} means the seller took liquidity, so the aggressor is {@link
 *       Side#SELL}; {@code m=false} gives {@link Side#BUY}.
 *   <li>Diff depth ({@code <symbol>@depth@100ms}, {@code "e":"depthUpdate"}) gives {@link
 *       #DEPTH_DIFF}: the update ids and levels stay in this decoder for a local book to apply; no
 *       event is filled.
 *   <li>{@code "e":"serverShutdown"} gives {@link #SERVER_SHUTDOWN}; subscription replies and other
 *       event types give {@link #IGNORED}; anything else is an {@link #ERROR} with a {@link
 *       DropReason}: {@link DropReason#BAD_FIELD} for a frame that is not JSON, not of a known
 *       shape, lacks a field its kind needs, has a number that is not a plain decimal or more
 *       levels than the decoder holds; {@link DropReason#UNKNOWN_SYMBOL}; {@link
 *       DropReason#PRICE_NOT_ON_SCALE}. The error's detail says which.
 * </ul>
 *
 * <p>Numbers: prices become fixed-point at the instrument's {@code priceScale}; quantities at the
 * instrument's {@code qty_scale} in the registry (the venue's quantity step), or at one {@code
 * quantityScale} for every instrument when the decoder is given one, so a quantity {@code long}
 * counts units of 10^-scale of the base asset or contracts (5 suits BTC, whose lot step is 0.00001;
 * COIN-M contracts are whole, scale 0). Price digits beyond the price scale must be zeros: such a
 * frame is dropped rather than changed, as {@link DropReason#PRICE_NOT_ON_SCALE}. Quantity digits
 * beyond the quantity scale never drop a frame: the quantity is rounded half to even to the scale
 * (counted), and a non-zero quantity that rounds to zero is kept as one step (counted), so it never
 * reads as a level's deletion.
 *
 * <p>Allocation: one jackson non-blocking parser serves every frame for the decoder's lifetime (it
 * is recreated only after a malformed frame), field names come from jackson's symbol table,
 * decimals are read from the parser's char buffer, and symbols are matched against a small table of
 * char arrays. Decoding a frame of a known symbol is allocation-free in steady state; the first
 * frame of a new symbol allocates its table entry. Not thread-safe: one decoder per thread.
 */
public final class BinanceDecoder {
    /** The frame could not be decoded; see {@link #error()}. */
    public static final int ERROR = -1;

    /** A well-formed frame of no interest (subscription reply, other event type). */
    public static final int IGNORED = 0;

    /** A partial-depth frame filled a BOOK event. */
    public static final int BOOK = 1;

    /** A trade frame filled a TRADE event. */
    public static final int TRADE = 2;

    /** A diff-depth frame was read into this decoder's level arrays. */
    public static final int DEPTH_DIFF = 3;

    /** The server announced it will close the connection soon. */
    public static final int SERVER_SHUTDOWN = 4;

    /** A best bid/ask frame ({@code bookTicker}) filled a QUOTE event. */
    public static final int QUOTE = 5;

    /** {@code quantityScale}: each instrument's registry {@code qty_scale}. */
    public static final int REGISTRY_QTY_SCALE = -1;

    /** Receive time to pass when it is not known: the event time {@code E} is used, else 0. */
    public static final long UNKNOWN_TIME = -1;

    /**
     * Largest number of levels per side a frame may carry by default: the REST snapshot's maximum.
     */
    public static final int DEFAULT_MAX_LEVELS = 5000;

    static final long NS_PER_MS = 1_000_000L;
    static final long UNSET = Long.MIN_VALUE;

    private static final int NO_SLOT = -1;
    private static final int UNKNOWN_SLOT = -2;
    private static final int MAX_SYMBOLS = 256;

    private static final int EV_NONE = 0;
    private static final int EV_TRADE = 1;
    private static final int EV_DEPTH = 2;
    private static final int EV_SHUTDOWN = 3;
    private static final int EV_OTHER = 4;
    private static final int EV_BOOK_TICKER = 5;

    private static final char[] TRADE_NAME = "trade".toCharArray();
    private static final char[] DEPTH_NAME = "depthUpdate".toCharArray();
    private static final char[] SHUTDOWN_NAME = "serverShutdown".toCharArray();
    private static final char[] BOOK_TICKER_NAME = "bookTicker".toCharArray();

    /** Unwinds a structurally broken frame; stackless and shared because it carries no state. */
    private static final Failure FAILURE = new Failure();

    private final JsonFactory factory = new JsonFactory();
    private JsonParser parser;
    private ByteArrayFeeder feeder;

    private final InstrumentLookup instruments;
    private final int quantityScale;
    private final int bookDepth;
    private final DecimalText decimal = new DecimalText();
    private byte[] textBytes = new byte[16 * 1024];

    // Symbol table: upper-case symbol chars -> instrument id (0 = looked up and unknown) and price
    // scale.
    private final char[][] symbols = new char[MAX_SYMBOLS][];
    private final int[] symbolIds = new int[MAX_SYMBOLS];
    private final int[] symbolScales = new int[MAX_SYMBOLS];
    private final int[] symbolQtyScales = new int[MAX_SYMBOLS];

    /** The quantity scale of the frame being finished. */
    private int qtyScale;

    private int symbolCount;
    private int defaultSlot = NO_SLOT;

    // The frame being decoded.
    private int slot;
    private int eventKind;
    private boolean sawLastUpdateId;
    private boolean sawBids;
    private boolean sawAsks;
    private boolean sawReply;
    private boolean sawStream;
    private boolean sawSymbolKey;
    private long quoteBidMantissa;
    private int quoteBidFraction;
    private long quoteBidQtyMantissa;
    private int quoteBidQtyFraction;
    private long quoteAskMantissa;
    private int quoteAskFraction;
    private long quoteAskQtyMantissa;
    private int quoteAskQtyFraction;

    /** Which of the four bookTicker values the frame had: bits 1 b, 2 B, 4 a, 8 A. */
    private int quoteFields;

    private long qtyRounded;
    private long qtyRaisedToStep;
    private long lastUpdateId;
    private long firstUpdateId;
    private long finalUpdateId;
    private long previousFinalUpdateId;
    private long eventTimeMs;
    private long tradeTimeMs;
    private long tradeId;
    private int buyerMaker;
    private long priceMantissa;
    private int priceFraction;
    private boolean hasPrice;
    private long qtyMantissa;
    private int qtyFraction;
    private boolean hasQty;
    private long diffExchangeTimeNs;
    private long frameReceiveTimeNs;

    private final int maxLevels;
    private final long[] bidPx;
    private final long[] bidQty;
    private final long[] askPx;
    private final long[] askQty;
    private final byte[] bidPxFrac;
    private final byte[] bidQtyFrac;
    private final byte[] askPxFrac;
    private final byte[] askQtyFrac;
    private int bidCount;
    private int askCount;

    private int error;
    private String errorDetail;

    /**
     * @param instruments resolves symbols; each new symbol is looked up once and remembered
     * @param quantityScale decimals of fixed-point quantities for every instrument of this decoder,
     *     or {@link #REGISTRY_QTY_SCALE} for each instrument's own {@code qty_scale}
     * @param bookDepth levels per side put into BOOK events (1..{@link RingEvent#MAX_LEVELS})
     */
    public BinanceDecoder(InstrumentLookup instruments, int quantityScale, int bookDepth) {
        this(instruments, quantityScale, bookDepth, DEFAULT_MAX_LEVELS);
    }

    /** As above, with the largest number of levels per side a frame may carry. */
    public BinanceDecoder(
            InstrumentLookup instruments, int quantityScale, int bookDepth, int maxLevels) {
        if ((quantityScale < 0 && quantityScale != REGISTRY_QTY_SCALE) || quantityScale > 18) {
            throw new IllegalArgumentException("quantityScale must be 0..18: " + quantityScale);
        }
        if (bookDepth < 1 || bookDepth > RingEvent.MAX_LEVELS) {
            throw new IllegalArgumentException(
                    "bookDepth must be 1.." + RingEvent.MAX_LEVELS + ": " + bookDepth);
        }
        if (maxLevels < bookDepth) {
            throw new IllegalArgumentException("maxLevels below bookDepth: " + maxLevels);
        }
        this.instruments = instruments;
        this.quantityScale = quantityScale;
        this.bookDepth = bookDepth;
        this.maxLevels = maxLevels;
        bidPx = new long[maxLevels];
        bidQty = new long[maxLevels];
        askPx = new long[maxLevels];
        askQty = new long[maxLevels];
        bidPxFrac = new byte[maxLevels];
        bidQtyFrac = new byte[maxLevels];
        askPxFrac = new byte[maxLevels];
        askQtyFrac = new byte[maxLevels];
        resetParser();
    }

    /**
     * Adds {@code symbol} to the table ahead of the first frame, so that frame does not allocate.
     *
     * @return the instrument id
     * @throws IllegalArgumentException if the lookup does not know the symbol
     */
    public int register(String symbol) {
        char[] chars = symbol.toCharArray();
        int s = findSlot(chars, 0, chars.length);
        if (s < 0) {
            throw new IllegalArgumentException("unknown instrument symbol: " + symbol);
        }
        return symbolIds[s];
    }

    /**
     * Names the instrument of frames that name none: raw partial-depth streams and the REST
     * snapshot. {@code null} clears it.
     */
    public void defaultSymbol(String symbol) {
        if (symbol == null) {
            defaultSlot = NO_SLOT;
            return;
        }
        register(symbol);
        char[] chars = symbol.toCharArray();
        defaultSlot = findSlot(chars, 0, chars.length);
    }

    /**
     * Makes the registered instrument {@code instrumentId} the one of frames that name none, for a
     * REST snapshot fetched for it (a spot snapshot names no symbol).
     *
     * @return the previous setting, for {@link #restoreDefault}
     */
    int defaultInstrument(int instrumentId) {
        int previous = defaultSlot;
        for (int i = 0; i < symbolCount; i++) {
            if (symbolIds[i] == instrumentId) {
                defaultSlot = i;
                break;
            }
        }
        return previous;
    }

    /** Puts back what {@link #defaultInstrument} returned. */
    void restoreDefault(int previous) {
        defaultSlot = previous;
    }

    /**
     * Decimals of fixed-point quantities for every instrument, or {@link #REGISTRY_QTY_SCALE} when
     * each instrument has its registry's.
     */
    public int quantityScale() {
        return quantityScale;
    }

    /** Levels per side put into BOOK events. */
    public int bookDepth() {
        return bookDepth;
    }

    /**
     * Decodes one frame held in a {@code String} (as okhttp delivers text frames). The chars are
     * encoded into a reused byte buffer first.
     */
    public int decode(CharSequence text, long receiveTimeNs, RingEvent out) {
        int n = utf8(text);
        return decode(textBytes, 0, n, receiveTimeNs, out);
    }

    /**
     * Decodes one complete frame.
     *
     * @param receiveTimeNs when the frame arrived (epoch ns), or {@link #UNKNOWN_TIME}
     * @param out filled for {@link #BOOK} and {@link #TRADE}; left as it was otherwise
     * @return {@link #BOOK}, {@link #TRADE}, {@link #DEPTH_DIFF}, {@link #SERVER_SHUTDOWN}, {@link
     *     #IGNORED} or {@link #ERROR}
     */
    public int decode(byte[] frame, int offset, int length, long receiveTimeNs, RingEvent out) {
        resetFrame();
        try {
            feeder.feedInput(frame, offset, offset + length);
            JsonToken t = parser.nextToken();
            if (t != JsonToken.START_OBJECT) {
                return fail(
                        DropReason.BAD_FIELD,
                        t == JsonToken.NOT_AVAILABLE
                                ? "empty frame"
                                : "frame is not a JSON object");
            }
            readObject(true);
            if (parser.nextToken() != JsonToken.NOT_AVAILABLE) {
                return fail(DropReason.BAD_FIELD, "data after the frame's object");
            }
        } catch (IOException e) {
            return fail(DropReason.BAD_FIELD, "not JSON");
        } catch (Failure f) {
            return fail(error == DropReason.OK ? DropReason.BAD_FIELD : error, errorDetail);
        }
        if (error != DropReason.OK) {
            return ERROR;
        }
        return finish(receiveTimeNs, out);
    }

    /** {@link DropReason} of the last {@link #ERROR}, else {@link DropReason#OK}. */
    public int error() {
        return error;
    }

    /** Human-readable detail of the last {@link #ERROR} (a constant: no allocation). */
    public String errorDetail() {
        return errorDetail;
    }

    // ---------------------------------------------------------------- results of the last frame

    /** Instrument of the last decoded frame. */
    int instrumentId() {
        int s = resolvedSlot();
        return s >= 0 ? symbolIds[s] : 0;
    }

    long lastUpdateId() {
        return lastUpdateId;
    }

    long firstUpdateId() {
        return firstUpdateId;
    }

    long finalUpdateId() {
        return finalUpdateId;
    }

    /** {@code pu} of a futures diff, or -1 when absent (spot). */
    long previousFinalUpdateId() {
        return previousFinalUpdateId == UNSET ? -1 : previousFinalUpdateId;
    }

    long tradeId() {
        return tradeId;
    }

    /** Exchange time of the last diff: its event time {@code E}, else its receive time. */
    long diffExchangeTimeNs() {
        return diffExchangeTimeNs;
    }

    /** Receive time of the last frame after {@link #UNKNOWN_TIME} was resolved. */
    long receiveTimeNs() {
        return frameReceiveTimeNs;
    }

    int bidCount() {
        return bidCount;
    }

    int askCount() {
        return askCount;
    }

    long[] bidPrices() {
        return bidPx;
    }

    long[] bidQuantities() {
        return bidQty;
    }

    long[] askPrices() {
        return askPx;
    }

    long[] askQuantities() {
        return askQty;
    }

    // ---------------------------------------------------------------- parsing

    private void resetParser() {
        try {
            if (parser != null) {
                parser.close();
            }
            parser = factory.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a JSON parser", e);
        }
        feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    private void resetFrame() {
        slot = NO_SLOT;
        eventKind = EV_NONE;
        sawLastUpdateId = false;
        sawBids = false;
        sawAsks = false;
        sawReply = false;
        sawStream = false;
        sawSymbolKey = false;
        quoteFields = 0;
        lastUpdateId = UNSET;
        firstUpdateId = UNSET;
        finalUpdateId = UNSET;
        previousFinalUpdateId = UNSET;
        eventTimeMs = UNSET;
        tradeTimeMs = UNSET;
        tradeId = UNSET;
        buyerMaker = -1;
        hasPrice = false;
        hasQty = false;
        bidCount = 0;
        askCount = 0;
        error = DropReason.OK;
        errorDetail = null;
    }

    private int fail(int reason, String detail) {
        error = reason;
        errorDetail = detail;
        // The parser may be in the middle of a value: a fresh one starts the next frame clean.
        resetParser();
        return ERROR;
    }

    /** Records a problem with a value but keeps reading, so the parser ends the frame in step. */
    private void flag(int reason, String detail) {
        if (error == DropReason.OK) {
            error = reason;
            errorDetail = detail;
        }
    }

    private JsonToken next() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == JsonToken.NOT_AVAILABLE || t == null) {
            error = DropReason.BAD_FIELD;
            errorDetail = "truncated frame";
            throw FAILURE;
        }
        return t;
    }

    private void readObject(boolean root) throws IOException {
        JsonToken t;
        while ((t = next()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            t = next();
            switch (name) {
                case "stream":
                    if (root && t == JsonToken.VALUE_STRING) {
                        sawStream = true;
                        readStreamName();
                    } else {
                        skip(t);
                    }
                    break;
                case "data":
                    if (root && t == JsonToken.START_OBJECT) {
                        readObject(false);
                    } else {
                        skip(t);
                    }
                    break;
                case "e":
                    if (t == JsonToken.VALUE_STRING) {
                        eventKind = classifyEvent();
                    } else {
                        skip(t);
                    }
                    break;
                case "E":
                    eventTimeMs = readLong(t);
                    break;
                case "T":
                    tradeTimeMs = readLong(t);
                    break;
                case "s":
                case "symbol":
                    // "symbol" names the instrument of a futures REST depth snapshot.
                    if (t == JsonToken.VALUE_STRING) {
                        sawSymbolKey |= name.equals("symbol");
                        if (slot == NO_SLOT) {
                            slot =
                                    findSlot(
                                            parser.getTextCharacters(),
                                            parser.getTextOffset(),
                                            parser.getTextLength());
                        }
                    } else {
                        skip(t);
                    }
                    break;
                case "t":
                    tradeId = readLong(t);
                    break;
                case "p":
                    if (readDecimal(t)) {
                        priceMantissa = decimal.mantissa;
                        priceFraction = decimal.fraction;
                        hasPrice = true;
                    }
                    break;
                case "q":
                    if (readDecimal(t)) {
                        qtyMantissa = decimal.mantissa;
                        qtyFraction = decimal.fraction;
                        hasQty = true;
                    }
                    break;
                case "m":
                    if (t == JsonToken.VALUE_TRUE) {
                        buyerMaker = 1;
                    } else if (t == JsonToken.VALUE_FALSE) {
                        buyerMaker = 0;
                    } else {
                        skip(t);
                    }
                    break;
                case "U":
                    firstUpdateId = readLong(t);
                    break;
                case "u":
                    finalUpdateId = readLong(t);
                    break;
                case "pu":
                    previousFinalUpdateId = readLong(t);
                    break;
                case "lastUpdateId":
                    lastUpdateId = readLong(t);
                    sawLastUpdateId = true;
                    break;
                case "bids":
                case "b":
                    // In a spot trade, "b" is the buyer's order id (a number): only an array is
                    // a side of a book, and only a string a bookTicker's best bid price.
                    if (t == JsonToken.START_ARRAY) {
                        bidCount = readLevels(true);
                        sawBids = true;
                    } else if (t == JsonToken.VALUE_STRING && readDecimal(t)) {
                        quoteBidMantissa = decimal.mantissa;
                        quoteBidFraction = decimal.fraction;
                        quoteFields |= 1;
                    } else {
                        skip(t);
                    }
                    break;
                case "asks":
                case "a":
                    if (t == JsonToken.START_ARRAY) {
                        askCount = readLevels(false);
                        sawAsks = true;
                    } else if (t == JsonToken.VALUE_STRING && readDecimal(t)) {
                        quoteAskMantissa = decimal.mantissa;
                        quoteAskFraction = decimal.fraction;
                        quoteFields |= 4;
                    } else {
                        skip(t);
                    }
                    break;
                case "B":
                    if (t == JsonToken.VALUE_STRING && readDecimal(t)) {
                        quoteBidQtyMantissa = decimal.mantissa;
                        quoteBidQtyFraction = decimal.fraction;
                        quoteFields |= 2;
                    } else {
                        skip(t);
                    }
                    break;
                case "A":
                    if (t == JsonToken.VALUE_STRING && readDecimal(t)) {
                        quoteAskQtyMantissa = decimal.mantissa;
                        quoteAskQtyFraction = decimal.fraction;
                        quoteFields |= 8;
                    } else {
                        skip(t);
                    }
                    break;
                case "result":
                case "id":
                    sawReply = true;
                    skip(t);
                    break;
                default:
                    skip(t);
                    break;
            }
        }
        if (t != JsonToken.END_OBJECT) {
            error = DropReason.BAD_FIELD;
            errorDetail = "unexpected token in object";
            throw FAILURE;
        }
    }

    /** Skips the value starting at {@code t}; jackson's skipChildren refuses non-blocking input. */
    private void skip(JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            return;
        }
        int depth = 1;
        while (depth > 0) {
            JsonToken n = next();
            if (n == JsonToken.START_OBJECT || n == JsonToken.START_ARRAY) {
                depth++;
            } else if (n == JsonToken.END_OBJECT || n == JsonToken.END_ARRAY) {
                depth--;
            }
        }
    }

    private long readLong(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return parser.getLongValue();
        }
        skip(t);
        flag(DropReason.BAD_FIELD, "an id or time is not an integer");
        return UNSET;
    }

    private boolean readDecimal(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING
                || t == JsonToken.VALUE_NUMBER_INT
                || t == JsonToken.VALUE_NUMBER_FLOAT) {
            if (decimal.parse(
                    parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength())) {
                return true;
            }
            flag(DropReason.BAD_FIELD, "a price or quantity is not a plain decimal");
            return false;
        }
        skip(t);
        flag(DropReason.BAD_FIELD, "a price or quantity is not a string");
        return false;
    }

    /**
     * Reads {@code [[price, qty], ...]} (extra elements of a level are ignored); returns the count.
     */
    private int readLevels(boolean bids) throws IOException {
        long[] px = bids ? bidPx : askPx;
        long[] qty = bids ? bidQty : askQty;
        byte[] pxFrac = bids ? bidPxFrac : askPxFrac;
        byte[] qtyFrac = bids ? bidQtyFrac : askQtyFrac;
        int n = 0;
        JsonToken t;
        while ((t = next()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_ARRAY) {
                skip(t);
                flag(DropReason.BAD_FIELD, "a level is not a [price, quantity] pair");
                continue;
            }
            JsonToken pt = next();
            if (pt == JsonToken.END_ARRAY) {
                flag(DropReason.BAD_FIELD, "a level is not a [price, quantity] pair");
                continue;
            }
            boolean pxOk = readDecimal(pt);
            long pm = decimal.mantissa;
            int pf = decimal.fraction;
            JsonToken qt = next();
            if (qt == JsonToken.END_ARRAY) {
                flag(DropReason.BAD_FIELD, "a level is not a [price, quantity] pair");
                continue;
            }
            boolean qtyOk = readDecimal(qt);
            while ((t = next()) != JsonToken.END_ARRAY) {
                skip(t);
            }
            if (n == maxLevels) {
                flag(DropReason.BAD_FIELD, "more levels on one side than the decoder holds");
                continue;
            }
            if (pxOk && qtyOk) {
                px[n] = pm;
                pxFrac[n] = (byte) pf;
                qty[n] = decimal.mantissa;
                qtyFrac[n] = (byte) decimal.fraction;
                n++;
            }
        }
        return n;
    }

    private void readStreamName() throws IOException {
        char[] buf = parser.getTextCharacters();
        int off = parser.getTextOffset();
        int len = parser.getTextLength();
        int at = 0;
        while (at < len && buf[off + at] != '@') {
            at++;
        }
        slot = findSlot(buf, off, at);
    }

    private int classifyEvent() throws IOException {
        char[] buf = parser.getTextCharacters();
        int off = parser.getTextOffset();
        int len = parser.getTextLength();
        if (same(buf, off, len, TRADE_NAME)) {
            return EV_TRADE;
        }
        if (same(buf, off, len, DEPTH_NAME)) {
            return EV_DEPTH;
        }
        if (same(buf, off, len, SHUTDOWN_NAME)) {
            return EV_SHUTDOWN;
        }
        if (same(buf, off, len, BOOK_TICKER_NAME)) {
            return EV_BOOK_TICKER;
        }
        return EV_OTHER;
    }

    private static boolean same(char[] buf, int off, int len, char[] name) {
        if (len != name.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (buf[off + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Slot of the symbol in {@code buf}, case-insensitive; {@link #UNKNOWN_SLOT} if not an
     * instrument.
     */
    private int findSlot(char[] buf, int off, int len) {
        if (len == 0) {
            return UNKNOWN_SLOT;
        }
        for (int i = 0; i < symbolCount; i++) {
            char[] s = symbols[i];
            if (s.length != len) {
                continue;
            }
            int k = 0;
            while (k < len && upper(buf[off + k]) == s[k]) {
                k++;
            }
            if (k == len) {
                return symbolIds[i] != 0 ? i : UNKNOWN_SLOT;
            }
        }
        // First sight of this symbol: the one allocation, remembered whether found or not.
        String symbol = new String(buf, off, len).toUpperCase(Locale.ROOT);
        Instrument instrument = instruments.bySymbol(symbol);
        if (symbolCount == MAX_SYMBOLS) {
            return UNKNOWN_SLOT;
        }
        int i = symbolCount++;
        symbols[i] = symbol.toCharArray();
        symbolIds[i] = instrument == null ? 0 : instrument.id();
        symbolScales[i] = instrument == null ? 0 : instrument.priceScale();
        symbolQtyScales[i] = instrument == null ? 0 : instrument.units().qtyScale();
        return instrument == null ? UNKNOWN_SLOT : i;
    }

    private static char upper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
    }

    private int resolvedSlot() {
        if (slot >= 0) {
            return slot;
        }
        if (slot == UNKNOWN_SLOT) {
            return -1;
        }
        return defaultSlot;
    }

    // ---------------------------------------------------------------- building the result

    private int finish(long receiveTimeNs, RingEvent out) {
        if (eventKind == EV_SHUTDOWN) {
            return SERVER_SHUTDOWN;
        }
        frameReceiveTimeNs =
                receiveTimeNs != UNKNOWN_TIME
                        ? receiveTimeNs
                        : eventTimeMs != UNSET ? eventTimeMs * NS_PER_MS : 0;
        if (eventKind == EV_TRADE) {
            return finishTrade(out);
        }
        if (eventKind == EV_DEPTH) {
            return finishDiff();
        }
        if (eventKind == EV_NONE && sawLastUpdateId && (sawBids || sawAsks)) {
            return finishBook(out);
        }
        // Spot bookTicker frames carry no "e": u and the four values tell them apart.
        if (eventKind == EV_BOOK_TICKER
                || (eventKind == EV_NONE && quoteFields == 15 && finalUpdateId != UNSET)) {
            return finishQuote(out);
        }
        if (eventKind == EV_OTHER || sawReply) {
            return IGNORED;
        }
        error = DropReason.BAD_FIELD;
        errorDetail = "not a Binance depth, trade or diff-depth frame";
        return ERROR;
    }

    private int finishTrade(RingEvent out) {
        int s = resolvedSlot();
        qtyScale = s < 0 ? 0 : quantityScale >= 0 ? quantityScale : symbolQtyScales[s];
        if (s < 0) {
            return finishError(DropReason.UNKNOWN_SYMBOL, "trade of an unknown symbol");
        }
        if (!hasPrice || !hasQty || tradeTimeMs == UNSET || tradeId == UNSET || buyerMaker < 0) {
            return finishError(DropReason.BAD_FIELD, "trade without p, q, T, t or m");
        }
        long px = DecimalText.rescale(priceMantissa, priceFraction, symbolScales[s]);
        if (px == DecimalText.INVALID) {
            return finishError(
                    DropReason.PRICE_NOT_ON_SCALE, "trade price finer than the price scale");
        }
        long qty = quantity(qtyMantissa, qtyFraction);
        if (qty == DecimalText.INVALID) {
            return finishError(DropReason.BAD_FIELD, "trade quantity too large");
        }
        out.clearInput();
        out.type = EventType.TRADE;
        out.instrumentId = symbolIds[s];
        out.exchangeTimeNs = tradeTimeMs * NS_PER_MS;
        out.receiveTimeNs = frameReceiveTimeNs;
        out.tradePx = px;
        out.tradeQty = qty;
        out.tradeAggressor = buyerMaker == 1 ? Side.SELL : Side.BUY;
        return TRADE;
    }

    private int finishBook(RingEvent out) {
        int s = resolvedSlot();
        qtyScale = s < 0 ? 0 : quantityScale >= 0 ? quantityScale : symbolQtyScales[s];
        if (s < 0) {
            return finishError(
                    DropReason.UNKNOWN_SYMBOL,
                    "depth frame of an unknown symbol (raw streams need a default symbol)");
        }
        if (lastUpdateId == UNSET) {
            return finishError(DropReason.BAD_FIELD, "depth frame without lastUpdateId");
        }
        int rescaled = rescaleLevels(symbolScales[s]);
        if (rescaled != DropReason.OK) {
            return finishError(
                    rescaled,
                    rescaled == DropReason.PRICE_NOT_ON_SCALE
                            ? "depth price finer than the price scale"
                            : "depth quantity too large");
        }
        int levels = Math.min(bookDepth, Math.min(bidCount, askCount));
        out.clearInput();
        out.type = EventType.BOOK;
        out.instrumentId = symbolIds[s];
        // Partial depth carries no event time: the receive time is the best clock there is.
        out.exchangeTimeNs = frameReceiveTimeNs;
        out.receiveTimeNs = frameReceiveTimeNs;
        out.levels = levels;
        for (int k = 0; k < levels; k++) {
            out.bidPx[k] = bidPx[k];
            out.bidQty[k] = bidQty[k];
            out.askPx[k] = askPx[k];
            out.askQty[k] = askQty[k];
        }
        return BOOK;
    }

    private int finishDiff() {
        int s = resolvedSlot();
        qtyScale = s < 0 ? 0 : quantityScale >= 0 ? quantityScale : symbolQtyScales[s];
        if (s < 0) {
            return finishError(DropReason.UNKNOWN_SYMBOL, "diff-depth frame of an unknown symbol");
        }
        if (firstUpdateId == UNSET || finalUpdateId == UNSET) {
            return finishError(DropReason.BAD_FIELD, "diff-depth frame without U or u");
        }
        int rescaled = rescaleLevels(symbolScales[s]);
        if (rescaled != DropReason.OK) {
            return finishError(
                    rescaled,
                    rescaled == DropReason.PRICE_NOT_ON_SCALE
                            ? "diff price finer than the price scale"
                            : "diff quantity too large");
        }
        diffExchangeTimeNs = eventTimeMs != UNSET ? eventTimeMs * NS_PER_MS : frameReceiveTimeNs;
        return DEPTH_DIFF;
    }

    private int finishQuote(RingEvent out) {
        int s = resolvedSlot();
        qtyScale = s < 0 ? 0 : quantityScale >= 0 ? quantityScale : symbolQtyScales[s];
        if (s < 0) {
            return finishError(DropReason.UNKNOWN_SYMBOL, "bookTicker of an unknown symbol");
        }
        if (quoteFields != 15 || finalUpdateId == UNSET) {
            return finishError(DropReason.BAD_FIELD, "bookTicker without u, b, B, a or A");
        }
        int scale = symbolScales[s];
        long bid = DecimalText.rescale(quoteBidMantissa, quoteBidFraction, scale);
        long ask = DecimalText.rescale(quoteAskMantissa, quoteAskFraction, scale);
        if (bid == DecimalText.INVALID || ask == DecimalText.INVALID) {
            return finishError(
                    DropReason.PRICE_NOT_ON_SCALE, "bookTicker price finer than the price scale");
        }
        long bidQty = quantity(quoteBidQtyMantissa, quoteBidQtyFraction);
        long askQty = quantity(quoteAskQtyMantissa, quoteAskQtyFraction);
        if (bidQty == DecimalText.INVALID || askQty == DecimalText.INVALID) {
            return finishError(DropReason.BAD_FIELD, "bookTicker quantity too large");
        }
        out.clearInput();
        out.type = EventType.QUOTE;
        out.instrumentId = symbolIds[s];
        // Futures carry the event time E, as diff depth does; spot bookTicker carries no time.
        out.exchangeTimeNs = eventTimeMs != UNSET ? eventTimeMs * NS_PER_MS : frameReceiveTimeNs;
        out.receiveTimeNs = frameReceiveTimeNs;
        out.quoteBidPx = bid;
        out.quoteBidQty = bidQty;
        out.quoteAskPx = ask;
        out.quoteAskQty = askQty;
        return QUOTE;
    }

    /**
     * A quantity at the decoder's scale: digits beyond it are rounded half to even (counted in
     * {@link #qtyRounded()}), and a non-zero quantity that would round to zero becomes one step
     * (counted in {@link #qtyRaisedToStep()}) so that it never reads as a deletion.
     */
    private long quantity(long mantissa, int fraction) {
        long q = DecimalText.roundHalfEven(mantissa, fraction, qtyScale);
        if (fraction > qtyScale && q != DecimalText.INVALID) {
            if (q == 0 && mantissa != 0) {
                qtyRaisedToStep++;
                return mantissa > 0 ? 1 : -1;
            }
            if (DecimalText.rescale(mantissa, fraction, qtyScale) == DecimalText.INVALID) {
                qtyRounded++;
            }
        }
        return q;
    }

    /** Quantities rounded to the quantity scale since construction. */
    long qtyRounded() {
        return qtyRounded;
    }

    /** Non-zero quantities that rounded to zero and were kept as one step, since construction. */
    long qtyRaisedToStep() {
        return qtyRaisedToStep;
    }

    /**
     * True if the last frame had the depth snapshot's shape ({@code lastUpdateId}, bids, asks) and
     * came without a combined-stream wrapper: what a REST snapshot recorded inline looks like.
     */
    boolean bareDepth() {
        return !sawStream && eventKind == EV_NONE && sawLastUpdateId;
    }

    /**
     * True if the last frame named no instrument at all (no stream, {@code s} or {@code symbol}).
     */
    boolean namedNoSymbol() {
        return slot == NO_SLOT;
    }

    /**
     * Symbols the frames named (and the ones registered) that the registry lacks, in the order
     * first seen, at most {@code max}: for the message of an import that wrote nothing.
     */
    public List<String> unknownSymbols(int max) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < symbolCount && out.size() < max; i++) {
            if (symbolIds[i] == 0) {
                out.add(new String(symbols[i]));
            }
        }
        return out;
    }

    /** True if the last frame named its instrument with {@code "symbol"} (futures REST depth). */
    boolean namedBySymbolKey() {
        return sawSymbolKey;
    }

    private int finishError(int reason, String detail) {
        error = reason;
        errorDetail = detail;
        return ERROR;
    }

    /**
     * Brings every level to the fixed-point scales; returns {@link DropReason#OK}, or {@link
     * DropReason#PRICE_NOT_ON_SCALE} / {@link DropReason#BAD_FIELD} for the first price / quantity
     * that needs rounding or overflows.
     */
    private int rescaleLevels(int priceScale) {
        int reason = rescaleSide(bidPx, bidPxFrac, bidQty, bidQtyFrac, bidCount, priceScale);
        return reason != DropReason.OK
                ? reason
                : rescaleSide(askPx, askPxFrac, askQty, askQtyFrac, askCount, priceScale);
    }

    private int rescaleSide(
            long[] px, byte[] pxFrac, long[] qty, byte[] qtyFrac, int count, int priceScale) {
        for (int i = 0; i < count; i++) {
            long p = DecimalText.rescale(px[i], pxFrac[i], priceScale);
            if (p == DecimalText.INVALID) {
                return DropReason.PRICE_NOT_ON_SCALE;
            }
            long q = quantity(qty[i], qtyFrac[i]);
            if (q == DecimalText.INVALID) {
                return DropReason.BAD_FIELD;
            }
            px[i] = p;
            qty[i] = q;
        }
        return DropReason.OK;
    }

    /** Encodes {@code text} as UTF-8 into {@link #textBytes}; returns the length. */
    private int utf8(CharSequence text) {
        int len = text.length();
        if (textBytes.length < len * 3) {
            textBytes = new byte[Math.max(len * 3, textBytes.length * 2)];
        }
        byte[] b = textBytes;
        int n = 0;
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                b[n++] = (byte) c;
            } else if (c < 0x800) {
                b[n++] = (byte) (0xC0 | (c >> 6));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < len
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                b[n++] = (byte) (0xF0 | (cp >> 18));
                b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                b[n++] = (byte) (0xE0 | (c >> 12));
                b[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return n;
    }

    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure() {
            super("malformed Binance frame", null, false, false);
        }
    }
}
