package io.tickring.bench;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.RecordHeader;
import io.tickring.journal.V1Records;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One L5 BOOK encoded and decoded back into a ring event, per operation: schema version 2 through
 * {@link InputCodec} (the SBE flyweights) against version 1 in the same run (the frozen version 1
 * encoder kept in the journal's tests, decoded by the facade's version 1 reader, which is the old
 * decoder). {@code v2WithCrc} adds what a journal adds per record: stamping the CRC32C on append
 * and checking it on read. Run with {@code -prof gc}: each should allocate nothing ({@code
 * gc.alloc.rate.norm} ≈ 0).
 *
 * <p>Not final and public because JMH generates subclasses of benchmark states.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    private final RingEvent book = new RingEvent();
    private final RingEvent decoded = new RingEvent();
    private final InputCodec.Decoder decoder = new InputCodec.Decoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[InputCodec.MAX_FIXED_RECORD]);
    private final CRC32C crc = new CRC32C();
    private long sequence;

    @Setup
    public void setUp() {
        book.clearInput();
        book.type = EventType.BOOK;
        book.instrumentId = 1;
        book.exchangeTimeNs = 1_767_916_800_000_000_000L;
        book.receiveTimeNs = book.exchangeTimeNs + 1_000;
        book.levels = 5;
        for (int k = 0; k < 5; k++) {
            book.askPx[k] = 1_000_100 + 100L * k;
            book.askQty[k] = 300 + k;
            book.bidPx[k] = 1_000_000 - 100L * k;
            book.bidQty[k] = 200 + k;
        }
    }

    @Benchmark
    public long v1() {
        book.sequence = sequence++;
        int n = V1Records.encodeInput(book, buffer, 0);
        decoder.decode(buffer, 0, n, decoded, "bench");
        return decoded.sequence + decoded.bidQty[4];
    }

    @Benchmark
    @AllocationBound(bytesPerOp = 0.5, why = Benchmarks.ZERO)
    public long v2() {
        book.sequence = sequence++;
        int n = InputCodec.encode(book, buffer, 0);
        decoder.decode(buffer, 0, n, decoded, "bench");
        return decoded.sequence + decoded.bidQty[4];
    }

    @Benchmark
    @AllocationBound(bytesPerOp = 0.5, why = Benchmarks.ZERO)
    public long v2WithCrc() {
        book.sequence = sequence++;
        int n = InputCodec.encode(book, buffer, 0);
        RecordHeader.stampCrc(crc, buffer, 0, n);
        RecordHeader.checkCrc(crc, buffer, 0, n, "bench");
        decoder.decode(buffer, 0, n, decoded, "bench");
        return decoded.sequence + decoded.bidQty[4];
    }
}
