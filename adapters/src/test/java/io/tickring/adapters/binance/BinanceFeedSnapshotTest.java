package io.tickring.adapters.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.BoundedPublisher;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Live diff-depth sync against a local server that speaks Binance's WebSocket frames and its REST
 * depth endpoint: the feed holds the diffs, fetches the snapshot with okhttp, publishes from the
 * synced book, and fetches a new snapshot after a gap or a failed request, counting each.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class BinanceFeedSnapshotTest {
    private static final String DEPTH = "solusdt@depth@0ms";
    private static final String TICKER = "solusdt@bookTicker";

    private final BoundedPublisher queue = new BoundedPublisher(1 << 16);
    private final List<RingEvent> seen = new ArrayList<>();
    private BinanceWsServer server;
    private BinanceFeed feed;

    @AfterEach
    void tearDown() {
        if (feed != null) {
            feed.close();
            assertTrue(feed.terminated(), "the feed's io and timer threads ended");
        }
        if (server != null) {
            server.close();
        }
    }

    private static String diff(long first, long last, long previous, String bids, String asks) {
        return "{\"stream\":\""
                + DEPTH
                + "\",\"data\":{\"e\":\"depthUpdate\",\"E\":"
                + (1_700_000_000_000L + last)
                + ",\"T\":"
                + (1_700_000_000_000L + last)
                + ",\"s\":\"SOLUSDT\",\"U\":"
                + first
                + ",\"u\":"
                + last
                + ",\"pu\":"
                + previous
                + ",\"b\":["
                + bids
                + "],\"a\":["
                + asks
                + "]}}";
    }

    private static String snapshot(long lastUpdateId, String bid, String ask) {
        StringBuilder b = new StringBuilder();
        b.append("{\"lastUpdateId\":").append(lastUpdateId).append(",\"E\":1,\"T\":1,\"bids\":[");
        for (int k = 0; k < 5; k++) {
            b.append(k == 0 ? "" : ",")
                    .append("[\"")
                    .append(
                            String.format(
                                    java.util.Locale.ROOT,
                                    "%.2f",
                                    Double.parseDouble(bid) - k * 0.01))
                    .append("\",\"10\"]");
        }
        b.append("],\"asks\":[");
        for (int k = 0; k < 5; k++) {
            b.append(k == 0 ? "" : ",")
                    .append("[\"")
                    .append(
                            String.format(
                                    java.util.Locale.ROOT,
                                    "%.2f",
                                    Double.parseDouble(ask) + k * 0.01))
                    .append("\",\"10\"]");
        }
        return b.append("]}").toString();
    }

    private BinanceFeed.Config config() {
        return new BinanceFeed.Config()
                .baseUrl(server.baseUrl())
                .restBaseUrl(server.restUrl())
                // A second symbol: a REST snapshot names none, so the feed must say whose it is.
                .streams(DEPTH, TICKER, "btcusdt@trade")
                .snapshotLimit(1000)
                .snapshotRetryMs(50)
                .backoff(100, 400)
                .staleAfterMs(5_000)
                .connectTimeoutMs(2_000);
    }

    private void start() {
        // Each instrument's registry scale: SOLUSDT is USD-M, whole SOL.
        feed =
                new BinanceFeed(
                        config().quantityScale(BinanceDecoder.REGISTRY_QTY_SCALE),
                        new BinanceInstruments(),
                        queue);
        feed.start();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private List<RingEvent> books() {
        seen.addAll(queue.drain());
        return seen.stream().filter(e -> e.type == EventType.BOOK).toList();
    }

    @Test
    void shouldFetchTheSnapshotSyncAndResyncAfterAGap() throws Exception {
        server = new BinanceWsServer(BinanceWsServer.Peer::holdUntilClientLeaves);
        server.rest(
                target ->
                        new BinanceWsServer.Answer(
                                200,
                                server.restTargets.size() == 1
                                        ? snapshot(110, "150.00", "150.01")
                                        : snapshot(145, "149.00", "149.50")));
        server.then(
                peer -> {
                    peer.text(diff(100, 105, 99, "[\"150.00\",\"7\"]", ""));
                    peer.text(diff(106, 112, 105, "[\"150.00\",\"8\"]", "[\"150.01\",\"0\"]"));
                    awaitQuietly(() -> feed.counters().snapshotsApplied() == 1);
                    peer.text(diff(120, 125, 112, "[\"149.99\",\"4\"]", ""));
                    peer.text(
                            "{\"stream\":\""
                                    + TICKER
                                    + "\",\"data\":{\"u\":126,\"e\":\"bookTicker\",\"s\":\"SOLUSDT\","
                                    + "\"b\":\"150.00\",\"B\":\"8\",\"a\":\"150.02\",\"A\":\"10\","
                                    + "\"T\":1700000000126,\"E\":1700000000126}}");
                    peer.text(diff(131, 140, 128, "[\"149.90\",\"1\"]", "")); // pu 128 != 125
                    awaitQuietly(() -> feed.counters().snapshotsApplied() == 2);
                    peer.text(diff(141, 150, 140, "[\"149.00\",\"5\"]", "[\"149.50\",\"6\"]"));
                    peer.text(diff(151, 155, 150, "[\"149.01\",\"1\"]", ""));
                    peer.holdUntilClientLeaves();
                });
        start();
        await("the book after the second snapshot", () -> books().size() >= 4);
        assertEquals(2, feed.counters().snapshotFetches(), "one at the start, one after the gap");
        assertEquals(0, feed.counters().snapshotFetchFailures());
        assertEquals(1, feed.counters().sequenceGaps());
        assertEquals(
                List.of(
                        "/fapi/v1/depth?symbol=SOLUSDT&limit=1000",
                        "/fapi/v1/depth?symbol=SOLUSDT&limit=1000"),
                server.restTargets,
                "USD-M by the registry's venue");
        List<RingEvent> books = books();
        assertEquals(4, books.size(), "a book at the first snapshot, and one per diff after it");
        assertEquals(
                1,
                feed.counters().snapshotBooks(),
                "the second snapshot came before any diff past it: 141..150 publishes");
        RingEvent synced = books.get(0);
        assertEquals(15_000, synced.bidPx[0], "published when the snapshot synced the book");
        assertEquals(8, synced.bidQty[0], "the held diff 106..112 replayed over the snapshot");
        assertEquals(14_999, synced.bidPx[1]);
        assertEquals(10, synced.bidQty[1], "the snapshot's, before 120..125");
        assertEquals(15_002, synced.askPx[0]);
        assertEquals(1_700_000_000_112_000_000L, synced.exchangeTimeNs, "the held diff's E");
        RingEvent first = books.get(1);
        assertEquals(15_000, first.bidPx[0]);
        assertEquals(8, first.bidQty[0]);
        assertEquals(14_999, first.bidPx[1]);
        assertEquals(4, first.bidQty[1]);
        assertEquals(15_002, first.askPx[0]);
        RingEvent resynced = books.get(2);
        assertEquals(14_900, resynced.bidPx[0], "141..150 over the second snapshot");
        assertEquals(5, resynced.bidQty[0]);
        RingEvent last = books.get(books.size() - 1);
        assertEquals(14_901, last.bidPx[0]);
        assertEquals(14_900, last.bidPx[1]);
        assertEquals(5, last.bidQty[1], "141..150 applied over the second snapshot");
        assertEquals(1, seen.stream().filter(e -> e.type == EventType.QUOTE).count());
        assertEquals(1, seen.stream().filter(e -> e.type == EventType.CONTROL).count(), "the gap");
    }

    @Test
    void shouldRetryAFailedSnapshotRequest() throws Exception {
        AtomicLong lastSent = new AtomicLong();
        server = new BinanceWsServer(BinanceWsServer.Peer::holdUntilClientLeaves);
        server.rest(
                target ->
                        server.restTargets.size() == 1
                                ? new BinanceWsServer.Answer(500, "{\"code\":-1000}")
                                : new BinanceWsServer.Answer(
                                        200, snapshot(lastSent.get(), "150.00", "150.01")));
        server.then(
                peer -> {
                    long u = 100;
                    while (true) {
                        peer.text(
                                diff(u + 1, u + 5, u, "[\"149.95\",\"" + (u % 7 + 1) + "\"]", ""));
                        lastSent.set(u + 5);
                        u += 5;
                        Thread.sleep(10);
                    }
                });
        start();
        await("a book after the retried snapshot", () -> !books().isEmpty());
        assertEquals(1, feed.counters().snapshotFetchFailures(), "the 500");
        assertEquals(2, feed.counters().snapshotFetches());
        assertEquals(1, feed.counters().snapshotsApplied());
        assertEquals(0, feed.counters().sequenceGaps());
    }

    private static void awaitQuietly(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
