package io.tickring.bench.latency;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One named latency series: a {@link SingleWriterRecorder} that one thread records into (wait-free,
 * allocation-free for values in range), the whole run's histogram, and an HdrHistogram interval log
 * ({@code NAME.hlog}) that the sampling thread writes one interval histogram to per {@link
 * #sample()}.
 */
final class LatencySeries implements AutoCloseable {
    /** The largest value recorded, in ns (60 s); a larger one is recorded as this and counted. */
    static final long MAX_NS = 60_000_000_000L;

    private final String name;
    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, MAX_NS, 3);
    private final Histogram total = new Histogram(1, MAX_NS, 3);
    private final PrintStream logStream;
    private final HistogramLogWriter log;
    private Histogram interval;
    private long clamped;

    /**
     * @param name the series' name, also its log file's
     * @param logDir where {@code NAME.hlog} goes, or null for no log
     * @param startMs the run's start in epoch ms, written as the log's base time
     */
    LatencySeries(String name, Path logDir, long startMs) throws FileNotFoundException {
        this.name = name;
        if (logDir == null) {
            logStream = null;
            log = null;
        } else {
            logStream = new PrintStream(logDir.resolve(name + ".hlog").toFile());
            log = new HistogramLogWriter(logStream);
            log.outputComment("tickring bench latency: " + name + ", values in ns");
            log.outputStartTime(startMs);
            log.setBaseTime(startMs);
            log.outputLegend();
        }
    }

    String name() {
        return name;
    }

    /** Records one value in ns; only the series' one writer thread may call it. */
    void record(long ns) {
        if (ns < 1) {
            ns = 1;
        } else if (ns > MAX_NS) {
            ns = MAX_NS;
            clamped++;
        }
        recorder.recordValue(ns);
    }

    /**
     * Takes the values recorded since the last call into the total and the log. Called by one
     * sampling thread; the writer keeps recording meanwhile.
     */
    void sample() {
        interval = recorder.getIntervalHistogram(interval);
        if (interval.getTotalCount() > 0) {
            total.add(interval);
            if (log != null) {
                log.outputIntervalHistogram(interval);
            }
        }
    }

    /** The run's histogram, after a final {@link #sample()}. */
    Histogram total() {
        return total;
    }

    /** Values above {@link #MAX_NS}, recorded as that. Read after the writer stopped. */
    long clamped() {
        return clamped;
    }

    @Override
    public void close() {
        if (logStream != null) {
            logStream.close();
        }
    }
}
