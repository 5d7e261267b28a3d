package io.tickring.engine.overlay;

import io.tickring.adapters.news.NewsCounters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the overlay did, for the status line and the summary: the news source's counts, scores made,
 * abstentions, and SENTIMENT events offered to the ring or dropped because its queue was full.
 */
public final class OverlayCounters {
    final NewsCounters news = new NewsCounters();
    final AtomicLong scored = new AtomicLong();
    final AtomicLong abstained = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong published = new AtomicLong();
    final AtomicLong queueFull = new AtomicLong();

    /** The last published result, for the status line: symbol, score × confidence, event time. */
    private volatile Last last;

    private record Last(String symbol, double value, long timeNs) {}

    /** Headlines left out by {@code run --resume} because the journal's earlier run scored them. */
    final AtomicLong resumedSkipped = new AtomicLong();

    /** Headlines a feed delivered while the LLM path's backlog was full. */
    final AtomicLong newsBacklogFull = new AtomicLong();

    private volatile io.tickring.adapters.llm.ChatCompletionsClient llm;
    private volatile io.tickring.adapters.news.FeedPoller.Counters feeds;

    /** Event time of the last SENTIMENT event published per symbol, for its age. */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> lastBySymbol =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The LLM client whose counters the summary and {@code /metrics} show. */
    public void llm(io.tickring.adapters.llm.ChatCompletionsClient client) {
        this.llm = client;
    }

    /** The LLM client's counters, or null without an LLM provider. */
    public io.tickring.adapters.llm.LlmCounters llmCounters() {
        io.tickring.adapters.llm.ChatCompletionsClient c = llm;
        return c == null ? null : c.counters();
    }

    /** The LLM's budget left today in millionths, Long.MAX_VALUE without a budget or an LLM. */
    public long budgetLeftMicros() {
        io.tickring.adapters.llm.ChatCompletionsClient c = llm;
        return c == null ? Long.MAX_VALUE : c.budgetLeftMicros();
    }

    void feeds(io.tickring.adapters.news.FeedPoller.Counters c) {
        this.feeds = c;
    }

    /** The feed poller's counters, or null without feeds. */
    public io.tickring.adapters.news.FeedPoller.Counters feeds() {
        return feeds;
    }

    /**
     * Each symbol's last published SENTIMENT event time (ns since the epoch): how old the score is
     * that the strategy holds.
     */
    public Map<String, Long> lastSentimentTimes() {
        return new java.util.TreeMap<>(lastBySymbol);
    }

    public long scored() {
        return scored.get();
    }

    public long abstained() {
        return abstained.get();
    }

    public long failed() {
        return failed.get();
    }

    private long halfLifeNs;
    private long ttlNs;

    /** The strategy's decay, so the status line shows the last score as the strategy sees it. */
    void decay(long halfLifeNs, long ttlNs) {
        this.halfLifeNs = halfLifeNs;
        this.ttlNs = ttlNs;
    }

    void onPublished(ScoredItem item) {
        published.incrementAndGet();
        lastBySymbol.merge(item.result().symbol(), item.timeNs(), Math::max);
        last =
                new Last(
                        item.result().symbol(),
                        item.result().sentiment() * item.result().confidence(),
                        item.timeNs());
    }

    /**
     * The status line's part: {@code sentiment=N dropped=M last=SIMA +0.48 now +0.31 (42s)} — the
     * last score × confidence and what it has decayed to on the wall clock with the strategy's
     * half-life (0 once past the TTL). For the eye only: the strategy decays in event time.
     */
    public String statusText() {
        StringBuilder sb =
                new StringBuilder(" sentiment=")
                        .append(published.get())
                        .append(" news_dropped=")
                        .append(news.dropped())
                        .append(" queue_full=")
                        .append(queueFull.get());
        Last l = last;
        if (l != null) {
            long age = Math.max(0, System.currentTimeMillis() * 1_000_000L - l.timeNs);
            double now =
                    age > ttlNs
                            ? 0
                            : halfLifeNs <= 0
                                    ? l.value
                                    : l.value * Math.pow(0.5, (double) age / halfLifeNs);
            sb.append(
                    String.format(
                            java.util.Locale.ROOT,
                            " last=%s %+.2f now %+.2f (%ds)",
                            l.symbol,
                            l.value,
                            now,
                            age / 1_000_000_000L));
        }
        return sb.toString();
    }

    public NewsCounters news() {
        return news;
    }

    /** SENTIMENT events handed to the ring's ingress. */
    public long published() {
        return published.get();
    }

    /** SENTIMENT events dropped because the overlay's ingress queue was full. */
    public long queueFull() {
        return queueFull.get();
    }

    /** The counters as ordered fields, for the summary. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("headlines", news.read());
        m.put("accepted", news.accepted());
        m.put("dropped", news.droppedByReason());
        m.put("scored", scored.get());
        m.put("abstained", abstained.get());
        m.put("failed", failed.get());
        m.put("published", published.get());
        m.put("queue_full", queueFull.get());
        if (resumedSkipped.get() > 0) {
            m.put("resumed_skipped", resumedSkipped.get());
        }
        io.tickring.adapters.news.FeedPoller.Counters f = feeds;
        if (f != null) {
            Map<String, Long> fm = new LinkedHashMap<>();
            fm.put("polls", f.polls());
            fm.put("not_modified", f.notModified());
            fm.put("fetch_errors", f.fetchErrors());
            fm.put("malformed", f.malformed());
            fm.put("items", f.items());
            fm.put("backlog_full", newsBacklogFull.get());
            m.put("feeds", fm);
        }
        io.tickring.adapters.llm.LlmCounters l = llmCounters();
        if (l != null) {
            m.put("llm", l.toMap());
        }
        return m;
    }
}
