package io.tickring.adapters.binance;

import io.tickring.adapters.validate.DropReason;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Running counts of one Binance source (the live feed or an import), readable from any thread.
 *
 * <p>Written by the adapter's own threads, read by metrics and tests. The counts only grow. Drops
 * are counted by the shared {@link DropReason} codes. Relations worth knowing: every frame that
 * could not be decoded is counted in {@code decodeErrors} and under its reason in {@link #dropped},
 * so {@code decodeErrors} &le; {@link #droppedTotal}; {@code gaps} counts gap incidents of every
 * kind ({@code disconnects + stale + sequenceGaps}); each incident emits one CONTROL {@code
 * FEED_GAP} per instrument, counted in {@code controls}.
 */
public final class FeedCounters {
    /** Frame kinds, each counted under its own name ({@link #frameKindName}). */
    static final int KIND_DEPTH = 0;

    static final int KIND_BOOK_TICKER = 1;
    static final int KIND_TRADE = 2;
    static final int KIND_SNAPSHOT = 3;
    static final int KIND_PARTIAL_DEPTH = 4;
    static final int KIND_OTHER = 5;
    static final int KIND_UNDECODED = 6;
    static final int KIND_SHUTDOWN = 7;
    static final int KIND_COUNT = 8;

    private static final String[] KIND_NAMES = {
        "depth",
        "book_ticker",
        "trade",
        "snapshot",
        "partial_depth",
        "other",
        "undecoded",
        "server_shutdown"
    };

    private final AtomicLongArray frameKinds = new AtomicLongArray(KIND_COUNT);
    private final AtomicLong quotes = new AtomicLong();
    private final AtomicLong snapshotsApplied = new AtomicLong();
    private final AtomicLong snapshotBooks = new AtomicLong();
    private final AtomicLong snapshotsUnused = new AtomicLong();
    private final AtomicLong snapshotsStale = new AtomicLong();
    private final AtomicLong snapshotFetches = new AtomicLong();
    private final AtomicLong snapshotFetchFailures = new AtomicLong();
    private final AtomicLong diffsBuffered = new AtomicLong();
    private final AtomicLong bufferDropped = new AtomicLong();
    private final AtomicLong qtyRounded = new AtomicLong();
    private final AtomicLong qtyRaisedToStep = new AtomicLong();

    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong books = new AtomicLong();
    private final AtomicLong trades = new AtomicLong();
    private final AtomicLong controls = new AtomicLong();
    private final AtomicLong decodeErrors = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong pings = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private final AtomicLong ageRefreshes = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong sequenceGaps = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong queueFull = new AtomicLong();
    private final AtomicLong diffsBeforeSnapshot = new AtomicLong();
    private final AtomicLong booksWithheld = new AtomicLong();
    private final AtomicLongArray dropped = new AtomicLongArray(DropReason.COUNT);

    /** Text frames (or recorded lines) handed to the decoder. */
    public long frames() {
        return frames.get();
    }

    /** BOOK events passed on. */
    public long books() {
        return books.get();
    }

    /** TRADE events passed on. */
    public long trades() {
        return trades.get();
    }

    /** CONTROL events passed on (one per instrument per gap incident). */
    public long controls() {
        return controls.get();
    }

    /** Frames that could not be decoded. */
    public long decodeErrors() {
        return decodeErrors.get();
    }

    /** Well-formed frames of no interest: subscription replies, other event types. */
    public long ignored() {
        return ignored.get();
    }

    /**
     * Server pings seen (and answered by okhttp); see {@link BinanceFeed} for how they are
     * observed.
     */
    public long pings() {
        return pings.get();
    }

    /** Open connections lost without the adapter asking: a failure or a close from the server. */
    public long disconnects() {
        return disconnects.get();
    }

    /** Connections opened again after a loss (not counting age refreshes). */
    public long reconnects() {
        return reconnects.get();
    }

    /** Connection attempts that never opened. */
    public long connectFailures() {
        return connectFailures.get();
    }

    /** Connections replaced ahead of the venue's 24-hour cut, without a gap. */
    public long ageRefreshes() {
        return ageRefreshes.get();
    }

    /** Gap incidents of every kind. */
    public long gaps() {
        return gaps.get();
    }

    /** Diff-depth continuity breaks. */
    public long sequenceGaps() {
        return sequenceGaps.get();
    }

    /** Connections dropped by the adapter because no frame arrived in time. */
    public long stale() {
        return stale.get();
    }

    /** Events lost because the ingress queue was full. */
    public long queueFull() {
        return queueFull.get();
    }

    /**
     * Diff frames skipped because the REST snapshot already covers them (step 4 of the procedure).
     */
    public long diffsBeforeSnapshot() {
        return diffsBeforeSnapshot.get();
    }

    /**
     * Diff frames that published no BOOK because the local book was not synced (held for a
     * snapshot).
     */
    public long booksWithheld() {
        return booksWithheld.get();
    }

    /** Frames of {@code kind} (a {@code KIND_*} constant) handed to the decoder. */
    public long frames(int kind) {
        return frameKinds.get(kind);
    }

    /** The summary name of frame kind {@code kind}, e.g. {@code book_ticker}. */
    public static String frameKindName(int kind) {
        return KIND_NAMES[kind];
    }

    /** Number of frame kinds. */
    public static int frameKinds() {
        return KIND_COUNT;
    }

    /** QUOTE events passed on. */
    public long quotes() {
        return quotes.get();
    }

    /** REST depth snapshots loaded into a local book (inline, from a file or fetched). */
    public long snapshotsApplied() {
        return snapshotsApplied.get();
    }

    /** Snapshots that came while the book was synced already, and were not needed. */
    public long snapshotsUnused() {
        return snapshotsUnused.get();
    }

    /**
     * Snapshots older than the diffs held for them (the first diff after them did not bridge): the
     * book waits for a newer one.
     */
    public long snapshotsStale() {
        return snapshotsStale.get();
    }

    /** REST depth snapshots the live feed requested. */
    public long snapshotFetches() {
        return snapshotFetches.get();
    }

    /** Snapshot requests that failed (transport error, HTTP status, unreadable body). */
    public long snapshotFetchFailures() {
        return snapshotFetchFailures.get();
    }

    /** Diff frames held by an unsynced book until a snapshot (nothing published for them). */
    public long diffsBuffered() {
        return diffsBuffered.get();
    }

    /** Held diffs dropped, oldest first, because a book's buffer was full before a snapshot. */
    public long bufferDropped() {
        return bufferDropped.get();
    }

    /** Quantities with digits beyond the quantity scale, rounded half to even. */
    public long qtyRounded() {
        return qtyRounded.get();
    }

    /** Non-zero quantities that rounded to zero and were kept as one quantity step. */
    public long qtyRaisedToStep() {
        return qtyRaisedToStep.get();
    }

    /** Frames or events dropped for {@code reason}, a {@link DropReason} code. */
    public long dropped(int reason) {
        return dropped.get(reason);
    }

    /** Frames or events dropped for any reason. */
    public long droppedTotal() {
        long sum = 0;
        for (int i = 0; i < dropped.length(); i++) {
            sum += dropped.get(i);
        }
        return sum;
    }

    void onFrame() {
        frames.incrementAndGet();
    }

    void onFrameKind(int kind) {
        frameKinds.incrementAndGet(kind);
    }

    void onQuote() {
        quotes.incrementAndGet();
    }

    void onSnapshotApplied() {
        snapshotsApplied.incrementAndGet();
    }

    void onSnapshotBook() {
        snapshotBooks.incrementAndGet();
    }

    /**
     * BOOKs offered at the moment a snapshot synced a book (the held diffs bridged it), before any
     * later diff; each is also counted as a book if it passes its checks.
     */
    public long snapshotBooks() {
        return snapshotBooks.get();
    }

    void onSnapshotUnused() {
        snapshotsUnused.incrementAndGet();
    }

    void onSnapshotStale() {
        snapshotsStale.incrementAndGet();
    }

    void onSnapshotFetch() {
        snapshotFetches.incrementAndGet();
    }

    void onSnapshotFetchFailure() {
        snapshotFetchFailures.incrementAndGet();
    }

    void onDiffBuffered() {
        diffsBuffered.incrementAndGet();
    }

    void addBufferDropped(long n) {
        bufferDropped.addAndGet(n);
    }

    void addDiffsBeforeSnapshot(long n) {
        diffsBeforeSnapshot.addAndGet(n);
    }

    /** The decoder's running totals of rounded quantities. */
    void quantities(long rounded, long raisedToStep) {
        qtyRounded.lazySet(rounded);
        qtyRaisedToStep.lazySet(raisedToStep);
    }

    void onBook() {
        books.incrementAndGet();
    }

    void onTrade() {
        trades.incrementAndGet();
    }

    void onControl() {
        controls.incrementAndGet();
    }

    void onIgnored() {
        ignored.incrementAndGet();
    }

    void onPings(long n) {
        pings.addAndGet(n);
    }

    void onDisconnect() {
        disconnects.incrementAndGet();
        gaps.incrementAndGet();
    }

    void onReconnect() {
        reconnects.incrementAndGet();
    }

    void onConnectFailure() {
        connectFailures.incrementAndGet();
    }

    /** A failed attempt that announced an outage with a {@link FeedGap#CONNECT} gap. */
    void onConnectGap() {
        gaps.incrementAndGet();
    }

    void onAgeRefresh() {
        ageRefreshes.incrementAndGet();
    }

    void onStale() {
        stale.incrementAndGet();
        gaps.incrementAndGet();
    }

    void onSequenceGap() {
        sequenceGaps.incrementAndGet();
        gaps.incrementAndGet();
    }

    void onQueueFull() {
        queueFull.incrementAndGet();
    }

    void onDiffBeforeSnapshot() {
        diffsBeforeSnapshot.incrementAndGet();
    }

    void onBookWithheld() {
        booksWithheld.incrementAndGet();
    }

    /** A decoded event that failed validation, dropped for {@code reason}. */
    void onDrop(int reason) {
        dropped.incrementAndGet(reason);
    }

    /** A frame that could not be decoded, dropped for {@code reason}. */
    void onDecodeError(int reason) {
        dropped.incrementAndGet(reason);
        decodeErrors.incrementAndGet();
    }

    /**
     * The name of {@code reason} as the Binance summaries print it, in lower case (e.g. {@code
     * crossed_or_locked}): the form these reports used before they shared the reasons.
     */
    static String key(int reason) {
        return DropReason.name(reason).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("frames=")
                .append(frames())
                .append(" books=")
                .append(books())
                .append(" trades=")
                .append(trades())
                .append(" controls=")
                .append(controls())
                .append(" decodeErrors=")
                .append(decodeErrors())
                .append(" ignored=")
                .append(ignored())
                .append(" pings=")
                .append(pings())
                .append(" disconnects=")
                .append(disconnects())
                .append(" reconnects=")
                .append(reconnects())
                .append(" connectFailures=")
                .append(connectFailures())
                .append(" ageRefreshes=")
                .append(ageRefreshes())
                .append(" gaps=")
                .append(gaps())
                .append(" sequenceGaps=")
                .append(sequenceGaps())
                .append(" stale=")
                .append(stale())
                .append(" queueFull=")
                .append(queueFull())
                .append(" quotes=")
                .append(quotes())
                .append(" snapshotsApplied=")
                .append(snapshotsApplied())
                .append(" snapshotFetches=")
                .append(snapshotFetches())
                .append(" snapshotFetchFailures=")
                .append(snapshotFetchFailures())
                .append(" diffsBuffered=")
                .append(diffsBuffered());
        for (int i = 0; i < dropped.length(); i++) {
            long n = dropped.get(i);
            if (n > 0) {
                sb.append(" drop.").append(key(i)).append('=').append(n);
            }
        }
        return sb.toString();
    }
}
