package io.tickring.engine.stage.risk;

import io.tickring.core.Side;
import org.agrona.collections.Long2LongHashMap;

/**
 * The risk gate's book of open orders: every accepted order until its final report, with the
 * quantity still open (leaves) reserved against its instrument's worst-case position and, for buys,
 * against the account's cash. A fill releases what it filled; a fill, cancel or reject that ends
 * the order releases the rest.
 *
 * <p>A dense array of slots with an order-id index: the order of slots changes on removal (the last
 * slot moves into the hole), which no decision depends on. Single-threaded (the gate's),
 * allocation-free.
 */
final class OpenOrders {
    /** Slot returned for an order the book does not hold. */
    static final int NONE = -1;

    private final double[] multipliers;
    private final long[] openBuy;
    private final long[] openSell;
    private final Long2LongHashMap slotOf = new Long2LongHashMap(NONE);
    private final long[] id;
    private final int[] instrument;
    private final byte[] side;
    private final long[] px;
    private final long[] leaves;
    private int count;
    private double reservedBuyNotional;

    /**
     * @param capacity orders held at once
     * @param multipliers each instrument's price multiplier, by the gate's instrument index
     */
    OpenOrders(int capacity, double[] multipliers) {
        this.multipliers = multipliers.clone();
        openBuy = new long[multipliers.length];
        openSell = new long[multipliers.length];
        id = new long[capacity];
        instrument = new int[capacity];
        side = new byte[capacity];
        px = new long[capacity];
        leaves = new long[capacity];
    }

    boolean isFull() {
        return count == id.length;
    }

    int count() {
        return count;
    }

    /** The slot of {@code orderId}, or {@link #NONE}. */
    int slotOf(long orderId) {
        return (int) slotOf.get(orderId);
    }

    /**
     * Holds a new order and reserves its quantity.
     *
     * @param orderPx the limit price, or the touch for a market order: the reservation is released
     *     at the same price
     */
    void add(long orderId, int n, byte orderSide, long orderPx, long qty) {
        int k = count++;
        id[k] = orderId;
        instrument[k] = n;
        side[k] = orderSide;
        px[k] = orderPx;
        leaves[k] = qty;
        slotOf.put(orderId, k);
        if (orderSide == Side.BUY) {
            openBuy[n] += qty;
            reservedBuyNotional += qty * (orderPx / multipliers[n]);
        } else {
            openSell[n] += qty;
        }
    }

    /** Quantity still open in slot {@code k}. */
    long leaves(int k) {
        return leaves[k];
    }

    /** Takes {@code q} off slot {@code k}'s reservation. */
    void release(int k, long q) {
        int n = instrument[k];
        leaves[k] -= q;
        if (side[k] == Side.BUY) {
            openBuy[n] -= q;
            reservedBuyNotional -= q * (px[k] / multipliers[n]);
        } else {
            openSell[n] -= q;
        }
    }

    /** Forgets slot {@code k} (release its leaves first); the last slot moves into it. */
    void remove(int k) {
        slotOf.remove(id[k]);
        int last = --count;
        if (k != last) {
            id[k] = id[last];
            instrument[k] = instrument[last];
            side[k] = side[last];
            px[k] = px[last];
            leaves[k] = leaves[last];
            slotOf.put(id[k], k);
        }
    }

    /** Open buy quantity of instrument {@code n}. */
    long openBuy(int n) {
        return openBuy[n];
    }

    /** Open sell quantity of instrument {@code n}. */
    long openSell(int n) {
        return openSell[n];
    }

    /** Currency the open buys will need if they fill at their prices. */
    double reservedBuyNotional() {
        return reservedBuyNotional;
    }

    /**
     * True if an order on {@code orderSide} at {@code limitPx} (0: market) could trade with one of
     * our own open orders on the other side of instrument {@code n}.
     */
    boolean crossesOwn(int n, byte orderSide, long limitPx) {
        for (int k = 0; k < count; k++) {
            if (instrument[k] == n && side[k] == -orderSide) {
                if (limitPx == 0 || (orderSide == Side.BUY ? limitPx >= px[k] : limitPx <= px[k])) {
                    return true;
                }
            }
        }
        return false;
    }
}
