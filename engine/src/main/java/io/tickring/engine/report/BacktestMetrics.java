package io.tickring.engine.report;

import io.tickring.core.ExecRejectReason;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RiskReason;
import io.tickring.core.RiskVerdict;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.Money;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The performance figures of one backtest, fed the backtest's journal records in ring order: marks
 * (BOOK and QUOTE touches), fills and rejects (EXEC_REPORT), decisions, risk verdicts and orders.
 * One instance per variant; off the hot path (it allocates freely). The formulas are in {@code
 * docs/backtest-report.md}.
 *
 * <p>Money follows the engine's {@code Portfolio}: each fill moves cash by its exact value from
 * {@link Money#notional} (a buy pays, a sell receives; the other way round for inverse contracts)
 * less its fee, and equity is capital + cash + each open position × {@link Money#unitValue} of its
 * last mid. Returns are taken on bars of {@link #BAR_NS} of event time that hold at least one
 * event, so closed hours make no bars; annualisation multiplies by the bars a year holds for the
 * instruments' sessions.
 */
public final class BacktestMetrics {
    /** Length of a return bar: one minute of event time. */
    public static final long BAR_NS = 60_000_000_000L;

    /**
     * Fewest return bars for which the annualised figures are shown without a warning: below it a
     * sample standard deviation, and a ratio scaled by the square root of a year's bars, say
     * little.
     */
    public static final int MIN_BARS_FOR_ANNUALISED = 30;

    private final Map<Integer, Instrument> instruments;
    private final double capital;
    private final int labelHorizon;
    private final double labelAlpha;

    private final Map<Integer, Holding> holdings = new HashMap<>();
    private String currency;
    private int moneyScale;
    private long cash; // settlement currency units at moneyScale
    private long fees;
    private double turnoverNotional;
    private long firstNs = Long.MIN_VALUE;
    private long lastNs;
    private long exposedNs;
    private long exposedSinceNs = -1;

    // equity and drawdown, event by event
    private double peak;
    private long peakNs;
    private double maxDrawdown;
    private long maxDrawdownDurationNs;
    private long ddPeakNs;
    private double lastEquity;

    // bars
    private long bar = Long.MIN_VALUE;
    private double barOpenEquity;
    private final List<Double> returns = new ArrayList<>();

    // round trips: an episode from flat to flat (or to a flip)
    private double tripStartEquity;
    private boolean inTrip;
    private final List<Double> tripPnls = new ArrayList<>();

    // orders
    private long orders;
    private long fills;
    private long fillReports;
    private final Map<String, Long> rejects = new TreeMap<>();
    private final Map<Long, Long> passiveOrderTimes = new HashMap<>();
    private long passiveOrders;
    private long passiveFilled;
    private long queueTimeSumNs;

    // model
    private long decisions;
    private final Map<Integer, List<Double>> mids = new HashMap<>();
    private final Map<Long, int[]> pendingScore = new HashMap<>();
    private final Map<Integer, List<int[]>> predictions = new HashMap<>();

    private final Series series = new Series();

    /**
     * @param instruments the registry's instruments by id
     * @param capital the starting capital, in the settlement currency (&gt; 0)
     * @param labelHorizon book events ahead whose mean mid makes the realised label
     * @param labelAlpha relative move above which the label is up (below minus it: down)
     */
    public BacktestMetrics(
            Map<Integer, Instrument> instruments,
            double capital,
            int labelHorizon,
            double labelAlpha) {
        if (!(capital > 0)) {
            throw new IllegalArgumentException("capital must be positive: " + capital);
        }
        this.instruments = instruments;
        this.capital = capital;
        this.labelHorizon = labelHorizon;
        this.labelAlpha = labelAlpha;
        this.peak = capital;
        this.lastEquity = capital;
        this.barOpenEquity = capital;
    }

    /** A new touch of an instrument: its mid marks the position. {@code book} counts for labels. */
    public void onMark(int instrumentId, long timeNs, long bidPx, long askPx, boolean book) {
        Instrument i = instruments.get(instrumentId);
        if (i == null || bidPx <= 0 || askPx <= 0) {
            return;
        }
        double mid = (i.toDouble(bidPx) + i.toDouble(askPx)) / 2;
        holding(i).mid = mid;
        if (book) {
            mids.computeIfAbsent(instrumentId, k -> new ArrayList<>()).add(mid);
        }
        advance(timeNs);
        series.price(instrumentId, timeNs, mid);
    }

    /** A DECISION that scored the book just marked (its ring sequence). */
    public void onDecision(int instrumentId, double pUp, double pFlat, double pDown) {
        decisions++;
        List<Double> m = mids.get(instrumentId);
        if (m == null || m.isEmpty()) {
            return;
        }
        int cls = predictedClass(pUp, pFlat, pDown);
        predictions
                .computeIfAbsent(instrumentId, k -> new ArrayList<>())
                .add(new int[] {m.size() - 1, cls});
    }

    /** A RISK record: a rejection counts by its reason. */
    public void onRisk(byte verdict, int reason) {
        if (verdict == RiskVerdict.REJECT) {
            rejects.merge("risk." + RiskReason.name(reason), 1L, Long::sum);
        }
    }

    /** An ORDER record, released to the venue at {@code timeNs}. */
    public void onOrder(long orderId, byte orderType, long timeNs) {
        orders++;
        if (orderType == OrderType.LIMIT) {
            passiveOrders++;
            passiveOrderTimes.put(orderId, timeNs);
        }
    }

    /** An EXEC_REPORT. */
    public void onExecution(
            int instrumentId,
            long timeNs,
            long orderId,
            byte execType,
            byte side,
            long lastPx,
            long lastQty,
            long fee,
            int rejectReason) {
        if (execType == ExecType.REJECTED) {
            rejects.merge("venue." + ExecRejectReason.name(rejectReason), 1L, Long::sum);
            return;
        }
        if (execType != ExecType.FILL && execType != ExecType.PARTIAL_FILL) {
            return;
        }
        Instrument i = instruments.get(instrumentId);
        if (i == null) {
            return;
        }
        Holding h = holding(i);
        advance(timeNs);
        fillReports++;
        if (execType == ExecType.FILL) {
            fills++;
        }
        Long placed = passiveOrderTimes.remove(orderId);
        if (placed != null) {
            passiveFilled++;
            queueTimeSumNs += timeNs - placed;
        }
        long signed = side * lastQty;
        long notional = Money.notional(i, lastPx, signed);
        long flow = i.units().type() == Instrument.ContractType.INVERSE ? notional : -notional;
        long scale = Money.pow10(moneyScale - i.moneyScale());
        cash += (flow - fee) * scale;
        fees += fee * scale;
        turnoverNotional += Math.abs(Money.toDouble(i, notional));
        long before = h.qty;
        h.qty += signed;
        if (h.mid == 0) {
            h.mid = i.toDouble(lastPx);
        }
        boolean flatBefore = totalExposure() - Math.abs(h.qty) + Math.abs(before) == 0;
        double equity = equity();
        if (!inTrip && flatBefore) {
            // the trip's start is the equity before this fill's fee and spread
            tripStartEquity = lastEquity;
            inTrip = true;
        }
        afterEquity(timeNs, equity);
        if (inTrip && (totalExposure() == 0 || Long.signum(before) * Long.signum(h.qty) < 0)) {
            tripPnls.add(equity - tripStartEquity);
            tripStartEquity = equity;
            inTrip = totalExposure() != 0;
        }
        series.fill(instrumentId, timeNs, i.toDouble(lastPx), side);
    }

    private Holding holding(Instrument i) {
        Holding h = holdings.get(i.id());
        if (h == null) {
            if (currency == null) {
                currency = i.settlementCurrency();
                moneyScale = i.moneyScale();
            } else if (!currency.equals(i.settlementCurrency())) {
                throw new IllegalArgumentException(
                        "instrument "
                                + i.symbol()
                                + " settles in "
                                + i.settlementCurrency()
                                + ", the report's other instruments in "
                                + currency
                                + ": one settlement currency per report");
            } else if (i.moneyScale() > moneyScale) {
                cash *= Money.pow10(i.moneyScale() - moneyScale);
                fees *= Money.pow10(i.moneyScale() - moneyScale);
                moneyScale = i.moneyScale();
            }
            h = new Holding(i);
            holdings.put(i.id(), h);
        }
        return h;
    }

    private long totalExposure() {
        long n = 0;
        for (Holding h : holdings.values()) {
            n += Math.abs(h.qty);
        }
        return n;
    }

    private double equity() {
        double e = capital + cash / (double) Money.pow10(moneyScale);
        for (Holding h : holdings.values()) {
            if (h.qty != 0) {
                e += h.qty * Money.unitValue(h.instrument, h.mid);
            }
        }
        return e;
    }

    /** Moves event time to {@code timeNs}: time in market, bars, equity. */
    private void advance(long timeNs) {
        if (firstNs == Long.MIN_VALUE) {
            firstNs = timeNs;
            peakNs = timeNs;
            ddPeakNs = timeNs;
            bar = Math.floorDiv(timeNs, BAR_NS);
        }
        long b = Math.floorDiv(timeNs, BAR_NS);
        if (b != bar) {
            returns.add(lastEquity / barOpenEquity - 1);
            barOpenEquity = lastEquity;
            bar = b;
        }
        lastNs = Math.max(lastNs, timeNs);
        afterEquity(timeNs, equity());
    }

    private void afterEquity(long timeNs, double equity) {
        if (exposedSinceNs >= 0) {
            exposedNs += timeNs - exposedSinceNs;
            exposedSinceNs = -1;
        }
        if (totalExposure() != 0) {
            exposedSinceNs = timeNs;
        }
        lastEquity = equity;
        if (maxDrawdown > 0 && peakNs == ddPeakNs) {
            // still under (or just back at) the worst drawdown's peak: its duration runs on
            maxDrawdownDurationNs = Math.max(maxDrawdownDurationNs, timeNs - ddPeakNs);
        }
        if (equity >= peak) {
            peak = equity;
            peakNs = timeNs;
        } else {
            double dd = (peak - equity) / peak;
            if (dd > maxDrawdown) {
                maxDrawdown = dd;
                ddPeakNs = peakNs;
            }
        }
        if (maxDrawdown > 0 && peakNs == ddPeakNs) {
            maxDrawdownDurationNs = Math.max(maxDrawdownDurationNs, timeNs - ddPeakNs);
        }
        series.equity(timeNs, equity, (peak - equity) / peak, totalSignedPosition());
    }

    private long totalSignedPosition() {
        long n = 0;
        for (Holding h : holdings.values()) {
            n += h.qty;
        }
        return n;
    }

    /** The chart series, downsampled; valid after {@link #metrics()}. */
    public Series series() {
        return series;
    }

    /** Bars of return a year for the instruments seen: sessions × days a year. */
    double barsPerYear() {
        double best = 0;
        for (Holding h : holdings.values()) {
            Instrument i = h.instrument;
            double minutes;
            double days;
            if (i.tradesAroundTheClock()) {
                minutes = 1440;
                days = 365;
            } else {
                minutes = 0;
                for (Instrument.SessionWindow w : i.sessions()) {
                    minutes += w.endMinute() - w.startMinute();
                }
                days = 252;
            }
            best = Math.max(best, minutes * days * 60e9 / BAR_NS);
        }
        return best == 0 ? 365 * 1440 : best;
    }

    /** The figures, in a fixed order. */
    public Map<String, Object> metrics() {
        if (firstNs != Long.MIN_VALUE) {
            advance(lastNs); // closes the exposure interval
            returns.add(lastEquity / barOpenEquity - 1);
            barOpenEquity = lastEquity;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        double perYear = barsPerYear();
        int n = returns.size();
        double total = lastEquity / capital - 1;
        m.put("currency", currency == null ? "" : currency);
        m.put("capital", capital);
        m.put("final_equity", lastEquity);
        m.put("pnl", lastEquity - capital);
        m.put("total_return", total);
        m.put("bars", n);
        m.put("bar_seconds", BAR_NS / 1_000_000_000L);
        m.put("bars_per_year", perYear);
        m.put(
                "annualised_warning",
                n >= MIN_BARS_FOR_ANNUALISED
                        ? null
                        : "annualised return, volatility, Sharpe, Sortino and Calmar rest on "
                                + n
                                + " return bars of "
                                + BAR_NS / 1_000_000_000L
                                + " s, fewer than "
                                + MIN_BARS_FOR_ANNUALISED
                                + ": read them as noise");
        m.put("annualised_return", n == 0 ? 0.0 : Math.pow(1 + total, perYear / n) - 1);
        double mean = 0;
        for (double r : returns) {
            mean += r;
        }
        mean = n == 0 ? 0 : mean / n;
        double var = 0;
        double down = 0;
        for (double r : returns) {
            var += (r - mean) * (r - mean);
            down += Math.min(r, 0) * Math.min(r, 0);
        }
        double sd = n < 2 ? 0 : Math.sqrt(var / (n - 1));
        double dd = n == 0 ? 0 : Math.sqrt(down / n);
        m.put("volatility", sd * Math.sqrt(perYear));
        m.put("sharpe", sd == 0 ? 0.0 : mean / sd * Math.sqrt(perYear));
        m.put("sortino", dd == 0 ? 0.0 : mean / dd * Math.sqrt(perYear));
        m.put("max_drawdown", maxDrawdown);
        m.put("max_drawdown_duration_s", maxDrawdownDurationNs / 1e9);
        double annual = (Double) m.get("annualised_return");
        m.put("calmar", maxDrawdown == 0 ? 0.0 : annual / maxDrawdown);
        int wins = 0;
        double grossWin = 0;
        double grossLoss = 0;
        for (double p : tripPnls) {
            if (p > 0) {
                wins++;
                grossWin += p;
            } else {
                grossLoss -= p;
            }
        }
        int trips = tripPnls.size();
        m.put("round_trips", trips);
        m.put("win_rate", trips == 0 ? 0.0 : wins / (double) trips);
        m.put("profit_factor", grossLoss == 0 ? 0.0 : grossWin / grossLoss);
        m.put("average_win", wins == 0 ? 0.0 : grossWin / wins);
        m.put("average_loss", trips - wins == 0 ? 0.0 : -grossLoss / (trips - wins));
        m.put("turnover", turnoverNotional / capital);
        m.put("fees", fees / (double) Money.pow10(moneyScale));
        long span = lastNs - firstNs;
        m.put("time_in_market", span <= 0 ? 0.0 : exposedNs / (double) span);
        m.put("decisions", decisions);
        m.put("orders", orders);
        m.put("fill_reports", fillReports);
        m.put("filled_orders", fills);
        long rejected = 0;
        for (long v : rejects.values()) {
            rejected += v;
        }
        m.put("rejects", rejected);
        m.put("rejects_by_reason", new LinkedHashMap<>(rejects));
        m.put("passive_orders", passiveOrders);
        m.put(
                "passive_fill_ratio",
                passiveOrders == 0 ? 0.0 : passiveFilled / (double) passiveOrders);
        m.put(
                "average_queue_time_s",
                passiveFilled == 0 ? 0.0 : queueTimeSumNs / 1e9 / passiveFilled);
        m.put("model", modelAccuracy());
        return m;
    }

    /**
     * The class a model's scores predict: 0 up, 1 flat, 2 down, the highest probability (ties go to
     * up, then flat). The model command's evaluation uses the same rule.
     */
    public static int predictedClass(double pUp, double pFlat, double pDown) {
        return pUp >= pFlat && pUp >= pDown ? 0 : pDown > pFlat ? 2 : 1;
    }

    /**
     * The realised label of the book at {@code mids[i]}: the mean of the next {@code horizon} mids
     * against this mid, relative, above {@code alpha} up (0), below {@code -alpha} down (2), else
     * flat (1); -1 when the horizon runs past the end of the data.
     */
    public static int realisedLabel(List<Double> mids, int i, int horizon, double alpha) {
        if (i + horizon >= mids.size()) {
            return -1;
        }
        double sum = 0;
        for (int h = 1; h <= horizon; h++) {
            sum += mids.get(i + h);
        }
        double l = (sum / horizon - mids.get(i)) / mids.get(i);
        return l > alpha ? 0 : l < -alpha ? 2 : 1;
    }

    private Map<String, Object> modelAccuracy() {
        long[][] c = new long[3][3];
        for (Map.Entry<Integer, List<int[]>> e : new TreeMap<>(predictions).entrySet()) {
            List<Double> m = mids.get(e.getKey());
            for (int[] p : e.getValue()) {
                int label = realisedLabel(m, p[0], labelHorizon, labelAlpha);
                if (label >= 0) {
                    c[label][p[1]]++;
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label_horizon", labelHorizon);
        out.put("label_alpha", labelAlpha);
        long total = 0;
        long right = 0;
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 3; j++) {
                total += c[k][j];
            }
            right += c[k][k];
        }
        out.put("labelled", total);
        out.put("accuracy", total == 0 ? 0.0 : right / (double) total);
        String[] names = {"up", "flat", "down"};
        Map<String, Object> f1 = new LinkedHashMap<>();
        for (int k = 0; k < 3; k++) {
            long predicted = c[0][k] + c[1][k] + c[2][k];
            long actual = c[k][0] + c[k][1] + c[k][2];
            double precision = predicted == 0 ? 0 : c[k][k] / (double) predicted;
            double recall = actual == 0 ? 0 : c[k][k] / (double) actual;
            f1.put(
                    names[k],
                    precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall));
        }
        out.put("f1", f1);
        return out;
    }

    /** One instrument's position and last mid. */
    private static final class Holding {
        final Instrument instrument;
        long qty;
        double mid;

        Holding(Instrument instrument) {
            this.instrument = instrument;
        }
    }
}
