package io.tickring.engine.ingress;

import org.agrona.MutableDirectBuffer;

/**
 * A source of encoded input records that the Sequencer pulls from: a simulator, a journal reader,
 * or an ingress queue fed by an adapter thread.
 */
public interface InputSource {
    /** Returned by {@link #poll} when the source has nothing now but may have more later. */
    int NOTHING_YET = 0;

    /** Returned by {@link #poll} when the source is finished. */
    int FINISHED = -1;

    /**
     * Copies the next record into {@code dst} at offset 0.
     *
     * @return the record's length, {@link #NOTHING_YET} or {@link #FINISHED}
     */
    int poll(MutableDirectBuffer dst);

    /** A short name for messages, e.g. {@code "sim"} or the journal path. */
    String name();
}
