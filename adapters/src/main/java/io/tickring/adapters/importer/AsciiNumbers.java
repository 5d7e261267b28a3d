package io.tickring.adapters.importer;

/**
 * Parses numbers straight from ASCII bytes of a text row, without {@code String}s, regexes or
 * {@code double}s, so fixed-point prices and nanosecond times come out exact. Stateless and
 * allocation-free. Results that are not numbers are sentinels far below any real value.
 */
public final class AsciiNumbers {
    /** The text is not a number (or overflows a {@code long}). */
    public static final long BAD = Long.MIN_VALUE;

    /** The number has more decimals than the requested scale can hold. */
    public static final long OFF_SCALE = Long.MIN_VALUE + 1;

    /** The field is empty or {@code nan} (any case): no value. */
    public static final long EMPTY = Long.MIN_VALUE + 2;

    /** True for the three sentinels. */
    public static boolean isSentinel(long v) {
        return v <= EMPTY;
    }

    /**
     * Below this, {@code v * 10 + 9} cannot overflow, so the exact check (a division) is skipped.
     */
    private static final long SAFE = (Long.MAX_VALUE - 9) / 10;

    private static final long[] POW10 = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private AsciiNumbers() {}

    /** 10^n for n in 0..18. */
    public static long pow10(int n) {
        return POW10[n];
    }

    /**
     * A decimal number in {@code b[from..to)} as a fixed-point value with {@code scale} decimals:
     * {@code text / 10^textDecimals * 10^scale}, exactly. {@code textDecimals} is for files that
     * write prices as scaled integers (LOBSTER's USD × 10,000 has 4). Accepts an optional sign,
     * digits and one decimal point; trailing zeros after the point never matter.
     *
     * @return the value, {@link #EMPTY} for an empty or {@code nan} field, {@link #OFF_SCALE} if
     *     the value has a non-zero digit below 10^-scale, or {@link #BAD}
     */
    public static long parseFixed(byte[] b, int from, int to, int textDecimals, int scale) {
        if (from == to || isNan(b, from, to)) {
            return EMPTY;
        }
        int i = from;
        boolean negative = b[i] == '-';
        if (negative || b[i] == '+') {
            i++;
        }
        long m = 0;
        int digits = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            if (m > SAFE && m > (Long.MAX_VALUE - d) / 10) {
                return BAD;
            }
            m = m * 10 + d;
            digits++;
        }
        int decimals = 0;
        if (i < to) {
            if (b[i] != '.') {
                return BAD;
            }
            i++;
            // Trailing zeros of the fraction never matter: leave them out of the mantissa.
            int last = to;
            while (last > i && b[last - 1] == '0') {
                last--;
            }
            digits += to - last;
            // The digit at last - 1 is not zero, so a fraction longer than this cannot be held
            // exactly.
            int maxDecimals = scale - textDecimals;
            for (; i < last; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return BAD;
                }
                if (decimals >= maxDecimals) {
                    return allDigits(b, i + 1, last) ? OFF_SCALE : BAD;
                }
                if (m > SAFE && m > (Long.MAX_VALUE - d) / 10) {
                    return BAD;
                }
                m = m * 10 + d;
                decimals++;
                digits++;
            }
        }
        if (digits == 0) {
            return BAD;
        }
        long v = rescale(m, decimals + textDecimals, scale);
        return v <= EMPTY || !negative ? v : -v;
    }

    private static boolean allDigits(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Converts a non-negative {@code value} with {@code fromDecimals} decimals to {@code toScale}
     * decimals exactly.
     *
     * @return the value, {@link #OFF_SCALE} if digits would be lost, or {@link #BAD} on overflow
     */
    public static long rescale(long value, int fromDecimals, int toScale) {
        int shift = toScale - fromDecimals;
        if (shift == 0 || value == 0) {
            return value;
        }
        if (shift > 0) {
            if (shift > 18 || value > Long.MAX_VALUE / POW10[shift]) {
                return BAD;
            }
            return value * POW10[shift];
        }
        if (-shift > 18) {
            return OFF_SCALE;
        }
        long d = POW10[-shift];
        return value % d == 0 ? value / d : OFF_SCALE;
    }

    /** Signed variant of {@link #rescale}: converts negative values too. */
    public static long rescaleSigned(long value, int fromDecimals, int toScale) {
        if (value >= 0) {
            return rescale(value, fromDecimals, toScale);
        }
        if (value == Long.MIN_VALUE) {
            return BAD;
        }
        long v = rescale(-value, fromDecimals, toScale);
        return v <= EMPTY ? v : -v;
    }

    /**
     * Seconds with up to nanosecond decimals ({@code 34200.01399412}) as nanoseconds. Digits below
     * the nanosecond, which appear where a file was written through a {@code double} ({@code
     * 34397.878728270996}), round half up to the nearest nanosecond.
     *
     * @return the nanoseconds or {@link #BAD} (negative, empty or not a number)
     */
    public static long parseSecondsToNanos(byte[] b, int from, int to) {
        long seconds = 0;
        int i = from;
        int digits = 0;
        for (; i < to && b[i] != '.'; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || seconds > 9_000_000_000L) {
                return BAD;
            }
            seconds = seconds * 10 + d;
            digits++;
        }
        long nanos = 0;
        int fraction = 0;
        boolean roundUp = false;
        if (i < to) {
            i++; // the point
            for (; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return BAD;
                }
                if (fraction < 9) {
                    nanos = nanos * 10 + d;
                } else if (fraction == 9) {
                    roundUp = d >= 5;
                }
                fraction++;
                digits++;
            }
        }
        if (digits == 0) {
            return BAD;
        }
        for (int k = fraction; k < 9; k++) {
            nanos *= 10;
        }
        return seconds * 1_000_000_000L + nanos + (roundUp ? 1 : 0);
    }

    /** True if {@code b[from..to)} is {@code nan} in any case. */
    public static boolean isNan(byte[] b, int from, int to) {
        return to - from == 3
                && (b[from] | 0x20) == 'n'
                && (b[from + 1] | 0x20) == 'a'
                && (b[from + 2] | 0x20) == 'n';
    }

    /** Reads {@code n} decimal digits at {@code from}; -1 if any is not a digit. */
    public static int digits(byte[] b, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
