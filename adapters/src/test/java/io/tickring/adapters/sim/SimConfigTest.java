package io.tickring.adapters.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.instrument.Instrument;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimConfigTest {
    private static final List<Instrument> ONE = List.of(SimFixtures.aroundTheClock(1));

    @Test
    void shouldDefaultToAHundredOnTheTickGridAndADepthZoneOfTwiceTheLevelsPlusTen() {
        SimConfig c =
                SimConfig.defaults(
                        1, List.of(SimFixtures.aroundTheClock(1), SimFixtures.aShare(2)), 5, 50, 0);
        assertEquals(1_000_000, c.startPrice(SimFixtures.aroundTheClock(1)));
        assertEquals(10_000, c.startPrice(SimFixtures.aShare(2)));
        assertEquals(20, c.depthTicks());
        assertEquals(Long.MAX_VALUE, c.endTimeNs());
        assertEquals(500, c.regimeMeanEvents());
        assertEquals(100, SimConfig.defaults(1, ONE, 5, 2, 0).regimeMeanEvents());
        assertEquals(
                1_230_000,
                c.withStartPrice(1, 1_230_000).startPrice(SimFixtures.aroundTheClock(1)));
    }

    @Test
    void shouldRejectBadConfigurationNamingTheKey() {
        assertMessage("levels", () -> SimConfig.defaults(1, ONE, 11, 50, 0));
        assertMessage("levels", () -> SimConfig.defaults(1, ONE, 0, 50, 0));
        assertMessage("eventsPerSecond", () -> SimConfig.defaults(1, ONE, 5, 0, 0));
        assertMessage("instruments", () -> SimConfig.defaults(1, List.of(), 5, 50, 0));
        assertMessage(
                "instruments",
                () ->
                        SimConfig.defaults(
                                1,
                                List.of(SimFixtures.aShare(1), SimFixtures.aShare(1)),
                                5,
                                50,
                                0));
        assertMessage("endTimeNs", () -> SimConfig.defaults(1, ONE, 5, 50, 10).withEndTimeNs(5));
        assertMessage(
                "regimeStrength", () -> SimConfig.defaults(1, ONE, 5, 50, 0).withRegime(1.0, 100));
        assertMessage(
                "startPrices",
                () -> SimConfig.defaults(1, ONE, 5, 50, 0).withStartPrice(1, 1_000_050));
        assertMessage(
                "startPrices", () -> SimConfig.defaults(1, ONE, 5, 50, 0).withStartPrice(1, 400));
        assertMessage(
                "startPrices",
                () -> SimConfig.defaults(1, ONE, 5, 50, 0).withStartPrice(9, 1_000_000));
    }

    private static void assertMessage(String key, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
