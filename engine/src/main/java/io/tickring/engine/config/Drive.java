package io.tickring.engine.config;

/** How the stages are driven ({@code run.drive}). */
public enum Drive {
    /** {@code inline} in sim mode, {@code threads} in live mode. */
    AUTO("auto"),
    /** One thread per entry of {@code threads}, each with its idle strategy and CPU. */
    THREADS("threads"),
    /**
     * The Sequencer and every stage on one thread, one after the other: no hand-offs. The fastest
     * way through a simulation or backtest, whose event-time merge would otherwise wait for a round
     * trip through the stage threads after most events. Outputs are the same either way.
     */
    INLINE("inline");

    private final String configName;

    Drive(String configName) {
        this.configName = configName;
    }

    /** The name used in YAML and JSON, e.g. {@code inline}. */
    public String configName() {
        return configName;
    }

    /** Whether a run in {@code mode} drives its stages inline. */
    public boolean inline(Mode mode) {
        return this == INLINE || (this == AUTO && mode == Mode.SIM);
    }
}
