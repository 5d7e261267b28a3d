package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.cli.CliTest.Run;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's kill switch under a deep backlog, in a real child process: a live paper run whose
 * decision thread is slow (the ONNX DeepLOB scores every book, 40,000 events/s offered, a ring of
 * 8,192 slots, no cooldown, orders 20 ms of event time on their way to the venue), so the ring is
 * seconds behind the wall clock when {@code kill} arrives on stdin. Then {@code resume}, a rearm
 * with a wrong token, and {@code rearm TOKEN}. Everything is checked from the journal:
 *
 * <ul>
 *   <li>the latch acted at once: between the KILL and the venue's first KILL_SWITCH report the ring
 *       took at most a few market events (the rest are reports made before the trip), while the
 *       decision chain was still working on market data that arrived at least a second before the
 *       command (the reports carry its event time);
 *   <li>nothing was released to the venue after the command: from the first KILL_SWITCH report to
 *       the REARM, no ACK or fill; every order the router released after the trip came back
 *       REJECTED KILL_SWITCH, every order still open at the trip CANCELED KILL_SWITCH (the latch is
 *       lifted only when the REARM reaches the router, after the KILL);
 *   <li>RESUME did not trade: no ORDER caused between the KILL and the REARM, and intents after the
 *       RESUME were rejected as HALTED; after the REARM orders went out and were acknowledged or
 *       filled again;
 *   <li>the wrong token was refused and counted, the token is nowhere in the output or the journal,
 *       and {@code replay --verify} reproduces the run byte for byte.
 * </ul>
 */
@Tag("slow")
class KillUnderBacklogTest {
    private static final String TOKEN = "kill-test-token-7f3a";
    private static final Pattern ORDERS = Pattern.compile("orders=(\\d+)");

    @TempDir Path tmp;

    @Test
    void shouldStopReleasingAtTheCommandWhileTheRingIsBehindAndTradeAgainOnlyAfterRearm()
            throws Exception {
        Path cfg = config();
        Path journal = tmp.resolve("j");
        File out = tmp.resolve("child.out").toFile();
        File err = tmp.resolve("child.err").toFile();
        ProcessBuilder pb =
                child(
                                "io.tickring.engine.cli.Main",
                                "run",
                                "--config",
                                cfg.toString(),
                                "--journal",
                                journal.toString())
                        .redirectOutput(out)
                        .redirectError(err)
                        .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().put("TICKRING_ADMIN_TOKEN", TOKEN);
        Process child = pb.start();
        try (OutputStream stdin = child.getOutputStream()) {
            // Trading has started and the ring has had seconds to fill behind the slow model.
            awaitStatus(child, out, err, 3);
            send(stdin, "kill");
            Thread.sleep(1_000);
            send(stdin, "resume");
            // The premise of "RESUME did not trade": the chain has reached the RESUME and tested
            // an intent after it. Under load the ring can hold seconds of venue reports there, so
            // wait for it in the live journal instead of hoping a fixed sleep is long enough.
            awaitHaltedAfterResume(child, journal);
            send(stdin, "rearm not-the-token");
            Thread.sleep(1_000);
            send(stdin, "rearm " + TOKEN);
            assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the run did not end");
        } finally {
            child.destroyForcibly();
        }
        String said = Files.readString(out.toPath(), StandardCharsets.UTF_8);
        String errors = Files.readString(err.toPath(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), said + errors);
        assertTrue(said.contains("operator: KILL sent"), said);
        assertTrue(said.contains("operator: rearm refused: wrong token; 1 refused"), said);
        assertTrue(said.contains("operator: REARM sent"), said);
        assertFalse(said.contains(TOKEN) || errors.contains(TOKEN), "the token was printed");

        Run dump = tickring("journal", "dump", journal.toString());
        assertEquals(0, dump.code(), dump.err());
        assertFalse(dump.out().contains(TOKEN), "the token reached the journal");
        List<String> in = new ArrayList<>();
        List<String> outRecords = new ArrayList<>();
        for (String line : dump.out().lines().toList()) {
            (line.contains("\"q\":\"in\"") ? in : outRecords).add(line);
        }
        String kill = only(in, "KILL");
        String resume = only(in, "RESUME");
        String rearm = only(in, "REARM");
        long sKill = seq(kill);
        long sResume = seq(resume);
        long sRearm = seq(rearm);
        long tKill = Long.parseLong(field(kill, "recv_ns"));
        assertTrue(sKill < sResume && sResume < sRearm, "journaled in the order sent");

        // The venue's refusals and cancels at the trip, in ring order.
        List<String> latched = new ArrayList<>();
        Map<Long, List<String>> reportsByOrder = new HashMap<>();
        long firstLatched = -1;
        for (String l : in) {
            if (!l.contains("\"type\":\"EXEC_REPORT\"")) {
                continue;
            }
            reportsByOrder.computeIfAbsent(orderId(l), k -> new ArrayList<>()).add(l);
            if (l.contains("\"reject_reason\":\"KILL_SWITCH\"")) {
                latched.add(l);
                if (firstLatched < 0) {
                    firstLatched = seq(l);
                }
            }
        }
        assertFalse(latched.isEmpty(), "the venue never saw the latch");
        long tripSeq = firstLatched;
        assertTrue(
                latched.stream().anyMatch(l -> l.contains("\"exec\":\"CANCELED\"")),
                "no open order was cancelled at the trip: " + latched);
        long behindNs = tKill - Long.parseLong(field(latched.get(0), "exch_ns"));
        System.out.printf(
                "kill under backlog: the chain was %.2f s behind the command; first KILL_SWITCH"
                        + " report %d ring slots after the KILL; %d KILL_SWITCH reports%n",
                behindNs / 1e9, firstLatched - sKill, latched.size());
        assertTrue(
                behindNs >= 1_000_000_000L,
                "the ring was not behind (the test's premise): " + behindNs / 1e6 + " ms");
        // Between the KILL and the venue's first KILL_SWITCH report the ring took reports made
        // before the trip (queued ahead of them) and at most a few market events: the venue acted
        // within an event of the command, not when the chain reached the KILL.
        long marketBetween =
                in.stream()
                        .filter(l -> seq(l) > sKill && seq(l) < tripSeq)
                        .filter(
                                l ->
                                        l.contains("\"type\":\"BOOK\"")
                                                || l.contains("\"type\":\"TRADE\""))
                        .count();
        System.out.printf(
                "kill under backlog: %d market events between the KILL and the first KILL_SWITCH"
                        + " report%n",
                marketBetween);
        assertTrue(firstLatched > sKill, "a KILL_SWITCH report before the KILL");
        assertTrue(
                marketBetween <= 5,
                marketBetween + " market events passed the ring before the venue acted");
        // Nothing released to the venue from the trip to the rearm.
        for (String l : in) {
            long s = seq(l);
            if (s > firstLatched && s < sRearm && l.contains("\"type\":\"EXEC_REPORT\"")) {
                assertTrue(
                        l.contains("\"exec\":\"REJECTED\"") || l.contains("\"exec\":\"CANCELED\""),
                        "released after the kill: " + l);
            }
        }
        int refusedAfterTrip = 0;
        int ordersAfterRearm = 0;
        int tradedAfterRearm = 0;
        int haltedAfterResume = 0;
        int haltedWhileKilled = 0;
        for (String l : outRecords) {
            long s = seq(l);
            if (l.contains("\"type\":\"RISK\"")
                    && s > sKill
                    && s < sRearm
                    && l.contains("\"reason\":\"HALTED\"")) {
                haltedWhileKilled++;
            }
            if (l.contains("\"type\":\"RISK\"")
                    && s > sResume
                    && s < sRearm
                    && l.contains("\"reason\":\"HALTED\"")) {
                haltedAfterResume++;
            }
            if (!l.contains("\"type\":\"ORDER\"")) {
                continue;
            }
            assertFalse(s > sKill && s < sRearm, "an order between KILL and REARM: " + l);
            List<String> reports = reportsByOrder.getOrDefault(orderId(l), List.of());
            if (s > sRearm) {
                ordersAfterRearm++;
                if (reports.stream()
                        .anyMatch(r -> r.contains("\"exec\":\"ACK\"") || r.contains("FILL\""))) {
                    tradedAfterRearm++;
                }
                continue;
            }
            // Released before the trip and done before it, or ended by the latch.
            boolean ended =
                    reports.stream().anyMatch(r -> r.contains("\"reject_reason\":\"KILL_SWITCH\""));
            boolean doneBefore =
                    !reports.isEmpty()
                            && reports.stream().allMatch(r -> seq(r) < tripSeq)
                            && isFinal(reports.get(reports.size() - 1));
            assertTrue(ended || doneBefore, "order neither done before the trip nor latched: " + l);
            if (ended && reports.get(0).contains("\"exec\":\"REJECTED\"")) {
                refusedAfterTrip++;
            }
        }
        System.out.printf(
                "kill under backlog: %d orders refused by the latch, %d intents HALTED between"
                        + " KILL and REARM (%d after RESUME), %d orders after REARM (%d"
                        + " acknowledged or filled)%n",
                refusedAfterTrip,
                haltedWhileKilled,
                haltedAfterResume,
                ordersAfterRearm,
                tradedAfterRearm);
        // The REARM was sent only once the journal showed an intent refused after the RESUME.
        assertTrue(haltedWhileKilled > 0, "no intent was tested between KILL and REARM");
        assertTrue(tradedAfterRearm > 0, "nothing traded after REARM: " + ordersAfterRearm);

        Run replay = tickring("replay", "--journal", journal.toString(), "--verify", "--json");
        assertEquals(0, replay.code(), replay.out() + replay.err());
    }

    /** {@link ResumeCrashTest#java}: its short class path keeps ONNX Runtime alive. */
    private static ProcessBuilder child(String mainClass, String... args) {
        return ResumeCrashTest.java(mainClass, args);
    }

    private Path config() throws Exception {
        String root = System.getenv().getOrDefault("TICKRING_TEST_ROOT", "..");
        Path model = Path.of(root, "model", "deeplob.onnx").toAbsolutePath();
        Path cfg = tmp.resolve("kill-backlog.yaml");
        Files.writeString(
                cfg,
                String.join(
                        "\n",
                        "run:",
                        "  mode: live",
                        "  seed: 14",
                        // Room for the wait after RESUME on a loaded machine; ends on its own.
                        "  duration: 40s",
                        "  status_interval: 1s",
                        "  drive: threads",
                        "instruments: " + CliTest.instrumentsPath(),
                        "ring:",
                        "  size: 8192",
                        "timer:",
                        "  period: 1s",
                        "source:",
                        "  kind: sim",
                        "  sim:",
                        "    instruments: [SIMA, SIMB]",
                        "    events_per_second: 20000",
                        "model:",
                        "  kind: onnx",
                        "  path: " + model,
                        "  levels: 5",
                        "  window: 100",
                        "  normalisation: mid-zscore",
                        "  class_order: [up, flat, down]",
                        "  intra_op_threads: 1",
                        "  score_every: 1",
                        "  min_interval: 0",
                        "strategy:",
                        "  threshold: 0.05",
                        "  cooldown: 0",
                        // Room for every order in flight: the strategy counts them against it.
                        "  max_position: 100000000",
                        "risk:",
                        "  max_position: 1000000000",
                        "  max_orders_per_second: 100000",
                        "  max_orders_per_day: 1000000",
                        "  enforce_sessions: false",
                        "paper:",
                        "  latency: 100us",
                        // Orders spend 20 ms of event time on their way to the venue, so some are
                        // open when the kill arrives (the strategy enters many times a second).
                        "  order_latency: 20ms",
                        ""),
                StandardCharsets.UTF_8);
        return cfg;
    }

    /** Waits for the child's status line at {@code seconds} with at least one order. */
    private static void awaitStatus(Process child, File out, File err, int seconds)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        String want = String.format("t=%3d.0s", seconds);
        while (true) {
            String said = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            int at = said.lastIndexOf(want);
            if (at >= 0) {
                Matcher m = ORDERS.matcher(said.substring(at));
                if (m.find() && Long.parseLong(m.group(1)) > 0) {
                    return;
                }
                want = String.format("t=%3d.0s", ++seconds);
            }
            if (!child.isAlive()) {
                throw new AssertionError(
                        "the child ended early, exit "
                                + child.exitValue()
                                + ": "
                                + said
                                + Files.readString(err.toPath(), StandardCharsets.UTF_8));
            }
            assertTrue(System.nanoTime() < deadline, "no status line: " + said);
            Thread.sleep(20);
        }
    }

    /**
     * Polls the running child's journal (a reader beside its writer) until an intent was refused
     * HALTED after the RESUME, in ring order: at most three minutes.
     */
    private static void awaitHaltedAfterResume(Process child, Path journal) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            Run dump = tickring("journal", "dump", journal.toString());
            long resume = -1;
            boolean halted = false;
            if (dump.code() == 0) {
                for (String l : dump.out().lines().toList()) {
                    if (resume < 0
                            && l.contains("\"q\":\"in\"")
                            && l.contains("\"code\":\"RESUME\"")) {
                        resume = seq(l);
                    } else if (resume >= 0
                            && l.contains("\"q\":\"out\"")
                            && l.contains("\"type\":\"RISK\"")
                            && l.contains("\"reason\":\"HALTED\"")
                            && seq(l) > resume) {
                        halted = true;
                        break;
                    }
                }
            }
            if (halted) {
                return;
            }
            assertTrue(child.isAlive(), "the run ended before an intent followed the RESUME");
            assertTrue(
                    System.nanoTime() < deadline,
                    "no intent refused HALTED after the RESUME within 3 minutes");
            Thread.sleep(500);
        }
    }

    private static void send(OutputStream stdin, String line) throws Exception {
        stdin.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
    }

    private static String only(List<String> in, String code) {
        List<String> found =
                in.stream().filter(l -> l.contains("\"code\":\"" + code + "\"")).toList();
        assertEquals(1, found.size(), code + " records: " + found);
        return found.get(0);
    }

    private static long seq(String line) {
        return Long.parseLong(field(line, "seq"));
    }

    private static long orderId(String line) {
        return Long.parseLong(field(line, "order_id"));
    }

    private static boolean isFinal(String report) {
        return report.contains("\"exec\":\"FILL\"")
                || report.contains("\"exec\":\"CANCELED\"")
                || report.contains("\"exec\":\"REJECTED\"");
    }
}
