package io.tickring.engine.config;

import java.util.Objects;

/**
 * The {@code run} section: pacing mode, the seed of every random choice, and how long to run.
 *
 * @param mode live or sim pacing
 * @param seed seed for every seeded random source in the run (journaled)
 * @param durationNs run length in nanoseconds; 0 runs until the source ends or the user stops
 * @param statusIntervalNs interval between status lines; 0 disables them
 * @param drive stages on their configured threads, or inline on one thread
 */
public record RunConfig(Mode mode, long seed, long durationNs, long statusIntervalNs, Drive drive) {
    public RunConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(drive, "drive");
        Durations.requireNonNegative(durationNs, "durationNs");
        Durations.requireNonNegative(statusIntervalNs, "statusIntervalNs");
    }

    /** A run section with {@code drive: auto}. */
    public RunConfig(Mode mode, long seed, long durationNs, long statusIntervalNs) {
        this(mode, seed, durationNs, statusIntervalNs, Drive.AUTO);
    }
}
