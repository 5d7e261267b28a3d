package io.tickring.engine;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import io.tickring.adapters.OrderGateway;
import io.tickring.adapters.paper.PaperContext;
import io.tickring.adapters.paper.PaperGateway;
import io.tickring.core.EventType;
import io.tickring.core.KillSwitch;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskReason;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import io.tickring.engine.ingress.EventQueue;
import io.tickring.engine.ingress.InputSource;
import io.tickring.engine.ingress.JournalSource;
import io.tickring.engine.ingress.OperatorCommands;
import io.tickring.engine.ring.IdleStrategies;
import io.tickring.engine.ring.RingTopology;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.ring.Stage;
import io.tickring.engine.stage.features.FeaturesStage;
import io.tickring.engine.stage.journal.JournalStage;
import io.tickring.engine.stage.model.ModelStage;
import io.tickring.engine.stage.model.Scorer;
import io.tickring.engine.stage.risk.RiskContext;
import io.tickring.engine.stage.risk.RiskStage;
import io.tickring.engine.stage.router.Portfolio;
import io.tickring.engine.stage.router.RouterStage;
import io.tickring.engine.stage.strategy.StrategyContext;
import io.tickring.engine.stage.strategy.StrategyStage;
import io.tickring.journal.InputJournal;
import io.tickring.journal.JournalLock;
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
        private PaperContext paper = new PaperContext();
        private long timerPeriodNs;
        private String sessionJson;
        private long sessionTimeNs;
        private Path inputJournalDir;
        private Path outputJournalDir;
        private long blockSize = 16L << 20;
        private StrategyContext strategy = new StrategyContext();
        private RiskContext risk = new RiskContext();
        private Scorer scorer;
        private boolean paperGateway = true;
        private boolean shadow;
        private UnaryOperator<OrderGateway> gatewayDecorator = UnaryOperator.identity();
        private java.util.function.Function<io.tickring.core.EventPublisher, OrderGateway>
                liveGateway;
        private UnaryOperator<Stage> stageDecorator = UnaryOperator.identity();
        private long journalDelayNs;
        private EventQueue control;
        private boolean inline;
        private Path resumeDir;
        private long resumeRecords;
        private long[] latchSequences = new long[0];
        private int[] latchCalls = new int[0];
        private JournalLock journalLock;
        private KillSwitch killSwitch = new KillSwitch();
        private String adminToken;
        private long maxLagNs;

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

        /**
         * The paper venue's parameters; its smallest report latency ({@link
         * PaperContext#minReportLatencyNs()}) is also the event-time merge's look-ahead (in replay
         * too, where no venue runs). The gateway concludes them.
         */
        public Builder paper(PaperContext v) {
            paper = v;
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
        public Builder strategy(StrategyContext v) {
            strategy = v;
            return this;
        }

        /**
         * The risk gate's parameters, also the portfolio's trading day; the stage concludes them.
         */
        public Builder risk(RiskContext v) {
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
         * A live gateway instead of the paper venue: {@code factory} gets the queue its execution
         * reports go to (the Sequencer publishes them in arrival order) and returns the gateway the
         * router releases orders to. The caller starts and closes it.
         */
        public Builder liveGateway(
                java.util.function.Function<io.tickring.core.EventPublisher, OrderGateway>
                        factory) {
            liveGateway = factory;
            return this;
        }

        /**
         * Shadow mode ({@code gateway.shadow}): every order also goes to a paper venue with the
         * {@link #paper} parameters, whose reports the router writes to {@code out/} as SHADOW_EXEC
         * records ({@link io.tickring.engine.stage.router.ShadowGateway}). A replay of a shadowed
         * journal sets it too, so that it writes them again.
         */
        public Builder shadow(boolean v) {
            shadow = v;
            return this;
        }

        /**
         * Wraps the gateway: for tests that watch what the router releases, and for the latency
         * harness ({@code bench latency}), which takes a timestamp when an order is released. The
         * wrapper runs on the router's thread under the same rules as a gateway.
         */
        public Builder gatewayDecorator(UnaryOperator<OrderGateway> v) {
            gatewayDecorator = v;
            return this;
        }

        /**
         * Wraps every stage before the layout places it: the latency harness ({@code bench
         * latency}) times each stage this way. A wrapper must keep the stage's {@link Stage#name()}
         * and {@link Stage#role()}, and runs on the stage's thread under the same rules as a stage.
         */
        public Builder stageDecorator(UnaryOperator<Stage> v) {
            stageDecorator = v;
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

        /**
         * The Sequencer sheds market data while the ring's oldest unfinished event is older than
         * this (live, ARRIVAL runs; {@code ring.max_lag}); 0 never sheds.
         */
        public Builder maxLagNs(long v) {
            maxLagNs = v;
            return this;
        }

        /** The operator channel: CONTROL events offered here enter the ring. */
        public Builder control(EventQueue v) {
            control = v;
            return this;
        }

        /**
         * The engine's kill latch (one per engine; a fresh one by default): the paper gateway reads
         * it before releasing anything, and {@link Engine#operatorCommands()} trips it on a kill.
         */
        public Builder killSwitch(KillSwitch v) {
            killSwitch = v;
            return this;
        }

        /**
         * The admin token ({@code TICKRING_ADMIN_TOKEN}) a rearm must carry, or null: then no rearm
         * is possible.
         */
        public Builder adminToken(String v) {
            adminToken = v;
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

        /**
         * Continues the journal at {@code dir}, whose writer died, instead of starting a new one
         * ({@code run --resume}): its {@code recordsIn} input records (verified by the caller) are
         * replayed through the chain and the paper venue first, its {@code out/} records are
         * checked against the regenerated ones and completed, the restart is marked beside the
         * queues (no ring sequence), and the run goes on writing the same journal. Replaces {@link
         * #inputJournal}, {@link #outputJournal} and {@link #session}.
         */
        public Builder resume(Path dir, long recordsIn, JournalLock lock) {
            resumeDir = dir;
            resumeRecords = recordsIn;
            journalLock = lock;
            return this;
        }

        /**
         * With {@link #resume}: where the journal's CONTROL LATCHED records say the dead run's
         * paper venue acted on a trip of the kill latch (see {@link
         * PaperGateway#recoverLatch(long[], int[])}), so the rebuilt venue trips it at the same
         * calls.
         */
        public Builder recoverLatch(long[] sequences, int[] calls) {
            latchSequences = sequences;
            latchCalls = calls;
            return this;
        }

        /**
         * The writer lock the caller already holds on the input journal's directory (a resume that
         * found nothing to recover starts the run afresh there): the input journal opens in append
         * mode under it instead of locking a fresh directory.
         */
        public Builder journalLock(JournalLock lock) {
            journalLock = lock;
            return this;
        }

        public Engine build() {
            if (source == null || scorer == null || lookup == null) {
                throw new IllegalStateException("source, scorer and instruments are required");
            }
            return new Engine(this);
        }
    }

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
    private final JournalSource recovery;
    private final KillSwitch killSwitch;
    private final OperatorCommands operatorCommands;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();

    /** Why the caller gave up on the run (a timeout), or null; see {@link #fail(String)}. */
    private volatile String abandoned;

    /** Why the run was halted where it was ({@link #halt(String)}), or null. */
    private volatile String halted;

    private Engine(Builder b) {
        PaperContext paper = b.paper.conclude();
        // The producer-side wait strategy only matters when the ring is full; consumers poll with
        // their own per-thread idle strategies.
        ring =
                RingBuffer.createSingleProducer(
                        RingEvent::new, b.ringSize, new SleepingWaitStrategy());
        if (b.resumeDir != null) {
            recovery = new JournalSource(b.resumeDir, false);
            inputJournal =
                    InputJournal.append(b.resumeDir, b.blockSize, b.resumeRecords, b.journalLock);
            outputJournal = new OutputJournal(b.resumeDir, b.blockSize, true);
        } else {
            recovery = null;
            inputJournal =
                    b.inputJournalDir == null
                            ? null
                            : b.journalLock != null
                                    ? InputJournal.append(
                                            b.inputJournalDir, b.blockSize, 0, b.journalLock)
                                    : new InputJournal(b.inputJournalDir, b.blockSize);
            outputJournal = new OutputJournal(b.outputJournalDir, b.blockSize);
        }
        reports = EventQueue.oneToOne("gateway", 1 << 20);
        killSwitch = b.killSwitch;
        operatorCommands =
                b.control == null
                        ? null
                        : new OperatorCommands(b.control, killSwitch, b.adminToken);
        OrderGateway gateway =
                b.liveGateway != null
                        ? b.liveGateway.apply(reports)
                        : b.paperGateway ? paperGateway(b, paper) : OrderGateway.NONE;
        if (b.shadow) {
            gateway =
                    new io.tickring.engine.stage.router.ShadowGateway(
                            gateway, b.instruments, paper, outputJournal);
        }
        gateway = b.gatewayDecorator.apply(gateway);

        journalStage = new JournalStage(inputJournal, b.journalDelayNs);
        model = new ModelStage(b.scorer);
        riskStage = new RiskStage(b.risk, b.instruments);
        router =
                new RouterStage(
                        outputJournal,
                        gateway,
                        new Portfolio(b.instruments, b.risk.tradingDay()),
                        killSwitch,
                        b.resumeDir == null ? 0 : b.resumeRecords);
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
            Stage placed = b.stageDecorator.apply(stage);
            if (!placed.name().equals(stage.name()) || placed.role() != stage.role()) {
                throw new IllegalArgumentException(
                        "a stage decorator changed the name or role of " + stage.name());
            }
            stages.put(stage.name(), placed);
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
                        b.paperGateway || b.liveGateway != null ? reports : null,
                        b.control,
                        paper.minReportLatencyNs(),
                        b.timerPeriodNs,
                        new SystemEpochNanoClock(),
                        1 << 14);
        sequencer.watch(topology.routerSequence(), topology.terminalSequences());
        sequencer.maxLagNs(b.maxLagNs);
        if (b.liveGateway != null) {
            sequencer.reportsFromVenue();
        }
        sequencer.awaitVenueAnswers(router::stopCancelsOpen);
        if (recovery != null) {
            sequencer.recoverFrom(recovery);
        } else if (b.sessionJson != null) {
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

    /**
     * Marks the run as failed for a reason found outside the ring (the caller's wait for it timed
     * out): {@link #close()} then leaves {@code failed} end markers with that reason, not {@code
     * complete} ones. The first reason given is kept.
     */
    public void fail(String reason) {
        if (abandoned == null) {
            abandoned = reason;
        }
    }

    /** Stops reading market data; the run then drains and finishes. */
    public void requestStop() {
        sequencer.requestStop();
    }

    /**
     * Stops the run gracefully (SIGTERM, SIGINT): a journaled CONTROL STOP halts the gate and, if
     * {@code cancelOrders}, cancels the working orders; nothing is taken in after it but execution
     * reports, and the run drains and finishes. See {@link Sequencer#requestGracefulStop}.
     */
    public void stop(boolean cancelOrders) {
        sequencer.requestGracefulStop(cancelOrders);
    }

    /**
     * Halts the run where it is (a graceful stop past its bound): every stage thread stops after
     * the event in hand, so the router releases nothing more, and {@link #close()} leaves {@code
     * failed} end markers with {@code reason}, so the journal can be resumed.
     */
    public void halt(String reason) {
        fail(reason);
        halted = reason;
        topology.halt();
        sequencer.requestStop();
    }

    /** The reason given to {@link #halt(String)}, or null if the run was not halted. */
    public String halted() {
        return halted;
    }

    /** Events published that the router has not handled yet; safe from any thread. */
    public long backlog() {
        return Math.max(0, sequencer.published() - 1 - topology.routerSequence().get());
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

    /**
     * Where operator commands enter (stdin, the admin API): trips the kill latch on a kill, checks
     * the admin token on a rearm, offers the CONTROL event. Null if the engine has no control queue
     * ({@link Builder#control}).
     */
    public OperatorCommands operatorCommands() {
        return operatorCommands;
    }

    /** The engine's kill latch; the paper gateway reads it before releasing anything. */
    public KillSwitch killSwitch() {
        return killSwitch;
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

    /** Slots in the ring. */
    public int ringSize() {
        return ring.getBufferSize();
    }

    /**
     * Free slots in the ring: its size less the backlog (events published that not every final
     * consumer has handled yet); safe from any thread.
     */
    public long ringRemainingCapacity() {
        return ring.remainingCapacity();
    }

    /** Bytes of the records written to {@code out/} so far; safe from any thread. */
    public long outputBytesWritten() {
        return outputJournal.bytesWritten();
    }

    /**
     * The ring's backlog: events published but not yet finished by the slowest stage; safe from any
     * thread, off the hot path.
     */
    public long ringBacklog() {
        return sequencer.backlog();
    }

    /**
     * Input dropped before the ring, by where and by event type: the market source's ingress queue
     * (keyed by its name, {@code sim} or {@code binance}: the adapter found it full) and {@code
     * ring} (market data the Sequencer shed for {@code ring.max_lag}). Only sources and types that
     * dropped anything appear. Safe from any thread; builds a new map on each call.
     */
    public Map<String, Map<String, Long>> dropsBySource() {
        Map<String, Map<String, Long>> m = new java.util.LinkedHashMap<>();
        String ingress = sequencer.ingressName();
        for (int site = io.tickring.core.Overload.INGRESS;
                site < io.tickring.core.Overload.SITES;
                site++) {
            Map<String, Long> byType = new java.util.LinkedHashMap<>();
            for (int t = 1; t <= EventType.QUOTE; t++) {
                long n = sequencer.drops(site, t);
                if (n > 0) {
                    byType.put(EventType.name(t), n);
                }
            }
            if (!byType.isEmpty()) {
                m.put(
                        site == io.tickring.core.Overload.INGRESS
                                ? (ingress == null ? "ingress" : ingress)
                                : "ring",
                        byType);
            }
        }
        return m;
    }

    /** Every input record dropped before the ring (see {@link #dropsBySource()}). */
    public long drops() {
        return sequencer.drops(io.tickring.core.Overload.INGRESS)
                + sequencer.drops(io.tickring.core.Overload.BACKLOG);
    }

    /** Overload episodes journaled so far (CONTROL OVERLOAD START events). */
    public long overloadEpisodes() {
        return sequencer.overloadEpisodes();
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
        // A stage's failure comes first: the Sequencer may fail after it, on its consequences.
        // A failed journal write, or a damaged or foreign record found by a stage (the output
        // journal of a resumed run), is reported as the one line it carries.
        Throwable t = failure.get();
        String error = t == null ? sequencer.error() : failureReason(t);
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
        if (recovery != null) {
            recovery.close();
        }
        // A run that failed leaves "failed" end markers, so readers refuse it without --partial.
        // Out first: the input journal holds the directory's lock until it closes.
        Throwable t = failure.get();
        String reason = t == null ? sequencer.error() : failureReason(t);
        if (reason == null) {
            reason = abandoned;
        }
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

    /** The paper venue, given the recovery's latch schedule if the engine resumes a journal. */
    private PaperGateway paperGateway(Builder b, PaperContext paper) {
        PaperGateway venue =
                new PaperGateway(PaperGateway.queueSink(reports), b.instruments, paper, killSwitch);
        venue.recoverLatch(b.latchSequences, b.latchCalls);
        return venue;
    }

    private static String failureReason(Throwable t) {
        return t instanceof JournalWriteException
                        || t instanceof io.tickring.core.codec.JournalFormatException
                ? t.getMessage()
                : String.valueOf(t);
    }
}
