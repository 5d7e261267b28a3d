package io.tickring.engine.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class OperatorChannelTest {
    @Test
    void shouldSendEachOperatorCommandAsControlEventAndNameUnknownOnes() throws Exception {
        EventQueue control = EventQueue.manyToOne("operator", 1 << 12);
        StringWriter status = new StringWriter();
        String input = "halt\n\n  resume  \nbogus\nfeed-gap\nreduce-only\nkill\n";
        Thread t =
                new OperatorChannel(
                                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                                control,
                                new PrintWriter(status))
                        .start();
        t.join(10_000);
        assertFalse(t.isAlive(), "the channel ends with its input");

        UnsafeBuffer buf = new UnsafeBuffer(new byte[4096]);
        RingEvent e = new RingEvent();
        byte[] expected = {
            ControlCode.HALT, ControlCode.RESUME, ControlCode.REDUCE_ONLY, ControlCode.KILL
        };
        for (byte code : expected) {
            int n = control.poll(buf);
            InputCodec.decode(buf, 0, n, e, "operator");
            assertEquals(EventType.CONTROL, e.type);
            assertEquals(code, e.controlCode, ControlCode.name(code));
        }
        assertEquals(0, control.poll(buf), "nothing else was sent");
        String said = status.toString();
        assertEquals(
                String.join(
                        System.lineSeparator(),
                        "operator: HALT sent",
                        "operator: RESUME sent",
                        "operator: unknown command 'bogus' (halt, resume, reduce-only, kill)",
                        "operator: unknown command 'feed-gap' (halt, resume, reduce-only, kill)",
                        "operator: REDUCE_ONLY sent",
                        "operator: KILL sent",
                        ""),
                said);
    }
}
