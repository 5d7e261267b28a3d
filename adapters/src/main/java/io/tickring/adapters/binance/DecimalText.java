package io.tickring.adapters.binance;

/**
 * Reads a plain decimal such as {@code "65000.01000000"} from a char range into a mantissa and a
 * count of fraction digits, and rescales it to a fixed-point {@code long} at a given scale.
 *
 * <p>Binance sends every price and quantity as a JSON string with up to eight decimals and trailing
 * zeros. Going through {@code String}/{@code BigDecimal} would allocate on every level of every
 * frame, so the digits are read straight out of the parser's char buffer. Trailing zeros of the
 * fraction are not accumulated, which keeps the mantissa small. The caller learns the scale only
 * once it knows the instrument (the symbol may come after the prices), hence the two steps.
 * Allocation-free.
 */
final class DecimalText {
    /** Returned by {@link #rescale} when the value does not fit the scale exactly or overflows. */
    static final long INVALID = Long.MIN_VALUE;

    private static final long[] POW10 = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    /** Mantissa of the last successful {@link #parse}, signed. */
    long mantissa;

    /** Number of fraction digits of {@link #mantissa} after trailing zeros were dropped. */
    int fraction;

    /**
     * Parses {@code [-]digits[.digits]}. No exponent, no plus sign, no blanks: Binance never sends
     * them, and accepting them would only hide a broken recording.
     *
     * @return false if the text is not such a decimal or has more than 18 significant digits
     */
    boolean parse(char[] buf, int offset, int length) {
        int i = offset;
        int end = offset + length;
        boolean negative = false;
        if (i < end && buf[i] == '-') {
            negative = true;
            i++;
        }
        long m = 0;
        int frac = 0;
        int pendingZeros = 0;
        int digits = 0;
        boolean point = false;
        for (; i < end; i++) {
            char c = buf[i];
            if (c == '.') {
                if (point) {
                    return false;
                }
                point = true;
                continue;
            }
            if (c < '0' || c > '9') {
                return false;
            }
            int d = c - '0';
            digits++;
            if (point && d == 0) {
                // Maybe a trailing zero: only count it once a non-zero digit follows.
                pendingZeros++;
                continue;
            }
            while (pendingZeros > 0) {
                if (m > Long.MAX_VALUE / 10) {
                    return false;
                }
                m *= 10;
                frac++;
                pendingZeros--;
            }
            if (m > (Long.MAX_VALUE - d) / 10) {
                return false;
            }
            m = m * 10 + d;
            if (point) {
                frac++;
            }
        }
        if (digits == 0 || frac > 18) {
            return false;
        }
        mantissa = negative ? -m : m;
        fraction = frac;
        return true;
    }

    /**
     * {@code mantissa × 10^(scale - fraction)} as an exact {@code long}.
     *
     * @return the fixed-point value, or {@link #INVALID} if digits beyond {@code scale} are not
     *     zero (rounding would silently change a price) or the result overflows
     */
    static long rescale(long mantissa, int fraction, int scale) {
        if (fraction == scale) {
            return mantissa;
        }
        if (fraction < scale) {
            int shift = scale - fraction;
            if (shift >= POW10.length) {
                return INVALID;
            }
            long p = POW10[shift];
            if (mantissa > Long.MAX_VALUE / p || mantissa < -Long.MAX_VALUE / p) {
                return INVALID;
            }
            return mantissa * p;
        }
        long p = POW10[fraction - scale];
        if (mantissa % p != 0) {
            return INVALID;
        }
        return mantissa / p;
    }

    /**
     * {@code mantissa × 10^(scale - fraction)} rounded half to even when {@code fraction} exceeds
     * {@code scale}: for quantities, whose finer digits are never a reason to drop a frame.
     *
     * @return the fixed-point value, or {@link #INVALID} if it overflows
     */
    static long roundHalfEven(long mantissa, int fraction, int scale) {
        if (fraction <= scale) {
            return rescale(mantissa, fraction, scale);
        }
        int drop = fraction - scale;
        if (drop >= POW10.length) {
            return 0;
        }
        long p = POW10[drop];
        long abs = Math.abs(mantissa);
        long q = abs / p;
        long r = abs % p;
        // r < p <= 10^18, so 2r cannot overflow.
        if (2 * r > p || (2 * r == p && (q & 1) == 1)) {
            q++;
        }
        return mantissa < 0 ? -q : q;
    }
}
