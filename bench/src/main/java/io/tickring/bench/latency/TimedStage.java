package io.tickring.bench.latency;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.engine.ring.Stage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A stage of the real engine with a stopwatch around it: after the stage has handled a market event
 * (BOOK, TRADE or QUOTE, which the harness injects with its planned send time as receive time), it
 * records the time from that planned send time, and optionally the stage's own time on the event,
 * for the ticks its {@link MeasureWindow} counts (after the warm-up). Keeps the stage's name and
 * role, so the engine places it where it places the stage. Runs on the stage's thread;
 * allocation-free.
 *
 * <p>The stopwatch costs one {@code System.nanoTime()} per market event (two with the stage's own
 * time), which the figures include.
 */
final class TimedStage implements Stage {
    private final Stage stage;
    private final LatencySeries sincePlanned;
    private final LatencySeries service;
    private final LatencySeries scored;
    private final MeasureWindow window;
    private static final VarHandle MARKET_EVENTS;

    static {
        try {
            MARKET_EVENTS =
                    MethodHandles.lookup()
                            .findVarHandle(TimedStage.class, "marketEvents", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long lastEndNs;

    /** Written by the stage's thread only, with a release store; read with an acquire load. */
    @SuppressWarnings("unused") // through MARKET_EVENTS
    private long marketEvents;

    /**
     * @param sincePlanned where the time from the planned send time to the stage's end goes
     * @param service where the stage's own time on the event goes, or null
     * @param scored where the time from the planned send time goes for the events the model scored
     *     (its {@code scored} flag is set), or null
     */
    TimedStage(
            Stage stage,
            MeasureWindow window,
            LatencySeries sincePlanned,
            LatencySeries service,
            LatencySeries scored) {
        this.stage = stage;
        this.window = window;
        this.sincePlanned = sincePlanned;
        this.service = service;
        this.scored = scored;
    }

    static boolean isMarket(int type) {
        return type == EventType.BOOK || type == EventType.TRADE || type == EventType.QUOTE;
    }

    @Override
    public String name() {
        return stage.name();
    }

    @Override
    public Role role() {
        return stage.role();
    }

    @Override
    public void onEvent(RingEvent event) {
        if (!isMarket(event.type)) {
            stage.onEvent(event);
            return;
        }
        long start = service == null ? 0 : HarnessClock.now();
        stage.onEvent(event);
        long end = HarnessClock.now();
        if (window.counts(event.receiveTimeNs)) {
            if (service != null) {
                service.record(end - start);
            }
            sincePlanned.record(end - event.receiveTimeNs);
            if (scored != null && event.scored) {
                scored.record(end - event.receiveTimeNs);
            }
        }
        lastEndNs = end;
        // One writer: an ordered store publishes the count with lastEndNs, without the full fence
        // a volatile write costs on every tick.
        MARKET_EVENTS.setRelease(this, (long) MARKET_EVENTS.getOpaque(this) + 1);
    }

    @Override
    public void onStart() {
        stage.onStart();
    }

    @Override
    public void onStop() {
        stage.onStop();
    }

    /** When the stage finished its last market event, epoch ns (see {@link HarnessClock}). */
    long lastEndNs() {
        return marketEvents() == 0 ? 0 : lastEndNs;
    }

    /** Market events this stage has handled. */
    long marketEvents() {
        return (long) MARKET_EVENTS.getAcquire(this);
    }
}
