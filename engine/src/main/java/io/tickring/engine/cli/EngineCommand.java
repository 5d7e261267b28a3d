package io.tickring.engine.cli;

import io.tickring.core.KillSwitch;
import io.tickring.core.codec.JournalFormatException;
import io.tickring.engine.Engine;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.OpsConfig;
import io.tickring.engine.config.OpsFile;
import io.tickring.engine.ingress.EventQueue;
import io.tickring.engine.ingress.OperatorChannel;
import io.tickring.engine.ops.EngineFigures;
import io.tickring.engine.ops.admin.AdminServer;
import io.tickring.engine.ops.admin.EngineStatus;
import io.tickring.engine.ops.log.EventLog;
import io.tickring.engine.ops.metrics.EngineMetrics;
import io.tickring.engine.ops.metrics.StageLatencies;
import io.tickring.engine.ops.metrics.StageLatencyLog;
import io.tickring.engine.stage.journal.FreeSpaceGuard;
import io.tickring.engine.stage.model.Scorer;
import io.tickring.journal.JournalLock;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.JournalWriteException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * What {@code demo} and {@code run} share: load the configuration, start the simulator feed and the
 * engine, journal into a new directory, print status lines and a summary with the digest.
 */
abstract class EngineCommand {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin JsonOption json = new JsonOption();

    @CommandLine.Option(
            names = "--journal",
            paramLabel = "DIR",
            description =
                    "New or empty directory for the journal (default: journals/<command>-<time>);"
                            + " locked while written: a second writer exits 2 naming the PID;"
                            + " with run --resume, the journal to continue.")
    Path journal;

    /**
     * The writer lock {@code run --resume} took on {@code --journal} before it read the journal,
     * handed to the engine's input journal (append mode), which holds it to the end of the run.
     */
    JournalLock resumeLock;

    int runEngine(String command, EngineConfig cfg, boolean operatorChannel) throws Exception {
        return runEngine(command, cfg, operatorChannel, false, false);
    }

    /**
     * Runs the engine; with {@code resume}, continues the journal at {@code --journal} (see {@link
     * RunResume}) instead of starting a new one; with {@code overEmpty}, starts a new one in a
     * directory whose queues hold no whole record (a run killed before its first).
     */
    int runEngine(
            String command,
            EngineConfig cfg,
            boolean operatorChannel,
            boolean resume,
            boolean overEmpty)
            throws Exception {
        AdminServer.requireToken(cfg); // before anything is created: a one-line error, exit 2
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter status = json.json ? spec.commandLine().getErr() : out;
        Path dir =
                journal != null
                        ? journal
                        : Path.of(
                                "journals",
                                command
                                        + "-"
                                        + LocalDateTime.now()
                                                .format(
                                                        DateTimeFormatter.ofPattern(
                                                                "yyyyMMdd-HHmmss", Locale.ROOT)));
        if (!resume && !overEmpty) {
            try {
                JournalPaths.requireWritable(dir);
            } catch (JournalFormatException e) {
                if (!command.equals("run") || !Files.isDirectory(JournalPaths.in(dir))) {
                    throw e; // --resume continues a journal; a file or a stranger's directory is
                    // not
                }
                throw new JournalFormatException(
                        e.getMessage() + " (or add --resume to continue it, if its run died)");
            }
        }
        Scorer scorer = EngineAssembler.scorer(cfg);
        RunResume.Plan plan = resume ? RunResume.check(dir, cfg, scorer) : null;
        EngineAssembler.Feed feed =
                plan == null
                        ? EngineAssembler.withOverlay(cfg, EngineAssembler.feed(cfg), dir)
                        : EngineAssembler.withOverlay(cfg, EngineAssembler.feed(cfg), dir, true);
        EventQueue control = EventQueue.manyToOne("operator", 1 << 16);
        boolean live = cfg.gateway().live();
        if (live) {
            LiveGuard.check(cfg, System.getenv());
        }
        Map<String, Object> sessionFields = new java.util.LinkedHashMap<>();
        sessionFields.put("source", cfg.source().kind());
        if (live) {
            sessionFields.put("gateway", cfg.gateway().kind());
            if (cfg.gateway().shadow()) {
                // The gateway section stays out of the configuration's JSON: the SESSION says that
                // the paper venue shadowed this run, so a replay writes its reports again.
                sessionFields.put(ShadowMode.SESSION_FIELD, "true");
            }
        }
        String session = EngineAssembler.sessionJson(command, cfg, scorer, sessionFields);
        long t0 = System.nanoTime();
        Engine.Builder builder =
                EngineAssembler.builder(cfg, scorer)
                        .policy(feed.policy)
                        .source(feed.source)
                        .control(control)
                        .adminToken(cfg.secrets().adminToken().orElse(null));
        // The kill latch: stdin and the admin API trip it the moment a kill arrives (through the
        // engine's OperatorCommands), and the paper and live gateways read it before every order.
        KillSwitch killSwitch = new KillSwitch();
        builder.killSwitch(killSwitch);
        io.tickring.adapters.fix.FixGateway[] fix = new io.tickring.adapters.fix.FixGateway[1];
        builder.shadow(live && cfg.gateway().shadow());
        if (live) {
            // A resumed live run keeps the dead run's ClOrdID tag (its SESSION time) and skips the
            // recovered records' orders; its cancels carry the restart's generation (ClOrdIds).
            long runStartNs = plan == null ? feed.startTimeNs : JournalSession.startTimeNs(dir);
            long recovered = plan == null ? 0 : plan.inRecords();
            int generation = plan == null ? 0 : io.tickring.journal.RestartLog.read(dir).size() + 1;
            builder.liveGateway(
                    reports ->
                            fix[0] =
                                    EngineAssembler.fixGateway(
                                            cfg,
                                            dir,
                                            runStartNs,
                                            recovered,
                                            generation,
                                            reports,
                                            killSwitch));
        }
        if (plan != null) {
            builder.resume(dir, plan.inRecords(), resumeLock)
                    .recoverLatch(plan.latchSequences(), plan.latchCalls());
        } else if (overEmpty) {
            builder.session(session, feed.startTimeNs)
                    .inputJournal(dir)
                    .outputJournal(dir)
                    .journalLock(resumeLock);
        } else {
            builder.session(session, feed.startTimeNs).inputJournal(dir).outputJournal(dir);
        }
        // /metrics (ops.metrics): bound before the engine exists, so a port in use stops the run
        // before it opens a journal; the stages are timed only when it is on.
        // ops.latency_log: the same stage timers, their intervals also written to stages.hlog.
        Path latencyLogFile = latencyLogFile(cfg, dir);
        EngineMetrics metrics = listenMetrics(cfg);
        StageLatencies latencies =
                metrics == null && latencyLogFile == null ? null : new StageLatencies();
        if (latencies != null) {
            builder.stageDecorator(latencies::wrap);
        }
        Engine engine;
        try {
            engine = builder.build();
            if (command.equals("run")) {
                // Beside the journal, outside its digest: run --resume without --config operates
                // the resumed run with it (endpoints, stop bound, event log).
                OpsFile.write(dir, cfg.ops());
            }
        } catch (RuntimeException e) {
            if (metrics != null) {
                metrics.close();
            }
            throw e;
        }
        // What /metrics and the admin status read: published figures, off the hot path.
        EngineFigures figures =
                new EngineFigures(
                        engine,
                        cfg.instruments().all(),
                        dir,
                        cfg.source().kind(),
                        feed::dropped,
                        feed.connected);
        if (metrics != null) {
            metrics.serve(figures, latencies);
            if (feed.overlay != null) {
                metrics.overlay(feed.overlay);
            }
        }
        // Before the disk is full: a journaled HALT, then a clean stop (the journal closes whole).
        FreeSpaceGuard freeSpace =
                new FreeSpaceGuard(
                        dir,
                        cfg.journal().minFreeBytes(),
                        control,
                        () -> {
                            awaitControl(engine, 500);
                            feed.stop();
                            engine.requestStop();
                        });
        AdminServer admin = null;
        // SIGTERM / SIGINT: a journaled STOP first (nothing released after it, working orders
        // cancelled if configured), then no more ingress; the ring drains and the run ends as
        // after its duration, within ops.stop.timeout.
        OpsConfig.Stop stopCfg = cfg.ops().stop();
        GracefulStop stop =
                new GracefulStop(
                        stopCfg.timeoutNs(),
                        () -> {
                            engine.stop(stopCfg.cancelOrders());
                            feed.stop();
                        });
        stop.install();
        Engine.Result result;
        String stopLeft = null;
        boolean pastBound = false;
        String inRecovery = null;
        long stopMs = -1;
        EventLog eventLog;
        StageLatencyLog latencyLog = null;
        try {
            if (latencyLogFile != null) {
                // After the build: the journal wants its directory empty until it has opened.
                latencyLog =
                        StageLatencyLog.start(
                                latencies, latencyLogFile, cfg.ops().latencyLog().intervalNs());
            }
            // The event log (ops.log): tails this run's journal on its own thread; see EventLog.
            eventLog =
                    EventLog.start(
                            command,
                            cfg,
                            dir,
                            plan != null ? plan.inRecords() : 0,
                            plan != null ? plan.outRecords() : 0);
            status.printf(
                    Locale.ROOT,
                    "%s: %s mode, %s, journal %s%n",
                    command,
                    cfg.run().mode().name().toLowerCase(Locale.ROOT),
                    durationText(cfg.run().durationNs()),
                    dir);
            if (metrics != null) {
                status.printf(Locale.ROOT, "%s: metrics on %s%n", command, metrics.url());
            }
            if (latencyLog != null) {
                status.printf(
                        Locale.ROOT, "%s: stage latencies to %s%n", command, latencyLog.file());
            }
            if (plan != null) {
                status.printf(
                        Locale.ROOT,
                        "%s: resuming %s: %d input and %d output records recorded; rebuilding%n",
                        command,
                        dir,
                        plan.inRecords(),
                        plan.outRecords());
            }
            admin =
                    AdminServer.start(
                            cfg,
                            control,
                            killSwitch,
                            new EngineStatus(figures, cfg, control, killSwitch)
                                    .latencies(latencies));
            if (admin != null) {
                status.println(command + ": admin on " + admin.url());
            }
            status.flush();
            engine.start();
            if (fix[0] != null) {
                awaitRecoveryThenReconcile(engine, fix[0]);
                startFix(fix[0], cfg, status);
            }
            feed.start();
            eventLog.watchFeed(cfg.source().kind(), feed.connected);
            freeSpace.start();
            InputStream operatorInput = ((Main) spec.root().userObject()).operatorInput;
            if (operatorChannel && operatorInput != null) {
                new OperatorChannel(operatorInput, engine.operatorCommands(), status).start();
            }
            long timeoutMs =
                    cfg.run().durationNs() > 0
                            ? cfg.run().durationNs() / 1_000_000 + 120_000
                            : Long.MAX_VALUE / 4;
            boolean inTime =
                    EngineRun.awaitWithin(
                            engine,
                            status,
                            cfg.run().statusIntervalNs(),
                            timeoutMs,
                            stop,
                            feed.overlay == null ? null : feed.overlay::statusText);
            if (!inTime) {
                pastBound = true;
                haltPastBound(engine, stop, killSwitch);
            } else if (stop.signalled() && plan != null && engine.sequencer().isRecovering()) {
                // Stopped before the recovery ended: what the ring still holds are recovered
                // records, which the next resume replays again. Halt there, and leave the journal
                // as resumable as it was (failed markers), not complete with half its outputs.
                inRecovery =
                        String.format(
                                Locale.ROOT,
                                "stopped during the recovery of run --resume, %d of %d input"
                                        + " records recovered; the journal is marked failed (run"
                                        + " --resume continues it)",
                                engine.sequencer().recovered(),
                                plan.inRecords());
                engine.halt(inRecovery);
            }
            if (stop.signalled()) {
                stopMs = stop.sinceSignalNs(System.nanoTime()) / 1_000_000;
            }
            result = engine.result();
        } finally {
            if (admin != null) {
                admin.close();
            }
            freeSpace.close();
            feed.stop();
            engine.requestStop();
            engine.close();
            if (latencyLog != null && !latencyLog.finish()) {
                status.println(command + ": writing " + latencyLog.file() + " failed");
            }
            if (fix[0] != null) {
                fix[0].close();
            }
            feed.close();
            if (metrics != null) {
                metrics.close();
            }
            stop.uninstall(); // after a signal the hook stays, waiting for Main's exit code
        }
        if (pastBound) {
            // Counted once the threads have stopped (close joined them).
            stopLeft =
                    String.format(
                            Locale.ROOT,
                            "stop did not finish within ops.stop.timeout (%.1f s): trading halted"
                                    + " with %d events not drained and %d orders still working;"
                                    + " the journal is marked failed (run --resume continues it)",
                            stop.timeoutNs() / 1e9,
                            engine.backlog(),
                            engine.router().workingOrders());
        }
        eventLog.stop(result, freeSpace.freeAtHalt() >= 0 ? "free_space" : null);
        if (plan != null && result.error() != null && engine.sequencer().isRecovering()) {
            // The journal does not follow from this configuration: bad input, in one line.
            throw new UsageException(result.error());
        }
        Map<String, Object> summary =
                EngineRun.summary(command, result, dir, System.nanoTime() - t0);
        summary.put("dropped", feed.dropped());
        if (fix[0] != null) {
            summary.put("gateway", "fix");
            summary.put("fix_logons", fix[0].logons());
            summary.put("fix_disconnects", fix[0].disconnects());
            summary.put("fix_messages_sent", fix[0].sent());
            summary.put("fix_reports", fix[0].reportsOffered());
            summary.put("fix_reconciliations", fix[0].reconciliations());
            summary.put("fix_differences", fix[0].differences());
            summary.put("fix_unexplained", fix[0].unexplained().size());
            for (String line : fix[0].unexplained()) {
                spec.commandLine()
                        .getErr()
                        .println("gateway: unexplained difference, trading stayed halted: " + line);
            }
        }
        if (stop.signalled()) {
            // Which way the run ended: a signal, drained in time or halted past the bound.
            summary.put(
                    "stop",
                    stopLeft != null
                            ? "timed_out"
                            : inRecovery != null ? "during_recovery" : "graceful");
            summary.put("stop_ms", stopMs);
            summary.put("undrained_events", engine.backlog());
            summary.put("working_orders", engine.router().workingOrders());
        }
        if (feed.overlay != null) {
            summary.put("sentiment", feed.overlay.toMap());
        }
        summary.put("drops_by_source", engine.dropsBySource());
        summary.put("overload_episodes", engine.overloadEpisodes());
        summary.putAll(feed.health());
        String feedFailure = feed.failure();
        if (feedFailure != null && result.error() == null) {
            summary.put("error", feedFailure);
            summary.put("exit", Main.FAILED);
        }
        if (plan != null) {
            summary.put("resumed", true);
            summary.put("recovered_in_records", engine.sequencer().recovered());
            summary.put("recovered_out_records", plan.outRecords());
            if (engine.sequencer().inFlightAtRestart() >= 0) {
                summary.put("in_flight_reports", engine.sequencer().inFlightAtRestart());
            }
        }
        if (result.error() != null) {
            summary.put("error", result.error());
            summary.put("exit", Main.FAILED);
        } else if (stopLeft != null) {
            summary.put("exit", Main.STOP_TIMED_OUT);
        }
        PrintWriter text = json.json ? spec.commandLine().getErr() : out;
        EngineRun.printSummary(text, summary);
        text.println("replay it with: ./tickring replay --journal " + dir + " --verify");
        text.flush();
        if (json.json) {
            out.println(jsonOf(summary));
            out.flush();
        }
        if (engine.failure() instanceof JournalWriteException j) {
            // A full disk or an I/O error: bad input to the run, said in one line, exit 2.
            spec.commandLine().getErr().println(j.getMessage());
            return Main.BAD_INPUT;
        }
        if (result.error() != null) {
            spec.commandLine().getErr().println(command + ": " + result.error());
            // A journal that does not follow from the configuration is bad input, not a failure.
            return plan != null && engine.sequencer().isRecovering() ? Main.BAD_INPUT : Main.FAILED;
        }
        if (feedFailure != null) {
            spec.commandLine().getErr().println(command + ": " + feedFailure);
            return Main.FAILED;
        }
        if (freeSpace.freeAtHalt() >= 0) {
            spec.commandLine().getErr().println(freeSpace.message());
            return Main.BAD_INPUT;
        }
        if (stopLeft != null) {
            spec.commandLine().getErr().println(command + ": " + stopLeft);
            return Main.STOP_TIMED_OUT;
        }
        if (inRecovery != null) {
            spec.commandLine().getErr().println(command + ": " + inRecovery);
        }
        return Main.OK;
    }

    /**
     * Where {@code ops.latency_log} writes this run's stage times, its directory created; null when
     * off.
     *
     * @throws UsageException naming the key if a configured directory cannot be created
     */
    private static Path latencyLogFile(EngineConfig cfg, Path journal) {
        OpsConfig.LatencyLog l = cfg.ops().latencyLog();
        if (!l.enabled()) {
            return null;
        }
        if (l.dir().isEmpty()) {
            return journal.resolve(StageLatencyLog.FILE);
        }
        Path d = Path.of(l.dir());
        try {
            Files.createDirectories(d);
        } catch (java.io.IOException | RuntimeException e) {
            throw new UsageException(
                    cfg.sourceName()
                            + ": ops.latency_log.dir: cannot create "
                            + d
                            + " ("
                            + e.getMessage()
                            + ")");
        }
        return d.resolve(journal.toAbsolutePath().getFileName() + "-" + StageLatencyLog.FILE);
    }

    /**
     * The {@code /metrics} endpoint when {@code ops.metrics.enabled}, listening; null when off.
     *
     * @throws UsageException naming the key if its address cannot be bound
     */
    private static EngineMetrics listenMetrics(EngineConfig cfg) {
        io.tickring.engine.config.OpsConfig.Endpoint m = cfg.ops().metrics();
        if (!m.enabled()) {
            return null;
        }
        try {
            return EngineMetrics.listen(m.bind(), m.port());
        } catch (java.io.IOException | RuntimeException e) {
            throw new UsageException(
                    cfg.sourceName()
                            + ": ops.metrics: cannot listen on "
                            + m.bind()
                            + ":"
                            + m.port()
                            + " ("
                            + e.getMessage()
                            + ")");
        }
    }

    /**
     * Tells the live gateway when the engine has handled every record recovered from the journal
     * ({@code run --resume}; at once for a new run), so it reconciles every order the journal
     * knows. Watches from a daemon thread: the engine is already running.
     */
    private static void awaitRecoveryThenReconcile(
            Engine engine, io.tickring.adapters.fix.FixGateway gateway) {
        Thread t =
                new Thread(
                        () -> {
                            while (engine.sequencer().isRecovering() && !engine.isDone()) {
                                try {
                                    Thread.sleep(5);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                            gateway.recoveryDone();
                        },
                        "tickring-fix-recovery");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Connects the live gateway and waits up to 10 s for its logon and its reconciliation, so the
     * first orders do not meet a session still connecting or reconciling (they would be rejected);
     * QuickFIX/J keeps retrying after.
     */
    private static void startFix(
            io.tickring.adapters.fix.FixGateway gateway, EngineConfig cfg, PrintWriter status)
            throws InterruptedException {
        io.tickring.engine.config.GatewayConfig.Fix f = cfg.gateway().fix();
        gateway.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!(gateway.loggedOn() && gateway.reconciled())
                && gateway.unexplained().isEmpty()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        status.printf(
                Locale.ROOT,
                "gateway: FIX 4.4 %s -> %s at %s:%d %s%n",
                f.senderCompId(),
                f.targetCompId(),
                f.host(),
                f.port(),
                gateway.loggedOn()
                        ? gateway.reconciled()
                                ? "logged on, orders reconciled"
                                : !gateway.unexplained().isEmpty()
                                        ? "logged on; trading halted: "
                                                + gateway.unexplained().get(0)
                                        : "logged on, reconciling"
                        : "not logged on yet (retrying every " + f.reconnectSeconds() + " s)");
        status.flush();
    }

    /**
     * The stop has passed {@code ops.stop.timeout}: trips the kill switch and halts the chain where
     * it is. The journals then close with {@code failed} end markers, so {@code run --resume} can
     * continue them.
     */
    private static void haltPastBound(Engine engine, GracefulStop stop, KillSwitch killSwitch) {
        // The latch first: a gateway that reads it releases nothing more, whatever the ring holds.
        killSwitch.trip(System.currentTimeMillis() * 1_000_000L);
        engine.halt(
                String.format(
                        Locale.ROOT,
                        "stop did not finish within ops.stop.timeout (%.1f s); trading halted",
                        stop.timeoutNs() / 1e9));
    }

    /** Waits until the Sequencer has published one more CONTROL event, or {@code timeoutMs}. */
    private static void awaitControl(Engine engine, long timeoutMs) {
        long before = engine.sequencer().published(io.tickring.core.EventType.CONTROL);
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (engine.sequencer().published(io.tickring.core.EventType.CONTROL) == before
                && !engine.isDone()
                && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static String jsonOf(Map<String, Object> fields) {
        JsonLine line = new JsonLine();
        fields.forEach(line::put);
        return line.toString();
    }

    static String durationText(long ns) {
        return ns <= 0 ? "until stopped (Ctrl-C)" : String.format(Locale.ROOT, "%.1f s", ns / 1e9);
    }
}
