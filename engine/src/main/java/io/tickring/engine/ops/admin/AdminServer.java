package io.tickring.engine.ops.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tickring.core.ControlCode;
import io.tickring.core.EventPublisher;
import io.tickring.core.KillSwitch;
import io.tickring.engine.config.ConfigException;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.OpsConfig;
import io.tickring.engine.config.Secrets;
import io.tickring.engine.ingress.OperatorCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The admin endpoint: an HTTP API that turns an operator's {@code halt}, {@code resume}, {@code
 * reduce-only}, {@code kill} and {@code rearm} into CONTROL input events on the engine's control
 * queue (so the Sequencer journals them and replay follows them), serves the engine's status as
 * JSON, and a live status page fed by server-sent events. It runs on its own threads with the JDK's
 * {@code com.sun.net.httpserver}; it reads the engine only through a status snapshot and never
 * touches the ring.
 *
 * <p>Access: every {@code /api/...} command and {@code /api/status} need the admin token ({@code
 * TICKRING_ADMIN_TOKEN}) as {@code Authorization: Bearer TOKEN}. The read-only status page ({@code
 * /}) and its event stream ({@code /api/events}) are open to loopback clients that name the host by
 * a loopback name (a page of another site rebound to 127.0.0.1 is not); anyone else needs the
 * token, as the header or {@code ?token=}. A missing token gets 401, a wrong one 403; both are
 * counted and shown in the status. The token is compared in constant time and never logged or
 * echoed.
 */
public final class AdminServer implements AutoCloseable {
    /** The commands of {@code POST /api/COMMAND}, in the order the help lists them. */
    public static final List<String> COMMANDS =
            List.of("halt", "resume", "reduce-only", "kill", "rearm");

    /** How often the status page's event stream sends a snapshot. */
    static final long EVENT_PERIOD_MS = 1000;

    /** Status pages open at once; more are refused with 503 (each holds a connection). */
    static final int MAX_EVENT_STREAMS = 16;

    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService ticker;
    private final AdminToken token;
    private final OperatorCommands operator;
    private final String rawToken;
    private final KillSwitch killSwitch;
    private final Supplier<Map<String, Object>> status;
    private final String page;
    private final AtomicLong refusedMissing = new AtomicLong();
    private final AtomicLong refusedWrong = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong commandsNotQueued = new AtomicLong();
    private final List<EventStream> streams = new CopyOnWriteArrayList<>();

    private AdminServer(
            HttpServer server,
            String token,
            EventPublisher control,
            KillSwitch killSwitch,
            Supplier<Map<String, Object>> status) {
        this.server = server;
        this.token = new AdminToken(token);
        this.rawToken = token;
        // The same entry as stdin: a kill trips the latch first; a rearm carries the kills it
        // answers and lifts the latch when the router reaches it, in ring order.
        this.operator = new OperatorCommands(control, killSwitch, token);
        this.killSwitch = killSwitch;
        this.status = status;
        this.page = page();
        this.handlers = Executors.newFixedThreadPool(2, daemon("tickring-admin"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("tickring-admin-events"));
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    /**
     * Refuses a configuration that enables the admin API without {@code TICKRING_ADMIN_TOKEN} in
     * the environment: a one-line configuration error (exit 2).
     */
    public static void requireToken(EngineConfig cfg) {
        if (cfg.ops().admin().enabled() && cfg.secrets().adminToken().isEmpty()) {
            throw new ConfigException(
                    cfg.sourceName(),
                    0,
                    "ops.admin.enabled",
                    "the admin API needs a token: set "
                            + Secrets.ADMIN_TOKEN_ENV
                            + " in the environment, or set ops.admin.enabled: false");
        }
    }

    /**
     * Starts the admin endpoint {@code cfg} enables ({@code ops.admin}), or returns null if it is
     * off.
     *
     * @param control the engine's control queue, where commands go as CONTROL events
     * @param killSwitch the engine's kill latch, tripped by {@code kill} before its event is queued
     * @param status the engine's status snapshot, called from the admin threads
     * @throws ConfigException if the token is missing or the address cannot be listened on
     */
    public static AdminServer start(
            EngineConfig cfg,
            EventPublisher control,
            KillSwitch killSwitch,
            Supplier<Map<String, Object>> status) {
        OpsConfig.Endpoint endpoint = cfg.ops().admin();
        if (!endpoint.enabled()) {
            return null;
        }
        requireToken(cfg);
        try {
            return start(
                    endpoint,
                    cfg.secrets().adminToken().orElseThrow(),
                    control,
                    killSwitch,
                    status);
        } catch (IOException e) {
            throw new ConfigException(
                    cfg.sourceName(),
                    0,
                    "ops.admin.port",
                    "cannot listen on "
                            + endpoint.bind()
                            + ":"
                            + endpoint.port()
                            + ": "
                            + e.getMessage());
        }
    }

    /** Starts an admin endpoint on {@code endpoint}'s address (port 0: a free one). */
    static AdminServer start(
            OpsConfig.Endpoint endpoint,
            String token,
            EventPublisher control,
            KillSwitch killSwitch,
            Supplier<Map<String, Object>> status)
            throws IOException {
        HttpServer http =
                HttpServer.create(new InetSocketAddress(endpoint.bind(), endpoint.port()), 16);
        AdminServer admin = new AdminServer(http, token, control, killSwitch, status);
        http.start();
        admin.ticker.scheduleAtFixedRate(
                admin::tick, EVENT_PERIOD_MS, EVENT_PERIOD_MS, TimeUnit.MILLISECONDS);
        return admin;
    }

    /** The port it listens on (the free one picked for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Its base URL, e.g. {@code http://127.0.0.1:9465/}. */
    public String url() {
        String host = server.getAddress().getAddress().getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port() + "/";
    }

    /** Requests refused for want of a token. */
    public long refusedMissingToken() {
        return refusedMissing.get();
    }

    /** Requests refused for a wrong token. */
    public long refusedWrongToken() {
        return refusedWrong.get();
    }

    /** Commands accepted and queued as CONTROL events. */
    public long commands() {
        return commands.get();
    }

    /** The status JSON's fields: the engine's snapshot and the endpoint's own counters. */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>(status.get());
        Map<String, Object> admin = new LinkedHashMap<>();
        admin.put("commands", commands.get());
        admin.put("commands_not_queued", commandsNotQueued.get());
        admin.put("refused_missing_token", refusedMissing.get());
        admin.put("refused_wrong_token", refusedWrong.get());
        admin.put("event_streams", streams.size());
        m.put("admin", admin);
        return m;
    }

    private void handle(HttpExchange x) throws IOException {
        boolean keepOpen = false;
        try {
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            if (path.equals("/") || path.equals("/index.html")) {
                if (admit(x, true) && allow(x, "GET")) {
                    x.getResponseHeaders().set("X-Frame-Options", "DENY");
                    send(x, 200, "text/html; charset=utf-8", page);
                }
            } else if (path.equals("/api/events")) {
                if (admit(x, true) && allow(x, "GET")) {
                    keepOpen = openStream(x);
                }
            } else if (path.equals("/api/status")) {
                if (admit(x, false) && allow(x, "GET")) {
                    send(x, 200, "application/json", AdminJson.write(snapshot()));
                }
            } else if (path.startsWith("/api/") && COMMANDS.contains(path.substring(5))) {
                if (admit(x, false) && allow(x, "POST")) {
                    command(x, path.substring(5));
                }
            } else {
                sendError(x, 404, "no such endpoint: " + path);
            }
        } catch (RuntimeException e) {
            // A snapshot that failed (the engine closing under the request): say so, in one line.
            if (x.getResponseCode() < 0) {
                sendError(x, 500, "internal error: " + e);
            }
        } finally {
            if (!keepOpen) {
                x.close();
            }
        }
    }

    /**
     * Whether the request may go on; if not, answers 401 (no token) or 403 (a wrong one) and counts
     * it. {@code readOnly}: the page and its stream, open to loopback clients.
     */
    private boolean admit(HttpExchange x, boolean readOnly) throws IOException {
        if (readOnly && fromLoopback(x)) {
            return true;
        }
        String presented = bearer(x);
        if (presented == null && readOnly) {
            presented = queryToken(x);
        }
        if (presented == null) {
            refusedMissing.incrementAndGet();
            x.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"tickring\"");
            sendError(
                    x,
                    401,
                    "the admin token is required: Authorization: Bearer $"
                            + Secrets.ADMIN_TOKEN_ENV);
            return false;
        }
        if (!token.matches(presented)) {
            refusedWrong.incrementAndGet();
            sendError(x, 403, "wrong admin token");
            return false;
        }
        return true;
    }

    /**
     * A loopback client that names the server by a loopback host: a page of another site whose name
     * was rebound to 127.0.0.1 sends its own name as Host and needs the token.
     */
    private static boolean fromLoopback(HttpExchange x) {
        if (!x.getRemoteAddress().getAddress().isLoopbackAddress()) {
            return false;
        }
        String host = x.getRequestHeaders().getFirst("Host");
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            host = host.substring(0, colon);
        }
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    private static String bearer(HttpExchange x) {
        String h = x.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String t = h.substring(7).strip();
        return t.isEmpty() ? null : t;
    }

    private static String queryToken(HttpExchange x) {
        String q = x.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            if (pair.startsWith("token=") && pair.length() > 6) {
                return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static boolean allow(HttpExchange x, String method) throws IOException {
        if (x.getRequestMethod().equals(method)) {
            return true;
        }
        x.getResponseHeaders().set("Allow", method);
        sendError(x, 405, x.getRequestURI().getPath() + " takes " + method);
        return false;
    }

    /**
     * Queues the command as a CONTROL event stamped with the wall clock, as the stdin channel does;
     * {@code kill} trips the kill latch first, so nothing is released from the moment it arrives,
     * however far behind the ring is.
     */
    private void command(HttpExchange x, String name) throws IOException {
        byte code = ControlCode.parse(name);
        // The request carried the token already (checked before this), so a rearm passes it on.
        OperatorCommands.Outcome outcome = operator.send(code, rawToken);
        if (outcome != OperatorCommands.Outcome.SENT) {
            commandsNotQueued.incrementAndGet();
            sendError(
                    x,
                    503,
                    outcome == OperatorCommands.Outcome.NOT_DELIVERED
                            ? "the engine's control queue is full: " + name + " not sent"
                            : name + " not sent: " + outcome.name().toLowerCase(Locale.ROOT));
            return;
        }
        commands.incrementAndGet();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("command", name);
        body.put("code", ControlCode.name(code));
        body.put("queued", true);
        body.put("kill_switch", killSwitch.tripped() ? "tripped" : "armed");
        send(x, 202, "application/json", AdminJson.write(body));
    }

    /** Starts a server-sent event stream: one snapshot now, then one every second. */
    private boolean openStream(HttpExchange x) throws IOException {
        if (streams.size() >= MAX_EVENT_STREAMS) {
            sendError(x, 503, "too many status pages open (" + MAX_EVENT_STREAMS + ")");
            return false;
        }
        x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(200, 0);
        OutputStream body = x.getResponseBody();
        body.write(("retry: 2000\n" + event(snapshot())).getBytes(StandardCharsets.UTF_8));
        body.flush();
        // Registered after the first write, so the ticker never writes to it concurrently.
        streams.add(new EventStream(x, body));
        return true;
    }

    private static String event(Map<String, Object> snapshot) {
        return "data: " + AdminJson.write(snapshot) + "\n\n";
    }

    private void tick() {
        if (streams.isEmpty()) {
            return;
        }
        byte[] msg;
        try {
            msg = event(snapshot()).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return; // a snapshot that failed (the engine closing): the next tick tries again
        }
        for (EventStream s : streams) {
            try {
                s.body.write(msg);
                s.body.flush();
            } catch (IOException gone) {
                streams.remove(s);
                s.exchange.close();
            }
        }
    }

    private static void sendError(HttpExchange x, int code, String message) throws IOException {
        send(x, code, "application/json", AdminJson.write(Map.of("error", message)));
    }

    private static void send(HttpExchange x, int code, String type, String body)
            throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        x.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
        try (OutputStream os = x.getResponseBody()) {
            os.write(b);
        }
    }

    /** The status page with uPlot's script and style inlined from its WebJar: no CDN. */
    private static String page() {
        String html = resource("/io/tickring/engine/ops/admin/status.html");
        String js = resource(UPLOT + "uPlot.iife.min.js");
        String css = resource(UPLOT + "uPlot.min.css");
        return html.replace("/*UPLOT_CSS*/", css)
                .replace("/*UPLOT_JS*/", js.replace("</script", "<\\/script"));
    }

    private static String resource(String name) {
        try (InputStream s = AdminServer.class.getResourceAsStream(name)) {
            if (s == null) {
                throw new IllegalStateException(
                        name
                                + " is not on the class path: the engine's lib/ must hold the"
                                + " uPlot WebJar (org.webjars.npm:uplot:1.6.30)");
            }
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops serving: closes the event streams, the listener and the threads. */
    @Override
    public void close() {
        ticker.shutdownNow();
        for (EventStream s : streams) {
            s.exchange.close();
        }
        streams.clear();
        server.stop(0);
        handlers.shutdownNow();
    }

    private record EventStream(HttpExchange exchange, OutputStream body) {}
}
