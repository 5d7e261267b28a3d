package io.tickring.adapters.llm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What the LLM client did: calls, cache hits, errors by kind, tokens and cost. Thread-safe. */
public final class LlmCounters {
    /** Why a call gave no score. */
    public enum Error {
        RATE_LIMITED,
        SERVER_ERROR,
        TIMEOUT,
        MALFORMED,
        REFUSAL,
        SCHEMA_VIOLATION,
        OUT_OF_RANGE,
        BUDGET_EXHAUSTED,
        CIRCUIT_OPEN,
        BUSY,
        HTTP_ERROR
    }

    final AtomicLong calls = new AtomicLong();
    final AtomicLong cacheHits = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong scored = new AtomicLong();
    final AtomicLong inputTokens = new AtomicLong();
    final AtomicLong outputTokens = new AtomicLong();
    final AtomicLong costMicros = new AtomicLong();
    private final AtomicLong[] errors = new AtomicLong[Error.values().length];

    /** The latest HTTP calls' latencies, for the quantiles; a ring of {@link #LATENCY_SAMPLES}. */
    private final long[] latencies = new long[LATENCY_SAMPLES];

    private long latencyCount;
    private long latencySumNs;

    /** How many of the latest calls the latency quantiles cover. */
    public static final int LATENCY_SAMPLES = 1024;

    public LlmCounters() {
        for (int i = 0; i < errors.length; i++) {
            errors[i] = new AtomicLong();
        }
    }

    void error(Error e) {
        errors[e.ordinal()].incrementAndGet();
    }

    public long errors(Error e) {
        return errors[e.ordinal()].get();
    }

    /** Records one HTTP call's latency, answered or not. */
    synchronized void latency(long ns) {
        latencies[(int) (latencyCount % LATENCY_SAMPLES)] = ns;
        latencyCount++;
        latencySumNs += ns;
    }

    /** HTTP calls timed. */
    public synchronized long latencyCount() {
        return latencyCount;
    }

    /** The sum of every timed call's latency, in seconds. */
    public synchronized double latencySumSeconds() {
        return latencySumNs / 1e9;
    }

    /**
     * The {@code q} quantile (0..1) of the latest {@link #LATENCY_SAMPLES} calls' latencies in
     * seconds (nearest rank), or NaN before the first call.
     */
    public double latencyQuantileSeconds(double q) {
        long[] sorted;
        synchronized (this) {
            int n = (int) Math.min(latencyCount, LATENCY_SAMPLES);
            if (n == 0) {
                return Double.NaN;
            }
            sorted = java.util.Arrays.copyOf(latencies, n);
        }
        java.util.Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e9;
    }

    public long retries() {
        return retries.get();
    }

    public long inputTokens() {
        return inputTokens.get();
    }

    public long outputTokens() {
        return outputTokens.get();
    }

    /** HTTP calls made (each retry counts). */
    public long calls() {
        return calls.get();
    }

    public long cacheHits() {
        return cacheHits.get();
    }

    public long scored() {
        return scored.get();
    }

    public long costMicros() {
        return costMicros.get();
    }

    /** Every counter by name, for summaries. */
    public Map<String, Long> toMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("calls", calls.get());
        m.put("cache_hits", cacheHits.get());
        m.put("retries", retries.get());
        m.put("scored", scored.get());
        m.put("input_tokens", inputTokens.get());
        m.put("output_tokens", outputTokens.get());
        m.put("cost_micros", costMicros.get());
        for (Error e : Error.values()) {
            m.put(e.name().toLowerCase(java.util.Locale.ROOT), errors(e));
        }
        return m;
    }
}
