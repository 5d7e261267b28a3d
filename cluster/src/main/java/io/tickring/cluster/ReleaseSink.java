package io.tickring.cluster;

/**
 * Where the leader's router releases orders in clustered mode: the venue connection of the node
 * that leads. Followers compute the same orders but never call it. Called on the router's thread.
 */
public interface ReleaseSink {
    /** The router released a new order. */
    void submit(long orderId, int instrumentId, byte side, long qty, long limitPx);

    /** The router released a cancel. */
    void cancel(long orderId, int instrumentId);

    /** Releases nothing: a node with no venue connection. */
    ReleaseSink NONE =
            new ReleaseSink() {
                @Override
                public void submit(
                        long orderId, int instrumentId, byte side, long qty, long limitPx) {}

                @Override
                public void cancel(long orderId, int instrumentId) {}
            };
}
