package io.tickring.engine.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts configuration durations ({@code 0}, {@code 1500ns}, {@code 100us}, {@code 250ms}, {@code
 * 1s}, {@code 5m}, {@code 2h}) to and from nanoseconds.
 *
 * <p>Only a whole number and one unit: fractions and compound forms ({@code 1m30s}) are rejected so
 * that every duration has one obvious meaning. {@link #format(long)} picks the largest unit that is
 * exact, so {@code parseNanos(format(n)) == n} for every {@code n >= 0}.
 */
public final class Durations {
    /** What a valid duration looks like, for error messages. */
    public static final String EXPECTED =
            "a whole number and a unit ns, us, ms, s, m or h, e.g. 250ms; or 0";

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ns|us|µs|ms|s|m|h)");
    private static final String[] UNITS = {"h", "m", "s", "ms", "us", "ns"};
    private static final long[] UNIT_NANOS = {
        3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L
    };

    private Durations() {}

    /**
     * Nanoseconds of {@code text}.
     *
     * @throws IllegalArgumentException if it is not a duration or overflows a {@code long}
     */
    public static long parseNanos(String text) {
        String t = text.trim();
        if (t.equals("0")) {
            return 0;
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a duration: \"" + text + "\" (expected " + EXPECTED + ")");
        }
        long perUnit = unitNanos(m.group(2));
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), perUnit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("duration too long: \"" + text + "\"");
        }
    }

    /** {@code nanos} in the largest exact unit, e.g. {@code 250ms}; {@code 0s} for zero. */
    public static String format(long nanos) {
        requireNonNegative(nanos, "duration");
        if (nanos == 0) {
            return "0s";
        }
        for (int i = 0; i < UNITS.length; i++) {
            if (nanos % UNIT_NANOS[i] == 0) {
                return (nanos / UNIT_NANOS[i]) + UNITS[i];
            }
        }
        throw new AssertionError("1ns divides every duration");
    }

    static long requireNonNegative(long nanos, String what) {
        if (nanos < 0) {
            throw new IllegalArgumentException(what + " must be >= 0: " + nanos);
        }
        return nanos;
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new AssertionError(unit);
        };
    }
}
