package io.tickring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.JournalFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per journal directory: the OS file lock, its PID, and what writers refuse. */
class JournalLockTest {
    @TempDir Path tmp;

    @Test
    void shouldRefuseASecondWriterInThisProcessNamingItsPid() {
        Path dir = tmp.resolve("j");
        try (InputJournal first = new InputJournal(dir, 1L << 16)) {
            first.append(SampleEvents.fill(new RingEvent(), EventType.SESSION, 0));
            JournalFormatException e =
                    assertThrows(
                            JournalFormatException.class, () -> new InputJournal(dir, 1L << 16));
            assertTrue(
                    e.getMessage().contains("process " + ProcessHandle.current().pid()),
                    e.getMessage());
            JournalFormatException w =
                    assertThrows(
                            JournalFormatException.class, () -> JournalPaths.requireWritable(dir));
            assertTrue(
                    w.getMessage().contains("another writer holds this journal"), w.getMessage());
        }
        assertEquals(-1, JournalLock.holder(dir), "released on close");
        JournalFormatException again =
                assertThrows(JournalFormatException.class, () -> new InputJournal(dir, 1L << 16));
        assertTrue(again.getMessage().contains("already holds a journal"), again.getMessage());
    }

    @Test
    void shouldRefuseARegularFileAndADirectoryThatIsNotAJournal() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        JournalFormatException f =
                assertThrows(
                        JournalFormatException.class, () -> JournalPaths.requireWritable(file));
        assertTrue(f.getMessage().startsWith(file + ": a file, not a directory"), f.getMessage());
        assertThrows(JournalFormatException.class, () -> new InputJournal(file, 1L << 16));

        Path notes = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(notes.resolve("todo.txt"), "x");
        JournalFormatException n =
                assertThrows(
                        JournalFormatException.class, () -> JournalPaths.requireWritable(notes));
        assertTrue(n.getMessage().contains("not empty and not a journal (holds todo.txt)"));
        assertThrows(JournalFormatException.class, () -> new InputJournal(notes, 1L << 16));
        assertEquals(-1, JournalLock.holder(notes), "a refused writer leaves no lock held");

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        JournalPaths.requireWritable(empty);
    }

    /**
     * The lock belongs to the process: another JVM holding it is named by its PID, and when that
     * JVM is killed (SIGKILL: no shutdown hook, no close) the kernel releases it.
     */
    @Test
    void shouldNameAnotherProcessAndBeFreedWhenItIsKilled() throws Exception {
        Path dir = tmp.resolve("held");
        Process holder =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                LockHolder.class.getName(),
                                dir.toString())
                        .redirectErrorStream(true)
                        .start();
        try {
            BufferedReader r =
                    new BufferedReader(
                            new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            assertEquals("locked", line, "the holder process says it holds the lock");
            assertEquals(holder.pid(), JournalLock.holder(dir));
            JournalFormatException e =
                    assertThrows(JournalFormatException.class, () -> JournalLock.acquire(dir));
            assertTrue(e.getMessage().contains("process " + holder.pid()), e.getMessage());
        } finally {
            holder.destroyForcibly(); // SIGKILL
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        try (JournalLock lock = JournalLock.acquire(dir)) {
            assertEquals(dir, lock.dir());
            assertEquals(ProcessHandle.current().pid(), JournalLock.holder(dir));
        }
    }

    /** Holds a journal lock until killed: the other process of the test above. */
    static final class LockHolder {
        private LockHolder() {}

        public static void main(String[] args) throws Exception {
            JournalLock.acquire(Path.of(args[0]));
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
