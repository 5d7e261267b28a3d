package io.tickring.engine.overlay;

import io.tickring.adapters.llm.ReplayProvider;
import io.tickring.adapters.llm.SentimentProvider;
import io.tickring.adapters.llm.SentimentResult;
import io.tickring.adapters.news.Headline;
import io.tickring.adapters.news.HeadlineFile;
import io.tickring.adapters.news.PointInTime;
import io.tickring.engine.config.InstrumentRegistry;
import io.tickring.engine.config.OverlayConfig;
import io.tickring.engine.ingress.EventQueue;
import io.tickring.engine.ingress.InputSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The asynchronous sentiment overlay: reads the configured headlines, applies the point-in-time
 * rules, has them scored, and feeds each result to the ring as a SENTIMENT input event, journaled
 * like any input, with its provenance in {@code DIR/sentiment.jsonl} (see {@link ProvenanceLog}).
 *
 * <p>Two ways in, by the run's policy:
 *
 * <ul>
 *   <li><b>sim</b> (event-time merge): only the replay provider; every result is known before the
 *       run and merged into the market source in event time ({@link MergedSource}), on the
 *       Sequencer's thread, with no I/O there. The run stays deterministic.
 *   <li><b>live</b> (arrival order): the overlay's own thread ({@link OverlayAgent}) releases each
 *       result at its time on the wall clock, or has an LLM score the news as it arrives, and
 *       offers the events to its own ingress queue, never waiting: a full queue drops the event and
 *       counts it. The Sequencer reads that queue beside the market ({@link FanInSource}).
 * </ul>
 *
 * Replay and backtest never build an overlay: they read the journaled SENTIMENT events.
 */
public final class SentimentOverlay implements AutoCloseable {
    private final OverlayConfig config;
    private final boolean live;
    private final OverlayCounters counters;
    private List<ScoredItem> replayItems;
    private List<Headline> headlines;
    private final InstrumentRegistry instruments;
    private final SentimentProvider llm;
    private final long startTimeNs;
    private EventQueue queue;
    private OverlayAgent agent;
    private io.tickring.adapters.news.FeedPoller poller;

    /** The point-in-time rules the file's headlines passed: the feeds' items pass the same. */
    private PointInTime rules;

    /** Headlines the feeds accepted, not yet taken by the overlay's thread. */
    static final int FEED_BACKLOG = 4096;

    private SentimentOverlay(
            OverlayConfig config,
            boolean live,
            List<Headline> headlines,
            List<ScoredItem> replayItems,
            InstrumentRegistry instruments,
            SentimentProvider llm,
            OverlayCounters counters,
            long startTimeNs) {
        this.config = config;
        this.startTimeNs = startTimeNs;
        this.counters = counters;
        this.live = live;
        this.headlines = headlines;
        this.replayItems = replayItems;
        this.instruments = instruments;
        this.llm = llm;
    }

    /**
     * Reads the news and, with the replay provider, scores it.
     *
     * @param live true for a live (arrival-order) run, false for a sim run
     * @param startTimeNs the run's start in event time: a rebased file's first receipt lands here
     * @param endTimeNs results after this are not used (Long.MAX_VALUE: none)
     * @param halfLifeNs the strategy's sentiment half-life, for the status line
     * @param ttlNs the strategy's sentiment TTL, for the status line
     * @param llm the LLM provider for {@code provider.kind: openai} (live only), else null
     * @throws io.tickring.adapters.news.NewsFormatException for a file that cannot be read
     * @throws IllegalArgumentException for an LLM provider in a sim run
     */
    public static SentimentOverlay create(
            OverlayConfig config,
            InstrumentRegistry instruments,
            boolean live,
            long startTimeNs,
            long endTimeNs,
            long halfLifeNs,
            long ttlNs,
            SentimentProvider llm) {
        boolean replay = config.provider().kind().equals(OverlayConfig.Provider.REPLAY_KIND);
        if (!replay && !live) {
            throw new IllegalArgumentException(
                    "overlay.provider.kind: "
                            + config.provider().kind()
                            + " calls an LLM, which only a live run does; a sim run (and every"
                            + " backtest) uses kind: replay or the journaled SENTIMENT events");
        }
        if (!replay && llm == null) {
            throw new IllegalArgumentException(
                    "an LLM provider is needed for " + config.provider());
        }
        if (!config.news().feeds().isEmpty()) {
            if (replay || !live) {
                throw new IllegalArgumentException(
                        "overlay.news.feeds: feeds are polled live and scored by an LLM; they need"
                                + " run.mode: live and overlay.provider.kind: openai");
            }
            for (OverlayConfig.Feed f : config.news().feeds()) {
                for (String symbol : f.symbols()) {
                    if (instruments.bySymbol(symbol) == null) {
                        throw new IllegalArgumentException(
                                "overlay.news.feeds: " + f.url() + ": unknown symbol " + symbol);
                    }
                }
                String host = okhttp3.HttpUrl.get(f.url()).host();
                if (config.provider().airGapped()
                        && !io.tickring.adapters.llm.ChatCompletionsClient.isLoopback(host)) {
                    throw new IllegalArgumentException(
                            "overlay.news.feeds: "
                                    + f.url()
                                    + ": "
                                    + host
                                    + " is not a loopback address, and"
                                    + " overlay.provider.air_gapped is true");
                }
            }
        }
        if (config.news().text() == null) {
            throw new IllegalArgumentException(
                    "overlay.news.file: " + config.news().file() + " cannot be resolved here");
        }
        List<Headline> all =
                new ArrayList<>(
                        HeadlineFile.parse(config.news().file(), config.news().text().get()));
        OverlayCounters counters = new OverlayCounters();
        counters.decay(halfLifeNs, ttlNs);
        if (config.news().rebase() && !all.isEmpty()) {
            long first = Long.MAX_VALUE;
            for (Headline h : all) {
                first = Math.min(first, h.receivedNs());
            }
            long delta = startTimeNs - first;
            all.replaceAll(h -> h.shifted(delta));
        }
        // Receipt order, file order on ties: the order the point-in-time rules see them in.
        all.sort(Comparator.comparingLong(Headline::receivedNs));
        PointInTime rules = new PointInTime(config.news().maxAgeNs(), counters.news);
        List<Headline> accepted = new ArrayList<>();
        for (Headline h : all) {
            if (instruments.bySymbol(h.symbol()) == null) {
                counters.news.unknownSymbol();
            } else if (rules.check(h) == PointInTime.Verdict.ACCEPTED) {
                accepted.add(h);
            }
        }
        List<ScoredItem> items = new ArrayList<>();
        if (replay) {
            ReplayProvider provider = new ReplayProvider(config.provider().name());
            for (Headline h : accepted) {
                SentimentResult r = provider.score(h.symbol(), List.of(h));
                if (r == null) {
                    counters.abstained.incrementAndGet();
                    continue;
                }
                long t = h.receivedNs() + r.latencyNs();
                if (t > endTimeNs) {
                    continue;
                }
                if (!live) {
                    counters.scored.incrementAndGet(); // a live run counts them as released
                }
                items.add(
                        new ScoredItem(
                                0,
                                t,
                                instruments.bySymbol(h.symbol()).id(),
                                r,
                                List.of(h.contentHash())));
            }
            items.sort(Comparator.comparingLong(ScoredItem::timeNs));
            for (int n = 0; n < items.size(); n++) {
                ScoredItem i = items.get(n);
                items.set(
                        n,
                        new ScoredItem(
                                n + 1,
                                i.timeNs(),
                                i.instrumentId(),
                                i.result(),
                                i.headlineHashes()));
            }
        }
        SentimentOverlay o =
                new SentimentOverlay(
                        config,
                        live,
                        accepted,
                        List.copyOf(items),
                        instruments,
                        llm,
                        counters,
                        startTimeNs);
        o.rules = rules;
        return o;
    }

    /** The highest provenance id an earlier run on the journal used; 0 for a new journal. */
    private int resumedMaxId;

    /** Headlines skipped because an earlier run on the journal scored them. */
    private int resumedSkipped;

    /**
     * For {@code run --resume}. Live: leaves out every headline (and pre-scored result) that the
     * journal's earlier run scored, as its {@code DIR/sentiment.jsonl} lists them; their SENTIMENT
     * events are in the journal and the recovery replays them, so no LLM is asked again, and new
     * results continue the provenance ids. Sim: the merge is made whole again (the recovery checks
     * the journal against it) and only the provenance lines already written are not written again.
     * Call before {@link #wrap}.
     *
     * @return how many headlines were left out
     */
    public int resumeAfter(Path journalDir) {
        ProvenanceLog.Scored done = ProvenanceLog.read(journalDir);
        resumedMaxId = done.maxId();
        if (!live) {
            // Event time: the recovery checks each journaled SENTIMENT against this source's
            // next one, so the merge must make them all again; they are scored from the file,
            // never by an LLM. Only their provenance lines are not written twice.
            return 0;
        }
        List<Headline> left = new ArrayList<>();
        for (Headline h : headlines) {
            if (!done.headlineHashes().contains(h.contentHash())) {
                left.add(h);
            }
        }
        resumedSkipped = headlines.size() - left.size();
        headlines = left;
        List<ScoredItem> items = new ArrayList<>();
        for (ScoredItem i : replayItems) {
            if (!done.headlineHashes().containsAll(i.headlineHashes())) {
                items.add(i);
            }
        }
        replayItems = List.copyOf(items);
        counters.resumedSkipped.set(resumedSkipped);
        if (rules != null) {
            // A feed that lists a story already scored must not have it scored again.
            for (String hash : done.headlineHashes()) {
                rules.remember(hash);
            }
        }
        return resumedSkipped;
    }

    /** The source the Sequencer reads: {@code market} with this overlay's events in. */
    public InputSource wrap(InputSource market) {
        if (!live) {
            return new MergedSource(market, replayItems, counters);
        }
        queue = EventQueue.manyToOne("overlay", config.queueCapacity());
        return new FanInSource(market, queue);
    }

    /**
     * Starts the overlay once the engine has opened its journal in {@code journalDir} (null: no
     * provenance file): a sim run writes the provenance of every result now; a live run starts the
     * overlay's thread.
     */
    public void start(Path journalDir) {
        ProvenanceLog log = journalDir == null ? null : new ProvenanceLog(journalDir);
        if (!live) {
            if (log != null) {
                try (log) {
                    for (ScoredItem i : replayItems) {
                        if (i.id() > resumedMaxId) {
                            log.write(i.id(), i.timeNs(), i.result(), i.headlineHashes());
                        }
                    }
                }
            }
            return;
        }
        java.util.concurrent.BlockingQueue<Headline> fromFeeds = null;
        if (!config.news().feeds().isEmpty()) {
            java.util.concurrent.BlockingQueue<Headline> backlog =
                    new java.util.concurrent.ArrayBlockingQueue<>(FEED_BACKLOG);
            fromFeeds = backlog;
            List<io.tickring.adapters.news.FeedPoller.Feed> feeds = new ArrayList<>();
            for (OverlayConfig.Feed f : config.news().feeds()) {
                feeds.add(
                        new io.tickring.adapters.news.FeedPoller.Feed(
                                f.url(), f.symbols(), f.intervalNs()));
            }
            org.agrona.concurrent.SystemEpochNanoClock wall =
                    new org.agrona.concurrent.SystemEpochNanoClock();
            poller =
                    new io.tickring.adapters.news.FeedPoller(
                            feeds,
                            rules,
                            h -> {
                                if (!backlog.offer(h)) {
                                    counters.newsBacklogFull.incrementAndGet();
                                }
                            },
                            wall::nanoTime,
                            config.provider().timeoutNs() / 1_000_000);
            counters.feeds(poller.counters());
        }
        agent =
                new OverlayAgent(
                        config.provider(),
                        replayItems,
                        headlines,
                        instruments,
                        llm,
                        queue,
                        log,
                        counters,
                        config.news().rebase() ? startTimeNs : Long.MIN_VALUE,
                        fromFeeds);
        agent.startIdsAfter(resumedMaxId);
        agent.start();
        if (poller != null) {
            poller.start();
        }
    }

    /** Stops the overlay's thread (live); nothing more is offered to the ring. */
    public void stop() {
        if (poller != null) {
            poller.close();
        }
        if (agent != null) {
            agent.requestStop();
        }
    }

    public OverlayCounters counters() {
        return counters;
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.close();
        }
        if (agent != null) {
            agent.close();
        }
    }
}
