package io.tickring.adapters.llm;

import io.tickring.adapters.news.Headline;
import java.util.List;

/**
 * Scores the recent headlines about one symbol. Called on the overlay's own threads, never on the
 * ring's: it may take seconds and fail.
 */
public interface SentimentProvider {
    /**
     * The score of {@code headlines} (all about {@code symbol}, newest last), or null when the
     * provider abstains or fails; the provider counts why.
     */
    SentimentResult score(String symbol, List<Headline> headlines);

    /** The provider's name, for provenance and messages. */
    String name();
}
