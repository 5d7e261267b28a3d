package io.tickring.engine.ops.metrics;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes the decision chain's per-stage times of a run to an HdrHistogram log ({@code
 * stages.hlog}), so that {@code paper.decision_latency: histogram FILE} can charge a backtest what
 * this run's stages took. A thread of its own wakes every interval and writes each stage's interval
 * histogram, tagged with the stage's name ({@link StageLatencies#log}); {@link #close} writes the
 * last interval after the engine has stopped. The stages' threads only record into {@link
 * StageLatencies}' single-writer recorders, as for {@code /metrics}: nothing here runs on the ring,
 * and the times never reach an event or a decision.
 */
public final class StageLatencyLog implements AutoCloseable {
    /** The log's name in the journal directory. */
    public static final String FILE = "stages.hlog";

    private final StageLatencies latencies;
    private final Path file;
    private final long intervalNs;
    private final PrintStream stream;
    private final HistogramLogLines lines;
    private final Thread thread;
    private volatile boolean stopping;
    private long intervalStartMs;
    private long written;

    private StageLatencyLog(StageLatencies latencies, Path file, long intervalNs)
            throws IOException {
        this.latencies = latencies;
        this.file = file;
        this.intervalNs = intervalNs;
        // A resumed run appends to its journal's log: the reader adds the intervals of a tag.
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        this.stream =
                new PrintStream(
                        new FileOutputStream(file.toFile(), true), false, StandardCharsets.UTF_8);
        this.lines = new HistogramLogLines(stream);
        this.intervalStartMs = System.currentTimeMillis();
        if (fresh) {
            // The header once, with HdrHistogram's own writer; the intervals through lines.
            HistogramLogWriter writer = new HistogramLogWriter(stream);
            writer.outputComment(
                    "tickring: each decision-chain stage's own time per event, ns, one event in "
                            + StageLatencies.SAMPLE_EVERY
                            + " sampled; a tag per stage");
            writer.outputLogFormatVersion();
            writer.outputStartTime(intervalStartMs);
            writer.outputLegend();
        }
        stream.flush();
        this.thread = new Thread(this::loop, "tickring-stage-latency-log");
        thread.setDaemon(true);
    }

    /**
     * Opens (or, on a resumed run, appends to) {@code file} and starts writing an interval every
     * {@code intervalNs}.
     *
     * @throws IOException if the file cannot be opened
     */
    public static StageLatencyLog start(StageLatencies latencies, Path file, long intervalNs)
            throws IOException {
        if (intervalNs <= 0) {
            throw new IllegalArgumentException("interval must be positive: " + intervalNs);
        }
        StageLatencyLog log = new StageLatencyLog(latencies, file, intervalNs);
        log.thread.start();
        return log;
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    /** Values written so far, all stages together. */
    public synchronized long written() {
        return written;
    }

    private void loop() {
        long next = System.nanoTime() + intervalNs;
        while (!stopping) {
            long left = next - System.nanoTime();
            if (left > 0) {
                LockSupport.parkNanos(this, left);
                continue;
            }
            next += intervalNs;
            writeInterval();
        }
    }

    private synchronized void writeInterval() {
        long endMs = System.currentTimeMillis();
        written += latencies.log(lines, intervalStartMs, endMs, System.nanoTime());
        intervalStartMs = endMs;
        stream.flush();
    }

    /**
     * Stops the thread, writes what was recorded since the last interval, and closes the file. Call
     * after the engine has stopped, so the last interval holds every event it timed.
     *
     * @return false if writing the file failed at some point (the log may be incomplete)
     */
    public boolean finish() {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeInterval();
        stream.close();
        return !stream.checkError();
    }

    @Override
    public void close() {
        finish();
    }
}
