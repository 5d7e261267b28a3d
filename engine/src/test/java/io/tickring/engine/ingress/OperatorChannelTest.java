package io.tickring.engine.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.KillSwitch;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.SequenceInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The stdin channel: commands, the kill latch, the rearm token and hostile input. */
class OperatorChannelTest {
    private static final String TOKEN = "s3cret-Token";

    private final EventQueue control = EventQueue.manyToOne("operator", 1 << 12);
    private final KillSwitch killSwitch = new KillSwitch();
    private final StringWriter status = new StringWriter();

    @Test
    void shouldSendEachOperatorCommandAsControlEventAndNameUnknownOnes() throws Exception {
        run("halt\n\n  resume  \nbogus\nfeed-gap\nreduce-only\nkill\n", TOKEN);
        assertEquals(
                List.of(
                        ControlCode.HALT,
                        ControlCode.RESUME,
                        ControlCode.REDUCE_ONLY,
                        ControlCode.KILL),
                sent());
        assertEquals(
                lines(
                        "operator: HALT sent",
                        "operator: RESUME sent",
                        "operator: unknown command 'bogus' (halt, resume, reduce-only, kill,"
                                + " rearm TOKEN)",
                        "operator: unknown command 'feed-gap' (halt, resume, reduce-only, kill,"
                                + " rearm TOKEN)",
                        "operator: REDUCE_ONLY sent",
                        "operator: KILL sent (latched: nothing is released until rearm)"),
                status.toString());
    }

    @Test
    void shouldTripTheLatchBeforeTheKillEventIsEvenRead() throws Exception {
        run("kill\n", TOKEN);
        assertTrue(killSwitch.tripped(), "the latch trips when the command is read");
        RingEvent e = poll();
        assertEquals(ControlCode.KILL, e.controlCode);
        assertEquals(killSwitch.trippedAtNs(), e.receiveTimeNs, "one moment for both");
    }

    @Test
    void shouldRearmOnlyWithTheTokenAndNeverEchoIt() throws Exception {
        run("kill\nresume\nrearm\nrearm wrong\nrearm " + TOKEN + " extra\n", TOKEN);
        assertTrue(killSwitch.tripped(), "resume and refused rearms leave the latch tripped");
        assertEquals(List.of(ControlCode.KILL, ControlCode.RESUME), sent());
        String said = status.toString();
        assertTrue(said.contains("rearm refused: wrong token; 2 refused"), said);
        assertTrue(said.contains("rearm refused: give the admin token"), said);
        assertFalse(said.contains("wrong'"), "a refused token is not echoed: " + said);

        status.getBuffer().setLength(0);
        run("rearm " + TOKEN + "\r\n", TOKEN);
        assertTrue(killSwitch.tripped(), "the latch waits for the REARM to reach the router");
        RingEvent e = poll();
        assertEquals(ControlCode.REARM, e.controlCode);
        assertEquals(0, e.controlParamId, "nothing of the token travels with the event");
        assertEquals(1, e.controlParamValue, "the kills received before it");
        assertEquals(
                lines("operator: REARM sent (trading is allowed again when the engine reaches it)"),
                status.toString());
        assertFalse(status.toString().contains(TOKEN));
        assertTrue(killSwitch.rearm(e.controlParamValue), "the router's rearm lifts it");
        assertFalse(killSwitch.tripped());
    }

    @Test
    void shouldNotLetARearmLiftAKillReceivedAfterIt() throws Exception {
        OperatorCommands commands = new OperatorCommands(control, killSwitch, TOKEN);
        commands.send(ControlCode.KILL, null);
        commands.send(ControlCode.REARM, TOKEN);
        commands.send(ControlCode.KILL, null); // before the REARM reached the router
        sent();
        assertFalse(killSwitch.rearm(1), "the second kill stands");
        assertTrue(killSwitch.tripped());
        assertTrue(killSwitch.rearm(2));
        assertFalse(killSwitch.tripped());
    }

    @Test
    void shouldRefuseEveryRearmWithoutAConfiguredToken() throws Exception {
        OperatorCommands commands = run("kill\nrearm anything\nrearm \n", null);
        assertTrue(killSwitch.tripped());
        assertEquals(List.of(ControlCode.KILL), sent());
        assertEquals(2, commands.refusals());
        assertTrue(
                status.toString().contains("rearm refused: no admin token is configured"),
                status.toString());
        assertEquals(
                OperatorCommands.Outcome.NO_TOKEN_CONFIGURED,
                commands.send(ControlCode.REARM, ""),
                "an empty token configures nothing");
    }

    @Test
    void shouldDiscardAnOverlongLineWithOneWarningAndKeepReading() throws Exception {
        // 8 MiB with no newline, then a valid command: the channel must neither hold the line
        // nor die on it.
        InputStream flood = new RepeatingInput((byte) 'k', 8 << 20);
        InputStream rest =
                new ByteArrayInputStream(
                        ("\nhalt\n" + "x".repeat(OperatorChannel.MAX_LINE) + "\nresume")
                                .getBytes(StandardCharsets.US_ASCII));
        OperatorCommands commands = new OperatorCommands(control, killSwitch, TOKEN);
        Thread t =
                new OperatorChannel(
                                new SequenceInputStream(flood, rest),
                                commands,
                                new PrintWriter(status))
                        .start();
        t.join(60_000);
        assertFalse(t.isAlive(), "the channel ends with its input");
        assertEquals(List.of(ControlCode.HALT, ControlCode.RESUME), sent());
        assertEquals(
                lines(
                        "operator: a line longer than 1024 bytes was discarded up to its newline",
                        "operator: HALT sent",
                        "operator: unknown command 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' (halt,"
                                + " resume, reduce-only, kill, rearm TOKEN)",
                        "operator: RESUME sent"),
                status.toString(),
                "a line of exactly the limit is read; the last line needs no newline");
    }

    @Test
    void shouldRefuseNonPrintableInputInOneLine() throws Exception {
        run("kill\u001b[A\nh\u00e9lt\nhalt\u0000\nhalt\n", TOKEN);
        assertFalse(killSwitch.tripped(), "a refused line trips nothing");
        assertEquals(List.of(ControlCode.HALT), sent());
        assertEquals(
                lines(
                        "operator: refused a line with a non-printable byte 0x1B at column 5",
                        "operator: refused a line with a non-printable byte 0xC3 at column 2",
                        "operator: refused a line with a non-printable byte 0x00 at column 5",
                        "operator: HALT sent"),
                status.toString());
    }

    @Test
    void shouldRefuseCodesThatAreNotTheOperators() {
        OperatorCommands commands = new OperatorCommands(control, killSwitch, TOKEN);
        for (byte code :
                new byte[] {
                    ControlCode.PARAM,
                    ControlCode.FEED_GAP,
                    ControlCode.MARKET_HALT,
                    ControlCode.RESTART,
                    0,
                    42
                }) {
            assertEquals(
                    OperatorCommands.Outcome.NOT_AN_OPERATOR_COMMAND,
                    commands.send(code, TOKEN),
                    ControlCode.name(code));
        }
        assertEquals(List.of(), sent());
    }

    private OperatorCommands run(String input, String token) throws Exception {
        OperatorCommands commands = new OperatorCommands(control, killSwitch, token);
        Thread t =
                new OperatorChannel(
                                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                                commands,
                                new PrintWriter(status))
                        .start();
        t.join(10_000);
        assertFalse(t.isAlive(), "the channel ends with its input");
        return commands;
    }

    private RingEvent poll() {
        UnsafeBuffer buf = new UnsafeBuffer(new byte[4096]);
        int n = control.poll(buf);
        assertTrue(n > 0, "an event was sent");
        RingEvent e = new RingEvent();
        InputCodec.decode(buf, 0, n, e, "operator");
        assertEquals(EventType.CONTROL, e.type);
        return e;
    }

    private List<Byte> sent() {
        List<Byte> codes = new ArrayList<>();
        while (!control.isEmpty()) {
            codes.add(poll().controlCode);
        }
        return codes;
    }

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    /** {@code length} copies of one byte, made as they are read: nothing of that size is held. */
    private static final class RepeatingInput extends InputStream {
        private final byte b;
        private long left;

        RepeatingInput(byte b, long length) {
            this.b = b;
            this.left = length;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(buf, off, off + n, b);
            left -= n;
            return n;
        }
    }
}
