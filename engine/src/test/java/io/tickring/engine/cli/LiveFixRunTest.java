package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.fix.FixTestVenue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tickring run --config live.yaml.example} in a child JVM against {@link FixTestVenue} on
 * loopback: it trades through FIX, survives a dropped connection, journals every report, replays to
 * the same outputs, and leaves the password nowhere; without its guards it refuses in one line.
 */
@Tag("slow")
class LiveFixRunTest {
    private static final String PASSWORD = "pw-live-5b0e2d7c-never-written";

    @TempDir Path dir;

    private Path config(int port, String from, String to) throws Exception {
        Path example = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(example.resolve("config/live.yaml.example"))) {
            example = example.getParent();
        }
        example = example.resolve("config/live.yaml.example");
        String text =
                Files.readString(example)
                        .replace("    port: 9880 ", "    port: " + port + " ")
                        .replace(
                                "instruments: instruments.yaml",
                                "instruments: " + example.resolveSibling("instruments.yaml"))
                        // The rule scores every book at once; DeepLOB would need its window first.
                        .replace("  kind: onnx ", "  kind: microprice-rule ")
                        .replace("  message_log: false", "  message_log: true")
                        .replace(from, to);
        Path file = dir.resolve("live.yaml");
        Files.writeString(file, text);
        return file;
    }

    private static ProcessBuilder tickring(Map<String, String> env, String... args) {
        // The child JVM every process test starts (short class path, this JVM's flags).
        ProcessBuilder pb = ResumeCrashTest.java("io.tickring.engine.cli.Main", args);
        pb.environment().remove("TICKRING_LIVE_ENABLED");
        pb.environment().putAll(env);
        return pb;
    }

    private static long field(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    private static void await(
            Process p, Path err, java.util.function.BooleanSupplier condition, String what)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            assertTrue(p.isAlive(), what + ": the run ended first: " + Files.readString(err));
            assertTrue(System.nanoTime() < deadline, what + ": " + Files.readString(err));
            Thread.sleep(20);
        }
    }

    @Test
    void shouldTradeThroughFixSurviveADropAndReplayExactly() throws Exception {
        try (FixTestVenue venue = new FixTestVenue(PASSWORD)) {
            venue.fillAtLimit(true);
            Path journal = dir.resolve("journal");
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            Process p =
                    tickring(
                                    Map.of(
                                            "TICKRING_LIVE_ENABLED",
                                            "true",
                                            "TICKRING_FIX_PASSWORD",
                                            PASSWORD),
                                    "run",
                                    "--config",
                                    config(venue.port, "", "").toString(),
                                    "--journal",
                                    journal.toString(),
                                    "--json")
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile())
                            .start();
            // The run lasts until stopped (the example's duration: 0), so a loaded machine that
            // starts the child slowly cannot end it before its premise: each step waits for a
            // condition, bounded by minutes, never for a fixed time.
            await(p, err, () -> venue.received().size() >= 4, "orders reached the venue");
            int beforeDrop = venue.received().size();
            venue.drop();
            await(p, err, () -> venue.logons() >= 2, "the gateway logged on again after the drop");
            await(
                    p,
                    err,
                    () -> venue.received().size() > beforeDrop + 2,
                    "orders reached the venue after the reconnect");
            // SIGTERM: the graceful stop cancels the working orders, waits for the venue's
            // answers (they must reach the journal), prints the summary and exits 0.
            p.destroy();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run ends");
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            assertEquals(0, p.exitValue(), stderr + stdout);

            String json = stdout.lines().reduce((a, b) -> b).orElseThrow();
            assertTrue(stderr.contains("logged on"), stderr);
            assertEquals(1, field(json, "fix_disconnects"), json);
            assertEquals(2, field(json, "fix_logons"), json);
            long orders = field(json, "orders");
            long fills = field(json, "fills");
            assertTrue(orders >= 2 && fills >= 2, json);
            // Every report the gateway offered entered the ring and the journal (the run drains
            // its queues before it stops), and the venue's reports all came back as events.
            long execReports = field(json, "EXEC_REPORT");
            assertEquals(field(json, "fix_reports"), execReports, json);
            assertTrue(
                    execReports >= venue.reportsSent(), execReports + " < " + venue.reportsSent());

            // The journal replays to the same outputs, byte for byte.
            StringWriter replayOut = new StringWriter();
            StringWriter replayErr = new StringWriter();
            int replay =
                    Main.execute(
                            new String[] {"replay", "--journal", journal.toString(), "--verify"},
                            new PrintWriter(replayOut, true),
                            new PrintWriter(replayErr, true));
            assertEquals(0, replay, replayOut + "\n" + replayErr);

            // The venue got the password at logon; no file of the run and no output holds it.
            assertEquals(PASSWORD, venue.logonPasswords().get(0));
            assertFalse(stdout.contains(PASSWORD));
            assertFalse(stderr.contains(PASSWORD));
            List<Path> files;
            try (Stream<Path> s = Files.walk(journal)) {
                files = s.filter(Files::isRegularFile).toList();
            }
            assertTrue(
                    files.stream().anyMatch(f -> f.toString().contains("fix")), files.toString());
            for (Path f : files) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(PASSWORD), f + " holds the password");
            }
        }
    }

    @Test
    void shouldJournalTheVenuesAnswersToTheCancelsOfAGracefulStop() throws Exception {
        try (FixTestVenue venue = new FixTestVenue(PASSWORD)) {
            // The venue holds every order unanswered, so the orders are still working at the
            // SIGTERM and the stop's cancels are answered over FIX after the STOP.
            venue.holdOrders(true);
            Path journal = dir.resolve("journal");
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            Process p =
                    tickring(
                                    Map.of(
                                            "TICKRING_LIVE_ENABLED",
                                            "true",
                                            "TICKRING_FIX_PASSWORD",
                                            PASSWORD),
                                    "run",
                                    "--config",
                                    config(venue.port, "", "").toString(),
                                    "--journal",
                                    journal.toString(),
                                    "--json")
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile())
                            .start();
            await(
                    p,
                    err,
                    () -> venue.received().stream().filter(m -> m.startsWith("D:")).count() >= 2,
                    "orders reached the venue");
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run ends");
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            assertEquals(0, p.exitValue(), stderr + stdout);
            String json = stdout.lines().reduce((a, b) -> b).orElseThrow();
            assertTrue(json.contains("\"stop\":\"graceful\""), json);
            assertTrue(
                    venue.received().stream().anyMatch(m -> m.startsWith("F:")),
                    "the stop cancelled the working orders: " + venue.received());
            // Every answer of the venue is in the journal, the stop's cancels' answers too, and
            // no order is left working.
            assertEquals(field(json, "fix_reports"), field(json, "EXEC_REPORT"), json);
            assertEquals(0, field(json, "working_orders"), json);

            StringWriter replayOut = new StringWriter();
            StringWriter replayErr = new StringWriter();
            int replay =
                    Main.execute(
                            new String[] {"replay", "--journal", journal.toString(), "--verify"},
                            new PrintWriter(replayOut, true),
                            new PrintWriter(replayErr, true));
            assertEquals(0, replay, replayOut + "\n" + replayErr);
        }
    }

    @Test
    void shouldRefuseWithoutItsGuardsInOneLine() throws Exception {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p =
                tickring(
                                Map.of(),
                                "run",
                                "--config",
                                config(
                                                9,
                                                "  instruments: [SIMA, SIMB]   #",
                                                "  instruments: []   #")
                                        .toString(),
                                "--journal",
                                dir.resolve("journal").toString())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String stderr = Files.readString(err);
        assertEquals(2, p.exitValue(), stderr);
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.contains("live trading refused (gateway.kind: fix)"), stderr);
        assertTrue(stderr.contains("TICKRING_LIVE_ENABLED=true is not set"), stderr);
        assertTrue(stderr.contains("risk.instruments is empty"), stderr);
        assertFalse(Files.exists(dir.resolve("journal").resolve("in")), "nothing journaled");
    }
}
