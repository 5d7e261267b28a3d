package io.tickring.bench.latency;

import io.tickring.adapters.paper.PaperContext;
import io.tickring.adapters.paper.PaperGateway;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.RecordHeader;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.ingress.EventQueue;
import io.tickring.engine.ring.Stage;
import io.tickring.engine.stage.features.FeaturesStage;
import io.tickring.engine.stage.journal.JournalStage;
import io.tickring.engine.stage.model.MicropriceRule;
import io.tickring.engine.stage.model.ModelStage;
import io.tickring.engine.stage.model.OnnxScorer;
import io.tickring.engine.stage.model.Scorer;
import io.tickring.engine.stage.risk.RiskStage;
import io.tickring.engine.stage.router.Portfolio;
import io.tickring.engine.stage.router.RouterStage;
import io.tickring.engine.stage.strategy.StrategyStage;
import io.tickring.journal.InputJournal;
import io.tickring.journal.OutputJournal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The baseline the ring is measured against: the same stages (fresh instances from the same
 * configuration: journal, features, model, strategy, risk, router with the paper venue) on a thread
 * each, handing events over {@link ArrayBlockingQueue}s in the order journal → features → model →
 * strategy → risk → router (the journal first, so nothing is released before its cause is written,
 * as the ring's router gate ensures). A head thread plays the Sequencer: it polls the same ingress
 * queue and the venue's report queue with the Sequencer's idle strategy, copies each record into a
 * pooled event, decodes it there and stamps its sequence. The events circulate through a pool of
 * {@link #POOL} pre-allocated events, so nothing is allocated per event by the harness itself.
 */
final class AbqChainRun {
    /** Events in flight at most, and each queue's capacity. */
    static final int POOL = 16_384;

    private static final RingEvent END = new RingEvent();

    /** What one run measured. */
    static final class Outcome {
        LatencySeries tickToRouter;
        LatencySeries tickToOrder;
        long sent;
        long routed;
        long orders;
        long elapsedNs;
        String failure;
    }

    private AbqChainRun() {}

    /**
     * Runs the chain for {@code warmupEvents + events} events at {@code rate} (0: as fast as the
     * chain takes them).
     */
    static Outcome run(
            EngineConfig cfg,
            boolean model,
            long rate,
            long warmupEvents,
            long events,
            Path journalDir,
            Path logDir,
            String prefix)
            throws Exception {
        Outcome out = new Outcome();
        long startMs = System.currentTimeMillis();
        out.tickToRouter = new LatencySeries(prefix + "tick_to_router", logDir, startMs);
        out.tickToOrder = new LatencySeries(prefix + "tick_to_order", logDir, startMs);
        List<Instrument> instruments = cfg.instruments().all();
        Scorer scorer = model ? new OnnxScorer(cfg.model(), instruments) : new MicropriceRule();
        PaperContext paper = cfg.paper().conclude();
        EventQueue ingress = EventQueue.oneToOne("abq-ingress", 1 << 22);
        EventQueue reports = EventQueue.oneToOne("abq-gateway", 1 << 20);
        MeasureWindow window = new MeasureWindow();
        TimedGateway gateway =
                new TimedGateway(
                        new PaperGateway(PaperGateway.queueSink(reports), instruments, paper),
                        window,
                        out.tickToOrder);
        InputJournal in = new InputJournal(journalDir, cfg.journal().blockSizeBytes());
        OutputJournal outJournal = new OutputJournal(journalDir, cfg.journal().blockSizeBytes());
        RouterStage router =
                new RouterStage(
                        outJournal, gateway, new Portfolio(instruments, cfg.risk().tradingDay()));
        TimedStage timedRouter = new TimedStage(router, window, out.tickToRouter, null, null);
        Stage[] stages = {
            new JournalStage(in, 0),
            new FeaturesStage(instruments),
            new ModelStage(scorer),
            new StrategyStage(cfg.strategy(), instruments),
            new RiskStage(cfg.risk(), instruments),
            timedRouter
        };
        BlockingQueue<RingEvent> free = new ArrayBlockingQueue<>(POOL);
        for (int i = 0; i < POOL; i++) {
            free.add(new RingEvent());
        }
        List<BlockingQueue<RingEvent>> queues = new ArrayList<>();
        for (int i = 0; i < stages.length; i++) {
            queues.add(new ArrayBlockingQueue<>(POOL));
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < stages.length; i++) {
            Stage stage = stages[i];
            BlockingQueue<RingEvent> from = queues.get(i);
            BlockingQueue<RingEvent> to = i + 1 < stages.length ? queues.get(i + 1) : free;
            boolean last = i + 1 == stages.length;
            threads.add(
                    new Thread(
                            () -> {
                                try {
                                    stage.onStart();
                                    while (true) {
                                        RingEvent e = from.take();
                                        if (e == END) {
                                            if (!last) {
                                                to.put(END);
                                            }
                                            break;
                                        }
                                        stage.onEvent(e);
                                        to.put(e);
                                    }
                                    stage.onStop();
                                } catch (Throwable t) {
                                    failure.compareAndSet(null, t);
                                }
                            },
                            "abq-" + stage.name()));
        }
        MarketInjector injector =
                new MarketInjector(
                        EngineLatencyRun.simulator(cfg, Math.max(rate, 100_000)),
                        ingress,
                        warmupEvents + events,
                        new LatencySeries(prefix + "send_lag", null, startMs));
        Head head = new Head(ingress, reports, free, queues.get(0), failure);
        Thread headThread = new Thread(head, "abq-head");
        threads.forEach(Thread::start);
        headThread.start();
        Thread injectorThread = new Thread(injector, "abq-injector");
        injectorThread.setDaemon(true);
        long start = System.nanoTime() + 1_000_000;
        OpenLoopSchedule schedule = new OpenLoopSchedule(start, rate);
        injector.schedule(schedule, warmupEvents);
        window.from(
                warmupEvents == 0
                        ? Long.MIN_VALUE
                        : HarnessClock.toEpoch(schedule.planned(warmupEvents)));
        try {
            injectorThread.start();
            while (!injector.isFinished() && failure.get() == null) {
                Thread.sleep(1000);
                out.tickToRouter.sample();
                out.tickToOrder.sample();
            }
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (timedRouter.marketEvents() < injector.sent()
                    && failure.get() == null
                    && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } finally {
            injector.requestStop();
            head.stop = true;
            headThread.join(10_000);
            for (Thread t : threads) {
                t.join(10_000);
            }
            outJournal.close();
            in.close();
            if (scorer instanceof OnnxScorer onnx) {
                onnx.close();
            }
        }
        out.tickToRouter.sample();
        out.tickToOrder.sample();
        out.tickToRouter.close();
        out.tickToOrder.close();
        out.sent = injector.sent();
        out.routed = timedRouter.marketEvents();
        out.orders = gateway.submitted();
        out.elapsedNs = timedRouter.lastEndNs() - HarnessClock.toEpoch(start);
        if (failure.get() != null) {
            out.failure = "the ArrayBlockingQueue chain failed: " + failure.get();
        } else if (out.routed != out.sent || out.sent != warmupEvents + events) {
            out.failure =
                    "the ArrayBlockingQueue chain routed "
                            + out.routed
                            + " of "
                            + out.sent
                            + " ticks sent ("
                            + (warmupEvents + events)
                            + " planned)";
        } else if (out.orders != router.orders()) {
            out.failure = "the ArrayBlockingQueue chain's venue and router disagree on orders";
        }
        return out;
    }

    /** The Sequencer's part: ingress and reports into pooled events, decoded, in sequence. */
    private static final class Head implements Runnable {
        private final EventQueue ingress;
        private final EventQueue reports;
        private final BlockingQueue<RingEvent> free;
        private final BlockingQueue<RingEvent> first;
        private final AtomicReference<Throwable> failure;
        private final IdleStrategy idle = new BackoffIdleStrategy(64, 16, 1_000, 100_000);
        private final InputCodec.Decoder decoder = new InputCodec.Decoder();
        private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
        volatile boolean stop;

        Head(
                EventQueue ingress,
                EventQueue reports,
                BlockingQueue<RingEvent> free,
                BlockingQueue<RingEvent> first,
                AtomicReference<Throwable> failure) {
            this.ingress = ingress;
            this.reports = reports;
            this.free = free;
            this.first = first;
            this.failure = failure;
        }

        @Override
        public void run() {
            long seq = 0;
            RingEvent e = null;
            try {
                while (!stop && failure.get() == null) {
                    if (e == null) {
                        e = free.take();
                    }
                    int n = reports.poll(e.record);
                    String where = "gateway";
                    if (n == 0) {
                        n = ingress.poll(e.record);
                        where = "ingress";
                    }
                    if (n == 0) {
                        // Reports of orders in flight may still come after the market source is
                        // done: poll until told to stop.
                        idle.idle(0);
                        continue;
                    }
                    idle.reset();
                    view.wrap(e.record.byteArray(), 0, n);
                    decoder.decode(view, 0, n, e, where);
                    e.recordLength = n;
                    e.sequence = seq;
                    RecordHeader.sequence(e.record, 0, seq);
                    seq++;
                    first.put(e);
                    e = null;
                }
                first.put(END);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }
    }
}
