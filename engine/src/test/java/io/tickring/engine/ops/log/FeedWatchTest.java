package io.tickring.engine.ops.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Feed connects and disconnects become one line each, a feed not yet connected none. */
class FeedWatchTest {
    private static final long MS = 1_000_000L;

    @Test
    void shouldLogEachChangeOfTheConnectionOnce() {
        AtomicBoolean up = new AtomicBoolean(false);
        FeedWatch w = new FeedWatch("binance", up::get);
        assertNull(w.poll(0), "not connected yet: the adapter logs its own failures");
        up.set(true);
        assertNull(w.poll(50 * MS), "polled at most every 100 ms");
        assertEquals("feed_connected source=binance", w.poll(100 * MS));
        assertNull(w.poll(200 * MS), "no change, no line");
        up.set(false);
        assertEquals("feed_disconnected source=binance", w.poll(300 * MS));
        up.set(true);
        assertEquals("feed_connected source=binance", w.poll(400 * MS));
    }
}
