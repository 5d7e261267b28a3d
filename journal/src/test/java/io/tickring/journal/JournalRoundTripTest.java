package io.tickring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.JournalFormatException;
import io.tickring.core.codec.OutputCodec;
import io.tickring.core.codec.OutputRecord;
import io.tickring.core.codec.RecordHeader;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JournalRoundTripTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(
            ints = {
                EventType.SESSION,
                EventType.BOOK,
                EventType.TRADE,
                EventType.SENTIMENT,
                EventType.EXEC_REPORT,
                EventType.TIMER,
                EventType.CONTROL
            })
    void shouldRoundTripEveryInputTypeThroughTheCodec(int type) {
        RingEvent in = SampleEvents.fill(new RingEvent(), type, 5);
        UnsafeBuffer buf = new UnsafeBuffer(new byte[InputJournal.MAX_RECORD]);
        int n = InputCodec.encode(in, buf, 0);
        assertEquals(InputCodec.encodedLength(in), n);
        RingEvent out = new RingEvent();
        InputCodec.decode(buf, 0, n, out, "test");
        assertTrue(
                SampleEvents.sameInput(in, out),
                "decoded event differs for " + EventType.name(type));
    }

    @Test
    void shouldRoundTripEveryInputTypeThroughChronicleOnDisk() {
        try (InputJournal j = new InputJournal(tmp)) {
            long seq = 0;
            for (int type : SampleEvents.INPUT_TYPES) {
                j.append(SampleEvents.fill(new RingEvent(), type, seq++));
            }
            assertEquals(SampleEvents.INPUT_TYPES.length - 1, j.lastSequence());
        }
        RingEvent expected = new RingEvent();
        RingEvent actual = new RingEvent();
        try (RecordReader r = new RecordReader(JournalPaths.in(tmp))) {
            for (int i = 0; i < SampleEvents.INPUT_TYPES.length; i++) {
                assertTrue(r.next(), "record " + i + " missing");
                InputCodec.decode(r.buffer(), 0, r.length(), actual, r.where());
                SampleEvents.fill(expected, SampleEvents.INPUT_TYPES[i], i);
                assertTrue(SampleEvents.sameInput(expected, actual), "record " + i + " differs");
            }
            assertFalse(r.next());
        }
    }

    @Test
    void shouldRoundTripEveryOutputTypeAndDigestWhatWasWritten() {
        RingEvent cause = SampleEvents.fill(new RingEvent(), EventType.BOOK, 3);
        cause.pUp = 0.7;
        cause.pFlat = 0.2;
        cause.pDown = 0.1;
        cause.intentSide = Side.BUY;
        cause.intentOrderType = OrderType.LIMIT;
        cause.intentQty = 100;
        cause.intentPx = 305_900;
        cause.intentConfidence = 0.6;
        cause.riskVerdict = RiskVerdict.CLAMP;
        cause.riskReason = 9;
        cause.approvedQty = 60;
        String digest;
        try (OutputJournal out = new OutputJournal(tmp)) {
            out.commit(OutputCodec.encodeDecision(cause, out.buffer(), 0));
            out.commit(OutputCodec.encodeRisk(cause, out.buffer(), 0));
            out.commit(
                    OutputCodec.encodeOrder(
                            cause,
                            11,
                            Side.BUY,
                            OrderType.LIMIT,
                            TimeInForce.IOC,
                            60,
                            305_900,
                            out.buffer(),
                            0));
            out.commit(OutputCodec.encodeCancel(cause, 11, 2, out.buffer(), 0));
            digest = out.digestHex();
        }
        assertEquals(digest, Digests.recordedOutputDigest(tmp));
        OutputRecord o = new OutputRecord();
        try (RecordReader r = new RecordReader(JournalPaths.out(tmp))) {
            assertTrue(r.next());
            OutputCodec.decode(r.buffer(), 0, r.length(), o, r.where());
            assertEquals(EventType.DECISION, o.type);
            assertEquals(3, o.sequence);
            assertEquals(0.7, o.pUp);
            assertEquals(Side.BUY, o.side);
            assertEquals(305_900, o.px);
            assertTrue(r.next());
            OutputCodec.decode(r.buffer(), 0, r.length(), o, r.where());
            assertEquals(EventType.RISK, o.type);
            assertEquals(RiskVerdict.CLAMP, o.verdict);
            assertEquals(60, o.qty);
            assertEquals(100, o.requestedQty);
            assertTrue(r.next());
            OutputCodec.decode(r.buffer(), 0, r.length(), o, r.where());
            assertEquals(EventType.ORDER, o.type);
            assertEquals(11, o.orderId);
            assertEquals(TimeInForce.IOC, o.tif);
            assertTrue(r.next());
            OutputCodec.decode(r.buffer(), 0, r.length(), o, r.where());
            assertEquals(EventType.CANCEL, o.type);
            assertEquals(2, o.reason);
            assertFalse(r.next());
        }
    }

    @Test
    void shouldRejectUnknownSchemaVersionAndTruncatedRecords() {
        RingEvent e = SampleEvents.fill(new RingEvent(), EventType.BOOK, 1);
        UnsafeBuffer buf = new UnsafeBuffer(new byte[1024]);
        int n = InputCodec.encode(e, buf, 0);
        JournalFormatException truncated =
                assertThrows(
                        JournalFormatException.class,
                        () -> InputCodec.decode(buf, 0, n - 8, e, "rec #1"));
        assertTrue(
                truncated.getMessage().startsWith("rec #1: truncated BOOK record"),
                truncated.getMessage());
        buf.putByte(RecordHeader.VERSION_OFFSET, (byte) 99);
        JournalFormatException version =
                assertThrows(
                        JournalFormatException.class,
                        () -> InputCodec.decode(buf, 0, n, e, "rec #1"));
        assertTrue(
                version.getMessage().contains("schema version 99 is not supported"),
                version.getMessage());
    }
}
