package io.tickring.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.codec.sbe.BookDecoder;
import io.tickring.core.codec.sbe.CancelDecoder;
import io.tickring.core.codec.sbe.ControlDecoder;
import io.tickring.core.codec.sbe.DecisionDecoder;
import io.tickring.core.codec.sbe.ExecReportDecoder;
import io.tickring.core.codec.sbe.OrderDecoder;
import io.tickring.core.codec.sbe.QuoteDecoder;
import io.tickring.core.codec.sbe.RiskDecoder;
import io.tickring.core.codec.sbe.SentimentDecoder;
import io.tickring.core.codec.sbe.SessionDecoder;
import io.tickring.core.codec.sbe.TimerDecoder;
import io.tickring.core.codec.sbe.TradeDecoder;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The schema-generated codecs behind the facade: ids, header layout, CRC, errors, allocation. */
class CodecTest {
    static RingEvent book() {
        RingEvent e = new RingEvent();
        e.clearInput();
        e.type = EventType.BOOK;
        e.sequence = 41;
        e.instrumentId = 7;
        e.exchangeTimeNs = 1_700_000_000_000_000_000L;
        e.receiveTimeNs = e.exchangeTimeNs + 5;
        e.levels = 5;
        for (int k = 0; k < 5; k++) {
            e.askPx[k] = 10_100 + k;
            e.askQty[k] = 100 + k;
            e.bidPx[k] = 10_000 - k;
            e.bidQty[k] = 200 + k;
        }
        return e;
    }

    @Test
    void shouldUseTheEventTypeIdsAsTemplateIds() {
        assertEquals(EventType.SESSION, SessionDecoder.TEMPLATE_ID);
        assertEquals(EventType.BOOK, BookDecoder.TEMPLATE_ID);
        assertEquals(EventType.TRADE, TradeDecoder.TEMPLATE_ID);
        assertEquals(EventType.SENTIMENT, SentimentDecoder.TEMPLATE_ID);
        assertEquals(EventType.EXEC_REPORT, ExecReportDecoder.TEMPLATE_ID);
        assertEquals(EventType.TIMER, TimerDecoder.TEMPLATE_ID);
        assertEquals(EventType.CONTROL, ControlDecoder.TEMPLATE_ID);
        assertEquals(EventType.DECISION, DecisionDecoder.TEMPLATE_ID);
        assertEquals(EventType.RISK, RiskDecoder.TEMPLATE_ID);
        assertEquals(EventType.ORDER, OrderDecoder.TEMPLATE_ID);
        assertEquals(EventType.CANCEL, CancelDecoder.TEMPLATE_ID);
        assertEquals(EventType.QUOTE, QuoteDecoder.TEMPLATE_ID);
        assertEquals(
                EventType.SHADOW_EXEC, io.tickring.core.codec.sbe.ShadowExecDecoder.TEMPLATE_ID);
    }

    @Test
    void shouldRoundTripAShadowExecutionReport() {
        RingEvent r = new RingEvent();
        r.type = EventType.EXEC_REPORT;
        r.instrumentId = 7;
        r.exchangeTimeNs = 1_767_646_800_000_100_000L;
        r.receiveTimeNs = r.exchangeTimeNs;
        r.execOrderId = 42;
        r.execType = 2;
        r.execSide = 1;
        r.execLastPx = 10_003;
        r.execLastQty = 60;
        r.execLeavesQty = 40;
        r.execCumQty = 60;
        r.execFee = 60;
        r.execRejectReason = 0;
        org.agrona.concurrent.UnsafeBuffer b =
                new org.agrona.concurrent.UnsafeBuffer(new byte[OutputCodec.MAX_RECORD]);
        int n = OutputCodec.encodeShadowExec(r, 99, b, 0);
        OutputRecord o = new OutputRecord();
        OutputCodec.decode(b, 0, n, o, "test");
        assertEquals(EventType.SHADOW_EXEC, o.type);
        assertEquals(99, o.sequence);
        assertEquals(7, o.instrumentId);
        assertEquals(r.exchangeTimeNs, o.exchangeTimeNs);
        assertEquals(42, o.orderId);
        assertEquals(2, o.execType);
        assertEquals(1, o.side);
        assertEquals(10_003, o.px);
        assertEquals(60, o.qty);
        assertEquals(40, o.leavesQty);
        assertEquals(60, o.cumQty);
        assertEquals(60, o.fee);
        assertEquals(RecordHeader.SCHEMA_VERSION, RecordHeader.version(b, 0));
    }

    @Test
    void shouldRoundTripAQuoteInTheCurrentVersion() {
        UnsafeBuffer b = new UnsafeBuffer(new byte[InputCodec.MAX_FIXED_RECORD]);
        RingEvent e = new RingEvent();
        e.clearInput();
        e.type = EventType.QUOTE;
        e.instrumentId = 412;
        e.sequence = 3;
        e.exchangeTimeNs = 1_723_161_257_476_000_000L;
        e.receiveTimeNs = 1_723_161_256_207_640_365L;
        e.quoteBidPx = 618_047;
        e.quoteBidQty = 35;
        e.quoteAskPx = 618_048;
        e.quoteAskQty = 1_645;
        int n = InputCodec.encode(e, b, 0);
        assertEquals(RecordHeader.LENGTH + 32, n, "header and four int64 fields, no padding");
        assertEquals(n, InputCodec.encodedLength(e));
        assertEquals(RecordHeader.SCHEMA_VERSION, b.getByte(0), "QUOTE keeps version 2");
        assertEquals(EventType.QUOTE, b.getByte(1));
        RingEvent back = new RingEvent();
        InputCodec.decode(b, 0, n, back, "test");
        assertEquals(EventType.QUOTE, back.type);
        assertEquals(412, back.instrumentId);
        assertEquals(e.exchangeTimeNs, back.exchangeTimeNs);
        assertEquals(e.receiveTimeNs, back.receiveTimeNs);
        assertEquals(618_047, back.quoteBidPx);
        assertEquals(35, back.quoteBidQty);
        assertEquals(618_048, back.quoteAskPx);
        assertEquals(1_645, back.quoteAskQty);
        RingEvent copy = new RingEvent();
        copy.copyInputFrom(back);
        assertEquals(1_645, copy.quoteAskQty);
        back.clearInput();
        assertEquals(0, back.quoteBidPx);
    }

    @Test
    void shouldKeepVersionAndTypeFirstAndTheVersion1OffsetsOfTheCommonFields() {
        assertEquals(0, RecordHeader.VERSION_OFFSET);
        assertEquals(1, RecordHeader.TYPE_OFFSET);
        assertEquals(V1Codec.INSTRUMENT_OFFSET, RecordHeader.INSTRUMENT_OFFSET);
        assertEquals(V1Codec.SEQUENCE_OFFSET, RecordHeader.SEQUENCE_OFFSET);
        assertEquals(V1Codec.EXCHANGE_TIME_OFFSET, RecordHeader.EXCHANGE_TIME_OFFSET);
        assertEquals(V1Codec.RECEIVE_TIME_OFFSET, RecordHeader.RECEIVE_TIME_OFFSET);
        assertEquals(V1Codec.LENGTH, RecordHeader.LENGTH);
        assertEquals(36, RecordHeader.CRC_OFFSET);
        UnsafeBuffer b = new UnsafeBuffer(new byte[InputCodec.MAX_FIXED_RECORD]);
        RingEvent e = book();
        int n = InputCodec.encode(e, b, 0);
        assertEquals(InputCodec.encodedLength(e), n);
        assertEquals(RecordHeader.LENGTH + 4 + 32 * 5, n);
        assertEquals(RecordHeader.SCHEMA_VERSION, b.getByte(0));
        assertEquals(EventType.BOOK, b.getByte(1));
        assertEquals(41, RecordHeader.sequence(b, 0));
        assertEquals(7, RecordHeader.instrumentId(b, 0));
        assertEquals(e.exchangeTimeNs, RecordHeader.exchangeTime(b, 0));
        assertEquals(e.receiveTimeNs, RecordHeader.receiveTime(b, 0));
        RecordHeader.sequence(b, 0, 42);
        RingEvent back = new RingEvent();
        InputCodec.decode(b, 0, n, back, "test");
        assertEquals(42, back.sequence);
        assertEquals(5, back.levels);
        assertEquals(10_104, back.askPx[4]);
        assertEquals(204, back.bidQty[4]);
    }

    @Test
    void shouldRoundTripTheOtherInputTypes() {
        UnsafeBuffer b = new UnsafeBuffer(new byte[4096]);
        RingEvent e = new RingEvent();
        RingEvent back = new RingEvent();

        e.clearInput();
        e.type = EventType.EXEC_REPORT;
        e.execOrderId = 9;
        e.execType = ExecType.REJECTED;
        e.execSide = Side.SELL;
        e.execLastPx = 1;
        e.execLastQty = 2;
        e.execLeavesQty = 3;
        e.execCumQty = 4;
        e.execFee = -5;
        e.execRejectReason = 2;
        InputCodec.decode(b, 0, InputCodec.encode(e, b, 0), back, "test");
        assertEquals(Side.SELL, back.execSide);
        assertEquals(ExecType.REJECTED, back.execType);
        assertEquals(-5, back.execFee);
        assertEquals(2, back.execRejectReason);

        e.clearInput();
        e.type = EventType.SESSION;
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        e.sessionPayload.putBytes(0, json);
        e.sessionLength = json.length;
        int n = InputCodec.encode(e, b, 0);
        assertEquals(RecordHeader.LENGTH + 4 + json.length, n);
        InputCodec.decode(b, 0, n, back, "test");
        assertEquals(
                "{\"a\":1}", back.sessionPayload.getStringWithoutLengthUtf8(0, back.sessionLength));
    }

    @Test
    void shouldDetectEverySingleBitFlipWithTheCrc() {
        UnsafeBuffer b = new UnsafeBuffer(new byte[InputCodec.MAX_FIXED_RECORD]);
        int n = InputCodec.encode(book(), b, 0);
        CRC32C crc = new CRC32C();
        assertEquals(0, b.getInt(RecordHeader.CRC_OFFSET), "encoders leave the CRC to the journal");
        RecordHeader.stampCrc(crc, b, 0, n);
        RecordHeader.checkCrc(crc, b, 0, n, "test");
        for (int i = 0; i < n; i++) {
            for (int bit = 0; bit < 8; bit++) {
                b.putByte(i, (byte) (b.getByte(i) ^ (1 << bit)));
                if (RecordHeader.hasCrc(b, 0, n)) {
                    int at = i;
                    JournalFormatException ex =
                            assertThrows(
                                    JournalFormatException.class,
                                    () -> RecordHeader.checkCrc(crc, b, 0, n, "rec #" + at));
                    assertTrue(
                            ex.getMessage().startsWith("rec #" + i + ": CRC mismatch"),
                            ex.getMessage());
                } else {
                    assertTrue(
                            i == RecordHeader.VERSION_OFFSET,
                            "only a changed version byte hides the CRC field");
                }
                b.putByte(i, (byte) (b.getByte(i) ^ (1 << bit)));
            }
        }
        RecordHeader.checkCrc(crc, b, 0, n, "test");
    }

    @Test
    void shouldNameTheProblemOfAnUnreadableRecord() {
        UnsafeBuffer b = new UnsafeBuffer(new byte[InputCodec.MAX_FIXED_RECORD]);
        RingEvent e = book();
        int n = InputCodec.encode(e, b, 0);
        JournalFormatException truncated =
                assertThrows(
                        JournalFormatException.class,
                        () -> InputCodec.decode(b, 0, n - 1, e, "rec #3"));
        assertTrue(
                truncated.getMessage().startsWith("rec #3: truncated BOOK record"),
                truncated.getMessage());
        b.putShort(RecordHeader.LENGTH + 2, (short) 11, java.nio.ByteOrder.LITTLE_ENDIAN);
        JournalFormatException levels =
                assertThrows(
                        JournalFormatException.class, () -> InputCodec.validate(b, 0, n, "rec #3"));
        assertTrue(levels.getMessage().contains("BOOK record says 11 levels"), levels.getMessage());
        InputCodec.encode(e, b, 0);
        b.putShort(RecordHeader.SCHEMA_ID_OFFSET, (short) 1, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertTrue(
                assertThrows(JournalFormatException.class, () -> InputCodec.validate(b, 0, n, "r"))
                        .getMessage()
                        .contains("schema id 1 is not tickring's"));
        InputCodec.encode(e, b, 0);
        b.putByte(RecordHeader.TYPE_OFFSET, (byte) 30);
        assertTrue(
                assertThrows(JournalFormatException.class, () -> InputCodec.validate(b, 0, n, "r"))
                        .getMessage()
                        .contains("unknown record type 30"));
        b.putByte(RecordHeader.TYPE_OFFSET, (byte) EventType.ORDER);
        assertTrue(
                assertThrows(JournalFormatException.class, () -> InputCodec.validate(b, 0, n, "r"))
                        .getMessage()
                        .contains("ORDER record's block is 0 bytes, the type needs 27"));
        int order = OutputCodec.encodeOrder(e, 1, Side.BUY, (byte) 1, (byte) 1, 1, 1, b, 0);
        assertTrue(
                assertThrows(
                                JournalFormatException.class,
                                () -> InputCodec.validate(b, 0, order, "r"))
                        .getMessage()
                        .contains("ORDER is not an input record"));
        int next = RecordHeader.SCHEMA_VERSION + 1;
        b.putByte(RecordHeader.VERSION_OFFSET, (byte) next);
        assertTrue(
                assertThrows(JournalFormatException.class, () -> InputCodec.validate(b, 0, n, "r"))
                        .getMessage()
                        .contains(
                                "schema version "
                                        + next
                                        + " is not supported (this build reads versions 1.."
                                        + (next - 1)
                                        + ")"));
    }

    @Test
    void shouldNotAllocateOnceAThreadHasItsFlyweightsAndADecoder() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        UnsafeBuffer b = new UnsafeBuffer(new byte[InputCodec.MAX_FIXED_RECORD]);
        UnsafeBuffer o = new UnsafeBuffer(new byte[OutputCodec.MAX_RECORD]);
        RingEvent e = book();
        RingEvent back = new RingEvent();
        OutputRecord r = new OutputRecord();
        CRC32C crc = new CRC32C();
        InputCodec.Decoder decoder = new InputCodec.Decoder();
        long sum = 0;
        long before = 0;
        for (int i = 0; i < 400_000; i++) {
            if (i == 200_000) {
                before = threads.getThreadAllocatedBytes(self);
            }
            int n = InputCodec.encode(e, b, 0);
            RecordHeader.stampCrc(crc, b, 0, n);
            RecordHeader.checkCrc(crc, b, 0, n, "bench");
            decoder.decode(b, 0, n, back, "bench");
            int m = OutputCodec.encodeOrder(back, i, Side.BUY, (byte) 1, (byte) 2, 3, 4, o, 0);
            OutputCodec.decode(o, 0, m, r, "bench");
            sum += back.askPx[0] + r.orderId;
        }
        long allocated = threads.getThreadAllocatedBytes(self) - before;
        assertTrue(sum > 0);
        assertTrue(allocated < 1024, allocated + " bytes allocated over 200,000 records");
    }

    @Test
    void shouldCompareOutputRecordsFieldByField() {
        OutputRecord a = new OutputRecord();
        OutputRecord b = new OutputRecord();
        assertTrue(a.sameFields(b));
        b.pFlat = -0.0;
        assertFalse(a.sameFields(b), "doubles compare by their bits, as bytes would");
        b.pFlat = 0;
        b.tif = 1;
        assertFalse(a.sameFields(b));
    }
}
