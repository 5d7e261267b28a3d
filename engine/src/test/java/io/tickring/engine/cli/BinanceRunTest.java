package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tickring run} with {@code source.kind: binance} against a local WebSocket server on
 * 127.0.0.1 that speaks Binance's combined-stream frames; the journal it writes replays exactly.
 */
@org.junit.jupiter.api.Tag("slow")
class BinanceRunTest {
    @TempDir Path tmp;

    @Test
    void shouldRunOnALiveBinanceFeedAndReplayTheJournal() throws Exception {
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        AtomicLong sent = new AtomicLong();
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(
                    new MockResponse.Builder()
                            .webSocketUpgrade(
                                    new WebSocketListener() {
                                        @Override
                                        public void onOpen(WebSocket ws, Response response) {
                                            sender.scheduleAtFixedRate(
                                                    () -> {
                                                        long n = sent.incrementAndGet();
                                                        // The book leans one way for a while, then
                                                        // the other, so the demo strategy trades.
                                                        long bidQty =
                                                                (n / 20) % 2 == 0
                                                                        ? 900_000
                                                                        : 10_000;
                                                        long askQty =
                                                                (n / 20) % 2 == 0
                                                                        ? 10_000
                                                                        : 900_000;
                                                        ws.send(
                                                                "{\"stream\":\"btcusdt@depth5@100ms\",\"data\":"
                                                                        + depth(n, bidQty, askQty)
                                                                        + "}");
                                                        if (n % 5 == 0) {
                                                            ws.send(
                                                                    "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":"
                                                                            + n
                                                                            + ",\"p\":\"65000.01\",\"q\":\"0.01000000\",\"b\":1,\"a\":2,\"T\":"
                                                                            + System
                                                                                    .currentTimeMillis()
                                                                            + ",\"m\":false,\"M\":true}}");
                                                        }
                                                    },
                                                    0,
                                                    20,
                                                    TimeUnit.MILLISECONDS);
                                        }
                                    })
                            .build());
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            Path cfg = tmp.resolve("binance.yaml");
            Files.writeString(
                    cfg,
                    String.format(
                            Locale.ROOT,
                            ""
                                    + "run:\n  mode: live\n  duration: 3s\n  status_interval: 0s\n"
                                    + "instruments: %s\n"
                                    + "source:\n  kind: binance\n  sim:\n    instruments: [SIMA]\n"
                                    + "  binance:\n    url: ws://127.0.0.1:%d\n"
                                    + "    streams: [btcusdt@depth5@100ms, btcusdt@trade]\n    quantity_scale: 5\n"
                                    + "strategy:\n  threshold: 0.5\n  order_qty: 100\n  max_position: 1000\n  cooldown: 100ms\n",
                            CliTest.instrumentsPath(),
                            server.getPort()));
            Path j = tmp.resolve("journal");
            CliTest.Run run =
                    CliTest.tickring(
                            "run", "--config", cfg.toString(), "--journal", j.toString(), "--json");
            assertEquals(0, run.code(), run.err());
            String line = run.lastLine();
            assertTrue(Long.parseLong(CliTest.field(line, "BOOK")) > 20, line + "\n" + run.err());
            assertTrue(Long.parseLong(CliTest.field(line, "TRADE")) > 5, line);
            assertTrue(Long.parseLong(CliTest.field(line, "orders")) > 0, line);
            assertTrue(server.getRequestCount() >= 1);
            assertTrue(
                    server.takeRequest()
                            .getTarget()
                            .contains("streams=btcusdt@depth5@100ms/btcusdt@trade"));
            CliTest.Run replay =
                    CliTest.tickring("replay", "--journal", j.toString(), "--verify", "--json");
            assertEquals(0, replay.code(), replay.err());
            assertEquals("true", CliTest.field(replay.lastLine(), "match"));
        } finally {
            sender.shutdownNow();
        }
    }

    static String depth(long id, long bidQty, long askQty) {
        StringBuilder sb = new StringBuilder("{\"lastUpdateId\":").append(id).append(",\"bids\":[");
        for (int k = 0; k < 5; k++) {
            sb.append(k == 0 ? "" : ",")
                    .append("[\"")
                    .append(String.format(Locale.ROOT, "%.2f", 65000.00 - k * 0.01))
                    .append("\",\"")
                    .append(String.format(Locale.ROOT, "%.8f", (bidQty + k) / 1e5))
                    .append("\"]");
        }
        sb.append("],\"asks\":[");
        for (int k = 0; k < 5; k++) {
            sb.append(k == 0 ? "" : ",")
                    .append("[\"")
                    .append(String.format(Locale.ROOT, "%.2f", 65000.01 + k * 0.01))
                    .append("\",\"")
                    .append(String.format(Locale.ROOT, "%.8f", (askQty + k) / 1e5))
                    .append("\"]");
        }
        return sb.append("]}").toString();
    }
}
