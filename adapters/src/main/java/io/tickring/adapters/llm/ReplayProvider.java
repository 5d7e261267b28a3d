package io.tickring.adapters.llm;

import io.tickring.adapters.news.Headline;
import java.util.List;

/**
 * The offline provider: gives each headline the score recorded beside it in the news file (what an
 * LLM once said), with its recorded latency and no cost. It makes the demo and tests run without a
 * network, and gives the same answer every time.
 */
public final class ReplayProvider implements SentimentProvider {
    private final String name;

    public ReplayProvider(String name) {
        this.name = name;
    }

    /** The score of the newest headline; null (abstains) if it carries none. */
    @Override
    public SentimentResult score(String symbol, List<Headline> headlines) {
        Headline h = headlines.get(headlines.size() - 1);
        Headline.PreScore s = h.preScored();
        if (s == null) {
            return null;
        }
        return new SentimentResult(
                symbol,
                s.sentiment(),
                s.confidence(),
                s.horizonMinutes(),
                "",
                name,
                s.model(),
                h.contentHash(),
                0,
                0,
                0,
                s.latencyNs());
    }

    @Override
    public String name() {
        return name;
    }
}
