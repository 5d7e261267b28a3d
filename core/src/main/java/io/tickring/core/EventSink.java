package io.tickring.core;

/**
 * Where an importer hands each accepted event, SESSION first: normally an {@code InputJournal}, in
 * benchmarks and tests anything else. The event is reused after the call returns; copy what you
 * keep.
 */
@FunctionalInterface
public interface EventSink {
    void onEvent(RingEvent event);
}
