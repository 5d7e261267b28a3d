package io.tickring.engine.overlay;

import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.RecordHeader;
import io.tickring.engine.ingress.InputSource;
import java.util.List;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The market source with the overlay's SENTIMENT events merged in, in event time: what the
 * Sequencer reads as its market source in a sim run with the overlay on. The events come from a
 * list made before the run (replay provider only), so the merge is a function of the inputs and the
 * run stays deterministic. A SENTIMENT event goes before a market record with a later time (a tie
 * goes to the market). Market records are polled straight into the Sequencer's slot; only one that
 * a SENTIMENT event overtakes is copied aside. Events after the market's end are not published.
 */
final class MergedSource implements InputSource {
    private final InputSource market;
    private final List<ScoredItem> items;
    private final OverlayCounters counters;
    private final RingEvent scratch = new RingEvent();
    private final ExpandableArrayBuffer held = new ExpandableArrayBuffer(RingEvent.RECORD_CAPACITY);
    private int heldLen;
    private long heldTime;
    private int next;

    MergedSource(InputSource market, List<ScoredItem> items, OverlayCounters counters) {
        this.market = market;
        this.items = items;
        this.counters = counters;
    }

    @Override
    public int poll(MutableDirectBuffer dst) {
        if (heldLen > 0) {
            if (nextTime() < heldTime) {
                return emit(dst);
            }
            dst.putBytes(0, held, 0, heldLen);
            int n = heldLen;
            heldLen = 0;
            return n;
        }
        int n = market.poll(dst);
        if (n <= 0) {
            return n;
        }
        long t = RecordHeader.exchangeTime(dst, 0);
        if (nextTime() < t) {
            held.putBytes(0, dst, 0, n);
            heldLen = n;
            heldTime = t;
            return emit(dst);
        }
        return n;
    }

    private long nextTime() {
        return next < items.size() ? items.get(next).timeNs() : Long.MAX_VALUE;
    }

    private int emit(MutableDirectBuffer dst) {
        ScoredItem item = items.get(next++);
        item.fill(scratch, item.timeNs());
        counters.onPublished(item);
        return InputCodec.encode(scratch, dst, 0);
    }

    @Override
    public String name() {
        return market.name();
    }
}
