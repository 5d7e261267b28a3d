package io.tickring.engine.overlay;

import io.tickring.adapters.llm.SentimentProvider;
import io.tickring.adapters.llm.SentimentResult;
import io.tickring.adapters.news.Headline;
import io.tickring.core.RingEvent;
import io.tickring.engine.config.InstrumentRegistry;
import io.tickring.engine.config.OverlayConfig;
import io.tickring.engine.ingress.EventQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * The overlay's thread in a live run. With the replay provider it releases each pre-scored result
 * when the wall clock reaches its time; with an LLM it takes each headline at its receipt time,
 * abstains when the symbol's news within the window is thinner than {@code min_headlines}, and
 * hands the call to a small pool of at most {@code concurrency} workers (a full pool drops the call
 * and counts it) that stamp the result with the wall-clock time it arrived. Either way the event is
 * offered to the overlay's ingress queue without waiting: a full queue drops it and counts it. The
 * ring never waits on any of this.
 */
final class OverlayAgent implements Runnable {
    private final OverlayConfig.Provider provider;
    private final List<ScoredItem> replayItems;
    private final List<Headline> headlines;
    private final InstrumentRegistry instruments;
    private final SentimentProvider llm;
    private final EventQueue queue;
    private final ProvenanceLog log;
    private final OverlayCounters counters;
    private final SystemEpochNanoClock clock = new SystemEpochNanoClock();
    private final RingEvent scratch = new RingEvent();
    private final AtomicInteger nextId = new AtomicInteger();
    private final Thread thread;
    private ThreadPoolExecutor workers;
    private volatile boolean stop;

    /** Headlines the feeds accepted, for the LLM path; null without feeds. */
    private final java.util.concurrent.BlockingQueue<Headline> feedHeadlines;

    /** The run's start the times were rebased to, if they were; else Long.MIN_VALUE. */
    private final long rebasedToNs;

    OverlayAgent(
            OverlayConfig.Provider provider,
            List<ScoredItem> replayItems,
            List<Headline> headlines,
            InstrumentRegistry instruments,
            SentimentProvider llm,
            EventQueue queue,
            ProvenanceLog log,
            OverlayCounters counters,
            long rebasedToNs,
            java.util.concurrent.BlockingQueue<Headline> feedHeadlines) {
        this.rebasedToNs = rebasedToNs;
        this.feedHeadlines = feedHeadlines;
        this.provider = provider;
        this.replayItems = replayItems;
        this.headlines = headlines;
        this.instruments = instruments;
        this.llm = llm;
        this.queue = queue;
        this.log = log;
        this.counters = counters;
        this.thread = new Thread(this, "tickring-overlay");
        thread.setDaemon(true);
    }

    /** New results are numbered from {@code maxId + 1} (a resumed journal's ids go on). */
    void startIdsAfter(int maxId) {
        nextId.set(maxId);
    }

    void start() {
        if (llm != null) {
            workers =
                    new ThreadPoolExecutor(
                            provider.concurrency(),
                            provider.concurrency(),
                            0,
                            TimeUnit.MILLISECONDS,
                            new ArrayBlockingQueue<>(provider.concurrency() * 4),
                            r -> {
                                Thread t = new Thread(r, "tickring-overlay-llm");
                                t.setDaemon(true);
                                return t;
                            });
        }
        thread.start();
    }

    void requestStop() {
        stop = true;
    }

    @Override
    public void run() {
        // Rebased times count from when the overlay starts, not from when the run was built
        // (building the engine can take seconds).
        long shift = rebasedToNs == Long.MIN_VALUE ? 0 : clock.nanoTime() - rebasedToNs;
        try {
            if (llm == null) {
                for (ScoredItem item : replayItems) {
                    if (!sleepUntil(item.timeNs() + shift)) {
                        return;
                    }
                    counters.scored.incrementAndGet();
                    // Stamped when it reaches the engine: never earlier than the market it joins.
                    publish(
                            new ScoredItem(
                                    item.id(),
                                    Math.max(item.timeNs() + shift, clock.nanoTime()),
                                    item.instrumentId(),
                                    item.result(),
                                    item.headlineHashes()));
                }
            } else {
                runLlm();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The LLM path: the file's headlines at their (rebased) receipt times and the feeds' as they
     * arrive, in one loop, so that one window per symbol sees both.
     */
    private void runLlm() throws InterruptedException {
        Map<String, ArrayDeque<Headline>> windows = new HashMap<>();
        long shift = rebasedToNs == Long.MIN_VALUE ? 0 : clock.nanoTime() - rebasedToNs;
        int next = 0;
        while (!stop) {
            long now = clock.nanoTime();
            long due = next < headlines.size() ? headlines.get(next).receivedNs() + shift : 0;
            Headline h = null;
            if (next < headlines.size() && due <= now) {
                h = headlines.get(next++).shifted(shift);
            } else if (feedHeadlines != null) {
                long waitMs =
                        next < headlines.size()
                                ? Math.max(1, Math.min(50, (due - now) / 1_000_000))
                                : 50;
                h = feedHeadlines.poll(waitMs, TimeUnit.MILLISECONDS);
            } else if (next < headlines.size()) {
                Thread.sleep(Math.max(1, Math.min(50, (due - now) / 1_000_000)));
            } else {
                return; // the file is done and there are no feeds
            }
            if (h != null) {
                take(windows, h);
            }
        }
    }

    /** Adds {@code h} to its symbol's window and, unless the news is too thin, has it scored. */
    private void take(Map<String, ArrayDeque<Headline>> windows, Headline h) {
        ArrayDeque<Headline> w = windows.computeIfAbsent(h.symbol(), k -> new ArrayDeque<>());
        w.addLast(h);
        while (w.peekFirst().receivedNs() < h.receivedNs() - provider.windowNs()) {
            w.removeFirst();
        }
        if (w.size() < provider.minHeadlines()) {
            counters.abstained.incrementAndGet(); // too thin to say anything
            return;
        }
        List<Headline> batch = new ArrayList<>(w);
        try {
            workers.execute(() -> score(h.symbol(), batch));
        } catch (RejectedExecutionException busy) {
            counters.failed.incrementAndGet();
        }
    }

    private void score(String symbol, List<Headline> batch) {
        SentimentResult r;
        try {
            r = llm.score(symbol, batch);
        } catch (RuntimeException e) {
            // A provider must not throw; if one does, the overlay goes on without this score.
            counters.failed.incrementAndGet();
            return;
        }
        if (r == null) {
            counters.failed.incrementAndGet();
            return;
        }
        counters.scored.incrementAndGet();
        List<String> hashes = new ArrayList<>(batch.size());
        for (Headline h : batch) {
            hashes.add(h.contentHash());
        }
        publish(
                new ScoredItem(
                        nextId.incrementAndGet(),
                        clock.nanoTime(),
                        instruments.bySymbol(symbol).id(),
                        r,
                        hashes));
    }

    /** Logs the provenance, then offers the event; never waits for room. */
    private synchronized void publish(ScoredItem item) {
        if (log != null) {
            log.write(item.id(), item.timeNs(), item.result(), item.headlineHashes());
        }
        item.fill(scratch, clock.nanoTime());
        if (queue.offer(scratch)) {
            counters.onPublished(item);
        } else {
            counters.queueFull.incrementAndGet();
        }
    }

    /** Sleeps until the wall clock reaches {@code timeNs}; false if stopped first. */
    private boolean sleepUntil(long timeNs) throws InterruptedException {
        while (!stop) {
            long waitMs = (timeNs - clock.nanoTime()) / 1_000_000;
            if (waitMs <= 0) {
                return true;
            }
            Thread.sleep(Math.min(waitMs, 50));
        }
        return false;
    }

    void close() {
        stop = true;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (workers != null) {
            workers.shutdownNow();
            try {
                workers.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (log != null) {
            log.close();
        }
    }
}
