package io.tickring.journal;

import java.nio.file.Path;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

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

    public static SingleChronicleQueue openForRead(Path dir) {
        return SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(RollCycles.FAST_DAILY)
                .readOnly(true)
                .build();
    }
}
