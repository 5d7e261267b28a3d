package io.tickring.engine.ops.log;

import io.tickring.engine.Engine;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.Secrets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log of {@code run} and {@code demo}: one {@code key=value} line per event of interest
 * in {@code ops.log.dir/tickring.log}, through logback's async appender ({@link RollingLog}).
 *
 * <p>The cold path logs directly: {@code start} when the run starts, {@code stop} with its summary
 * figures when it has stopped, {@code signal_received} on SIGTERM / SIGINT. Everything that happens
 * in the ring (orders, fills, rejects, CONTROL events such as halt and kill, drop episodes, feed
 * gaps) is logged by the {@code tickring-eventlog} thread, which reads the run's own journal back
 * ({@link JournalTail}); the ring's stage threads never call a logger.
 *
 * <p>Use: {@link #start} once the engine is built, {@link #stop} once it is closed (its journals
 * complete). One run at a time per process.
 */
public final class EventLog {
    /** How long {@link #drain} waits for the thread to read the journal's rest. */
    private static final long DRAIN_MS = 5_000;

    /** How long a signal's shutdown hook holds the JVM for the {@code stop} line. */
    private static final long SIGNAL_WAIT_MS = 10_000;

    private static EventLog current;

    private final RollingLog files;
    private final Logger log;
    private final JournalTail tail;
    private final Thread thread;
    private final Thread hook;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean signalled;
    private volatile boolean running = true;
    private boolean behind;

    private EventLog(RollingLog files, Logger log, JournalTail tail) {
        this.files = files;
        this.log = log;
        this.tail = tail;
        this.thread = new Thread(tail, "tickring-eventlog");
        thread.setDaemon(true);
        // Below the ring's threads: on a small machine the log waits, the engine does not.
        thread.setPriority(Thread.MIN_PRIORITY);
        this.hook = new Thread(this::onSignal, "tickring-eventlog-signal");
    }

    /**
     * Opens the event log and starts its thread; logs the {@code start} line.
     *
     * @param command {@code run} or {@code demo}
     * @param journal the run's journal directory (the thread tails its queues)
     * @param skipIn input records already in the journal that a resumed run does not log again
     * @param skipOut output records likewise
     * @throws io.tickring.engine.config.ConfigException naming {@code ops.log.dir} if the log
     *     cannot be written
     */
    public static synchronized EventLog start(
            String command, EngineConfig cfg, Path journal, long skipIn, long skipOut) {
        if (current != null) {
            current.close(); // a run that ended by an exception before its stop line
        }
        RollingLog files = RollingLog.install(cfg.ops().log(), cfg.sourceName(), secrets(cfg));
        Logger log = LoggerFactory.getLogger(RollingLog.EVENTS);
        JournalTail tail =
                new JournalTail(journal, skipIn, skipOut, new EventLines(cfg.instruments()), log);
        EventLog e = new EventLog(files, log, tail);
        log.info(
                new EventLines.Line("start")
                        .put("command", command)
                        .put("mode", cfg.run().mode().name().toLowerCase(java.util.Locale.ROOT))
                        .put("journal", journal)
                        .put("config", cfg.sourceName())
                        .put("config_digest", cfg.digest())
                        .put("source", cfg.source().kind())
                        .put("duration_ns", cfg.run().durationNs())
                        .put("resumed", skipIn > 0)
                        .put("pid", ProcessHandle.current().pid())
                        .toString());
        e.thread.start();
        Runtime.getRuntime().addShutdownHook(e.hook);
        current = e;
        return e;
    }

    /**
     * Logs {@code feed_connected} / {@code feed_disconnected} when {@code connected} changes, as
     * the event-log thread sees it (polled every 100 ms).
     */
    public void watchFeed(String source, java.util.function.BooleanSupplier connected) {
        tail.watch(new FeedWatch(source, connected));
    }

    /** The active log file, or null if logging is not through logback. */
    public Path file() {
        return files == null ? null : files.path();
    }

    /**
     * Lets the thread read the rest of the journal, whose writers have closed, and end; waits for
     * it up to 5 s (past that the {@code stop} line says {@code log_behind=true}; the journal has
     * the records).
     */
    private void drain() {
        if (!running) {
            return;
        }
        running = false;
        tail.drain();
        try {
            thread.join(DRAIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            behind = true;
            tail.halt();
        }
    }

    /**
     * Reads the rest of the journal, whose writers have closed, logs the {@code stop} line with the
     * run's figures and closes the log. Never throws.
     *
     * @param result what the engine did
     * @param reason why the run stopped, or null to decide: {@code error} if the run failed, {@code
     *     signal} on SIGTERM / SIGINT or a journaled STOP, else {@code end} (its duration or its
     *     source ended)
     */
    public void stop(Engine.Result result, String reason) {
        try {
            drain();
            String why =
                    reason != null
                            ? reason
                            : result.error() != null
                                    ? "error"
                                    : signalled || tail.stopSeen() ? "signal" : "end";
            EventLines.Line line =
                    new EventLines.Line("stop")
                            .put("reason", why)
                            .put("events", result.events())
                            .put("decisions", result.decisions())
                            .put("orders", result.orders())
                            .put("fills", result.fills())
                            .put("rejects", result.rejects())
                            .put("position", result.grossPosition());
            result.rejectsByReason().forEach((k, v) -> line.put("rejects_" + k, v));
            result.pnlByCurrency().forEach((k, v) -> line.put("pnl_" + k, v.toPlainString()));
            result.feesByCurrency().forEach((k, v) -> line.put("fees_" + k, v.toPlainString()));
            line.put("digest", result.digest());
            if (result.error() != null) {
                line.put("error", result.error());
            }
            line.put("log_lines", tail.linesLogged());
            if (behind) {
                line.put("log_behind", true);
            }
            log.info(line.toString());
        } finally {
            close();
        }
    }

    private synchronized void close() {
        synchronized (EventLog.class) {
            if (current == this) {
                current = null;
            }
        }
        drain();
        if (files != null) {
            files.uninstall();
        }
        stopped.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the latch is open
        }
    }

    /**
     * SIGTERM / SIGINT (or any JVM exit) while the run is on: notes it and holds the JVM until the
     * {@code stop} line is written, up to 10 s.
     */
    private void onSignal() {
        if (!running) {
            return; // an exit after the run, not a signal during it
        }
        signalled = true;
        log.info("signal_received");
        try {
            stopped.await(SIGNAL_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> secrets(EngineConfig cfg) {
        List<String> s = new ArrayList<>();
        for (Secrets x : List.of(cfg.secrets(), Secrets.fromEnv(System.getenv()))) {
            x.apiKey().ifPresent(s::add);
            x.apiSecret().ifPresent(s::add);
            x.adminToken().ifPresent(s::add);
        }
        return s;
    }
}
