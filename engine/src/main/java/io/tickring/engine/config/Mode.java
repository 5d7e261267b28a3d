package io.tickring.engine.config;

/** How a run is paced and where its time comes from ({@code run.mode}). */
public enum Mode {
    /** Wall-clock pacing, ingress in arrival order, TIMER events from the wall clock. */
    LIVE("live"),
    /** As fast as possible, sources merged deterministically by event time. */
    SIM("sim");

    private final String configName;

    Mode(String configName) {
        this.configName = configName;
    }

    /** The name used in YAML and JSON, e.g. {@code live}. */
    public String configName() {
        return configName;
    }
}
