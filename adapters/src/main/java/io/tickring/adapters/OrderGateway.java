package io.tickring.adapters;

import io.tickring.core.RingEvent;

/**
 * Where the router releases orders. Implementations are called on the router's thread and must not
 * block, lock or allocate; their execution reports come back as EXEC_REPORT input events through an
 * ingress queue, so they are journaled and replay exactly.
 */
public interface OrderGateway {
    /**
     * Releases an order.
     *
     * @param cause the input event that caused it (its book fields are current for the instrument)
     */
    void submit(
            long orderId,
            int instrumentId,
            byte side,
            byte orderType,
            byte tif,
            long qty,
            long limitPx,
            RingEvent cause);

    /** Requests the cancel of an open order. */
    void cancel(long orderId, int instrumentId, RingEvent cause);

    /**
     * Requests a change of an open order's quantity and limit price (a FIX
     * OrderCancelReplaceRequest). The paper venue does not replace orders; the router does not ask
     * for it yet.
     */
    default void replace(long orderId, int instrumentId, long qty, long limitPx, RingEvent cause) {}

    /**
     * Sees every BOOK and TRADE event on the router's thread, before the router routes that event's
     * intent: a simulated venue matches resting orders here. Live gateways ignore it.
     */
    default void onMarketData(RingEvent e) {}

    /**
     * Sees every EXEC_REPORT on the router's thread, after the portfolio has: a live gateway
     * resumed on a journal learns from the recovered reports what became of the orders it sent
     * before the restart. Others ignore it.
     */
    default void onReport(RingEvent e) {}

    /**
     * A gateway that drops everything: replay uses it, since the journal holds the original
     * reports.
     */
    OrderGateway NONE =
            new OrderGateway() {
                @Override
                public void submit(
                        long orderId,
                        int instrumentId,
                        byte side,
                        byte orderType,
                        byte tif,
                        long qty,
                        long limitPx,
                        RingEvent cause) {}

                @Override
                public void cancel(long orderId, int instrumentId, RingEvent cause) {}
            };
}
