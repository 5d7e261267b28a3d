package io.tickring.engine.ring;

import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/** Makes the idle (wait) strategy of a thread from its configured name. */
public final class IdleStrategies {
    private IdleStrategies() {}

    /**
     * {@code backoff} spins briefly, yields, then parks up to 100 µs: the default, because it keeps
     * latency low under load without starving a 2-core machine when idle. {@code busy-spin} burns a
     * core and is only sensible on a pinned, isolated CPU.
     */
    public static IdleStrategy of(String kind) {
        switch (kind) {
            case "backoff":
                return new BackoffIdleStrategy(
                        64,
                        1024,
                        TimeUnit.MICROSECONDS.toNanos(1),
                        TimeUnit.MICROSECONDS.toNanos(100));
            case "sleeping":
                return new SleepingMillisIdleStrategy(1);
            case "yielding":
                return new YieldingIdleStrategy();
            case "busy-spin":
                return new BusySpinIdleStrategy();
            default:
                throw new IllegalArgumentException("unknown idle strategy: " + kind);
        }
    }
}
