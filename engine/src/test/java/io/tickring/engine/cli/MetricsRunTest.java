package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tickring run} with {@code ops.metrics} on port 0: the endpoint is scraped twice during the
 * run, once in the Prometheus text format and once as OpenMetrics, and each body is parsed by the
 * reference parser, Python's {@code prometheus_client} (Debian's python3-prometheus-client, which
 * .ci/run installs); the test checks names, types and units, that counters moved between the two
 * scrapes, that the endpoint listens on 127.0.0.1 only, and that it is gone after the run.
 */
@Tag("slow")
class MetricsRunTest {
    private static final Pattern URL = Pattern.compile("run: metrics on (http://\\S+)");
    private static final String OPENMETRICS =
            "application/openmetrics-text; version=1.0.0; charset=utf-8";

    @TempDir Path tmp;

    /** A family as the reference parser read it, with its samples by name and labels. */
    record Family(String name, String type, String unit, Map<String, Double> samples) {}

    @Test
    void shouldServeMetricsThatThePrometheusParserReadsWhileTheEngineRuns() throws Exception {
        String python = python();
        Path cfg = tmp.resolve("metrics.yaml");
        Files.writeString(
                cfg,
                String.format(
                        Locale.ROOT,
                        ""
                                + "run:\n  mode: live\n  duration: 30s\n  status_interval: 1s\n"
                                + "instruments: %s\n"
                                + "source:\n  kind: sim\n  sim:\n    instruments: [SIMA, SIMB]\n"
                                + "    events_per_second: 1000\n"
                                + "timer:\n  period: 200ms\n"
                                + "model:\n  kind: microprice-rule\n"
                                + "strategy:\n  threshold: 0.3\n  order_qty: 100\n"
                                + "  max_position: 1000\n  cooldown: 100ms\n"
                                + "ops:\n  metrics:\n    enabled: true\n    port: 0\n",
                        CliTest.instrumentsPath()));
        Path journal = tmp.resolve("journal");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        Thread run =
                new Thread(
                        () ->
                                code.set(
                                        Main.execute(
                                                new String[] {
                                                    "run",
                                                    "--config",
                                                    cfg.toString(),
                                                    "--journal",
                                                    journal.toString(),
                                                    "--json"
                                                },
                                                new PrintWriter(out, true),
                                                new PrintWriter(err, true))),
                        "metrics-test-run");
        run.start();
        try {
            String url = awaitUrl(err, run);
            URI uri = URI.create(url);
            assertEquals("127.0.0.1", uri.getHost(), "binds loopback by default: " + url);
            assertEquals("/metrics", uri.getPath());
            assertTrue(uri.getPort() > 0, url);
            // Bound to 127.0.0.1 itself, not to every address: another loopback address of this
            // host is refused (a wildcard bind would accept it).
            assertThrows(
                    ConnectException.class,
                    () -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress("127.0.0.2", uri.getPort()), 2000);
                        }
                    },
                    "the endpoint must not listen beyond 127.0.0.1");

            awaitCounter(url, python, "tickring_events_total", "type=BOOK", 1);
            Map<String, Family> first = parse(python, "text", get(uri, null).body());
            Thread.sleep(2500);
            Response om = get(uri, OPENMETRICS);
            assertTrue(
                    om.head()
                            .toLowerCase(Locale.ROOT)
                            .contains("content-type: application/openmetrics-text"),
                    "OpenMetrics asked for: " + om.head());
            Map<String, Family> second = parse(python, "openmetrics", om.body());

            for (Map<String, Family> scrape : List.of(first, second)) {
                assertFamily(scrape, "tickring_events", "counter");
                assertFamily(scrape, "tickring_ring_size", "gauge");
                assertFamily(scrape, "tickring_ring_remaining_capacity", "gauge");
                assertFamily(scrape, "tickring_ring_backlog", "gauge");
                assertFamily(scrape, "tickring_dropped_events", "counter");
                assertFamily(scrape, "tickring_stage_latency_seconds", "summary");
                assertFamily(scrape, "tickring_decisions", "counter");
                assertFamily(scrape, "tickring_orders", "counter");
                assertFamily(scrape, "tickring_fills", "counter");
                assertFamily(scrape, "tickring_rejects", "counter");
                assertFamily(scrape, "tickring_trading_state", "gauge");
                assertFamily(scrape, "tickring_position", "gauge");
                assertFamily(scrape, "tickring_pnl", "gauge");
                assertFamily(scrape, "tickring_fees", "gauge");
                assertFamily(scrape, "tickring_feed_connected", "gauge");
                assertFamily(scrape, "tickring_gateway_connected", "gauge");
                assertFamily(scrape, "tickring_journal_written_bytes", "counter");
                assertFamily(scrape, "tickring_journal_disk_free_bytes", "gauge");
                assertFamily(scrape, "tickring_running", "gauge");
                assertFamily(scrape, "jvm_memory_used_bytes", "gauge");
                assertFamily(scrape, "jvm_gc_collection_seconds", "summary");
                for (Family f : scrape.values()) {
                    if (f.type().equals("counter")) {
                        for (String s : f.samples().keySet()) {
                            assertTrue(
                                    s.startsWith(f.name() + "_total")
                                            || s.startsWith(f.name() + "_created"),
                                    "a counter's sample ends in _total: " + s);
                        }
                    }
                }
            }
            // OpenMetrics carries units, and the strict parser has checked each against the name's
            // suffix.
            assertEquals("seconds", second.get("tickring_stage_latency_seconds").unit());
            assertEquals("bytes", second.get("tickring_journal_written_bytes").unit());
            assertEquals("bytes", second.get("tickring_journal_disk_free_bytes").unit());

            // Values: what the run is doing, and counters moving between the two scrapes.
            assertEquals(1.0, value(second, "tickring_running", ""));
            assertEquals(1.0, value(second, "tickring_feed_connected", "source=sim"));
            assertEquals(1.0, value(second, "tickring_trading_state", "state=ACTIVE"));
            assertEquals(65536.0, value(second, "tickring_ring_size", ""));
            assertTrue(value(second, "tickring_journal_disk_free_bytes", "") > 0);
            for (String[] moving :
                    new String[][] {
                        {"tickring_events_total", "type=BOOK"},
                        {"tickring_events_total", "type=TIMER"},
                        {"tickring_journal_written_bytes_total", "queue=in"},
                        {"tickring_stage_latency_seconds_count", "stage=features"},
                        {"tickring_stage_latency_seconds_count", "stage=router"},
                        {"tickring_stage_latency_seconds_sum", "stage=journal"}
                    }) {
                double before = value(first, moving[0], moving[1]);
                double after = value(second, moving[0], moving[1]);
                assertTrue(
                        after > before,
                        moving[0] + "{" + moving[1] + "} did not move: " + before + " -> " + after);
            }
            double p99 =
                    value(second, "tickring_stage_latency_seconds", "quantile=0.99,stage=model");
            assertTrue(p99 > 0 && p99 < 10, "model p99 in seconds: " + p99);
            for (String stage : List.of("journal", "features", "model", "strategy", "risk")) {
                value(second, "tickring_stage_latency_seconds_count", "stage=" + stage);
            }
        } finally {
            run.join(180_000);
        }
        assertEquals(0, code.get(), err.toString());
        // The run closed its endpoint.
        URI uri = URI.create(awaitUrl(err, run));
        assertThrows(
                ConnectException.class,
                () -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", uri.getPort()), 2000);
                    }
                });
    }

    /** The status line's URL, once the run has printed it. */
    private static String awaitUrl(StringWriter err, Thread run) throws InterruptedException {
        // Generous: a loaded 2-core machine can take long to load the configuration and build.
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            Matcher m = URL.matcher(err.toString());
            if (m.find()) {
                return m.group(1);
            }
            if (!run.isAlive()) {
                fail("the run ended without printing its metrics URL: " + err);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no metrics URL printed in 180 s: " + err);
    }

    /** Scrapes until the sample is at least {@code least}: the feed has started. */
    private void awaitCounter(String url, String python, String sample, String labels, double least)
            throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        double seen = Double.NaN;
        while (System.nanoTime() < deadline) {
            Map<String, Family> m = parse(python, "text", get(URI.create(url), null).body());
            Double v = sample(m, sample, labels);
            seen = v == null ? Double.NaN : v;
            if (v != null && v >= least) {
                return;
            }
            Thread.sleep(200);
        }
        fail(sample + "{" + labels + "} stayed at " + seen);
    }

    /** A response: its status line and headers, and its body. */
    record Response(String head, String body) {}

    /**
     * GET over a plain socket, HTTP/1.0 (the connection closes after the response): no client
     * library whose threads outlive the test.
     */
    private static Response get(URI uri, String accept) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            s.setSoTimeout(10_000);
            String request =
                    "GET "
                            + uri.getPath()
                            + " HTTP/1.0\r\nHost: "
                            + uri.getHost()
                            + "\r\n"
                            + (accept == null ? "" : "Accept: " + accept + "\r\n")
                            + "\r\n";
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = all.indexOf("\r\n\r\n");
            assertTrue(end > 0, "no HTTP response: " + all);
            String head = all.substring(0, end);
            String body = all.substring(end + 4);
            assertTrue(head.startsWith("HTTP/1.1 200") || head.startsWith("HTTP/1.0 200"), head);
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Response(head, body);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            // Sizes count bytes; the bodies here are ASCII, so bytes and chars agree.
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }

    private static void assertFamily(Map<String, Family> scrape, String name, String type) {
        Family f = scrape.get(name);
        assertNotNull(f, name + " missing; families: " + scrape.keySet());
        assertEquals(type, f.type(), name);
        assertFalse(f.samples().isEmpty(), name + " has no sample");
    }

    private static double value(Map<String, Family> scrape, String sample, String labels) {
        Double v = sample(scrape, sample, labels);
        assertNotNull(v, sample + "{" + labels + "} missing");
        return v;
    }

    private static Double sample(Map<String, Family> scrape, String sample, String labels) {
        String key = sample + "{" + labels + "}";
        for (Family f : scrape.values()) {
            Double v = f.samples().get(key);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /**
     * Parses a body with the reference parser (parse_metrics.py); its refusal fails the test with
     * the parser's message.
     */
    private Map<String, Family> parse(String python, String kind, String body) throws Exception {
        return parse(tmp, python, kind, body);
    }

    private static Map<String, Family> parse(Path dir, String python, String kind, String body)
            throws Exception {
        Path file = Files.createTempFile(dir, "scrape-", ".txt");
        Files.writeString(file, body);
        Process p = new ProcessBuilder(python, script().toString(), kind, file.toString()).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        assertEquals(0, exit, kind + ": " + stderr + "\nbody:\n" + body);
        Map<String, Family> families = new LinkedHashMap<>();
        Family current = null;
        for (String line : stdout.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f[0].equals("F")) {
                current = new Family(f[1], f[2], f[3], new LinkedHashMap<>());
                families.put(f[1], current);
            } else {
                List<String> labels = new ArrayList<>();
                for (int k = 3; k < f.length; k++) {
                    labels.add(f[k]);
                }
                assertNotNull(current, "a sample before any family: " + line);
                current.samples().put(f[1] + "{" + String.join(",", labels) + "}", number(f[2]));
            }
        }
        return families;
    }

    private static double number(String repr) {
        return switch (repr) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(repr);
        };
    }

    private static Path script() {
        try {
            return Path.of(MetricsRunTest.class.getResource("/metrics/parse_metrics.py").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A Python with prometheus_client: Debian's (/usr/bin/python3, where apt installs the package)
     * before whatever {@code python3} is first on the PATH.
     */
    static String python() throws IOException, InterruptedException {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p =
                        new ProcessBuilder(candidate, "-c", "import prometheus_client")
                                .redirectErrorStream(true)
                                .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    return candidate;
                }
            } catch (IOException notThere) {
                // try the next
            }
        }
        throw new AssertionError(
                "Python's prometheus_client, the reference Prometheus text-format parser, is"
                        + " missing: apt-get install python3-prometheus-client (.ci/run installs it)");
    }
}
