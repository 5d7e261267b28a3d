package io.tickring.engine.ring;

import io.tickring.core.RingEvent;

/**
 * One step of the ring: journal, features, model, strategy, risk or router. A stage reads the event
 * and its own state, writes its output fields into the event, and never looks at the clock, at
 * other stages' state or at thread timing, so any thread layout gives the same outputs. Called on
 * one thread only; implementations are not thread-safe.
 */
public interface Stage {
    /**
     * Where a stage sits in the ring's dependency graph, which {@link RingTopology} builds from it:
     * the journal reads straight behind the Sequencer, decision stages form a chain, and the
     * router's thread also waits for the journal, so no order leaves before its cause is written.
     */
    enum Role {
        /** Writes the input journal; in parallel with the decision chain. */
        JOURNAL,
        /** A step of the decision chain. */
        DECISION,
        /** Releases orders: its thread is gated on the journal's as well. */
        ROUTER
    }

    /** The stage's name as the thread layout in the configuration refers to it. */
    String name();

    /** The stage's place in the ring; a decision stage unless it says otherwise. */
    default Role role() {
        return Role.DECISION;
    }

    /**
     * Handles one event. Must not block, lock, allocate in steady state or do I/O (the journal
     * aside).
     */
    void onEvent(RingEvent event);

    /** Called on the stage's thread before the first event. */
    default void onStart() {}

    /** Called on the stage's thread after the last event. */
    default void onStop() {}
}
