package io.tickring.cluster;

import io.tickring.engine.ingress.InputSource;
import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The cluster's log as the Sequencer's input: the clustered service's thread writes each input
 * record it receives in consensus order, the Sequencer's thread reads them in the same order. The
 * bytes are the project's encoded input records as the client sent them; they are copied, not
 * re-encoded. Allocation-free in steady state.
 *
 * <p>The writer must never drop a record (every node must see the whole log), so {@link #offer}
 * reports a full buffer and the service waits for room.
 */
final class ClusterLogSource implements InputSource {
    private static final int MSG_TYPE = 1;

    private final OneToOneRingBuffer buffer;
    private final MessageHandler copier = this::copy;
    private volatile boolean finished;
    private MutableDirectBuffer dst;
    private int copied;

    ClusterLogSource(int capacity) {
        buffer =
                new OneToOneRingBuffer(
                        new UnsafeBuffer(
                                ByteBuffer.allocateDirect(
                                        capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** Service thread: appends one record; false if the buffer is full now. */
    boolean offer(DirectBuffer src, int offset, int length) {
        return buffer.write(MSG_TYPE, src, offset, length);
    }

    /** Service thread: no record follows; the Sequencer finishes once it has read the rest. */
    void finish() {
        finished = true;
    }

    boolean isFinished() {
        return finished;
    }

    @Override
    public int poll(MutableDirectBuffer dst) {
        int n = readOne(dst);
        if (n > 0) {
            return n;
        }
        // The flag before a last look, so nothing written just before it was set is lost.
        if (finished) {
            n = readOne(dst);
            return n > 0 ? n : FINISHED;
        }
        return NOTHING_YET;
    }

    private int readOne(MutableDirectBuffer target) {
        dst = target;
        copied = 0;
        buffer.read(copier, 1);
        dst = null;
        return copied;
    }

    private void copy(int msgTypeId, MutableDirectBuffer src, int index, int length) {
        dst.putBytes(0, src, index, length);
        copied = length;
    }

    @Override
    public String name() {
        return "cluster-log";
    }
}
