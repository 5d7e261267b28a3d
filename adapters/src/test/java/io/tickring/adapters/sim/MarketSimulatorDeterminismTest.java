package io.tickring.adapters.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.RingEvent;
import io.tickring.core.instrument.Instrument;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarketSimulatorDeterminismTest {
    private static final int EVENTS = 200_000;
    private static final List<Instrument> INSTRUMENTS =
            List.of(
                    SimFixtures.aroundTheClock(1),
                    SimFixtures.aroundTheClock(2),
                    SimFixtures.aShare(3));

    @Test
    void shouldGiveTheSameEventsForTheSameSeed() {
        long first = hashOf(config(42), EVENTS);
        long second = hashOf(config(42), EVENTS);
        assertEquals(first, second);
    }

    @Test
    void shouldGiveDifferentEventsForDifferentSeeds() {
        assertNotEquals(hashOf(config(42), EVENTS), hashOf(config(43), EVENTS));
    }

    @Test
    void shouldGiveEachInstrumentTheSameStreamWhateverTheOtherInstruments() {
        // Each instrument draws from its own generator, so adding or reordering instruments must
        // not
        // change any instrument's own events.
        SimConfig alone =
                SimConfig.defaults(
                        42,
                        List.of(SimFixtures.aroundTheClock(2)),
                        5,
                        1_000,
                        SimFixtures.FRIDAY_UTC_MIDNIGHT_NS);
        SimConfig together =
                SimConfig.defaults(
                        42,
                        List.of(
                                SimFixtures.aShare(3),
                                SimFixtures.aroundTheClock(2),
                                SimFixtures.aroundTheClock(1)),
                        5,
                        1_000,
                        SimFixtures.FRIDAY_UTC_MIDNIGHT_NS);
        long h1 = hashOfInstrument(alone, 2, 50_000);
        long h2 = hashOfInstrument(together, 2, 50_000);
        assertEquals(h1, h2);
    }

    @Test
    void shouldCountTheEventsItReturned() {
        MarketSimulator sim = new MarketSimulator(config(7));
        RingEvent e = new RingEvent();
        for (int i = 0; i < 1_000; i++) {
            assertTrue(sim.next(e));
        }
        assertEquals(1_000, sim.eventsGenerated());
    }

    private static SimConfig config(long seed) {
        return SimConfig.defaults(seed, INSTRUMENTS, 5, 1_000, SimFixtures.FRIDAY_UTC_MIDNIGHT_NS);
    }

    private static long hashOf(SimConfig config, int events) {
        MarketSimulator sim = new MarketSimulator(config);
        RingEvent e = new RingEvent();
        long h = 17;
        for (int i = 0; i < events; i++) {
            assertTrue(sim.next(e));
            h = SimFixtures.hash(h, e);
        }
        return h;
    }

    private static long hashOfInstrument(SimConfig config, int instrumentId, int events) {
        MarketSimulator sim = new MarketSimulator(config);
        RingEvent e = new RingEvent();
        long h = 17;
        for (int n = 0; n < events; ) {
            assertTrue(sim.next(e));
            if (e.instrumentId == instrumentId) {
                h = SimFixtures.hash(h, e);
                n++;
            }
        }
        return h;
    }
}
