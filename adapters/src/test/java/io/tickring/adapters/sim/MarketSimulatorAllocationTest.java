package io.tickring.adapters.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.RingEvent;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarketSimulatorAllocationTest {
    @Test
    void shouldNotAllocateInSteadyState() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        MarketSimulator sim =
                new MarketSimulator(
                        SimConfig.defaults(
                                51,
                                List.of(
                                        SimFixtures.aroundTheClock(1),
                                        SimFixtures.aroundTheClock(2),
                                        SimFixtures.aroundTheClock(3)),
                                10,
                                10_000,
                                SimFixtures.FRIDAY_UTC_MIDNIGHT_NS));
        RingEvent e = new RingEvent();
        long sink = 0;
        for (int i = 0; i < 300_000; i++) {
            sim.next(e);
            sink += e.bidPx[0];
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 1_000_000; i++) {
            sim.next(e);
            sink += e.bidPx[0];
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        System.out.printf("allocated %d bytes over 1,000,000 events (sink %d)%n", allocated, sink);
        // A few hundred bytes of slack for the measurement itself; one object per event would be >=
        // 16 MB.
        assertTrue(allocated < 1_000, "allocated " + allocated + " bytes");
    }
}
