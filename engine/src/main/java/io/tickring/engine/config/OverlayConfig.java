package io.tickring.engine.config;

import java.util.Objects;

/**
 * The {@code overlay} section: the asynchronous sentiment overlay — where headlines come from, who
 * scores them, and how far the strategy may let a score move it. It changes decisions, so it is
 * part of the configuration's JSON and digest, but only when it differs from {@link #DEFAULT}: a
 * journal recorded before the overlay existed keeps its digest.
 *
 * @param enabled whether the overlay runs
 * @param news the headline source
 * @param provider who scores the headlines
 * @param queueCapacity bytes of the overlay's ingress queue; a full queue drops and counts
 */
public record OverlayConfig(boolean enabled, News news, Provider provider, int queueCapacity) {
    /** Off; the bundled demo headlines with their recorded scores if turned on. */
    public static final OverlayConfig DEFAULT =
            new OverlayConfig(
                    false,
                    new News("headlines-demo.jsonl", null, true, 3_600_000_000_000L),
                    Provider.REPLAY,
                    1 << 16);

    public OverlayConfig {
        Objects.requireNonNull(news, "news");
        Objects.requireNonNull(provider, "provider");
        if (queueCapacity <= 0) {
            throw new IllegalArgumentException("queue capacity must be positive: " + queueCapacity);
        }
    }

    /**
     * True when this section would change nothing a journal records: it is left out of the JSON.
     */
    boolean isDefault() {
        return enabled == DEFAULT.enabled
                && news.file.equals(DEFAULT.news.file)
                && news.rebase == DEFAULT.news.rebase
                && news.maxAgeNs == DEFAULT.news.maxAgeNs
                && news.feeds.isEmpty()
                && provider.equals(DEFAULT.provider)
                && queueCapacity == DEFAULT.queueCapacity;
    }

    /**
     * {@code overlay.news}: a JSON-lines file of headlines replayed in event time, and RSS/Atom
     * feeds polled live.
     *
     * @param file the path as written (relative paths resolve against the configuration file)
     * @param text reads the file's text (relative paths resolved), or null where paths do not
     *     resolve (a configuration rebuilt from a journal: replay reads the journal's SENTIMENT
     *     events, never the news); throws {@link io.tickring.adapters.news.NewsFormatException} if
     *     there is no such file
     * @param rebase move every time in the file by one amount so its first headline's receipt is
     *     the run's start: a recorded file then plays along any run
     * @param maxAgeNs older than this when received: dropped as stale (0 = no limit)
     * @param feeds RSS and Atom feeds polled over HTTP beside the file (live, LLM provider)
     */
    public record News(
            String file,
            java.util.function.Supplier<String> text,
            boolean rebase,
            long maxAgeNs,
            java.util.List<Feed> feeds) {
        public News {
            Objects.requireNonNull(file, "file");
            if (maxAgeNs < 0) {
                throw new IllegalArgumentException("max age must be >= 0: " + maxAgeNs);
            }
            feeds = java.util.List.copyOf(feeds);
        }

        /** A news source of the file alone, without feeds. */
        public News(
                String file,
                java.util.function.Supplier<String> text,
                boolean rebase,
                long maxAgeNs) {
            this(file, text, rebase, maxAgeNs, java.util.List.of());
        }
    }

    /**
     * {@code overlay.news.feeds[]}: an RSS or Atom feed polled over HTTP (live runs with an LLM
     * provider only).
     *
     * @param url the feed's http(s) URL
     * @param symbols the instruments every item of the feed is about
     * @param intervalNs the time between two polls
     */
    public record Feed(String url, java.util.List<String> symbols, long intervalNs) {
        public Feed {
            Objects.requireNonNull(url, "url");
            symbols = java.util.List.copyOf(symbols);
        }
    }

    /**
     * {@code overlay.provider}: who scores headlines. {@code replay} takes the scores recorded in
     * the news file; {@code openai} calls an OpenAI-compatible chat-completions endpoint (live mode
     * only: a sim run or a backtest never calls an LLM).
     *
     * @param kind {@code replay} or {@code openai}
     * @param name the provider's name in provenance records
     * @param baseUrl the endpoint's base URL, e.g. {@code http://127.0.0.1:8000/v1}
     * @param model the model asked for
     * @param apiKeyEnv the environment variable holding the API key (the key itself is never in the
     *     configuration)
     * @param airGapped only loopback endpoints are allowed; any other URL is refused at start
     * @param timeoutNs the bound on one HTTP call
     * @param maxRetries retries after a 429, a 5xx or a timeout
     * @param concurrency calls in flight at once
     * @param ratePerMinute calls started per minute at most
     * @param dailyBudgetMicros spending per UTC day in millionths of the currency; 0 = no limit
     * @param inputCostPerMtokMicros price of a million prompt tokens, in millionths
     * @param outputCostPerMtokMicros price of a million completion tokens, in millionths
     * @param minHeadlines fewer headlines about a symbol within {@code windowNs}: abstain
     * @param windowNs how far back the headlines of one call reach
     */
    public record Provider(
            String kind,
            String name,
            String baseUrl,
            String model,
            String apiKeyEnv,
            boolean airGapped,
            long timeoutNs,
            int maxRetries,
            int concurrency,
            int ratePerMinute,
            long dailyBudgetMicros,
            long inputCostPerMtokMicros,
            long outputCostPerMtokMicros,
            int minHeadlines,
            long windowNs) {
        public static final String REPLAY_KIND = "replay";
        public static final String OPENAI_KIND = "openai";

        static final Provider REPLAY =
                new Provider(
                        REPLAY_KIND,
                        "replay",
                        "http://127.0.0.1:8000/v1",
                        "replay",
                        "TICKRING_LLM_API_KEY",
                        true,
                        10_000_000_000L,
                        2,
                        2,
                        60,
                        0,
                        0,
                        0,
                        1,
                        900_000_000_000L);

        public Provider {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        }
    }
}
