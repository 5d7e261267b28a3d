package io.tickring.core;

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
    public static final int INSTRUMENT_NOT_ALLOWED = 9;
    public static final int SESSION_CLOSED = 10;
    public static final int ORDERS_PER_DAY = 11;
    public static final int COOLDOWN = 12;
    public static final int MIN_CONFIDENCE = 13;
    public static final int MAX_POSITION_NOTIONAL = 14;
    public static final int GROSS_EXPOSURE = 15;
    public static final int MAX_ORDER_NOTIONAL = 16;
    public static final int PRICE_BAND = 17;
    public static final int LOT_SIZE = 18;
    public static final int TICK_SIZE = 19;
    public static final int CASH = 20;
    public static final int SHORT_SELLING = 21;
    public static final int SELLABLE_QTY = 22;
    public static final int DAILY_LOSS = 23;
    public static final int DRAWDOWN = 24;
    public static final int STALE_MARKET_DATA = 25;
    public static final int STALE_SCORE = 26;
    public static final int SELF_CROSS = 27;

    /** Every open-order slot of the gate is taken (was reported as ORDER_RATE before). */
    public static final int OPEN_ORDER_SLOTS = 28;

    /**
     * The data the order is decided on is older than {@code risk.max_receive_age}: engine time at
     * the decision (the newest event time the gate has seen, or the data's receive time if later)
     * minus the data's exchange time.
     */
    public static final int RECEIVE_AGE = 29;

    /** An entry during an overload episode ({@link ControlCode#OVERLOAD}): only exits pass. */
    public static final int OVERLOAD = 30;

    private static final String[] NAMES = {
        "NONE",
        "HALTED",
        "REDUCE_ONLY",
        "MAX_ORDER_QTY",
        "MAX_POSITION",
        "ORDER_RATE",
        "UNKNOWN_INSTRUMENT",
        "BAD_QUANTITY",
        "NO_MARKET",
        "INSTRUMENT_NOT_ALLOWED",
        "SESSION_CLOSED",
        "ORDERS_PER_DAY",
        "COOLDOWN",
        "MIN_CONFIDENCE",
        "MAX_POSITION_NOTIONAL",
        "GROSS_EXPOSURE",
        "MAX_ORDER_NOTIONAL",
        "PRICE_BAND",
        "LOT_SIZE",
        "TICK_SIZE",
        "CASH",
        "SHORT_SELLING",
        "SELLABLE_QTY",
        "DAILY_LOSS",
        "DRAWDOWN",
        "STALE_MARKET_DATA",
        "STALE_SCORE",
        "SELF_CROSS",
        "OPEN_ORDER_SLOTS",
        "RECEIVE_AGE",
        "OVERLOAD"
    };

    /** Number of reason codes, for arrays of counters. */
    public static final int COUNT = NAMES.length;

    private RiskReason() {}

    public static String name(int reason) {
        return reason >= 0 && reason < NAMES.length ? NAMES[reason] : "UNKNOWN(" + reason + ")";
    }
}
