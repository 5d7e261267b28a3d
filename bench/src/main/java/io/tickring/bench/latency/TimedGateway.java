package io.tickring.bench.latency;

import io.tickring.adapters.OrderGateway;
import io.tickring.core.RingEvent;

/**
 * The paper venue with a stopwatch in front: when the router releases an order whose cause is a
 * market event the harness injected, records the time from that event's planned send time (its
 * receive time) to the release, then hands the order on. Runs on the router's thread;
 * allocation-free.
 */
final class TimedGateway implements OrderGateway {
    private final OrderGateway venue;
    private final LatencySeries tickToOrder;
    private final MeasureWindow window;
    private volatile long submitted;
    private volatile long timed;

    TimedGateway(OrderGateway venue, MeasureWindow window, LatencySeries tickToOrder) {
        this.venue = venue;
        this.window = window;
        this.tickToOrder = tickToOrder;
    }

    @Override
    public void submit(
            long orderId,
            int instrumentId,
            byte side,
            byte orderType,
            byte tif,
            long qty,
            long limitPx,
            RingEvent cause) {
        if (TimedStage.isMarket(cause.type) && window.counts(cause.receiveTimeNs)) {
            tickToOrder.record(HarnessClock.now() - cause.receiveTimeNs);
            timed = timed + 1;
        }
        submitted = submitted + 1;
        venue.submit(orderId, instrumentId, side, orderType, tif, qty, limitPx, cause);
    }

    @Override
    public void cancel(long orderId, int instrumentId, RingEvent cause) {
        venue.cancel(orderId, instrumentId, cause);
    }

    @Override
    public void onMarketData(RingEvent e) {
        venue.onMarketData(e);
    }

    /** Orders the router released. */
    long submitted() {
        return submitted;
    }

    /** Of those, the ones caused by a measured injected market event (timed). */
    long timed() {
        return timed;
    }
}
