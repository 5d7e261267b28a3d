package io.tickring.engine.cli;

import java.util.Locale;
import java.util.Map;

/**
 * The report.json metric that ranks a sweep's variants: the best variant has the greatest value
 * (the least for {@link #MAX_DRAWDOWN}). A variant that failed, or whose metric is missing or not a
 * number, ranks after every variant with a value; equal values go to the lower variant number, so
 * the same sweep always marks the same variant.
 */
enum SweepObjective {
    TOTAL_RETURN("total_return", true),
    SHARPE("sharpe", true),
    SORTINO("sortino", true),
    CALMAR("calmar", true),
    PROFIT_FACTOR("profit_factor", true),
    WIN_RATE("win_rate", true),
    MAX_DRAWDOWN("max_drawdown", false);

    /** The names, for help text and errors. */
    static final String NAMES =
            "total_return, sharpe, sortino, calmar, profit_factor, win_rate, max_drawdown";

    final String metric;
    final boolean higherIsBetter;

    SweepObjective(String metric, boolean higherIsBetter) {
        this.metric = metric;
        this.higherIsBetter = higherIsBetter;
    }

    /** True for the metrics that are fractions of the capital or of trades, shown in percent. */
    boolean percent() {
        return this == TOTAL_RETURN || this == MAX_DRAWDOWN || this == WIN_RATE;
    }

    /** The table's header for this metric, with its unit. */
    String header() {
        return percent() ? metric + " %" : metric;
    }

    /** {@code value} as the tables show it: percent with four decimals, else three decimals. */
    String format(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return percent()
                ? String.format(java.util.Locale.ROOT, "%.4f", value * 100)
                : String.format(java.util.Locale.ROOT, "%.3f", value);
    }

    static SweepObjective parse(String name) {
        for (SweepObjective o : values()) {
            if (o.metric.equals(name.toLowerCase(Locale.ROOT))) {
                return o;
            }
        }
        throw new UsageException(
                "--objective: unknown objective \"" + name + "\" (one of " + NAMES + ")");
    }

    /** The metric's value in report.json's metrics, or NaN when absent or not a number. */
    double valueOf(Map<String, Object> metrics) {
        Object v = metrics == null ? null : metrics.get(metric);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** True when {@code a} ranks strictly before {@code b}; NaN ranks last. */
    boolean better(double a, double b) {
        if (Double.isNaN(a)) {
            return false;
        }
        if (Double.isNaN(b)) {
            return true;
        }
        return higherIsBetter ? a > b : a < b;
    }
}
