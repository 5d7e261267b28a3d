package io.tickring.engine;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.codec.InputCodec;
import io.tickring.engine.ingress.InputSource;
import java.util.SplittableRandom;
import org.agrona.MutableDirectBuffer;

/** A seeded L5 random-walk book with trades, for engine tests that need a fixed input. */
final class RandomWalkSource implements InputSource {
    private final SplittableRandom random;
    private final int[] instruments;
    private final long[] mid;
    private final RingEvent e = new RingEvent();
    private final long count;
    private long emitted;
    private long time;

    RandomWalkSource(long seed, long count, int... instruments) {
        this.random = new SplittableRandom(seed);
        this.instruments = instruments;
        this.mid = new long[instruments.length];
        java.util.Arrays.fill(mid, 1_000_000); // 100.0000 at scale 4
        this.count = count;
        this.time = 1_767_623_400_000_000_000L;
    }

    @Override
    public int poll(MutableDirectBuffer dst) {
        if (emitted >= count) {
            return FINISHED;
        }
        emitted++;
        time += 1 + random.nextInt(2_000_000);
        int k = random.nextInt(instruments.length);
        e.clearInput();
        e.instrumentId = instruments[k];
        e.exchangeTimeNs = time;
        e.receiveTimeNs = time;
        if (random.nextInt(10) == 0) {
            e.type = EventType.TRADE;
            e.tradePx = mid[k] + 50;
            e.tradeQty = 1 + random.nextInt(500);
            e.tradeAggressor = Side.BUY;
        } else {
            mid[k] += 100L * (random.nextInt(3) - 1);
            e.type = EventType.BOOK;
            e.levels = 5;
            for (int l = 0; l < 5; l++) {
                e.askPx[l] = mid[k] + 50 + 100L * l;
                e.bidPx[l] = mid[k] - 50 - 100L * l;
                e.askQty[l] = 1 + random.nextInt(1000);
                e.bidQty[l] = 1 + random.nextInt(1000);
            }
        }
        return InputCodec.encode(e, dst, 0);
    }

    @Override
    public String name() {
        return "random-walk";
    }
}
