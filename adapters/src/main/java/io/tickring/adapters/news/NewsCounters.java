package io.tickring.adapters.news;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the point-in-time rules did with the headlines a source delivered: accepted, or dropped by
 * reason. Written by the source's thread, read by the status line.
 */
public final class NewsCounters {
    final AtomicLong read = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong undated = new AtomicLong();
    final AtomicLong futureDated = new AtomicLong();
    final AtomicLong stale = new AtomicLong();
    final AtomicLong duplicate = new AtomicLong();
    final AtomicLong unknownSymbol = new AtomicLong();

    public long read() {
        return read.get();
    }

    public long accepted() {
        return accepted.get();
    }

    /** Headlines dropped, all reasons together. */
    public long dropped() {
        return undated.get()
                + futureDated.get()
                + stale.get()
                + duplicate.get()
                + unknownSymbol.get();
    }

    /** Counts an item about a symbol the registry does not know. */
    public void unknownSymbol() {
        unknownSymbol.incrementAndGet();
    }

    /** Drops by reason, in a fixed order, for summaries. */
    public Map<String, Long> droppedByReason() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("undated", undated.get());
        m.put("future_dated", futureDated.get());
        m.put("stale", stale.get());
        m.put("duplicate", duplicate.get());
        m.put("unknown_symbol", unknownSymbol.get());
        return m;
    }
}
