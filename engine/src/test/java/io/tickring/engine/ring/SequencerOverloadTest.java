package io.tickring.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SleepingWaitStrategy;
import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.Overload;
import io.tickring.core.RingEvent;
import io.tickring.engine.ingress.EventQueue;
import io.tickring.engine.ingress.QueueSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Overload in the Sequencer (ARRIVAL), driven on the test's thread with a hand-set wall clock: an
 * adapter's full ingress queue and the shedding for {@code ring.max_lag} each make one journaled
 * OVERLOAD episode with exact counts; nothing is timed.
 */
class SequencerOverloadTest {
    private final RingBuffer<RingEvent> ring =
            RingBuffer.createSingleProducer(RingEvent::new, 64, new SleepingWaitStrategy());
    private final EventPoller<RingEvent> consumer = ring.newPoller();
    private final List<String> seen = new ArrayList<>();
    private final long[] now = {1_000};
    private final AtomicBoolean finished = new AtomicBoolean();

    SequencerOverloadTest() {
        ring.addGatingSequences(consumer.getSequence());
    }

    private Sequencer sequencer(EventQueue feed) {
        Sequencer s =
                new Sequencer(
                        ring,
                        Sequencer.Policy.ARRIVAL,
                        new QueueSource(feed, finished::get),
                        null,
                        null,
                        0,
                        0,
                        () -> now[0],
                        16);
        s.watch(consumer.getSequence(), new Sequence[] {consumer.getSequence()});
        return s;
    }

    private static RingEvent event(int type, long time) {
        RingEvent e = new RingEvent();
        e.clearInput();
        e.type = type;
        e.instrumentId = 1;
        e.exchangeTimeNs = time;
        e.receiveTimeNs = time;
        if (type == EventType.BOOK) {
            e.levels = 1;
            e.askPx[0] = 101;
            e.askQty[0] = 1;
            e.bidPx[0] = 100;
            e.bidQty[0] = 1;
        } else {
            e.tradePx = 100;
            e.tradeQty = 1;
        }
        return e;
    }

    private void drain() {
        try {
            consumer.poll(
                    (e, seq, end) -> {
                        seen.add(
                                e.type == EventType.CONTROL && e.controlCode == ControlCode.OVERLOAD
                                        ? Overload.describe(e.controlParamId)
                                                + "="
                                                + e.controlParamValue
                                                + "@"
                                                + e.exchangeTimeNs
                                        : EventType.name(e.type));
                        return true;
                    });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<String> overloads() {
        return seen.stream().filter(s -> s.startsWith("START") || s.startsWith("END")).toList();
    }

    @Test
    void shouldJournalAFullIngressQueueAsOneEpisodeWithItsCounts() {
        EventQueue feed = EventQueue.oneToOne("feed", 4096);
        RingEvent book = event(EventType.BOOK, 1);
        int offered = 0;
        while (feed.offer(book)) {
            offered++;
        }
        for (int i = 0; i < 4; i++) {
            assertFalse(feed.offer(book));
        }
        assertFalse(feed.offer(event(EventType.TRADE, 2)));
        assertEquals(6, feed.rejected(), "the failed attempt of the loop, 4 more books, 1 trade");
        Sequencer s = sequencer(feed);
        for (int i = 0; i < 100 && seen.size() < offered + 1; i++) {
            s.doWork();
            drain();
        }
        assertEquals(List.of("START ingress=6@1000"), overloads());
        assertEquals(offered + 1, seen.size(), "every queued book and the START");
        // Quiet for less than the quiet time: still open.
        now[0] += Overload.QUIET_NS - 1;
        s.doWork();
        drain();
        assertEquals(1, overloads().size());
        now[0] += 1;
        s.doWork();
        drain();
        long t = now[0];
        assertEquals(
                List.of(
                        "START ingress=6@1000",
                        "END ingress BOOK=5@" + t,
                        "END ingress TRADE=1@" + t,
                        "END ingress=6@" + t),
                overloads());
        assertEquals(1, s.overloadEpisodes());
        assertEquals(5, s.drops(Overload.INGRESS, EventType.BOOK));
        finished.set(true);
        for (int i = 0; i < 10 && !s.isDone(); i++) {
            s.doWork();
            drain();
        }
        assertTrue(s.isDone());
        assertEquals(4, overloads().size(), "no episode without drops");
    }

    @Test
    void shouldShedMarketDataWhileTheRingLagsAndCloseTheEpisodeAtTheEnd() {
        EventQueue feed = EventQueue.oneToOne("feed", 1 << 16);
        Sequencer s = sequencer(feed);
        s.maxLagNs(100);
        assertTrue(feed.offer(event(EventType.BOOK, 1)));
        s.doWork(); // published at wall 1000; the consumer does not take it yet
        assertEquals(1, s.backlog());
        now[0] = 1_100; // lag 100: not more than the limit
        assertTrue(feed.offer(event(EventType.BOOK, 2)));
        s.doWork();
        assertEquals(2, s.backlog());
        now[0] = 1_101; // lag 101 > 100: market data is shed
        for (int i = 0; i < 3; i++) {
            assertTrue(feed.offer(event(EventType.BOOK, 3)));
        }
        assertTrue(feed.offer(event(EventType.TRADE, 3)));
        s.doWork();
        assertEquals(2, s.backlog(), "nothing published while lagging");
        assertEquals(3, s.drops(Overload.BACKLOG, EventType.BOOK));
        assertEquals(1, s.drops(Overload.BACKLOG, EventType.TRADE));
        s.doWork(); // the next cycle sees the drops: START
        drain();
        assertEquals(List.of("START backlog=4@1101"), overloads());
        assertEquals(0, s.backlog());
        // Caught up: data flows again, and the run ends before the quiet time.
        assertTrue(feed.offer(event(EventType.BOOK, 4)));
        s.doWork();
        drain();
        finished.set(true);
        for (int i = 0; i < 10 && !s.isDone(); i++) {
            s.doWork();
            drain();
        }
        assertTrue(s.isDone());
        assertEquals(
                List.of(
                        "BOOK",
                        "BOOK",
                        "START backlog=4@1101",
                        "BOOK",
                        "END backlog BOOK=3@1101",
                        "END backlog TRADE=1@1101",
                        "END backlog=4@1101"),
                seen);
    }
}
