package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.fix.FixTestVenue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --resume} of a live (FIX) journal (issue 15 item 3): a child JVM trades through FIX
 * against {@link FixTestVenue} on loopback, is SIGKILLed with orders in flight (the venue holds
 * them unacknowledged), and {@code run --resume} reconciles them with the venue, trades on, and
 * never sends an order twice; the resumed journal replays to the same outputs.
 */
@Tag("slow")
class LiveFixResumeTest {
    private static final String PASSWORD = "pw-resume-1c9e4b2a";

    @TempDir Path dir;

    private Path config(int port, String duration) throws Exception {
        Path example = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(example.resolve("config/live.yaml.example"))) {
            example = example.getParent();
        }
        example = example.resolve("config/live.yaml.example");
        String text =
                Files.readString(example)
                        .replace(
                                "instruments: instruments.yaml",
                                "instruments: " + example.resolveSibling("instruments.yaml"))
                        .replace("    port: 9880 ", "    port: " + port + " ")
                        .replace("  kind: onnx ", "  kind: microprice-rule ")
                        .replace("  duration: 0 ", "  duration: " + duration + " ")
                        .replace("  ack_timeout: 5s ", "  ack_timeout: 500ms ");
        Path file = dir.resolve("live-" + duration + ".yaml");
        Files.writeString(file, text);
        return file;
    }

    private static ProcessBuilder tickring(String... args) {
        // The child JVM every process test starts (short class path, this JVM's flags).
        ProcessBuilder pb = ResumeCrashTest.java("io.tickring.engine.cli.Main", args);
        pb.environment()
                .putAll(Map.of("TICKRING_LIVE_ENABLED", "true", "TICKRING_FIX_PASSWORD", PASSWORD));
        return pb;
    }

    private static long field(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    private static List<String> orders(FixTestVenue venue) {
        return venue.received().stream().filter(s -> s.startsWith("D:")).toList();
    }

    @Test
    void shouldResumeAKilledLiveRunReconcileItsOrdersInFlightAndSendNoneTwice() throws Exception {
        try (FixTestVenue venue = new FixTestVenue(PASSWORD)) {
            venue.fillAtLimit(true);
            Path journal = dir.resolve("journal");
            // Until stopped: the resumed run needs the configuration the journal was written with.
            Path config = config(venue.port, "0");
            Process p =
                    tickring("run", "--config", config.toString(), "--journal", journal.toString())
                            .redirectOutput(dir.resolve("run1.out").toFile())
                            .redirectError(dir.resolve("run1.err").toFile())
                            .start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (orders(venue).size() < 4 && System.nanoTime() < deadline && p.isAlive()) {
                    Thread.sleep(20);
                }
                assertTrue(
                        orders(venue).size() >= 4,
                        "orders reached the venue: " + Files.readString(dir.resolve("run1.err")));
                // From here the venue takes orders without a word: they are in flight at the kill.
                venue.holdOrders(true);
                while (venue.held() < 1 && System.nanoTime() < deadline && p.isAlive()) {
                    Thread.sleep(20);
                }
                assertTrue(venue.held() >= 1, "an order in flight");
            } finally {
                p.destroyForcibly(); // SIGKILL
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            }
            int held = venue.held();
            int sentBefore = orders(venue).size();
            venue.holdOrders(false);

            Path out = dir.resolve("run2.out");
            Path err = dir.resolve("run2.err");
            Process r =
                    tickring(
                                    "run",
                                    "--resume",
                                    "--config",
                                    config.toString(),
                                    "--journal",
                                    journal.toString(),
                                    "--json")
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile())
                            .start();
            try {
                // It reconciles, then trades on: wait for two new orders, then stop it (SIGTERM).
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
                while (orders(venue).size() < sentBefore + 2
                        && System.nanoTime() < deadline
                        && r.isAlive()) {
                    Thread.sleep(20);
                }
            } finally {
                r.destroy();
            }
            assertTrue(r.waitFor(180, TimeUnit.SECONDS), "the resumed run ends");
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            assertEquals(0, r.exitValue(), stderr + stdout);
            String json = stdout.lines().reduce((a, b) -> b).orElseThrow();
            assertTrue(json.contains("\"resumed\":true"), json);
            assertEquals(0, field(json, "fix_unexplained"), stderr);
            assertTrue(field(json, "fix_reconciliations") >= 1, json);
            // The held orders were acknowledged by the status answers (lost acks), then cancelled.
            assertTrue(field(json, "fix_differences") >= held, json + " held " + held);

            // The venue saw every ClOrdID once: none of the dead run's orders was sent again.
            List<String> all = orders(venue);
            Set<String> distinct = new HashSet<>(all);
            assertEquals(all.size(), distinct.size(), "a duplicate order: " + all);
            assertTrue(all.size() > sentBefore, "the resumed run traded on: " + all);

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
    void shouldRefuseToTradeWhenTheVenueWorksAnOrderTheJournalCannotExplain() throws Exception {
        try (FixTestVenue venue = new FixTestVenue(PASSWORD)) {
            venue.fillAtLimit(true);
            venue.restForeign("manual-42", "SIMA", "99.00", "5");
            Path journal = dir.resolve("journal");
            Path out = dir.resolve("refused.out");
            Path err = dir.resolve("refused.err");
            Process p =
                    tickring(
                                    "run",
                                    "--config",
                                    config(venue.port, "6s").toString(),
                                    "--journal",
                                    journal.toString(),
                                    "--json")
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile())
                            .start();
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the run ends");
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            assertEquals(0, p.exitValue(), stderr + stdout);
            String json = stdout.lines().reduce((a, b) -> b).orElseThrow();
            assertEquals(1, field(json, "fix_unexplained"), json);
            assertTrue(stderr.contains("trading stayed halted"), stderr);
            assertTrue(stderr.contains("manual-42"), stderr);
            // Halted from the start: the strategy's entries met the halted gate, nothing was sent.
            assertEquals(0, field(json, "orders"), json);
            assertTrue(orders(venue).isEmpty(), venue.received().toString());

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
}
