package io.tickring.engine.cli;

import io.tickring.core.codec.JournalFormatException;
import io.tickring.engine.Engine;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.ingress.EventQueue;
import io.tickring.engine.ingress.OperatorChannel;
import io.tickring.engine.ops.log.EventLog;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            feed.stop();
                            engine.requestStop();
                            try {
                                finished.await(20, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "tickring-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Engine.Result result;
        EventLog eventLog;
        try {
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
            eventLog.watchFeed(cfg.source().kind(), feed.connected);
            freeSpace.start();
            InputStream operatorInput = ((Main) spec.root().userObject()).operatorInput;
            if (operatorChannel && operatorInput != null) {
                new OperatorChannel(operatorInput, control, status).start();
            }
            long timeoutMs =
                    cfg.run().durationNs() > 0
                            ? cfg.run().durationNs() / 1_000_000 + 120_000
                            : Long.MAX_VALUE / 4;
            EngineRun.await(engine, status, cfg.run().statusIntervalNs(), timeoutMs);
            result = engine.result();
        } finally {
            freeSpace.close();
            feed.stop();
            engine.requestStop();
            engine.close();
            feed.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us.
            }
        }
        eventLog.stop(result, freeSpace.freeAtHalt() >= 0 ? "free_space" : null);
        if (plan != null && result.error() != null && engine.sequencer().isRecovering()) {
            // The journal does not follow from this configuration: bad input, in one line.
            throw new UsageException(result.error());
        }
        Map<String, Object> summary =
                EngineRun.summary(command, result, dir, System.nanoTime() - t0);
        summary.put("dropped", feed.dropped());
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
        return Main.OK;
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
