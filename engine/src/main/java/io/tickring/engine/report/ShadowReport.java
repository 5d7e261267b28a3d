package io.tickring.engine.report;

import io.tickring.adapters.paper.LatencyModel;
import io.tickring.adapters.paper.PaperContext;
import io.tickring.adapters.paper.PaperGateway;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.OutputCodec;
import io.tickring.core.codec.OutputRecord;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.Money;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code tickring report shadow}: compares, order by order and per instrument, what the live venue
 * did with each order (its EXEC_REPORT input events) with what the shadow paper venue said it would
 * do (the SHADOW_EXEC output records), and re-simulates the paper venue over the journal's market
 * data and orders with each candidate setting (queue model, trade-through rule, latency) to name
 * the one that would have matched the live fills best.
 *
 * <p><b>Figures</b>, for each side (live, paper): filled quantity and fill ratio (filled /
 * ordered), average fill price (volume-weighted), fees (the reports' own, summed), time to first
 * and to last fill (from the order's release, its cause's event time), queue time (from the
 * acknowledgement to the first fill, for orders acknowledged before they filled: the paper venue
 * acknowledges only an order that rests). Slippage is what the live fills cost beyond the paper
 * fills' prices over the quantity both filled: {@code side × (live average − paper average) ×
 * min(live filled, paper filled)} in the settlement currency (positive: live was worse), exact,
 * rounded once half away from zero to the currency's smallest unit; per instrument it is the sum of
 * its orders' figures. Spot and linear instruments only (inverse contracts: not computed, said so).
 *
 * <p><b>Calibration.</b> Each candidate is a fresh paper venue fed the same market data, orders and
 * cancels in the router's order; its error against the live outcomes is the mean over orders of
 * |fill ratio difference|, then the mean |average price difference| in ticks (orders both filled),
 * then the mean |time to first fill difference| (orders both filled). Candidates are ranked by the
 * first, ties (to 10^-4) by the second (to 10^-3 tick), then by the third.
 *
 * <p>Not for the hot path: it allocates freely.
 */
public final class ShadowReport {
    /** What the report reads: a journal's input events and output records in the router's order. */
    public interface Source {
        /**
         * Calls {@code visitor} with every input event, each followed by the output records the
         * router wrote while handling it (their sequence is its sequence). The event and record
         * objects are reused between calls.
         */
        void scan(Visitor visitor);
    }

    /** Receives a {@link Source}'s records. */
    public interface Visitor {
        void onInput(RingEvent e);

        void onOutput(OutputRecord o);
    }

    /** A paper-venue setting to re-simulate. */
    public record Candidate(
            PaperGateway.QueueModel queueModel,
            PaperGateway.TradeThrough tradeThrough,
            int penetrationTicks,
            long latencyNs) {
        String name() {
            String tt =
                    tradeThrough == PaperGateway.TradeThrough.PENETRATION
                            ? "penetration " + penetrationTicks
                            : tradeThrough.configName();
            return "queue_model="
                    + queueModel.configName()
                    + " trade_through="
                    + tt
                    + " latency="
                    + io.tickring.engine.config.Durations.format(latencyNs);
        }
    }

    /** What one venue did with one order. */
    static final class Outcome {
        long filled;
        BigInteger pxQty = BigInteger.ZERO;
        long fees;
        long ackNs = -1;
        long firstFillNs = -1;
        long lastFillNs = -1;
        byte end;
        int reports;

        void on(byte execType, long lastPx, long lastQty, long fee, long timeNs) {
            reports++;
            switch (execType) {
                case ExecType.ACK -> {
                    if (ackNs < 0) {
                        ackNs = timeNs;
                    }
                }
                case ExecType.PARTIAL_FILL, ExecType.FILL -> {
                    filled += lastQty;
                    pxQty =
                            pxQty.add(
                                    BigInteger.valueOf(lastPx)
                                            .multiply(BigInteger.valueOf(lastQty)));
                    fees += fee;
                    if (firstFillNs < 0) {
                        firstFillNs = timeNs;
                    }
                    lastFillNs = timeNs;
                    if (execType == ExecType.FILL) {
                        end = execType;
                    }
                }
                case ExecType.CANCELED, ExecType.REJECTED -> end = execType;
                default -> {}
            }
        }

        /** Queue time: acknowledged, then filled later; -1 if not so. */
        long queueNs() {
            return ackNs >= 0 && firstFillNs >= ackNs ? firstFillNs - ackNs : -1;
        }
    }

    /** One order released to the live venue, with both outcomes. */
    static final class Order {
        long id;
        int instrumentId;
        byte side;
        long qty;
        long limitPx;
        long releaseNs;
        final Outcome live = new Outcome();
        final Outcome paper = new Outcome();
    }

    private final Map<Integer, Instrument> instruments = new HashMap<>();
    private final Map<Long, Order> orders = new LinkedHashMap<>();
    private final List<Candidate> candidates;
    private final List<Map<Long, Outcome>> simulated = new ArrayList<>();
    private long shadowRecords;

    private ShadowReport(List<Instrument> instruments, List<Candidate> candidates) {
        for (Instrument i : instruments) {
            this.instruments.put(i.id(), i);
        }
        this.candidates = List.copyOf(candidates);
    }

    /**
     * The default candidates: every queue model × trade-through rule (print-size, full, penetration
     * 1 tick) × latency (0, 100 µs, 1 ms, 10 ms, and the live venue's median order-to-first-report
     * time when the journal has one; no jitter).
     */
    public static List<Candidate> defaultCandidates(long measuredLatencyNs) {
        List<Long> latencies = new ArrayList<>(List.of(0L, 100_000L, 1_000_000L, 10_000_000L));
        if (measuredLatencyNs > 0 && !latencies.contains(measuredLatencyNs)) {
            latencies.add(measuredLatencyNs);
        }
        List<Candidate> out = new ArrayList<>();
        for (PaperGateway.QueueModel q : PaperGateway.QueueModel.values()) {
            for (PaperGateway.TradeThrough t : PaperGateway.TradeThrough.values()) {
                for (long l : latencies) {
                    out.add(new Candidate(q, t, 1, l));
                }
            }
        }
        return out;
    }

    /**
     * Reads {@code source} twice: once for the orders, the live and the recorded paper outcomes
     * (and the live latency, which joins the default candidates), once to re-simulate the
     * candidates.
     *
     * @param configured the run's paper settings (the {@code paper} section): its queue function,
     *     seed and penetration are the candidates' too
     * @param candidates the settings to re-simulate, or null for {@link #defaultCandidates}
     */
    public static ShadowReport of(
            Source source,
            List<Instrument> instruments,
            PaperContext configured,
            List<Candidate> candidates) {
        ShadowReport r = new ShadowReport(instruments, List.of());
        source.scan(r.recorded());
        List<Candidate> c =
                candidates != null ? candidates : defaultCandidates(r.medianLiveLatencyNs());
        ShadowReport report = new ShadowReport(instruments, c);
        report.orders.putAll(r.orders);
        report.shadowRecords = r.shadowRecords;
        source.scan(report.simulation(configured));
        return report;
    }

    /** A {@link Source} over a journal directory's {@code in/} and {@code out/} queues. */
    public static Source journal(Path dir) {
        return visitor -> {
            try (RecordReader in = new RecordReader(JournalPaths.in(dir));
                    RecordReader out = new RecordReader(JournalPaths.out(dir))) {
                RingEvent e = new RingEvent();
                InputCodec.Decoder decoder = new InputCodec.Decoder();
                OutputRecord o = new OutputRecord();
                boolean pending = next(out, o);
                while (in.next()) {
                    decoder.decode(in.buffer(), 0, in.length(), e, in.where());
                    visitor.onInput(e);
                    while (pending && o.sequence <= e.sequence) {
                        visitor.onOutput(o);
                        pending = next(out, o);
                    }
                }
                while (pending) {
                    visitor.onOutput(o);
                    pending = next(out, o);
                }
            }
        };
    }

    private static boolean next(RecordReader out, OutputRecord o) {
        if (!out.next()) {
            return false;
        }
        OutputCodec.decode(out.buffer(), 0, out.length(), o, out.where());
        return true;
    }

    private Visitor recorded() {
        return new Visitor() {
            @Override
            public void onInput(RingEvent e) {
                if (e.type == EventType.EXEC_REPORT) {
                    Order o = orders.get(e.execOrderId);
                    if (o != null) {
                        o.live.on(
                                e.execType,
                                e.execLastPx,
                                e.execLastQty,
                                e.execFee,
                                e.exchangeTimeNs);
                    }
                }
            }

            @Override
            public void onOutput(OutputRecord r) {
                if (r.type == EventType.ORDER) {
                    Order o = new Order();
                    o.id = r.orderId;
                    o.instrumentId = r.instrumentId;
                    o.side = r.side;
                    o.qty = r.qty;
                    o.limitPx = r.px;
                    o.releaseNs = r.exchangeTimeNs;
                    orders.put(o.id, o);
                } else if (r.type == EventType.SHADOW_EXEC) {
                    shadowRecords++;
                    Order o = orders.get(r.orderId);
                    if (o != null) {
                        o.paper.on(r.execType, r.px, r.qty, r.fee, r.exchangeTimeNs);
                    }
                }
            }
        };
    }

    private Visitor simulation(PaperContext configured) {
        List<PaperGateway> venues = new ArrayList<>();
        List<Instrument> all = new ArrayList<>(instruments.values());
        all.sort(Comparator.comparingInt(Instrument::id));
        for (Candidate c : candidates) {
            Map<Long, Outcome> outcomes = new HashMap<>();
            simulated.add(outcomes);
            PaperContext ctx =
                    new PaperContext()
                            .seed(configured.seed())
                            .latencyNs(c.latencyNs())
                            .jitterNs(0)
                            .decisionLatency(LatencyModel.ZERO)
                            .queueModel(c.queueModel())
                            .queueFunction(configured.queueFunction())
                            .queuePower(configured.queuePower())
                            .tradeThrough(c.tradeThrough())
                            .penetrationTicks(c.penetrationTicks())
                            .maxOpenOrders(configured.maxOpenOrders());
            venues.add(
                    new PaperGateway(
                            report ->
                                    outcomes.computeIfAbsent(report.execOrderId, k -> new Outcome())
                                            .on(
                                                    report.execType,
                                                    report.execLastPx,
                                                    report.execLastQty,
                                                    report.execFee,
                                                    report.exchangeTimeNs),
                            all,
                            ctx));
        }
        RingEvent[] cause = new RingEvent[1];
        return new Visitor() {
            @Override
            public void onInput(RingEvent e) {
                cause[0] = e;
                if (e.type == EventType.BOOK
                        || e.type == EventType.TRADE
                        || e.type == EventType.QUOTE) {
                    for (PaperGateway v : venues) {
                        v.onMarketData(e);
                    }
                }
            }

            @Override
            public void onOutput(OutputRecord r) {
                RingEvent e = cause[0];
                if (e == null || e.sequence != r.sequence) {
                    return; // not written while an input was handled: nothing to re-send
                }
                if (r.type == EventType.ORDER) {
                    for (PaperGateway v : venues) {
                        v.submit(
                                r.orderId,
                                r.instrumentId,
                                r.side,
                                r.orderType,
                                r.tif,
                                r.qty,
                                r.px,
                                e);
                    }
                } else if (r.type == EventType.CANCEL) {
                    for (PaperGateway v : venues) {
                        v.cancel(r.orderId, r.instrumentId, e);
                    }
                }
            }
        };
    }

    /** The live venue's median time from an order's release to its first report, or -1. */
    long medianLiveLatencyNs() {
        List<Long> l = new ArrayList<>();
        for (Order o : orders.values()) {
            long first = firstReportNs(o.live);
            if (first >= 0) {
                l.add(first - o.releaseNs);
            }
        }
        if (l.isEmpty()) {
            return -1;
        }
        l.sort(null);
        return Math.max(0, l.get((l.size() - 1) / 2));
    }

    private static long firstReportNs(Outcome o) {
        if (o.ackNs >= 0 && (o.firstFillNs < 0 || o.ackNs <= o.firstFillNs)) {
            return o.ackNs;
        }
        return o.firstFillNs;
    }

    /** Number of orders released. */
    public int orders() {
        return orders.size();
    }

    /** SHADOW_EXEC records in the journal. */
    public long shadowRecords() {
        return shadowRecords;
    }

    // ------------------------------------------------------------------------------ figures

    private Instrument instrument(int id) {
        Instrument i = instruments.get(id);
        if (i == null) {
            throw new IllegalArgumentException("instrument " + id + " is not in the registry");
        }
        return i;
    }

    /** Average fill price in price units, exact to 6 digits past the price scale; null if none. */
    private static String avgPx(Instrument i, Outcome o) {
        if (o.filled == 0) {
            return null;
        }
        BigDecimal avg =
                new BigDecimal(o.pxQty)
                        .divide(BigDecimal.valueOf(o.filled), 6, RoundingMode.HALF_UP)
                        .movePointLeft(i.priceScale());
        return plain(avg);
    }

    private static String plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }

    /**
     * The slippage of {@code o}'s live fills against its paper fills over the quantity both filled,
     * in money units of the instrument (at its money scale), or null if either side filled nothing
     * or the instrument is inverse.
     */
    static Long slippage(Instrument i, Order o) {
        long m = Math.min(o.live.filled, o.paper.filled);
        if (m == 0 || i.units().type() == Instrument.ContractType.INVERSE) {
            return null;
        }
        BigInteger lq = BigInteger.valueOf(o.live.filled);
        BigInteger pq = BigInteger.valueOf(o.paper.filled);
        // side × (Lpq/Lq − Ppq/Pq) × m × multiplier / 10^(ps+qs), one exact fraction
        BigInteger num =
                o.live.pxQty
                        .multiply(pq)
                        .subtract(o.paper.pxQty.multiply(lq))
                        .multiply(BigInteger.valueOf(m))
                        .multiply(BigInteger.valueOf(i.units().multiplier()))
                        .multiply(BigInteger.valueOf(o.side == Side.SELL ? -1 : 1));
        BigInteger den =
                lq.multiply(pq).multiply(BigInteger.TEN.pow(i.priceScale() + i.units().qtyScale()));
        BigDecimal money =
                new BigDecimal(num)
                        .divide(
                                new BigDecimal(den),
                                i.units().settlementDecimals(),
                                RoundingMode.HALF_UP); // HALF_UP: half away from zero
        return money.movePointRight(i.moneyScale()).longValueExact();
    }

    private static String ratio(long part, long whole) {
        return whole == 0
                ? null
                : plain(
                        BigDecimal.valueOf(part)
                                .divide(BigDecimal.valueOf(whole), 6, RoundingMode.HALF_UP));
    }

    private static Long since(long t, long from) {
        return t < 0 ? null : t - from;
    }

    private static Map<String, Object> side(Instrument i, Order o, Outcome x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filled", qty(i, x.filled));
        m.put("fill_ratio", ratio(x.filled, o.qty));
        m.put("avg_px", avgPx(i, x));
        m.put("fees", Money.format(i, x.fees));
        m.put("time_to_first_fill_ns", since(x.firstFillNs, o.releaseNs));
        m.put("time_to_last_fill_ns", since(x.lastFillNs, o.releaseNs));
        long q = x.queueNs();
        m.put("queue_time_ns", q < 0 ? null : q);
        m.put(
                "end",
                x.end == 0 ? (x.reports == 0 ? "no report" : "working") : ExecType.name(x.end));
        return m;
    }

    private static String qty(Instrument i, long q) {
        return plain(BigDecimal.valueOf(q, i.units().qtyScale()));
    }

    /** Per-instrument sums. */
    private static final class Totals {
        long orders;
        long qty;
        long bothFilled;
        long slippage;
        boolean slippageKnown = true;
        final Side2 live = new Side2();
        final Side2 paper = new Side2();
    }

    private static final class Side2 {
        long filled;
        BigInteger pxQty = BigInteger.ZERO;
        long fees;
        long filledOrders;
        long firstFillSumNs;
        long queued;
        long queueSumNs;

        void add(Order o, Outcome x) {
            filled += x.filled;
            pxQty = pxQty.add(x.pxQty);
            fees += x.fees;
            if (x.firstFillNs >= 0) {
                filledOrders++;
                firstFillSumNs += x.firstFillNs - o.releaseNs;
            }
            long q = x.queueNs();
            if (q >= 0) {
                queued++;
                queueSumNs += q;
            }
        }

        Map<String, Object> json(Instrument i, long qty) {
            Outcome tmp = new Outcome();
            tmp.filled = filled;
            tmp.pxQty = pxQty;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("filled", qty(i, filled));
            m.put("fill_ratio", ratio(filled, qty));
            m.put("avg_px", avgPx(i, tmp));
            m.put("fees", Money.format(i, fees));
            m.put("orders_filled", filledOrders);
            m.put(
                    "mean_time_to_first_fill_ns",
                    filledOrders == 0 ? null : firstFillSumNs / filledOrders);
            m.put("orders_queued", queued);
            m.put("mean_queue_time_ns", queued == 0 ? null : queueSumNs / queued);
            return m;
        }
    }

    /** The report as JSON-ready maps: {@code orders}, {@code totals}, {@code calibration}. */
    public Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("report", "shadow");
        root.put("orders_released", orders.size());
        root.put("shadow_records", shadowRecords);
        root.put(
                "slippage_note",
                "slippage = side x (live avg price - paper avg price) x min(live filled, paper"
                        + " filled), settlement currency, rounded once half away from zero;"
                        + " positive: live filled worse than the paper venue");
        List<Object> perOrder = new ArrayList<>();
        Map<Integer, Totals> totals = new TreeMap<>();
        for (Order o : orders.values()) {
            Instrument i = instrument(o.instrumentId);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("order_id", o.id);
            m.put("instrument", i.symbol());
            m.put("side", Side.name(o.side));
            m.put("qty", qty(i, o.qty));
            m.put("limit_px", i.format(o.limitPx));
            m.put("released_ns", o.releaseNs);
            m.put("live", side(i, o, o.live));
            m.put("paper", side(i, o, o.paper));
            Long slip = slippage(i, o);
            m.put("slippage", slip == null ? null : Money.format(i, slip));
            m.put("currency", i.settlementCurrency());
            perOrder.add(m);
            Totals t = totals.computeIfAbsent(o.instrumentId, k -> new Totals());
            t.orders++;
            t.qty += o.qty;
            t.live.add(o, o.live);
            t.paper.add(o, o.paper);
            if (slip != null) {
                t.bothFilled++;
                t.slippage += slip;
            } else if (i.units().type() == Instrument.ContractType.INVERSE) {
                t.slippageKnown = false;
            }
        }
        Map<String, Object> byInstrument = new LinkedHashMap<>();
        for (Map.Entry<Integer, Totals> e : totals.entrySet()) {
            Instrument i = instrument(e.getKey());
            Totals t = e.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("orders", t.orders);
            m.put("qty", qty(i, t.qty));
            m.put("live", t.live.json(i, t.qty));
            m.put("paper", t.paper.json(i, t.qty));
            m.put("orders_both_filled", t.bothFilled);
            m.put(
                    "slippage",
                    t.slippageKnown
                            ? Money.format(i, t.slippage)
                            : "not computed: inverse contract");
            m.put("currency", i.settlementCurrency());
            byInstrument.put(i.symbol(), m);
        }
        root.put("totals", byInstrument);
        root.put("orders", perOrder);
        root.put("calibration", calibration());
        return root;
    }

    private Map<String, Object> calibration() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int c = 0; c < candidates.size(); c++) {
            Map<Long, Outcome> sim = simulated.get(c);
            double ratioErr = 0;
            double pxErrTicks = 0;
            double timeErrNs = 0;
            int n = 0;
            int both = 0;
            for (Order o : orders.values()) {
                Instrument i = instrument(o.instrumentId);
                Outcome p = sim.getOrDefault(o.id, new Outcome());
                n++;
                ratioErr += Math.abs(p.filled - o.live.filled) / (double) o.qty;
                if (p.filled > 0 && o.live.filled > 0) {
                    both++;
                    double lp = new BigDecimal(o.live.pxQty).doubleValue() / o.live.filled;
                    double pp = new BigDecimal(p.pxQty).doubleValue() / p.filled;
                    double tick = Math.max(1, i.tickSize());
                    pxErrTicks += Math.abs(lp - pp) / tick;
                    timeErrNs +=
                            Math.abs(
                                    (double) (p.firstFillNs - o.releaseNs)
                                            - (o.live.firstFillNs - o.releaseNs));
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            Candidate cand = candidates.get(c);
            row.put("setting", cand.name());
            row.put("queue_model", cand.queueModel().configName());
            row.put(
                    "trade_through",
                    cand.tradeThrough() == PaperGateway.TradeThrough.PENETRATION
                            ? "penetration " + cand.penetrationTicks()
                            : cand.tradeThrough().configName());
            row.put("latency_ns", cand.latencyNs());
            row.put("fill_ratio_error", n == 0 ? 0.0 : round(ratioErr / n, 4));
            row.put("price_error_ticks", both == 0 ? 0.0 : round(pxErrTicks / both, 3));
            row.put("time_to_first_fill_error_ns", both == 0 ? 0L : Math.round(timeErrNs / both));
            row.put("orders_both_filled", both);
            rows.add(row);
        }
        List<Map<String, Object>> ranked = new ArrayList<>(rows);
        ranked.sort(
                Comparator.<Map<String, Object>>comparingDouble(
                                r -> (Double) r.get("fill_ratio_error"))
                        .thenComparingDouble(r -> (Double) r.get("price_error_ticks"))
                        .thenComparingLong(r -> (Long) r.get("time_to_first_fill_error_ns")));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "method",
                "each setting re-simulates the paper venue over the journal's market data, orders"
                        + " and cancels; ranked by mean |fill ratio - live| (to 1e-4), then mean"
                        + " |avg price - live| in ticks (to 1e-3), then mean |time to first fill -"
                        + " live|");
        m.put("best", ranked.isEmpty() ? null : ranked.get(0).get("setting"));
        m.put("ranked", ranked);
        return m;
    }

    private static double round(double v, int decimals) {
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    /**
     * The report as text: totals per instrument, then up to {@code maxOrders} orders, then the best
     * settings.
     */
    public String text(int maxOrders) {
        Map<String, Object> j = json();
        StringBuilder b = new StringBuilder();
        b.append("shadow report: ")
                .append(orders.size())
                .append(" orders released, ")
                .append(shadowRecords)
                .append(" paper reports (SHADOW_EXEC)\n");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> totals =
                (Map<String, Map<String, Object>>) j.get("totals");
        for (Map.Entry<String, Map<String, Object>> e : totals.entrySet()) {
            Map<String, Object> t = e.getValue();
            b.append(e.getKey())
                    .append(": ")
                    .append(na(t.get("orders")))
                    .append(" orders, qty ")
                    .append(na(t.get("qty")))
                    .append(", slippage ")
                    .append(na(t.get("slippage")))
                    .append(' ')
                    .append(na(t.get("currency")))
                    .append(" over ")
                    .append(na(t.get("orders_both_filled")))
                    .append(" orders both filled\n");
            for (String s : List.of("live", "paper")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> x = (Map<String, Object>) t.get(s);
                b.append(
                        String.format(
                                "  %-5s filled %s (ratio %s) avg px %s fees %s; first fill after %s ns on"
                                        + " average; queue time %s ns on average over %s orders%n",
                                s,
                                na(x.get("filled")),
                                na(x.get("fill_ratio")),
                                na(x.get("avg_px")),
                                na(x.get("fees")),
                                na(x.get("mean_time_to_first_fill_ns")),
                                na(x.get("mean_queue_time_ns")),
                                na(x.get("orders_queued"))));
            }
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> per = (List<Map<String, Object>>) j.get("orders");
        b.append("order        side  qty  live filled@avg  paper filled@avg  slippage\n");
        for (int k = 0; k < per.size() && k < maxOrders; k++) {
            Map<String, Object> o = per.get(k);
            @SuppressWarnings("unchecked")
            Map<String, Object> l = (Map<String, Object>) o.get("live");
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) o.get("paper");
            b.append(
                    String.format(
                            "%-12s %-5s %s  %s@%s  %s@%s  %s%n",
                            na(o.get("order_id")),
                            na(o.get("side")),
                            na(o.get("qty")),
                            na(l.get("filled")),
                            na(l.get("avg_px")),
                            na(p.get("filled")),
                            na(p.get("avg_px")),
                            na(o.get("slippage"))));
        }
        if (per.size() > maxOrders) {
            b.append("... ")
                    .append(per.size() - maxOrders)
                    .append(" more orders (--json lists all)\n");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> cal = (Map<String, Object>) j.get("calibration");
        b.append("best matching paper setting: ").append(na(cal.get("best"))).append('\n');
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ranked = (List<Map<String, Object>>) cal.get("ranked");
        for (int k = 0; k < ranked.size() && k < 5; k++) {
            Map<String, Object> r = ranked.get(k);
            b.append(
                    String.format(
                            "  %d. %s: fill ratio error %s, price error %s ticks, first-fill time error %s ns%n",
                            k + 1,
                            na(r.get("setting")),
                            na(r.get("fill_ratio_error")),
                            na(r.get("price_error_ticks")),
                            na(r.get("time_to_first_fill_error_ns"))));
        }
        return b.toString();
    }

    private static Object na(Object v) {
        return v == null ? "n/a" : v;
    }

    /** {@link #json()} as one line of JSON. */
    public String jsonLine() {
        return Json.of(json());
    }
}
