package io.tickring.engine.stage.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.ParameterException;
import io.tickring.engine.stage.strategy.StrategyStage.Sizing;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bound and rule {@link StrategyContext#conclude()} checks: the value just inside passes,
 * just outside fails with one line naming the key.
 */
class StrategyContextTest {
    static Stream<Arguments> refused() {
        return Stream.of(
                refuse(
                        "kind",
                        c -> c.kind("momentum"),
                        "unknown strategy kind \"momentum\" (one of microprice)"),
                refuse(
                        "threshold",
                        c -> c.threshold(0),
                        "out of range: 0.0 (expected 0 < threshold <= 1)"),
                refuse(
                        "threshold",
                        c -> c.threshold(1.01),
                        "out of range: 1.01 (expected 0 < threshold <= 1)"),
                refuse("order_qty", c -> c.orderQty(0), "out of range: 0 (expected >= 1)"),
                refuse("max_position", c -> c.maxPosition(0), "out of range: 0 (expected >= 1)"),
                refuse("cooldown", c -> c.cooldownNs(-1), "out of range: -1 (expected >= 0)"),
                refuse(
                        "min_confidence",
                        c -> c.minConfidence(1.5),
                        "out of range: 1.5 (expected 0.0..1.0)"),
                refuse("sizing", c -> c.sizing(null), "must be set"),
                refuse("notional", c -> c.notional(-1), "out of range: -1.0 (expected 0.0..)"),
                refuse(
                        "risk_fraction",
                        c -> c.riskFraction(1.01),
                        "out of range: 1.01 (expected 0.0..1.0)"),
                refuse(
                        "kelly_fraction",
                        c -> c.kellyFraction(-0.1),
                        "out of range: -0.1 (expected 0.0..1.0)"),
                refuse("kelly_cap", c -> c.kellyCap(2), "out of range: 2.0 (expected 0.0..1.0)"),
                refuse("capital", c -> c.capital(-1), "out of range: -1.0 (expected 0.0..)"),
                refuse(
                        "take_profit_bps",
                        c -> c.takeProfitBps(1_000_001),
                        "out of range: 1000001.0 (expected 0.0..1000000.0)"),
                refuse(
                        "stop_loss_bps",
                        c -> c.stopLossBps(-1),
                        "out of range: -1.0 (expected 0.0..1000000.0)"),
                refuse("max_hold", c -> c.maxHoldNs(-1), "out of range: -1 (expected >= 0)"),
                refuse(
                        "in_flight_timeout",
                        c -> c.inFlightTimeoutNs(0),
                        "out of range: 0 (expected >= 1)"),
                refuse("score_hold", c -> c.scoreHoldNs(-1), "out of range: -1 (expected >= 0)"),
                refuse(
                        "flat_before_close",
                        c -> c.flatBeforeCloseNs(-1),
                        "out of range: -1 (expected >= 0)"),
                refuse(
                        "sentiment_weight",
                        c -> c.sentimentWeight(-0.5),
                        "must be 0: sentiment may no longer make an entry alone; use"
                                + " overlay.threshold_shift and overlay.size_weight"),
                refuse(
                        "stop_loss_bps",
                        c -> c.sizing(Sizing.RISK_FRACTION),
                        "must be > 0 when sizing is risk-fraction"),
                refuse(
                        "stop_loss_bps",
                        c -> c.sizing(Sizing.KELLY).takeProfitBps(20),
                        "must be > 0 when sizing is kelly"),
                refuse(
                        "take_profit_bps",
                        c -> c.sizing(Sizing.KELLY).stopLossBps(20),
                        "must be > 0 when sizing is kelly"));
    }

    static Arguments refuse(String key, Consumer<StrategyContext> set, String problem) {
        return Arguments.of(key, set, problem);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("refused")
    void shouldRefuseAValueJustOutsideItsBoundNamingTheKey(
            String key, Consumer<StrategyContext> set, String problem) {
        StrategyContext c = new StrategyContext();
        set.accept(c);
        ParameterException e = assertThrows(ParameterException.class, c::conclude);
        assertEquals("strategy." + key + ": " + problem, e.getMessage());
        assertEquals(key, e.key());
        assertFalse(c.isConcluded(), "a refused context stays open");
    }

    @Test
    void shouldAcceptEveryBoundItself() {
        StrategyContext high =
                new StrategyContext()
                        .threshold(1)
                        .orderQty(1)
                        .maxPosition(1)
                        .cooldownNs(0)
                        .minConfidence(1)
                        .sizing(Sizing.KELLY)
                        .notional(0)
                        .riskFraction(1)
                        .kellyFraction(1)
                        .kellyCap(1)
                        .capital(0)
                        .takeProfitBps(1_000_000)
                        .stopLossBps(1_000_000)
                        .maxHoldNs(0)
                        .inFlightTimeoutNs(1)
                        .scoreHoldNs(0)
                        .flatBeforeCloseNs(0)
                        .sentimentWeight(0)
                        .sentimentHalfLifeNs(0)
                        .sentimentTtlNs(1)
                        .sentimentSizeWeight(1)
                        .sentimentThresholdShift(Math.nextDown(1.0));
        assertSame(high, high.conclude());
        StrategyContext low =
                new StrategyContext()
                        .threshold(Double.MIN_VALUE)
                        .minConfidence(0)
                        .sizing(Sizing.RISK_FRACTION)
                        .riskFraction(0)
                        .kellyFraction(0)
                        .kellyCap(0)
                        .stopLossBps(Double.MIN_VALUE)
                        .sentimentWeight(0)
                        .sentimentSizeWeight(0)
                        .sentimentThresholdShift(0);
        assertSame(low, low.conclude());
    }

    @Test
    void shouldBeReadOnlyOnceConcluded() {
        StrategyContext c = new StrategyContext().conclude();
        assertTrue(c.isConcluded());
        assertSame(c, c.conclude(), "concluding twice does nothing");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.threshold(0.5));
        assertEquals("strategy context already concluded: it is read-only", e.getMessage());
    }
}
