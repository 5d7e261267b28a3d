package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tickring run} on a live Binance feed pointed at a closed port on 127.0.0.1: the run does
 * not end silently with exit 0. It journals a FEED_GAP per instrument, reports the failed attempts
 * in its summary and fails with one line naming the URL.
 */
@Tag("slow")
class BinanceFeedFailureRunTest {
    @TempDir Path tmp;

    @Test
    void shouldFailARunWhoseFeedNeverConnected() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Path cfg = tmp.resolve("closed.yaml");
        Files.writeString(
                cfg,
                String.format(
                        Locale.ROOT,
                        ""
                                + "run:\n  mode: live\n  duration: 2s\n  status_interval: 0s\n"
                                + "instruments: %s\n"
                                + "source:\n  kind: binance\n"
                                + "  binance:\n    url: ws://127.0.0.1:%d\n"
                                + "    streams: [btcusdt@depth5@100ms]\n    quantity_scale: 5\n",
                        CliTest.instrumentsPath(),
                        port));
        Path j = tmp.resolve("journal");
        CliTest.Run run =
                CliTest.tickring(
                        "run", "--config", cfg.toString(), "--journal", j.toString(), "--json");
        assertEquals(Main.FAILED, run.code(), run.out() + run.err());
        String summary = run.lastLine();
        assertTrue(Long.parseLong(CliTest.field(summary, "connect_failures")) >= 1, summary);
        assertEquals("false", CliTest.field(summary, "connected"));
        String last = run.err().strip().substring(run.err().strip().lastIndexOf('\n') + 1);
        assertTrue(
                last.startsWith(
                        "run: the binance feed never connected to ws://127.0.0.1:" + port + "/ws/"),
                run.err());
        assertFalse(last.contains("Exception"), last);

        CliTest.Run dump = CliTest.tickring("journal", "dump", "--in", j.toString());
        assertEquals(0, dump.code(), dump.err());
        long gaps =
                dump.out()
                        .lines()
                        .filter(
                                l ->
                                        l.contains("\"code\":\"FEED_GAP\"")
                                                && l.contains("\"param_value\":4"))
                        .count();
        assertEquals(1, gaps, "one FEED_GAP CONNECT for BTCUSDT:\n" + dump.out());
    }
}
