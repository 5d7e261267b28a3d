package io.tickring.core;

/** Time-in-force values carried by ORDER records. */
public final class TimeInForce {
    public static final byte GTC = 1;
    public static final byte IOC = 2;
    public static final byte FOK = 3;

    private TimeInForce() {}

    public static String name(int t) {
        return t == GTC ? "GTC" : t == IOC ? "IOC" : t == FOK ? "FOK" : "NONE";
    }
}
