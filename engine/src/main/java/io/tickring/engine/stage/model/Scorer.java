package io.tickring.engine.stage.model;

import io.tickring.core.RingEvent;

/** Turns an event's features into class probabilities (up, flat, down) written into the event. */
public interface Scorer {
    /** Writes {@code pUp}, {@code pFlat}, {@code pDown} and sets {@code scored}. */
    void score(RingEvent e);

    /** A short description for the SESSION record, e.g. the model's kind and digest. */
    String describe();

    /**
     * SHA-256 of the model file (with its external data files), or of the rule's definition for
     * built-in rules.
     */
    String digest();

    /** The files the digest covers, as messages name them; empty for a built-in rule. */
    default String files() {
        return "";
    }
}
