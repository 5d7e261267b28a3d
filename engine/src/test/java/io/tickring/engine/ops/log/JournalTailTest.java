package io.tickring.engine.ops.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickring.core.instrument.InstrumentLookup;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.QueueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The tail waits out a queue file that its writer is creating instead of giving up. */
class JournalTailTest {
    @TempDir Path tmp;

    @Test
    void shouldRetryAQueueWhoseFileIsBeingCreated() throws Exception {
        Path in = JournalPaths.in(tmp);
        try (SingleChronicleQueue q = QueueFactory.openForWrite(in)) {
            q.createAppender()
                    .close(); // the table store, as a writer leaves it before its first record
        }
        // A cycle file whose header its writer has not written yet: the reader's checks refuse it.
        Path creating = in.resolve("20260105F.cq4");
        Files.write(creating, new byte[0]);
        InstrumentLookup none =
                new InstrumentLookup() {
                    @Override
                    public io.tickring.core.instrument.Instrument bySymbol(String s) {
                        return null;
                    }

                    @Override
                    public io.tickring.core.instrument.Instrument byId(int id) {
                        return null;
                    }
                };
        JournalTail tail =
                new JournalTail(
                        tmp, 0, 0, new EventLines(none), LoggerFactory.getLogger(getClass()));
        assertEquals(0, tail.step(), "no reader yet, and no exception: it tries again");
        Files.delete(creating);
        assertEquals(0, tail.step(), "opened: an empty queue");
        tail.close();
    }
}
