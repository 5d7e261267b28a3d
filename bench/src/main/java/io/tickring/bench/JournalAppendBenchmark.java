package io.tickring.bench;

import io.tickring.core.RingEvent;
import io.tickring.core.codec.RecordHeader;
import io.tickring.engine.stage.journal.JournalStage;
import io.tickring.journal.InputJournal;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The journal stage's append of one input record (an L5 BOOK, as the Sequencer left it in the ring
 * slot) to a real Chronicle queue on disk: CRC32C computed and stamped on the way into the
 * appender, one Chronicle excerpt written. Each operation stamps the next ring sequence into the
 * record first, as consecutive slots would carry.
 *
 * <p>JMH's GC profiler counts every thread of the fork. The queue's page toucher ({@code
 * PageToucher}) is a second thread that wakes every 500 µs whatever the append rate and allocates a
 * little each time; it is switched off in this fork ({@code -Dtickring.journal.pretouch=false}) so
 * that the figure is the appending thread's. The appending thread then takes the page faults
 * itself, so the time per append here is somewhat higher than in the engine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsPrepend = "-Dtickring.journal.pretouch=false")
public class JournalAppendBenchmark {
    private Path dir;
    private InputJournal journal;
    private JournalStage stage;
    private RingEvent event;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("tickring-bench-journal");
        journal = new InputJournal(dir, 64L << 20);
        stage = new JournalStage(journal, 0);
        event = ScoredBooks.of(PipelineBenchmark.INSTRUMENT, 1, false)[0];
    }

    /** One record appended. */
    @Benchmark
    @AllocationBound(
            bytesPerOp = 0.5,
            why =
                    "allocation-free on the appending thread; Chronicle maps a new chunk every 64"
                            + " MiB (~2 KB each, ~0.01 B/op); the rest of 0.5 B/op is JMH's own"
                            + " per-iteration objects")
    public long append() {
        event.record.putLong(RecordHeader.SEQUENCE_OFFSET, sequence++, ByteOrder.LITTLE_ENDIAN);
        stage.onEvent(event);
        return sequence;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        journal.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
