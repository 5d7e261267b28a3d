package io.tickring.engine.report;

import io.tickring.core.EventType;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** The capital returns are measured against when none is given, in settlement currency. */
    public static final double DEFAULT_CAPITAL = 100_000;

    private static final String RESOURCES = "/io/tickring/engine/report/";

    /** uPlot's files in the WebJar {@code org.webjars.npm:uplot} (a dependency of this module). */
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";

    private final Map<String, Object> json;

    private Report(Map<String, Object> json) {
        this.json = json;
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
        Latency feed = new Latency();
        Latency venue = new Latency();
        Map<Long, Long> released = new HashMap<>();
        try (RecordReader in = new RecordReader(JournalPaths.in(journal));
                RecordReader out = new RecordReader(JournalPaths.out(journal))) {
            RingEvent e = new RingEvent();
            InputCodec.Decoder decoder = new InputCodec.Decoder();
            OutputRecord o = new OutputRecord();
            boolean outPending = nextOut(out, o);
            while (in.next()) {
                decoder.decode(in.buffer(), 0, in.length(), e, in.where());
                onInput(e, m, feed, venue, released);
                // out/ records carry the sequence of the input that caused them
                while (outPending && o.sequence <= e.sequence) {
                    onOutput(o, m, released);
                    outPending = nextOut(out, o);
                }
            }
            while (outPending) {
                onOutput(o, m, released);
                outPending = nextOut(out, o);
            }
        }
        Map<String, Object> metrics = m.metrics();
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
                        + " (--capital)");
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

    /** A latency distribution in power-of-two microsecond buckets, with percentiles. */
    static final class Latency {
        private final TreeMap<Integer, Long> buckets = new TreeMap<>();
        private final List<Long> all = new ArrayList<>();

        void add(long ns) {
            if (ns < 0) {
                return; // not a latency: the source stamped no receive time
            }
            long us = ns / 1000;
            int b = us == 0 ? 0 : 64 - Long.numberOfLeadingZeros(us);
            buckets.merge(b, 1L, Long::sum);
            if (all.size() < 1 << 20) {
                all.add(ns);
            }
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", (long) all.size());
            List<Long> sorted = new ArrayList<>(all);
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
            for (Map.Entry<Integer, Long> e : buckets.entrySet()) {
                upper.add(1L << e.getKey());
                counts.add(e.getValue());
            }
            m.put("bucket_upper_us", upper);
            m.put("bucket_count", counts);
            return m;
        }
    }
}
