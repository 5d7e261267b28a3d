package io.tickring.adapters.news;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Polls RSS and Atom feeds over HTTP on its own thread, each at its own interval, and hands every
 * new item that passes the {@link PointInTime} rules to a listener as one {@link Headline} per
 * symbol the feed is about. Requests are conditional: the {@code ETag} and {@code Last-Modified} of
 * the last full answer go back as {@code If-None-Match} and {@code If-Modified-Since}, so an
 * unchanged feed costs a 304 and nothing else. An item counts as received when the answer that
 * carried it arrived, and is judged once: a feed that lists it again on the next poll does not
 * count it again; the same story in two feeds is a duplicate by content hash.
 *
 * <p>Nothing here throws into the caller: a feed that cannot be fetched or parsed is counted and
 * polled again at its interval. Bodies are read up to {@link #MAX_BYTES}.
 */
public final class FeedPoller implements AutoCloseable {
    /** The largest feed document read; a larger one is refused as malformed. */
    public static final int MAX_BYTES = 4 << 20;

    /**
     * One feed.
     *
     * @param url the feed's http(s) URL
     * @param symbols the instruments every item of this feed is about
     * @param intervalNs the time between two polls of this feed
     */
    public record Feed(String url, List<String> symbols, long intervalNs) {
        public Feed {
            Objects.requireNonNull(url, "url");
            symbols = List.copyOf(symbols);
            if (symbols.isEmpty()) {
                throw new IllegalArgumentException("a feed needs at least one symbol: " + url);
            }
            if (intervalNs <= 0) {
                throw new IllegalArgumentException("interval must be positive: " + url);
            }
            if (HttpUrl.parse(url) == null) {
                throw new IllegalArgumentException("not an http(s) URL: " + url);
            }
        }
    }

    /** What the poller did, beside what the point-in-time rules did. Thread-safe. */
    public static final class Counters {
        final AtomicLong polls = new AtomicLong();
        final AtomicLong notModified = new AtomicLong();
        final AtomicLong fetchErrors = new AtomicLong();
        final AtomicLong malformed = new AtomicLong();
        final AtomicLong items = new AtomicLong();

        /** HTTP requests made. */
        public long polls() {
            return polls.get();
        }

        /** Answers of 304 Not Modified. */
        public long notModified() {
            return notModified.get();
        }

        /** Requests that failed: no connection, a timeout, an HTTP status other than 200/304. */
        public long fetchErrors() {
            return fetchErrors.get();
        }

        /** Answers whose body was not a feed (not XML, a DOCTYPE, too large, an item untitled). */
        public long malformed() {
            return malformed.get();
        }

        /** New items read (before the point-in-time rules). */
        public long items() {
            return items.get();
        }
    }

    private static final class State {
        final Feed feed;
        final HttpUrl url;
        final Set<String> judged = new HashSet<>();
        String etag;
        String lastModified;
        long nextPollNs;

        State(Feed feed) {
            this.feed = feed;
            this.url = HttpUrl.parse(feed.url());
        }
    }

    private final List<State> feeds = new ArrayList<>();
    private final PointInTime rules;
    private final Consumer<Headline> listener;
    private final LongSupplier clockNs;
    private final OkHttpClient http;
    private final Counters counters = new Counters();
    private final Thread thread;
    private volatile boolean stop;

    /**
     * @param feeds the feeds to poll
     * @param rules the point-in-time rules (owned by the poller's thread once started)
     * @param listener gets each accepted headline, on the poller's thread; must not block
     * @param clockNs the wall clock in nanoseconds since the epoch: receipt times
     * @param timeoutMs the bound on one request
     */
    public FeedPoller(
            List<Feed> feeds,
            PointInTime rules,
            Consumer<Headline> listener,
            LongSupplier clockNs,
            long timeoutMs) {
        for (Feed f : feeds) {
            this.feeds.add(new State(f));
        }
        this.rules = rules;
        this.listener = listener;
        this.clockNs = clockNs;
        this.http =
                new OkHttpClient.Builder()
                        .callTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                        .readTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                        .followRedirects(true)
                        .build();
        this.thread = new Thread(this::run, "tickring-news-feeds");
        thread.setDaemon(true);
    }

    public Counters counters() {
        return counters;
    }

    /** Starts polling: every feed at once, then each at its interval. */
    public void start() {
        thread.start();
    }

    private void run() {
        while (!stop) {
            long now = clockNs.getAsLong();
            long next = Long.MAX_VALUE;
            for (State s : feeds) {
                if (stop) {
                    return;
                }
                if (now >= s.nextPollNs) {
                    pollOnce(s);
                    now = clockNs.getAsLong();
                    s.nextPollNs = now + s.feed.intervalNs();
                }
                next = Math.min(next, s.nextPollNs);
            }
            long waitMs = Math.max(1, Math.min(100, (next - now) / 1_000_000));
            try {
                Thread.sleep(waitMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Polls every feed once on the caller's thread: for tests, on a poller never started. */
    void pollAllOnce() {
        for (State s : feeds) {
            pollOnce(s);
        }
    }

    /** One conditional request to {@code s}'s feed, its new items judged and handed on. */
    private void pollOnce(State s) {
        Request.Builder rb =
                new Request.Builder()
                        .url(s.url)
                        .header(
                                "Accept",
                                "application/rss+xml, application/atom+xml, application/xml;q=0.9,"
                                        + " text/xml;q=0.8");
        if (s.etag != null) {
            rb.header("If-None-Match", s.etag);
        }
        if (s.lastModified != null) {
            rb.header("If-Modified-Since", s.lastModified);
        }
        counters.polls.incrementAndGet();
        List<FeedParser.Item> items;
        long receivedNs;
        try (Response resp = http.newCall(rb.build()).execute()) {
            if (resp.code() == 304) {
                counters.notModified.incrementAndGet();
                return;
            }
            if (resp.code() != 200) {
                counters.fetchErrors.incrementAndGet();
                return;
            }
            try {
                items = FeedParser.parse(bounded(resp.body()));
            } catch (FeedParser.MalformedFeedException e) {
                counters.malformed.incrementAndGet();
                return;
            }
            receivedNs = clockNs.getAsLong();
            // Only a good answer moves the validators: a broken one must be fetched again in full.
            s.etag = resp.header("ETag");
            s.lastModified = resp.header("Last-Modified");
        } catch (TooLarge e) {
            counters.malformed.incrementAndGet();
            return;
        } catch (IOException e) {
            counters.fetchErrors.incrementAndGet();
            return;
        }
        for (FeedParser.Item item : items) {
            if (!s.judged.add(item.id())) {
                continue; // listed again by a later poll: judged already
            }
            counters.items.incrementAndGet();
            for (String symbol : s.feed.symbols()) {
                Headline h =
                        new Headline(
                                s.judged.size(),
                                symbol,
                                item.title(),
                                item.publishedNs(),
                                receivedNs,
                                HeadlineFile.contentHash(symbol, item.title()),
                                null);
                if (rules.check(h) == PointInTime.Verdict.ACCEPTED) {
                    listener.accept(h);
                }
            }
        }
    }

    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("feed larger than " + MAX_BYTES + " bytes");
        }
    }

    /** The body as a stream that fails past {@link #MAX_BYTES}. */
    private static InputStream bounded(ResponseBody body) throws IOException {
        okio.BufferedSource src = body.source();
        if (src.request(MAX_BYTES + 1L)) {
            throw new TooLarge();
        }
        return src.getBuffer().inputStream();
    }

    /** Stops polling and waits for a poll in progress to end (bounded by the request timeout). */
    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
