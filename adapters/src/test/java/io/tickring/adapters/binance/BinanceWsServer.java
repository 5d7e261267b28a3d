package io.tickring.adapters.binance;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Okio;

/**
 * A WebSocket server on 127.0.0.1 that speaks Binance's framing, scripted per connection, and
 * answers Binance's REST depth requests ({@code GET /api/v3/depth}, {@code /fapi/v1/depth}, {@code
 * /dapi/v1/depth}) on the same port from a {@link Rest} handler.
 *
 * <p>MockWebServer does the HTTP upgrade (a 101 with the RFC 6455 accept key) and then hands the
 * raw socket to a {@link Script}, which writes server frames itself. Writing frames by hand is what
 * lets a test send real ping frames, read the client's pong, send garbage and cut the socket
 * without a close frame; okhttp's own server-side WebSocket offers none of that publicly.
 */
final class BinanceWsServer implements AutoCloseable {
    private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** What the server does on one connection. */
    interface Script {
        void run(Peer peer) throws Exception;
    }

    /** Answers one plain HTTP request: the status and the JSON body. */
    interface Rest {
        Answer answer(String target);
    }

    /** An HTTP answer. */
    record Answer(int code, String body) {}

    /** Target of every plain HTTP request, in order. */
    final List<String> restTargets = new CopyOnWriteArrayList<>();

    private volatile Rest rest = target -> new Answer(404, "{\"code\":-1,\"msg\":\"no route\"}");

    /** Sets how REST requests are answered. */
    BinanceWsServer rest(Rest handler) {
        this.rest = handler;
        return this;
    }

    private final MockWebServer server = new MockWebServer();
    private final LinkedBlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
    private final Script fallback;

    /** Request target of every connection, in order. */
    final List<String> targets = new CopyOnWriteArrayList<>();

    /** System.nanoTime() of every connection, in order. */
    final List<Long> connectedAt = new CopyOnWriteArrayList<>();

    /**
     * @param fallback run for every connection once the queued scripts are used up
     */
    BinanceWsServer(Script fallback) throws IOException {
        this.fallback = fallback;
        server.setDispatcher(
                new Dispatcher() {
                    @Override
                    public MockResponse dispatch(RecordedRequest request) {
                        if (!"websocket".equalsIgnoreCase(request.getHeaders().get("Upgrade"))) {
                            restTargets.add(request.getTarget());
                            Answer a = rest.answer(request.getTarget());
                            return new MockResponse.Builder()
                                    .code(a.code())
                                    .setHeader("Content-Type", "application/json")
                                    .body(a.body())
                                    .build();
                        }
                        targets.add(request.getTarget());
                        connectedAt.add(System.nanoTime());
                        Script next = scripts.poll();
                        Script script = next != null ? next : BinanceWsServer.this.fallback;
                        return new MockResponse.Builder()
                                .clearHeaders()
                                .code(101)
                                .setHeader("Connection", "Upgrade")
                                .setHeader("Upgrade", "websocket")
                                .setHeader(
                                        "Sec-WebSocket-Accept",
                                        accept(request.getHeaders().get("Sec-WebSocket-Key")))
                                .socketHandler(
                                        socket -> {
                                            Peer peer = new Peer(socket);
                                            try {
                                                script.run(peer);
                                            } catch (IOException | InterruptedException e) {
                                                // The client went away or the server is shutting
                                                // down: the script ends.
                                            } catch (Exception e) {
                                                throw new IllegalStateException(e);
                                            } finally {
                                                socket.cancel();
                                            }
                                        })
                                .build();
                    }
                });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    /** Queues the script for the next connection. */
    BinanceWsServer then(Script script) {
        scripts.add(script);
        return this;
    }

    String baseUrl() {
        return "ws://127.0.0.1:" + server.getPort();
    }

    String restUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    int connections() {
        return targets.size();
    }

    @Override
    public void close() {
        server.close();
    }

    private static String accept(String key) {
        try {
            byte[] sha1 =
                    MessageDigest.getInstance("SHA-1").digest((key + WS_GUID).getBytes(UTF_8));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A frame the client sent, unmasked. */
    record ClientFrame(int opcode, byte[] payload) {}

    /** The server's end of one connection. */
    static final class Peer {
        private final okio.Socket socket;
        private final BufferedSource in;
        private final BufferedSink out;

        Peer(okio.Socket socket) {
            this.socket = socket;
            this.in = Okio.buffer(socket.getSource());
            this.out = Okio.buffer(socket.getSink());
        }

        void text(String payload) throws IOException {
            frame(0x1, payload.getBytes(UTF_8));
        }

        void ping(byte[] payload) throws IOException {
            frame(0x9, payload);
        }

        void close(int code) throws IOException {
            byte[] p = {(byte) (code >> 8), (byte) code};
            frame(0x8, p);
        }

        /** Server frames are not masked (RFC 6455 5.1). */
        void frame(int opcode, byte[] payload) throws IOException {
            out.writeByte(0x80 | opcode);
            if (payload.length < 126) {
                out.writeByte(payload.length);
            } else if (payload.length < 65536) {
                out.writeByte(126);
                out.writeShort(payload.length);
            } else {
                out.writeByte(127);
                out.writeLong(payload.length);
            }
            out.write(payload);
            out.flush();
        }

        /**
         * Reads one client frame (masked, as clients must send them), waiting at most {@code
         * timeoutMs}.
         */
        ClientFrame read(long timeoutMs) throws IOException {
            in.timeout().timeout(timeoutMs, TimeUnit.MILLISECONDS);
            int b0 = in.readByte() & 0xff;
            int b1 = in.readByte() & 0xff;
            long len = b1 & 0x7f;
            if (len == 126) {
                len = in.readShort() & 0xffff;
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] mask = (b1 & 0x80) != 0 ? in.readByteArray(4) : null;
            byte[] payload = in.readByteArray(len);
            if (mask != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
            }
            return new ClientFrame(b0 & 0x0f, payload);
        }

        /**
         * Ends the connection without a close frame: what a network fault looks like to the client.
         */
        void abort() {
            socket.cancel();
        }

        /** Keeps the connection open and silent until the client leaves (or 30 s pass). */
        void holdUntilClientLeaves() throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                ClientFrame f = read(30_000);
                if (f.opcode() == 0x8) {
                    frame(0x8, f.payload());
                    return;
                }
            }
        }
    }
}
