package io.tickring.engine.stage.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.ControlCode;
import io.tickring.core.RiskReason;
import org.junit.jupiter.api.Test;

/** The stricter of the operator's state and the loss trip, with the reason of the stricter one. */
class TradingStateTest {
    @Test
    void shouldFollowTheOperator() {
        TradingState t = new TradingState(true);
        assertEquals(TradingState.ACTIVE, t.state());
        t.onControl(ControlCode.REDUCE_ONLY);
        assertEquals(TradingState.REDUCING, t.state());
        assertEquals(RiskReason.REDUCE_ONLY, t.reason());
        t.onControl(ControlCode.HALT);
        assertEquals(TradingState.HALTED, t.state());
        assertEquals(RiskReason.HALTED, t.reason());
        assertEquals(TradingState.HALTED, t.published());
        t.onControl(ControlCode.RESUME);
        assertEquals(TradingState.ACTIVE, t.published());
    }

    @Test
    void shouldLatchAKillUntilRearmWhateverResumeSays() {
        TradingState t = new TradingState(true);
        t.onControl(ControlCode.KILL);
        assertEquals(TradingState.HALTED, t.state());
        assertEquals(RiskReason.HALTED, t.reason(), "a kill rejects as HALTED, as it always did");
        assertTrue(t.killed());
        t.onControl(ControlCode.RESUME);
        assertEquals(TradingState.HALTED, t.state(), "RESUME does not lift a KILL");
        t.onControl(ControlCode.REDUCE_ONLY);
        assertEquals(TradingState.HALTED, t.state(), "nor does REDUCE_ONLY");
        t.onControl(ControlCode.REARM);
        assertFalse(t.killed());
        assertEquals(TradingState.REDUCING, t.state(), "REARM lifts the kill, not the reduce-only");
        t.onControl(ControlCode.RESUME);
        assertEquals(TradingState.ACTIVE, t.published());
    }

    @Test
    void shouldTradeAgainAfterKillAndRearmAlone() {
        TradingState t = new TradingState(true);
        t.onControl(ControlCode.KILL);
        t.onControl(ControlCode.REARM);
        assertEquals(TradingState.ACTIVE, t.state(), "REARM alone allows trading again");
        t.onControl(ControlCode.HALT);
        t.onControl(ControlCode.KILL);
        t.onControl(ControlCode.REARM);
        assertEquals(TradingState.HALTED, t.state(), "a HALT beside the kill still stands");
        t.onControl(ControlCode.REARM);
        assertEquals(TradingState.HALTED, t.state(), "a REARM without a kill changes nothing");
    }

    @Test
    void shouldKeepTheFirstLossTripAndNameTheStricterCause() {
        TradingState t = new TradingState(false); // a loss reduces
        t.onLoss(RiskReason.DRAWDOWN);
        assertEquals(TradingState.REDUCING, t.state());
        assertEquals(RiskReason.DRAWDOWN, t.reason());
        t.onLoss(RiskReason.DAILY_LOSS);
        assertEquals(RiskReason.DRAWDOWN, t.reason(), "the first trip stands");
        t.onControl(ControlCode.HALT);
        assertEquals(TradingState.HALTED, t.state());
        assertEquals(RiskReason.HALTED, t.reason(), "the operator's halt is stricter");
        t.onNewDay();
        assertEquals(
                RiskReason.HALTED, t.reason(), "a new day does not clear a drawdown or a halt");
        t.onControl(ControlCode.RESUME);
        assertEquals(TradingState.ACTIVE, t.state(), "RESUME clears the drawdown trip too");
    }

    @Test
    void shouldClearADailyLossTripAtTheNextDay() {
        TradingState t = new TradingState(true); // a loss halts
        t.onLoss(RiskReason.DAILY_LOSS);
        assertEquals(TradingState.HALTED, t.state());
        assertEquals(RiskReason.DAILY_LOSS, t.reason());
        t.onControl(ControlCode.REDUCE_ONLY);
        assertEquals(
                RiskReason.DAILY_LOSS,
                t.reason(),
                "the halting loss trip is stricter than reduce-only");
        t.onNewDay();
        assertEquals(TradingState.REDUCING, t.state());
        assertEquals(RiskReason.REDUCE_ONLY, t.reason());
    }

    @Test
    void shouldHaltOnStopUntilAResumedRunsFirstInputAndKeepTheOperatorsState() {
        TradingState t = new TradingState(true);
        t.onControl(ControlCode.REDUCE_ONLY);
        t.onControl(ControlCode.STOP);
        assertEquals(TradingState.HALTED, t.state());
        assertEquals(RiskReason.HALTED, t.reason());
        assertEquals(true, t.stopping());
        t.onInputAfterStop(); // a market event after the STOP: the journal was resumed
        assertEquals(false, t.stopping());
        assertEquals(
                TradingState.REDUCING, t.state(), "the operator's reduce-only outlives the stop");
        t.onControl(ControlCode.RESUME);
        assertEquals(TradingState.ACTIVE, t.state());
        t.onControl(ControlCode.STOP);
        t.onControl(ControlCode.RESUME);
        assertEquals(TradingState.HALTED, t.state(), "RESUME does not lift a STOP");
    }
}
