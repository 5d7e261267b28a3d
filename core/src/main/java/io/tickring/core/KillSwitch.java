package io.tickring.core;

/**
 * The kill switch's out-of-band latch: set by the thread that receives an operator's {@code kill}
 * (stdin, the admin API) the moment it arrives, before the journaled KILL event reaches the ring,
 * and read by whatever releases orders to a venue before it releases anything. The ring may be
 * seconds behind under overload; this latch is not.
 *
 * <p>Once tripped it stays tripped until {@link #rearm()}: {@code resume} does not lift it. Reading
 * it is one volatile load, with no allocation and no lock, so the hot path may check it on every
 * order.
 */
public final class KillSwitch {
    private volatile long trippedAtNs = -1;

    /** Trips the latch; the first trip's wall-clock time is kept. */
    public void trip(long wallClockNs) {
        if (trippedAtNs < 0) {
            trippedAtNs = Math.max(0, wallClockNs);
        }
    }

    /** Whether the latch is tripped: nothing may be released to a venue. */
    public boolean tripped() {
        return trippedAtNs >= 0;
    }

    /** The wall-clock time of the trip in ns since the epoch, or -1 if it is not tripped. */
    public long trippedAtNs() {
        return trippedAtNs;
    }

    /** Lifts the latch (an operator's {@code rearm}, with the admin token). */
    public void rearm() {
        trippedAtNs = -1;
    }
}
