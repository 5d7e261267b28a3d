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
