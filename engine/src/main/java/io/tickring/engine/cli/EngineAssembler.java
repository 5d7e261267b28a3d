package io.tickring.engine.cli;

import io.tickring.adapters.sim.MarketSimulator;
import io.tickring.adapters.sim.SimConfig;
import io.tickring.core.SessionRecord;
import io.tickring.core.codec.RecordHeader;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.Engine;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.Mode;
import io.tickring.engine.config.ThreadConfig;
import io.tickring.engine.ingress.EventQueue;
import io.tickring.engine.ingress.InputSource;
import io.tickring.engine.ingress.PacedSimulatorAgent;
import io.tickring.engine.ingress.QueueSource;
import io.tickring.engine.ingress.SimSource;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.stage.model.MicropriceRule;
import io.tickring.engine.stage.model.ModelException;
import io.tickring.engine.stage.model.OnnxScorer;
import io.tickring.engine.stage.model.Scorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * The composition root of the run commands: builds what the configuration asks for (the scorer, the
 * engine's builder with every stage's context, the market-data feed) and the SESSION record that
 * describes it. The commands add the source, the journals and the operator channel.
 */
final class EngineAssembler {
    static final String VERSION = versionOf();

    private EngineAssembler() {}

    private static String versionOf() {
        String v = EngineAssembler.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The scorer the configuration asks for. */
    static Scorer scorer(EngineConfig cfg) {
        String kind = cfg.model().kind();
        if (kind.equals("microprice-rule")) {
            return new MicropriceRule();
        }
        try {
            return new OnnxScorer(cfg.model(), cfg.instruments().all());
        } catch (ModelException e) {
            throw new UsageException(cfg.sourceName() + ": " + e.getMessage());
        }
    }

    /**
     * Refuses a scorer whose model digest differs from the one the journal recorded: one line
     * naming both digests and the files the current one covers.
     */
    static void requireRecordedModel(
            java.nio.file.Path journal, SessionRecord session, Scorer scorer, String command) {
        if (session.modelSha256() == null || session.modelSha256().equals(scorer.digest())) {
            return;
        }
        String files = scorer.files().isEmpty() ? scorer.describe() : scorer.files();
        throw new UsageException(
                journal
                        + ": recorded with model "
                        + session.modelKind()
                        + " SHA-256 "
                        + session.modelSha256()
                        + ", but "
                        + files
                        + " now has SHA-256 "
                        + scorer.digest()
                        + "; "
                        + command
                        + " needs the same model files"
                        + (command.equals("backtest")
                                ? " (or name one with --model to run a what-if)"
                                : ""));
    }

    /**
     * An engine builder with everything the configuration decides; the caller adds source and
     * journals.
     */
    static Engine.Builder builder(EngineConfig cfg, Scorer scorer) {
        List<Engine.ThreadSpec> threads = new ArrayList<>();
        for (ThreadConfig t : cfg.threads()) {
            threads.add(
                    new Engine.ThreadSpec(
                            t.name(),
                            t.stages(),
                            t.idle().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                            t.cpu()));
        }
        boolean inline = cfg.run().drive().inline(cfg.run().mode());
        return new Engine.Builder()
                .ringSize(inline ? inlineRingSize(cfg.ring().size()) : cfg.ring().size())
                .maxLagNs(cfg.ring().maxLagNs())
                .threads(threads)
                .instruments(cfg.instruments().all(), cfg.instruments())
                .paper(cfg.paper())
                .timerPeriodNs(cfg.timer().periodNs())
                .blockSize(cfg.journal().blockSizeBytes())
                .strategy(cfg.strategy())
                .risk(cfg.risk())
                .scorer(scorer)
                .inline(inline);
    }

    /** The most slots an inline engine's ring gets. */
    static final int INLINE_RING_SLOTS = 1024;

    /**
     * The ring size of an inline engine (a backtest, a sim run): {@code ring.size} capped at
     * {@value #INLINE_RING_SLOTS}. On one thread the Sequencer publishes at most 256 events per
     * duty cycle and the stages take them before it runs again, so slots beyond that only spread
     * consecutive events over more memory: the default 65,536 slots of ~1.3 KB are 85 MB that each
     * event meets cold, 1,024 slots (1.3 MB) stay in a core's L2. The ring's size changes no output
     * record (the merge and the stages see the same events in the same order), and the SESSION
     * record keeps the configured value.
     */
    static int inlineRingSize(int configured) {
        return Math.min(configured, INLINE_RING_SLOTS);
    }

    /**
     * The SESSION record's JSON for a run of {@code cfg}: what a journal needs to be replayed on
     * its own.
     *
     * @param extra further string fields, in order (e.g. {@code source})
     */
    static String sessionJson(
            String command, EngineConfig cfg, Scorer scorer, Map<String, Object> extra) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            fields.put(e.getKey(), String.valueOf(e.getValue()));
        }
        return new SessionRecord(
                        VERSION,
                        RecordHeader.SCHEMA_VERSION,
                        command,
                        cfg.run().mode().name().toLowerCase(Locale.ROOT),
                        cfg.run().seed(),
                        cfg.digest(),
                        scorer.describe(),
                        scorer.digest(),
                        fields,
                        cfg.toJson())
                .toJson();
    }

    /**
     * The live FIX gateway of {@code cfg} for a run journaled in {@code journal}: its session store
     * and message log in {@code journal/fix}, its ClOrdIDs tagged with the run's start time ({@code
     * io.tickring.adapters.fix.ClOrdIds}), its credentials from the environment.
     */
    static io.tickring.adapters.fix.FixGateway fixGateway(
            EngineConfig cfg,
            java.nio.file.Path journal,
            long runStartNs,
            long recoveredRecords,
            int generation,
            io.tickring.core.EventPublisher reports,
            io.tickring.core.KillSwitch killSwitch) {
        io.tickring.engine.config.GatewayConfig.Fix f = cfg.gateway().fix();
        io.tickring.adapters.fix.FixContext c =
                new io.tickring.adapters.fix.FixContext()
                        .host(f.host())
                        .port(f.port())
                        .senderCompId(f.senderCompId())
                        .targetCompId(f.targetCompId())
                        .heartbeatSeconds(f.heartbeatSeconds())
                        .reconnectSeconds(f.reconnectSeconds())
                        .account(f.account())
                        .messageLog(f.messageLog())
                        .massStatus(f.massStatus())
                        .ackTimeoutMs(f.ackTimeoutMs())
                        .statusTimeoutMs(f.statusTimeoutMs())
                        .recoveredRecords(recoveredRecords)
                        .generation(generation)
                        .sessionDir(journal.resolve("fix"))
                        .runTag(io.tickring.adapters.fix.FixGateway.runTag(runStartNs))
                        .username(cfg.secrets().fixUsername().orElse(""))
                        .password(cfg.secrets().fixPassword().orElse(""));
        try {
            return new io.tickring.adapters.fix.FixGateway(
                    c, reports, cfg.instruments().all(), killSwitch);
        } catch (io.tickring.core.ParameterException e) {
            throw new UsageException(cfg.sourceName() + ": " + e.getMessage());
        }
    }

    /** A source for a fresh run of the configuration, and the adapter thread behind it, if any. */
    static final class Feed {
        final InputSource source;
        final Sequencer.Policy policy;
        final long startTimeNs;
        private final Runnable onStart;
        private final Runnable onStop;
        private final Runnable onClose;
        private final java.util.function.LongSupplier dropped;

        /** Whether the feed's connection is up, for {@code /metrics}; a simulator always is. */
        java.util.function.BooleanSupplier connected = () -> true;

        /** The sentiment overlay's counters, or null when the overlay is off. */
        io.tickring.engine.overlay.OverlayCounters overlay;

        /** The feed's connection figures for the summary (live feeds), else empty. */
        private java.util.function.Supplier<Map<String, Object>> health = Map::of;

        /** Why the run failed through the feed (it never connected), else null. */
        private java.util.function.Supplier<String> failure = () -> null;

        Feed(
                InputSource source,
                Sequencer.Policy policy,
                long startTimeNs,
                Runnable onStart,
                Runnable onStop,
                Runnable onClose,
                java.util.function.LongSupplier dropped) {
            this.source = source;
            this.policy = policy;
            this.startTimeNs = startTimeNs;
            this.onStart = onStart;
            this.onStop = onStop;
            this.onClose = onClose;
            this.dropped = dropped;
        }

        void start() {
            onStart.run();
        }

        void stop() {
            onStop.run();
        }

        /** The live feed's connection figures for the summary: empty for the simulator. */
        Map<String, Object> health() {
            return health.get();
        }

        /**
         * Why the run must not end as a success because of its feed (a live feed that never
         * connected, in one line), or null.
         */
        String failure() {
            return failure.get();
        }

        /** Events the adapter had to drop because the engine's ingress queue was full. */
        long dropped() {
            return dropped.getAsLong();
        }

        void close() {
            onClose.run();
        }
    }

    /**
     * The configured market-data feed: the simulator (paced or as fast as possible) or the live
     * Binance feed.
     */
    static Feed feed(EngineConfig cfg) {
        if (cfg.source().kind().equals("binance")) {
            return binanceFeed(cfg);
        }
        return simulatorFeed(cfg);
    }

    private static Feed binanceFeed(EngineConfig cfg) {
        if (cfg.run().mode() != Mode.LIVE) {
            throw new UsageException(
                    cfg.sourceName() + ": source.kind: binance is a live feed; set run.mode: live");
        }
        io.tickring.engine.config.BinanceSourceConfig b = cfg.source().binance();
        EventQueue queue = EventQueue.oneToOne("binance", 1 << 22);
        io.tickring.adapters.binance.BinanceFeed.Config feedConfig =
                new io.tickring.adapters.binance.BinanceFeed.Config()
                        .baseUrl(b.url())
                        .streams(b.streams().toArray(new String[0]))
                        .quantityScale(
                                b.quantityScale()
                                                == io.tickring.engine.config.BinanceSourceConfig
                                                        .REGISTRY_QTY_SCALE
                                        ? io.tickring.adapters.binance.BinanceDecoder
                                                .REGISTRY_QTY_SCALE
                                        : b.quantityScale())
                        .market(
                                b.market()
                                                .equals(
                                                        io.tickring.engine.config
                                                                .BinanceSourceConfig.REGISTRY)
                                        ? null
                                        : io.tickring.adapters.binance.BinanceMarket.parse(
                                                b.market()))
                        .snapshotLimit(b.snapshotLimit())
                        .bookDepth(b.depth())
                        .staleAfterMs(Math.max(1, b.staleAfterNs() / 1_000_000))
                        .seed(cfg.run().seed());
        if (!b.restUrl().isEmpty()) {
            feedConfig.restBaseUrl(b.restUrl());
        }
        io.tickring.adapters.binance.BinanceFeed feed =
                new io.tickring.adapters.binance.BinanceFeed(feedConfig, cfg.instruments(), queue);
        java.util.concurrent.atomic.AtomicBoolean stopped =
                new java.util.concurrent.atomic.AtomicBoolean();
        long durationNs = cfg.run().durationNs();
        long start = System.currentTimeMillis() * 1_000_000L;
        // The run's clock starts when the feed does, not when it was built: building and starting
        // the
        // engine can take seconds on a loaded machine.
        java.util.concurrent.atomic.AtomicLong deadline =
                new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        Runnable onStart =
                () -> {
                    if (durationNs > 0) {
                        deadline.set(System.currentTimeMillis() * 1_000_000L + durationNs);
                    }
                    feed.start();
                };
        java.util.function.BooleanSupplier finished =
                () -> stopped.get() || System.currentTimeMillis() * 1_000_000L >= deadline.get();
        Feed f =
                new Feed(
                        new QueueSource(queue, finished),
                        Sequencer.Policy.ARRIVAL,
                        start,
                        onStart,
                        () -> stopped.set(true),
                        feed::close,
                        () -> feed.counters().queueFull());
        f.health =
                () -> {
                    io.tickring.adapters.binance.FeedCounters c = feed.counters();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("connected", feed.isConnected());
                    m.put("connect_failures", c.connectFailures());
                    m.put("disconnects", c.disconnects());
                    m.put("stale", c.stale());
                    m.put("gaps", c.gaps());
                    m.put("reconnects", c.reconnects());
                    if (feed.lastFailure() != null) {
                        m.put("last_failure", feed.lastFailure());
                    }
                    return Map.of("feed", m);
                };
        // A feed that never connected ran nothing: the run says so and fails, however long it
        // retried.
        f.failure =
                () ->
                        feed.everConnected()
                                ? null
                                : "the binance feed never connected to "
                                        + feed.url()
                                        + (feed.counters().connectFailures() == 0
                                                ? " (its first attempt had not finished"
                                                : " ("
                                                        + feed.counters().connectFailures()
                                                        + " attempts failed")
                                        + (feed.lastFailure() != null
                                                ? ", last: " + feed.lastFailure()
                                                : "")
                                        + ")";
        f.connected = feed::isConnected;
        return f;
    }

    /**
     * {@code feed} with the sentiment overlay's SENTIMENT events in, when {@code overlay.enabled};
     * else {@code feed} itself. The overlay starts with the feed, after the engine has opened its
     * journal in {@code journalDir} (where its provenance file goes), and stops and closes with it.
     */
    static Feed withOverlay(EngineConfig cfg, Feed feed, java.nio.file.Path journalDir) {
        return withOverlay(cfg, feed, journalDir, false);
    }

    /**
     * As {@link #withOverlay(EngineConfig, Feed, java.nio.file.Path)}; with {@code resume}, for
     * {@code run --resume}: the headlines the journal's earlier run scored (its {@code
     * sentiment.jsonl}) are left out, their SENTIMENT events coming back from the journal.
     */
    static Feed withOverlay(
            EngineConfig cfg, Feed feed, java.nio.file.Path journalDir, boolean resume) {
        if (!cfg.overlay().enabled()) {
            return feed;
        }
        boolean live = feed.policy == Sequencer.Policy.ARRIVAL;
        long end =
                !live && cfg.run().durationNs() > 0
                        ? feed.startTimeNs + cfg.run().durationNs()
                        : Long.MAX_VALUE;
        io.tickring.engine.config.OverlayConfig.Provider p = cfg.overlay().provider();
        io.tickring.adapters.llm.ChatCompletionsClient llm = null;
        if (live && p.kind().equals(io.tickring.engine.config.OverlayConfig.Provider.OPENAI_KIND)) {
            try {
                // The key comes from the environment only, and goes nowhere but the HTTP header.
                llm =
                        new io.tickring.adapters.llm.ChatCompletionsClient(
                                new io.tickring.adapters.llm.ChatCompletionsClient.Settings(
                                        p.name(),
                                        p.baseUrl(),
                                        p.model(),
                                        System.getenv(p.apiKeyEnv()),
                                        p.airGapped(),
                                        p.timeoutNs() / 1_000_000,
                                        p.maxRetries(),
                                        p.concurrency(),
                                        p.ratePerMinute(),
                                        p.dailyBudgetMicros(),
                                        p.inputCostPerMtokMicros(),
                                        p.outputCostPerMtokMicros(),
                                        5,
                                        30_000),
                                java.time.Clock.systemUTC());
            } catch (IllegalArgumentException e) {
                throw new UsageException(cfg.sourceName() + ": " + e.getMessage());
            }
        }
        io.tickring.adapters.llm.ChatCompletionsClient client = llm;
        io.tickring.engine.overlay.SentimentOverlay overlay;
        try {
            overlay =
                    io.tickring.engine.overlay.SentimentOverlay.create(
                            cfg.overlay(),
                            cfg.instruments(),
                            live,
                            feed.startTimeNs,
                            end,
                            cfg.strategy().sentimentHalfLifeNs(),
                            cfg.strategy().sentimentTtlNs(),
                            llm);
        } catch (io.tickring.adapters.news.NewsFormatException | IllegalArgumentException e) {
            throw new UsageException(cfg.sourceName() + ": " + e.getMessage());
        }
        if (resume) {
            overlay.resumeAfter(journalDir);
        }
        Feed f =
                new Feed(
                        overlay.wrap(feed.source),
                        feed.policy,
                        feed.startTimeNs,
                        () -> {
                            feed.start();
                            overlay.start(journalDir);
                        },
                        () -> {
                            overlay.stop();
                            feed.stop();
                        },
                        () -> {
                            overlay.close();
                            if (client != null) {
                                client.close();
                            }
                            feed.close();
                        },
                        feed.dropped);
        f.overlay = overlay.counters();
        f.connected = feed.connected;
        f.health = feed.health;
        f.failure = feed.failure;
        if (client != null) {
            f.overlay.llm(client);
        }
        return f;
    }

    /**
     * The simulator feed: wall-clock paced in live mode, pulled as fast as possible in sim mode.
     */
    static Feed simulatorFeed(EngineConfig cfg) {
        long durationNs = cfg.run().durationNs();
        if (cfg.run().mode() == Mode.LIVE) {
            long start = System.currentTimeMillis() * 1_000_000L;
            MarketSimulator sim = simulator(cfg, start);
            EventQueue queue = EventQueue.oneToOne("sim", 1 << 22);
            long end = durationNs > 0 ? start + durationNs : Long.MAX_VALUE;
            PacedSimulatorAgent agent =
                    new PacedSimulatorAgent(sim, queue, new SystemEpochNanoClock(), end);
            AgentRunner runner =
                    new AgentRunner(new SleepingMillisIdleStrategy(1), t -> {}, null, agent);
            return new Feed(
                    new QueueSource(queue, agent::isFinished),
                    Sequencer.Policy.ARRIVAL,
                    start,
                    () -> AgentRunner.startOnThread(runner),
                    agent::requestStop,
                    runner::close,
                    agent::dropped);
        }
        if (durationNs <= 0) {
            throw new UsageException(
                    cfg.sourceName() + ": run.duration: sim mode needs a duration > 0");
        }
        long start = cfg.source().sim().startTimeNs();
        MarketSimulator sim = simulator(cfg, start);
        Runnable nothing = () -> {};
        return new Feed(
                new SimSource(sim, start + durationNs),
                Sequencer.Policy.EVENT_TIME,
                start,
                nothing,
                nothing,
                nothing,
                () -> 0);
    }

    /**
     * The market simulator of {@code source.sim}: its instruments, levels and rate, seeded with
     * {@code run.seed}, its clock starting at {@code startNs}. The run's feed and {@code sim}
     * (which writes a journal without the engine) build it here, so both simulate the same market.
     */
    static MarketSimulator simulator(EngineConfig cfg, long startNs) {
        List<Instrument> instruments = new ArrayList<>();
        for (String symbol : cfg.source().sim().instruments()) {
            Instrument i = cfg.instruments().bySymbol(symbol);
            if (i == null) {
                throw new UsageException(
                        cfg.sourceName() + ": source.sim.instruments: unknown symbol " + symbol);
            }
            instruments.add(i);
        }
        return new MarketSimulator(
                SimConfig.defaults(
                        cfg.run().seed(),
                        instruments,
                        cfg.source().sim().levels(),
                        cfg.source().sim().eventsPerSecond(),
                        startNs));
    }
}
