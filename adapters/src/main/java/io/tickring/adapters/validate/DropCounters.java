package io.tickring.adapters.validate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts dropped rows and events by {@link DropReason}. Increments are allocation-free; the map and
 * JSON views allocate and are meant for summaries. Single writer: a reader on another thread may
 * see counts that are slightly stale, never torn across reasons it does not read.
 */
public final class DropCounters {
    private final long[] counts = new long[DropReason.COUNT];

    /** Counts one drop for {@code reason} (1 .. {@link DropReason#COUNT} - 1). */
    public void increment(int reason) {
        counts[reason]++;
    }

    public long get(int reason) {
        return counts[reason];
    }

    /** All drops, every reason. */
    public long total() {
        long n = 0;
        for (int r = 1; r < DropReason.COUNT; r++) {
            n += counts[r];
        }
        return n;
    }

    public void addAll(DropCounters other) {
        for (int r = 0; r < DropReason.COUNT; r++) {
            counts[r] += other.counts[r];
        }
    }

    /** Every reason (zeros included, so summaries always have the same keys) in code order. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int r = 1; r < DropReason.COUNT; r++) {
            m.put(DropReason.name(r), counts[r]);
        }
        return m;
    }

    /** The counts as one JSON object, e.g. {@code {"CROSSED_OR_LOCKED":0,...}}. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(256).append('{');
        for (int r = 1; r < DropReason.COUNT; r++) {
            if (r > 1) {
                sb.append(',');
            }
            sb.append('"').append(DropReason.name(r)).append("\":").append(counts[r]);
        }
        return sb.append('}').toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
