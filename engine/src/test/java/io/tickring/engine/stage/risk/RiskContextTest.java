package io.tickring.engine.stage.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.ParameterException;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bound {@link RiskContext#conclude()} checks: the value just inside passes, just outside
 * fails with one line naming the key.
 */
class RiskContextTest {
    static Stream<Arguments> refused() {
        return Stream.of(
                refuse("max_order_qty", c -> c.maxOrderQty(0), "out of range: 0 (expected >= 1)"),
                refuse("max_position", c -> c.maxPosition(0), "out of range: 0 (expected >= 1)"),
                refuse(
                        "max_orders_per_second",
                        c -> c.maxOrdersPerSecond(0),
                        "out of range: 0 (expected >= 1)"),
                refuse(
                        "max_orders_per_day",
                        c -> c.maxOrdersPerDay(-1),
                        "out of range: -1 (expected >= 0)"),
                refuse(
                        "cooldown_after_fill",
                        c -> c.cooldownAfterFillNs(-1),
                        "out of range: -1 (expected >= 0)"),
                refuse(
                        "min_confidence",
                        c -> c.minConfidence(-0.01),
                        "out of range: -0.01 (expected 0.0..1.0)"),
                refuse(
                        "min_confidence",
                        c -> c.minConfidence(1.01),
                        "out of range: 1.01 (expected 0.0..1.0)"),
                refuse(
                        "min_confidence",
                        c -> c.minConfidence(Double.NaN),
                        "out of range: NaN (expected 0.0..1.0)"),
                refuse(
                        "max_position_notional",
                        c -> c.maxPositionNotional(-1),
                        "out of range: -1.0 (expected 0.0..)"),
                refuse(
                        "max_gross_exposure",
                        c -> c.maxGrossExposure(-1),
                        "out of range: -1.0 (expected 0.0..)"),
                refuse(
                        "max_order_notional",
                        c -> c.maxOrderNotional(-1),
                        "out of range: -1.0 (expected 0.0..)"),
                refuse(
                        "price_band_bps",
                        c -> c.priceBandBps(1_000_001),
                        "out of range: 1000001.0 (expected 0.0..1000000.0)"),
                refuse(
                        "market_collar_bps",
                        c -> c.marketCollarBps(0),
                        "out of range: 0.0 (expected > 0 and <= 5000)"),
                refuse(
                        "market_collar_bps",
                        c -> c.marketCollarBps(5_000.5),
                        "out of range: 5000.5 (expected > 0 and <= 5000)"),
                refuse(
                        "initial_cash",
                        c -> c.initialCash(-1),
                        "out of range: -1.0 (expected 0.0..)"),
                refuse(
                        "daily_loss_limit",
                        c -> c.dailyLossLimit(-1),
                        "out of range: -1.0 (expected 0.0..)"),
                refuse(
                        "max_drawdown",
                        c -> c.maxDrawdown(-1),
                        "out of range: -1.0 (expected 0.0..)"),
                refuse("max_data_age", c -> c.maxDataAgeNs(-1), "out of range: -1 (expected >= 0)"),
                refuse(
                        "max_score_age",
                        c -> c.maxScoreAgeNs(-1),
                        "out of range: -1 (expected >= 0)"),
                refuse(
                        "currency_rates",
                        c -> c.currencyRates(Map.of("BTC", 60_000.0)),
                        "rates need limit_currency: the currency they convert into"),
                refuse(
                        "currency_rates",
                        c -> c.limitCurrency("USD").currencyRates(Map.of("BTC", 0.0)),
                        "rate of BTC must be > 0: 0.0"),
                refuse(
                        "currency_rates",
                        c ->
                                c.limitCurrency("USD")
                                        .currencyRates(Map.of("BTC", Double.POSITIVE_INFINITY)),
                        "rate of BTC must be > 0: Infinity"),
                refuse(
                        "trading_day_start",
                        c -> c.tradingDayStartMinute(-1),
                        "expected a minute of the day in 0..1439, got -1"),
                refuse(
                        "trading_day_start",
                        c -> c.tradingDayStartMinute(24 * 60),
                        "expected a minute of the day in 0..1439, got 1440"),
                refuse(
                        "trading_day_zone",
                        c -> c.tradingDayZone("Mars/Olympus"),
                        "unknown time zone \"Mars/Olympus\""));
    }

    static Arguments refuse(String key, Consumer<RiskContext> set, String problem) {
        return Arguments.of(key, set, problem);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("refused")
    void shouldRefuseAValueJustOutsideItsBoundNamingTheKey(
            String key, Consumer<RiskContext> set, String problem) {
        RiskContext c = new RiskContext();
        set.accept(c);
        ParameterException e = assertThrows(ParameterException.class, c::conclude);
        assertEquals("risk." + key + ": " + problem, e.getMessage());
        assertEquals("risk", e.section());
        assertEquals(key, e.key());
        assertEquals(problem, e.problem());
        assertTrue(!c.isConcluded(), "a refused context stays open");
    }

    @Test
    void shouldAcceptEveryBoundItself() {
        RiskContext c =
                new RiskContext()
                        .maxOrderQty(1)
                        .maxPosition(1)
                        .maxOrdersPerSecond(1)
                        .maxOrdersPerDay(0)
                        .cooldownAfterFillNs(0)
                        .minConfidence(1)
                        .maxPositionNotional(0)
                        .maxGrossExposure(0)
                        .maxOrderNotional(0)
                        .priceBandBps(1_000_000)
                        .marketCollarBps(5_000)
                        .initialCash(0)
                        .dailyLossLimit(0)
                        .maxDrawdown(0)
                        .maxDataAgeNs(0)
                        .maxScoreAgeNs(0)
                        .limitCurrency("USD")
                        .currencyRates(Map.of("BTC", Double.MIN_VALUE))
                        .tradingDayStartMinute(24 * 60 - 1)
                        .tradingDayZone("Asia/Shanghai");
        assertSame(c, c.conclude());
        assertEquals(ZoneId.of("Asia/Shanghai"), c.zone());
        // The lower ends of the two-sided bounds.
        RiskContext low =
                new RiskContext().minConfidence(0).marketCollarBps(0.01).tradingDayStartMinute(0);
        assertSame(low, low.conclude());
    }

    @Test
    void shouldBeReadOnlyOnceConcluded() {
        RiskContext c = new RiskContext().conclude();
        assertTrue(c.isConcluded());
        assertSame(c, c.conclude(), "concluding twice does nothing");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.clamp(false));
        assertEquals("risk context already concluded: it is read-only", e.getMessage());
        assertThrows(IllegalStateException.class, () -> new RiskContext().zone());
    }
}
