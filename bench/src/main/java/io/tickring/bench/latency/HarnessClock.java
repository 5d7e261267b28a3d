package io.tickring.bench.latency;

/**
 * The harness's one clock: {@link System#nanoTime()} shifted once into epoch nanoseconds, so a
 * planned send time can travel in an event's receive-time field (epoch ns, as the engine expects)
 * and be compared with a later reading of the same monotonic clock on any thread.
 */
final class HarnessClock {
    /** Epoch ns minus {@code nanoTime()}, fixed at class initialisation. */
    private static final long OFFSET = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

    private HarnessClock() {}

    /** A {@code nanoTime()} reading in epoch ns. */
    static long toEpoch(long nanoTime) {
        return nanoTime + OFFSET;
    }

    /** Now, in epoch ns, from the monotonic clock. */
    static long now() {
        return System.nanoTime() + OFFSET;
    }
}
