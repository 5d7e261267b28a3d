package io.tickring.bench.latency;

import java.util.concurrent.locks.LockSupport;

/**
 * A fixed-rate send schedule: event {@code i} is planned at {@code start + i / rate}, whatever
 * happened to the events before it. Latency is measured from these planned times, so an injector
 * that falls behind (a full queue, a descheduled thread) makes the late events' latency include
 * their lateness instead of silently sending fewer events: no coordinated omission.
 */
final class OpenLoopSchedule {
    /** Farther than this from the planned time, the injector parks instead of yielding. */
    private static final long PARK_ABOVE_NS = 200_000;

    private final long startNano;
    private final long rate;

    /**
     * @param startNano the first event's planned time, a {@link System#nanoTime()} reading
     * @param rate events per second; 0 plans every event at the start (as fast as they are taken)
     */
    OpenLoopSchedule(long startNano, long rate) {
        this.startNano = startNano;
        this.rate = rate;
    }

    /** True if every event is planned at the start: a throughput run, not a latency run. */
    boolean unpaced() {
        return rate == 0;
    }

    /** The planned send time of event {@code i}, a {@code nanoTime()} reading. */
    long planned(long i) {
        // i * 1e9 stays far below 2^63 for any run the harness makes (hours at MHz rates).
        return rate == 0 ? startNano : startNano + i * 1_000_000_000L / rate;
    }

    /**
     * Waits until {@code plannedNano}: parks while it is far, then yields, so that on a small
     * machine the engine's threads get the CPU while the injector waits (a busy spin would take a
     * whole core from them). Returns at once if the time has passed.
     */
    static void awaitTime(long plannedNano) {
        while (true) {
            long gap = plannedNano - System.nanoTime();
            if (gap <= 0) {
                return;
            }
            if (gap > PARK_ABOVE_NS) {
                LockSupport.parkNanos(gap - PARK_ABOVE_NS / 2);
            } else {
                Thread.yield();
            }
        }
    }
}
