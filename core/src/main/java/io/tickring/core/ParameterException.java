package io.tickring.core;

/**
 * A stage or gateway parameter that a context's {@code conclude()} refused: names the section and
 * the key as the configuration spells them, so the configuration binder can point at the file and
 * line, and code that builds a context by hand gets {@code risk.stop_loss_bps: must be > 0 ...}. In
 * core because both the engine's stages and the adapters' gateways have contexts.
 */
public final class ParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String section;
    private final String key;
    private final String problem;

    public ParameterException(String section, String key, String problem) {
        super(section + "." + key + ": " + problem);
        this.section = section;
        this.key = key;
        this.problem = problem;
    }

    /** Refuses {@code v} below {@code min}: "out of range: v (expected >= min)". */
    public static void atLeast(String section, String key, long v, long min) {
        if (v < min) {
            throw new ParameterException(
                    section, key, "out of range: " + v + " (expected >= " + min + ")");
        }
    }

    /**
     * Refuses {@code v} outside {@code [min, max]} (and NaN): "out of range: v (expected
     * min..max)", with no upper bound printed when {@code max} is {@link Double#MAX_VALUE}.
     */
    public static void within(String section, String key, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw new ParameterException(
                    section,
                    key,
                    "out of range: "
                            + v
                            + " (expected "
                            + min
                            + ".."
                            + (max == Double.MAX_VALUE ? "" : String.valueOf(max))
                            + ")");
        }
    }

    /** The configuration section, e.g. {@code risk}. */
    public String section() {
        return section;
    }

    /** The key within the section, e.g. {@code max_order_qty}. */
    public String key() {
        return key;
    }

    /** What is wrong, without the key. */
    public String problem() {
        return problem;
    }
}
