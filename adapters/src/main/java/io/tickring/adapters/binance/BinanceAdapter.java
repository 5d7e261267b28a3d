package io.tickring.adapters.binance;

import io.tickring.adapters.validate.BookValidator;
import io.tickring.adapters.validate.DropReason;
import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import java.util.ArrayList;
import java.util.List;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;

/**
 * Turns Binance frames into checked input events and hands them to a {@link Listener}: the one path
 * shared by the live {@link BinanceFeed} and the {@link BinanceImporter}.
 *
 * <p>Per frame: {@link BinanceDecoder} decodes it and the frame is counted under its kind ({@link
 * FeedCounters#frames(int)}); a diff-depth frame goes to the instrument's {@link LocalOrderBook}
 * (with the continuity rule of the instrument's {@link BinanceMarket}), which may publish a BOOK,
 * hold the diff until a snapshot, or report a gap. A depth-snapshot-shaped frame outside a
 * combined-stream wrapper is a REST snapshot when it names its symbol the futures way ({@code
 * "symbol"}) or when this adapter already keeps a diff-depth book for the instrument (a recorder
 * subscribes first, then fetches, as Binance documents); it syncs that book. One that names no
 * symbol at all (spot's) with no default symbol is the snapshot of the one instrument whose
 * diff-depth book this adapter keeps; with none or several it cannot be placed and goes to {@link
 * Listener#onUnnamedDepth}. Otherwise it is a partial-depth BOOK. When the held diffs bridge an
 * applied snapshot, the book is valid at once by the venue's procedure and a BOOK is published
 * then, stamped with the last held diff's event time. A bookTicker frame becomes a QUOTE, dropped
 * as a {@link DropReason#DUPLICATE} when its update id is not above the instrument's last one, and
 * checked for positive prices and sizes and an uncrossed touch. A BOOK or TRADE then passes two
 * checks. First the venue's ids: a book's update id, or a trade's id, must be above the last one
 * passed on for the instrument, else it is a {@link DropReason#DUPLICATE} (the frames both
 * connections deliver around a reconnect). Then the shared {@link BookValidator}, one for books and
 * one for trades: books and trades keep separate clocks, because a partial-depth BOOK is stamped
 * with its receive time and a TRADE with the venue's earlier trade time. Whatever fails is counted
 * by {@link DropReason} and reported to {@link Listener#onDrop}, never passed on; only an event
 * that passes moves the remembered ids, times and book, so one bad frame cannot poison the next
 * good one. A gap becomes a CONTROL {@link ControlCode#FEED_GAP} event (see {@link FeedGap}). The
 * event handed to the listener is reused: it is valid only during the call. Allocation-free in
 * steady state (error and gap reports may allocate their detail). Not thread-safe: the feed
 * serialises calls.
 */
final class BinanceAdapter {
    /** Receives what the adapter makes of the frames. */
    interface Listener {
        /** A checked BOOK or TRADE, or a CONTROL FEED_GAP; valid only during the call. */
        void onEvent(RingEvent event);

        /** A frame or event dropped for {@code reason}, a {@link DropReason} code. */
        default void onDrop(int reason, String detail) {}

        /** A diff-depth continuity break on {@code instrumentId}. */
        default void onGap(int instrumentId, String detail) {}

        /**
         * The instrument's diff-depth book holds diffs and waits for a REST snapshot: the live feed
         * fetches one and calls {@link #applySnapshot}; an import waits for the next one in the
         * recording. Called once per wait (again after {@link #snapshotFailed}).
         */
        default void onSnapshotNeeded(int instrumentId) {}

        /**
         * A depth-snapshot-shaped frame that names no symbol (a spot REST snapshot, or a raw
         * partial-depth payload) when whose it is cannot be told: no default symbol and not exactly
         * one diff-depth book. By default a {@link DropReason#UNKNOWN_SYMBOL} drop; an import stops
         * on it, since the user must say the symbol.
         */
        default void onUnnamedDepth(String detail) {
            onDrop(DropReason.UNKNOWN_SYMBOL, detail);
        }
    }

    private final BinanceDecoder decoder;
    private final FeedCounters counters;
    private final Listener listener;
    private final int sourceId;
    private final int bookCapacity;
    private final InstrumentLookup instruments;
    private final BinanceMarket marketOverride;
    private final BookValidator bookValidator = new BookValidator();
    private final BookValidator tradeValidator = new BookValidator();

    /**
     * Per instrument id: the update id of the last BOOK passed on, and the id of the last TRADE.
     */
    private final Long2LongHashMap lastBookUpdateId = new Long2LongHashMap(Long.MIN_VALUE);

    private final Long2LongHashMap lastTradeId = new Long2LongHashMap(Long.MIN_VALUE);
    private final Long2LongHashMap lastQuoteUpdateId = new Long2LongHashMap(Long.MIN_VALUE);

    /** Instruments whose book waits for a snapshot that has been asked for (by id, 1 = asked). */
    private final Long2LongHashMap snapshotAsked = new Long2LongHashMap(0);

    /** Per instrument id: exchange and receive time of the last diff-depth frame. */
    private final Long2LongHashMap lastDiffExchangeNs = new Long2LongHashMap(0);

    private final Long2LongHashMap lastDiffReceiveNs = new Long2LongHashMap(0);

    /** Instruments whose book a snapshot has synced at least once (by id, 1 = yes). */
    private final Long2LongHashMap snapshotApplied = new Long2LongHashMap(0);

    private static final int NO_BOOK = 0;

    private final RingEvent event = new RingEvent();
    private final Int2ObjectHashMap<LocalOrderBook> books = new Int2ObjectHashMap<>();

    /**
     * @param sourceId carried in {@code controlParamId} of the gap events this adapter emits
     * @param bookCapacity levels per side a local diff-depth book starts with (it grows)
     * @param instruments the registry whose venues say each instrument's market
     * @param marketOverride the market of every instrument, or null for the registry's
     */
    BinanceAdapter(
            BinanceDecoder decoder,
            FeedCounters counters,
            int sourceId,
            int bookCapacity,
            InstrumentLookup instruments,
            BinanceMarket marketOverride,
            Listener listener) {
        this.decoder = decoder;
        this.counters = counters;
        this.sourceId = sourceId;
        this.bookCapacity = Math.max(bookCapacity, decoder.bookDepth());
        this.instruments = instruments;
        this.marketOverride = marketOverride;
        this.listener = listener;
    }

    /** The market whose rules the instrument's diff-depth book follows. */
    BinanceMarket market(int instrumentId) {
        if (marketOverride != null) {
            return marketOverride;
        }
        Instrument i = instruments.byId(instrumentId);
        return i == null ? BinanceMarket.SPOT : BinanceMarket.of(i);
    }

    BinanceDecoder decoder() {
        return decoder;
    }

    /** Handles one frame held in bytes; returns the decoder's status for it. */
    int onFrame(byte[] frame, int offset, int length, long receiveTimeNs) {
        counters.onFrame();
        int status = decoder.decode(frame, offset, length, receiveTimeNs, event);
        if (unnamedDepth(status)) {
            int sole = soleBook();
            if (sole == NO_BOOK) {
                return onUnnamedDepth();
            }
            // The default stays until the frame is dispatched, which asks whose it was.
            int previous = decoder.defaultInstrument(sole);
            status = dispatch(decoder.decode(frame, offset, length, receiveTimeNs, event));
            decoder.restoreDefault(previous);
        } else {
            status = dispatch(status);
        }
        counters.quantities(decoder.qtyRounded(), decoder.qtyRaisedToStep());
        return status;
    }

    /** Handles one frame held in chars; returns the decoder's status for it. */
    int onFrame(CharSequence frame, long receiveTimeNs) {
        counters.onFrame();
        int status = decoder.decode(frame, receiveTimeNs, event);
        if (unnamedDepth(status)) {
            int sole = soleBook();
            if (sole == NO_BOOK) {
                return onUnnamedDepth();
            }
            // The default stays until the frame is dispatched, which asks whose it was.
            int previous = decoder.defaultInstrument(sole);
            status = dispatch(decoder.decode(frame, receiveTimeNs, event));
            decoder.restoreDefault(previous);
        } else {
            status = dispatch(status);
        }
        counters.quantities(decoder.qtyRounded(), decoder.qtyRaisedToStep());
        return status;
    }

    /**
     * True for a snapshot-shaped frame that names no symbol and has no default symbol to fall back
     * on: a spot REST snapshot recorded inline names none.
     */
    private boolean unnamedDepth(int status) {
        return status == BinanceDecoder.ERROR
                && decoder.error() == DropReason.UNKNOWN_SYMBOL
                && decoder.bareDepth()
                && decoder.namedNoSymbol();
    }

    /**
     * The instrument of the one diff-depth book this adapter keeps, or {@link #NO_BOOK} when it
     * keeps none or several: with exactly one symbol's diffs before it, an unnamed snapshot can
     * only be that symbol's (a recorder subscribes, then fetches the snapshot, as Binance
     * documents).
     */
    private int soleBook() {
        if (books.size() != 1) {
            return NO_BOOK;
        }
        return books.keySet().iterator().nextInt();
    }

    private int onUnnamedDepth() {
        counters.onFrameKind(FeedCounters.KIND_UNDECODED);
        counters.onDecodeError(DropReason.UNKNOWN_SYMBOL);
        String detail;
        if (books.isEmpty()) {
            detail =
                    "a depth snapshot or raw partial-depth frame that names no symbol, and no"
                            + " diff-depth frame came before it to tell whose it is: give --symbol S";
        } else {
            List<String> symbols = new ArrayList<>();
            books.forEach(
                    (id, b) -> {
                        Instrument i = instruments.byId(id);
                        symbols.add(i == null ? "instrument " + id : i.symbol());
                    });
            java.util.Collections.sort(symbols);
            detail =
                    "a REST depth snapshot that names no symbol (spot's) after diff-depth frames"
                            + " of "
                            + symbols.size()
                            + " symbols ("
                            + String.join(", ", symbols)
                            + "), so whose it is cannot be told: give --symbol S, and import"
                            + " each symbol's recording on its own";
        }
        listener.onUnnamedDepth(detail);
        return BinanceDecoder.ERROR;
    }

    /**
     * Loads a REST depth snapshot ({@code /api/v3/depth} JSON) into the local book of the decoder's
     * default symbol; later diffs of that instrument are synced against it.
     *
     * @return the instrument id
     * @throws IllegalArgumentException if the JSON is not such a snapshot
     */
    int loadSnapshot(byte[] json, int offset, int length) {
        RingEvent scratch = new RingEvent();
        int status = decoder.decode(json, offset, length, 0, scratch);
        if (status != BinanceDecoder.BOOK) {
            throw new IllegalArgumentException(
                    "not a depth snapshot: "
                            + (status == BinanceDecoder.ERROR
                                    ? decoder.errorDetail()
                                    : "unexpected frame kind"));
        }
        counters.onFrameKind(FeedCounters.KIND_SNAPSHOT);
        int id = decoder.instrumentId();
        onSnapshot(id);
        return id;
    }

    /**
     * Applies a REST depth snapshot fetched for {@code instrumentId} (the live feed's).
     *
     * @return false if the JSON is not a depth snapshot
     */
    boolean applySnapshot(int instrumentId, byte[] json, int offset, int length) {
        return applySnapshot(instrumentId, json, offset, length, BinanceDecoder.UNKNOWN_TIME);
    }

    /**
     * Applies a REST depth snapshot fetched for {@code instrumentId}, received at {@code
     * receiveTimeNs} (the receive time of the BOOK it may publish).
     *
     * @return false if the JSON is not a depth snapshot
     */
    boolean applySnapshot(
            int instrumentId, byte[] json, int offset, int length, long receiveTimeNs) {
        int previous = decoder.defaultInstrument(instrumentId);
        int status = decoder.decode(json, offset, length, receiveTimeNs, event);
        int named = decoder.instrumentId();
        decoder.restoreDefault(previous);
        if (status != BinanceDecoder.BOOK || named != instrumentId) {
            snapshotFailed(instrumentId);
            return false;
        }
        counters.onFrameKind(FeedCounters.KIND_SNAPSHOT);
        onSnapshot(instrumentId);
        return true;
    }

    /** A snapshot asked for could not be had: the next held diff asks again. */
    void snapshotFailed(int instrumentId) {
        snapshotAsked.remove(instrumentId);
    }

    /** Every local book starts over, waiting for a snapshot (a new connection). */
    void resetBooks() {
        books.forEach((id, b) -> b.awaitSnapshot());
        snapshotAsked.clear();
    }

    /**
     * Instruments whose diff-depth book ends up waiting for a snapshot: {@code {id, diffs held, 1
     * if a snapshot was ever applied to it else 0}}.
     */
    List<long[]> unsynced() {
        List<long[]> out = new ArrayList<>();
        books.forEach(
                (id, b) -> {
                    if (!b.synced()) {
                        out.add(new long[] {id, b.buffered(), snapshotApplied.get(id.intValue())});
                    }
                });
        out.sort((x, y) -> Long.compare(x[0], y[0]));
        return out;
    }

    private void onSnapshot(int id) {
        LocalOrderBook book = book(id);
        long skipped = book.beforeSnapshot();
        int gaps =
                book.applySnapshot(
                        decoder.lastUpdateId(),
                        decoder.bidPrices(),
                        decoder.bidQuantities(),
                        decoder.bidCount(),
                        decoder.askPrices(),
                        decoder.askQuantities(),
                        decoder.askCount());
        counters.addDiffsBeforeSnapshot(book.beforeSnapshot() - skipped);
        snapshotAsked.remove(id);
        if (gaps == LocalOrderBook.SNAPSHOT_NOT_NEEDED) {
            counters.onSnapshotUnused();
            return;
        }
        counters.onSnapshotApplied();
        snapshotApplied.put(id, 1);
        if (gaps == 0 && book.canPublish()) {
            publishSnapshotBook(id, book);
            return;
        }
        if (gaps > 0) {
            counters.onSnapshotStale();
            listener.onGap(
                    id,
                    "snapshot lastUpdateId "
                            + decoder.lastUpdateId()
                            + " is older than the diffs held for it: update "
                            + book.gapExpected()
                            + " was due, "
                            + book.gapFound()
                            + " came; waiting for a newer snapshot");
            askSnapshot(id);
        }
    }

    /**
     * Publishes the book a snapshot has just synced: once the held diffs bridge the snapshot, the
     * venue's procedure makes the book valid as of the last held diff, so it is not kept back until
     * the next diff comes. Its exchange time is that diff's event time; its receive time the later
     * of that diff's and the snapshot's (which a recording without receive times may lack).
     */
    private void publishSnapshotBook(int id, LocalOrderBook book) {
        long receiveNs = Math.max(decoder.receiveTimeNs(), lastDiffReceiveNs.get(id));
        event.clearInput();
        event.type = EventType.BOOK;
        event.instrumentId = id;
        event.exchangeTimeNs = lastDiffExchangeNs.get(id);
        event.receiveTimeNs = receiveNs;
        book.copyTop(event, decoder.bookDepth());
        counters.onSnapshotBook();
        publishBook(book.lastFinalUpdateId());
    }

    private void askSnapshot(int id) {
        if (snapshotAsked.get(id) == 0) {
            snapshotAsked.put(id, 1);
            listener.onSnapshotNeeded(id);
        }
    }

    /** True if the instrument's diff-depth book is in sync with a snapshot. */
    boolean synced(int instrumentId) {
        LocalOrderBook b = books.get(instrumentId);
        return b != null && b.synced();
    }

    /**
     * Emits one CONTROL FEED_GAP of {@code kind} (a {@link FeedGap} constant) for each instrument.
     */
    void emitGap(long kind, long timeNs, int[] instrumentIds) {
        for (int id : instrumentIds) {
            emitGap(id, kind, timeNs, timeNs);
        }
    }

    private int dispatch(int status) {
        switch (status) {
            case BinanceDecoder.BOOK:
                int id = decoder.instrumentId();
                if (decoder.bareDepth() && (decoder.namedBySymbolKey() || books.containsKey(id))) {
                    counters.onFrameKind(FeedCounters.KIND_SNAPSHOT);
                    onSnapshot(id);
                } else {
                    counters.onFrameKind(FeedCounters.KIND_PARTIAL_DEPTH);
                    publishBook(decoder.lastUpdateId());
                }
                break;
            case BinanceDecoder.TRADE:
                counters.onFrameKind(FeedCounters.KIND_TRADE);
                publishTrade(decoder.tradeId());
                break;
            case BinanceDecoder.QUOTE:
                counters.onFrameKind(FeedCounters.KIND_BOOK_TICKER);
                publishQuote(decoder.finalUpdateId());
                break;
            case BinanceDecoder.DEPTH_DIFF:
                counters.onFrameKind(FeedCounters.KIND_DEPTH);
                onDiff();
                break;
            case BinanceDecoder.ERROR:
                counters.onFrameKind(FeedCounters.KIND_UNDECODED);
                counters.onDecodeError(decoder.error());
                listener.onDrop(decoder.error(), decoder.errorDetail());
                break;
            case BinanceDecoder.SERVER_SHUTDOWN:
                counters.onFrameKind(FeedCounters.KIND_SHUTDOWN);
                break;
            default:
                counters.onFrameKind(FeedCounters.KIND_OTHER);
                counters.onIgnored();
                break;
        }
        return status;
    }

    private void onDiff() {
        int id = decoder.instrumentId();
        long[] bp = decoder.bidPrices();
        long[] bq = decoder.bidQuantities();
        long[] ap = decoder.askPrices();
        long[] aq = decoder.askQuantities();
        int nb = decoder.bidCount();
        int na = decoder.askCount();
        // A diff's zero quantity deletes a level; below zero, or a price at or below zero, is
        // broken.
        for (int i = 0; i < nb; i++) {
            if (bp[i] <= 0 || bq[i] < 0) {
                dropBadDiffLevel(bp[i]);
                return;
            }
        }
        for (int i = 0; i < na; i++) {
            if (ap[i] <= 0 || aq[i] < 0) {
                dropBadDiffLevel(ap[i]);
                return;
            }
        }
        LocalOrderBook book = book(id);
        if (book.market().futures() && decoder.previousFinalUpdateId() < 0) {
            drop(DropReason.BAD_FIELD, "futures diff-depth frame without pu");
            return;
        }
        long exchangeNs = decoder.diffExchangeTimeNs();
        long receiveNs = decoder.receiveTimeNs();
        lastDiffExchangeNs.put(id, exchangeNs);
        lastDiffReceiveNs.put(id, receiveNs);
        long droppedBefore = book.bufferDropped();
        int result =
                book.onDiff(
                        decoder.firstUpdateId(),
                        decoder.finalUpdateId(),
                        decoder.previousFinalUpdateId(),
                        bp,
                        bq,
                        nb,
                        ap,
                        aq,
                        na);
        counters.addBufferDropped(book.bufferDropped() - droppedBefore);
        switch (result) {
            case LocalOrderBook.BEFORE_SNAPSHOT:
                counters.onDiffBeforeSnapshot();
                return;
            case LocalOrderBook.BUFFERED:
                counters.onDiffBuffered();
                counters.onBookWithheld();
                askSnapshot(id);
                return;
            case LocalOrderBook.DUPLICATE:
                drop(DropReason.DUPLICATE, "diff-depth update already applied");
                return;
            case LocalOrderBook.GAP:
                counters.onSequenceGap();
                emitGap(id, FeedGap.SEQUENCE, exchangeNs, receiveNs);
                listener.onGap(
                        id,
                        "diff-depth gap ("
                                + book.market().optionName()
                                + (book.market().futures()
                                        ? " rule pu == previous u"
                                        : " rule U == previous u + 1")
                                + "): "
                                + book.gapExpected()
                                + " was due, "
                                + book.gapFound()
                                + " came; book cleared, waiting for a new snapshot");
                counters.onBookWithheld();
                askSnapshot(id);
                return;
            default:
                break;
        }
        if (!book.canPublish()) {
            counters.onBookWithheld();
            return;
        }
        event.clearInput();
        event.type = EventType.BOOK;
        event.instrumentId = id;
        event.exchangeTimeNs = exchangeNs;
        event.receiveTimeNs = receiveNs;
        book.copyTop(event, decoder.bookDepth());
        publishBook(decoder.finalUpdateId());
    }

    private void publishBook(long updateId) {
        int id = event.instrumentId;
        if (updateId <= lastBookUpdateId.get(id)) {
            drop(DropReason.DUPLICATE, "book update id already passed on");
            return;
        }
        int reason = bookValidator.check(event);
        if (reason != DropReason.OK) {
            drop(reason, "book failed validation");
            return;
        }
        lastBookUpdateId.put(id, updateId);
        counters.onBook();
        listener.onEvent(event);
    }

    private void publishQuote(long updateId) {
        int id = event.instrumentId;
        if (updateId <= lastQuoteUpdateId.get(id)) {
            drop(DropReason.DUPLICATE, "bookTicker update id already passed on");
            return;
        }
        if (event.quoteBidPx <= 0 || event.quoteAskPx <= 0) {
            drop(DropReason.NON_POSITIVE_PRICE, "bookTicker with a price at or below zero");
            return;
        }
        if (event.quoteBidQty <= 0 || event.quoteAskQty <= 0) {
            drop(DropReason.NON_POSITIVE_SIZE, "bookTicker with a size at or below zero");
            return;
        }
        if (event.quoteBidPx >= event.quoteAskPx) {
            drop(DropReason.CROSSED_OR_LOCKED, "bookTicker bid at or above its ask");
            return;
        }
        lastQuoteUpdateId.put(id, updateId);
        counters.onQuote();
        listener.onEvent(event);
    }

    private void publishTrade(long tradeId) {
        int id = event.instrumentId;
        if (tradeId <= lastTradeId.get(id)) {
            drop(DropReason.DUPLICATE, "trade id already passed on");
            return;
        }
        int reason = tradeValidator.check(event);
        if (reason != DropReason.OK) {
            drop(reason, "trade failed validation");
            return;
        }
        lastTradeId.put(id, tradeId);
        counters.onTrade();
        listener.onEvent(event);
    }

    private void dropBadDiffLevel(long price) {
        if (price <= 0) {
            drop(DropReason.NON_POSITIVE_PRICE, "diff level with a price at or below zero");
        } else {
            drop(DropReason.NON_POSITIVE_SIZE, "diff level with a negative quantity");
        }
    }

    private void emitGap(int instrumentId, long kind, long exchangeNs, long receiveNs) {
        event.clearInput();
        event.type = EventType.CONTROL;
        event.instrumentId = instrumentId;
        event.exchangeTimeNs = exchangeNs;
        event.receiveTimeNs = receiveNs;
        event.controlCode = ControlCode.FEED_GAP;
        event.controlParamId = sourceId;
        event.controlParamValue = kind;
        counters.onControl();
        listener.onEvent(event);
    }

    private void drop(int reason, String detail) {
        counters.onDrop(reason);
        listener.onDrop(reason, detail);
    }

    private LocalOrderBook book(int instrumentId) {
        LocalOrderBook b = books.get(instrumentId);
        if (b == null) {
            b = new LocalOrderBook(bookCapacity, market(instrumentId));
            books.put(instrumentId, b);
        }
        return b;
    }
}
