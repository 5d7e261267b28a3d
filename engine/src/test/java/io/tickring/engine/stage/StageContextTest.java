package io.tickring.engine.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tickring.core.ParameterException;
import io.tickring.engine.stage.risk.RiskContext;
import io.tickring.engine.stage.strategy.StrategyContext;
import io.tickring.engine.stage.strategy.StrategyStage;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * A stage context's conclude() names the key it refuses, resolves what it derives, and freezes the
 * context.
 */
class StageContextTest {
    @Test
    void shouldNameTheKeyConcludeRefuses() {
        ParameterException e =
                assertThrows(
                        ParameterException.class,
                        () -> new RiskContext().maxOrderQty(0).conclude());
        assertEquals("risk.max_order_qty: out of range: 0 (expected >= 1)", e.getMessage());
        assertEquals("max_order_qty", e.key());

        e =
                assertThrows(
                        ParameterException.class,
                        () -> new RiskContext().tradingDayZone("Mars/Olympus").conclude());
        assertEquals("trading_day_zone", e.key());

        e =
                assertThrows(
                        ParameterException.class,
                        () ->
                                new StrategyContext()
                                        .sizing(StrategyStage.Sizing.KELLY)
                                        .stopLossBps(20)
                                        .conclude());
        assertEquals("strategy.take_profit_bps: must be > 0 when sizing is kelly", e.getMessage());
    }

    @Test
    void shouldResolveTheZoneAndBeReadOnlyOnceConcluded() {
        RiskContext c =
                new RiskContext().tradingDayZone("Asia/Shanghai").tradingDayStartMinute(9 * 60);
        assertSame(c, c.conclude());
        assertSame(c, c.conclude(), "concluding twice does nothing");
        assertEquals(ZoneId.of("Asia/Shanghai"), c.zone());
        assertThrows(IllegalStateException.class, () -> c.maxPosition(5));
        StrategyContext s = new StrategyContext().conclude();
        assertThrows(IllegalStateException.class, () -> s.threshold(0.5));
    }
}
