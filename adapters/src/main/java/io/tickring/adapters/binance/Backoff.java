package io.tickring.adapters.binance;

import java.util.SplittableRandom;

/**
 * Reconnect delays: exponential with "equal jitter". Attempt n waits a random time in {@code
 * [cap/2, cap]} where {@code cap = min(max, base × 2^n)}.
 *
 * <p>Half of the delay is kept so a flapping venue is never hammered; the random half spreads the
 * reconnects of many adapters (or many restarts) that lost the venue at the same moment. The random
 * source is seeded, so a test, or a replayed incident, sees the same delays. Not thread-safe.
 */
final class Backoff {
    private final long baseMs;
    private final long maxMs;
    private final SplittableRandom random;
    private int attempt;

    Backoff(long baseMs, long maxMs, long seed) {
        if (baseMs < 1 || maxMs < baseMs) {
            throw new IllegalArgumentException(
                    "need 1 <= base <= max, got base " + baseMs + " max " + maxMs);
        }
        this.baseMs = baseMs;
        this.maxMs = maxMs;
        this.random = new SplittableRandom(seed);
    }

    /** The delay before the next attempt, in ms; each call counts one more attempt. */
    long nextDelayMs() {
        int shift = Math.min(attempt, 30);
        long cap = baseMs << shift;
        if (cap > maxMs || cap <= 0) {
            cap = maxMs;
        }
        attempt++;
        long half = cap / 2;
        return half + random.nextLong(cap - half + 1);
    }

    /**
     * Called once a connection has proved itself (delivered a frame): the next loss starts small
     * again.
     */
    void reset() {
        attempt = 0;
    }

    int attempts() {
        return attempt;
    }
}
