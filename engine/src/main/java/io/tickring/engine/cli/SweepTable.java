package io.tickring.engine.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lays out the comparison tables of sweeps and walk-forwards: leading cells given by the caller
 * (the variant's number and values, or a window's days), then the main metrics of the variant's
 * report.json, in their units: return and drawdown in percent of the capital, PnL and fees in the
 * settlement currency. A failed variant shows its error instead of figures.
 */
final class SweepTable {
    /** One row: the caller's leading cells, then a child's result. */
    record Line(List<String> lead, SweepChildren.Result result) {}

    /** Passed as {@code best}: no row is marked and the table has no "best" column. */
    static final int NO_MARK = -2;

    private SweepTable() {}

    /** The metric columns: header, then the cell of a successful result. */
    private static List<String[]> columns(SweepObjective objective, List<Line> lines) {
        String currency = "";
        for (Line l : lines) {
            Object c = l.result().metrics().get("currency");
            if (c != null) {
                currency = " " + c;
                break;
            }
        }
        List<String[]> cols = new ArrayList<>();
        cols.add(new String[] {"return %", "total_return", "pct"});
        cols.add(new String[] {"pnl" + currency, "pnl", "money"});
        cols.add(new String[] {"sharpe", "sharpe", "ratio"});
        switch (objective) {
            case SORTINO, CALMAR, PROFIT_FACTOR ->
                    cols.add(new String[] {objective.metric, objective.metric, "ratio"});
            default -> {}
        }
        cols.add(new String[] {"max dd %", "max_drawdown", "pct"});
        cols.add(new String[] {"win %", "win_rate", "pct1"});
        cols.add(new String[] {"orders", "orders", "count"});
        cols.add(new String[] {"fills", "fills", "count"});
        cols.add(new String[] {"fees" + currency, "fees", "money"});
        return cols;
    }

    private static String cell(SweepChildren.Result r, String[] col) {
        Object v =
                col[1].equals("fills") || col[1].equals("orders")
                        ? r.summary().get(col[1])
                        : r.metrics().get(col[1]);
        if (!(v instanceof Number n)) {
            return "-";
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            return "-";
        }
        return switch (col[2]) {
            case "pct" -> String.format(Locale.ROOT, "%.4f", d * 100);
            case "pct1" -> String.format(Locale.ROOT, "%.1f", d * 100);
            case "money" -> String.format(Locale.ROOT, "%.2f", d);
            case "ratio" -> String.format(Locale.ROOT, "%.3f", d);
            default -> Long.toString(n.longValue());
        };
    }

    private static List<List<String>> grid(
            SweepObjective objective, List<String> leadHeaders, List<Line> lines, int best) {
        List<String[]> cols = columns(objective, lines);
        List<List<String>> g = new ArrayList<>();
        boolean mark = best != NO_MARK;
        List<String> h = new ArrayList<>();
        if (mark) {
            h.add("best");
        }
        h.addAll(leadHeaders);
        for (String[] c : cols) {
            h.add(c[0]);
        }
        h.add("error");
        g.add(h);
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            List<String> row = new ArrayList<>();
            if (mark) {
                row.add(i == best ? "*" : "");
            }
            row.addAll(l.lead());
            for (String[] c : cols) {
                row.add(l.result().ok() ? cell(l.result(), c) : "-");
            }
            row.add(l.result().ok() ? "" : "exit " + l.result().exit() + ": " + l.result().error());
            g.add(row);
        }
        return g;
    }

    /**
     * A fixed-width text table, one line per row; {@code best} is the marked row's index, or -1.
     */
    static String text(
            SweepObjective objective, List<String> leadHeaders, List<Line> lines, int best) {
        List<List<String>> g = grid(objective, leadHeaders, lines, best);
        int[] w = new int[g.get(0).size()];
        for (List<String> row : g) {
            for (int i = 0; i < row.size(); i++) {
                w[i] = Math.max(w[i], row.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> row : g) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    line.append("  ");
                }
                line.append(String.format(Locale.ROOT, "%-" + Math.max(1, w[i]) + "s", row.get(i)));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** The same table in Markdown. */
    static String markdown(
            SweepObjective objective, List<String> leadHeaders, List<Line> lines, int best) {
        List<List<String>> g = grid(objective, leadHeaders, lines, best);
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < g.size(); r++) {
            sb.append('|');
            for (String c : g.get(r)) {
                sb.append(' ').append(c.replace("|", "\\|")).append(" |");
            }
            sb.append('\n');
            if (r == 0) {
                sb.append('|');
                for (int i = 0; i < g.get(0).size(); i++) {
                    sb.append("---|");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** A result's figures by metric name, for callers that total them. */
    static double metric(SweepChildren.Result r, String name) {
        Map<String, Object> m = r.metrics();
        Object v = m.get(name);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
