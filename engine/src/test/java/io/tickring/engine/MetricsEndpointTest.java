package io.tickring.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.instrument.TestInstruments;
import io.tickring.engine.ops.EngineFigures;
import io.tickring.engine.ops.metrics.EngineMetrics;
import io.tickring.engine.ops.metrics.StageLatencies;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.stage.model.MicropriceRule;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} over a real socket from an engine driven on the test's thread: the body follows
 * the Prometheus text format strictly (every sample belongs to a family declared before it with
 * {@code # HELP} and {@code # TYPE}, counters' samples end in {@code _total}, summaries carry
 * {@code _count} and {@code _sum}), counters move as events go through, the endpoint listens on
 * 127.0.0.1 only, and the shipped Grafana dashboard names only metrics the endpoint serves. The
 * end-to-end run, parsed by the reference parser, is {@code MetricsRunTest} (slow).
 */
class MetricsEndpointTest {
    /**
     * One sample line: name, optional labels, value (the text format's grammar, timestamps aside).
     */
    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");

    private static final Pattern TYPE =
            Pattern.compile(
                    "# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|summary|histogram|untyped|info|stateset|unknown)");

    @TempDir Path tmp;

    @Test
    void shouldServeTheEnginesFiguresInTheTextFormatOnLoopbackOnly() throws Exception {
        StageLatencies latencies = new StageLatencies();
        try (Engine engine =
                        new Engine.Builder()
                                .ringSize(1024)
                                .threads(
                                        List.of(
                                                new Engine.ThreadSpec(
                                                        "all",
                                                        List.of(
                                                                "journal",
                                                                "features",
                                                                "model",
                                                                "strategy",
                                                                "risk",
                                                                "router"),
                                                        "backoff",
                                                        -1)))
                                .instruments(TestInstruments.SIM, new TestInstruments())
                                .policy(Sequencer.Policy.ARRIVAL)
                                .source(new RandomWalkSource(3, Long.MAX_VALUE, 1, 2))
                                .session("{\"test\":true}", 0)
                                .inputJournal(tmp)
                                .outputJournal(tmp)
                                .timerPeriodNs(0)
                                .scorer(new MicropriceRule())
                                .stageDecorator(latencies::wrap)
                                .build();
                EngineMetrics metrics = EngineMetrics.listen("127.0.0.1", 0)) {
            metrics.serve(
                    new EngineFigures(
                            engine, TestInstruments.SIM, tmp, "walk", () -> 7, () -> true),
                    latencies);
            URI uri = URI.create(metrics.url());
            assertEquals("127.0.0.1", uri.getHost());
            assertThrows(
                    ConnectException.class,
                    () -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress("127.0.0.2", uri.getPort()), 2000);
                        }
                    },
                    "the endpoint must listen on 127.0.0.1 only");

            drive(engine, 2_000);
            Map<String, Double> first = parseStrictly(get(uri));
            drive(engine, 50_000);
            String body = get(uri);
            Map<String, Double> second = parseStrictly(body);

            for (String moving :
                    List.of(
                            "tickring_events_total{type=\"BOOK\"}",
                            "tickring_journal_written_bytes_total{queue=\"in\"}",
                            "tickring_journal_written_bytes_total{queue=\"out\"}",
                            "tickring_decisions_total",
                            "tickring_stage_latency_seconds_count{stage=\"features\"}",
                            "tickring_stage_latency_seconds_sum{stage=\"router\"}")) {
                assertTrue(
                        value(second, moving) > value(first, moving),
                        moving
                                + " did not move: "
                                + first.get(moving)
                                + " -> "
                                + second.get(moving));
            }
            assertEquals(
                    (double) engine.sequencer().published(io.tickring.core.EventType.BOOK),
                    value(second, "tickring_events_total{type=\"BOOK\"}"),
                    "events counted as the Sequencer published them");
            assertEquals(7.0, value(second, "tickring_dropped_events_total{source=\"walk\"}"));
            assertEquals(1024.0, value(second, "tickring_ring_size"));
            assertEquals(
                    1024.0,
                    value(second, "tickring_ring_remaining_capacity")
                            + value(second, "tickring_ring_backlog"));
            assertEquals(1.0, value(second, "tickring_trading_state{state=\"ACTIVE\"}"));
            assertTrue(value(second, "tickring_journal_disk_free_bytes") > 0);
            assertTrue(
                    value(
                                    second,
                                    "tickring_stage_latency_seconds{stage=\"model\",quantile=\"0.99\"}")
                            > 0);
            assertTrue(second.containsKey("tickring_position{instrument=\"SIMA\"}"), body);
            assertTrue(second.containsKey("tickring_pnl{currency=\"USD\"}"), body);
            assertTrue(second.containsKey("jvm_memory_used_bytes{area=\"heap\"}"), body);

            // Every metric the dashboard queries is served (JVM and process ones included).
            Set<String> served = new TreeSet<>();
            for (String key : second.keySet()) {
                served.add(key.replaceAll("\\{.*", ""));
            }
            Set<String> missing = new TreeSet<>();
            for (String name : dashboardMetrics()) {
                if (!served.contains(name)) {
                    missing.add(name);
                }
            }
            assertTrue(missing.isEmpty(), "the dashboard queries metrics not served: " + missing);
        }
    }

    private static void drive(Engine engine, long events) throws Exception {
        long handled = 0;
        while (handled < events) {
            handled += engine.driveOnce();
        }
    }

    private static double value(Map<String, Double> scrape, String key) {
        Double v = scrape.get(key);
        assertNotNull(v, key + " missing in " + scrape.keySet());
        return v;
    }

    /**
     * Reads a text-format body, failing on any line outside the grammar or any sample whose family
     * was not declared before it (with HELP and TYPE) or whose suffix does not fit the family's
     * type. Returns the values by sample name and labels as written.
     */
    static Map<String, Double> parseStrictly(String body) {
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new TreeSet<>();
        Map<String, Double> samples = new HashMap<>();
        assertTrue(body.endsWith("\n"), "the body ends with a newline");
        for (String line : body.split("\n")) {
            if (line.startsWith("# HELP ")) {
                helped.add(line.split(" ")[2]);
                continue;
            }
            if (line.startsWith("#")) {
                Matcher t = TYPE.matcher(line);
                assertTrue(t.matches(), "not a TYPE line: " + line);
                assertTrue(helped.contains(t.group(1)), "TYPE before HELP: " + line);
                assertTrue(types.put(t.group(1), t.group(2)) == null, "family twice: " + line);
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line: '" + line + "'");
            String name = m.group(1);
            String family = familyOf(name, types);
            assertNotNull(family, "sample of an undeclared family: " + line);
            String type = types.get(family);
            String suffix = name.substring(family.length());
            switch (type) {
                case "counter" ->
                        assertTrue(
                                suffix.equals("_total")
                                        || suffix.equals("_created")
                                        || (family.endsWith("_total") && suffix.isEmpty()),
                                "counter sample without _total: " + line);
                case "summary" ->
                        assertTrue(
                                suffix.isEmpty()
                                        || suffix.equals("_count")
                                        || suffix.equals("_sum"),
                                "summary sample: " + line);
                case "gauge" -> assertEquals("", suffix, "gauge sample: " + line);
                default -> {}
            }
            if (name.startsWith("tickring_")) {
                assertTrue(
                        !family.endsWith("_total") || type.equals("counter"),
                        "_total names a counter only: " + line);
            }
            String key = name + (m.group(2) == null ? "" : m.group(2));
            assertTrue(samples.put(key, number(m.group(3))) == null, "sample twice: " + line);
        }
        assertTrue(types.keySet().stream().anyMatch(n -> n.startsWith("tickring_")), body);
        return samples;
    }

    /** The declared family a sample name belongs to: itself, or itself less a known suffix. */
    private static String familyOf(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : List.of("_total", "_created", "_count", "_sum", "_bucket")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return null;
    }

    private static double number(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** The metric names the shipped dashboard's queries use. */
    static Set<String> dashboardMetrics() throws IOException {
        Path file =
                Path.of(
                        System.getenv().getOrDefault("TICKRING_TEST_ROOT", ".."),
                        "config",
                        "grafana-dashboard.json");
        String json = Files.readString(file);
        Set<String> names = new TreeSet<>();
        Matcher expr =
                Pattern.compile("\"(?:expr|definition)\": *\"((?:[^\"\\\\]|\\\\.)*)\"")
                        .matcher(json);
        while (expr.find()) {
            Matcher name =
                    Pattern.compile("\\b((?:tickring|jvm|process)_[a-z_]+)\\b")
                            .matcher(expr.group(1));
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        assertTrue(names.size() > 15, "the dashboard's queries: " + names);
        return names;
    }

    /** GET over a plain socket, HTTP/1.0: no client library whose threads outlive the test. */
    static String get(URI uri) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream()
                    .write(
                            ("GET " + uri.getPath() + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = all.indexOf("\r\n\r\n");
            assertTrue(end > 0 && all.startsWith("HTTP/1.1 200"), all);
            assertTrue(
                    all.substring(0, end).toLowerCase(java.util.Locale.ROOT).contains("text/plain"),
                    all.substring(0, end));
            return all.substring(end + 4);
        }
    }
}
