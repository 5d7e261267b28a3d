package io.tickring.engine.stage.risk;

/** Reason codes of the risk gate, as written to RISK records. Persisted: never renumber. */
public final class RiskReason {
    public static final int NONE = 0;
    public static final int HALTED = 1;
    public static final int REDUCE_ONLY = 2;
    public static final int MAX_ORDER_QTY = 3;
    public static final int MAX_POSITION = 4;
    public static final int ORDER_RATE = 5;
    public static final int UNKNOWN_INSTRUMENT = 6;
    public static final int BAD_QUANTITY = 7;
    public static final int NO_MARKET = 8;

    private static final String[] NAMES = {
        "NONE", "HALTED", "REDUCE_ONLY", "MAX_ORDER_QTY", "MAX_POSITION", "ORDER_RATE", "UNKNOWN_INSTRUMENT",
        "BAD_QUANTITY", "NO_MARKET"
    };

    /** Number of reason codes, for arrays of counters. */
    public static final int COUNT = NAMES.length;

    private RiskReason() {}

    public static String name(int reason) {
        return reason >= 0 && reason < NAMES.length ? NAMES[reason] : "UNKNOWN(" + reason + ")";
    }
}
