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

    private volatile java.util.function.Supplier<Map<String, Long>> llm;

    /** The LLM client's counters, shown in the summary. */
    public void llm(java.util.function.Supplier<Map<String, Long>> counters) {
        this.llm = counters;
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
        if (llm != null) {
            m.put("llm", llm.get());
        }
        return m;
    }
}
