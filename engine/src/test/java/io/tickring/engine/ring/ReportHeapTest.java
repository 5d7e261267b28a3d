package io.tickring.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

class ReportHeapTest {
    private final RingEvent scratch = new RingEvent();

    @Test
    void shouldPopInTimeOrderThenArrivalOrder() {
        ReportHeap heap = new ReportHeap(8);
        push(heap, 1, 30);
        push(heap, 2, 10);
        push(heap, 3, 30);
        push(heap, 4, 20);
        push(heap, 5, 10);
        List<Long> order = new ArrayList<>();
        while (!heap.isEmpty()) {
            order.add(popOrderId(heap));
        }
        assertEquals(List.of(2L, 5L, 4L, 1L, 3L), order);
    }

    @Test
    void shouldHoldItsCapacityAndNoMore() {
        ReportHeap heap = new ReportHeap(3);
        push(heap, 1, 300);
        push(heap, 2, 100);
        assertFalse(heap.isFull());
        push(heap, 3, 200);
        assertTrue(heap.isFull());
        assertEquals(3, heap.size());
        assertThrows(IllegalStateException.class, () -> heap.push(InputCodec.MAX_FIXED_RECORD));
        assertEquals(2, popOrderId(heap));
        assertFalse(heap.isFull());
        // The freed slot is reused without disturbing the reports still held.
        push(heap, 4, 150);
        assertEquals(
                List.of(4L, 3L, 1L), List.of(popOrderId(heap), popOrderId(heap), popOrderId(heap)));
        assertTrue(heap.isEmpty());
        assertThrows(IllegalStateException.class, heap::pop);
    }

    @Test
    void shouldPeekWithoutRemoving() {
        ReportHeap heap = new ReportHeap(4);
        push(heap, 1, 50);
        push(heap, 2, 40);
        assertEquals(40, heap.minTime());
        ExpandableArrayBuffer dst = new ExpandableArrayBuffer(64);
        int len = heap.copyMinInto(dst);
        InputCodec.decode(dst, 0, len, scratch, "peek");
        assertEquals(2, scratch.execOrderId);
        assertEquals(len, heap.copyMinInto(dst));
        assertEquals(2, heap.size());
        assertEquals(40, heap.minTime());
        heap.pop();
        assertEquals(50, heap.minTime());
        assertEquals(1, heap.size());
    }

    @Test
    void shouldRefuseAReportLargerThanItsSlot() {
        ReportHeap heap = new ReportHeap(2);
        assertThrows(IllegalArgumentException.class, () -> heap.push(ReportHeap.SLOT + 1));
        assertTrue(heap.isEmpty());
    }

    /**
     * Against a naive reference (a priority queue of (time, arrival)) over random pushes and pops.
     */
    @Test
    void shouldMatchAReferencePriorityQueue() {
        SplittableRandom random = new SplittableRandom(11);
        ReportHeap heap = new ReportHeap(16);
        PriorityQueue<long[]> reference =
                new PriorityQueue<>(
                        Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]));
        long id = 0;
        for (int step = 0; step < 20_000; step++) {
            boolean pushNow = !heap.isFull() && (heap.isEmpty() || random.nextBoolean());
            if (pushNow) {
                long time = random.nextInt(50); // few distinct times: many ties
                push(heap, ++id, time);
                reference.add(new long[] {time, id});
            } else {
                long[] expected = reference.poll();
                assertEquals(expected[0], heap.minTime());
                assertEquals(expected[1], popOrderId(heap), "step " + step);
            }
            assertEquals(reference.size(), heap.size());
        }
    }

    /**
     * Writes a report straight into the heap's storage, as the gateway's queue does, and pushes it.
     */
    private void push(ReportHeap heap, long orderId, long time) {
        scratch.clearInput();
        scratch.type = EventType.EXEC_REPORT;
        scratch.instrumentId = 1;
        scratch.exchangeTimeNs = time;
        scratch.receiveTimeNs = time;
        scratch.execOrderId = orderId;
        heap.push(InputCodec.encode(scratch, heap.storage(), heap.nextOffset()));
    }

    private long popOrderId(ReportHeap heap) {
        ExpandableArrayBuffer dst = new ExpandableArrayBuffer(64);
        int len = heap.copyMinInto(dst);
        heap.pop();
        InputCodec.decode(dst, 0, len, scratch, "heap");
        return scratch.execOrderId;
    }
}
