package io.tickring.engine.ingress;

import java.util.function.BooleanSupplier;
import org.agrona.MutableDirectBuffer;

/**
 * An ingress queue fed by an adapter thread, seen as a ring input. Finished once its producer says
 * so and the queue is empty.
 */
public final class QueueSource implements InputSource {
    private final EventQueue queue;
    private final BooleanSupplier producerFinished;

    public QueueSource(EventQueue queue, BooleanSupplier producerFinished) {
        this.queue = queue;
        this.producerFinished = producerFinished;
    }

    @Override
    public int poll(MutableDirectBuffer dst) {
        int n = queue.poll(dst);
        if (n > 0) {
            return n;
        }
        // Check the flag before a last look, so nothing offered just before it was set is lost.
        if (producerFinished.getAsBoolean()) {
            n = queue.poll(dst);
            return n > 0 ? n : FINISHED;
        }
        return NOTHING_YET;
    }

    /** The queue this source drains: the Sequencer watches its full-queue drops. */
    public EventQueue queue() {
        return queue;
    }

    @Override
    public String name() {
        return queue.name();
    }
}
