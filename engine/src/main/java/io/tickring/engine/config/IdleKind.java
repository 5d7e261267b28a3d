package io.tickring.engine.config;

/**
 * What a handler thread does when it has no event ({@code threads[i].idle}); busy-spin is never the
 * default.
 */
public enum IdleKind {
    /** Spin briefly, then yield, then park: a good default on small machines. */
    BACKOFF("backoff"),
    /** Park between polls: lowest CPU use, highest wake-up latency. */
    SLEEPING("sleeping"),
    /** {@code Thread.yield()} between polls. */
    YIELDING("yielding"),
    /** Spin on a dedicated, ideally pinned, core: lowest latency, burns the core. */
    BUSY_SPIN("busy-spin");

    private final String configName;

    IdleKind(String configName) {
        this.configName = configName;
    }

    /** The name used in YAML and JSON, e.g. {@code busy-spin}. */
    public String configName() {
        return configName;
    }
}
