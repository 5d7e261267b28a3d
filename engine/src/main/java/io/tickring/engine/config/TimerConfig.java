package io.tickring.engine.config;

/**
 * The {@code timer} section: how often the Sequencer emits TIMER events.
 *
 * @param periodNs TIMER period in nanoseconds; 0 disables TIMER events
 */
public record TimerConfig(long periodNs) {
    public TimerConfig {
        Durations.requireNonNegative(periodNs, "periodNs");
    }
}
