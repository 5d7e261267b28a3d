package io.tickring.engine.stage.risk;

import io.tickring.core.ControlCode;
import io.tickring.core.RiskReason;

/**
 * The gate's trading state, ACTIVE, REDUCING or HALTED, as the strictest of three causes: a KILL
 * (latched: it halts until REARM, and RESUME does not lift it), the operator's other CONTROL events
 * (HALT halts, REDUCE_ONLY reduces, RESUME resumes) and a loss trip (daily loss or drawdown, which
 * halts or reduces as configured). A daily-loss trip clears at the next trading day; a drawdown
 * trip waits for RESUME. The reason names the stricter cause, so a rejected order says why; a
 * KILL's reason is {@link RiskReason#HALTED}, as it was before it latched, so the RISK records of
 * older journals replay unchanged. A STOP (the process is stopping) halts as HALT does, on top of
 * the operator's state rather than in place of it, until the next input that is not an execution
 * report: such an input after a STOP means a resumed run, which continues as the operator left it.
 *
 * <p>One writer (the gate's thread); {@link #published()} is safe from any thread.
 */
final class TradingState {
    static final int ACTIVE = 0;
    static final int REDUCING = 1;
    static final int HALTED = 2;

    private final boolean lossHalts;
    private int state = ACTIVE;
    private int reason = RiskReason.HALTED;
    private int operatorState = ACTIVE;
    private boolean stopping;
    private boolean killed;

    /** The live gateway is reconciling with the venue (CONTROL GATEWAY 1 until GATEWAY 0). */
    private boolean reconciling;

    private volatile boolean publishedKilled;
    private int lossState = ACTIVE;
    private int lossReason = RiskReason.NONE;
    private volatile int published = ACTIVE;

    /**
     * @param lossHalts true: a loss trip halts; false: it reduces
     */
    TradingState(boolean lossHalts) {
        this.lossHalts = lossHalts;
    }

    /** Applies an operator command; other codes change nothing. RESUME also clears a loss trip. */
    void onControl(byte code) {
        switch (code) {
            case ControlCode.HALT:
                operatorState = HALTED;
                break;
            case ControlCode.STOP:
                stopping = true;
                break;
            case ControlCode.KILL:
                killed = true;
                break;
            case ControlCode.REARM:
                // Lifts the kill only: a HALT or REDUCE_ONLY sent besides it still stands.
                killed = false;
                break;
            case ControlCode.REDUCE_ONLY:
                operatorState = REDUCING;
                break;
            case ControlCode.RESUME:
                // Resuming clears loss trips, not a kill; a loss still past its limit trips again
                // at
                // the next valuation.
                operatorState = ACTIVE;
                lossState = ACTIVE;
                lossReason = RiskReason.NONE;
                break;
            default:
                return;
        }
        update();
    }

    /**
     * The live gateway's reconciliation ({@link ControlCode#GATEWAY}): {@code true} halts until
     * {@code false}; neither touches the operator's state, the kill or a loss trip.
     */
    void onGateway(boolean reconciling) {
        this.reconciling = reconciling;
        update();
    }

    /**
     * A loss limit was breached ({@link RiskReason#DAILY_LOSS} or {@link RiskReason#DRAWDOWN}); the
     * first trip stands until cleared.
     */
    void onLoss(int tripReason) {
        if (tripReason != RiskReason.NONE && lossReason == RiskReason.NONE) {
            lossState = lossHalts ? HALTED : REDUCING;
            lossReason = tripReason;
            update();
        }
    }

    /**
     * An input that is not an execution report or the STOP itself: a stopping process takes in no
     * such input after its STOP, so one here comes from a run resumed on the journal, and the STOP
     * no longer holds.
     */
    void onInputAfterStop() {
        if (stopping) {
            stopping = false;
            update();
        }
    }

    /** True between a STOP and the next input that lifts it (see {@link #onInputAfterStop()}). */
    boolean stopping() {
        return stopping;
    }

    /** A new trading day clears a daily-loss trip. */
    void onNewDay() {
        if (lossReason == RiskReason.DAILY_LOSS) {
            lossState = ACTIVE;
            lossReason = RiskReason.NONE;
            update();
        }
    }

    private void update() {
        int operator = stopping || killed || reconciling ? HALTED : operatorState;
        if (operator >= lossState) {
            state = operator;
            reason = operator == HALTED ? RiskReason.HALTED : RiskReason.REDUCE_ONLY;
        } else {
            state = lossState;
            reason = lossReason;
        }
        published = state;
        publishedKilled = killed;
    }

    /** ACTIVE, REDUCING or HALTED (gate thread). */
    int state() {
        return state;
    }

    /** Why the state is not ACTIVE: the reject reason of an order the state refuses. */
    int reason() {
        return reason;
    }

    /** The state as last published; safe from any thread. */
    int published() {
        return published;
    }

    /** Whether a KILL stands (no REARM since), as last published; safe from any thread. */
    boolean killed() {
        return publishedKilled;
    }
}
