package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.ops.admin.AdminClient;
import io.tickring.engine.ops.admin.AdminJson;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin endpoint of a real {@code tickring run} child process (live mode, the simulator, the
 * paper venue): its status page in headless Chromium shows live figures, then {@code ./tickring
 * ctl} in child processes halts, resumes, kills and rearms it, and the journal holds each command
 * as a CONTROL input event.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminRunTest {
    private static final String TOKEN = "admin-run-test-token";

    @TempDir static Path tmp;

    private static Process engine;
    private static Path out;
    private static Path journal;
    private static URI url;

    @BeforeAll
    static void startEngine() throws Exception {
        Path cfg = tmp.resolve("paper.yaml");
        Files.writeString(
                cfg,
                String.join(
                        "\n",
                        "run:",
                        "  mode: live",
                        // Stopped by SIGTERM long before: on main a live simulator with
                        // duration 0 ends at once (its end time Long.MAX_VALUE plus the start
                        // offset overflows in PacedSimulatorAgent).
                        "  duration: 600s",
                        "  status_interval: 1s",
                        "instruments: " + CliTest.instrumentsPath(),
                        "timer:",
                        "  period: 1s",
                        "source:",
                        "  kind: sim",
                        "  sim:",
                        "    instruments: [SIMA, SIMB]",
                        "    events_per_second: 500",
                        "model:",
                        "  kind: microprice-rule",
                        "ops:",
                        "  admin:",
                        "    enabled: true",
                        "    port: 0",
                        "  metrics:", // its stage timers give the page its latency figures
                        "    enabled: true",
                        "    port: 0",
                        ""),
                StandardCharsets.UTF_8);
        journal = tmp.resolve("journal");
        out = tmp.resolve("run.out");
        ProcessBuilder pb =
                ResumeCrashTest.java(
                                "io.tickring.engine.cli.Main",
                                "run",
                                "--config",
                                cfg.toString(),
                                "--journal",
                                journal.toString())
                        .redirectOutput(out.toFile())
                        .redirectError(tmp.resolve("run.err").toFile());
        pb.environment().put("TICKRING_ADMIN_TOKEN", TOKEN);
        engine = pb.start();
        Pattern admin = Pattern.compile("run: admin on (http://127\\.0\\.0\\.1:\\d+/)");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            Matcher m = admin.matcher(Files.readString(out));
            if (m.find()) {
                url = URI.create(m.group(1));
                break;
            }
            assertTrue(engine.isAlive(), "the run ended: " + describe());
            assertTrue(System.nanoTime() < deadline, "no admin line: " + describe());
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stopEngine() throws Exception {
        if (engine != null && engine.isAlive()) {
            engine.destroy();
            engine.waitFor(60, TimeUnit.SECONDS);
            engine.destroyForcibly();
        }
    }

    @Test
    @Order(1)
    void shouldShowLiveFiguresOnTheStatusPageInHeadlessChromium() throws Exception {
        Path chromium = BacktestReportTest.chromium();
        awaitStatus(s -> ((Number) s.get("events")).longValue() > 0, "events flowing");
        try (Browser b = Browser.open(chromium, tmp.resolve("chromium"), url.toString())) {
            String read =
                    "JSON.stringify({updates: +document.body.getAttribute('data-updates'),"
                            + " events: +document.getElementById('events').textContent,"
                            + " state: document.getElementById('state').textContent,"
                            + " latency: document.getElementById('latency').textContent,"
                            + " positions: document.getElementById('positions').textContent,"
                            + " pnlPoints: +document.getElementById('chart-pnl')"
                            + ".getAttribute('data-points'),"
                            + " canvases: document.querySelectorAll('canvas').length})";
            Map<String, Object> first = b.awaitPage(read, p -> num(p, "updates") >= 2);
            Map<String, Object> second =
                    b.awaitPage(read, p -> num(p, "updates") >= num(first, "updates") + 2);
            assertTrue(
                    num(second, "events") > num(first, "events"),
                    "live: events grow between two reads: " + first + " then " + second);
            assertTrue(num(second, "pnlPoints") >= 2, "the PnL chart is drawn: " + second);
            assertTrue(num(second, "canvases") >= 2, "uPlot drew both charts: " + second);
            assertEquals("ACTIVE", second.get("state"), second.toString());
            assertTrue(
                    second.get("latency").toString().contains("decision p50")
                            || second.get("latency").toString().contains("risk p50"),
                    "per-stage latency from the stage timers: " + second);
            assertTrue(second.get("positions").toString().contains("SIMA"), second.toString());
        }
    }

    @Test
    @Order(2)
    void shouldBeDrivenByCtlAndJournalEveryCommand() throws Exception {
        // A refused token: exit 2, one line, counted by the engine.
        Result wrong = ctl("bad-token", "status", "--url", url.toString());
        assertEquals(2, wrong.code, wrong.err);
        assertEquals(1, wrong.err.strip().lines().count(), wrong.err);
        assertFalse(wrong.err.contains("bad-token"), "the token is never echoed: " + wrong.err);
        // An engine that is not there: exit 1, one line.
        Result away = ctl(TOKEN, "status", "--url", "http://127.0.0.1:9");
        assertEquals(1, away.code, away.err);
        assertTrue(away.err.startsWith("ctl: cannot reach the engine"), away.err);

        awaitStatus(s -> num(s, "orders") > 0, "trading");
        Result halt = ctl(TOKEN, "halt", "--url", url.toString());
        assertEquals(0, halt.code, halt.err);
        assertTrue(halt.out.contains("HALT queued"), halt.out);
        Map<String, Object> halted = awaitStatus(s -> "HALTED".equals(s.get("state")), "HALTED");
        // Past the events the gate had passed before it saw the HALT, the order count stands
        // still while the market goes on.
        long eventsAtHalt = num(halted, "events");
        Map<String, Object> settled =
                awaitStatus(s -> num(s, "events") > eventsAtHalt + 500, "events go on");
        long eventsSettled = num(settled, "events");
        Map<String, Object> later =
                awaitStatus(s -> num(s, "events") > eventsSettled + 1000, "events go on halted");
        assertEquals(num(settled, "orders"), num(later, "orders"), "no new order while halted");

        assertEquals(0, ctl(TOKEN, "resume", "--url", url.toString()).code);
        awaitStatus(s -> "ACTIVE".equals(s.get("state")), "ACTIVE after resume");

        Result kill = ctl(TOKEN, "kill", "--url", url.toString());
        assertEquals(0, kill.code, kill.err);
        assertTrue(kill.out.contains("kill switch tripped"), kill.out);
        Result status = ctl(TOKEN, "status", "--url", url.toString(), "--json");
        assertEquals(0, status.code, status.err);
        Map<String, Object> killed = AdminJson.parseObject(status.out.strip());
        assertEquals("KILLED", killed.get("state"), status.out);
        assertEquals(1L, admin(killed).get("refused_wrong_token"), status.out);
        assertEquals(3L, admin(killed).get("commands"), status.out);
        Result readable = ctl(TOKEN, "status", "--url", url.toString());
        assertTrue(readable.out.contains("state") && readable.out.contains("KILLED"), readable.out);

        assertEquals(0, ctl(TOKEN, "rearm", "--url", url.toString()).code);
        awaitStatus(s -> !"KILLED".equals(s.get("state")), "rearmed");

        engine.destroy(); // SIGTERM: the run stops and closes its journal
        assertTrue(engine.waitFor(60, TimeUnit.SECONDS), "the run did not stop: " + describe());
        CliTest.Run dump = CliTest.tickring("journal", "dump", journal.toString());
        assertEquals(0, dump.code(), dump.err());
        List<String> codes = new ArrayList<>();
        Matcher m =
                Pattern.compile("\"type\":\"CONTROL\".*?\"code\":\"(\\w+)\"").matcher(dump.out());
        while (m.find()) {
            codes.add(m.group(1));
        }
        // The paper venue's LATCHED record (where it acted on the trip) is the venue's, not a
        // command: at most one, for the one trip.
        int latched = 0;
        while (codes.remove("LATCHED")) {
            latched++;
        }
        assertTrue(latched <= 1, latched + " LATCHED records for one kill");
        // The SIGTERM's graceful stop is journaled last, as a STOP.
        assertEquals(
                List.of("HALT", "RESUME", "KILL", "REARM", "STOP"), codes, "CONTROL events in in/");
    }

    private static long num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertNotNull(v, key + " missing in " + m);
        return ((Number) v).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> admin(Map<String, Object> status) {
        return (Map<String, Object>) status.get("admin");
    }

    private static Map<String, Object> status() throws IOException {
        AdminClient.Response r = new AdminClient(url, TOKEN).status();
        assertEquals(200, r.status(), r.body());
        return AdminJson.parseObject(r.body());
    }

    private static Map<String, Object> awaitStatus(Predicate<Map<String, Object>> p, String what)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Map<String, Object> s = status();
            if (p.test(s)) {
                return s;
            }
            assertTrue(System.nanoTime() < deadline, "not " + what + ": " + s);
            Thread.sleep(50);
        }
    }

    private record Result(int code, String out, String err) {}

    /** {@code tickring ctl ARGS} in a child JVM whose environment holds {@code token}. */
    private static Result ctl(String token, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("ctl"));
        a.addAll(List.of(args));
        File o = Files.createTempFile(tmp, "ctl", ".out").toFile();
        File e = Files.createTempFile(tmp, "ctl", ".err").toFile();
        ProcessBuilder pb =
                ResumeCrashTest.java("io.tickring.engine.cli.Main", a.toArray(new String[0]))
                        .redirectOutput(o)
                        .redirectError(e);
        pb.environment().put("TICKRING_ADMIN_TOKEN", token);
        Process p = pb.start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "ctl did not finish");
        return new Result(
                p.exitValue(), Files.readString(o.toPath()), Files.readString(e.toPath()));
    }

    private static String describe() {
        try {
            return Files.readString(out) + Files.readString(tmp.resolve("run.err"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * Headless Chromium driven over the DevTools protocol: the page stays open and is read twice,
     * so the figures seen are the ones its event stream delivered.
     */
    private static final class Browser implements AutoCloseable {
        private final Process process;
        private final ExecutorService io = Executors.newSingleThreadExecutor();
        private final OkHttpClient http;
        private final WebSocket socket;
        private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private int nextId;

        private Browser(Process process, String ws) {
            this.process = process;
            this.http =
                    new OkHttpClient.Builder()
                            .dispatcher(new Dispatcher(io))
                            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                            .build();
            this.socket =
                    http.newWebSocket(
                            new Request.Builder().url(ws).build(),
                            new WebSocketListener() {
                                @Override
                                public void onMessage(WebSocket w, String text) {
                                    messages.add(text);
                                }
                            });
        }

        static Browser open(Path chromium, Path dir, String page) throws Exception {
            Files.createDirectories(dir);
            Path err = dir.resolve("chromium.err");
            Process p =
                    new ProcessBuilder(
                                    chromium.toString(),
                                    "--headless",
                                    "--no-sandbox",
                                    "--disable-gpu",
                                    "--user-data-dir=" + dir.resolve("profile"),
                                    "--remote-debugging-port=0",
                                    "--remote-allow-origins=*",
                                    page)
                            .redirectOutput(dir.resolve("chromium.out").toFile())
                            .redirectError(err.toFile())
                            .start();
            Pattern listening =
                    Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            int port;
            while (true) {
                Matcher m = listening.matcher(Files.readString(err));
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                    break;
                }
                assertTrue(p.isAlive(), "chromium ended: " + Files.readString(err));
                assertTrue(
                        System.nanoTime() < deadline, "no DevTools port: " + Files.readString(err));
                Thread.sleep(20);
            }
            OkHttpClient plain =
                    new OkHttpClient.Builder()
                            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                            .build();
            String ws = null;
            while (ws == null) {
                try (Response r =
                        plain.newCall(
                                        new Request.Builder()
                                                .url("http://127.0.0.1:" + port + "/json/list")
                                                .build())
                                .execute()) {
                    for (Object t : (List<?>) AdminJson.parse(r.body().string())) {
                        Map<?, ?> target = (Map<?, ?>) t;
                        if ("page".equals(target.get("type"))) {
                            ws = (String) target.get("webSocketDebuggerUrl");
                        }
                    }
                }
                assertTrue(System.nanoTime() < deadline, "no page target");
                if (ws == null) {
                    Thread.sleep(50);
                }
            }
            return new Browser(p, ws);
        }

        /** Evaluates {@code expression} (a JSON string) in the page until {@code done} holds. */
        Map<String, Object> awaitPage(String expression, Predicate<Map<String, Object>> done)
                throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Map<String, Object> last = null;
            while (System.nanoTime() < deadline) {
                last = evaluate(expression);
                if (last != null && done.test(last)) {
                    return last;
                }
                Thread.sleep(200);
            }
            throw new AssertionError("the page did not get there; last read: " + last);
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> evaluate(String expression) throws Exception {
            int id = ++nextId;
            socket.send(
                    AdminJson.write(
                            Map.of(
                                    "id",
                                    id,
                                    "method",
                                    "Runtime.evaluate",
                                    "params",
                                    Map.of("expression", expression, "returnByValue", true))));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                String msg = messages.poll(1, TimeUnit.SECONDS);
                if (msg == null) {
                    continue;
                }
                Map<String, Object> m = AdminJson.parseObject(msg);
                if (!Long.valueOf(id).equals(m.get("id"))) {
                    continue; // an event or an earlier answer
                }
                Map<String, Object> result =
                        (Map<String, Object>) ((Map<String, Object>) m.get("result")).get("result");
                Object value = result.get("value");
                return value instanceof String s ? AdminJson.parseObject(s) : null;
            }
            throw new AssertionError("no DevTools answer to " + id);
        }

        @Override
        public void close() {
            socket.close(1000, "done");
            http.dispatcher().executorService().shutdown();
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                io.shutdownNow();
                io.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            http.connectionPool().evictAll();
        }
    }
}
