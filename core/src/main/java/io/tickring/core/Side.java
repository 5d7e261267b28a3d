package io.tickring.core;

/**
 * Order and aggressor sides as stored in events: {@code +1} buy, {@code -1} sell, {@code 0} none or
 * unknown.
 */
public final class Side {
    public static final byte BUY = 1;
    public static final byte SELL = -1;
    public static final byte NONE = 0;

    private Side() {}

    public static String name(int side) {
        return side == BUY ? "BUY" : side == SELL ? "SELL" : "NONE";
    }
}
