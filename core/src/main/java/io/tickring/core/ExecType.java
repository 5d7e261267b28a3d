package io.tickring.core;

/** Execution report kinds carried by {@link EventType#EXEC_REPORT} events. */
public final class ExecType {
    public static final byte ACK = 1;
    public static final byte PARTIAL_FILL = 2;
    public static final byte FILL = 3;
    public static final byte CANCELED = 4;
    public static final byte REJECTED = 5;

    /**
     * The venue refused a cancel or a replace (a FIX OrderCancelReject): the order stays as it was.
     * Only a live gateway reports it; no stage changes state on it.
     */
    public static final byte CANCEL_REJECTED = 6;

    private static final String[] NAMES = {
        "?", "ACK", "PARTIAL_FILL", "FILL", "CANCELED", "REJECTED", "CANCEL_REJECTED"
    };

    private ExecType() {}

    public static String name(int execType) {
        return execType >= 1 && execType < NAMES.length
                ? NAMES[execType]
                : "UNKNOWN(" + execType + ")";
    }

    public static boolean isValid(int execType) {
        return execType >= ACK && execType <= CANCEL_REJECTED;
    }
}
