package io.tickring.adapters.binance;

import io.tickring.adapters.validate.DropReason;
import io.tickring.core.EventPublisher;
import io.tickring.core.RingEvent;
import io.tickring.core.instrument.InstrumentLookup;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.internal.ws.RealWebSocket;
import okio.ByteString;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live Binance market data (spot, USD-M or COIN-M futures) over okhttp's WebSocket: partial book
 * depth ({@code <symbol>@depth5@100ms}, {@code @depth10}, {@code @depth20}), diff depth ({@code
 * <symbol>@depth}, {@code @depth@100ms}), best bid/ask ({@code <symbol>@bookTicker}, as QUOTE
 * events) and trades ({@code <symbol>@trade}), decoded by {@link BinanceDecoder}, checked, and
 * offered to an {@link EventPublisher} (an ingress queue) for the Sequencer.
 *
 * <p>Subscription is by URL: one stream connects to {@code <base>/ws/<stream>}, several to {@code
 * <base>/stream?streams=a/b} (the combined form, whose frames name their stream). No message is
 * ever sent to the venue.
 *
 * <p>Diff depth follows the venue's procedure for a local book ({@link LocalOrderBook}): the book
 * holds the stream's diffs, the feed fetches a REST depth snapshot with okhttp ({@code GET
 * <rest>/api/v3/depth}, {@code /fapi/v1/depth} or {@code /dapi/v1/depth} by the instrument's {@link
 * BinanceMarket}, {@code ?symbol=S&limit=N}), the held diffs are replayed against it, and BOOKs are
 * published from then on. After a gap (a diff that does not follow on, or a snapshot older than the
 * diffs held), and after a lost connection, the book is cleared and the feed fetches a new
 * snapshot. Each fetch is counted ({@link FeedCounters#snapshotFetches()}), and so is each failure
 * ({@link FeedCounters#snapshotFetchFailures()}), which is retried after {@code snapshotRetryMs}.
 * The request runs on okhttp's dispatcher threads, never on the thread that reads the frames.
 *
 * <p>Keeping the feed alive:
 *
 * <ul>
 *   <li><b>Pings.</b> Binance pings every 20 s and drops a connection that does not pong within a
 *       minute. okhttp answers every ping frame with a pong carrying the same payload by itself;
 *       the public API does not report pings, so {@link FeedCounters#pings()} reads okhttp's own
 *       count ({@code RealWebSocket.receivedPingCount()}, an internal class of the pinned okhttp
 *       version) on each watchdog tick.
 *   <li><b>Loss.</b> A failure or a close from the server counts a disconnect, emits a CONTROL
 *       {@code FEED_GAP} ({@link FeedGap#DISCONNECT}) per instrument and reconnects after an
 *       exponential backoff with seeded jitter ({@link Backoff}); the backoff resets once a new
 *       connection delivers a frame. Attempts that fail while the feed is already down count as
 *       {@link FeedCounters#connectFailures()}: the outage has had its gap event.
 *   <li><b>Refused.</b> A connection attempt that fails (refused, unreachable, TLS, an HTTP error
 *       instead of the upgrade, or no upgrade answer within {@code max(staleAfter,
 *       connectTimeout)}) counts a {@link FeedCounters#connectFailures()} and is retried with the
 *       same backoff. The first failure of an outage not yet announced (the feed never connected,
 *       or came back and failed again) emits a {@link FeedGap#CONNECT} gap per instrument.
 *   <li><b>Staleness.</b> A connection with no frame for {@code staleAfter} is dropped by the
 *       watchdog: counted as stale, a {@link FeedGap#STALE} gap per instrument, then a reconnect
 *       with backoff. Pings do not count as frames.
 *   <li><b>The 24-hour cut.</b> Binance closes every connection after 24 hours. Once a connection
 *       is {@code maxConnectionAge} old (or the server sends {@code serverShutdown}) the feed opens
 *       a second one and switches to it at its first frame, then closes the old one: make before
 *       break, so no gap event. Frames both connections deliver around the switch are dropped as
 *       {@link DropReason#DUPLICATE} by update id and trade id.
 *   <li><b>Garbage.</b> A frame that does not decode is counted by reason and dropped.
 * </ul>
 *
 * <p>Every connect, loss, stale connection and failed attempt is logged as one key=value line
 * (slf4j; WARN for the failures), e.g. {@code feed_connect_failed source=binance url=ws://...
 * failures=3 retry_in_ms=812 error="Failed to connect to /127.0.0.1:9"}. The backoff bounds how
 * often.
 *
 * <p>Threads: okhttp delivers frames on its dispatcher threads (one reader per connection), and a
 * single timer thread runs the watchdog and the delayed reconnects. Every frame, gap and offer is
 * handled under one lock, so the decoder sees one thread at a time and a one-to-one ingress queue
 * is safe. If the queue is full the event is dropped and counted ({@link
 * FeedCounters#queueFull()}): blocking the reader would only delay the venue's frames further.
 * {@link #close()} stops the timer, cancels the sockets and shuts down the client's dispatcher
 * executor and connection pool, leaving no feed thread behind (okhttp's shared daemon task runner
 * idles out by itself).
 */
public final class BinanceFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceFeed.class);

    /** Binance's spot market-data endpoint. */
    public static final String DEFAULT_BASE_URL = "wss://stream.binance.com:9443";

    /** Settings of one feed; every setter returns this. */
    public static final class Config {
        private String baseUrl = DEFAULT_BASE_URL;
        private final List<String> streams = new ArrayList<>();
        private int quantityScale = BinanceDecoder.REGISTRY_QTY_SCALE;
        private int bookDepth = 5;
        private long backoffBaseMs = 500;
        private long backoffMaxMs = 30_000;
        private long seed = 1;
        private long staleAfterMs = 10_000;
        private long maxConnectionAgeMs = Duration.ofHours(23).toMillis();
        private long connectTimeoutMs = 10_000;
        private int sourceId;
        private String restBaseUrl;
        private BinanceMarket market;
        private int snapshotLimit = 1000;
        private long snapshotRetryMs = 1000;

        /**
         * REST base URL of depth snapshots (default: the market's, e.g. {@code
         * https://fapi.binance.com}).
         */
        public Config restBaseUrl(String url) {
            this.restBaseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            return this;
        }

        /** The market of every instrument (default: each instrument's registry venue). */
        public Config market(BinanceMarket market) {
            this.market = market;
            return this;
        }

        /** Levels a REST depth snapshot asks for ({@code limit}; default 1000). */
        public Config snapshotLimit(int levels) {
            this.snapshotLimit = levels;
            return this;
        }

        /** Delay before a failed snapshot request is tried again, in ms (default 1,000). */
        public Config snapshotRetryMs(long ms) {
            this.snapshotRetryMs = ms;
            return this;
        }

        /**
         * WebSocket base URL, {@code ws://} or {@code wss://}; default {@link #DEFAULT_BASE_URL}.
         */
        public Config baseUrl(String url) {
            this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            return this;
        }

        /** Adds stream names, e.g. {@code btcusdt@depth10@100ms}, {@code btcusdt@trade}. */
        public Config streams(String... names) {
            for (String n : names) {
                streams.add(n);
            }
            return this;
        }

        /**
         * Decimals of fixed-point quantities for every instrument of the feed, or {@link
         * BinanceDecoder#REGISTRY_QTY_SCALE} (the default) for each instrument's registry {@code
         * qty_scale}, which matches the venue's step size so quantities are in the engine's units.
         */
        public Config quantityScale(int scale) {
            this.quantityScale = scale;
            return this;
        }

        /** Levels per side in BOOK events (default 5; at most {@link RingEvent#MAX_LEVELS}). */
        public Config bookDepth(int levels) {
            this.bookDepth = levels;
            return this;
        }

        /** First reconnect delay and its ceiling, in ms (default 500 and 30,000). */
        public Config backoff(long baseMs, long maxMs) {
            this.backoffBaseMs = baseMs;
            this.backoffMaxMs = maxMs;
            return this;
        }

        /** Seed of the reconnect jitter (default 1). */
        public Config seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Silence after which a connection counts as stale and is replaced (default 10 s). */
        public Config staleAfterMs(long ms) {
            this.staleAfterMs = ms;
            return this;
        }

        /**
         * Age at which a connection is replaced ahead of the venue's 24-hour cut (default 23 h; 0 =
         * never).
         */
        public Config maxConnectionAgeMs(long ms) {
            this.maxConnectionAgeMs = ms;
            return this;
        }

        /** TCP and TLS connect timeout (default 10 s). */
        public Config connectTimeoutMs(long ms) {
            this.connectTimeoutMs = ms;
            return this;
        }

        /** Id carried in {@code controlParamId} of this feed's gap events (default 0). */
        public Config sourceId(int id) {
            this.sourceId = id;
            return this;
        }
    }

    private final Object lock = new Object();
    private final String url;
    private final Request request;
    private final int[] instrumentIds;
    private final long staleNs;
    private final long handshakeNs;
    private final long maxAgeNs;
    private final long tickMs;
    private final EpochNanoClock clock;
    private final EventPublisher queue;
    private final InstrumentLookup instruments;
    private final String restBaseUrl;
    private final int snapshotLimit;
    private final long snapshotRetryMs;
    private final FeedCounters counters = new FeedCounters();
    private final BinanceAdapter adapter;
    private final Backoff backoff;
    private final Backoff handoverBackoff;
    private final OkHttpClient client;
    private final ExecutorService ioExecutor;
    private final ScheduledThreadPoolExecutor timer;

    /** Every thread the feed started, so close() can wait until each has really ended. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    // Guarded by lock.
    private Connection current;
    private Connection pending;
    private long generation;
    private boolean started;
    private boolean closed;
    private boolean everOpened;
    private long nextHandoverNs;
    private long lastBackoffMs = -1;

    /** True once the current outage (or the failure to ever connect) has had its gap event. */
    private boolean outageAnnounced;

    private volatile boolean everConnected;
    private volatile String lastFailure;

    /** Connections closed at a handover whose close handshake may still be running. */
    private final List<WebSocket> retired = new ArrayList<>();

    /** A feed with the system's epoch clock for receive times. */
    public BinanceFeed(Config config, InstrumentLookup instruments, EventPublisher queue) {
        this(config, instruments, queue, SystemEpochNanoClock.INSTANCE);
    }

    BinanceFeed(
            Config config,
            InstrumentLookup instruments,
            EventPublisher queue,
            EpochNanoClock clock) {
        if (config.streams.isEmpty()) {
            throw new IllegalArgumentException("no Binance stream configured");
        }
        if (config.staleAfterMs < 1) {
            throw new IllegalArgumentException(
                    "staleAfterMs must be positive: " + config.staleAfterMs);
        }
        this.queue = queue;
        this.clock = clock;
        this.instruments = instruments;
        this.restBaseUrl = config.restBaseUrl;
        this.snapshotLimit = config.snapshotLimit;
        this.snapshotRetryMs = config.snapshotRetryMs;
        BinanceDecoder decoder =
                new BinanceDecoder(instruments, config.quantityScale, config.bookDepth, 1000);
        Set<String> symbols = new LinkedHashSet<>();
        for (String stream : config.streams) {
            int at = stream.indexOf('@');
            if (at <= 0) {
                throw new IllegalArgumentException(
                        "not a Binance stream name (symbol@kind): " + stream);
            }
            symbols.add(stream.substring(0, at).toUpperCase(Locale.ROOT));
        }
        instrumentIds = new int[symbols.size()];
        int i = 0;
        for (String symbol : symbols) {
            instrumentIds[i++] = decoder.register(symbol);
        }
        if (symbols.size() == 1) {
            // A raw partial-depth payload names no symbol: with one symbol there is no doubt whose
            // it is.
            decoder.defaultSymbol(symbols.iterator().next());
        }
        this.adapter =
                new BinanceAdapter(
                        decoder,
                        counters,
                        config.sourceId,
                        1000,
                        instruments,
                        config.market,
                        new QueueListener());
        this.url =
                config.streams.size() == 1
                        ? config.baseUrl + "/ws/" + config.streams.get(0)
                        : config.baseUrl + "/stream?streams=" + String.join("/", config.streams);
        this.request = new Request.Builder().url(url).build();
        this.staleNs = TimeUnit.MILLISECONDS.toNanos(config.staleAfterMs);
        this.handshakeNs =
                TimeUnit.MILLISECONDS.toNanos(
                        Math.max(config.staleAfterMs, config.connectTimeoutMs));
        this.maxAgeNs = TimeUnit.MILLISECONDS.toNanos(config.maxConnectionAgeMs);
        this.tickMs = Math.max(5, Math.min(250, config.staleAfterMs / 4));
        this.backoff = new Backoff(config.backoffBaseMs, config.backoffMaxMs, config.seed);
        this.handoverBackoff =
                new Backoff(config.backoffBaseMs, config.backoffMaxMs, config.seed + 1);
        this.ioExecutor =
                new ThreadPoolExecutor(
                        0,
                        Integer.MAX_VALUE,
                        60,
                        TimeUnit.SECONDS,
                        new SynchronousQueue<>(),
                        daemonThreads("binance-feed-io-", threads));
        this.client =
                new OkHttpClient.Builder()
                        .dispatcher(new Dispatcher(ioExecutor))
                        .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                        .connectTimeout(Duration.ofMillis(config.connectTimeoutMs))
                        // The watchdog judges silence; a socket read timeout would fight it on
                        // quiet streams.
                        .readTimeout(Duration.ZERO)
                        .retryOnConnectionFailure(false)
                        .build();
        this.timer =
                new ScheduledThreadPoolExecutor(1, daemonThreads("binance-feed-timer-", threads));
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /** Opens the first connection and starts the watchdog. */
    public void start() {
        synchronized (lock) {
            if (started || closed) {
                throw new IllegalStateException(closed ? "feed closed" : "feed already started");
            }
            started = true;
            connect(false);
        }
        timer.scheduleWithFixedDelay(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
    }

    /** The URL the feed connects to. */
    public String url() {
        return url;
    }

    public FeedCounters counters() {
        return counters;
    }

    /** True while a connection is open. */
    public boolean isConnected() {
        synchronized (lock) {
            return current != null && current.opened;
        }
    }

    /** True once a connection has opened, at any time since the start. */
    public boolean everConnected() {
        return everConnected;
    }

    /**
     * Why the last connection attempt failed or the last connection was lost, in one line, or null.
     */
    public String lastFailure() {
        return lastFailure;
    }

    /** The delay chosen for the last scheduled reconnect, in ms, or -1. */
    long lastBackoffMs() {
        synchronized (lock) {
            return lastBackoffMs;
        }
    }

    /** Stops the feed: no callback reaches the queue afterwards, and the feed's threads end. */
    @Override
    public void close() {
        Connection cur;
        Connection pend;
        List<WebSocket> old;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            cur = current;
            pend = pending;
            current = null;
            pending = null;
            old = new ArrayList<>(retired);
            retired.clear();
        }
        timer.shutdownNow();
        cancel(cur);
        cancel(pend);
        for (WebSocket ws : old) {
            ws.cancel();
        }
        client.dispatcher().cancelAll();
        ioExecutor.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            if (!ioExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
                ioExecutor.shutdownNow();
            }
            // An executor reports termination when its workers leave their loop, a moment before
            // their threads end: wait for the threads themselves.
            for (Thread t : threads) {
                t.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.connectionPool().evictAll();
    }

    /** True when close() has run and every thread the feed started has ended. */
    boolean terminated() {
        return ioExecutor.isTerminated()
                && timer.isTerminated()
                && threads.stream().noneMatch(Thread::isAlive);
    }

    // ---------------------------------------------------------------- connection lifecycle (under
    // lock)

    private void connect(boolean handover) {
        Connection c = new Connection(++generation, System.nanoTime());
        if (handover) {
            pending = c;
        } else {
            current = c;
        }
        c.ws = client.newWebSocket(request, c);
    }

    private long scheduleReconnect() {
        long delay = backoff.nextDelayMs();
        lastBackoffMs = delay;
        timer.schedule(this::reconnect, delay, TimeUnit.MILLISECONDS);
        return delay;
    }

    /**
     * Under the lock: an attempt that never opened. Counted, a gap if the outage has had none,
     * logged, retried after the backoff.
     */
    private void connectFailed(String why) {
        counters.onConnectFailure();
        if (!outageAnnounced) {
            outageAnnounced = true;
            counters.onConnectGap();
            adapter.emitGap(FeedGap.CONNECT, clock.nanoTime(), instrumentIds);
        }
        lastFailure = why;
        long delay = scheduleReconnect();
        LOG.warn(
                "feed_connect_failed source=binance url={} failures={} retry_in_ms={} error=\"{}\"",
                url,
                counters.connectFailures(),
                delay,
                why);
    }

    private static String describe(Throwable t, Response response) {
        if (response != null) {
            return "HTTP " + response.code() + " instead of a WebSocket upgrade";
        }
        if (t == null) {
            return "closed before it opened";
        }
        String m = t.getMessage();
        return (m == null ? t.getClass().getSimpleName() : m).replace('"', '\'');
    }

    private void reconnect() {
        synchronized (lock) {
            if (!closed && current == null) {
                connect(false);
            }
        }
    }

    private void startHandover() {
        if (pending == null && current != null) {
            connect(true);
        }
    }

    private void tick() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            Connection c = current;
            if (pending != null) {
                samplePings(pending);
                if (now - pending.startedNs > staleNs) {
                    // The new connection has not delivered in time: keep the old one, try again
                    // later.
                    Connection p = pending;
                    pending = null;
                    p.ended = true;
                    p.ws.cancel();
                    counters.onConnectFailure();
                    nextHandoverNs =
                            now + TimeUnit.MILLISECONDS.toNanos(handoverBackoff.nextDelayMs());
                }
            }
            if (c != null && !c.opened && !c.ended && now - c.startedNs > handshakeNs) {
                // Connected at TCP level, perhaps, but no upgrade answer: okhttp would wait for
                // ever (no read timeout, the watchdog judges silence), so give up on it here.
                c.ended = true;
                current = null;
                c.ws.cancel();
                connectFailed(
                        "no WebSocket upgrade within "
                                + TimeUnit.NANOSECONDS.toMillis(handshakeNs)
                                + " ms");
                return;
            }
            if (c == null || !c.opened) {
                return;
            }
            samplePings(c);
            if (now - c.lastFrameNs > staleNs) {
                onStale(c);
            } else if (maxAgeNs > 0 && now - c.openedNs >= maxAgeNs && now >= nextHandoverNs) {
                startHandover();
            }
        }
    }

    private void onStale(Connection c) {
        adapter.resetBooks();
        c.ended = true;
        current = null;
        c.ws.cancel();
        if (pending != null) {
            pending.ended = true;
            pending.ws.cancel();
            pending = null;
        }
        counters.onStale();
        outageAnnounced = true;
        adapter.emitGap(FeedGap.STALE, clock.nanoTime(), instrumentIds);
        long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c.lastFrameNs);
        lastFailure = "no frame for " + silentMs + " ms";
        long delay = scheduleReconnect();
        LOG.warn(
                "feed_stale source=binance url={} silent_ms={} stale={} retry_in_ms={}",
                url,
                silentMs,
                counters.stale(),
                delay);
    }

    private void onOpen(Connection c, WebSocket ws) {
        synchronized (lock) {
            c.ws = ws;
            if (closed || c.ended) {
                return;
            }
            long now = System.nanoTime();
            c.opened = true;
            c.openedNs = now;
            c.lastFrameNs = now;
            if (c == current) {
                if (everOpened) {
                    counters.onReconnect();
                }
                LOG.info("feed_connected source=binance url={} reconnect={}", url, everOpened);
                everOpened = true;
                everConnected = true;
                outageAnnounced = false;
            }
        }
    }

    private void onText(Connection c, String text) {
        synchronized (lock) {
            if (!accept(c)) {
                return;
            }
            if (adapter.onFrame(text, clock.nanoTime()) == BinanceDecoder.SERVER_SHUTDOWN) {
                startHandover();
            }
        }
    }

    private void onBytes(Connection c, ByteString bytes) {
        synchronized (lock) {
            if (!accept(c)) {
                return;
            }
            int n = bytes.size();
            if (binary.length < n) {
                binary = new byte[Math.max(n, binary.length * 2)];
            }
            bytes.copyInto(0, binary, 0, n);
            if (adapter.onFrame(binary, 0, n, clock.nanoTime()) == BinanceDecoder.SERVER_SHUTDOWN) {
                startHandover();
            }
        }
    }

    private byte[] binary = new byte[4096];

    /** Decides whether a frame from {@code c} is the feed's; promotes a handover connection. */
    private boolean accept(Connection c) {
        if (closed || c.ended) {
            return false;
        }
        if (c == pending) {
            Connection old = current;
            current = c;
            pending = null;
            counters.onAgeRefresh();
            handoverBackoff.reset();
            if (old != null) {
                old.ended = true;
                samplePings(old);
                WebSocket ws = old.ws;
                ws.close(1000, "replaced before the venue's 24-hour cut");
                // okhttp waits up to a minute for the server's close reply; a second is plenty
                // here.
                retired.add(ws);
                timer.schedule(() -> retire(ws), 1, TimeUnit.SECONDS);
            }
        }
        if (c != current) {
            return false;
        }
        c.lastFrameNs = System.nanoTime();
        if (!c.gotFrame) {
            c.gotFrame = true;
            backoff.reset();
        }
        return true;
    }

    private void onEnd(Connection c) {
        onEnd(c, null, null);
    }

    private void onEnd(Connection c, Throwable t, Response response) {
        synchronized (lock) {
            if (c.ended) {
                return;
            }
            c.ended = true;
            samplePings(c);
            if (closed) {
                return;
            }
            if (c == pending) {
                pending = null;
                counters.onConnectFailure();
                nextHandoverNs =
                        System.nanoTime()
                                + TimeUnit.MILLISECONDS.toNanos(handoverBackoff.nextDelayMs());
                return;
            }
            if (c != current) {
                return;
            }
            current = null;
            if (c.opened) {
                counters.onDisconnect();
                outageAnnounced = true;
                adapter.emitGap(FeedGap.DISCONNECT, clock.nanoTime(), instrumentIds);
                // Diffs of the next connection cannot follow on from this one's: start over.
                adapter.resetBooks();
                lastFailure = t == null ? "closed by the server" : describe(t, response);
                long delay = scheduleReconnect();
                LOG.warn(
                        "feed_disconnected source=binance url={} disconnects={} retry_in_ms={}"
                                + " reason=\"{}\"",
                        url,
                        counters.disconnects(),
                        delay,
                        lastFailure);
            } else {
                connectFailed(describe(t, response));
            }
        }
    }

    private void retire(WebSocket ws) {
        synchronized (lock) {
            retired.remove(ws);
        }
        ws.cancel();
    }

    private void samplePings(Connection c) {
        if (c.ws instanceof RealWebSocket) {
            long seen = ((RealWebSocket) c.ws).receivedPingCount();
            if (seen > c.pingsSeen) {
                counters.onPings(seen - c.pingsSeen);
                c.pingsSeen = seen;
            }
        }
    }

    private void cancel(Connection c) {
        if (c != null) {
            synchronized (lock) {
                c.ended = true;
            }
            if (c.ws != null) {
                c.ws.cancel();
            }
        }
    }

    private static ThreadFactory daemonThreads(String prefix, List<Thread> started) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            // Over weeks of reconnects the pool replaces idle threads: forget the ended ones.
            started.removeIf(old -> old.getState() == Thread.State.TERMINATED);
            started.add(t);
            return t;
        };
    }

    /** Fetches a REST depth snapshot for the instrument's book (called under the lock). */
    private void fetchSnapshot(int instrumentId) {
        if (closed) {
            return;
        }
        io.tickring.core.instrument.Instrument i = instruments.byId(instrumentId);
        if (i == null) {
            return;
        }
        BinanceMarket market = adapter.market(instrumentId);
        String base = restBaseUrl != null ? restBaseUrl : market.restBaseUrl();
        String url =
                base
                        + market.depthPath()
                        + "?symbol="
                        + i.symbol().toUpperCase(Locale.ROOT)
                        + "&limit="
                        + snapshotLimit;
        counters.onSnapshotFetch();
        client.newCall(new Request.Builder().url(url).build())
                .enqueue(
                        new Callback() {
                            @Override
                            public void onFailure(Call call, IOException e) {
                                snapshotFailed(instrumentId);
                            }

                            @Override
                            public void onResponse(Call call, Response response) {
                                byte[] body;
                                try (response) {
                                    if (!response.isSuccessful()) {
                                        snapshotFailed(instrumentId);
                                        return;
                                    }
                                    body = response.body().bytes();
                                } catch (IOException e) {
                                    snapshotFailed(instrumentId);
                                    return;
                                }
                                synchronized (lock) {
                                    if (!closed
                                            && !adapter.applySnapshot(
                                                    instrumentId,
                                                    body,
                                                    0,
                                                    body.length,
                                                    clock.nanoTime())) {
                                        counters.onSnapshotFetchFailure();
                                        scheduleSnapshotRetry(instrumentId);
                                    }
                                }
                            }
                        });
    }

    private void snapshotFailed(int instrumentId) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            counters.onSnapshotFetchFailure();
            scheduleSnapshotRetry(instrumentId);
        }
    }

    /** Under the lock: the book keeps waiting; the next request goes out after the retry delay. */
    private void scheduleSnapshotRetry(int instrumentId) {
        timer.schedule(
                () -> {
                    synchronized (lock) {
                        if (!closed) {
                            // The book asks again with its next held diff.
                            adapter.snapshotFailed(instrumentId);
                        }
                    }
                },
                snapshotRetryMs,
                TimeUnit.MILLISECONDS);
    }

    /** Offers each event to the ingress queue; a full queue costs the event, counted. */
    private final class QueueListener implements BinanceAdapter.Listener {
        @Override
        public void onEvent(RingEvent event) {
            if (!queue.offer(event)) {
                counters.onQueueFull();
            }
        }

        @Override
        public void onSnapshotNeeded(int instrumentId) {
            fetchSnapshot(instrumentId);
        }
    }

    /**
     * One WebSocket connection and what the feed knows of it (fields guarded by the feed's lock).
     */
    private final class Connection extends WebSocketListener {
        final long id;
        final long startedNs;
        WebSocket ws;
        long openedNs;
        long lastFrameNs;
        long pingsSeen;
        boolean opened;
        boolean gotFrame;
        boolean ended;

        Connection(long id, long startedNs) {
            this.id = id;
            this.startedNs = startedNs;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            BinanceFeed.this.onOpen(this, webSocket);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            onText(this, text);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            onBytes(this, bytes);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            // The server is closing: answer its close frame, and treat the connection as lost now.
            webSocket.close(1000, null);
            onEnd(this);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            onEnd(this);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            onEnd(this, t, response);
        }

        @Override
        public String toString() {
            return "connection " + id;
        }
    }
}
