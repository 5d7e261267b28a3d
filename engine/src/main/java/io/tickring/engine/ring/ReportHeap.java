package io.tickring.engine.ring;

import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.RecordHeader;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A fixed-capacity min-heap of encoded execution reports ordered by (event time, arrival order).
 * Arrival order is the router's processing order, which is deterministic, so ties break the same
 * way on every run. Allocation-free.
 *
 * <p>A report is written straight into the heap's storage by whoever receives it, at {@link
 * #nextOffset()}, and then {@link #push pushed}; it leaves by one copy into its ring slot ({@link
 * #copyMinInto}). The heap reads only the report's exchange time: the report is checked when it is
 * decoded in its slot.
 */
final class ReportHeap {
    /** Bytes each report may take; an execution report is far smaller. */
    static final int SLOT = 512;

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
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
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

    int size() {
        return size;
    }

    /** Exchange time of the smallest report; the heap must not be empty. */
    long minTime() {
        return time[heap[0]];
    }

    /** Where the reports are kept: the next one is written at {@link #nextOffset()}. */
    MutableDirectBuffer storage() {
        return slots;
    }

    /**
     * Offset in {@link #storage()} of the next report, {@link #SLOT} bytes long; the heap must not
     * be full.
     */
    int nextOffset() {
        return free[freeTop - 1] * SLOT;
    }

    /** Takes in the {@code len}-byte report written at {@link #nextOffset()}. */
    void push(int len) {
        if (len > SLOT) {
            throw new IllegalArgumentException(
                    "report of " + len + " bytes exceeds the slot size " + SLOT);
        }
        if (freeTop == 0) {
            throw new IllegalStateException("report heap full");
        }
        int slot = free[--freeTop];
        length[slot] = len;
        time[slot] = RecordHeader.exchangeTime(slots, slot * SLOT);
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

    /**
     * Copies the smallest report into {@code dst} at 0 and returns its length; it stays in the
     * heap.
     */
    int copyMinInto(MutableDirectBuffer dst) {
        int slot = heap[0];
        dst.putBytes(0, slots, slot * SLOT, length[slot]);
        return length[slot];
    }

    /** Removes the smallest report. */
    void pop() {
        if (size == 0) {
            throw new IllegalStateException("report heap empty");
        }
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
