package io.tickring.engine.ingress;

import io.tickring.adapters.sim.MarketSimulator;
import io.tickring.core.RingEvent;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Runs the market simulator on its own thread at wall-clock pace, as a live feed would arrive: each
 * event is offered to the ingress queue once the wall clock reaches its exchange time. The
 * simulator's clock starts at the wall clock, so event times are real times. If the engine falls
 * behind and the queue is full, the event is dropped and counted, as a live adapter would have to.
 */
public final class PacedSimulatorAgent implements Agent {
    private final MarketSimulator simulator;
    private final EventQueue queue;
    private final EpochNanoClock clock;
    private final long endTimeNs;
    private final RingEvent event = new RingEvent();
    private boolean staged;
    private long offsetNs = Long.MIN_VALUE;
    private volatile boolean finished;
    private volatile boolean stopRequested;
    private volatile long dropped;

    /**
     * @param endTimeNs wall-clock end, or {@code Long.MAX_VALUE} to run until stopped
     */
    public PacedSimulatorAgent(
            MarketSimulator simulator, EventQueue queue, EpochNanoClock clock, long endTimeNs) {
        this.simulator = simulator;
        this.queue = queue;
        this.clock = clock;
        this.endTimeNs = endTimeNs;
    }

    @Override
    public int doWork() {
        if (finished) {
            return 0;
        }
        long now = clock.nanoTime();
        if (offsetNs == Long.MIN_VALUE) {
            // Simulated time starts when this thread does, not when the simulator was built: the
            // engine's start-up would otherwise arrive as a burst of late events.
            offsetNs = 0;
            if (simulator.next(event)) {
                offsetNs = Math.max(0, now - event.exchangeTimeNs);
                staged = true;
            }
        }
        // now - offset, not end + offset: with no end (Long.MAX_VALUE) the sum overflows and a run
        // "until stopped" whose feed started late ended at once.
        if (stopRequested || now - offsetNs >= endTimeNs) {
            finished = true;
            return 1;
        }
        int work = 0;
        while (work < 10_000) {
            if (!staged) {
                if (!simulator.next(event)) {
                    finished = true;
                    return work;
                }
                staged = true;
            }
            if (event.exchangeTimeNs + offsetNs > now) {
                return work;
            }
            event.exchangeTimeNs += offsetNs;
            event.receiveTimeNs = now;
            if (!queue.offer(event)) {
                dropped++;
            }
            staged = false;
            work++;
        }
        return work;
    }

    public void requestStop() {
        stopRequested = true;
    }

    public boolean isFinished() {
        return finished;
    }

    /** Events dropped because the ingress queue was full. */
    public long dropped() {
        return dropped;
    }

    @Override
    public String roleName() {
        return "sim";
    }
}
