package io.tickring.bench.latency;

import io.tickring.adapters.sim.MarketSimulator;
import io.tickring.core.EventPublisher;
import io.tickring.core.RingEvent;

/**
 * The open-loop market-data adapter of the harness: on its own thread it sends the simulator's
 * events, one per planned time of an {@link OpenLoopSchedule}, each stamped with its planned time
 * (exchange and receive time, epoch ns) so that every later stage can measure from it. A full
 * ingress queue is retried, never skipped: the wait shows up as latency. The next event is
 * generated before the wait, so generating it is not on the measured path.
 */
final class MarketInjector implements Runnable {
    private final MarketSimulator simulator;
    private final EventPublisher out;
    private OpenLoopSchedule schedule;
    private final long events;
    private long warmupEvents;
    private final LatencySeries sendLag;
    private final RingEvent event = new RingEvent();
    private volatile long sent;
    private volatile long fullRetries;
    private volatile boolean finished;
    private volatile boolean stop;

    /**
     * @param events how many events to send (0 for none)
     * @param sendLag where the time from planned to handed over goes (the injector's own lateness)
     */
    MarketInjector(
            MarketSimulator simulator, EventPublisher out, long events, LatencySeries sendLag) {
        this.simulator = simulator;
        this.out = out;
        this.events = events;
        this.sendLag = sendLag;
    }

    /**
     * Sets the schedule and the ticks not measured; call before starting the thread that runs this
     * injector.
     */
    void schedule(OpenLoopSchedule s, long warmup) {
        schedule = s;
        warmupEvents = warmup;
    }

    @Override
    public void run() {
        try {
            long retries = 0;
            for (long i = 0; i < events && !stop; i++) {
                if (!simulator.next(event)) {
                    break;
                }
                long planned = schedule.planned(i);
                OpenLoopSchedule.awaitTime(planned);
                if (schedule.unpaced()) {
                    // As fast as taken: the send time itself, so that event time advances as in a
                    // paced run (the model's and the strategy's event-time rules see real gaps).
                    planned = System.nanoTime();
                }
                long plannedEpoch = HarnessClock.toEpoch(planned);
                event.exchangeTimeNs = plannedEpoch;
                event.receiveTimeNs = plannedEpoch;
                while (!out.offer(event)) {
                    retries++;
                    if (stop) {
                        return;
                    }
                    Thread.yield();
                }
                if (i >= warmupEvents) {
                    sendLag.record(HarnessClock.now() - plannedEpoch);
                }
                fullRetries = retries;
                sent = i + 1;
            }
        } finally {
            finished = true;
        }
    }

    /** Asks the injector to stop early (a failed engine). */
    void requestStop() {
        stop = true;
    }

    boolean isFinished() {
        return finished;
    }

    /** Events handed to the engine. */
    long sent() {
        return sent;
    }

    /** Offers refused by a full ingress queue and retried. */
    long fullRetries() {
        return fullRetries;
    }
}
