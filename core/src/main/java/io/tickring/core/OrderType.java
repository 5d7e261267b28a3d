package io.tickring.core;

/** Order types carried by intents and ORDER records. */
public final class OrderType {
    public static final byte NONE = 0;
    public static final byte MARKET = 1;
    public static final byte LIMIT = 2;

    private OrderType() {}

    public static String name(int t) {
        return t == MARKET ? "MARKET" : t == LIMIT ? "LIMIT" : "NONE";
    }
}
