package io.tickring.bench;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.engine.ingress.InputSource;
import java.util.SplittableRandom;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An endless source of L5 books for benchmarks: a fixed cycle of pre-encoded books whose time is
 * advanced as they are handed out, so nothing is generated on the measured path.
 */
final class BookLoopSource implements InputSource {
    private static final int CYCLE = 1024;
    private final UnsafeBuffer[] records = new UnsafeBuffer[CYCLE];
    private final int[] lengths = new int[CYCLE];
    private long time = 1_767_623_400_000_000_000L;
    private long n;

    BookLoopSource(int instrumentId, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        RingEvent e = new RingEvent();
        long mid = 1_000_000;
        for (int i = 0; i < CYCLE; i++) {
            e.clearInput();
            e.type = EventType.BOOK;
            e.instrumentId = instrumentId;
            e.levels = 5;
            mid += 100L * (r.nextInt(3) - 1);
            for (int l = 0; l < 5; l++) {
                e.askPx[l] = mid + 50 + 100L * l;
                e.bidPx[l] = mid - 50 - 100L * l;
                e.askQty[l] = 1 + r.nextInt(1000);
                e.bidQty[l] = 1 + r.nextInt(1000);
            }
            records[i] = new UnsafeBuffer(new byte[InputCodec.MAX_FIXED_RECORD]);
            lengths[i] = InputCodec.encode(e, records[i], 0);
        }
    }

    @Override
    public int poll(MutableDirectBuffer dst) {
        int i = (int) (n++ & (CYCLE - 1));
        time += 1_000_000; // 1 ms apart
        int len = lengths[i];
        dst.putBytes(0, records[i], 0, len);
        dst.putLong(
                io.tickring.core.codec.RecordHeader.EXCHANGE_TIME_OFFSET,
                time,
                java.nio.ByteOrder.LITTLE_ENDIAN);
        dst.putLong(
                io.tickring.core.codec.RecordHeader.RECEIVE_TIME_OFFSET,
                time,
                java.nio.ByteOrder.LITTLE_ENDIAN);
        return len;
    }

    @Override
    public String name() {
        return "book-loop";
    }
}
