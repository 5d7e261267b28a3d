package io.tickring.core.instrument;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * Numbers trading days in event time: a day starts at {@code boundaryMinute} after local midnight
 * in {@code zone}. Caches the current day's bounds, so it allocates only when the day changes (the
 * UTC offset is taken at the first event of each day; a daylight-saving switch inside a day moves
 * that day's end by the switch). Single-threaded; each stage that needs days owns its own.
 */
public final class TradingDay {
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private final ZoneRules rules;
    private final long boundaryNs;
    private long day = Long.MIN_VALUE;
    private long startNs = Long.MAX_VALUE;
    private long endNs = Long.MIN_VALUE;

    /**
     * @param zone time zone of the boundary
     * @param boundaryMinute minutes after local midnight at which a trading day starts, 0..1439
     */
    public TradingDay(ZoneId zone, int boundaryMinute) {
        if (boundaryMinute < 0 || boundaryMinute >= 1440) {
            throw new IllegalArgumentException("boundaryMinute must be in 0..1439");
        }
        this.rules = zone.getRules();
        this.boundaryNs = boundaryMinute * 60_000_000_000L;
    }

    /** The trading day that contains {@code timeNs} (days since the epoch, local). */
    public long dayOf(long timeNs) {
        if (timeNs >= startNs && timeNs < endNs) {
            return day;
        }
        long offsetNs =
                rules.getOffset(Instant.ofEpochSecond(Math.floorDiv(timeNs, 1_000_000_000L)))
                                .getTotalSeconds()
                        * 1_000_000_000L;
        day = Math.floorDiv(timeNs + offsetNs - boundaryNs, NANOS_PER_DAY);
        startNs = day * NANOS_PER_DAY + boundaryNs - offsetNs;
        endNs = startNs + NANOS_PER_DAY;
        return day;
    }

    /**
     * Minutes of {@code timeNs} after the start of its trading day (local midnight for boundary 0).
     */
    public int minuteOfDay(long timeNs) {
        dayOf(timeNs);
        return (int) ((timeNs - startNs) / 60_000_000_000L);
    }
}
