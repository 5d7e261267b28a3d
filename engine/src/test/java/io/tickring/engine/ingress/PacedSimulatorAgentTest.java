package io.tickring.engine.ingress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.sim.MarketSimulator;
import io.tickring.adapters.sim.SimConfig;
import io.tickring.core.instrument.TestInstruments;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;

class PacedSimulatorAgentTest {
    private static final long START = 1_767_623_400_000_000_000L;

    private static PacedSimulatorAgent agent(long endTimeNs) {
        return new PacedSimulatorAgent(
                new MarketSimulator(SimConfig.defaults(3, TestInstruments.SIM, 5, 200, START)),
                EventQueue.oneToOne("test", 1 << 16),
                new SystemEpochNanoClock(),
                endTimeNs);
    }

    /**
     * A run "until stopped" ({@code run.duration: 0}) ends at Long.MAX_VALUE: the end check once
     * overflowed and a headless run ended after its first event.
     */
    @Test
    void shouldKeepRunningUntilStoppedWhenTheEndIsNever() {
        PacedSimulatorAgent a = agent(Long.MAX_VALUE);
        for (int i = 0; i < 100; i++) {
            a.doWork();
        }
        assertFalse(a.isFinished(), "a run without an end finished by itself");
        a.requestStop();
        a.doWork();
        assertTrue(a.isFinished());
    }

    @Test
    void shouldFinishAtItsEnd() {
        PacedSimulatorAgent a = agent(0);
        a.doWork();
        a.doWork();
        assertTrue(a.isFinished());
    }
}
