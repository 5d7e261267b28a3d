package io.tickring.engine.report;

import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.OutputCodec;
import io.tickring.core.codec.OutputRecord;
import io.tickring.core.instrument.Instrument;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A backtest's report: reads the backtest's own journal (its {@code in/} market data and execution
 * reports, its {@code out/} decisions, verdicts and orders) into {@link BacktestMetrics}, and
 * writes {@code report.json} and a self-contained {@code report.html} (uPlot and the data inlined;
 * it opens offline). Callable once per variant. Deterministic: the same journal and parameters give
 * a byte-identical {@code report.json} and {@code report.html}. Off the hot path: it runs after the
 * engine has stopped.
 */
public final class Report {
    /**
     * The capital returns are measured against when none is given, in the settlement currency: only
     * when that is one fiat or USD-pegged stable currency ({@link #defaultCapital}).
     */
    public static final double DEFAULT_CAPITAL = 100_000;

    /**
     * Settlement currencies in which {@link #DEFAULT_CAPITAL} is a plausible account: fiat, and
     * stablecoins pegged to the US dollar. 100,000 BTC (a COIN-M contract settles in the coin)
     * would make every return meaningless.
     */
    static final Set<String> FIAT_OR_STABLE =
            Set.of(
                    "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "HKD", "CNY", "SGD", "USDT",
                    "USDC", "BUSD", "FDUSD", "TUSD", "DAI");

    private static final String RESOURCES = "/io/tickring/engine/report/";

    /** uPlot's files in the WebJar {@code org.webjars.npm:uplot} (a dependency of this module). */
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";

    private final Map<String, Object> json;

    private Report(Map<String, Object> json) {
        this.json = json;
    }

    /**
     * The capital to use when the user gave none: {@link #DEFAULT_CAPITAL} if every one of {@code
     * instruments} (those the journal trades) settles in the same fiat or stable currency.
     *
     * @throws IllegalArgumentException saying why no default is safe (a one-line reason)
     */
    public static double defaultCapital(java.util.Collection<Instrument> instruments) {
        java.util.TreeSet<String> currencies = new java.util.TreeSet<>();
        for (Instrument i : instruments) {
            currencies.add(i.settlementCurrency());
        }
        if (currencies.size() == 1 && FIAT_OR_STABLE.contains(currencies.first())) {
            return DEFAULT_CAPITAL;
        }
        if (currencies.isEmpty()) {
            throw new IllegalArgumentException("the journal names no instrument to settle in");
        }
        throw new IllegalArgumentException(
                "the journal's instruments settle in "
                        + String.join(", ", currencies)
                        + (currencies.size() > 1
                                ? ", more than one currency"
                                : ", not a fiat or USD-pegged stable currency")
                        + ": a default of "
                        + (long) DEFAULT_CAPITAL
                        + " would make the returns meaningless");
    }

    /**
     * Reads {@code journal} (a backtest's {@code --out} journal) and computes the report.
     *
     * @param title what was run, for the page's heading (e.g. the source journal)
     * @param capital starting capital in the settlement currency
     * @param labelHorizon book events ahead for the model's realised label
     * @param labelAlpha the label's threshold (relative mid move)
     */
    public static Report of(
            Path journal,
            List<Instrument> instruments,
            String title,
            double capital,
            int labelHorizon,
            double labelAlpha) {
        Map<Integer, Instrument> byId = new HashMap<>();
        for (Instrument i : instruments) {
            byId.put(i.id(), i);
        }
        BacktestMetrics m = new BacktestMetrics(byId, capital, labelHorizon, labelAlpha);
        Latency feed =
                new Latency(
                        "not recorded: the journal holds no market data (BOOK, QUOTE or TRADE)",
                        "not recorded: every market record carries one timestamp (receive time ="
                                + " exchange time, as LOBSTER and CSV imports and the simulator"
                                + " write them), so there is no receive time to measure against");
        Latency venue = new Latency("not recorded: no order was released", null);
        Map<Long, Long> released = new HashMap<>();
        Set<Long> cancelSent = new HashSet<>();
        long[] fillsAfterCancel = new long[1];
        try (RecordReader in = new RecordReader(JournalPaths.in(journal));
                RecordReader out = new RecordReader(JournalPaths.out(journal))) {
            RingEvent e = new RingEvent();
            InputCodec.Decoder decoder = new InputCodec.Decoder();
            OutputRecord o = new OutputRecord();
            boolean outPending = nextOut(out, o);
            while (in.next()) {
                decoder.decode(in.buffer(), 0, in.length(), e, in.where());
                onInput(e, m, feed, venue, released);
                if (e.type == EventType.EXEC_REPORT && !cancelSent.isEmpty()) {
                    fillsAfterCancel[0] += afterCancel(e, cancelSent);
                }
                // out/ records carry the sequence of the input that caused them
                while (outPending && o.sequence <= e.sequence) {
                    onOutput(o, m, released);
                    if (o.type == EventType.CANCEL) {
                        cancelSent.add(o.orderId);
                    }
                    outPending = nextOut(out, o);
                }
            }
            while (outPending) {
                onOutput(o, m, released);
                outPending = nextOut(out, o);
            }
        }
        Map<String, Object> metrics = m.metrics();
        metrics.put("fills_after_cancel", fillsAfterCancel[0]);
        Series s = m.series();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("report_version", 1);
        root.put("title", title);
        root.put(
                "capital_note",
                "returns are relative to a starting capital of "
                        + capital
                        + " "
                        + metrics.get("currency")
                        + " (--capital; without it "
                        + (long) DEFAULT_CAPITAL
                        + " when every instrument settles in one fiat or USD-pegged stable"
                        + " currency, else --capital is required)");
        root.put("metrics", metrics);
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put(
                "engine_stages",
                "not recorded: the journal holds no per-stage timings of the engine (features,"
                        + " model, strategy, risk, router)");
        lat.put("market_data_receive_minus_exchange", feed.json());
        lat.put("venue_order_to_first_report", venue.json());
        root.put("latency", lat);
        Map<String, Object> charts = new LinkedHashMap<>();
        charts.put(
                "downsampling",
                "each line keeps the minimum and maximum of each time bucket (at most "
                        + Series.BUCKETS
                        + " buckets, width doubling as needed); fills: one in "
                        + s.fillStride()
                        + " drawn");
        charts.put("equity", s.equity.json());
        charts.put("drawdown", s.drawdown.json());
        charts.put("position", s.position.json());
        int main = s.mainInstrument();
        Map<String, Object> price = new LinkedHashMap<>();
        Instrument mi = byId.get(main);
        price.put("instrument", mi == null ? "" : mi.symbol());
        Series.Line line = s.prices.get(main);
        price.put("mid", line == null ? new Series.Line().json() : line.json());
        List<Object> fills = new ArrayList<>();
        for (double[] f : s.fills.getOrDefault(main, List.of())) {
            fills.add(List.of(f[0], f[1], f[2]));
        }
        price.put("fills", fills);
        charts.put("price", price);
        root.put("charts", charts);
        return new Report(root);
    }

    /**
     * 1 if {@code e} fills an order a CANCEL was sent for before it (the venue's latency let the
     * fill win the race), else 0; a report that ends the order forgets the cancel.
     */
    private static int afterCancel(RingEvent e, Set<Long> cancelSent) {
        boolean fill = e.execType == ExecType.FILL || e.execType == ExecType.PARTIAL_FILL;
        boolean after = fill && cancelSent.contains(e.execOrderId);
        if (e.execType == ExecType.FILL
                || e.execType == ExecType.CANCELED
                || e.execType == ExecType.REJECTED) {
            cancelSent.remove(e.execOrderId);
        }
        return after ? 1 : 0;
    }

    private static boolean nextOut(RecordReader out, OutputRecord o) {
        if (!out.next()) {
            return false;
        }
        OutputCodec.decode(out.buffer(), 0, out.length(), o, out.where());
        return true;
    }

    private static void onInput(
            RingEvent e, BacktestMetrics m, Latency feed, Latency venue, Map<Long, Long> released) {
        switch (e.type) {
            case EventType.BOOK -> {
                feed.add(e.receiveTimeNs - e.exchangeTimeNs);
                if (e.levels > 0) {
                    m.onMark(e.instrumentId, e.exchangeTimeNs, e.bidPx[0], e.askPx[0], true);
                }
            }
            case EventType.QUOTE -> {
                feed.add(e.receiveTimeNs - e.exchangeTimeNs);
                m.onMark(e.instrumentId, e.exchangeTimeNs, e.quoteBidPx, e.quoteAskPx, false);
            }
            case EventType.TRADE -> feed.add(e.receiveTimeNs - e.exchangeTimeNs);
            case EventType.EXEC_REPORT -> {
                Long at = released.remove(e.execOrderId);
                if (at != null) {
                    venue.add(e.exchangeTimeNs - at);
                }
                m.onExecution(
                        e.instrumentId,
                        e.exchangeTimeNs,
                        e.execOrderId,
                        e.execType,
                        e.execSide,
                        e.execLastPx,
                        e.execLastQty,
                        e.execFee,
                        e.execRejectReason);
            }
            default -> {}
        }
    }

    private static void onOutput(OutputRecord o, BacktestMetrics m, Map<Long, Long> released) {
        switch (o.type) {
            case EventType.DECISION -> m.onDecision(o.instrumentId, o.pUp, o.pFlat, o.pDown);
            case EventType.RISK -> m.onRisk(o.verdict, o.reason);
            case EventType.ORDER -> {
                released.put(o.orderId, o.exchangeTimeNs);
                m.onOrder(o.orderId, o.orderType, o.exchangeTimeNs);
            }
            default -> {}
        }
    }

    /**
     * Says whether the run behind the report was stopped before the end of its input (Ctrl-C): the
     * key {@code "partial"} after {@code "report_version"}, and with it {@code "events_processed"},
     * the events the run published before it stopped.
     */
    public Report partial(boolean partial, long eventsProcessed) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : json.entrySet()) {
            root.put(e.getKey(), e.getValue());
            if (e.getKey().equals("report_version")) {
                root.put("partial", partial);
                if (partial) {
                    root.put("events_processed", eventsProcessed);
                }
            }
        }
        return new Report(root);
    }

    /** The report as JSON, keys in a fixed order. */
    public String json() {
        return Json.of(json);
    }

    /** The figures only (for a sweep's table). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> metrics() {
        return (Map<String, Object>) json.get("metrics");
    }

    /** The self-contained page: the template with uPlot's script and style and the data inlined. */
    public String html() {
        String page = resource(RESOURCES + "report-template.html");
        String js = resource(UPLOT + "uPlot.iife.min.js");
        String css = resource(UPLOT + "uPlot.min.css");
        return page.replace("/*UPLOT_CSS*/", css)
                .replace("/*UPLOT_JS*/", js.replace("</script", "<\\/script"))
                .replace("/*REPORT_DATA*/", json());
    }

    /** Writes {@code report.json} and {@code report.html} into {@code dir} (made if missing). */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"), json() + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(), StandardCharsets.UTF_8);
    }

    private static String resource(String name) {
        try (InputStream s = Report.class.getResourceAsStream(name)) {
            if (s == null) {
                throw new IllegalStateException(
                        name
                                + " is not on the class path: the engine's lib/ must hold the"
                                + " uPlot WebJar (org.webjars.npm:uplot:1.6.30)");
            }
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A latency distribution in power-of-two microsecond buckets, with percentiles, from the
     * differences of two timestamps the journal records. What it cannot measure it says, with the
     * reason, rather than show a distribution that is not one: no samples at all, or samples that
     * are all exactly 0 (a source that stamps one time as both, so nothing was measured). Negative
     * differences (a receiving clock behind the sending one) are counted and their minimum kept:
     * they are never silently dropped.
     */
    static final class Latency {
        private final TreeMap<Integer, Long> buckets = new TreeMap<>();
        private final List<Long> all = new ArrayList<>();
        private final String noSamples;
        private final String allZero;
        private long samples;
        private long zero;
        private long negative;
        private long minNs = Long.MAX_VALUE;

        /**
         * @param noSamples why there is nothing to show when nothing was added
         * @param allZero why there is nothing to show when every difference was 0, or null if 0 is
         *     a measured value
         */
        Latency(String noSamples, String allZero) {
            this.noSamples = noSamples;
            this.allZero = allZero;
        }

        void add(long ns) {
            samples++;
            minNs = Math.min(minNs, ns);
            if (ns == 0) {
                zero++;
            }
            if (ns < 0) {
                negative++; // counted and shown, not a latency the buckets can hold
                return;
            }
            long us = ns / 1000;
            int b = us == 0 ? 0 : 64 - Long.numberOfLeadingZeros(us);
            buckets.merge(b, 1L, Long::sum);
            if (all.size() < 1 << 20) {
                all.add(ns);
            }
        }

        /** Null if the distribution is a measurement, else why it is not recorded. */
        String notRecorded() {
            if (samples == 0) {
                return noSamples;
            }
            if (allZero != null && zero == samples) {
                return allZero;
            }
            return null;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            String reason = notRecorded();
            m.put("recorded", reason == null);
            m.put("not_recorded_reason", reason);
            m.put("samples", samples);
            m.put("count", reason == null ? samples - negative : 0L);
            m.put("negative_count", negative);
            m.put("min_us", samples == 0 ? null : minNs / 1000.0);
            m.put(
                    "note",
                    reason != null || negative == 0
                            ? null
                            : negative
                                    + " of "
                                    + samples
                                    + " differences are negative (down to "
                                    + minNs / 1000.0
                                    + " us): the receiving clock runs behind the sending one by"
                                    + " at least "
                                    + -minNs / 1000.0
                                    + " us. They are counted in negative_count and left out of"
                                    + " the percentiles and buckets, which cover the other "
                                    + (samples - negative)
                                    + " and include the same clock offset");
            List<Long> sorted = reason == null ? new ArrayList<>(all) : new ArrayList<>();
            sorted.sort(null);
            for (double p : new double[] {50, 90, 99, 99.9}) {
                String key = "p" + (p == Math.rint(p) ? String.valueOf((int) p) : "99_9") + "_us";
                m.put(
                        key,
                        sorted.isEmpty()
                                ? null
                                : sorted.get(
                                                (int)
                                                        Math.min(
                                                                sorted.size() - 1,
                                                                Math.ceil(p / 100 * sorted.size())
                                                                        - 1))
                                        / 1000.0);
            }
            List<Long> upper = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            if (reason == null) {
                for (Map.Entry<Integer, Long> e : buckets.entrySet()) {
                    upper.add(1L << e.getKey());
                    counts.add(e.getValue());
                }
            }
            m.put("bucket_upper_us", upper);
            m.put("bucket_count", counts);
            return m;
        }
    }
}
