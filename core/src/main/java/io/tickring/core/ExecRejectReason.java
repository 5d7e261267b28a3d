package io.tickring.core;

/**
 * Why a gateway rejected an order, as carried by REJECTED {@link EventType#EXEC_REPORT} events; on
 * a CANCELED report nobody asked for, why the gateway cancelled it ({@link #KILL_SWITCH}).
 * Persisted: never renumber, only add.
 */
public final class ExecRejectReason {
    public static final int NONE = 0;

    /** The venue had no book for the instrument. */
    public static final int NO_MARKET = 1;

    /** The venue's limit of resting orders was reached. */
    public static final int TOO_MANY_ORDERS = 2;

    /**
     * The kill switch's latch was tripped: the gateway released nothing to the venue (REJECTED), or
     * cancelled a working order at the trip (CANCELED).
     */
    public static final int KILL_SWITCH = 3;

    /**
     * The live gateway's session was not logged on when the order was to be sent (REJECTED), or the
     * connection dropped while the order worked and the gateway cancelled it at the next logon
     * (CANCELED).
     */
    public static final int DISCONNECTED = 4;

    /** The venue rejected the order (a FIX ExecutionReport with ExecType=8). */
    public static final int VENUE = 5;

    /**
     * The live gateway was reconciling its orders with the venue (after a logon or a restart) and
     * released nothing new until it knew every order's status.
     */
    public static final int RECONCILING = 6;

    /**
     * An earlier order on the same instrument had no acknowledgement within the gateway's timeout:
     * its status is unknown, and the gateway releases no new order on that instrument until it is
     * known.
     */
    public static final int UNKNOWN_PENDING = 7;

    /**
     * Found at reconciliation: the venue does not know the order and nothing was ever reported for
     * it, so it never reached the venue (the process died, or the connection dropped, before it
     * left).
     */
    public static final int NOT_AT_VENUE = 8;

    private static final String[] NAMES = {
        "NONE",
        "NO_MARKET",
        "TOO_MANY_ORDERS",
        "KILL_SWITCH",
        "DISCONNECTED",
        "VENUE",
        "RECONCILING",
        "UNKNOWN_PENDING",
        "NOT_AT_VENUE"
    };

    private ExecRejectReason() {}

    public static String name(int reason) {
        return reason >= 0 && reason < NAMES.length ? NAMES[reason] : "UNKNOWN(" + reason + ")";
    }
}
