package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.cli.CliTest.Run;
import io.tickring.journal.JournalWriteException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONTROL events in the event-time simulator ({@code run --mode sim}): the free-space watermark's
 * HALT and an operator's command on stdin enter the ring, are journaled in {@code in/}, and a
 * replay reproduces the run; a journal holding one resumes across it.
 */
@Tag("slow")
class SimControlCliTest {
    /** The largest watermark the configuration takes (1 TiB): no disk here has that much free. */
    private static final long HUGE_MB = 1_048_576;

    @TempDir Path tmp;

    @Test
    void shouldHaltASimRunByAJournaledControlWhenTheWatermarkTrips() throws IOException {
        Path j = tmp.resolve("j");
        Assumptions.assumeTrue(
                JournalWriteException.usableSpace(tmp) < HUGE_MB << 20,
                "the disk has more than 1 TiB free: the watermark cannot trip");
        Path cfg = withJournal(ResumeFixtures.simConfig(tmp, 20, 3), "  min_free_mb: " + HUGE_MB);
        Run r = tickring("run", "--config", cfg.toString(), "--journal", j.toString());
        assertEquals(2, r.code(), r.err());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("journal: free space at " + j + " fell below"), line);

        List<String> controls = controls(j);
        assertEquals(1, controls.size(), "one HALT journaled: " + controls);
        assertTrue(controls.get(0).contains("\"code\":\"HALT\""), controls.get(0));
        assertOrdersOnlyBefore(j, sequenceOf(controls.get(0)));
        assertEquals(0, tickring("journal", "verify", j.toString()).code());
        assertReplayMatches(j);
    }

    @Test
    void shouldJournalAnOperatorCommandTypedOnStdinInSimMode() throws IOException {
        Path j = tmp.resolve("op");
        Path cfg = ResumeFixtures.simConfig(tmp, 30, 3);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                Main.execute(
                        new String[] {"run", "--config", cfg.toString(), "--journal", j.toString()},
                        new ByteArrayInputStream("halt\n".getBytes(StandardCharsets.UTF_8)),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("operator: HALT sent"), out.toString());
        List<String> controls = controls(j);
        assertEquals(1, controls.size(), "one HALT journaled: " + controls);
        assertTrue(controls.get(0).contains("\"code\":\"HALT\""), controls.get(0));
        assertOrdersOnlyBefore(j, sequenceOf(controls.get(0)));
        assertReplayMatches(j);

        // A crash after the HALT: the resume passes the journaled CONTROL through (it is not the
        // simulator's) and ends as the whole run did.
        long in = Long.parseLong(field(stats(j), "in_records"));
        Path cut = tmp.resolve("cut");
        ResumeFixtures.copyPrefix(j, cut, in - 100, in - 150);
        Run resumed = tickring("run", "--resume", "--journal", cut.toString(), "--json");
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(1, ResumeFixtures.assertSameRun(j, cut));
        assertReplayMatches(cut);
    }

    /** The {@code journal dump} lines of {@code j}'s CONTROL records. */
    private static List<String> controls(Path j) {
        Run dump = tickring("journal", "dump", j.toString());
        assertEquals(0, dump.code(), dump.err());
        return dump.out().lines().filter(l -> l.contains("\"type\":\"CONTROL\"")).toList();
    }

    private static long sequenceOf(String dumpLine) {
        return Long.parseLong(field(dumpLine, "seq"));
    }

    /** No ORDER record in {@code j}'s out/ was caused by an input at or after {@code halt}. */
    private static void assertOrdersOnlyBefore(Path j, long halt) {
        Run dump = tickring("journal", "dump", j.toString());
        dump.out()
                .lines()
                .filter(l -> l.contains("\"q\":\"out\"") && l.contains("\"type\":\"ORDER\""))
                .forEach(
                        l ->
                                assertTrue(
                                        Long.parseLong(field(l, "seq")) < halt,
                                        "an order after the HALT: " + l));
    }

    private static String stats(Path j) {
        Run r = tickring("journal", "stats", j.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        return r.lastLine();
    }

    private static void assertReplayMatches(Path j) {
        Run replay = tickring("replay", "--journal", j.toString(), "--verify", "--json");
        assertEquals(0, replay.code(), replay.err());
        assertEquals("true", field(replay.lastLine(), "match"));
    }

    /** {@code cfg} with a {@code journal:} section holding {@code line}. */
    private static Path withJournal(Path cfg, String line) throws IOException {
        Files.writeString(
                cfg, Files.readString(cfg) + "journal:\n" + line + "\n", StandardCharsets.UTF_8);
        return cfg;
    }
}
