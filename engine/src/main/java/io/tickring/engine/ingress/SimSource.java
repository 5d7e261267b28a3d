package io.tickring.engine.ingress;

import io.tickring.adapters.sim.MarketSimulator;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import org.agrona.MutableDirectBuffer;

/**
 * The market simulator pulled directly by the Sequencer, as fast as the ring goes: simulation mode
 * and benchmarks. Ends when simulated time passes {@code endTimeNs}. Allocation-free.
 */
public final class SimSource implements InputSource {
    private final MarketSimulator simulator;
    private final long endTimeNs;
    private final RingEvent event = new RingEvent();

    public SimSource(MarketSimulator simulator, long endTimeNs) {
        this.simulator = simulator;
        this.endTimeNs = endTimeNs;
    }

    @Override
    public int poll(MutableDirectBuffer dst) {
        if (!simulator.next(event) || event.exchangeTimeNs > endTimeNs) {
            return FINISHED;
        }
        return InputCodec.encode(event, dst, 0);
    }

    @Override
    public String name() {
        return "sim";
    }
}
