package io.tickring.engine;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import io.tickring.adapters.OrderGateway;
import io.tickring.adapters.paper.PaperGateway;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskReason;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import io.tickring.engine.ingress.EventQueue;
import io.tickring.engine.ingress.InputSource;
import io.tickring.engine.ring.IdleStrategies;
import io.tickring.engine.ring.RingTopology;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.ring.Stage;
import io.tickring.engine.stage.features.FeaturesStage;
import io.tickring.engine.stage.journal.JournalStage;
import io.tickring.engine.stage.model.ModelStage;
import io.tickring.engine.stage.model.Scorer;
import io.tickring.engine.stage.risk.RiskStage;
import io.tickring.engine.stage.router.Portfolio;
import io.tickring.engine.stage.router.RouterStage;
import io.tickring.engine.stage.strategy.StrategyStage;
import io.tickring.journal.InputJournal;
import io.tickring.journal.JournalWriteException;
import io.tickring.journal.OutputJournal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * One assembled engine: the ring, the Sequencer as its only writer, the stages on their threads,
 * the journals and the gateway. Built from plain parameters by {@link Builder}; the command line
 * builds it from the configuration. Start it, wait for it to finish, read its {@link Result}.
 */
public final class Engine implements AutoCloseable {
    /** One handler thread of the layout: stage names in order, idle strategy name, CPU or -1. */
    public record ThreadSpec(String name, List<String> stages, String idle, int cpu) {}

    /**
     * The default 2-core layout: the journal on one thread, the whole decision chain on another.
     */
    public static final List<ThreadSpec> TWO_THREADS =
            List.of(
                    new ThreadSpec("journal", List.of("journal"), "backoff", -1),
                    new ThreadSpec(
                            "decision",
                            List.of("features", "model", "strategy", "risk", "router"),
                            "backoff",
                            -1));

    /** What a run did. */
    public record Result(
            long events,
            Map<String, Long> eventsByType,
            long decisions,
            long orders,
            long fills,
            long rejects,
            long outRecords,
            long grossPosition,
            double pnl,
            double fees,
            String digest,
            String error,
            Map<String, Long> rejectsByReason,
            Map<String, java.math.BigDecimal> pnlByCurrency,
            Map<String, java.math.BigDecimal> feesByCurrency,
            Map<String, java.math.BigDecimal> cashByCurrency) {}

    /** Collects an engine's parts. Every setter returns the builder. */
    public static final class Builder {
        private int ringSize = 1 << 16;
        private List<ThreadSpec> threads = TWO_THREADS;
        private List<Instrument> instruments = List.of();
        private InstrumentLookup lookup;
        private Sequencer.Policy policy = Sequencer.Policy.EVENT_TIME;
        private InputSource source;
        private long latencyNs = 100_000;
        private long jitterNs;
        private PaperGateway.Config paperFills = new PaperGateway.Config(0, 0, 0, 1);
        private long seed = 42;
        private long timerPeriodNs;
        private String sessionJson;
        private long sessionTimeNs;
        private Path inputJournalDir;
        private Path outputJournalDir;
        private long blockSize = 16L << 20;
        private StrategyStage.Context strategy = new StrategyStage.Context();
        private RiskStage.Context risk = new RiskStage.Context();
        private Scorer scorer;
        private boolean paperGateway = true;
        private UnaryOperator<OrderGateway> gatewayDecorator = UnaryOperator.identity();
        private long journalDelayNs;
        private EventQueue control;
        private boolean inline;

        public Builder ringSize(int v) {
            ringSize = v;
            return this;
        }

        public Builder threads(List<ThreadSpec> v) {
            threads = List.copyOf(v);
            return this;
        }

        public Builder instruments(List<Instrument> v, InstrumentLookup l) {
            instruments = List.copyOf(v);
            lookup = l;
            return this;
        }

        public Builder policy(Sequencer.Policy v) {
            policy = v;
            return this;
        }

        public Builder source(InputSource v) {
            source = v;
            return this;
        }

        /** Paper fill latency; also the event-time merge's look-ahead. */
        public Builder latencyNs(long v) {
            latencyNs = v;
            return this;
        }

        /** Largest extra paper latency on top of {@link #latencyNs}, drawn per order and cancel. */
        public Builder jitterNs(long v) {
            jitterNs = v;
            return this;
        }

        /**
         * The paper venue's fill assumptions (queue model, queue function, trade-through), taken
         * from {@code v}; its latency, seed and pool come from the other setters.
         */
        public Builder paperFills(PaperGateway.Config v) {
            paperFills = v;
            return this;
        }

        /** Seed of the paper gateway's latency jitter. */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder timerPeriodNs(long v) {
            timerPeriodNs = v;
            return this;
        }

        /** The SESSION record published first; null for replay, whose journal has its own. */
        public Builder session(String json, long timeNs) {
            sessionJson = json;
            sessionTimeNs = timeNs;
            return this;
        }

        /** Where to write in/; null writes no input journal (replay). */
        public Builder inputJournal(Path v) {
            inputJournalDir = v;
            return this;
        }

        /** Where to write out/; null keeps only the digest. */
        public Builder outputJournal(Path v) {
            outputJournalDir = v;
            return this;
        }

        public Builder blockSize(long v) {
            blockSize = v;
            return this;
        }

        /** The strategy's parameters; the stage concludes them. */
        public Builder strategy(StrategyStage.Context v) {
            strategy = v;
            return this;
        }

        /**
         * The risk gate's parameters, also the portfolio's trading day; the stage concludes them.
         */
        public Builder risk(RiskStage.Context v) {
            risk = v;
            return this;
        }

        public Builder scorer(Scorer v) {
            scorer = v;
            return this;
        }

        /**
         * True: the paper gateway; false: orders go nowhere (replay, where the journal has the
         * fills).
         */
        public Builder paperGateway(boolean v) {
            paperGateway = v;
            return this;
        }

        /**
         * Wraps the gateway: a test hook (package-private) for tests that watch what the router
         * releases.
         */
        Builder gatewayDecorator(UnaryOperator<OrderGateway> v) {
            gatewayDecorator = v;
            return this;
        }

        /**
         * Slows the journal stage by this much per event: a test hook (package-private), 0
         * otherwise.
         */
        Builder journalDelayNs(long v) {
            journalDelayNs = v;
            return this;
        }

        /** The operator channel: CONTROL events offered here enter the ring. */
        public Builder control(EventQueue v) {
            control = v;
            return this;
        }

        /**
         * True: the Sequencer and every stage run on one thread, one duty cycle after the other,
         * ignoring the layout's threads (same outputs, no hand-offs).
         */
        public Builder inline(boolean v) {
            inline = v;
            return this;
        }

        public Engine build() {
            if (source == null || scorer == null || lookup == null) {
                throw new IllegalStateException("source, scorer and instruments are required");
            }
            return new Engine(this);
        }
    }

    /** Live orders the paper gateway can hold at once. */
    static final int PAPER_MAX_ORDERS = 4096;

    private final RingBuffer<RingEvent> ring;
    private final Sequencer sequencer;
    private final RingTopology topology;
    private final Agent[] stageAgents;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final AgentRunner sequencerRunner;
    private final InputJournal inputJournal;
    private final OutputJournal outputJournal;
    private final JournalStage journalStage;
    private final RouterStage router;
    private final ModelStage model;
    private final RiskStage riskStage;
    private final EventQueue reports;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();

    private Engine(Builder b) {
        // The producer-side wait strategy only matters when the ring is full; consumers poll with
        // their own per-thread idle strategies.
        ring =
                RingBuffer.createSingleProducer(
                        RingEvent::new, b.ringSize, new SleepingWaitStrategy());
        inputJournal =
                b.inputJournalDir == null ? null : new InputJournal(b.inputJournalDir, b.blockSize);
        outputJournal = new OutputJournal(b.outputJournalDir, b.blockSize);
        reports = EventQueue.oneToOne("gateway", 1 << 20);
        OrderGateway gateway =
                b.paperGateway
                        ? new PaperGateway(
                                PaperGateway.queueSink(reports),
                                b.instruments,
                                new PaperGateway.Config(
                                        b.latencyNs,
                                        b.jitterNs,
                                        b.seed,
                                        PAPER_MAX_ORDERS,
                                        b.paperFills.queueModel(),
                                        b.paperFills.queueFunction(),
                                        b.paperFills.queuePower(),
                                        b.paperFills.tradeThrough(),
                                        b.paperFills.penetrationTicks()))
                        : OrderGateway.NONE;
        gateway = b.gatewayDecorator.apply(gateway);

        journalStage = new JournalStage(inputJournal, b.journalDelayNs);
        model = new ModelStage(b.scorer);
        riskStage = new RiskStage(b.risk, b.instruments);
        router =
                new RouterStage(
                        outputJournal, gateway, new Portfolio(b.instruments, b.risk.tradingDay()));
        // The layout names stages by the names they give themselves; the topology places them by
        // role.
        Map<String, Stage> stages = new HashMap<>();
        for (Stage stage :
                List.of(
                        journalStage,
                        new FeaturesStage(b.instruments),
                        model,
                        new StrategyStage(b.strategy, b.instruments),
                        riskStage,
                        router)) {
            stages.put(stage.name(), stage);
        }

        List<RingTopology.ThreadPlan> plans = new ArrayList<>();
        for (ThreadSpec t : b.threads) {
            List<Stage> list = new ArrayList<>();
            for (String s : t.stages()) {
                Stage stage = stages.remove(s);
                if (stage == null) {
                    throw new IllegalArgumentException(
                            "thread " + t.name() + ": unknown or repeated stage " + s);
                }
                list.add(stage);
            }
            plans.add(
                    new RingTopology.ThreadPlan(
                            t.name(), list, IdleStrategies.of(t.idle()), t.cpu()));
        }
        if (!stages.isEmpty()) {
            throw new IllegalArgumentException("stages on no thread: " + stages.keySet());
        }
        topology = RingTopology.build(ring, plans);
        stageAgents = topology.agents().toArray(new Agent[0]);

        sequencer =
                new Sequencer(
                        ring,
                        b.policy,
                        b.source,
                        b.paperGateway ? reports : null,
                        b.control,
                        b.latencyNs,
                        b.timerPeriodNs,
                        new SystemEpochNanoClock(),
                        1 << 14);
        sequencer.watch(topology.routerSequence(), topology.terminalSequences());
        if (b.sessionJson != null) {
            RingEvent session = new RingEvent();
            session.clearInput();
            session.type = EventType.SESSION;
            session.exchangeTimeNs = b.sessionTimeNs;
            session.receiveTimeNs = b.sessionTimeNs;
            byte[] json = b.sessionJson.getBytes(StandardCharsets.UTF_8);
            if (json.length > InputJournal.MAX_RECORD - 64) {
                throw new IllegalArgumentException(
                        "session record too large: " + json.length + " bytes");
            }
            session.sessionPayload.putBytes(0, json);
            session.sessionLength = json.length;
            sequencer.session(session);
        }
        if (b.inline) {
            List<Agent> all = new ArrayList<>();
            all.add(sequencer);
            all.addAll(topology.agents());
            runners.add(
                    new AgentRunner(
                            new BackoffIdleStrategy(64, 1024, 1_000, 100_000),
                            this::onError,
                            null,
                            new CompositeAgent(all)));
            sequencerRunner = null;
            return;
        }
        for (int i = 0; i < topology.agents().size(); i++) {
            runners.add(
                    new AgentRunner(
                            topology.idles().get(i),
                            this::onError,
                            null,
                            topology.agents().get(i)));
        }
        // In an event-time merge the Sequencer waits on the router after most events, so it yields
        // rather than parks: a park there costs up to its full length per event.
        IdleStrategy sequencerIdle =
                b.policy == Sequencer.Policy.EVENT_TIME
                        ? new BackoffIdleStrategy(64, 1024, 1_000, 20_000)
                        : new BackoffIdleStrategy(64, 16, 1_000, 100_000);
        sequencerRunner = new AgentRunner(sequencerIdle, this::onError, null, sequencer);
    }

    private void onError(Throwable t) {
        failure.compareAndSet(null, t);
        sequencer.requestStop();
    }

    /**
     * Runs one duty cycle of the Sequencer and then of every stage agent, in order, on the calling
     * thread: benchmarks use it to measure the chain without thread hand-offs. Never call it on a
     * started engine.
     *
     * @return events handled by the last stage agent
     */
    public int driveOnce() throws Exception {
        sequencer.doWork();
        int handled = 0;
        // An array, not the list: a for-each over a List allocates an iterator per call.
        for (int i = 0; i < stageAgents.length; i++) {
            handled = stageAgents[i].doWork();
        }
        return handled;
    }

    /** Starts every thread: stage threads first, then the Sequencer. */
    public void start() {
        for (AgentRunner r : runners) {
            threads.add(AgentRunner.startOnThread(r));
        }
        if (sequencerRunner != null) {
            threads.add(AgentRunner.startOnThread(sequencerRunner));
        }
    }

    /**
     * Waits until the source is finished and everything in flight has gone through, or a failure.
     *
     * @return true if the run finished, false on timeout
     */
    public boolean awaitDone(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!sequencer.isDone() && failure.get() == null) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Stops reading market data; the run then drains and finishes. */
    public void requestStop() {
        sequencer.requestStop();
    }

    public boolean isDone() {
        return sequencer.isDone() || failure.get() != null;
    }

    /** The stage or Sequencer failure that stopped the run, or null. */
    public Throwable failure() {
        return failure.get();
    }

    public Sequencer sequencer() {
        return sequencer;
    }

    public RouterStage router() {
        return router;
    }

    public RiskStage riskStage() {
        return riskStage;
    }

    public JournalStage journalStage() {
        return journalStage;
    }

    public ModelStage model() {
        return model;
    }

    /** Events published so far; safe from any thread. */
    public long eventsPublished() {
        return sequencer.published();
    }

    /** What the run did; call after it finished. */
    public Result result() {
        Map<String, Long> byType = new java.util.LinkedHashMap<>();
        for (int t = 0; t <= EventType.MAX; t++) {
            if (EventType.isInput(t)) {
                byType.put(EventType.name(t), sequencer.published(t));
            }
        }
        Portfolio p = router.portfolio();
        String error = sequencer.error();
        if (failure.get() instanceof JournalWriteException j) {
            error = j.getMessage(); // one line, the same in the summary and on stderr
        } else if (error == null && failure.get() != null) {
            error = String.valueOf(failure.get());
        }
        Map<String, Long> byReason = new java.util.LinkedHashMap<>();
        for (int r = 0; r < RiskReason.COUNT; r++) {
            if (riskStage.rejects(r) > 0) {
                byReason.put(RiskReason.name(r), riskStage.rejects(r));
            }
        }
        return new Result(
                sequencer.published(),
                byType,
                router.decisions(),
                router.orders(),
                router.fills(),
                router.rejects(),
                outputJournal.count(),
                p.grossPosition(),
                p.pnl(),
                p.fees(),
                router.digest(),
                error,
                byReason,
                p.pnlByCurrency(),
                p.feesByCurrency(),
                p.cashByCurrency());
    }

    @Override
    public void close() {
        for (AgentRunner r : runners) {
            r.close();
        }
        if (sequencerRunner != null) {
            sequencerRunner.close();
        }
        // A run that failed leaves "failed" end markers, so readers refuse it without --partial.
        // Out first: the input journal holds the directory's lock until it closes.
        Throwable t = failure.get();
        String reason = t == null ? sequencer.error() : failureReason(t);
        if (reason != null) {
            outputJournal.fail(reason);
            if (inputJournal != null) {
                inputJournal.fail(reason);
            }
        }
        try {
            outputJournal.close();
        } finally {
            if (inputJournal != null) {
                inputJournal.close();
            }
        }
    }

    private static String failureReason(Throwable t) {
        return t instanceof JournalWriteException ? t.getMessage() : String.valueOf(t);
    }
}
