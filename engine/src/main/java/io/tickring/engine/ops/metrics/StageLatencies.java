package io.tickring.engine.ops.metrics;

import io.tickring.engine.ring.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Each stage's own time per event, for {@code /metrics}: {@link #wrap} puts a {@link StageTimer} on
 * a stage (the engine's {@code stageDecorator}), which records a sample of events on the stage's
 * thread; {@link #read} takes what was recorded since the last read, off the hot path, and gives
 * the running count and sum and the quantiles over a sliding window of about a minute; {@link #log}
 * writes what was recorded since its last call to an HdrHistogram log, one tagged interval per
 * decision-chain stage ({@link StageLatencyLog}). Both readers take the recorders' intervals
 * through one place, so neither loses what the other took.
 *
 * <p>The window is {@value #BUCKETS} buckets of {@value #BUCKET_SECONDS} s: a read adds its
 * interval to the current bucket, and quantiles come from the buckets of the last minute merged (as
 * the Prometheus client's own summaries age their observations). Values are kept to two significant
 * digits (1 %), from 1 ns to {@value #MAX_NS} ns; the sum is the histogram's, so within that
 * precision.
 */
public final class StageLatencies {
    /** One event in this many is timed (a power of two; chosen by ring sequence). */
    public static final int SAMPLE_EVERY = 16;

    /** The largest time recorded, 10 s; longer ones are recorded as this. */
    static final long MAX_NS = 10_000_000_000L;

    private static final int DIGITS = 2;
    static final int BUCKETS = 6;
    static final int BUCKET_SECONDS = 10;

    /** The quantiles each stage reports. */
    static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};

    private final Map<String, Series> series = new LinkedHashMap<>();

    /**
     * Wraps {@code stage} with a timer; call before the engine starts (its decorator does), once
     * per stage.
     */
    public synchronized Stage wrap(Stage stage) {
        Series s = new Series(stage.role() != Stage.Role.JOURNAL);
        if (series.putIfAbsent(stage.name(), s) != null) {
            throw new IllegalArgumentException("stage timed twice: " + stage.name());
        }
        return new StageTimer(stage, s.recorder);
    }

    /** The timed stages' names, in the order they were wrapped. */
    public synchronized List<String> stages() {
        return new ArrayList<>(series.keySet());
    }

    /**
     * What each stage recorded: its running count and sum, and its quantiles over the last minute
     * (NaN while the window is empty). {@code nowNs} is {@code System.nanoTime()}.
     */
    public synchronized Map<String, Figures> read(long nowNs) {
        Map<String, Figures> out = new LinkedHashMap<>();
        for (Map.Entry<String, Series> e : series.entrySet()) {
            e.getValue().collect(nowNs);
            out.put(e.getKey(), e.getValue().figures(nowNs));
        }
        return out;
    }

    /**
     * Writes, for each stage of the decision chain (features, model, strategy, risk, router: the
     * stages an order passes through), what it recorded since the last call as one interval
     * histogram tagged with the stage's name, the form {@code paper.decision_latency: histogram
     * FILE} reads back. The journal stage is left out: it runs beside the chain, not in it, so its
     * time is not part of a decision's. An interval in which no stage recorded anything writes
     * nothing; otherwise every stage is written, in the chain's order. Runs off the hot path, on
     * the logging thread.
     *
     * @param writer the log
     * @param startMs the interval's start, ms since the epoch
     * @param endMs its end, ms since the epoch
     * @param nowNs {@code System.nanoTime()}, for the {@code /metrics} window
     * @return the values written, all stages together
     */
    synchronized long log(HistogramLogLines writer, long startMs, long endMs, long nowNs) {
        long written = 0;
        for (Series s : series.values()) {
            s.collect(nowNs);
            written += s.logged ? s.unlogged.getTotalCount() : 0;
        }
        if (written == 0) {
            return 0;
        }
        // Every logged stage, empty or not, once any has values: the stages then appear in the
        // file in the chain's order, whichever the log thread happened to catch first.
        for (Map.Entry<String, Series> e : series.entrySet()) {
            Series s = e.getValue();
            if (s.logged) {
                writer.write(s.unlogged, e.getKey(), startMs, endMs);
                s.unlogged.reset();
            }
        }
        return written;
    }

    /**
     * One stage's figures.
     *
     * @param count events timed since the start
     * @param sumSeconds their summed time, seconds
     * @param quantiles the value of each of {@link #QUANTILES} over the window, seconds
     */
    public record Figures(long count, double sumSeconds, double[] quantiles) {}

    /** One stage's recorder and the reader's histograms; read under the enclosing lock. */
    private static final class Series {
        final SingleWriterRecorder recorder = new SingleWriterRecorder(1, MAX_NS, DIGITS);
        final Histogram total = new Histogram(1, MAX_NS, DIGITS);

        /** Recorded since the last {@link StageLatencies#log}; kept only for logged stages. */
        final Histogram unlogged = new Histogram(1, MAX_NS, DIGITS);

        final boolean logged;
        final Histogram[] buckets = new Histogram[BUCKETS];
        final long[] bucketEpoch = new long[BUCKETS];
        final Histogram window = new Histogram(1, MAX_NS, DIGITS);
        Histogram interval;

        Series(boolean logged) {
            this.logged = logged;
            for (int b = 0; b < BUCKETS; b++) {
                buckets[b] = new Histogram(1, MAX_NS, DIGITS);
                bucketEpoch[b] = Long.MIN_VALUE;
            }
        }

        /** Takes the recorder's interval into the total, the window and the log's share. */
        void collect(long nowNs) {
            interval = recorder.getIntervalHistogram(interval);
            total.add(interval);
            if (logged) {
                unlogged.add(interval);
            }
            long epoch = Math.floorDiv(nowNs, BUCKET_SECONDS * 1_000_000_000L);
            int b = (int) Math.floorMod(epoch, (long) BUCKETS);
            if (bucketEpoch[b] != epoch) {
                buckets[b].reset(); // a minute old: its values leave the window
                bucketEpoch[b] = epoch;
            }
            buckets[b].add(interval);
        }

        /** The figures as of {@code nowNs}, after a {@link #collect} at that time. */
        Figures figures(long nowNs) {
            long epoch = Math.floorDiv(nowNs, BUCKET_SECONDS * 1_000_000_000L);
            window.reset();
            for (int k = 0; k < BUCKETS; k++) {
                if (bucketEpoch[k] > epoch - BUCKETS) {
                    window.add(buckets[k]);
                }
            }
            double[] q = new double[QUANTILES.length];
            for (int k = 0; k < q.length; k++) {
                q[k] =
                        window.getTotalCount() == 0
                                ? Double.NaN
                                : window.getValueAtPercentile(QUANTILES[k] * 100) / 1e9;
            }
            long count = total.getTotalCount();
            return new Figures(count, count == 0 ? 0 : total.getMean() * count / 1e9, q);
        }
    }
}
