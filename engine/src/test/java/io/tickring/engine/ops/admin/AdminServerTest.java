package io.tickring.engine.ops.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.KillSwitch;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.engine.config.ConfigException;
import io.tickring.engine.config.ConfigLoader;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.OpsConfig;
import io.tickring.engine.ingress.EventQueue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin endpoint on a real socket: token refusals counted, commands queued as CONTROL events on
 * a real control queue, the kill latch tripped at once, status JSON, the page and its event stream.
 */
class AdminServerTest {
    private static final String TOKEN = "s3cret-token-for-tests";

    private final EventQueue control = EventQueue.manyToOne("operator", 1 << 12);
    private final KillSwitch killSwitch = new KillSwitch();
    private final AtomicLong events = new AtomicLong();
    private final OkHttpClient http =
            new OkHttpClient.Builder()
                    .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                    .build();
    private AdminServer admin;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        admin =
                AdminServer.start(
                        new OpsConfig.Endpoint(true, OpsConfig.LOOPBACK, 0),
                        TOKEN,
                        control,
                        killSwitch,
                        () -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("state", killSwitch.tripped() ? "KILLED" : "ACTIVE");
                            m.put("events", events.addAndGet(7));
                            return m;
                        });
        base = URI.create(admin.url());
    }

    @AfterEach
    void stop() {
        admin.close();
        http.connectionPool().evictAll();
    }

    @Test
    void shouldRefuseMissingAndWrongTokensAndCountThem() throws Exception {
        Answer none = send("POST", "api/halt", null);
        assertEquals(401, none.code(), none.body());
        Answer wrong = send("POST", "api/kill", "not-the-token");
        assertEquals(403, wrong.code(), wrong.body());
        Answer shorter = send("GET", "api/status", TOKEN.substring(1));
        assertEquals(403, shorter.code());
        Answer statusNone = send("GET", "api/status", null);
        assertEquals(401, statusNone.code());

        assertEquals(2, admin.refusedMissingToken());
        assertEquals(2, admin.refusedWrongToken());
        assertEquals(0, admin.commands());
        assertFalse(killSwitch.tripped(), "a refused kill trips nothing");
        assertEquals(0, control.poll(new UnsafeBuffer(new byte[4096])), "nothing queued");
        for (Answer r : List.of(none, wrong, shorter, statusNone)) {
            assertFalse(r.body().contains(TOKEN.substring(1)), "the token is never echoed");
        }

        Map<String, Object> status = AdminJson.parseObject(send("GET", "api/status", TOKEN).body());
        @SuppressWarnings("unchecked")
        Map<String, Object> counters = (Map<String, Object>) status.get("admin");
        assertEquals(2L, counters.get("refused_missing_token"));
        assertEquals(2L, counters.get("refused_wrong_token"));
    }

    @Test
    void shouldQueueEveryCommandAsControlEventAndTripTheKillLatchAtOnce() throws Exception {
        AdminClient client = new AdminClient(base, TOKEN);
        assertEquals(202, client.command("halt").status());
        assertEquals(202, client.command("resume").status());
        assertEquals(202, client.command("reduce-only").status());
        AdminClient.Response kill = client.command("kill");
        assertEquals(202, kill.status());
        // Nothing has read the queue yet: the latch is set by the command's arrival, not by the
        // ring.
        assertTrue(killSwitch.tripped(), "kill trips the latch before its event is read");
        assertEquals("tripped", AdminJson.parseObject(kill.body()).get("kill_switch"));
        assertEquals(
                "KILLED", AdminJson.parseObject(client.status().body()).get("state"), "status");
        assertEquals(202, client.command("resume").status());
        assertTrue(killSwitch.tripped(), "resume does not lift a kill");
        assertEquals(202, client.command("rearm").status());
        // A rearm lifts the latch in ring order, when the router reaches it, not on arrival:
        // orders the chain decided before it passed the KILL must not leave.
        assertTrue(killSwitch.tripped(), "rearm does not lift the latch before the ring");

        UnsafeBuffer buf = new UnsafeBuffer(new byte[4096]);
        RingEvent e = new RingEvent();
        List<String> queued = new ArrayList<>();
        int n;
        while ((n = control.poll(buf)) > 0) {
            InputCodec.decode(buf, 0, n, e, "operator");
            assertEquals(EventType.CONTROL, e.type);
            assertTrue(e.exchangeTimeNs > 0, "stamped with the wall clock");
            queued.add(ControlCode.name(e.controlCode));
            if (e.controlCode == ControlCode.REARM) {
                assertEquals(killSwitch.trips(), e.controlParamValue, "the kills it answers");
            }
        }
        assertEquals(List.of("HALT", "RESUME", "REDUCE_ONLY", "KILL", "RESUME", "REARM"), queued);
        assertEquals(6, admin.commands());
    }

    @Test
    void shouldRefuseWrongMethodsAndUnknownPaths() throws Exception {
        assertEquals(405, send("GET", "api/halt", TOKEN).code());
        assertEquals(405, send("POST", "api/status", TOKEN).code());
        assertEquals(404, send("POST", "api/param", TOKEN).code());
        assertEquals(404, send("GET", "nothing", null).code());
        assertEquals(0, control.poll(new UnsafeBuffer(new byte[4096])), "nothing queued");
    }

    @Test
    void shouldServeThePageToLoopbackWithUplotInlinedAndRefuseAForeignHost() throws Exception {
        Answer page = send("GET", "", null);
        assertEquals(200, page.code());
        assertTrue(page.type().startsWith("text/html"), page.type());
        assertTrue(page.body().contains("new uPlot("), "the page draws with uPlot");
        assertTrue(page.body().contains("uPlot.min.css") || page.body().contains(".uplot"), "css");
        assertFalse(page.body().contains("/*UPLOT_JS*/"), "uPlot inlined from its WebJar");
        assertFalse(
                page.body().matches("(?s).*(src|href)=\"(https?:)?//.*"),
                "nothing loaded from another host (no CDN)");

        // A page of another site whose name resolves to 127.0.0.1 sends its own Host: no token,
        // no page.
        assertTrue(rawGet("/", "evil.example").startsWith("HTTP/1.1 401"));
        assertTrue(rawGet("/?token=wrong", "evil.example").startsWith("HTTP/1.1 403"));
        assertTrue(rawGet("/?token=" + TOKEN, "evil.example").startsWith("HTTP/1.1 200"));
        assertEquals(1, admin.refusedMissingToken());
        assertEquals(1, admin.refusedWrongToken());
    }

    @Test
    void shouldStreamAStatusSnapshotEverySecond() throws Exception {
        Request req = new Request.Builder().url(base.resolve("api/events").toString()).build();
        List<String> data = new ArrayList<>();
        try (Response r = http.newCall(req).execute();
                BufferedReader in =
                        new BufferedReader(
                                new InputStreamReader(
                                        r.body().byteStream(), StandardCharsets.UTF_8))) {
            assertEquals(200, r.code());
            assertTrue(r.header("Content-Type", "").startsWith("text/event-stream"));
            String line;
            while (data.size() < 2 && (line = in.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                }
            }
        }
        assertEquals(2, data.size());
        Object first = AdminJson.parseObject(data.get(0)).get("events");
        Object second = AdminJson.parseObject(data.get(1)).get("events");
        assertNotEquals(first, second, "each event carries a fresh snapshot");
    }

    @Test
    void shouldRefuseAdminWithoutTokenAsOneLineConfigError() {
        Path paper = repoRoot().resolve("config/paper.yaml");
        EngineConfig cfg = ConfigLoader.load(paper, Map.of(), List.of());
        ConfigException e =
                assertThrows(ConfigException.class, () -> AdminServer.requireToken(cfg));
        assertEquals("ops.admin.enabled", e.key());
        assertTrue(e.getMessage().contains("TICKRING_ADMIN_TOKEN"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        AdminServer.requireToken(
                ConfigLoader.load(paper, Map.of("TICKRING_ADMIN_TOKEN", "t"), List.of()));
    }

    private record Answer(int code, String type, String body) {}

    private Answer send(String method, String path, String token) throws Exception {
        Request.Builder b =
                new Request.Builder()
                        .url(base.resolve(path).toString())
                        .method(
                                method,
                                method.equals("POST")
                                        ? RequestBody.create(new byte[0], null)
                                        : null);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try (Response r = http.newCall(b.build()).execute()) {
            return new Answer(r.code(), r.header("Content-Type", ""), r.body().string());
        }
    }

    /** A GET with a Host header of our choice (the JDK's client will not send another host's). */
    private String rawGet(String target, String host) throws Exception {
        try (Socket s = new Socket("127.0.0.1", admin.port())) {
            OutputStream out = s.getOutputStream();
            out.write(
                    ("GET "
                                    + target
                                    + " HTTP/1.1\r\nHost: "
                                    + host
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("config/paper.yaml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(
                    "no config/paper.yaml above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
