package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.OutputCodec;
import io.tickring.core.codec.OutputRecord;
import io.tickring.core.codec.RecordHeader;
import io.tickring.engine.cli.CliTest.Run;
import io.tickring.journal.JournalLock;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import io.tickring.journal.RestartLog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --resume} in process, on journals cut as a crash leaves them: a prefix of a whole
 * run's {@code in/}, with {@code out/} lagging behind it. The resumed run must end as the whole run
 * did, and a journal that cannot be resumed is refused with one line. The SIGKILL test with real
 * processes is {@link ResumeCrashTest}.
 */
class RunResumeTest {
    /** The whole run every test cuts: made once, since each test only reads it. */
    @TempDir static Path shared;

    private static Path cfg;
    private static Path whole;
    private static Run wholeRun;

    @TempDir Path tmp;

    @BeforeAll
    static void runWhole() throws Exception {
        cfg = ResumeFixtures.simConfig(shared, 5, 5);
        whole = shared.resolve("whole");
        wholeRun =
                tickring(
                        "run", "--config", cfg.toString(), "--journal", whole.toString(), "--json");
        assertEquals(0, wholeRun.code(), wholeRun.err());
    }

    @Test
    void shouldEndAsTheWholeRunWhenAnOrderWasInFlightAtTheCrash() throws Exception {
        // Cut just after an event that caused an order: its ack (cause time + latency) is not in
        // in/ yet, and out/ stops a few causes earlier, so the ORDER record itself is regenerated.
        OutputRecord order = order(whole, 3);
        long cause = order.sequence;
        Path cut = tmp.resolve("cut");
        ResumeFixtures.copyPrefix(whole, cut, cause + 1, cause - 2);
        assertEquals(0, reportsFor(cut, order.orderId), "the order must be in flight at the cut");
        assertTrue(reportsFor(whole, order.orderId) > 0);

        Run r = resume(cut);
        assertEquals(0, r.code(), r.err());
        assertSameFigures(r);
        assertEquals(String.valueOf(cause + 1), field(r.lastLine(), "recovered_in_records"));
        assertEquals(1, ResumeFixtures.assertSameRun(whole, cut));

        Run replay = tickring("replay", "--journal", cut.toString(), "--verify", "--json");
        assertEquals(0, replay.code(), replay.err());
        assertEquals("true", field(replay.lastLine(), "match"));
        assertEquals(field(r.lastLine(), "digest"), field(replay.lastLine(), "digest"));

        // A backtest reads it as it reads the uninterrupted run's journal (the same records).
        Run backtest = tickring("backtest", "--journal", cut.toString(), "--json");
        assertEquals(0, backtest.code(), backtest.err());
        for (String f : new String[] {"position", "pnl", "fees", "cash", "fills"}) {
            assertEquals(field(wholeRun.lastLine(), f), field(backtest.lastLine(), f), f);
        }
    }

    @Test
    void shouldResumeAJournalResumedBeforeAndCutAgain() throws Exception {
        Path first = tmp.resolve("first");
        ResumeFixtures.copyPrefix(whole, first, 5_000, 4_990);
        assertEquals(0, resume(first).code());
        // The resumed journal, cut again further on: two restart markers in the end.
        Path second = tmp.resolve("second");
        ResumeFixtures.copyPrefix(first, second, 12_000, 11_500);
        Run r = resume(second);
        assertEquals(0, r.code(), r.err());
        assertSameFigures(r);
        assertEquals(2, ResumeFixtures.assertSameRun(whole, second));
        Run replay = tickring("replay", "--journal", second.toString(), "--verify", "--json");
        assertEquals("true", field(replay.lastLine(), "match"), replay.err());

        // journal stats and verify name the restarts, as text and as JSON.
        java.util.List<Long> at = RestartLog.read(second);
        assertEquals(2, at.size());
        String seqs = at.get(0) + "," + at.get(1);
        for (String command : new String[] {"stats", "verify"}) {
            Run json = tickring("journal", command, second.toString(), "--json");
            assertEquals(0, json.code(), json.err());
            assertEquals("2", field(json.lastLine(), "restarts"));
            assertTrue(json.lastLine().contains("\"restarted_at\":[" + seqs + "]"), json.out());
            Run text = tickring("journal", command, second.toString());
            assertTrue(
                    text.out()
                            .contains(
                                    "restarts 2 (run --resume continued at sequences "
                                            + at.get(0)
                                            + ", "
                                            + at.get(1)
                                            + ")"),
                    text.out());
        }
        Run never = tickring("journal", "stats", whole.toString(), "--json");
        assertEquals("0", field(never.lastLine(), "restarts"));
        assertTrue(never.lastLine().contains("\"restarted_at\":[]"), never.out());

        // A marker past the end of in/ is refused by verify with one line naming the file.
        Path bad = tmp.resolve("bad-marker");
        CliTest.copyTree(second, bad);
        Files.deleteIfExists(bad.resolve("writer.lock"));
        Files.writeString(
                bad.resolve(RestartLog.FILE),
                "{\"resumed_at\":99999999}\n",
                java.nio.file.StandardOpenOption.APPEND);
        CliTest.assertOneLineBadInput(
                tickring("journal", "verify", bad.toString()),
                bad.resolve(RestartLog.FILE) + " restart #3: resumed at sequence 99999999, past");
        CliTest.assertOneLineBadInput(
                tickring("journal", "verify", bad.toString(), "--json"),
                bad.resolve(RestartLog.FILE) + " restart #3");
    }

    @Test
    void shouldResumeWithTheConfigurationTheJournalRecorded() throws Exception {
        Path cut = tmp.resolve("cut");
        ResumeFixtures.copyPrefix(whole, cut, 7_000, 7_000);
        Run r = tickring("run", "--resume", "--journal", cut.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertSameFigures(r);
    }

    @Test
    void shouldRefuseAJournalThatFinished() {
        CliTest.assertOneLineBadInput(resumeQuietly(whole), "finished cleanly");
    }

    @Test
    void shouldRefuseAnotherConfiguration() throws Exception {
        Path cut = tmp.resolve("cut");
        ResumeFixtures.copyPrefix(whole, cut, 3_000, 3_000);
        Run r =
                tickring(
                        "run",
                        "--config",
                        cfg.toString(),
                        "--seed",
                        "6",
                        "--journal",
                        cut.toString(),
                        "--resume");
        CliTest.assertOneLineBadInput(r, "configuration digest");
    }

    @Test
    void shouldRefuseOutputsTheJournalCannotHaveCaused() throws Exception {
        Path cut = tmp.resolve("cut");
        ResumeFixtures.copyPrefix(whole, cut, 6_000, 6_000, EventType.DECISION);
        CliTest.assertOneLineBadInput(
                resumeQuietly(cut), "differs from the output the recovered run");
    }

    @Test
    void shouldRefuseInputsTheSourceDidNotMake() throws Exception {
        Path cut = tmp.resolve("cut");
        ResumeFixtures.copyPrefix(whole, cut, 6_000, 6_000, EventType.BOOK);
        CliTest.assertOneLineBadInput(resumeQuietly(cut), "differs from the market source");
    }

    @Test
    void shouldNeedAConfigurationWhenNothingWasRecorded() throws Exception {
        Path cut = tmp.resolve("cut");
        ResumeFixtures.copyPrefix(whole, cut, 0, 0);
        CliTest.assertOneLineBadInput(
                tickring("run", "--resume", "--journal", cut.toString()), "holds no record yet");
        Run r = resume(cut);
        assertEquals(0, r.code(), r.err());
        assertSameFigures(r);
    }

    @Test
    void shouldRefuseToResumeWhileTheWriterIsAliveNamingItsPid() throws Exception {
        Path cut = tmp.resolve("cut");
        ResumeFixtures.copyPrefix(whole, cut, 4_000, 4_000);
        long inBefore = records(JournalPaths.in(cut));
        Process writer = ResumeCrashTest.java(LockHolder.class.getName(), cut.toString()).start();
        try {
            BufferedReader r =
                    new BufferedReader(
                            new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", r.readLine(), "the other writer holds the journal");
            CliTest.assertOneLineBadInput(resumeQuietly(cut), "process " + writer.pid());
            // Refused before it touched anything: no marker, no restart, the same records.
            assertEquals(inBefore, records(JournalPaths.in(cut)));
            assertFalse(Files.exists(cut.resolve("in.end")));
            assertFalse(Files.exists(cut.resolve(RestartLog.FILE)));
        } finally {
            writer.destroyForcibly(); // SIGKILL: the kernel frees its lock
            assertTrue(writer.waitFor(1, TimeUnit.MINUTES));
        }
        Run r = resume(cut);
        assertEquals(0, r.code(), r.err());
        assertSameFigures(r);
    }

    @Test
    void shouldResumeAJournalWhoseMarkersSayFailed() throws Exception {
        // A run stopped by a full disk closes with "failed" markers: its records verify, so a
        // resume (on a disk with room again) continues it.
        Path cut = tmp.resolve("cut");
        ResumeFixtures.copyPrefix(whole, cut, 5_000, 4_900);
        String reason = "\"state\":\"failed\",\"writer_pid\":1,\"reason\":\"journal: disk full\"}";
        Files.writeString(
                cut.resolve("in.end"),
                "{\"records\":" + records(JournalPaths.in(cut)) + "," + reason + "\n");
        Files.writeString(
                cut.resolve("out.end"),
                "{\"records\":" + records(JournalPaths.out(cut)) + "," + reason + "\n");
        Run r = resume(cut);
        assertEquals(0, r.code(), r.err());
        assertSameFigures(r);
        assertEquals(1, ResumeFixtures.assertSameRun(whole, cut));
    }

    private static long records(Path queue) {
        long n = 0;
        try (RecordReader r = new RecordReader(queue)) {
            while (r.next()) {
                n++;
            }
        }
        return n;
    }

    /** Holds the writer lock of a journal until killed: a writer that is still alive. */
    static final class LockHolder {
        private LockHolder() {}

        public static void main(String[] args) throws Exception {
            JournalLock.acquire(Path.of(args[0]));
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(600_000);
        }
    }

    private static Run resume(Path journal) {
        return tickring(
                "run",
                "--config",
                cfg.toString(),
                "--journal",
                journal.toString(),
                "--resume",
                "--json");
    }

    /** A resume without --json, whose status lines go to stdout: stderr has only the error. */
    private static Run resumeQuietly(Path journal) {
        return tickring(
                "run", "--config", cfg.toString(), "--journal", journal.toString(), "--resume");
    }

    private static void assertSameFigures(Run resumed) {
        for (String f : ResumeFixtures.FIGURES) {
            assertEquals(field(wholeRun.lastLine(), f), field(resumed.lastLine(), f), f);
        }
    }

    /** The {@code n}-th ORDER record of {@code journal}. */
    private static OutputRecord order(Path journal, int n) {
        OutputRecord o = new OutputRecord();
        try (RecordReader r = new RecordReader(JournalPaths.out(journal))) {
            int seen = 0;
            while (r.next()) {
                if (RecordHeader.type(r.buffer(), 0) == EventType.ORDER && ++seen == n) {
                    OutputCodec.decode(r.buffer(), 0, r.length(), o, r.where());
                    return o;
                }
            }
        }
        throw new AssertionError("fewer than " + n + " orders in " + journal);
    }

    /** Execution reports for {@code orderId} in the input journal of {@code journal}. */
    private static int reportsFor(Path journal, long orderId) {
        RingEvent e = new RingEvent();
        int n = 0;
        try (RecordReader r = new RecordReader(JournalPaths.in(journal))) {
            while (r.next()) {
                if (RecordHeader.type(r.buffer(), 0) == EventType.EXEC_REPORT) {
                    InputCodec.decode(r.buffer(), 0, r.length(), e, r.where());
                    if (e.execOrderId == orderId) {
                        n++;
                    }
                }
            }
        }
        return n;
    }
}
