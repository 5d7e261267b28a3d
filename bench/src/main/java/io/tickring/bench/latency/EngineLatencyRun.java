package io.tickring.bench.latency;

import io.tickring.adapters.sim.MarketSimulator;
import io.tickring.adapters.sim.SimConfig;
import io.tickring.core.EventType;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.Engine;
import io.tickring.engine.config.ConfigLoader;
import io.tickring.engine.config.ConfigOverride;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.ThreadConfig;
import io.tickring.engine.ingress.EventQueue;
import io.tickring.engine.ingress.QueueSource;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.ring.Stage;
import io.tickring.engine.stage.model.MicropriceRule;
import io.tickring.engine.stage.model.OnnxScorer;
import io.tickring.engine.stage.model.Scorer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One open-loop run of the real engine at one rate: builds the engine from the configuration the
 * way the run commands do (its ring, thread layout, stage contexts, paper venue), with a Chronicle
 * journal in a temporary directory, the Sequencer in arrival order fed by an ingress queue, and a
 * {@link MarketInjector} sending on a fixed schedule; times every stage and every released order;
 * then checks the final state.
 */
final class EngineLatencyRun {
    static final List<String> STAGES =
            List.of("journal", "features", "model", "strategy", "risk", "router");

    /** What one run measured and checked. */
    static final class Outcome {
        final Map<String, LatencySeries> series = new LinkedHashMap<>();
        final Map<String, Object> counts = new LinkedHashMap<>();

        /** The first failed final-state check, or null. */
        String failure;

        /** With the model on: the scorer, still open, for the bare ONNX baseline; else null. */
        OnnxScorer onnx;

        LatencySeries get(String name) {
            return series.get(name);
        }
    }

    private EngineLatencyRun() {}

    /** The configuration the options ask for: the file or the default, with the model choice. */
    static EngineConfig config(LatencyOptions o) {
        List<ConfigOverride> overrides = new ArrayList<>();
        if (!o.model) {
            overrides.add(new ConfigOverride("model.kind", "microprice-rule", "--model off"));
        }
        return o.config == null
                ? ConfigLoader.loadDefault(System.getenv(), overrides)
                : ConfigLoader.load(o.config, System.getenv(), overrides);
    }

    static List<Engine.ThreadSpec> threads(EngineConfig cfg, LatencyOptions o) {
        List<Engine.ThreadSpec> threads = new ArrayList<>();
        String defaultIdle = o.idle == null ? "backoff" : o.idle;
        switch (o.layout) {
            case "per-stage" -> {
                for (String s : STAGES) {
                    threads.add(new Engine.ThreadSpec(s, List.of(s), defaultIdle, -1));
                }
            }
            case "two-threads" -> {
                threads.add(new Engine.ThreadSpec("journal", List.of("journal"), defaultIdle, -1));
                threads.add(
                        new Engine.ThreadSpec(
                                "decision", STAGES.subList(1, STAGES.size()), defaultIdle, -1));
            }
            default -> {
                for (ThreadConfig t : cfg.threads()) {
                    String idle =
                            o.idle != null
                                    ? o.idle
                                    : t.idle().name().toLowerCase(Locale.ROOT).replace('_', '-');
                    threads.add(new Engine.ThreadSpec(t.name(), t.stages(), idle, t.cpu()));
                }
            }
        }
        return threads;
    }

    /** The thread layout in words, for the output. */
    static String describeLayout(List<Engine.ThreadSpec> threads, boolean inline) {
        if (inline) {
            return "inline: Sequencer and every stage on one thread";
        }
        StringBuilder b = new StringBuilder("Sequencer");
        for (Engine.ThreadSpec t : threads) {
            b.append(" | ")
                    .append(t.name())
                    .append(": ")
                    .append(String.join(",", t.stages()))
                    .append(" (")
                    .append(t.idle())
                    .append(t.cpu() >= 0 ? ", cpu " + t.cpu() : ", unpinned")
                    .append(')');
        }
        return b.toString();
    }

    static List<Instrument> simInstruments(EngineConfig cfg) {
        List<Instrument> list = new ArrayList<>();
        for (String symbol : cfg.source().sim().instruments()) {
            Instrument i = cfg.instruments().bySymbol(symbol);
            if (i == null) {
                throw new IllegalArgumentException(
                        cfg.sourceName() + ": source.sim.instruments: unknown symbol " + symbol);
            }
            list.add(i);
        }
        return list;
    }

    static MarketSimulator simulator(EngineConfig cfg, long rate) {
        List<Instrument> instruments = simInstruments(cfg);
        return new MarketSimulator(
                SimConfig.defaults(
                        cfg.run().seed(),
                        instruments,
                        cfg.source().sim().levels(),
                        Math.max(1.0, rate / (double) instruments.size()),
                        HarnessClock.now()));
    }

    /**
     * Runs the engine at {@code rate} (0: as fast as it takes them) for {@code warmupEvents} not
     * counted and then {@code measuredEvents}.
     *
     * @param logDir where the series' logs go (created), or null
     * @param journalDir an empty directory for the engine's journal
     */
    static Outcome run(
            LatencyOptions o,
            long rate,
            long warmupEvents,
            long measuredEvents,
            Path logDir,
            Path journalDir,
            PrintStream text)
            throws Exception {
        EngineConfig cfg = config(o);
        Outcome out = new Outcome();
        long startMs = System.currentTimeMillis();
        List<String> names = new ArrayList<>(List.of("tick_to_order", "tick_to_router"));
        if (o.model) {
            names.add("tick_to_router_scored");
        }
        for (String s : STAGES.subList(0, STAGES.size() - 1)) {
            names.add("stage." + s);
        }
        names.add("journal_append");
        names.add("model_inference");
        names.add("send_lag");
        for (String n : names) {
            out.series.put(n, new LatencySeries(n, logDir, startMs));
        }
        Scorer scorer;
        if (o.model) {
            out.onnx = new OnnxScorer(cfg.model(), cfg.instruments().all());
            scorer = out.onnx;
        } else {
            scorer = new MicropriceRule();
        }
        List<Engine.ThreadSpec> threads = threads(cfg, o);
        boolean inline = o.layout.equals("inline");
        out.counts.put("layout", describeLayout(threads, inline));
        out.counts.put("model", scorer.describe());

        EventQueue ingress = EventQueue.oneToOne("bench-ingress", 1 << 22);
        long start;
        OpenLoopSchedule schedule;
        long total = warmupEvents + measuredEvents;
        MarketInjector injector =
                new MarketInjector(
                        simulator(cfg, Math.max(rate, 100_000)),
                        ingress,
                        total,
                        out.get("send_lag"));
        Map<String, TimedStage> timed = new LinkedHashMap<>();
        MeasureWindow window = new MeasureWindow();
        // --overlay on: the sentiment overlay asking a local LLM server beside the ring.
        BenchOverlay overlay =
                o.overlay
                        ? new BenchOverlay(cfg, o.warmupNs + o.durationNs, HarnessClock.now())
                        : null;
        QueueSource market = new QueueSource(ingress, injector::isFinished);
        TimedGateway[] gateway = new TimedGateway[1];
        Engine engine =
                new Engine.Builder()
                        .ringSize(cfg.ring().size())
                        .threads(threads)
                        .inline(inline)
                        .instruments(cfg.instruments().all(), cfg.instruments())
                        .paper(cfg.paper())
                        .timerPeriodNs(cfg.timer().periodNs())
                        .blockSize(cfg.journal().blockSizeBytes())
                        .strategy(cfg.strategy())
                        .risk(cfg.risk())
                        .scorer(scorer)
                        .policy(Sequencer.Policy.ARRIVAL)
                        .source(overlay == null ? market : overlay.wrap(market))
                        .session("{\"command\":\"bench latency\"}", HarnessClock.now())
                        .inputJournal(journalDir)
                        .outputJournal(journalDir)
                        .stageDecorator(
                                s -> {
                                    TimedStage t = timedStage(s, window, out, o.model);
                                    timed.put(s.name(), t);
                                    return t;
                                })
                        .gatewayDecorator(
                                g ->
                                        gateway[0] =
                                                new TimedGateway(
                                                        g, window, out.get("tick_to_order")))
                        .build();
        Thread injectorThread = new Thread(injector, "bench-injector");
        injectorThread.setDaemon(true);
        long drained;
        try {
            engine.start();
            if (overlay != null) {
                overlay.start(journalDir);
            }
            // Let the stage threads come up before the first planned send time.
            Thread.sleep(50);
            start = System.nanoTime() + 1_000_000;
            schedule = new OpenLoopSchedule(start, rate);
            injector.schedule(schedule, warmupEvents);
            window.from(
                    warmupEvents == 0
                            ? Long.MIN_VALUE
                            : HarnessClock.toEpoch(schedule.planned(warmupEvents)));
            injectorThread.start();
            long nextStatus = System.nanoTime() + 5_000_000_000L;
            while (!injector.isFinished() && !engine.isDone()) {
                Thread.sleep(1000);
                out.series.values().forEach(LatencySeries::sample);
                if (System.nanoTime() >= nextStatus) {
                    nextStatus += 5_000_000_000L;
                    text.printf(
                            Locale.ROOT,
                            "  ... %d of %d events sent, %d through the router%n",
                            injector.sent(),
                            total,
                            timed.get("router").marketEvents());
                }
            }
            if (engine.failure() != null) {
                injector.requestStop();
            }
            injectorThread.join(10_000);
            long drainStart = System.nanoTime();
            if (!engine.awaitDone(120_000)) {
                engine.fail("bench latency: the engine did not drain within 120 s");
                out.failure =
                        "the engine did not drain within 120 s: "
                                + timed.get("router").marketEvents()
                                + " of "
                                + injector.sent()
                                + " ticks through the router";
            }
            drained = System.nanoTime() - drainStart;
        } finally {
            injector.requestStop();
            if (overlay != null) {
                overlay.close();
            }
            engine.close();
        }
        if (overlay != null) {
            out.counts.put("overlay_sentiment_events", overlay.published());
            out.counts.put("overlay_llm_calls", overlay.calls());
        }
        // The stage threads are joined: every value they recorded is visible.
        out.series.values().forEach(LatencySeries::sample);
        Engine.Result r = engine.result();
        long sent = injector.sent();
        long published =
                engine.sequencer().published(EventType.BOOK)
                        + engine.sequencer().published(EventType.TRADE)
                        + engine.sequencer().published(EventType.QUOTE);
        out.counts.put("rate_per_s", rate);
        out.counts.put("ticks_planned", total);
        out.counts.put("ticks_sent", sent);
        out.counts.put("ticks_warmup", warmupEvents);
        out.counts.put("ingress_full_retries", injector.fullRetries());
        out.counts.put("events_published", r.events());
        out.counts.put("events_journaled", engine.journalStage().lastWritten() + 1);
        Map<String, Object> perStage = new LinkedHashMap<>();
        for (Map.Entry<String, TimedStage> e : timed.entrySet()) {
            perStage.put(e.getKey(), e.getValue().marketEvents());
        }
        out.counts.put("ticks_per_stage", perStage);
        out.counts.put("decisions", r.decisions());
        out.counts.put("orders", r.orders());
        out.counts.put("orders_released", gateway[0] == null ? 0 : gateway[0].submitted());
        out.counts.put("orders_timed", gateway[0] == null ? 0 : gateway[0].timed());
        out.counts.put("fills", r.fills());
        out.counts.put("rejects", r.rejects());
        out.counts.put("drain_ms", drained / 1_000_000);
        out.counts.put("elapsed_ns", timed.get("router").lastEndNs() - HarnessClock.toEpoch(start));
        long clamped = 0;
        for (LatencySeries s : out.series.values()) {
            clamped += s.clamped();
        }
        out.counts.put("values_above_60s", clamped);
        if (out.failure == null) {
            out.failure = check(out, engine, r, total, sent, published, timed, gateway[0]);
        }
        for (LatencySeries s : out.series.values()) {
            s.close();
        }
        return out;
    }

    private static TimedStage timedStage(
            Stage s, MeasureWindow window, Outcome out, boolean model) {
        LatencySeries service =
                switch (s.name()) {
                    case "journal" -> out.get("journal_append");
                    case "model" -> out.get("model_inference");
                    default -> null;
                };
        LatencySeries scored =
                model && s.name().equals("router") ? out.get("tick_to_router_scored") : null;
        LatencySeries sincePlanned =
                s.name().equals("router")
                        ? out.get("tick_to_router")
                        : out.get("stage." + s.name());
        return new TimedStage(s, window, sincePlanned, service, scored);
    }

    /** The final-state checks; the first that fails, or null. */
    private static String check(
            Outcome out,
            Engine engine,
            Engine.Result r,
            long planned,
            long sent,
            long published,
            Map<String, TimedStage> timed,
            TimedGateway gateway) {
        if (engine.failure() != null) {
            return "the engine failed: " + engine.failure();
        }
        if (r.error() != null) {
            return "the engine failed: " + r.error();
        }
        if (sent != planned) {
            return "the injector sent " + sent + " of " + planned + " planned ticks";
        }
        if (published != sent) {
            return "the Sequencer published " + published + " of " + sent + " ticks sent";
        }
        for (Map.Entry<String, TimedStage> e : timed.entrySet()) {
            if (e.getValue().marketEvents() != sent) {
                return "stage "
                        + e.getKey()
                        + " handled "
                        + e.getValue().marketEvents()
                        + " of "
                        + sent
                        + " ticks";
            }
        }
        long journaled = engine.journalStage().lastWritten() + 1;
        if (journaled != r.events()) {
            return "the journal wrote " + journaled + " of " + r.events() + " events published";
        }
        if (gateway == null || gateway.submitted() != r.orders()) {
            return "the venue saw "
                    + (gateway == null ? 0 : gateway.submitted())
                    + " orders where the router counted "
                    + r.orders();
        }
        if (r.orders() == 0) {
            return "no orders: the strategy never traded in " + sent + " ticks";
        }
        return null;
    }
}
