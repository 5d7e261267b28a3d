package io.tickring.core;

/**
 * Why the router cancelled an order, as written to CANCEL records. Persisted: never renumber, only
 * add.
 */
public final class CancelReason {
    public static final int NONE = 0;

    /** The risk gate was halted or killed. */
    public static final int HALT = 1;

    private static final String[] NAMES = {"NONE", "HALT"};

    private CancelReason() {}

    public static String name(int reason) {
        return reason >= 0 && reason < NAMES.length ? NAMES[reason] : "UNKNOWN(" + reason + ")";
    }
}
