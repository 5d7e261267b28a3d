package io.tickring.engine.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.journal.InputJournal;
import io.tickring.journal.SampleEvents;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class EventQueueTest {
    @Test
    void shouldCarryEventsThroughTheIngressQueue() {
        EventQueue q = EventQueue.oneToOne("test", 1 << 12);
        UnsafeBuffer staging = new UnsafeBuffer(new byte[InputJournal.MAX_RECORD]);
        RingEvent out = new RingEvent();
        RingEvent in = new RingEvent();
        for (int type : SampleEvents.INPUT_TYPES) {
            assertTrue(q.offer(SampleEvents.fill(in, type, 1)));
            int n = q.poll(staging);
            InputCodec.decode(staging, 0, n, out, "queue");
            assertTrue(SampleEvents.sameInput(in, out), EventType.name(type));
        }
        assertEquals(0, q.poll(staging));
        int accepted = 0;
        SampleEvents.fill(in, EventType.BOOK, 1);
        while (q.offer(in)) {
            accepted++;
        }
        assertTrue(accepted > 10);
        assertEquals(1, q.rejected());
    }
}
