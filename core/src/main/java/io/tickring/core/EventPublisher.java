package io.tickring.core;

/**
 * Where an adapter offers input events on their way to the Sequencer: the engine's ingress queues
 * implement it. An adapter depends on this interface, never on the queue, so the adapters module
 * stays independent of the engine.
 */
@FunctionalInterface
public interface EventPublisher {
    /**
     * Offers the input part of {@code event}; the caller keeps ownership of the object.
     *
     * @return false when there is no room now: the caller decides whether to retry or to drop and
     *     count
     */
    boolean offer(RingEvent event);
}
