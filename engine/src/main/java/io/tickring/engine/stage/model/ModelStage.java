package io.tickring.engine.stage.model;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.engine.ring.Stage;

/**
 * Scores BOOK events that carry a valid book with the configured {@link Scorer} and clears the
 * scores on every other event. Its parameters (scorer kind, window, normalisation, scoring policy)
 * are a {@link ModelContext}, from which the scorer is built. Allocation-free as far as the scorer
 * is.
 */
public final class ModelStage implements Stage {
    private final Scorer scorer;

    public ModelStage(Scorer scorer) {
        this.scorer = scorer;
    }

    @Override
    public String name() {
        return "model";
    }

    @Override
    public void onEvent(RingEvent e) {
        e.scored = false;
        e.pUp = 0;
        e.pFlat = 0;
        e.pDown = 0;
        if (e.type == EventType.BOOK && e.bookValid) {
            scorer.score(e);
        }
    }
}
