package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.assertOneLineBadInput;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.codec.RecordHeader;
import io.tickring.journal.EndMarker;
import io.tickring.journal.JournalDamage;
import io.tickring.journal.JournalPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's faults through the command line, on journals a real demo wrote: every damaged journal
 * is refused by every command that reads it with exit 2 and one line naming the file or record,
 * with and without {@code --json}; two writers started together on one directory: exactly one runs;
 * a failed import is refused without {@code --partial}; a full disk (a small tmpfs, when the test
 * runs as root) stops trading with one line naming the directory and leaves a journal that reads in
 * place.
 */
@Tag("slow")
class JournalFaultCliTest {
    @TempDir Path tmp;

    Path demo(String name) {
        Path j = tmp.resolve(name);
        CliTest.Run r =
                tickring("demo", "--mode", "sim", "--duration", "10s", "--journal", j.toString());
        assertEquals(0, r.code(), r.err());
        return j;
    }

    Path copy(Path from, String name) throws IOException {
        Path to = tmp.resolve(name);
        CliTest.copyTree(from, to);
        Files.deleteIfExists(to.resolve("writer.lock"));
        return to;
    }

    static Path queueFile(Path queueDir) throws IOException {
        try (var files = Files.list(queueDir)) {
            return files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    /** Every reading command, with and without --json, refuses {@code d} naming {@code where}. */
    static void assertEveryReaderRefuses(Path d, String where) {
        assertEveryReaderRefuses(d, where, false);
    }

    /**
     * As above; {@code markerFault}: the damage is to an end marker, which only verify, replay and
     * backtest read (dump and stats show what is there).
     */
    static void assertEveryReaderRefuses(Path d, String where, boolean markerFault) {
        String j = d.toString();
        List<String[]> commands =
                List.of(
                        new String[] {"journal", "verify", j},
                        new String[] {"journal", "dump", j},
                        new String[] {"journal", "stats", j},
                        new String[] {"replay", "--journal", j, "--verify"},
                        new String[] {"backtest", "--journal", j});
        for (String[] c : commands) {
            // dump and stats do not read the end markers; verify, replay and backtest do.
            boolean markers = !c[0].equals("journal") || c[1].equals("verify");
            if (!markers && markerFault) {
                continue;
            }
            assertOneLineBadInput(tickring(c), where);
            String[] json = Arrays.copyOf(c, c.length + 1);
            json[c.length] = "--json";
            assertOneLineBadInput(tickring(json), where);
        }
    }

    @Test
    void shouldRefuseEveryDamagedJournalWithOneLineInEveryReader() throws IOException {
        Path j = demo("j");
        Path inFile = queueFile(JournalPaths.in(j));
        // Cuts: inside the header, inside the first 64 KB, on page boundaries, in the records.
        for (long offset : new long[] {0, 100, 4096, 20_000, 65_536, 70_000, 1_000_000}) {
            Path d = copy(j, "cut" + offset);
            try (FileChannel ch =
                    FileChannel.open(queueFile(JournalPaths.in(d)), StandardOpenOption.WRITE)) {
                ch.truncate(offset);
            }
            assertEveryReaderRefuses(d, queueFile(JournalPaths.in(d)).toString());
        }
        Path random = copy(j, "random");
        byte[] junk = new byte[300_000];
        new java.util.Random(7).nextBytes(junk);
        Files.write(queueFile(JournalPaths.in(random)), junk);
        assertEveryReaderRefuses(random, queueFile(JournalPaths.in(random)).toString());

        long book = firstOf(j, EventType.BOOK);
        Path type = copy(j, "type");
        JournalDamage.setType(JournalPaths.in(type), book, EventType.TRADE);
        assertEveryReaderRefuses(type, JournalPaths.in(type) + " record #" + book + ": CRC");
        Path price = copy(j, "price");
        JournalDamage.change(
                JournalPaths.out(price),
                2,
                rec -> {
                    ByteBuffer b = ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN);
                    b.putLong(RecordHeader.LENGTH, b.getLong(RecordHeader.LENGTH) + 1);
                });
        String outWhere = JournalPaths.out(price) + " record #2: CRC";
        assertOneLineBadInput(tickring("journal", "verify", price.toString()), outWhere);
        assertOneLineBadInput(tickring("journal", "verify", price.toString(), "--json"), outWhere);
        assertOneLineBadInput(
                tickring("replay", "--journal", price.toString(), "--verify", "--json"), outWhere);

        Path noEnd = copy(j, "no-end");
        Files.delete(noEnd.resolve("in.end"));
        assertEveryReaderRefuses(noEnd, "no end marker (in.end)", true);
        Path digest = copy(j, "digest");
        String m = Files.readString(digest.resolve("out.end"));
        int at = m.indexOf("\"digest\":\"") + 10;
        Files.writeString(
                digest.resolve("out.end"),
                m.substring(0, at) + (m.charAt(at) == '0' ? '1' : '0') + m.substring(at + 1));
        assertEveryReaderRefuses(digest, "differs from", true);

        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertEveryReaderRefuses(file, file + ": a file, not a journal directory");
        assertTrue(Files.exists(inFile), "the original is untouched");
    }

    private static long firstOf(Path j, int type) {
        try (io.tickring.journal.RecordReader r =
                new io.tickring.journal.RecordReader(JournalPaths.in(j))) {
            while (r.next()) {
                if (RecordHeader.type(r.buffer(), 0) == type) {
                    return r.index();
                }
            }
        }
        throw new AssertionError("no record of type " + type + " in " + j);
    }

    @Test
    void shouldRefuseAFailedImportWithoutPartial() throws IOException {
        Path cut = tmp.resolve("cut.csv.gz");
        byte[] whole = Files.readAllBytes(CliTest.lobsterData().resolve("MSFT_message_20k.csv.gz"));
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        Path j = tmp.resolve("imp");
        CliTest.Run r =
                tickring(
                        "import",
                        "lobster",
                        "--message",
                        cut.toString(),
                        "--orderbook",
                        CliTest.lobsterData().resolve("MSFT_orderbook_20k.csv.gz").toString(),
                        "--symbol",
                        "MSFT",
                        "--date",
                        "2012-06-21",
                        "--journal",
                        j.toString());
        assertOneLineBadInput(r, "cannot read gzip data");
        EndMarker.Marker marker = EndMarker.read(j, JournalPaths.IN);
        assertEquals(EndMarker.State.FAILED, marker.state());
        assertOneLineBadInput(tickring("journal", "verify", j.toString()), "its writer failed");
        assertOneLineBadInput(tickring("backtest", "--journal", j.toString()), "its writer failed");
        assertOneLineBadInput(
                tickring("replay", "--journal", j.toString(), "--verify"), "its writer failed");
        assertEquals(0, tickring("journal", "verify", j.toString(), "--partial").code());
    }

    /**
     * The same with two real processes, so the OS lock is what refuses. Their model is the
     * microprice rule: the lock does not depend on the model.
     */
    @Test
    void shouldLetExactlyOneOfTwoWriterProcessesStartedTogetherRun() throws Exception {
        Path j = tmp.resolve("shared-processes");
        Path cfg = ResumeFixtures.simConfig(tmp, 3, 4);
        Process[] writers = new Process[2];
        Path[] errs = new Path[2];
        for (int i = 0; i < 2; i++) {
            errs[i] = tmp.resolve("writer-" + i + ".err");
            writers[i] =
                    ResumeCrashTest.java(
                                    "io.tickring.engine.cli.Main",
                                    "run",
                                    "--config",
                                    cfg.toString(),
                                    "--journal",
                                    j.toString())
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(errs[i].toFile())
                            .start();
        }
        int ok = 0;
        for (int i = 0; i < 2; i++) {
            assertTrue(
                    writers[i].waitFor(3, java.util.concurrent.TimeUnit.MINUTES),
                    "a writer did not finish");
            String err = Files.readString(errs[i]).strip();
            if (writers[i].exitValue() == 0) {
                ok++;
            } else {
                assertEquals(2, writers[i].exitValue(), err);
                assertFalse(err.contains("\n") || err.contains("\tat "), err);
                // Refused while the other writes (naming it), or after it wrote.
                long other = writers[1 - i].pid();
                assertTrue(
                        err.contains("another writer holds this journal (process " + other)
                                || err.contains("already holds a journal"),
                        err);
            }
        }
        assertEquals(1, ok, "exactly one writer ran");
        assertEquals(0, tickring("journal", "verify", j.toString()).code());
    }

    @Test
    void shouldLetExactlyOneOfTwoWritersStartedTogetherRun() throws Exception {
        Path j = tmp.resolve("shared");
        CliTest.Run[] runs = new CliTest.Run[2];
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        Thread[] writers = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int n = i;
            writers[i] =
                    new Thread(
                            () -> {
                                try {
                                    go.await();
                                } catch (InterruptedException e) {
                                    return;
                                }
                                runs[n] =
                                        tickring(
                                                "demo",
                                                "--mode",
                                                "sim",
                                                "--duration",
                                                "3s",
                                                "--journal",
                                                j.toString());
                            },
                            "writer-" + i);
            writers[i].start();
        }
        go.countDown();
        for (Thread t : writers) {
            t.join(120_000);
            assertFalse(t.isAlive(), "a writer did not finish");
        }
        int ok = 0;
        for (CliTest.Run r : runs) {
            if (r.code() == 0) {
                ok++;
            } else {
                // Refused while the other writes, or after it wrote: never both running.
                String err = r.err().strip();
                assertTrue(
                        err.contains("another writer holds this journal (process ")
                                || err.contains("already holds a journal"),
                        err);
                assertOneLineBadInput(r, j.toString());
            }
        }
        assertEquals(1, ok, "exactly one writer ran");
        assertEquals(0, tickring("journal", "verify", j.toString()).code());
    }

    @Test
    void shouldStopTradingOnAFullDiskAndLeaveAJournalThatReadsInPlace() throws Exception {
        Assumptions.assumeTrue(isRoot(), "mounting a tmpfs needs root (CI runs as root)");
        Path mount = Files.createDirectories(tmp.resolve("tmpfs"));
        Assumptions.assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mount.toString()) == 0,
                "mount -t tmpfs failed: no tmpfs in this container");
        try {
            Path j = mount.resolve("j");
            CliTest.Run full =
                    tickring(
                            "demo",
                            "--mode",
                            "sim",
                            "--duration",
                            "120s",
                            "--config",
                            config(0, 16).toString(),
                            "--journal",
                            j.toString());
            assertEquals(2, full.code(), full.err());
            String line = full.err().strip();
            assertTrue(line.matches("journal: disk full at " + j + " \\(\\d+ bytes free\\)"), line);
            assertFalse(Files.exists(j.resolve("in.end.tmp")), "no half-written marker");
            assertFalse(Files.exists(j.resolve("out.end.tmp")), "no half-written marker");
            // In place, on the full disk: every order's cause is in in/ (verify checks it), so no
            // order left for an event the journal did not hold.
            CliTest.Run partial = tickring("journal", "verify", j.toString(), "--partial");
            assertEquals(0, partial.code(), partial.err());
            assertOneLineBadInput(tickring("journal", "verify", j.toString()), "no end marker");
            CliTest.Run replay =
                    tickring("replay", "--journal", j.toString(), "--verify", "--partial");
            assertEquals(0, replay.code(), replay.err());

            // The watermark halts trading and stops the run before the disk is full.
            run("rm", "-rf", j.toString());
            Path w = mount.resolve("w");
            CliTest.Run halted =
                    tickring(
                            "demo",
                            "--mode",
                            "sim",
                            "--duration",
                            "120s",
                            "--config",
                            config(10, 1).toString(),
                            "--journal",
                            w.toString());
            assertEquals(2, halted.code(), halted.err());
            assertTrue(
                    halted.err().strip().startsWith("journal: free space at " + w + " fell below"),
                    halted.err());
            CliTest.Run whole = tickring("journal", "verify", w.toString());
            assertEquals(0, whole.code(), whole.err());
            // The halt is a journaled CONTROL in sim mode too, and replay follows it.
            CliTest.Run dump = tickring("journal", "dump", w.toString());
            assertTrue(
                    dump.out()
                            .lines()
                            .anyMatch(
                                    l ->
                                            l.contains("\"type\":\"CONTROL\"")
                                                    && l.contains("\"code\":\"HALT\"")),
                    "no CONTROL HALT in " + w);
            CliTest.Run replayed = tickring("replay", "--journal", w.toString(), "--verify");
            assertEquals(0, replayed.code(), replayed.err());
        } finally {
            run("umount", "-l", mount.toString());
        }
    }

    /** The demo configuration with a watermark of {@code minFreeMb} and a block size. */
    Path config(int minFreeMb, int blockMb) throws IOException {
        String root = System.getenv().getOrDefault("TICKRING_TEST_ROOT", "..");
        String yaml = Files.readString(Path.of(root, "config", "demo.yaml"));
        yaml =
                yaml.replaceFirst(
                                "(?m)^instruments: instruments.yaml",
                                "instruments: " + CliTest.instrumentsPath())
                        .replaceFirst(
                                "(?m)^  block_size_mb: 16.*$",
                                "  block_size_mb: " + blockMb + "\n  min_free_mb: " + minFreeMb)
                        // The overlay's headlines resolve against the copy's directory otherwise.
                        .replaceFirst(
                                "file: headlines-demo.jsonl",
                                "file: "
                                        + Path.of(root, "config", "headlines-demo.jsonl")
                                                .toAbsolutePath());
        assertTrue(
                yaml.contains("min_free_mb: " + minFreeMb),
                "the demo config has a journal section");
        Path f = tmp.resolve("demo-" + minFreeMb + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    static boolean isRoot() throws Exception {
        Process p = new ProcessBuilder("id", "-u").start();
        String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return uid.equals("0");
    }

    static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
