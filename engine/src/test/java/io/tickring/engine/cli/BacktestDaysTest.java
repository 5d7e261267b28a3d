package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.codec.JournalFormatException;
import io.tickring.core.codec.OutputCodec;
import io.tickring.core.codec.OutputRecord;
import io.tickring.journal.JournalInspector;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backtest --journal A --journal B}: several simulated days as one continuous run, the
 * refusals, and Ctrl-C (a real SIGINT to a child JVM) writing a partial report.
 */
@Tag("slow")
class BacktestDaysTest {
    @TempDir static Path days;

    @TempDir Path tmp;

    static Path dayA;
    static Path dayB;
    static Path configA;

    /**
     * A sim-mode configuration (the microprice rule, the event-time merge) whose simulated market
     * starts at {@code start}: one "day" of 20 s. The seed differs per day, so the days differ.
     */
    static Path dayConfig(Path dir, String name, String start, long seed, boolean slow)
            throws IOException {
        Path cfg = dir.resolve(name + ".yaml");
        List<String> lines =
                new ArrayList<>(
                        List.of(
                                "run:",
                                "  mode: sim",
                                "  seed: " + seed,
                                "  duration: 20s",
                                "  status_interval: 0",
                                "  drive: " + (slow ? "threads" : "inline"),
                                "instruments: " + CliTest.instrumentsPath(),
                                "timer:",
                                "  period: 1s",
                                "source:",
                                "  sim:",
                                "    start_time: " + start,
                                "model:",
                                "  kind: microprice-rule",
                                "paper:",
                                "  latency: 100us",
                                "  jitter: 50us"));
        if (slow) {
            // Sleeping threads and a round trip per event through the merge: about a thousand
            // records a second, the same output (the layout never changes it), time for a signal.
            lines.addAll(
                    List.of(
                            "threads:",
                            "  - name: journal",
                            "    stages: [journal]",
                            "    idle: sleeping",
                            "    cpu: -1",
                            "  - name: decision",
                            "    stages: [features, model, strategy, risk, router]",
                            "    idle: sleeping",
                            "    cpu: -1"));
        }
        Files.writeString(cfg, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return cfg;
    }

    @BeforeAll
    static void makeTwoDays() throws IOException {
        configA = dayConfig(days, "a", "2026-01-05T14:30:00Z", 7, false);
        Path configB = dayConfig(days, "b", "2026-01-06T14:30:00Z", 8, false);
        dayA = days.resolve("day-a");
        dayB = days.resolve("day-b");
        for (Path[] p : new Path[][] {{configA, dayA}, {configB, dayB}}) {
            CliTest.Run r =
                    tickring(
                            "demo",
                            "--config",
                            p[0].toString(),
                            "--journal",
                            p[1].toString(),
                            "--json");
            assertEquals(0, r.code(), r.err());
        }
    }

    /** The out/ records of a journal, as their bytes. */
    static List<byte[]> outRecords(Path journal) {
        List<byte[]> records = new ArrayList<>();
        try (RecordReader r = new RecordReader(JournalPaths.out(journal))) {
            while (r.next()) {
                records.add(Arrays.copyOf(r.bytes(), r.length()));
            }
        }
        return records;
    }

    static CliTest.Run backtest(String... args) {
        List<String> all = new ArrayList<>(List.of("backtest"));
        all.addAll(List.of(args));
        all.add("--json");
        return tickring(all.toArray(new String[0]));
    }

    @Test
    void shouldRunTwoDaysInTimeOrderAsOneRunWhoseFirstDayIsTheFirstDayAlone() throws IOException {
        Path ab = tmp.resolve("ab");
        Path ab2 = tmp.resolve("ab2");
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        // B given first: the run orders them by their first event time
        CliTest.Run both =
                backtest(
                        "--journal",
                        dayB.toString(),
                        "--journal",
                        dayA.toString(),
                        "--config",
                        configA.toString(),
                        "--out",
                        ab.toString());
        assertEquals(0, both.code(), both.err());
        assertEquals(1, both.out().strip().split("\n").length, "stdout is the JSON line only");
        assertTrue(
                both.lastLine().contains("\"source\":[\"" + dayA + "\",\"" + dayB + "\"]"),
                both.lastLine());
        assertEquals("false", field(both.lastLine(), "partial"));
        assertTrue(Long.parseLong(field(both.lastLine(), "peak_rss_mb")) > 0, both.lastLine());
        if (System.getenv("TICKRING_PROGRESS") == null) {
            assertFalse(both.err().contains("\r"), "no progress line when stderr is no terminal");
        }
        // the other spelling, and a second run: the same digest
        CliTest.Run again =
                backtest(
                        "--journal",
                        dayA.toString(),
                        dayB.toString(),
                        "--config",
                        configA.toString(),
                        "--out",
                        ab2.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(field(both.lastLine(), "digest"), field(again.lastLine(), "digest"));
        // one journal for both days, and its replay matches
        CliTest.Run replay = tickring("replay", "--journal", ab.toString(), "--verify", "--json");
        assertEquals(0, replay.code(), replay.err());
        assertEquals("true", field(replay.lastLine(), "match"));

        CliTest.Run alone =
                backtest(
                        "--journal",
                        dayA.toString(),
                        "--config",
                        configA.toString(),
                        "--out",
                        a.toString());
        assertEquals(0, alone.code(), alone.err());
        CliTest.Run aloneB =
                backtest(
                        "--journal",
                        dayB.toString(),
                        "--config",
                        configA.toString(),
                        "--out",
                        b.toString());
        assertEquals(0, aloneB.code(), aloneB.err());
        // every market record of both days, once (timers and reports are the run's own)
        for (String type : List.of("BOOK", "TRADE")) {
            assertEquals(
                    Long.parseLong(field(alone.lastLine(), type))
                            + Long.parseLong(field(aloneB.lastLine(), type)),
                    Long.parseLong(field(both.lastLine(), type)),
                    type);
        }

        // Day A's output records are the first day's records of the two-day run, byte for byte.
        List<byte[]> outA = outRecords(a);
        List<byte[]> outAb = outRecords(ab);
        assertTrue(outA.size() > 30, "day A trades: " + outA.size() + " records");
        assertTrue(outAb.size() > outA.size(), "day B adds records");
        for (int i = 0; i < outA.size(); i++) {
            assertArrayEquals(outA.get(i), outAb.get(i), "output record #" + i);
        }
        // Day B carries on from day A's state: its first order id follows day A's last one,
        // where day B alone starts again at 1.
        long ordersA = Long.parseLong(field(alone.lastLine(), "orders"));
        assertEquals(ordersA + 1, firstOrderId(outAb.subList(outA.size(), outAb.size())));
        assertEquals(1, firstOrderId(outRecords(b)));
    }

    private static long firstOrderId(List<byte[]> records) {
        OutputRecord o = new OutputRecord();
        for (byte[] r : records) {
            OutputCodec.decode(new org.agrona.concurrent.UnsafeBuffer(r), 0, r.length, o, "out");
            if (o.type == EventType.ORDER) {
                return o.orderId;
            }
        }
        throw new AssertionError("no ORDER");
    }

    @Test
    void shouldRefuseTheSameJournalTwiceAndOverlappingJournals() throws IOException {
        CliTest.Run twice = backtest("--journal", dayA.toString(), "--journal", dayA.toString());
        CliTest.assertOneLineBadInput(twice, "the same journal twice");
        assertTrue(twice.err().contains(dayA + " and " + dayA), twice.err());
        assertEquals("2", field(twice.lastLine(), "exit"));

        Path copy = tmp.resolve("copy-of-a");
        CliTest.copyTree(dayA, copy);
        Files.deleteIfExists(copy.resolve("writer.lock"));
        CliTest.Run overlap =
                backtest(
                        "--journal",
                        dayB.toString(),
                        "--journal",
                        dayA.toString(),
                        copy.toString());
        CliTest.assertOneLineBadInput(overlap, "overlap");
        assertTrue(
                overlap.err().contains(dayA.toString()) && overlap.err().contains(copy.toString()),
                "names both: " + overlap.err());
        assertFalse(overlap.err().contains(dayB.toString()), overlap.err());
    }

    @Test
    void shouldSayWhichConfigurationItUsesForSeveralJournals() {
        // the days recorded different configurations (their start times differ)
        CliTest.Run r = backtest("--journal", dayA.toString(), "--journal", dayB.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(
                "embedded default (the journals recorded different configurations)",
                field(r.lastLine(), "config"));
        CliTest.Run one = backtest("--journal", dayA.toString());
        assertEquals(0, one.code(), one.err());
        assertEquals(dayA + " (recorded)", field(one.lastLine(), "config"));
    }

    /** True if this JVM ignores SIGINT (started in the background of a non-interactive shell). */
    static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).trim(), 16) & 0x2) != 0;
            }
        }
        return false;
    }

    @Test
    void shouldWriteAPartialReportOnSigint() throws Exception {
        Path slow = dayConfig(tmp, "slow", "2026-01-05T14:30:00Z", 7, true);
        Path report = tmp.resolve("report");
        List<String> cmd = new ArrayList<>();
        if (sigintIgnored()) {
            // A child inherits an ignored SIGINT, and a JVM that starts with it ignored never
            // handles it; perl (essential on Debian) restores the default before the JVM starts.
            cmd.addAll(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!"));
        }
        cmd.addAll(
                ResumeCrashTest.java(
                                "io.tickring.engine.cli.Main",
                                "backtest",
                                "--journal",
                                dayA.toString(),
                                "--journal",
                                dayB.toString(),
                                "--config",
                                slow.toString(),
                                "--report",
                                report.toString(),
                                "--json")
                        .command());
        File out = tmp.resolve("child.out").toFile();
        File err = tmp.resolve("child.err").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err);
        pb.environment().put("TICKRING_PROGRESS", "1");
        Process p = pb.start();
        try {
            // the progress line shows the run has read records; then Ctrl-C
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.readString(err.toPath()).contains(" records/s")) {
                assertTrue(p.isAlive(), "child ended early: " + Files.readString(err.toPath()));
                assertTrue(System.nanoTime() < deadline, "no progress line");
                Thread.sleep(20);
            }
            Process kill =
                    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertTrue(p.waitFor(3, TimeUnit.MINUTES), "child did not stop");
        } finally {
            p.destroyForcibly();
        }
        String stdout = Files.readString(out.toPath());
        String stderr = Files.readString(err.toPath());
        assertEquals(130, p.exitValue(), stderr);
        assertFalse(stderr.contains("Exception") || stderr.contains("\tat "), stderr);
        assertTrue(stderr.contains("\r"), "the progress line was drawn");
        assertTrue(stderr.contains("backtest: interrupted (SIGINT or SIGTERM) after "), stderr);
        String[] lines = stdout.strip().split("\n");
        assertEquals(1, lines.length, "stdout is the one JSON line: " + stdout);
        String json = lines[0];
        assertEquals("true", field(json, "partial"));
        assertEquals("130", field(json, "exit"));
        long read = Long.parseLong(field(json, "input_records_read"));
        long total = Long.parseLong(field(json, "input_records_total"));
        assertTrue(read > 0 && read < total, read + " of " + total);

        assertEquals(json, Files.readString(report.resolve("summary.json")).strip());
        String reportJson = Files.readString(report.resolve("report.json"));
        assertTrue(reportJson.startsWith("{\"report_version\":1,\"partial\":true,"), reportJson);
        assertEquals(field(json, "events"), field(reportJson, "events_processed"));
        assertTrue(Files.readString(report.resolve("report.html")).contains("PARTIAL"));

        // The backtest's journal is marked as a partial one: readers refuse it unless asked.
        Path journal = report.resolve("journal");
        JournalFormatException refused =
                assertThrows(JournalFormatException.class, () -> JournalInspector.verify(journal));
        assertTrue(refused.getMessage().contains("interrupted"), refused.getMessage());
        JournalInspector.Stats s = JournalInspector.verify(journal, true);
        assertEquals(Long.parseLong(field(json, "events")), s.inRecords);
        CliTest.Run replay =
                tickring(
                        "replay",
                        "--journal",
                        journal.toString(),
                        "--partial",
                        "--verify",
                        "--json");
        assertEquals(0, replay.code(), replay.err());
        assertEquals("true", field(replay.lastLine(), "match"));
        assertNotEquals(0, s.outRecords);
    }
}
