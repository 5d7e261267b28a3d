package io.tickring.engine.ops.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.Unit;
import io.tickring.adapters.llm.LlmCounters;
import io.tickring.adapters.news.FeedPoller;
import io.tickring.engine.overlay.OverlayCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The sentiment overlay's series on {@code /metrics}: headlines read and dropped by reason, scores,
 * abstentions and SENTIMENT events, the LLM's calls, errors by kind, latency, tokens, cost and
 * budget, the feeds' polls, and the age of each symbol's last score. All are callbacks read at
 * scrape time from the overlay's own counters, on the exporter's thread; the LLM and feed series
 * read zero when the run has no LLM or no feeds. docs/metrics.md has the table.
 */
final class OverlayMetrics {
    private OverlayMetrics() {}

    /** The quantiles of {@code tickring_overlay_llm_latency_seconds}. */
    static final double[] QUANTILES = {0.5, 0.99};

    static void register(PrometheusRegistry registry, OverlayCounters c) {
        CounterWithCallback.builder()
                .name("tickring_overlay_headlines_total")
                .help("Headlines the overlay's news sources delivered (file and feeds)")
                .callback(cb -> cb.call(c.news().read()))
                .register(registry);
        CounterWithCallback.builder()
                .name("tickring_overlay_headlines_dropped_total")
                .help("Headlines dropped before scoring, by reason (the point-in-time rules)")
                .labelNames("reason")
                .callback(
                        cb -> {
                            for (Map.Entry<String, Long> e :
                                    c.news().droppedByReason().entrySet()) {
                                cb.call(e.getValue(), e.getKey());
                            }
                        })
                .register(registry);
        counter(registry, "tickring_overlay_scores_total", "Scores made", c::scored);
        counter(
                registry,
                "tickring_overlay_abstentions_total",
                "Headlines not scored because the symbol's news was too thin",
                c::abstained);
        counter(
                registry,
                "tickring_overlay_failures_total",
                "Scorings that gave no score (the LLM's errors by kind are in"
                        + " tickring_overlay_llm_errors_total), or found the worker pool full",
                c::failed);
        counter(
                registry,
                "tickring_overlay_sentiment_events_total",
                "SENTIMENT events offered to the ring",
                c::published);
        counter(
                registry,
                "tickring_overlay_queue_full_total",
                "SENTIMENT events dropped because the overlay's ingress queue was full",
                c::queueFull);
        GaugeWithCallback.builder()
                .name("tickring_overlay_sentiment_age_seconds")
                .help(
                        "Wall-clock age of the last SENTIMENT event published per symbol (its"
                                + " event time to now)")
                .unit(Unit.SECONDS)
                .labelNames("symbol")
                .callback(
                        cb -> {
                            long now = System.currentTimeMillis() * 1_000_000L;
                            for (Map.Entry<String, Long> e : c.lastSentimentTimes().entrySet()) {
                                cb.call(Math.max(0, now - e.getValue()) / 1e9, e.getKey());
                            }
                        })
                .register(registry);
        llm(registry, c);
        feeds(registry, c);
    }

    private static void llm(PrometheusRegistry registry, OverlayCounters c) {
        counter(
                registry,
                "tickring_overlay_llm_calls_total",
                "HTTP calls made to the LLM endpoint (each retry counts)",
                () -> llm(c, LlmCounters::calls));
        counter(
                registry,
                "tickring_overlay_llm_cache_hits_total",
                "Scorings answered from the cache by prompt hash",
                () -> llm(c, LlmCounters::cacheHits));
        counter(
                registry,
                "tickring_overlay_llm_retries_total",
                "Calls made again after a 429, a 5xx or a timeout",
                () -> llm(c, LlmCounters::retries));
        CounterWithCallback.builder()
                .name("tickring_overlay_llm_errors_total")
                .help("LLM calls or scorings that failed, by kind")
                .labelNames("kind")
                .callback(
                        cb -> {
                            LlmCounters l = c.llmCounters();
                            for (LlmCounters.Error e : LlmCounters.Error.values()) {
                                cb.call(
                                        l == null ? 0 : l.errors(e),
                                        e.name().toLowerCase(Locale.ROOT));
                            }
                        })
                .register(registry);
        CounterWithCallback.builder()
                .name("tickring_overlay_llm_tokens_total")
                .help("Tokens the LLM endpoint reported, by direction")
                .labelNames("direction")
                .callback(
                        cb -> {
                            cb.call(llm(c, LlmCounters::inputTokens), "input");
                            cb.call(llm(c, LlmCounters::outputTokens), "output");
                        })
                .register(registry);
        CounterWithCallback.builder()
                .name("tickring_overlay_llm_cost_total")
                .help(
                        "What the LLM calls cost at overlay.provider's prices, in the provider's"
                                + " currency")
                .callback(cb -> cb.call(llm(c, LlmCounters::costMicros) / 1e6))
                .register(registry);
        GaugeWithCallback.builder()
                .name("tickring_overlay_llm_budget_left")
                .help(
                        "Daily budget left today (UTC) in the provider's currency; absent without"
                                + " a budget")
                .callback(
                        cb -> {
                            long left = c.budgetLeftMicros();
                            if (left != Long.MAX_VALUE) {
                                cb.call(left / 1e6);
                            }
                        })
                .register(registry);
        SummaryWithCallback.builder()
                .name("tickring_overlay_llm_latency_seconds")
                .help(
                        "Latency of the HTTP calls to the LLM endpoint, answered or not; quantiles"
                                + " over the latest "
                                + LlmCounters.LATENCY_SAMPLES
                                + " calls")
                .unit(Unit.SECONDS)
                .callback(
                        cb -> {
                            LlmCounters l = c.llmCounters();
                            if (l == null) {
                                cb.call(0, 0, Quantiles.EMPTY);
                                return;
                            }
                            List<Quantile> q = new ArrayList<>();
                            for (double p : QUANTILES) {
                                double v = l.latencyQuantileSeconds(p);
                                if (!Double.isNaN(v)) {
                                    q.add(new Quantile(p, v));
                                }
                            }
                            cb.call(l.latencyCount(), l.latencySumSeconds(), Quantiles.of(q));
                        })
                .register(registry);
    }

    private static void feeds(PrometheusRegistry registry, OverlayCounters c) {
        counter(
                registry,
                "tickring_overlay_feed_polls_total",
                "HTTP requests to the RSS/Atom feeds",
                () -> feed(c, FeedPoller.Counters::polls));
        counter(
                registry,
                "tickring_overlay_feed_not_modified_total",
                "Feed requests answered 304 Not Modified (ETag / If-Modified-Since)",
                () -> feed(c, FeedPoller.Counters::notModified));
        CounterWithCallback.builder()
                .name("tickring_overlay_feed_errors_total")
                .help(
                        "Feed requests that failed, by kind: fetch (no connection, timeout, HTTP"
                                + " status) or malformed (not a feed, a DOCTYPE, too large)")
                .labelNames("kind")
                .callback(
                        cb -> {
                            cb.call(feed(c, FeedPoller.Counters::fetchErrors), "fetch");
                            cb.call(feed(c, FeedPoller.Counters::malformed), "malformed");
                        })
                .register(registry);
    }

    private static long llm(
            OverlayCounters c, java.util.function.ToLongFunction<LlmCounters> figure) {
        LlmCounters l = c.llmCounters();
        return l == null ? 0 : figure.applyAsLong(l);
    }

    private static long feed(
            OverlayCounters c, java.util.function.ToLongFunction<FeedPoller.Counters> figure) {
        FeedPoller.Counters f = c.feeds();
        return f == null ? 0 : figure.applyAsLong(f);
    }

    private static void counter(
            PrometheusRegistry registry, String name, String help, LongSupplier value) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .callback(cb -> cb.call(value.getAsLong()))
                .register(registry);
    }
}
