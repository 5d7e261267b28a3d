package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.engine.cli.CliTest.Run;
import io.tickring.engine.config.OpsFile;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import io.tickring.journal.RestartLog;
import java.io.File;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a run the operator killed, then SIGKILLed, resumes killed. A paper run in the
 * event-time simulator (a real child process, /metrics and the admin API on) takes {@code kill} on
 * stdin; once its journal holds the KILL and the venue's LATCHED record it is SIGKILLed. {@code run
 * --resume} without {@code --config} then rebuilds it, the rebuilt venue latched where the journal
 * says, serves /metrics and the admin API as the original run did (its {@code ops} section kept
 * beside the journal), and comes back KILLED: no order while it waits; {@code rearm TOKEN} on stdin
 * trades again; SIGTERM stops it. {@code journal verify} and {@code replay --verify} pass.
 */
@Tag("slow")
class KilledRunResumeTest {
    private static final String TOKEN = "resume-kill-token-5c1e";
    private static final Pattern ORDERS = Pattern.compile("orders=(\\d+)");
    private static final Pattern URL = Pattern.compile("run: (metrics|admin) on (\\S+)");

    @TempDir Path tmp;

    @Test
    void shouldComeBackKilledAfterACrashAndTradeOnlyAfterRearm() throws Exception {
        Path cfg = config();
        Path journal = tmp.resolve("j");

        // 1. The original run: trading, then killed by the operator, then SIGKILLed.
        Child a = Child.start(tmp, "a", "run", "--config", cfg.toString(), "--journal", journal);
        long latchedAt;
        try {
            a.await(s -> orders(s) > 0, "an order");
            a.send("kill");
            a.await(s -> s.contains("operator: KILL sent"), "the kill sent");
            // The premise of the test, established rather than hoped for: the journal holds the
            // KILL and the venue's record of where it acted on the latch.
            latchedAt = awaitLatched(journal, a);
        } finally {
            a.process.destroyForcibly(); // SIGKILL: no STOP, no end markers
            a.process.waitFor();
        }
        assertFalse(Files.isRegularFile(journal.resolve("in.end")), "killed, not stopped");
        assertTrue(Files.isRegularFile(journal.resolve(OpsFile.FILE)), "ops saved beside it");
        String savedOps = Files.readString(journal.resolve(OpsFile.FILE));
        assertFalse(savedOps.contains(TOKEN), "the token in ops.yaml");

        // 2. The resume, without --config: killed, serving what the original run served.
        Child b = Child.start(tmp, "b", "run", "--resume", "--journal", journal);
        long ordersAtRearm;
        try {
            String said = b.await(s -> s.contains("run: admin on"), "the admin API");
            String metricsUrl = url(said, "metrics");
            String adminUrl = url(said, "admin");
            String metrics = get(metricsUrl, null);
            assertTrue(metrics.contains("tickring_"), "no tickring series: " + metrics);
            // KILLED as soon as the recovery has latched it; it stays so while the run goes on.
            String status = awaitStatus(adminUrl, "\"state\":\"KILLED\"", b);
            assertTrue(status.contains("\"kill_switch\":\"tripped\""), status);
            // The recovery has ended (its restart line is written) and two status lines since
            // show the orders of a run that stays killed; only then the rearm.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.isRegularFile(journal.resolve(RestartLog.FILE))) {
                assertTrue(b.process.isAlive(), "the run ended: " + b.describe());
                assertTrue(System.nanoTime() < deadline, "no restart line: " + b.describe());
                Thread.sleep(50);
            }
            int lines = statusLines(b.said());
            b.await(s -> statusLines(s) >= lines + 2, "two status lines after the recovery");
            ordersAtRearm = orders(b.said());
            b.send("rearm " + TOKEN);
            b.await(s -> s.contains("operator: REARM sent"), "the rearm sent");
            awaitStatus(adminUrl, "\"state\":\"ACTIVE\"", b);
            b.await(s -> orders(s) > ordersAtRearm, "an order after the rearm");
            b.process.destroy(); // SIGTERM: a graceful stop
            assertTrue(b.process.waitFor(5, TimeUnit.MINUTES), "no stop: " + b.describe());
        } finally {
            b.process.destroyForcibly();
        }
        assertEquals(0, b.process.exitValue(), b.describe());
        assertFalse(b.said().contains(TOKEN) || b.errors().contains(TOKEN), "the token printed");

        // 3. The journal: recovered through the latch, no order while killed, orders after.
        Run verify = tickring("journal", "verify", journal.toString());
        assertEquals(0, verify.code(), verify.out() + verify.err());
        Run dump = tickring("journal", "dump", journal.toString());
        assertEquals(0, dump.code(), dump.err());
        assertFalse(dump.out().contains(TOKEN), "the token reached the journal");
        long sKill = -1;
        long sRearm = -1;
        int latchedRecords = 0;
        int killReports = 0;
        List<String> orders = new ArrayList<>();
        List<String> lines = dump.out().lines().toList();
        for (String l : lines) {
            boolean in = l.contains("\"q\":\"in\"");
            if (in && l.contains("\"code\":\"KILL\"")) {
                sKill = seq(l);
            } else if (in && l.contains("\"code\":\"REARM\"")) {
                sRearm = seq(l);
            } else if (in && l.contains("\"code\":\"LATCHED\"")) {
                latchedRecords++;
            } else if (in && l.contains("\"reject_reason\":\"KILL_SWITCH\"")) {
                killReports++;
            } else if (!in && l.contains("\"type\":\"ORDER\"")) {
                orders.add(l);
            }
        }
        assertTrue(sKill >= 0 && sRearm > sKill, "KILL " + sKill + ", REARM " + sRearm);
        final long kill = sKill;
        final long rearm = sRearm;
        assertEquals(1, latchedRecords, "one trip, one LATCHED record");
        // Every order released before the kill was open at the trip (100 h on its way).
        long before = orders.stream().filter(o -> seq(o) < kill).count();
        assertTrue(before > 0, "no order before the kill");
        assertTrue(
                killReports >= before, killReports + " KILL_SWITCH reports, " + before + " open");
        long between = orders.stream().filter(o -> seq(o) > kill && seq(o) < rearm).count();
        assertEquals(0, between, "orders between KILL and REARM");
        assertTrue(orders.stream().anyMatch(o -> seq(o) > rearm), "no order after the REARM");
        // The venue took them: no order after the REARM was refused by the latch.
        for (String l : lines) {
            if (l.contains("\"q\":\"in\"") && l.contains("\"reject_reason\":\"KILL_SWITCH\"")) {
                assertTrue(seq(l) < rearm, "refused by the latch after the REARM: " + l);
            }
        }
        System.out.printf(
                "KilledRunResumeTest: KILL at %d, venue latched at %d, %d KILL_SWITCH reports,"
                        + " REARM at %d, %d orders before the kill, %d after the rearm%n",
                sKill,
                latchedAt,
                killReports,
                sRearm,
                orders.stream().filter(o -> seq(o) < kill).count(),
                orders.stream().filter(o -> seq(o) > rearm).count());

        Run replay = tickring("replay", "--journal", journal.toString(), "--verify", "--json");
        assertEquals(0, replay.code(), replay.out() + replay.err());
        assertEquals("true", field(replay.lastLine(), "match"), replay.out());
    }

    /**
     * Reads the input journal as the child writes it until it holds the KILL and the venue's
     * LATCHED record; returns the ring sequence the LATCHED record names.
     */
    private static long awaitLatched(Path journal, Child child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        RingEvent e = new RingEvent();
        boolean kill = false;
        long latched = -1;
        try (RecordReader r = new RecordReader(JournalPaths.in(journal))) {
            while (!kill || latched < 0) {
                if (r.next()) {
                    if (r.length() > 0
                            && io.tickring.core.codec.RecordHeader.type(r.buffer(), 0)
                                    == EventType.CONTROL) {
                        InputCodec.decode(r.buffer(), 0, r.length(), e, r.where());
                        kill |= e.controlCode == ControlCode.KILL;
                        if (e.controlCode == ControlCode.LATCHED) {
                            latched = e.controlParamValue;
                        }
                    }
                    continue;
                }
                assertTrue(child.process.isAlive(), "the run ended: " + child.describe());
                assertTrue(System.nanoTime() < deadline, "no KILL and LATCHED in the journal");
                Thread.sleep(50);
            }
        }
        return latched;
    }

    private static String awaitStatus(String adminUrl, String want, Child child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            String s = get(adminUrl + "api/status", TOKEN);
            if (s.contains(want)) {
                return s;
            }
            assertTrue(child.process.isAlive(), "the run ended: " + child.describe());
            assertTrue(System.nanoTime() < deadline, "status never had " + want + ": " + s);
            Thread.sleep(100);
        }
    }

    /** One GET on a connection of its own, closed after it (no client threads are left). */
    private static String get(String url, String token) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try {
            c.setConnectTimeout(60_000);
            c.setReadTimeout(60_000);
            if (token != null) {
                c.setRequestProperty("Authorization", "Bearer " + token);
            }
            int code = c.getResponseCode();
            String body;
            try (var in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
                body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertEquals(200, code, url + ": " + body);
            return body;
        } finally {
            c.disconnect();
        }
    }

    private static String url(String said, String which) {
        Matcher m = URL.matcher(said);
        while (m.find()) {
            if (m.group(1).equals(which)) {
                String u = m.group(2);
                return u.endsWith("/") ? u : u + "/";
            }
        }
        throw new AssertionError("no " + which + " address in: " + said);
    }

    private static int statusLines(String said) {
        return (int) said.lines().filter(l -> l.startsWith("t=")).count();
    }

    /** The orders count of the last status line in {@code said}; 0 if there is none. */
    private static long orders(String said) {
        Matcher m = ORDERS.matcher(said);
        long n = 0;
        while (m.find()) {
            n = Long.parseLong(m.group(1));
        }
        return n;
    }

    private static long seq(String line) {
        return Long.parseLong(field(line, "seq"));
    }

    /**
     * A paper run in the event-time simulator, long enough never to end by itself here, with
     * /metrics and the admin API on free ports. Orders spend 100 hours of event time on their way
     * to the venue, so every order released before the kill is still open when the venue sees the
     * trip, and ends CANCELED {@code KILL_SWITCH}: the records the recovery must make again. (The
     * graceful stop leaves them working: their cancels would wait as long.)
     */
    private Path config() throws Exception {
        Path cfg = tmp.resolve("killed-resume.yaml");
        Files.writeString(
                cfg,
                String.join(
                        "\n",
                        "run:",
                        "  mode: sim",
                        "  seed: 14",
                        "  duration: 100h",
                        "  status_interval: 1s",
                        "  drive: inline",
                        "instruments: " + CliTest.instrumentsPath(),
                        "timer:",
                        "  period: 1s",
                        "model:",
                        "  kind: microprice-rule",
                        "paper:",
                        "  latency: 100us",
                        "  order_latency: 100h",
                        "ops:",
                        "  stop:",
                        "    cancel_orders: false",
                        "  metrics:",
                        "    enabled: true",
                        "    port: 0",
                        "  admin:",
                        "    enabled: true",
                        "    port: 0",
                        "  log:",
                        "    dir: " + tmp.resolve("logs"),
                        ""),
                StandardCharsets.UTF_8);
        return cfg;
    }

    /** A {@code tickring} child JVM with stdin for operator commands and the admin token set. */
    private static final class Child {
        final Process process;
        private final OutputStream stdin;
        private final Path out;
        private final Path err;

        private Child(Process process, Path out, Path err) {
            this.process = process;
            this.stdin = process.getOutputStream();
            this.out = out;
            this.err = err;
        }

        static Child start(Path tmp, String name, Object... args) throws Exception {
            List<String> cmd = new ArrayList<>();
            for (Object a : args) {
                cmd.add(a.toString());
            }
            File o = tmp.resolve(name + ".out").toFile();
            File e = tmp.resolve(name + ".err").toFile();
            ProcessBuilder pb =
                    ResumeCrashTest.java("io.tickring.engine.cli.Main", cmd.toArray(new String[0]))
                            .redirectOutput(o)
                            .redirectError(e)
                            .redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().put("TICKRING_ADMIN_TOKEN", TOKEN);
            return new Child(pb.start(), o.toPath(), e.toPath());
        }

        void send(String line) throws Exception {
            stdin.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
        }

        /** Waits (minutes at most) until the child's output satisfies {@code done}. */
        String await(Predicate<String> done, String what) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (true) {
                String said = said();
                if (done.test(said)) {
                    return said;
                }
                assertTrue(process.isAlive(), "ended before " + what + ": " + describe());
                assertTrue(System.nanoTime() < deadline, "no " + what + ": " + describe());
                Thread.sleep(50);
            }
        }

        String said() throws Exception {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        String errors() throws Exception {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        String describe() throws Exception {
            return "stdout: " + said() + "\nstderr: " + errors();
        }
    }
}
