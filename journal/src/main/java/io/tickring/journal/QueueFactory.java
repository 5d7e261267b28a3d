package io.tickring.journal;

import java.nio.file.Path;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.TableStoreWriteLock;
import net.openhft.chronicle.threads.Pauser;

/** Opens Chronicle queues with the settings every tickring journal uses. */
public final class QueueFactory {
    /** Block size for queue files: big enough for ~250k book records before the file grows. */
    public static final long DEFAULT_BLOCK_SIZE = 16L << 20;

    private QueueFactory() {}

    public static SingleChronicleQueue openForWrite(Path dir, long blockSize) {
        return SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(RollCycles.FAST_DAILY)
                .blockSize(blockSize)
                .build();
    }

    public static SingleChronicleQueue openForWrite(Path dir) {
        return openForWrite(dir, DEFAULT_BLOCK_SIZE);
    }

    /**
     * Releases the write lock of the queue at {@code dir} if the process that held it is dead (a
     * writer killed inside a record: {@code run --resume}). Chronicle would otherwise make the next
     * writer wait its lock timeout, ten seconds, before it forced the lock itself. A lock held by a
     * live process is left alone.
     *
     * @return true if a dead writer's lock was released
     */
    public static boolean releaseDeadWriterLock(Path dir) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return false;
        }
        try (SingleChronicleQueue queue = openForWrite(dir);
                TableStoreWriteLock lock =
                        new TableStoreWriteLock(queue.metaStore(), Pauser::timedBusy, 0L)) {
            return lock.forceUnlockIfProcessIsDead();
        }
    }

    public static SingleChronicleQueue openForRead(Path dir) {
        return SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(RollCycles.FAST_DAILY)
                .readOnly(true)
                .build();
    }
}
