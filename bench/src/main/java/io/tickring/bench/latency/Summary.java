package io.tickring.bench.latency;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The percentiles the harness prints, in µs, from an HdrHistogram of ns. */
final class Summary {
    private Summary() {}

    /** The percentiles printed, and their JSON names. */
    static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    static final String[] NAMES = {"p50_us", "p90_us", "p99_us", "p99_9_us", "p99_99_us"};

    /** {@code count}, each percentile and {@code max_us}, in µs rounded to ns. */
    static Map<String, Object> of(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        for (int i = 0; i < PERCENTILES.length; i++) {
            m.put(
                    NAMES[i],
                    us(h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(PERCENTILES[i])));
        }
        m.put("max_us", us(h.getMaxValue()));
        return m;
    }

    /** A value in ns as µs, to the ns. */
    static double us(long ns) {
        return Math.round(ns / 1.0) / 1000.0;
    }

    /** One text line: name, count and the percentiles. */
    static String line(String name, Histogram h) {
        if (h.getTotalCount() == 0) {
            return String.format(Locale.ROOT, "%-26s %10d  (no values)", name, 0);
        }
        StringBuilder b =
                new StringBuilder(
                        String.format(Locale.ROOT, "%-26s %10d", name, h.getTotalCount()));
        for (double p : PERCENTILES) {
            b.append(String.format(Locale.ROOT, " %10.2f", h.getValueAtPercentile(p) / 1000.0));
        }
        b.append(String.format(Locale.ROOT, " %10.2f", h.getMaxValue() / 1000.0));
        return b.toString();
    }

    /** The header over {@link #line} rows. */
    static String header() {
        return String.format(
                Locale.ROOT,
                "%-26s %10s %10s %10s %10s %10s %10s %10s",
                "series (us)",
                "count",
                "p50",
                "p90",
                "p99",
                "p99.9",
                "p99.99",
                "max");
    }

    /** {@code a / b} rounded to 3 decimals, or null when b is 0. */
    static Double ratio(double a, double b) {
        return b == 0 ? null : Math.round(a / b * 1000.0) / 1000.0;
    }
}
