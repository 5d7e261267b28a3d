package io.tickring.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The kill switch's out-of-band latch: set by the thread that receives an operator's {@code kill}
 * (stdin, the admin API) the moment it arrives, before the journaled KILL event reaches the ring,
 * and read by whatever releases orders to a venue before it releases anything. The ring may be
 * seconds behind under overload; this latch is not.
 *
 * <p>Once tripped it stays tripped until a rearm ({@link #rearm(long)}, when the REARM event
 * reaches the router): {@code resume} does not lift it. Reading it is one volatile load, with no
 * allocation and no lock, so the hot path may check it on every order.
 *
 * <p>Each time the latch goes from lifted to tripped an {@link #episode()} begins: a venue acts
 * once per episode (it cancels what it holds), and says in a journaled record where in ring order
 * it did, so that {@code run --resume} can trip the rebuilt venue's latch at the same place ({@link
 * #latch(long)}) although the live trip's moment was wall-clock.
 */
public final class KillSwitch {
    private volatile long trippedAtNs = -1;
    private volatile long episode;
    private final AtomicLong trips = new AtomicLong();

    /** Trips the latch; the first trip's wall-clock time is kept. Every call is counted. */
    public void trip(long wallClockNs) {
        trips.incrementAndGet();
        latch(wallClockNs);
    }

    /**
     * Trips the latch without counting a kill received: the recovery of {@code run --resume} does
     * this where the journal says the latch was tripped (a kill the dead process received and
     * counted). A no-op if the latch is tripped already.
     */
    public synchronized void latch(long atNs) {
        if (trippedAtNs < 0) {
            episode++;
            trippedAtNs = Math.max(0, atNs);
        }
    }

    /**
     * The number of the current (or last) trip episode: 0 before the first trip, then one more each
     * time the latch goes from lifted to tripped.
     */
    public long episode() {
        return episode;
    }

    /** Whether the latch is tripped: nothing may be released to a venue. */
    public boolean tripped() {
        return trippedAtNs >= 0;
    }

    /** The wall-clock time of the trip in ns since the epoch, or -1 if it is not tripped. */
    public long trippedAtNs() {
        return trippedAtNs;
    }

    /**
     * Lifts the latch (an operator's {@code rearm}, with the admin token, as the recovery of {@code
     * run --resume} replays it).
     */
    public synchronized void rearm() {
        trippedAtNs = -1;
    }

    /** How many times the latch was tripped (kills received), as a rearm's {@link #rearm(long)}. */
    public long trips() {
        return trips.get();
    }

    /**
     * Lifts the latch if no trip came after the rearm was given, {@code tripsSeen} being {@link
     * #trips()} then: a rearm lifts the kills sent before it, never a later one. The rearm's
     * journaled REARM event carries the count, and the router calls this when the event reaches it,
     * so the latch stays tripped until the chain has passed the KILL in order. Safe against a
     * concurrent {@link #trip}: the latch is tripped again if one slipped in.
     *
     * @return true if the latch was lifted
     */
    public boolean rearm(long tripsSeen) {
        synchronized (this) {
            if (trips.get() != tripsSeen) {
                return false;
            }
            long at = trippedAtNs;
            trippedAtNs = -1;
            if (trips.get() != tripsSeen) {
                trippedAtNs = at < 0 ? 0 : at; // a kill came in between: it stands
                return false;
            }
            return true;
        }
    }
}
