package io.tickring.engine.ingress;

import io.tickring.core.EventPublisher;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.JournalFormatException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.agrona.BitUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A lock-free ingress queue from one producer (or several, for the many-to-one kind) to the
 * Sequencer, carrying events in the journal's binary encoding. Backed by an Agrona ring buffer in
 * direct memory: offering and polling are allocation-free.
 */
public final class EventQueue implements EventPublisher {
    private final String name;
    private final RingBuffer ring;
    private final CopyHandler copyHandler = new CopyHandler();
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLongArray rejectedByType = new AtomicLongArray(EventType.MAX + 1);

    private EventQueue(String name, RingBuffer ring) {
        this.name = name;
        this.ring = ring;
    }

    /**
     * A queue for exactly one producer thread. {@code capacity} is rounded up to a power of two.
     */
    public static EventQueue oneToOne(String name, int capacity) {
        return new EventQueue(name, new OneToOneRingBuffer(buffer(capacity)));
    }

    /** A queue that several producer threads may offer to. */
    public static EventQueue manyToOne(String name, int capacity) {
        return new EventQueue(name, new ManyToOneRingBuffer(buffer(capacity)));
    }

    private static AtomicBuffer buffer(int capacity) {
        int cap = BitUtil.findNextPositivePowerOfTwo(Math.max(capacity, 4096));
        return new UnsafeBuffer(
                ByteBuffer.allocateDirect(cap + RingBufferDescriptor.TRAILER_LENGTH));
    }

    public String name() {
        return name;
    }

    /**
     * Offers the input part of {@code e}. Returns false, and counts a rejection, when the queue is
     * full; the caller decides whether to retry or drop.
     */
    @Override
    public boolean offer(RingEvent e) {
        int length = InputCodec.encodedLength(e);
        int index = ring.tryClaim(e.type, length);
        if (index <= 0) {
            // By type first: a reader that sees the total sees every type's share of it.
            rejectedByType.incrementAndGet(e.type & EventType.MAX);
            rejected.incrementAndGet();
            return false;
        }
        InputCodec.encode(e, ring.buffer(), index);
        ring.commit(index);
        offered.incrementAndGet();
        return true;
    }

    /**
     * Copies the next message into {@code dst} at offset 0.
     *
     * @return its length, or 0 if the queue is empty
     */
    public int poll(MutableDirectBuffer dst) {
        return poll(dst, 0, Integer.MAX_VALUE);
    }

    /**
     * Copies the next message into {@code dst} at {@code offset}, where at most {@code maxLength}
     * bytes fit: the Sequencer polls execution reports straight into its report heap this way.
     *
     * @return its length, or 0 if the queue is empty
     * @throws JournalFormatException naming the queue if the message is longer than {@code
     *     maxLength}; the message is consumed
     */
    public int poll(MutableDirectBuffer dst, int offset, int maxLength) {
        CopyHandler h = copyHandler;
        h.dst = dst;
        h.offset = offset;
        h.maxLength = maxLength;
        h.length = 0;
        ring.read(h, 1);
        h.dst = null;
        if (h.length > maxLength) {
            throw new JournalFormatException(
                    name, "a record of " + h.length + " bytes where at most " + maxLength + " fit");
        }
        return h.length;
    }

    /** Messages that could not be offered because the queue was full. */
    public long rejected() {
        return rejected.get();
    }

    /** Messages of event {@code type} that could not be offered because the queue was full. */
    public long rejected(int type) {
        return rejectedByType.get(type);
    }

    public long offered() {
        return offered.get();
    }

    public boolean isEmpty() {
        return ring.size() == 0;
    }

    private static final class CopyHandler implements MessageHandler {
        MutableDirectBuffer dst;
        int offset;
        int maxLength;
        int length;

        @Override
        public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int index, int len) {
            // Too long: say so after the read, not by throwing through the ring buffer's own code.
            if (len <= maxLength) {
                dst.putBytes(offset, buffer, index, len);
            }
            length = len;
        }
    }
}
