package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.cli.CliTest.Run;
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
 * with the same positions, cash, PnL, fees and outputs as the same run never interrupted; its
 * journal replays with {@code replay --verify}, across every restart, to the digest it recorded.
 *
 * <p>The moments are drawn from a fixed seed as delays after the child prints its first status
 * line, over about twice a whole run's length, so they land in start-up, in the recovery of a
 * resumed run, in the continued run and after its end (the chain then ends, and the next kill
 * starts a new journal). Which instruction a kill interrupts still depends on the machine: the
 * check, not the moment, is what the test holds fixed.
 */
@Tag("slow")
class ResumeCrashTest {
    private static final int KILLS = 20;

    @TempDir Path tmp;

    @Test
    void shouldEndAsTheUninterruptedRunAfterTwentySigkills() throws Exception {
        Path cfg = ResumeFixtures.simConfig(tmp, 12, 11);
        Path whole = tmp.resolve("whole");
        Run ref =
                tickring(
                        "run", "--config", cfg.toString(), "--journal", whole.toString(), "--json");
        assertEquals(0, ref.code(), ref.err());
        // A child JVM starts cold: give the kills a window of a few whole runs.
        long windowMs = Math.max(1_500, 3 * Long.parseLong(field(ref.lastLine(), "elapsed_ms")));

        Random moments = new Random(20261129L);
        List<Path> chains = new ArrayList<>();
        List<Boolean> finished = new ArrayList<>();
        int kills = 0;
        while (kills < KILLS) {
            Path journal = tmp.resolve("chain-" + chains.size());
            chains.add(journal);
            boolean done = false;
            for (int attempt = 0; kills < KILLS; attempt++) {
                Child child = Child.start(tmp, cfg, journal, attempt > 0, false);
                child.awaitFirstLine();
                Thread.sleep(moments.nextInt((int) windowMs));
                if (child.kill()) {
                    kills++;
                } else {
                    assertEquals(0, child.exitCode(), child.describe());
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
                    if (!f.equals("events")) {
                        assertEquals(
                                field(ref.lastLine(), f), field(summary, f), f + " of " + journal);
                    }
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
                if (!f.equals("events")) {
                    assertEquals(field(ref.lastLine(), f), field(replay.lastLine(), f), f);
                }
            }
        }
        // Most kills land in a run that had journaled something, so most resumes restart one.
        assertTrue(restarts >= KILLS / 2, restarts + " restarts in " + chains.size() + " chains");
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
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("io.tickring.engine.cli.Main");
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
                    new ProcessBuilder(cmd)
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
