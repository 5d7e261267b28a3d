package io.tickring.adapters;

import io.tickring.core.EventPublisher;
import io.tickring.core.RingEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link EventPublisher} for adapter tests: keeps a copy of each event it takes, up to a fixed
 * number, and refuses the rest as a full ingress queue would. Thread-safe.
 */
public final class BoundedPublisher implements EventPublisher {
    private final int capacity;
    private final ArrayDeque<RingEvent> queued = new ArrayDeque<>();
    private long offered;

    public BoundedPublisher(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized boolean offer(RingEvent event) {
        if (queued.size() >= capacity) {
            return false;
        }
        RingEvent copy = new RingEvent();
        copy.copyInputFrom(event);
        queued.add(copy);
        offered++;
        return true;
    }

    /** Takes everything queued so far, oldest first. */
    public synchronized List<RingEvent> drain() {
        List<RingEvent> out = new ArrayList<>(queued);
        queued.clear();
        return out;
    }

    /** Events taken since the start. */
    public synchronized long offered() {
        return offered;
    }
}
