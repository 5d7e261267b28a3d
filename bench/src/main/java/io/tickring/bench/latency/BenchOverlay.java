package io.tickring.bench.latency;

import com.sun.net.httpserver.HttpServer;
import io.tickring.adapters.llm.ChatCompletionsClient;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.OverlayConfig;
import io.tickring.engine.ingress.InputSource;
import io.tickring.engine.overlay.SentimentOverlay;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench latency --overlay on}: the sentiment overlay as a live run has it, asking a local
 * OpenAI-compatible server while the ring runs. The server (the JDK's HTTP server on 127.0.0.1)
 * answers every chat completion with a valid score after {@link #ANSWER_DELAY_MS}, like a slow
 * model; the overlay reads one headline per symbol every {@link #HEADLINE_EVERY_MS} and puts each
 * score on the ring as a SENTIMENT event through its own ingress queue, so the tick-to-order
 * figures with and without it can be compared.
 */
final class BenchOverlay implements AutoCloseable {
    static final long HEADLINE_EVERY_MS = 250;
    static final long ANSWER_DELAY_MS = 200;

    private static final Pattern SYMBOL = Pattern.compile("\\\\\"symbol\\\\\":\\\\\"([A-Z0-9]+)");

    private final HttpServer server;
    private final ExecutorService serverThreads;
    private final ChatCompletionsClient client;
    private final SentimentOverlay overlay;
    private final AtomicLong answered = new AtomicLong();

    BenchOverlay(EngineConfig cfg, long durationNs, long startTimeNs) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        serverThreads = Executors.newFixedThreadPool(2, r -> daemon(r, "bench-llm-server"));
        server.setExecutor(serverThreads);
        server.createContext(
                "/v1/chat/completions",
                ex -> {
                    byte[] body;
                    try (InputStream in = ex.getRequestBody()) {
                        body = in.readAllBytes();
                    }
                    Matcher m = SYMBOL.matcher(new String(body, StandardCharsets.UTF_8));
                    String symbol = m.find() ? m.group(1) : "SIMA";
                    try {
                        Thread.sleep(ANSWER_DELAY_MS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    byte[] answer = completion(symbol, answered.incrementAndGet());
                    ex.getResponseHeaders().set("Content-Type", "application/json");
                    ex.sendResponseHeaders(200, answer.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(answer);
                    }
                });
        server.start();
        String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        OverlayConfig.Provider p =
                new OverlayConfig.Provider(
                        OverlayConfig.Provider.OPENAI_KIND,
                        "bench-llm",
                        baseUrl,
                        "bench-model",
                        "TICKRING_LLM_API_KEY",
                        true,
                        10_000_000_000L,
                        0,
                        4,
                        100_000,
                        0,
                        0,
                        0,
                        1,
                        1_000_000_000L);
        String news = headlines(cfg, durationNs);
        OverlayConfig oc =
                new OverlayConfig(
                        true,
                        new OverlayConfig.News("bench-headlines", () -> news, true, 0),
                        p,
                        1 << 16);
        client =
                new ChatCompletionsClient(
                        new ChatCompletionsClient.Settings(
                                p.name(), baseUrl, p.model(), null, true, 10_000, 0, 4, 100_000, 0,
                                0, 0, 5, 30_000),
                        Clock.systemUTC());
        overlay =
                SentimentOverlay.create(
                        oc,
                        cfg.instruments(),
                        true,
                        startTimeNs,
                        Long.MAX_VALUE,
                        cfg.strategy().sentimentHalfLifeNs(),
                        cfg.strategy().sentimentTtlNs(),
                        client);
        overlay.counters().llm(client);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One headline per simulated symbol every {@link #HEADLINE_EVERY_MS}, for the whole run. */
    private static String headlines(EngineConfig cfg, long durationNs) {
        StringBuilder sb = new StringBuilder();
        Instant t0 = Instant.parse("2026-01-05T14:30:00Z");
        long n = durationNs / 1_000_000 / HEADLINE_EVERY_MS + 1;
        for (long i = 0; i < n; i++) {
            for (String symbol : cfg.source().sim().instruments()) {
                Instant at = t0.plusMillis(i * HEADLINE_EVERY_MS);
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "{\"published\":\"%s\",\"symbol\":\"%s\",\"headline\":\"%s bench"
                                        + " headline %d\"}%n",
                                at,
                                symbol,
                                symbol,
                                i));
            }
        }
        return sb.toString();
    }

    private static byte[] completion(String symbol, long n) {
        double s = ((n * 37) % 21 - 10) / 10.0;
        String content =
                String.format(
                        Locale.ROOT,
                        "{\\\"symbol\\\":\\\"%s\\\",\\\"sentiment\\\":%.1f,\\\"confidence\\\":0.8,"
                                + "\\\"horizon_minutes\\\":30,\\\"rationale\\\":\\\"bench\\\"}",
                        symbol,
                        s);
        return ("{\"id\":\"b\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\""
                        + content
                        + "\",\"refusal\":null},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":60,\"completion_tokens\":20}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** {@code market} with the overlay's SENTIMENT events in (its own ingress queue). */
    InputSource wrap(InputSource market) {
        return overlay.wrap(market);
    }

    /** Starts the overlay's threads; the provenance file goes beside the journal. */
    void start(Path journalDir) {
        overlay.start(journalDir);
    }

    /** SENTIMENT events offered to the ring. */
    long published() {
        return overlay.counters().published();
    }

    /** HTTP calls the overlay made. */
    long calls() {
        return client.counters().calls();
    }

    @Override
    public void close() {
        overlay.stop();
        overlay.close();
        client.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }
}
