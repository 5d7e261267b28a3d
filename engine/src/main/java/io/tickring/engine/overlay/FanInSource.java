package io.tickring.engine.overlay;

import io.tickring.engine.ingress.EventQueue;
import io.tickring.engine.ingress.InputSource;
import org.agrona.MutableDirectBuffer;

/**
 * The market source and the overlay's ingress queue as one source, in arrival order: what the
 * Sequencer reads in a live run with the overlay on. The overlay's queue is polled first (a few
 * events a minute cannot starve the market); the whole is finished when the market is.
 */
final class FanInSource implements InputSource {
    private final InputSource market;
    private final EventQueue overlay;

    FanInSource(InputSource market, EventQueue overlay) {
        this.market = market;
        this.overlay = overlay;
    }

    @Override
    public int poll(MutableDirectBuffer dst) {
        int n = overlay.poll(dst);
        return n > 0 ? n : market.poll(dst);
    }

    @Override
    public String name() {
        return market.name();
    }
}
