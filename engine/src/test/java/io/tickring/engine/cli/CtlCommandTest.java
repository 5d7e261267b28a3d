package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.assertOneLineBadInput;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.cli.CliTest.Run;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code ctl}'s refusals before it sends anything: an unknown command, a URL that is not one, and
 * no token in the environment (a running engine: {@code AdminRunTest}).
 */
class CtlCommandTest {
    @Test
    void shouldRefuseAnUnknownCommandInOneLine() {
        assertOneLineBadInput(tickring("ctl", "explode"), "unknown command 'explode'");
    }

    @Test
    void shouldRefuseAUrlThatIsNotHttp() {
        assertOneLineBadInput(
                tickring("ctl", "halt", "--url", "ftp://127.0.0.1:1"), "expected http://HOST:PORT");
    }

    @Test
    void shouldRefuseToSendWithoutTheTokenInTheEnvironment() {
        Assumptions.assumeTrue(
                System.getenv("TICKRING_ADMIN_TOKEN") == null, "the test JVM has a token");
        Run r = tickring("ctl", "kill", "--url", "http://127.0.0.1:1", "--json");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("TICKRING_ADMIN_TOKEN is not set"), r.err());
        assertTrue(r.lastLine().contains("\"exit\":2"), r.out());
    }

    @Test
    void shouldDescribeEveryCommandInItsHelp() {
        Run r = tickring("ctl", "--help");
        assertEquals(0, r.code(), r.err());
        for (String c : new String[] {"halt", "resume", "reduce-only", "kill", "rearm", "status"}) {
            assertTrue(r.out().contains("  " + c + " "), c + " in " + r.out());
        }
        assertTrue(r.out().contains("TICKRING_ADMIN_TOKEN"), r.out());
    }
}
