package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.assertOneLineBadInput;
import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.cli.CliTest.Run;
import org.junit.jupiter.api.Test;

/**
 * The parts of {@code tickring bench} that run in the engine's JVM: its help, the help of {@code
 * throughput --journal}, and an unknown set refused with one line. The sets that run in the bench
 * module's jar are tested there, through a real process ({@code BenchCliProcessTest}).
 */
class BenchCliTest {
    @Test
    void shouldPrintBenchHelpNamingEverySet() {
        Run r = tickring("bench", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("latency"), r.out());
        assertTrue(r.out().contains("throughput"), r.out());
        assertTrue(r.out().contains("'bench SET --help'"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void shouldPrintReplayThroughputHelpInsteadOfRunning() {
        Run r = tickring("bench", "throughput", "--journal", "/nonexistent", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: tickring bench throughput --journal DIR"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void shouldRefuseAnUnknownSetWithOneLine() {
        Run r = tickring("bench", "latencyy");
        assertOneLineBadInput(r, "unknown benchmark set 'latencyy'");
        Run json = tickring("bench", "latencyy", "--json");
        assertOneLineBadInput(json, "unknown benchmark set 'latencyy'");
        assertEquals("2", field(json.lastLine(), "exit"), json.out());
        assertFalse(json.err().contains("\tat "), json.err());
    }

    @Test
    void shouldRefuseBenchWithoutASet() {
        Run r = tickring("bench");
        assertEquals(2, r.code(), r.err());
        assertFalse(r.err().strip().contains("\n"), r.err());
    }
}
