package io.tickring.adapters.binance;

import io.tickring.adapters.validate.BookValidator;
import io.tickring.adapters.validate.DropReason;
import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;

/**
 * Turns Binance frames into checked input events and hands them to a {@link Listener}: the one path
 * shared by the live {@link BinanceFeed} and the {@link BinanceImporter}.
 *
 * <p>Per frame: {@link BinanceDecoder} decodes it; a diff-depth frame goes to the instrument's
 * {@link LocalOrderBook}, which may publish a BOOK or report a gap; a BOOK or TRADE then passes two
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
    }

    private final BinanceDecoder decoder;
    private final FeedCounters counters;
    private final Listener listener;
    private final int sourceId;
    private final int bookCapacity;
    private final BookValidator bookValidator = new BookValidator();
    private final BookValidator tradeValidator = new BookValidator();

    /**
     * Per instrument id: the update id of the last BOOK passed on, and the id of the last TRADE.
     */
    private final Long2LongHashMap lastBookUpdateId = new Long2LongHashMap(Long.MIN_VALUE);

    private final Long2LongHashMap lastTradeId = new Long2LongHashMap(Long.MIN_VALUE);
    private final RingEvent event = new RingEvent();
    private final Int2ObjectHashMap<LocalOrderBook> books = new Int2ObjectHashMap<>();

    /**
     * @param sourceId carried in {@code controlParamId} of the gap events this adapter emits
     * @param bookCapacity levels per side a local diff-depth book keeps
     */
    BinanceAdapter(
            BinanceDecoder decoder,
            FeedCounters counters,
            int sourceId,
            int bookCapacity,
            Listener listener) {
        this.decoder = decoder;
        this.counters = counters;
        this.sourceId = sourceId;
        this.bookCapacity = Math.max(bookCapacity, decoder.bookDepth());
        this.listener = listener;
    }

    BinanceDecoder decoder() {
        return decoder;
    }

    /** Handles one frame held in bytes; returns the decoder's status for it. */
    int onFrame(byte[] frame, int offset, int length, long receiveTimeNs) {
        counters.onFrame();
        return dispatch(decoder.decode(frame, offset, length, receiveTimeNs, event));
    }

    /** Handles one frame held in chars; returns the decoder's status for it. */
    int onFrame(CharSequence frame, long receiveTimeNs) {
        counters.onFrame();
        return dispatch(decoder.decode(frame, receiveTimeNs, event));
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
        int id = decoder.instrumentId();
        book(id).applySnapshot(
                        decoder.lastUpdateId(),
                        decoder.bidPrices(),
                        decoder.bidQuantities(),
                        decoder.bidCount(),
                        decoder.askPrices(),
                        decoder.askQuantities(),
                        decoder.askCount());
        return id;
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
                publishBook(decoder.lastUpdateId());
                break;
            case BinanceDecoder.TRADE:
                publishTrade(decoder.tradeId());
                break;
            case BinanceDecoder.DEPTH_DIFF:
                onDiff();
                break;
            case BinanceDecoder.ERROR:
                counters.onDecodeError(decoder.error());
                listener.onDrop(decoder.error(), decoder.errorDetail());
                break;
            default:
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
        long exchangeNs = decoder.diffExchangeTimeNs();
        long receiveNs = decoder.receiveTimeNs();
        switch (book.onDiff(
                decoder.firstUpdateId(),
                decoder.finalUpdateId(),
                decoder.previousFinalUpdateId(),
                bp,
                bq,
                nb,
                ap,
                aq,
                na)) {
            case LocalOrderBook.BEFORE_SNAPSHOT:
                counters.onDiffBeforeSnapshot();
                return;
            case LocalOrderBook.BUFFERED:
                return;
            case LocalOrderBook.DUPLICATE:
                drop(DropReason.DUPLICATE, "diff-depth update already applied");
                return;
            case LocalOrderBook.GAP:
                counters.onSequenceGap();
                emitGap(id, FeedGap.SEQUENCE, exchangeNs, receiveNs);
                listener.onGap(
                        id,
                        "diff-depth gap: update "
                                + book.gapExpected()
                                + " was due, "
                                + book.gapFound()
                                + " came; book cleared, unsynced until both sides hold "
                                + decoder.bookDepth()
                                + " levels");
                break;
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
            b = new LocalOrderBook(bookCapacity, decoder.bookDepth());
            books.put(instrumentId, b);
        }
        return b;
    }
}
