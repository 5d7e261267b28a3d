package io.tickring.adapters.fix;

import java.math.BigDecimal;

/**
 * Exact conversion between the engine's fixed-point prices and quantities and the decimal text FIX
 * carries on the wire. QuickFIX/J's typed price and quantity fields are {@code double}s, so the
 * gateway reads and writes these tags as strings and converts here, with no floating point.
 */
final class FixUnits {
    private FixUnits() {}

    /**
     * {@code fixed} × 10^-scale as a plain decimal string: {@code (3099, 2)} is {@code "30.99"}.
     */
    static String format(long fixed, int scale) {
        return BigDecimal.valueOf(fixed, scale).toPlainString();
    }

    /**
     * The decimal {@code text} as a fixed-point long at {@code scale}.
     *
     * @throws NumberFormatException if it is not a decimal number
     * @throws ArithmeticException if it has more significant decimals than {@code scale}, or does
     *     not fit a long
     */
    static long parse(String text, int scale) {
        return new BigDecimal(text).movePointRight(scale).longValueExact();
    }
}
