package io.tickring.adapters.llm;

/**
 * One validated sentiment score with where it came from: what the overlay turns into a SENTIMENT
 * event (the score) and a provenance record (the rest).
 *
 * @param symbol the instrument it is about
 * @param sentiment in [-1, 1]
 * @param confidence in [0, 1]
 * @param horizonMinutes how long the provider meant it to matter
 * @param rationale the provider's one-line reason (never read by the engine)
 * @param provider the provider's name in the configuration
 * @param model the model that scored it
 * @param promptHash SHA-256 (hex) of the prompt: the cache key, and what makes the call auditable
 * @param inputTokens prompt tokens the call was billed for (0 for a replay or a cache hit)
 * @param outputTokens completion tokens billed
 * @param costMicros cost in millionths of the provider's currency
 * @param latencyNs how long the scoring took
 */
public record SentimentResult(
        String symbol,
        double sentiment,
        double confidence,
        int horizonMinutes,
        String rationale,
        String provider,
        String model,
        String promptHash,
        long inputTokens,
        long outputTokens,
        long costMicros,
        long latencyNs) {}
