package io.tickring.adapters.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tickring.adapters.BoundedPublisher;
import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.instrument.TestInstruments;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Feed failures on real sockets on 127.0.0.1: a closed port (connection refused), a server that
 * accepts and never answers the WebSocket upgrade, and a stream that goes silent. Each is counted,
 * raises a CONTROL FEED_GAP once per outage and instrument, is logged as one WARN line, and the
 * feed keeps retrying with backoff.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class BinanceFeedFailureTest {
    private static final String DEPTH = "btcusdt@depth5@100ms";

    private final BoundedPublisher queue = new BoundedPublisher(1 << 16);
    private final List<RingEvent> seen = new ArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger feedLogger = (Logger) LoggerFactory.getLogger(BinanceFeed.class);
    private BinanceFeed feed;
    private BinanceWsServer server;
    private ServerSocket silent;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void captureLog() {
        log.start();
        feedLogger.addAppender(log);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (feed != null) {
            feed.close();
            assertTrue(feed.terminated(), "the feed's io and timer threads ended");
        }
        feedLogger.detachAppender(log);
        if (server != null) {
            server.close();
        }
        if (silent != null) {
            silent.close();
        }
        for (Socket s : held) {
            s.close();
        }
    }

    private BinanceFeed.Config config(String baseUrl) {
        return new BinanceFeed.Config()
                .baseUrl(baseUrl)
                .streams(DEPTH, "ethusdt@trade")
                .quantityScale(5)
                .backoff(50, 200)
                .staleAfterMs(2_000)
                .connectTimeoutMs(1_000)
                .sourceId(7)
                .seed(42);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private List<RingEvent> gaps() {
        seen.addAll(queue.drain());
        return seen.stream().filter(e -> e.type == EventType.CONTROL).toList();
    }

    private List<String> warnings(String event) {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : log.list) {
            if (e.getLevel() == Level.WARN && e.getFormattedMessage().startsWith(event + " ")) {
                lines.add(e.getFormattedMessage());
            }
        }
        return lines;
    }

    /** A port on 127.0.0.1 that was free a moment ago and has no listener now. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private void assertOneGapPerInstrument(long kind) {
        List<RingEvent> gaps = gaps();
        assertEquals(
                List.of(TestInstruments.BTCUSDT.id(), TestInstruments.ETHUSDT.id()),
                gaps.stream().map(e -> e.instrumentId).toList(),
                "one FEED_GAP per instrument for the outage, however many attempts failed");
        for (RingEvent g : gaps) {
            assertEquals(ControlCode.FEED_GAP, g.controlCode);
            assertEquals(kind, g.controlParamValue, FeedGap.name(g.controlParamValue));
            assertEquals(7, g.controlParamId, "source id");
        }
    }

    @Test
    void shouldRaiseAGapWarnAndKeepRetryingWhenTheConnectionIsRefused() throws Exception {
        int port = closedPort();
        feed = new BinanceFeed(config("ws://127.0.0.1:" + port), new TestInstruments(), queue);
        feed.start();
        await("three refused attempts", () -> feed.counters().connectFailures() >= 3);
        assertOneGapPerInstrument(FeedGap.CONNECT);
        assertEquals(1, feed.counters().gaps(), "one gap incident");
        assertFalse(feed.everConnected());
        assertFalse(feed.isConnected());
        assertNotNull(feed.lastFailure());
        List<String> lines = warnings("feed_connect_failed");
        assertTrue(lines.size() >= 3, "a WARN line per failed attempt: " + lines);
        for (String line : lines) {
            assertFalse(line.contains("\n"), "one line: " + line);
            assertTrue(line.contains("source=binance"), line);
            assertTrue(line.contains("url=ws://127.0.0.1:" + port + "/stream?streams="), line);
            assertTrue(line.contains("retry_in_ms="), line);
        }
        assertTrue(feed.lastBackoffMs() >= 25, "retried after a backoff");
    }

    @Test
    void shouldGiveUpOnAServerThatNeverAnswersTheUpgrade() throws Exception {
        silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor =
                new Thread(
                        () -> {
                            try {
                                while (true) {
                                    held.add(silent.accept()); // and never a byte back
                                }
                            } catch (IOException closed) {
                                // the test is over
                            }
                        },
                        "silent-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        feed =
                new BinanceFeed(
                        config("ws://127.0.0.1:" + silent.getLocalPort())
                                .staleAfterMs(300)
                                .connectTimeoutMs(300),
                        new TestInstruments(),
                        queue);
        feed.start();
        await("two attempts given up", () -> feed.counters().connectFailures() >= 2);
        await("the retry reached the server", () -> held.size() >= 2);
        assertOneGapPerInstrument(FeedGap.CONNECT);
        assertTrue(feed.lastFailure().startsWith("no WebSocket upgrade within 300 ms"));
        assertTrue(warnings("feed_connect_failed").size() >= 2);
        silent.close();
        acceptor.join(2_000);
    }

    @Test
    void shouldRaiseAGapWarnAndReconnectEachTimeTheStreamGoesSilent() throws Exception {
        // Every connection delivers one frame, then nothing: the venue is up but the stream died.
        server =
                new BinanceWsServer(
                        peer -> {
                            peer.text(
                                    Frames.combined(
                                            DEPTH,
                                            Frames.depth(System.nanoTime() & 0xFFFFFFFL, 5)));
                            peer.holdUntilClientLeaves();
                        });
        feed =
                new BinanceFeed(
                        // A generous upgrade bound: a loaded machine must not turn a slow upgrade
                        // into a failed attempt here.
                        config(server.baseUrl()).staleAfterMs(300).connectTimeoutMs(10_000),
                        new TestInstruments(),
                        queue);
        feed.start();
        await("two stale connections", () -> feed.counters().stale() >= 2);
        await("a third connection", () -> server.connections() >= 3);
        FeedCounters c = feed.counters();
        assertEquals(0, c.disconnects(), "dropped by the watchdog, not by the server");
        List<RingEvent> gaps = gaps();
        assertTrue(gaps.size() >= 4, "a STALE gap per instrument per stale connection: " + gaps);
        assertTrue(gaps.stream().allMatch(g -> g.controlParamValue == FeedGap.STALE));
        List<String> lines = warnings("feed_stale");
        assertTrue(lines.size() >= 2, "a WARN line per stale connection: " + lines);
        assertTrue(lines.get(0).contains("silent_ms="), lines.get(0));
        assertTrue(feed.everConnected());
    }
}
