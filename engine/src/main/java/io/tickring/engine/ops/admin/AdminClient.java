package io.tickring.engine.ops.admin;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The client side of {@link AdminServer}, for {@code ./tickring ctl}: sends one command or asks for
 * the status, with the token as {@code Authorization: Bearer}, with okhttp (the project's HTTP
 * client, whose shared pool ends its idle threads by itself). Calls are synchronous, on the
 * caller's thread.
 */
public final class AdminClient {
    private final OkHttpClient http;
    private final URI base;
    private final String token;

    /**
     * @param base the admin endpoint, e.g. {@code http://127.0.0.1:9465}
     * @param token the admin token ({@code TICKRING_ADMIN_TOKEN})
     */
    public AdminClient(URI base, String token) {
        this.http =
                new OkHttpClient.Builder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .readTimeout(Duration.ofSeconds(10))
                        .retryOnConnectionFailure(false) // a command is sent once, never twice
                        // One request per ctl: no idle connection is kept, so no pool thread waits.
                        .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                        .build();
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.token = token;
    }

    /** The answer: HTTP status and body (JSON). */
    public record Response(int status, String body) {
        /** The server's {@code error} field, or the body if it has none. */
        public String error() {
            try {
                Object e = AdminJson.parseObject(body).get("error");
                return e != null ? e.toString() : body;
            } catch (IllegalArgumentException notJson) {
                return body;
            }
        }
    }

    /**
     * {@code POST /api/COMMAND}.
     *
     * @throws IOException if the engine cannot be reached
     */
    public Response command(String command) throws IOException {
        return send(
                new Request.Builder()
                        .url(base.resolve("api/" + command).toString())
                        .post(RequestBody.create(new byte[0], null)));
    }

    /**
     * {@code GET /api/status}.
     *
     * @throws IOException if the engine cannot be reached
     */
    public Response status() throws IOException {
        return send(new Request.Builder().url(base.resolve("api/status").toString()).get());
    }

    private Response send(Request.Builder b) throws IOException {
        Request req = b.header("Authorization", "Bearer " + token).build();
        try (okhttp3.Response r = http.newCall(req).execute()) {
            return new Response(r.code(), r.body().string());
        }
    }
}
