package io.tickring.journal;

import io.tickring.core.codec.JournalFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The one-writer lock of a journal directory: an OS file lock ({@link FileChannel#tryLock}) on
 * {@code DIR/writer.lock}, which holds the writer's PID. The kernel releases it when the process
 * dies, however it dies, so a lock file left behind by a killed writer never blocks the next one:
 * only a live writer does.
 *
 * <pre>{@code
 * try (JournalLock lock = JournalLock.acquire(dir)) {
 *     ... write dir/in and dir/out ...
 * }
 * }</pre>
 *
 * A second writer, in another process or in this one, gets a {@link JournalFormatException} naming
 * the directory and the holder's PID. The file itself is left in place on release (deleting it
 * would race with a writer that has just opened it); its presence means nothing, only its lock.
 */
public final class JournalLock implements AutoCloseable {
    /** The lock file's name inside a journal directory. */
    public static final String FILE = "writer.lock";

    /** Directories this JVM holds: an OS lock is per process, so the JVM must refuse itself. */
    private static final Set<Path> HELD = new HashSet<>();

    private final Path dir;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private JournalLock(Path dir, Path key, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} for writing, creating it if needed, and records this process's PID.
     *
     * @throws JournalFormatException naming the directory: a regular file, not creatable, or held
     *     by another writer (with its PID)
     */
    public static JournalLock acquire(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new JournalFormatException(dir + ": a file, not a journal directory");
        }
        Path file = dir.resolve(FILE);
        Path key;
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            key = dir.toRealPath();
            synchronized (HELD) {
                if (HELD.contains(key)) {
                    throw held(dir, file, ProcessHandle.current().pid() + " (this process)");
                }
                ch =
                        FileChannel.open(
                                file,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.READ,
                                StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    String holder = readPid(ch);
                    ch.close();
                    throw held(dir, file, holder);
                }
                byte[] pid =
                        (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(pid), 0);
                ch.force(false);
                HELD.add(key);
                return new JournalLock(dir, key, ch, lock);
            }
        } catch (IOException e) {
            closeQuietly(ch);
            throw new JournalFormatException(dir + ": cannot lock for writing: " + e);
        }
    }

    private static JournalFormatException held(Path dir, Path file, String pid) {
        return new JournalFormatException(
                dir
                        + ": another writer holds this journal (process "
                        + pid
                        + ", lock "
                        + file
                        + "); one journal has one writer");
    }

    /**
     * The PID a lock file names, or "unknown". The holder writes it just after it locks, so a
     * reader that races it may see the file empty: it looks again for up to {@link #PID_WAIT_MS} ms
     * (a refusal is not a hot path; naming the holder is what lets the operator act on it).
     */
    private static String readPid(FileChannel ch) throws IOException {
        long deadline = System.nanoTime() + PID_WAIT_MS * 1_000_000L;
        while (true) {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
            if (s.endsWith("\n") && s.trim().matches("\\d+")) {
                return s.trim();
            }
            if (System.nanoTime() > deadline) {
                return "unknown";
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "unknown";
            }
        }
    }

    /** How long a refused writer waits for the holder to write its PID into the lock file. */
    static final long PID_WAIT_MS = 2_000;

    /**
     * The PID of the live writer of {@code dir}, or -1 if no process holds its lock. Probes the
     * lock without keeping it.
     */
    public static long holder(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return -1;
        }
        try {
            synchronized (HELD) {
                if (HELD.contains(dir.toRealPath())) {
                    return ProcessHandle.current().pid();
                }
                try (FileChannel ch =
                        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    FileLock lock = ch.tryLock();
                    if (lock != null) {
                        lock.release();
                        return -1;
                    }
                    String pid = readPid(ch);
                    return pid.equals("unknown") ? 0 : Long.parseLong(pid);
                }
            }
        } catch (IOException | OverlappingFileLockException e) {
            return -1;
        }
    }

    public Path dir() {
        return dir;
    }

    /** Releases the lock; the file stays. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (!HELD.remove(key)) {
                return;
            }
            try {
                lock.release();
            } catch (IOException e) {
                // the channel's close below releases it too
            }
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            // closing a lock file cannot lose data
        }
    }
}
