package io.tickring.adapters.binance;

import io.tickring.core.ControlCode;

/**
 * What a Binance {@link ControlCode#FEED_GAP} event means: the kinds carried in {@code
 * controlParamValue}. {@code controlParamId} carries the source id of the adapter that saw the gap,
 * so the engine can tell two feeds apart.
 *
 * <p>A gap event is emitted once per instrument of the feed, because the book of every instrument
 * on the lost connection is suspect, and a stage keyed by instrument should not have to know which
 * connection carried what.
 */
public final class FeedGap {
    /** The WebSocket failed or the server closed it. */
    public static final long DISCONNECT = 1;

    /** No frame arrived for longer than the stale threshold; the adapter dropped the connection. */
    public static final long STALE = 2;

    /** Diff-depth update ids did not follow on; the local book was cleared. */
    public static final long SEQUENCE = 3;

    /**
     * A connection attempt failed (refused, unreachable, no upgrade) while the feed was not known
     * to be down: it never connected, or it came back and the next attempt failed.
     */
    public static final long CONNECT = 4;

    private FeedGap() {}

    public static String name(long kind) {
        return kind == DISCONNECT
                ? "DISCONNECT"
                : kind == STALE
                        ? "STALE"
                        : kind == SEQUENCE ? "SEQUENCE" : kind == CONNECT ? "CONNECT" : "UNKNOWN";
    }
}
