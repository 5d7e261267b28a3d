package io.tickring.core;

/**
 * Record type ids shared by the ring event, the ingress queues and both journals.
 *
 * <p>Input types (1..15) are events that enter the ring through the Sequencer and are written to
 * the {@code in/} journal. Output types (16..31) are records the router writes to the {@code out/}
 * journal. The numbers are part of the persisted schema: never renumber, only add.
 */
public final class EventType {
    public static final int SESSION = 1;
    public static final int BOOK = 2;
    public static final int TRADE = 3;
    public static final int SENTIMENT = 4;
    public static final int EXEC_REPORT = 5;
    public static final int TIMER = 6;
    public static final int CONTROL = 7;

    /** Best bid and ask with their sizes: a venue's top-of-book quote (Binance bookTicker). */
    public static final int QUOTE = 8;

    public static final int DECISION = 16;
    public static final int RISK = 17;
    public static final int ORDER = 18;
    public static final int CANCEL = 19;

    /**
     * Shadow mode (issue 15): the paper venue's execution report on an order that also went to the
     * live venue. An output record, so it never enters the ring and cannot change a decision.
     */
    public static final int SHADOW_EXEC = 20;

    /** Largest type id in use; arrays indexed by type are sized {@code MAX + 1}. */
    public static final int MAX = 31;

    private static final String[] NAMES = new String[MAX + 1];

    static {
        NAMES[SESSION] = "SESSION";
        NAMES[BOOK] = "BOOK";
        NAMES[TRADE] = "TRADE";
        NAMES[SENTIMENT] = "SENTIMENT";
        NAMES[EXEC_REPORT] = "EXEC_REPORT";
        NAMES[TIMER] = "TIMER";
        NAMES[CONTROL] = "CONTROL";
        NAMES[QUOTE] = "QUOTE";
        NAMES[DECISION] = "DECISION";
        NAMES[RISK] = "RISK";
        NAMES[ORDER] = "ORDER";
        NAMES[CANCEL] = "CANCEL";
        NAMES[SHADOW_EXEC] = "SHADOW_EXEC";
    }

    private EventType() {}

    /** The type's name, or {@code null} if the id is not a known type. */
    public static String name(int type) {
        return type >= 0 && type <= MAX ? NAMES[type] : null;
    }

    public static boolean isInput(int type) {
        return type >= SESSION && type <= QUOTE;
    }

    public static boolean isOutput(int type) {
        return type >= DECISION && type <= SHADOW_EXEC;
    }
}
