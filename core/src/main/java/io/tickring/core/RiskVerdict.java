package io.tickring.core;

/** The risk gate's verdict on an intent, as stored in the event and in RISK records. */
public final class RiskVerdict {
    public static final byte NONE = 0;
    public static final byte ACCEPT = 1;
    public static final byte REJECT = 2;
    public static final byte CLAMP = 3;

    private RiskVerdict() {}

    public static String name(int v) {
        return v == ACCEPT ? "ACCEPT" : v == REJECT ? "REJECT" : v == CLAMP ? "CLAMP" : "NONE";
    }
}
