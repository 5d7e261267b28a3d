package io.tickring.engine.config;

import java.util.List;
import java.util.Objects;

/**
 * One handler thread: which stages it runs, in order, how it idles and where it is pinned.
 *
 * @param name thread name, unique, non-empty
 * @param stages stage names run on this thread, in order ({@code journal}, {@code features}, {@code
 *     model}, {@code strategy}, {@code risk}, {@code router})
 * @param idle what the thread does when there is no event
 * @param cpu the CPU to pin the thread to, or -1 for not pinned
 */
public record ThreadConfig(String name, List<String> stages, IdleKind idle, int cpu) {
    /** The stages a layout must place, each exactly once; the last five also run in this order. */
    public static final List<String> STAGES =
            List.of("journal", "features", "model", "strategy", "risk", "router");

    public ThreadConfig {
        Objects.requireNonNull(name, "name");
        stages = List.copyOf(stages);
        Objects.requireNonNull(idle, "idle");
    }

    /** True if the thread is pinned to a CPU. */
    public boolean pinned() {
        return cpu >= 0;
    }
}
