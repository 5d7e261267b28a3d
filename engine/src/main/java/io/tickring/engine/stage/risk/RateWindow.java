package io.tickring.engine.stage.risk;

import io.tickring.core.RiskReason;

/**
 * Order-rate limits in event time: at most {@code maxPerSecond} accepted orders in any one second
 * (a sliding window over the accept times) and at most {@code maxPerDay} per trading day.
 *
 * <p>The window keeps the last {@code maxPerSecond} accept times in a ring; above {@link #MAX_RATE}
 * it would need more memory than such a limit is worth, so there is none. Single-threaded (the
 * gate's), allocation-free.
 */
final class RateWindow {
    /** Largest enforced orders per second; a larger limit means no rate limit. */
    static final int MAX_RATE = 1 << 16;

    private static final long SECOND = 1_000_000_000L;

    private final long[] times;
    private final boolean limited;
    private final long maxPerDay;
    private int head;
    private int count;
    private long today;

    /**
     * @param maxPerSecond accepted orders in any one second (&gt;= 1)
     * @param maxPerDay accepted orders per trading day; 0 is off
     */
    RateWindow(int maxPerSecond, long maxPerDay) {
        limited = maxPerSecond <= MAX_RATE;
        times = new long[Math.max(1, Math.min(maxPerSecond, MAX_RATE))];
        this.maxPerDay = maxPerDay;
    }

    /**
     * Whether one more order at {@code nowNs} fits.
     *
     * @return {@link RiskReason#ORDER_RATE}, {@link RiskReason#ORDERS_PER_DAY} or {@link
     *     RiskReason#NONE}
     */
    int check(long nowNs) {
        if (limited && count >= times.length && nowNs - times[head] < SECOND) {
            return RiskReason.ORDER_RATE;
        }
        if (maxPerDay > 0 && today >= maxPerDay) {
            return RiskReason.ORDERS_PER_DAY;
        }
        return RiskReason.NONE;
    }

    /** Counts an accepted order at {@code nowNs}. */
    void record(long nowNs) {
        if (count < times.length) {
            times[(head + count) % times.length] = nowNs;
            count++;
        } else {
            times[head] = nowNs;
            head = (head + 1) % times.length;
        }
        today++;
    }

    /** A new trading day: the daily count starts again. */
    void onNewDay() {
        today = 0;
    }

    /** Orders accepted since the trading day started. */
    long today() {
        return today;
    }
}
