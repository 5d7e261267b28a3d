package io.tickring.engine.cli;

import io.tickring.engine.Engine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a started engine to its end with a status line every interval, and the summary every run
 * command prints: the part of a run the user watches. The engine is built by {@link
 * EngineAssembler}.
 */
final class EngineRun {
    private EngineRun() {}

    /**
     * Runs a started engine to its end, printing a status line every {@code intervalNs} (0: none).
     *
     * @throws IllegalStateException if the run has not finished after {@code timeoutMs}, after
     *     marking the engine failed so that its journal is not closed as complete
     */
    static void await(Engine engine, PrintWriter status, long intervalNs, long timeoutMs)
            throws InterruptedException {
        await(engine, status, intervalNs, timeoutMs, null);
    }

    /**
     * Like {@link #await(Engine, PrintWriter, long, long)}, with a progress line instead of the
     * status lines when {@code progress} is not null; the line is cleared when the run ends.
     */
    static void await(
            Engine engine,
            PrintWriter status,
            long intervalNs,
            long timeoutMs,
            ProgressLine progress)
            throws InterruptedException {
        try {
            awaitRun(
                    engine,
                    status,
                    progress != null ? 0 : intervalNs,
                    timeoutMs,
                    progress,
                    null,
                    null);
        } finally {
            if (progress != null) {
                progress.clear();
            }
        }
    }

    /**
     * Like {@link #await(Engine, PrintWriter, long, long)} for a run that stops gracefully on a
     * signal: returns false as soon as the stop has run past its bound ({@link
     * GracefulStop#pastBound}), with the engine still running; true once the run finished. {@code
     * suffix}'s text (if not null) ends each status line: the sentiment overlay's.
     */
    static boolean awaitWithin(
            Engine engine,
            PrintWriter status,
            long intervalNs,
            long timeoutMs,
            GracefulStop stop,
            java.util.function.Supplier<String> suffix)
            throws InterruptedException {
        return awaitRun(engine, status, intervalNs, timeoutMs, null, stop, suffix);
    }

    private static boolean awaitRun(
            Engine engine,
            PrintWriter status,
            long intervalNs,
            long timeoutMs,
            ProgressLine progress,
            GracefulStop stop,
            java.util.function.Supplier<String> suffix)
            throws InterruptedException {
        long start = System.nanoTime();
        if (progress != null) {
            progress.start(start);
        }
        long next = start + (intervalNs > 0 ? intervalNs : Long.MAX_VALUE / 2);
        long lastEvents = 0;
        long lastAt = start;
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!engine.isDone()) {
            Thread.sleep(10);
            long now = System.nanoTime();
            if (stop != null && stop.pastBound(now)) {
                return false;
            }
            if (progress != null) {
                progress.update(now);
            }
            if (intervalNs > 0 && now >= next) {
                long events = engine.eventsPublished();
                double rate = (events - lastEvents) / ((now - lastAt) / 1e9);
                status.printf(
                        Locale.ROOT,
                        "t=%5.1fs events=%d (%.0f/s) orders=%d fills=%d position=%d pnl=%.2f"
                                + " backlog=%d drops=%d%s%n",
                        (now - start) / 1e9,
                        events,
                        rate,
                        engine.router().orders(),
                        engine.router().fills(),
                        engine.router().portfolio().grossPosition(),
                        engine.router().portfolio().pnl(),
                        engine.ringBacklog(),
                        engine.drops(),
                        suffix == null ? "" : suffix.get());
                status.flush();
                lastEvents = events;
                lastAt = now;
                next += intervalNs;
            }
            if (System.currentTimeMillis() > deadline) {
                String reason = "run did not finish within " + timeoutMs / 1000 + " s";
                engine.fail(reason); // its journal's end markers say failed, not complete
                throw new IllegalStateException(reason);
            }
        }
        return true;
    }

    /** The summary every run command prints, as ordered fields for text and JSON. */
    static Map<String, Object> summary(
            String command, Engine.Result r, Path journal, long elapsedNs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("events", r.events());
        m.put("events_by_type", r.eventsByType());
        m.put("decisions", r.decisions());
        m.put("orders", r.orders());
        m.put("fills", r.fills());
        m.put("rejects", r.rejects());
        m.put("rejects_by_reason", r.rejectsByReason());
        m.put("out_records", r.outRecords());
        m.put("position", r.grossPosition());
        // Money per settlement currency, never summed across currencies: {"USD": 12.34, "BTC":
        // 0.00027322}.
        m.put("pnl", r.pnlByCurrency());
        m.put("fees", r.feesByCurrency());
        m.put("cash", r.cashByCurrency());
        m.put("digest", r.digest());
        if (journal != null) {
            m.put("journal", journal.toString());
        }
        m.put("elapsed_ms", elapsedNs / 1_000_000);
        return m;
    }

    /** Prints a summary as aligned text lines. */
    static void printSummary(PrintWriter out, Map<String, Object> summary) {
        for (Map.Entry<String, Object> e : summary.entrySet()) {
            out.printf(Locale.ROOT, "%-16s %s%n", e.getKey(), e.getValue());
        }
    }
}
