package io.tickring.engine.ring;

import io.tickring.core.RingEvent;

/**
 * One step of the ring: journal, features, model, strategy, risk or router. A stage reads the
 * event and its own state, writes its output fields into the event, and never looks at the clock,
 * at other stages' state or at thread timing, so any thread layout gives the same outputs.
 * Called on one thread only; implementations are not thread-safe.
 */
public interface Stage {
    /** The stage's name as the thread layout in the configuration refers to it. */
    String name();

    /** Handles one event. Must not block, lock, allocate in steady state or do I/O (the journal aside). */
    void onEvent(RingEvent event);

    /** Called on the stage's thread before the first event. */
    default void onStart() {}

    /** Called on the stage's thread after the last event. */
    default void onStop() {}
}
