package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.cli.CliTest.Run;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.QueueFactory;
import io.tickring.journal.RestartLog;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's crash-recovery test: a paper {@code run} in the event-time simulator, a real child
 * process, killed with SIGKILL at seeded random moments and resumed with {@code run --resume}, ends
 * with the same positions, cash, PnL, fees, input and output records and output digest as the same
 * run never interrupted; its journal replays with {@code replay --verify}, across every restart, to
 * that digest.
 *
 * <p>The moments are drawn from a fixed seed as fractions of a window after the child prints its
 * first status line; the window follows the machine's speed (a shared machine runs a child in 2 to
 * 20 s). They land in the recovery of a resumed run, in the continued run, while it closes its
 * journal and after its end (the chain then ends, and the next kill starts a new journal). Every
 * other kill of a resumed run is drawn only after that run has written its restart line, so a slow
 * machine, where the window would otherwise fall inside start-up and recovery, still restarts.
 * Which instruction a kill interrupts still depends on the machine: the check, not the moment, is
 * what the test holds fixed.
 */
@Tag("slow")
class ResumeCrashTest {
    private static final int KILLS = 20;

    @TempDir Path tmp;

    @Test
    void shouldEndAsTheUninterruptedRunAfterTwentySigkills() throws Exception {
        Path cfg = ResumeFixtures.simConfig(tmp, 10, 11);
        Path whole = tmp.resolve("whole");
        Run ref =
                tickring(
                        "run", "--config", cfg.toString(), "--journal", whole.toString(), "--json");
        assertEquals(0, ref.code(), ref.err());
        // The window the moments are drawn from follows the machine: it starts at a whole run's
        // length and shrinks when a child finishes before its kill, grows when a kill lands.
        double windowMs = Math.max(500, Long.parseLong(field(ref.lastLine(), "elapsed_ms")));

        Random moments = new Random(20261129L);
        List<Path> chains = new ArrayList<>();
        List<Boolean> finished = new ArrayList<>();
        int kills = 0;
        while (kills < KILLS) {
            Path journal = tmp.resolve("chain-" + chains.size());
            chains.add(journal);
            boolean done = false;
            for (int attempt = 0; kills < KILLS; attempt++) {
                int restartsBefore = restartLines(journal);
                Child child = Child.start(tmp, cfg, journal, attempt > 0, false);
                child.awaitFirstLine();
                if (attempt > 0 && kills % 2 == 0) {
                    // Every other kill of a resumed run waits until it has recovered and written
                    // again, so recovery is exercised however slow the machine; the others may
                    // land inside recovery.
                    child.awaitRestartLine(journal, restartsBefore);
                }
                Thread.sleep((long) (moments.nextDouble() * windowMs));
                if (child.kill()) {
                    kills++;
                    if (Files.isRegularFile(journal.resolve("out.end"))) {
                        // Killed after the run closed its journal: nothing left to resume, and
                        // the window was too long for this machine.
                        windowMs *= 0.6;
                        done = true;
                        break;
                    }
                    windowMs *= 1.1;
                } else {
                    assertEquals(0, child.exitCode(), child.describe());
                    windowMs *= 0.6;
                    done = true;
                    break;
                }
            }
            finished.add(done);
        }
        int restarts = 0;
        for (int i = 0; i < chains.size(); i++) {
            Path journal = chains.get(i);
            String summary;
            if (finished.get(i)) {
                summary = null;
            } else {
                Child last = Child.start(tmp, cfg, journal, true, true);
                assertEquals(0, last.waitFor(), last.describe());
                summary = last.lastLine();
                for (String f : ResumeFixtures.FIGURES) {
                    assertEquals(field(ref.lastLine(), f), field(summary, f), f + " of " + journal);
                }
            }
            restarts += ResumeFixtures.assertSameRun(whole, journal);
            Run replay = tickring("replay", "--journal", journal.toString(), "--verify", "--json");
            assertEquals(0, replay.code(), replay.err());
            assertEquals("true", field(replay.lastLine(), "match"), journal.toString());
            if (summary != null) {
                assertEquals(field(summary, "digest"), field(replay.lastLine(), "digest"));
            }
            for (String f : ResumeFixtures.FIGURES) {
                assertEquals(field(ref.lastLine(), f), field(replay.lastLine(), f), f);
            }
        }
        System.out.printf(
                "ResumeCrashTest: %d kills over %d journals, %d restarts%n",
                kills, chains.size(), restarts);
        // The window adapts, so a good share of the kills land in a run that had journaled
        // something and its resume restarts one; how many depends on the machine, so the bound is
        // loose: it only proves the test exercised recovery rather than fresh starts.
        assertTrue(restarts >= KILLS / 4, restarts + " restarts in " + chains.size() + " chains");
    }

    /** The lines of a journal's restart log; 0 if it has none. */
    private static int restartLines(Path journal) throws IOException {
        Path f = journal.resolve(RestartLog.FILE);
        return Files.isRegularFile(f) ? Files.readAllLines(f).size() : 0;
    }

    @Test
    void shouldCutOffALastRecordWhoseWriteNeverFinished() throws Exception {
        Path cfg = ResumeFixtures.simConfig(tmp, 6, 3);
        Path whole = tmp.resolve("whole");
        Run ref =
                tickring(
                        "run", "--config", cfg.toString(), "--journal", whole.toString(), "--json");
        assertEquals(0, ref.code(), ref.err());
        Path cut = tmp.resolve("cut");
        ResumeFixtures.copyPrefix(whole, cut, 9_000, 8_990);
        // A process that dies inside a Chronicle document: its header stays "not complete".
        for (Path queue : List.of(JournalPaths.in(cut), JournalPaths.out(cut))) {
            Process p = java(TornWriter.class.getName(), queue.toString(), "300").start();
            assertTrue(p.waitFor(2, TimeUnit.MINUTES));
            assertEquals(TornWriter.EXIT, p.exitValue());
        }
        Run r =
                tickring(
                        "run",
                        "--config",
                        cfg.toString(),
                        "--journal",
                        cut.toString(),
                        "--resume",
                        "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals("9000", field(r.lastLine(), "recovered_in_records"));
        assertEquals(1, ResumeFixtures.assertSameRun(whole, cut));
        Run replay = tickring("replay", "--journal", cut.toString(), "--verify", "--json");
        assertEquals("true", field(replay.lastLine(), "match"), replay.err());
    }

    /** Starts a document on a queue, writes into it and dies before it closes the document. */
    static final class TornWriter {
        static final int EXIT = 9;

        private TornWriter() {}

        public static void main(String[] args) {
            var queue = QueueFactory.openForWrite(Path.of(args[0]));
            var dc = queue.createAppender().writingDocument();
            dc.wire().bytes().write(new byte[Integer.parseInt(args[1])]);
            Runtime.getRuntime().halt(EXIT);
        }
    }

    /** A JVM with this test's classpath and flags, running {@code mainClass}. */
    static ProcessBuilder java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-")
                    || a.startsWith("--enable-native-access")
                    || a.startsWith("--sun-misc")
                    || a.startsWith("-Dchronicle")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(ChildClassPath.of());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    /** A {@code tickring run} in a child JVM with this test's classpath and JVM flags. */
    private static final class Child {
        private final Process process;
        private final Path out;
        private final Path err;

        private Child(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        static Child start(Path tmp, Path cfg, Path journal, boolean resume, boolean json)
                throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.addAll(List.of("run", "--config", cfg.toString(), "--journal", journal.toString()));
            if (resume) {
                cmd.add("--resume");
            }
            if (json) {
                cmd.add("--json");
            }
            File o = Files.createTempFile(tmp, "child", ".out").toFile();
            File e = Files.createTempFile(tmp, "child", ".err").toFile();
            Process p =
                    java("io.tickring.engine.cli.Main", cmd.toArray(new String[0]))
                            .redirectOutput(o)
                            .redirectError(e)
                            .redirectInput(ProcessBuilder.Redirect.PIPE)
                            .start();
            return new Child(p, o.toPath(), e.toPath());
        }

        /** Waits for the status line {@code run: ...} that comes just before the engine starts. */
        void awaitFirstLine() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (process.isAlive()
                    && !Files.readString(out, StandardCharsets.UTF_8).contains("run: ")) {
                assertTrue(System.nanoTime() < deadline, "no status line: " + describe());
                Thread.sleep(5);
            }
        }

        /**
         * Waits until the journal's restart log has more than {@code before} lines (this resumed
         * run recovered and wrote its first new record) or the child exits.
         */
        void awaitRestartLine(Path journal, int before) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (process.isAlive() && restartLines(journal) <= before) {
                assertTrue(System.nanoTime() < deadline, "no restart line: " + describe());
                Thread.sleep(5);
            }
        }

        /** SIGKILLs the child if it still runs; true if it did. */
        boolean kill() throws InterruptedException {
            if (!process.isAlive()) {
                return false;
            }
            process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no end marker
            process.waitFor();
            return true;
        }

        int waitFor() throws InterruptedException {
            assertTrue(process.waitFor(5, TimeUnit.MINUTES), "child did not finish");
            return process.exitValue();
        }

        int exitCode() throws InterruptedException {
            return process.waitFor();
        }

        String lastLine() throws IOException {
            String[] lines = Files.readString(out, StandardCharsets.UTF_8).strip().split("\n");
            return lines[lines.length - 1];
        }

        String describe() throws IOException {
            return "stdout: "
                    + Files.readString(out, StandardCharsets.UTF_8)
                    + "\nstderr: "
                    + Files.readString(err, StandardCharsets.UTF_8);
        }
    }
}
