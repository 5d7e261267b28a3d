package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event log of a real {@code run} process with every secret set: halt and kill typed on stdin
 * become {@code halt} and {@code kill} lines naming the journal's CONTROL records, SIGTERM ends the
 * log with {@code stop reason=signal}, and no secret appears in any log file or on the console.
 */
@Tag("slow")
class EventLogProcessTest {
    /** A bound for each step of a run that normally takes a second; it only ends a hung test. */
    private static final long STEP_MS = 60_000;

    @TempDir Path tmp;

    @Test
    void shouldLogOperatorControlsAndTheSignalStopWithoutASecret() throws Exception {
        Path logs = tmp.resolve("logs");
        Path cfg = EventLogRunTest.config(tmp, logs);
        Files.writeString(
                cfg,
                Files.readString(cfg)
                        .replace("mode: sim", "mode: live")
                        .replace("duration: 5s", "duration: 1h")
                        .replace("drive: inline", "drive: threads"));
        Path j = tmp.resolve("j");
        String token = "admin-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        String key = "apikey-" + Long.toHexString(System.nanoTime());
        String secret = "apisecret-" + Long.toHexString(System.nanoTime() * 31);
        ProcessBuilder pb =
                ResumeCrashTest.java(
                        Main.class.getName(),
                        "run",
                        "--config",
                        cfg.toString(),
                        "--journal",
                        j.toString());
        pb.environment().put("TICKRING_ADMIN_TOKEN", token);
        pb.environment().put("TICKRING_API_KEY", key);
        pb.environment().put("TICKRING_API_SECRET", secret);
        pb.redirectOutput(tmp.resolve("stdout.txt").toFile());
        pb.redirectError(tmp.resolve("stderr.txt").toFile());
        Process p = pb.start();
        Path log = logs.resolve("tickring.log");
        try (OutputStream stdin = p.getOutputStream()) {
            awaitLine(p, log, " fill ");
            stdin.write("halt\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            awaitLine(p, log, " halt seq=");
            stdin.write("kill\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            awaitLine(p, log, " kill seq=");
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(STEP_MS, TimeUnit.MILLISECONDS), "the run ended after SIGTERM");
        } finally {
            p.destroyForcibly();
        }

        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String text = String.join("\n", lines);
        assertTrue(text.contains(" signal_received"), text);
        String stop = lines.get(lines.size() - 1);
        assertTrue(stop.contains(" stop reason=signal "), stop);

        // The CONTROL lines name the journal's records.
        List<String> controls = new ArrayList<>();
        try (RecordReader in = new RecordReader(JournalPaths.in(j))) {
            RingEvent e = new RingEvent();
            while (in.next()) {
                InputCodec.decode(in.buffer(), 0, in.length(), e, in.where());
                // The paper venue's LATCHED record (where it acted on the kill) is no command.
                if (e.type == EventType.CONTROL && e.controlCode != ControlCode.LATCHED) {
                    controls.add(
                            ControlCode.name(e.controlCode).toLowerCase() + " seq=" + e.sequence);
                }
            }
        }
        // The SIGTERM's graceful stop is journaled last, as a STOP.
        assertEquals(
                List.of("halt", "kill", "stop"),
                controls.stream().map(c -> c.split(" ")[0]).toList());
        for (String c : controls) {
            if (c.startsWith("stop ")) {
                // A STOP's line is named stop_requested (the run's own stop line is 'stop') and
                // carries its cancel flag before the sequence.
                assertTrue(
                        text.lines()
                                .anyMatch(
                                        l ->
                                                l.contains("] stop_requested ")
                                                        && l.endsWith(c.substring(5))),
                        c + " in the log");
                continue;
            }
            assertTrue(text.contains("] " + c), c + " in the log");
        }

        // No secret in any file of the log directory, nor on the console.
        List<Path> files;
        try (Stream<Path> s = Files.list(logs)) {
            files = s.toList();
        }
        files = new ArrayList<>(files);
        files.add(tmp.resolve("stdout.txt"));
        files.add(tmp.resolve("stderr.txt"));
        for (Path f : files) {
            String content = Files.readString(f, StandardCharsets.UTF_8);
            for (String s : List.of(token, key, secret)) {
                assertFalse(content.contains(s), f + " holds a secret");
            }
        }
    }

    /** Waits until {@code log} holds a line containing {@code fragment}. */
    private static void awaitLine(Process p, Path log, String fragment)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + STEP_MS;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(fragment)) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError(
                        "the run exited "
                                + p.exitValue()
                                + " before '"
                                + fragment
                                + "' was logged");
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + fragment + "' in " + log + " within " + STEP_MS + " ms");
    }
}
