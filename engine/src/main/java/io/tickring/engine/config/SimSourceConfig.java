package io.tickring.engine.config;

import java.util.List;

/**
 * The {@code source.sim} section: what the order-book simulator generates.
 *
 * @param instruments symbols to simulate, each in the instrument registry
 * @param eventsPerSecond events per second per instrument (&gt; 0)
 * @param levels book depth of each BOOK event, 1..10
 * @param startTimeNs exchange time of the first simulated event in sim mode, epoch nanoseconds
 */
public record SimSourceConfig(
        List<String> instruments, long eventsPerSecond, int levels, long startTimeNs) {
    public SimSourceConfig {
        instruments = List.copyOf(instruments);
    }
}
