package io.tickring.engine.ops.log;

import java.util.function.BooleanSupplier;

/**
 * Turns a feed's connection state into {@code feed_connected} and {@code feed_disconnected} lines:
 * polled by the event-log thread at most every 100 ms, it logs each change it sees. A feed that has
 * not connected yet makes no line (its failures are the adapter's to log, and a gap is journaled as
 * a CONTROL FEED_GAP, which has its own line). A drop shorter than the poll may go unseen here; the
 * adapter's FEED_GAP still records it.
 */
final class FeedWatch {
    private static final long POLL_NS = 100_000_000L;

    private final String source;
    private final BooleanSupplier connected;
    private int state = -1; // -1 not polled yet, 0 disconnected, 1 connected
    private long nextPollNs = Long.MIN_VALUE;

    FeedWatch(String source, BooleanSupplier connected) {
        this.source = source;
        this.connected = connected;
    }

    /** The line for a change of state since the last poll, or null. */
    String poll(long nowNs) {
        if (nextPollNs != Long.MIN_VALUE && nowNs - nextPollNs < 0) {
            return null;
        }
        nextPollNs = nowNs + POLL_NS;
        int now = connected.getAsBoolean() ? 1 : 0;
        int before = state;
        state = now;
        if (now == before || (before == -1 && now == 0)) {
            return null;
        }
        return new EventLines.Line(now == 1 ? "feed_connected" : "feed_disconnected")
                .put("source", source)
                .toString();
    }
}
