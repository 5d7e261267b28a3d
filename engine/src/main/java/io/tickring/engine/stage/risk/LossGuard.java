package io.tickring.engine.stage.risk;

import io.tickring.core.RiskReason;
import io.tickring.engine.stage.Position;

/**
 * The account as the risk gate values it, and its loss limits: cash from fills and fees, equity as
 * cash plus every position at its last mark, the trading day's start equity and the peak. After
 * each valuation it says whether the daily loss limit or the maximum drawdown is breached; what the
 * gate does about it is {@link TradingState}'s.
 *
 * <p>Single-threaded (the gate's), allocation-free.
 */
final class LossGuard {
    private final Position[] positions;
    private final double dailyLossLimit;
    private final double maxDrawdown;
    private double cash;
    private double equity;
    private double dayStartEquity;
    private double peakEquity;

    /**
     * @param positions the gate's positions, read at each valuation
     * @param initialCash cash at the start
     * @param dailyLossLimit loss since the day's start equity that trips; 0 is off
     * @param maxDrawdown drop from peak equity that trips; 0 is off
     */
    LossGuard(Position[] positions, double initialCash, double dailyLossLimit, double maxDrawdown) {
        this.positions = positions;
        this.dailyLossLimit = dailyLossLimit;
        this.maxDrawdown = maxDrawdown;
        cash = initialCash;
        equity = initialCash;
        dayStartEquity = initialCash;
        peakEquity = initialCash;
    }

    /**
     * Pays for (or is paid for) a fill: {@code px} and {@code fee} fixed-point, divided by {@code
     * multiplier}.
     */
    void onFill(long signedQty, long px, long fee, double multiplier) {
        cash -= signedQty * (px / multiplier) + fee / multiplier;
    }

    /**
     * Values the account and updates the peak.
     *
     * @return {@link RiskReason#DAILY_LOSS} or {@link RiskReason#DRAWDOWN} if a limit is breached
     *     (the daily loss first), else {@link RiskReason#NONE}
     */
    int revalue() {
        double eq = cash;
        for (Position p : positions) {
            if (p.qty() != 0) {
                eq += p.qty() * p.mark();
            }
        }
        equity = eq;
        if (eq > peakEquity) {
            peakEquity = eq;
        }
        if (dailyLossLimit > 0 && dayStartEquity - eq >= dailyLossLimit) {
            return RiskReason.DAILY_LOSS;
        }
        if (maxDrawdown > 0 && peakEquity - eq >= maxDrawdown) {
            return RiskReason.DRAWDOWN;
        }
        return RiskReason.NONE;
    }

    /** A new trading day: the daily loss counts from here. */
    void onNewDay() {
        dayStartEquity = equity;
    }

    /** The operator resumed: the drawdown so far is accepted, it counts from here. */
    void onResume() {
        peakEquity = equity;
    }

    double cash() {
        return cash;
    }

    double equity() {
        return equity;
    }
}
