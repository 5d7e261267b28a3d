package io.tickring.engine.stage;

/**
 * A position in one instrument as one stage sees it: signed quantity, average entry price, realised
 * PnL, fees and the last mark, kept from the fills and marks that stage is shown. Strategy, risk
 * gate and portfolio each keep their own (a stage never reads another stage's state), but with this
 * one type, so the average-price arithmetic is written once.
 *
 * <p>Prices, PnL and fees are currency units per unit of quantity (the fixed-point price divided by
 * the instrument's price multiplier). Buying onto a long (or selling onto a short) moves the
 * average to the quantity-weighted mean; a fill against the position realises (fill price −
 * average) × closed quantity × direction and keeps the average; a fill through zero opens the
 * remainder at the fill price; a flat position has average 0.
 *
 * <p>Single-threaded (the owning stage's thread), allocation-free.
 */
public final class Position {
    private long qty;
    private double avgPx;
    private double realised;
    private double fees;
    private double mark;
    private long openedNs;

    /**
     * Applies one fill.
     *
     * @param signedQty quantity, positive for a buy and negative for a sell; 0 changes nothing but
     *     the fees
     * @param px fill price in currency units
     * @param fee fee of the fill in currency units, added to {@link #fees()}
     * @param timeNs event time of the fill: becomes {@link #openedNs()} when the fill opens a
     *     position
     * @return the PnL this fill realised (0 when it only adds), before fees
     */
    public double fill(long signedQty, double px, double fee, long timeNs) {
        fees += fee;
        if (signedQty == 0) {
            return 0;
        }
        long before = qty;
        long after = before + signedQty;
        double closed = 0;
        if (before == 0 || Long.signum(before) == Long.signum(signedQty)) {
            avgPx =
                    (avgPx * Math.abs(before) + px * Math.abs(signedQty))
                            / (Math.abs(before) + Math.abs(signedQty));
            if (before == 0) {
                openedNs = timeNs;
            }
        } else {
            long closing = Math.min(Math.abs(signedQty), Math.abs(before));
            closed = closing * (px - avgPx) * Long.signum(before);
            realised += closed;
            if (after != 0 && Long.signum(after) != Long.signum(before)) {
                avgPx = px; // flipped: the remainder opens a new position at this price
                openedNs = timeNs;
            }
        }
        qty = after;
        if (after == 0) {
            avgPx = 0;
        }
        return closed;
    }

    /** Sets the price the position is valued at (the last mid). */
    public void mark(double price) {
        mark = price;
    }

    /** Signed quantity: positive long, negative short. */
    public long qty() {
        return qty;
    }

    /** Average entry price of the open quantity; 0 when flat. */
    public double avgPx() {
        return avgPx;
    }

    /** PnL realised by closing fills so far, before fees. */
    public double realised() {
        return realised;
    }

    /** Fees paid so far. */
    public double fees() {
        return fees;
    }

    /** The last mark; 0 before the first. */
    public double mark() {
        return mark;
    }

    /** Event time of the fill that opened the current position (meaningless when flat). */
    public long openedNs() {
        return openedNs;
    }

    /** Open PnL at the last mark: qty × (mark − average); exactly 0 when flat. */
    public double unrealised() {
        return qty == 0 ? 0 : qty * (mark - avgPx);
    }
}
