package io.tickring.engine.stage.model;

import io.tickring.core.RingEvent;
import io.tickring.journal.Digests;

/**
 * The demo's stand-in for a model: how far the microprice sits from the mid, in half-spreads, read
 * as the probability of the next move. Since microprice - mid = half-spread × L1 imbalance, that
 * distance s is the L1 imbalance, in [-1, 1]; p(up) = max(s, 0), p(down) = max(-s, 0), p(flat) = 1
 * - |s|.
 */
public final class MicropriceRule implements Scorer {
    static final String DEFINITION =
            "microprice-rule/v1: s=(micro-mid)/(spread/2)=imbalanceL1; up=max(s,0); down=max(-s,0)";

    @Override
    public void score(RingEvent e) {
        double s = Math.max(-1.0, Math.min(1.0, e.imbalanceL1));
        e.pUp = Math.max(s, 0.0);
        e.pDown = Math.max(-s, 0.0);
        e.pFlat = 1.0 - Math.abs(s);
        e.scored = true;
    }

    @Override
    public String describe() {
        return "microprice-rule";
    }

    @Override
    public String digest() {
        return Digests.sha256(DEFINITION);
    }
}
