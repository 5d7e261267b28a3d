package io.tickring.engine.ring;

import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.RecordHeader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A fixed-capacity min-heap of encoded execution reports ordered by (event time, arrival order).
 * Arrival order is the router's processing order, which is deterministic, so ties break the same
 * way on every run. Allocation-free.
 */
final class ReportHeap {
    private static final int SLOT = 512;

    private final UnsafeBuffer slots;
    private final int[] length;
    private final long[] time;
    private final long[] arrival;
    private final int[] heap;
    private final int[] free;
    private int size;
    private int freeTop;
    private long arrivals;

    ReportHeap(int capacity) {
        if (InputCodec.MAX_FIXED_RECORD > SLOT) {
            throw new IllegalStateException("report slot too small");
        }
        slots = new UnsafeBuffer(new byte[capacity * SLOT]);
        length = new int[capacity];
        time = new long[capacity];
        arrival = new long[capacity];
        heap = new int[capacity];
        free = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i;
        }
        freeTop = capacity;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean isFull() {
        return freeTop == 0;
    }

    long minTime() {
        return time[heap[0]];
    }

    void push(DirectBuffer src, int len) {
        if (len > SLOT) {
            throw new IllegalArgumentException("report of " + len + " bytes exceeds the slot size " + SLOT);
        }
        int slot = free[--freeTop];
        slots.putBytes(slot * SLOT, src, 0, len);
        length[slot] = len;
        time[slot] = RecordHeader.exchangeTime(src, 0);
        arrival[slot] = arrivals++;
        int i = size++;
        heap[i] = slot;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(heap[i], heap[parent])) {
                break;
            }
            swap(i, parent);
            i = parent;
        }
    }

    /** Copies the smallest report into {@code dst} at 0 and returns its length. */
    int peekInto(MutableDirectBuffer dst) {
        int slot = heap[0];
        dst.putBytes(0, slots, slot * SLOT, length[slot]);
        return length[slot];
    }

    void pop() {
        int slot = heap[0];
        free[freeTop++] = slot;
        heap[0] = heap[--size];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int m = i;
            if (l < size && less(heap[l], heap[m])) {
                m = l;
            }
            if (r < size && less(heap[r], heap[m])) {
                m = r;
            }
            if (m == i) {
                break;
            }
            swap(i, m);
            i = m;
        }
    }

    private boolean less(int a, int b) {
        return time[a] < time[b] || (time[a] == time[b] && arrival[a] < arrival[b]);
    }

    private void swap(int i, int j) {
        int t = heap[i];
        heap[i] = heap[j];
        heap[j] = t;
    }
}
