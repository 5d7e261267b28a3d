package io.tickring.adapters.binance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.BoundedPublisher;
import io.tickring.adapters.validate.DropReason;
import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.TestInstruments;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live feed against a local server speaking Binance's frames; every test is bounded and stays
 * on 127.0.0.1.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BinanceFeedTest {
    private static final String DEPTH = "btcusdt@depth5@100ms";
    private static final String TRADE = "btcusdt@trade";

    /** Update ids keep rising across connections, as the venue's do. */
    private final AtomicLong updateId = new AtomicLong(1000);

    private final BoundedPublisher queue = new BoundedPublisher(1 << 16);
    private final List<RingEvent> seen = new ArrayList<>();
    private BinanceWsServer server;
    private BinanceFeed feed;

    @AfterEach
    void tearDown() {
        if (feed != null) {
            feed.close();
            assertTrue(feed.terminated(), "the feed's io and timer threads ended");
            assertFalse(
                    Thread.getAllStackTraces().keySet().stream()
                            .anyMatch(t -> t.isAlive() && t.getName().startsWith("binance-feed-")),
                    "no feed thread left");
        }
        if (server != null) {
            server.close();
        }
    }

    private String depthFrame() {
        return Frames.combined(DEPTH, Frames.depth(updateId.incrementAndGet(), 5));
    }

    /** Streams a depth frame every 20 ms until the client leaves. */
    private BinanceWsServer.Script streaming() {
        return peer -> {
            while (true) {
                peer.text(depthFrame());
                Thread.sleep(20);
            }
        };
    }

    private BinanceFeed.Config config() {
        return new BinanceFeed.Config()
                .baseUrl(server.baseUrl())
                .streams(DEPTH, TRADE)
                .quantityScale(5)
                .backoff(100, 400)
                .staleAfterMs(2_000)
                .connectTimeoutMs(2_000)
                .sourceId(7)
                .seed(42);
    }

    private void start(BinanceFeed.Config config) {
        feed = new BinanceFeed(config, new TestInstruments(), queue);
        feed.start();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Moves everything queued so far into {@link #seen}. */
    private List<RingEvent> drain() {
        seen.addAll(queue.drain());
        return seen;
    }

    private long count(int type) {
        return drain().stream().filter(e -> e.type == type).count();
    }

    private List<RingEvent> gaps() {
        return drain().stream().filter(e -> e.type == EventType.CONTROL).toList();
    }

    @Test
    void shouldDeliverBooksAndTradesFromCombinedStreams() throws Exception {
        server = new BinanceWsServer(BinanceWsServer.Peer::holdUntilClientLeaves);
        server.then(
                peer -> {
                    peer.text(depthFrame());
                    peer.text(
                            Frames.combined(
                                    TRADE,
                                    Frames.trade(
                                            "BTCUSDT",
                                            77,
                                            "65000.50",
                                            "0.25",
                                            1_700_000_000_000L,
                                            true)));
                    peer.holdUntilClientLeaves();
                });
        start(config());
        await(
                "a book and a trade",
                () -> count(EventType.BOOK) == 1 && count(EventType.TRADE) == 1);
        assertEquals(
                "/stream?streams=" + DEPTH + "/" + TRADE,
                server.targets.get(0),
                "combined subscription by URL");
        RingEvent book =
                seen.stream().filter(e -> e.type == EventType.BOOK).findFirst().orElseThrow();
        assertEquals(TestInstruments.BTCUSDT.id(), book.instrumentId);
        assertEquals(5, book.levels);
        assertEquals(6_500_000, book.bidPx[0]);
        assertEquals(6_500_001, book.askPx[0]);
        assertEquals(100_000, book.bidQty[0]);
        assertTrue(book.receiveTimeNs > 1_600_000_000_000_000_000L, "receive time is epoch ns");
        assertEquals(book.receiveTimeNs, book.exchangeTimeNs);
        RingEvent trade =
                seen.stream().filter(e -> e.type == EventType.TRADE).findFirst().orElseThrow();
        assertEquals(6_500_050, trade.tradePx);
        assertEquals(25_000, trade.tradeQty);
        assertEquals(Side.SELL, trade.tradeAggressor);
        assertEquals(1_700_000_000_000_000_000L, trade.exchangeTimeNs);
        assertEquals(2, feed.counters().frames());
        assertEquals(0, feed.counters().decodeErrors());
        assertTrue(feed.isConnected());
    }

    @Test
    void shouldSubscribeToARawStreamAndNameItsSymbol() throws Exception {
        server =
                new BinanceWsServer(
                        peer -> {
                            peer.text(Frames.depth(5, 10));
                            peer.holdUntilClientLeaves();
                        });
        feed =
                new BinanceFeed(
                        new BinanceFeed.Config()
                                .baseUrl(server.baseUrl())
                                .streams("btcusdt@depth10@100ms")
                                .bookDepth(10)
                                .quantityScale(5),
                        new TestInstruments(),
                        queue);
        feed.start();
        await("a book from the raw stream", () -> count(EventType.BOOK) >= 1);
        assertTrue(server.targets.contains("/ws/btcusdt@depth10@100ms"));
        RingEvent book =
                seen.stream().filter(e -> e.type == EventType.BOOK).findFirst().orElseThrow();
        assertEquals(
                TestInstruments.BTCUSDT.id(),
                book.instrumentId,
                "a raw depth payload names no symbol: the stream's is used");
        assertEquals(10, book.levels);
    }

    @Test
    void shouldAnswerAPingWithItsPayload() throws Exception {
        CompletableFuture<BinanceWsServer.ClientFrame> pong = new CompletableFuture<>();
        byte[] payload = "binance-ping-1".getBytes(UTF_8);
        server = new BinanceWsServer(BinanceWsServer.Peer::holdUntilClientLeaves);
        server.then(
                peer -> {
                    peer.text(depthFrame());
                    peer.ping(payload);
                    pong.complete(peer.read(5_000));
                    peer.text(depthFrame());
                    peer.holdUntilClientLeaves();
                });
        start(config());
        BinanceWsServer.ClientFrame answer = pong.get(5, TimeUnit.SECONDS);
        assertEquals(0xA, answer.opcode(), "a pong frame");
        assertArrayEquals(payload, answer.payload(), "carrying the ping's payload");
        await("the ping counted", () -> feed.counters().pings() == 1);
        await("frames after the ping", () -> count(EventType.BOOK) == 2);
        assertEquals(0, feed.counters().disconnects());
    }

    @Test
    void shouldCountGarbageFramesAndKeepTheConnection() throws Exception {
        server = new BinanceWsServer(BinanceWsServer.Peer::holdUntilClientLeaves);
        server.then(
                peer -> {
                    peer.text("not json at all");
                    peer.text("{\"lastUpdateId\":12,\"bids\":[[\"1.0\"");
                    peer.text(
                            Frames.combined(
                                    "dogeusdt@trade",
                                    Frames.trade("DOGEUSDT", 1, "0.1", "1", 1, true)));
                    peer.text(
                            Frames.combined(
                                    DEPTH,
                                    "{\"lastUpdateId\":5,\"bids\":[[\"65000.00\",\"1\"]],\"asks\":[[\"64999.00\",\"1\"]]}"));
                    peer.text(depthFrame());
                    peer.holdUntilClientLeaves();
                });
        start(config());
        await("the good frame after the garbage", () -> count(EventType.BOOK) == 1);
        FeedCounters c = feed.counters();
        assertEquals(5, c.frames());
        assertEquals(3, c.decodeErrors());
        assertEquals(2, c.dropped(DropReason.BAD_FIELD));
        assertEquals(1, c.dropped(DropReason.UNKNOWN_SYMBOL));
        assertEquals(
                1, c.dropped(DropReason.CROSSED_OR_LOCKED), "validated, never passed to the queue");
        assertEquals(0, c.disconnects());
        assertTrue(feed.isConnected());
    }

    @Test
    void shouldReconnectWithBackoffAfterASuddenDisconnect() throws Exception {
        server = new BinanceWsServer(streaming());
        server.then(
                peer -> {
                    peer.text(depthFrame());
                    peer.text(depthFrame());
                    peer.abort();
                });
        start(config().streams("ethusdt@trade"));
        await("a reconnect", () -> feed.counters().reconnects() == 1);
        await("books on the new connection", () -> count(EventType.BOOK) >= 4);
        FeedCounters c = feed.counters();
        assertEquals(1, c.disconnects());
        assertEquals(1, c.gaps());
        long backoff = feed.lastBackoffMs();
        assertTrue(
                backoff >= 50 && backoff <= 100, "first delay within [base/2, base]: " + backoff);
        long waitedMs =
                TimeUnit.NANOSECONDS.toMillis(
                        server.connectedAt.get(1) - server.connectedAt.get(0));
        assertTrue(
                waitedMs >= 50,
                "the second connection waited for the backoff: " + waitedMs + " ms");
        List<RingEvent> gaps = gaps();
        assertEquals(2, gaps.size(), "one FEED_GAP per instrument: BTCUSDT and ETHUSDT");
        assertEquals(
                List.of(TestInstruments.BTCUSDT.id(), TestInstruments.ETHUSDT.id()),
                gaps.stream().map(e -> e.instrumentId).toList());
        assertTrue(
                gaps.stream()
                        .allMatch(
                                e ->
                                        e.controlCode == ControlCode.FEED_GAP
                                                && e.controlParamValue == FeedGap.DISCONNECT
                                                && e.controlParamId == 7));
        assertEquals(2, c.controls());
    }

    @Test
    void shouldTreatAServerCloseAsADisconnect() throws Exception {
        server = new BinanceWsServer(streaming());
        server.then(
                peer -> {
                    peer.text(depthFrame());
                    peer.close(1001);
                    peer.read(2_000);
                });
        start(config());
        await("a reconnect", () -> feed.counters().reconnects() == 1);
        assertEquals(1, feed.counters().disconnects());
        assertEquals(FeedGap.DISCONNECT, gaps().get(0).controlParamValue);
    }

    @Test
    void shouldDetectAStaleFeedAndReconnect() throws Exception {
        server = new BinanceWsServer(streaming());
        server.then(
                peer -> {
                    peer.text(depthFrame());
                    peer.holdUntilClientLeaves();
                });
        start(config().staleAfterMs(300));
        await("stale detected", () -> feed.counters().stale() == 1);
        await("frames from the next connection", () -> count(EventType.BOOK) >= 3);
        FeedCounters c = feed.counters();
        assertEquals(
                0,
                c.disconnects(),
                "the adapter dropped it: counted as stale, not as a disconnect");
        assertEquals(1, c.reconnects());
        RingEvent gap = gaps().get(0);
        assertEquals(ControlCode.FEED_GAP, gap.controlCode);
        assertEquals(FeedGap.STALE, gap.controlParamValue);
        assertEquals(7, gap.controlParamId, "source id");
        assertEquals(TestInstruments.BTCUSDT.id(), gap.instrumentId);
    }

    @Test
    void shouldReplaceAnAgedConnectionWithoutAGap() throws Exception {
        server = new BinanceWsServer(streaming());
        start(config().maxConnectionAgeMs(300));
        await("an age refresh", () -> feed.counters().ageRefreshes() >= 1);
        long booksAtSwitch = count(EventType.BOOK);
        await("books on the new connection", () -> count(EventType.BOOK) > booksAtSwitch + 3);
        FeedCounters c = feed.counters();
        assertTrue(server.connections() >= 2);
        assertEquals(0, c.disconnects());
        assertEquals(0, c.gaps());
        assertEquals(0, c.stale());
        assertTrue(gaps().isEmpty(), "make before break: no FEED_GAP");
        assertEquals(0, c.decodeErrors());
        assertEquals(
                c.frames(),
                c.books() + c.dropped(DropReason.DUPLICATE),
                "every frame of the connection in use was passed on, or dropped as one the other connection already gave");
    }

    @Test
    void shouldCountEventsTheFullQueueCannotTake() throws Exception {
        BoundedPublisher tiny = new BoundedPublisher(3);
        server = new BinanceWsServer(BinanceWsServer.Peer::holdUntilClientLeaves);
        server.then(
                peer -> {
                    for (int i = 0; i < 40; i++) {
                        peer.text(depthFrame());
                    }
                    peer.holdUntilClientLeaves();
                });
        feed = new BinanceFeed(config(), new TestInstruments(), tiny);
        feed.start();
        // Frames are counted on arrival, books and queue outcomes after decoding: wait for the last
        // outcome.
        await(
                "every book offered or counted as dropped",
                () -> feed.counters().queueFull() + tiny.offered() == 40);
        FeedCounters c = feed.counters();
        assertEquals(40, c.frames());
        assertEquals(40, c.books());
        assertTrue(c.queueFull() > 0, "a queue of three holds three books only");
        assertEquals(40, c.queueFull() + tiny.offered());
    }
}
