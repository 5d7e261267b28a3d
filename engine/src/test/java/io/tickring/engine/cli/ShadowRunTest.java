package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickring.adapters.fix.FixTestVenue;
import io.tickring.core.EventType;
import io.tickring.core.codec.OutputCodec;
import io.tickring.core.codec.OutputRecord;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow mode end to end: {@code tickring run --config live.yaml.example} with {@code
 * gateway.shadow: true} in a child JVM against {@link FixTestVenue} on loopback journals the live
 * reports (EXEC_REPORT inputs) and the paper venue's (SHADOW_EXEC outputs) for the same orders,
 * {@code replay --verify} writes the same records again, and {@code report shadow} compares them.
 */
@Tag("slow")
class ShadowRunTest {
    private static final String PASSWORD = "pw-shadow-0c4f1e9a";

    @TempDir Path dir;

    private Path config(int port) throws Exception {
        Path example = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(example.resolve("config/live.yaml.example"))) {
            example = example.getParent();
        }
        example = example.resolve("config/live.yaml.example");
        String original = Files.readString(example);
        String text =
                original.replace("    port: 9880 ", "    port: " + port + " ")
                        .replace(
                                "instruments: instruments.yaml",
                                "instruments: " + example.resolveSibling("instruments.yaml"))
                        .replace("  kind: onnx ", "  kind: microprice-rule ")
                        .replace("  duration: 0 ", "  duration: 6s ")
                        .replace("  shadow: false ", "  shadow: true ");
        assertTrue(text.contains("  shadow: true "), "the example has gateway.shadow");
        Path file = dir.resolve("live.yaml");
        Files.writeString(file, text);
        return file;
    }

    private static ProcessBuilder tickring(String... args) {
        // The child JVM every process test starts (short class path, this JVM's flags).
        ProcessBuilder pb = ResumeCrashTest.java("io.tickring.engine.cli.Main", args);
        pb.environment().put("TICKRING_LIVE_ENABLED", "true");
        pb.environment().put("TICKRING_FIX_PASSWORD", PASSWORD);
        return pb;
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void shouldJournalBothOutcomesReplayThemAndCompare() throws Exception {
        try (FixTestVenue venue = new FixTestVenue(PASSWORD)) {
            venue.fillAtLimit(true);
            Path journal = dir.resolve("journal");
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            Process p =
                    tickring(
                                    "run",
                                    "--config",
                                    config(venue.port).toString(),
                                    "--journal",
                                    journal.toString(),
                                    "--json")
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile())
                            .start();
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the run ends");
            assertEquals(0, p.exitValue(), Files.readString(err) + Files.readString(out));

            // Live reports are inputs, the paper venue's are outputs, for the same orders.
            Set<Long> orders = new HashSet<>();
            Set<Long> shadowed = new HashSet<>();
            try (RecordReader r = new RecordReader(JournalPaths.out(journal))) {
                OutputRecord o = new OutputRecord();
                while (r.next()) {
                    OutputCodec.decode(r.buffer(), 0, r.length(), o, r.where());
                    if (o.type == EventType.ORDER) {
                        orders.add(o.orderId);
                    } else if (o.type == EventType.SHADOW_EXEC) {
                        assertTrue(orders.contains(o.orderId), "a paper report on a live order");
                        shadowed.add(o.orderId);
                    }
                }
            }
            assertTrue(orders.size() >= 2, "orders: " + orders);
            assertTrue(!shadowed.isEmpty(), "the paper venue reported on " + shadowed);
            assertTrue(venue.received().size() >= 2, "orders reached the live venue");

            // The journal replays to the same outputs, SHADOW_EXEC records included.
            String[] replay = run("replay", "--journal", journal.toString(), "--verify");
            assertEquals("0", replay[0], replay[1] + replay[2]);

            String[] report = run("report", "shadow", "--journal", journal.toString(), "--json");
            assertEquals("0", report[0], report[1] + report[2]);
            String last = report[1].lines().reduce((a, b) -> b).orElseThrow();
            JsonNode j = new ObjectMapper().readTree(last);
            assertEquals(orders.size(), j.get("orders_released").asInt(), last);
            assertTrue(j.get("shadow_records").asLong() > 0, last);
            assertTrue(j.get("calibration").get("best").isTextual(), last);
            assertTrue(report[2].contains("best matching paper setting:"), report[2]);
            System.out.println(report[2]); // the text report, kept in the surefire output
            // The test venue fills every order at its limit: the live side filled something.
            long liveFilled = 0;
            for (JsonNode o : j.get("orders")) {
                liveFilled += Long.parseLong(o.get("live").get("filled").asText());
            }
            assertTrue(liveFilled > 0, last);
        }
    }

    @Test
    void shouldRefuseAJournalThatWasNotShadowed() throws Exception {
        String[] r =
                run(
                        "report",
                        "shadow",
                        "--journal",
                        Files.createDirectories(dir.resolve("none")).toString());
        assertEquals("2", r[0], r[1] + r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
    }
}
