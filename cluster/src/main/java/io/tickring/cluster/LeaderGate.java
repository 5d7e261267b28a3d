package io.tickring.cluster;

import io.tickring.adapters.OrderGateway;
import io.tickring.core.RingEvent;

/**
 * The router's gateway in clustered mode: every node hands each order to its replicated venue (the
 * paper venue, whose reports are part of every node's identical state), and only the node that
 * leads also releases it to the {@link ReleaseSink}, the outside world.
 *
 * <p>Which node leads is read when the router releases, so at a change of leader an order can be
 * released by both the old and the new leader, or by neither: the reconciliation with the venue at
 * takeover (issue 18, item 2) is not built yet. Allocation-free.
 */
final class LeaderGate implements OrderGateway {
    private final OrderGateway replicated;
    private final ReleaseSink sink;
    private volatile boolean leader;

    LeaderGate(OrderGateway replicated, ReleaseSink sink) {
        this.replicated = replicated;
        this.sink = sink;
    }

    /** The clustered service's thread, on a role change. */
    void leader(boolean v) {
        leader = v;
    }

    boolean isLeader() {
        return leader;
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
        replicated.submit(orderId, instrumentId, side, orderType, tif, qty, limitPx, cause);
        if (leader) {
            sink.submit(orderId, instrumentId, side, qty, limitPx);
        }
    }

    @Override
    public void cancel(long orderId, int instrumentId, RingEvent cause) {
        replicated.cancel(orderId, instrumentId, cause);
        if (leader) {
            sink.cancel(orderId, instrumentId);
        }
    }

    @Override
    public void replace(long orderId, int instrumentId, long qty, long limitPx, RingEvent cause) {
        replicated.replace(orderId, instrumentId, qty, limitPx, cause);
    }

    @Override
    public void onMarketData(RingEvent e) {
        replicated.onMarketData(e);
    }
}
