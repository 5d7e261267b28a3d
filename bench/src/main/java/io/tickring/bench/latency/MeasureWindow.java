package io.tickring.bench.latency;

/**
 * Which ticks count: those planned at or after {@link #from()} (epoch ns), so that every series of
 * a run counts the same ticks, the ones after the warm-up, whenever each stage gets to them. Set
 * once, before the injector starts.
 */
final class MeasureWindow {
    private volatile long from = Long.MAX_VALUE;

    /** Counts ticks planned at or after {@code epochNs}. */
    void from(long epochNs) {
        from = epochNs;
    }

    long from() {
        return from;
    }

    /** True if the tick planned at {@code plannedEpochNs} is measured. */
    boolean counts(long plannedEpochNs) {
        return plannedEpochNs >= from;
    }
}
