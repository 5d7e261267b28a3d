package io.tickring.engine.cli;

import io.tickring.core.codec.JournalFormatException;
import io.tickring.engine.Engine;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.OpsConfig;
import io.tickring.engine.ingress.EventQueue;
import io.tickring.engine.ingress.OperatorChannel;
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
        EngineAssembler.Feed feed = EngineAssembler.feed(cfg);
        EventQueue control = EventQueue.manyToOne("operator", 1 << 16);
        String session =
                EngineAssembler.sessionJson(
                        command, cfg, scorer, Map.of("source", cfg.source().kind()));
        long t0 = System.nanoTime();
        Engine.Builder builder =
                EngineAssembler.builder(cfg, scorer)
                        .policy(feed.policy)
                        .source(feed.source)
                        .control(control);
        if (plan != null) {
            builder.resume(dir, plan.inRecords(), resumeLock);
        } else if (overEmpty) {
            builder.session(session, feed.startTimeNs)
                    .inputJournal(dir)
                    .outputJournal(dir)
                    .journalLock(resumeLock);
        } else {
            builder.session(session, feed.startTimeNs).inputJournal(dir).outputJournal(dir);
        }
        Engine engine = builder.build();
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
        try {
            status.printf(
                    Locale.ROOT,
                    "%s: %s mode, %s, journal %s%n",
                    command,
                    cfg.run().mode().name().toLowerCase(Locale.ROOT),
                    durationText(cfg.run().durationNs()),
                    dir);
            if (plan != null) {
                status.printf(
                        Locale.ROOT,
                        "%s: resuming %s: %d input and %d output records recorded; rebuilding%n",
                        command,
                        dir,
                        plan.inRecords(),
                        plan.outRecords());
            }
            status.flush();
            engine.start();
            feed.start();
            freeSpace.start();
            InputStream operatorInput = ((Main) spec.root().userObject()).operatorInput;
            if (operatorChannel && operatorInput != null) {
                new OperatorChannel(operatorInput, control, status).start();
            }
            long timeoutMs =
                    cfg.run().durationNs() > 0
                            ? cfg.run().durationNs() / 1_000_000 + 120_000
                            : Long.MAX_VALUE / 4;
            boolean inTime =
                    EngineRun.awaitWithin(
                            engine, status, cfg.run().statusIntervalNs(), timeoutMs, stop);
            if (!inTime) {
                pastBound = true;
                haltPastBound(engine, stop);
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
            freeSpace.close();
            feed.stop();
            engine.requestStop();
            engine.close();
            feed.close();
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
        if (plan != null && result.error() != null && engine.sequencer().isRecovering()) {
            // The journal does not follow from this configuration: bad input, in one line.
            throw new UsageException(result.error());
        }
        Map<String, Object> summary =
                EngineRun.summary(command, result, dir, System.nanoTime() - t0);
        summary.put("dropped", feed.dropped());
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
     * The stop has passed {@code ops.stop.timeout}: trips the kill switch and halts the chain where
     * it is. The journals then close with {@code failed} end markers, so {@code run --resume} can
     * continue them.
     */
    private static void haltPastBound(Engine engine, GracefulStop stop) {
        // KILL SWITCH: trip the engine's io.tickring.core.KillSwitch here, before anything else,
        // once the kill-switch work has wired one into the engine (issue 14, item 2); until then
        // halting the stage threads below is what stops the router releasing orders.
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
