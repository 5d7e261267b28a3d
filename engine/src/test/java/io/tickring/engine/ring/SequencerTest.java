package io.tickring.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SleepingWaitStrategy;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.RecordHeader;
import io.tickring.engine.ingress.EventQueue;
import io.tickring.engine.ingress.InputSource;
import io.tickring.journal.SampleEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The Sequencer on a real Disruptor ring, driven on the test's thread: its duty cycle and a
 * consumer's poll take turns, so every interleaving here is fixed and the tests are not timed.
 */
class SequencerTest {
    private static final String SOURCE = "test-src";

    private final RingBuffer<RingEvent> ring =
            RingBuffer.createSingleProducer(RingEvent::new, 64, new SleepingWaitStrategy());
    private final EventPoller<RingEvent> consumer = ring.newPoller();
    private final List<RingEvent> seen = new ArrayList<>();

    SequencerTest() {
        ring.addGatingSequences(consumer.getSequence());
    }

    // -------------------------------------------------------------------------------------
    // VERBATIM

    @Test
    void shouldPublishAJournalVerbatimWithItsBytesInEachSlot() {
        ListSource journal = new ListSource(book(0, 1000), trade(1, 1500), book(2, 2000));
        Sequencer s = sequencer(Sequencer.Policy.VERBATIM, journal, null, 0, 0, 16);
        drive(s);
        assertNull(s.error());
        assertTrue(s.isDone());
        assertEquals(List.of("BOOK@1000", "TRADE@1500", "BOOK@2000"), names());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i).sequence);
        }
    }

    @Test
    void shouldStopAtASequenceGapNamingTheRecord() {
        ListSource journal =
                new ListSource(book(0, 1000), book(1, 2000), book(3, 3000), book(4, 4000));
        Sequencer s = sequencer(Sequencer.Policy.VERBATIM, journal, null, 0, 0, 16);
        drive(s);
        assertTrue(s.isDone());
        assertOneLine(s.error());
        assertTrue(
                s.error().startsWith(SOURCE + " record #2: sequence 3 where 2 was expected"),
                s.error());
        assertNothingHalfPublished(2);
    }

    @Test
    void shouldStopAtReorderedRecordsNamingTheRecord() {
        ListSource journal = new ListSource(book(0, 1000), book(2, 3000), book(1, 2000));
        Sequencer s = sequencer(Sequencer.Policy.VERBATIM, journal, null, 0, 0, 16);
        drive(s);
        assertOneLine(s.error());
        assertTrue(
                s.error().startsWith(SOURCE + " record #1: sequence 2 where 1 was expected"),
                s.error());
        assertTrue(s.error().contains("gap or reordering"), s.error());
        assertNothingHalfPublished(1);
    }

    // -----------------------------------------------------------------------------------
    // EVENT_TIME

    @Test
    void shouldOrderReportThenTimerThenMarketAtEqualTimes() {
        EventQueue reports = EventQueue.oneToOne("gateway", 1 << 12);
        assertTrue(reports.offer(report(1, 2000)));
        ListSource market = new ListSource(book(-1, 1000), book(-1, 2000));
        // Timers every 1000 ns: the first one falls at 2000, with the report and the second book.
        Sequencer s = sequencer(Sequencer.Policy.EVENT_TIME, market, reports, 0, 1000, 16);
        drive(s);
        assertNull(s.error());
        assertEquals(List.of("BOOK@1000", "EXEC_REPORT@2000", "TIMER@2000", "BOOK@2000"), names());
        assertEquals(1, seen.get(2).timerTick);
        assertEquals(1, seen.get(1).execOrderId);
    }

    @Test
    void shouldJournalAParkedOlderVersionRecordAtItsUpgradedLength() {
        // A version-1 BOOK (a backtest of an old journal) is re-encoded in this build's version
        // when decoded; a report at the same time goes first, so the BOOK waits parked and is
        // decoded again: its slot must then hold the upgraded record at the upgraded length.
        EventQueue reports = EventQueue.oneToOne("gateway", 1 << 12);
        assertTrue(reports.offer(report(1, 2000)));
        RingEvent old = event(EventType.BOOK, -1, 2000);
        old.levels = 5;
        old.askPx[0] = 1_000_100;
        old.askQty[0] = 10;
        old.bidPx[0] = 1_000_000;
        old.bidQty[0] = 20;
        UnsafeBuffer v1 = new UnsafeBuffer(new byte[InputCodec.MAX_FIXED_RECORD]);
        int n = io.tickring.journal.V1Records.encodeInput(old, v1, 0);
        ListSource market = new ListSource(book(-1, 1000), Arrays.copyOf(v1.byteArray(), n));
        Sequencer s = sequencer(Sequencer.Policy.EVENT_TIME, market, reports, 0, 0, 16);
        drive(s);
        assertNull(s.error());
        assertEquals(List.of("BOOK@1000", "EXEC_REPORT@2000", "BOOK@2000"), names());
        assertEquals(1_000_100, seen.get(2).askPx[0]);
    }

    @Test
    void shouldMergeInEventTimeWithTheSessionFirst() {
        EventQueue reports = EventQueue.oneToOne("gateway", 1 << 12);
        assertTrue(reports.offer(report(7, 1500)));
        assertTrue(reports.offer(report(8, 2500)));
        ListSource market = new ListSource(book(-1, 1000), trade(-1, 2000), book(-1, 3000));
        Sequencer s = sequencer(Sequencer.Policy.EVENT_TIME, market, reports, 0, 0, 16);
        RingEvent session = SampleEvents.fill(new RingEvent(), EventType.SESSION, 0);
        byte[] large =
                new byte[3 * RingEvent.RECORD_CAPACITY]; // larger than a slot's record: it grows
        Arrays.fill(large, (byte) 'x');
        session.sessionPayload.putBytes(0, large);
        session.sessionLength = large.length;
        session.exchangeTimeNs = 500;
        s.session(session);
        drive(s);
        assertNull(s.error());
        assertEquals(
                List.of(
                        "SESSION@500",
                        "BOOK@1000",
                        "EXEC_REPORT@1500",
                        "TRADE@2000",
                        "EXEC_REPORT@2500",
                        "BOOK@3000"),
                names());
        assertEquals(large.length, seen.get(0).sessionLength);
        assertEquals(6, s.published());
        assertEquals(2, s.published(EventType.EXEC_REPORT));
    }

    @Test
    void shouldTakeInReportsThatArriveWhileTheMergeWaitsForTheRouter() {
        EventQueue reports = EventQueue.oneToOne("gateway", 1 << 12);
        long latency = 500;
        // The router as the merge sees it, always caught up: when the merge first asks it after the
        // first book, it has just handled that book, which made an order whose report (time 1000 +
        // latency) lands in the gateway's queue while the merge is deciding what comes next.
        Sequence router =
                new Sequence(-1) {
                    private boolean handled;

                    @Override
                    public long get() {
                        if (!handled && ring.getCursor() >= 0) {
                            handled = true;
                            assertTrue(reports.offer(report(1, 1000 + latency)));
                        }
                        return ring.getCursor();
                    }
                };
        ListSource market = new ListSource(book(-1, 1000), book(-1, 3000));
        Sequencer s =
                new Sequencer(
                        ring,
                        Sequencer.Policy.EVENT_TIME,
                        market,
                        reports,
                        null,
                        latency,
                        0,
                        () -> 0L,
                        16);
        s.watch(router, new Sequence[] {consumer.getSequence()});
        s.doWork(); // one duty cycle: the report must be taken in within it, not left for the next
        drainConsumer();
        assertEquals(List.of("BOOK@1000", "EXEC_REPORT@1500", "BOOK@3000"), names());
    }

    @Test
    void shouldKeepReportsInTheQueueWhileTheReportHeapIsFull() {
        EventQueue reports = EventQueue.oneToOne("gateway", 1 << 12);
        for (int i = 1; i <= 5; i++) {
            assertTrue(reports.offer(report(i, 1000 + 100 * i)));
        }
        ListSource market = new ListSource(book(-1, 1000), book(-1, 2000));
        Sequencer s = sequencer(Sequencer.Policy.EVENT_TIME, market, reports, 0, 0, 2);
        s.doWork();
        assertFalse(
                reports.isEmpty(),
                "a heap of two takes two reports; the other three wait in the queue");
        drive(s);
        assertNull(s.error());
        assertEquals(
                List.of(
                        "BOOK@1000",
                        "EXEC_REPORT@1100",
                        "EXEC_REPORT@1200",
                        "EXEC_REPORT@1300",
                        "EXEC_REPORT@1400",
                        "EXEC_REPORT@1500",
                        "BOOK@2000"),
                names());
        for (int i = 1; i <= 5; i++) {
            assertEquals(i, seen.get(i).execOrderId);
        }
        assertTrue(reports.isEmpty());
    }

    @Test
    void shouldStopAtABadMarketRecordWithOneLineAndNothingHalfPublished() {
        byte[] bad = Arrays.copyOf(book(-1, 3000), RecordHeader.LENGTH / 2);
        ListSource market = new ListSource(book(-1, 1000), book(-1, 2000), bad, book(-1, 4000));
        Sequencer s = sequencer(Sequencer.Policy.EVENT_TIME, market, null, 0, 0, 16);
        drive(s);
        assertTrue(s.isDone());
        assertOneLine(s.error());
        assertTrue(s.error().startsWith(SOURCE + " record #2: "), s.error());
        assertNothingHalfPublished(2);
        assertEquals(0, s.doWork());
        assertEquals(1, ring.getCursor());
    }

    @Test
    void shouldStopAtAReportTooLargeForTheHeap() {
        EventQueue reports = EventQueue.oneToOne("gateway", 1 << 16);
        RingEvent huge = SampleEvents.fill(new RingEvent(), EventType.SESSION, 0);
        byte[] json = new byte[ReportHeap.SLOT];
        Arrays.fill(json, (byte) ' ');
        huge.sessionPayload.putBytes(0, json);
        huge.sessionLength = json.length;
        assertTrue(reports.offer(huge));
        Sequencer s =
                sequencer(
                        Sequencer.Policy.EVENT_TIME,
                        new ListSource(book(-1, 1000)),
                        reports,
                        0,
                        0,
                        16);
        drive(s);
        assertOneLine(s.error());
        assertTrue(s.error().startsWith("gateway: "), s.error());
        assertNothingHalfPublished(0);
    }

    @Test
    void shouldPublishAControlCommandInEventTimeAtTheTimeTheMergeHasReached() {
        // The HALT arrives while the second BOOK waits in its slot for the router: it goes first,
        // stamped with the last published time (1000, not its wall-clock time), and the BOOK,
        // parked out of its way, follows unchanged.
        EventQueue control = EventQueue.manyToOne("operator", 1 << 12);
        RingEvent halt = event(EventType.CONTROL, -1, 987_654_321);
        halt.controlCode = io.tickring.core.ControlCode.HALT;
        halt.controlParamValue = 42;
        byte[][] records = {book(-1, 1000), book(-1, 2000), trade(-1, 3000)};
        InputSource market =
                new InputSource() {
                    int next;

                    @Override
                    public int poll(MutableDirectBuffer dst) {
                        if (next == records.length) {
                            return FINISHED;
                        }
                        if (next == 1) {
                            assertTrue(control.offer(halt));
                        }
                        byte[] r = records[next++];
                        dst.putBytes(0, r);
                        return r.length;
                    }

                    @Override
                    public String name() {
                        return SOURCE;
                    }
                };
        Sequencer s =
                new Sequencer(
                        ring,
                        Sequencer.Policy.EVENT_TIME,
                        market,
                        null,
                        control,
                        0,
                        0,
                        () -> 0L,
                        16);
        s.watch(consumer.getSequence(), new Sequence[] {consumer.getSequence()});
        drive(s);
        assertNull(s.error());
        assertEquals(List.of("BOOK@1000", "CONTROL@1000", "BOOK@2000", "TRADE@3000"), names());
        RingEvent c = seen.get(1);
        assertEquals(1000, c.receiveTimeNs);
        assertEquals(io.tickring.core.ControlCode.HALT, c.controlCode);
        assertEquals(42, c.controlParamValue);
        assertEquals(1_000_100, seen.get(2).askPx[0], "the parked BOOK is intact");
        assertEquals(1, s.published(EventType.CONTROL));
    }

    // --------------------------------------------------------------------------------------
    // ARRIVAL

    @Test
    void shouldTakeOperatorCommandsThenReportsThenMarketDataInArrival() {
        EventQueue reports = EventQueue.oneToOne("gateway", 1 << 12);
        EventQueue control = EventQueue.manyToOne("control", 1 << 12);
        assertTrue(reports.offer(report(1, 900)));
        assertTrue(control.offer(SampleEvents.fill(new RingEvent(), EventType.CONTROL, 0)));
        ListSource market = new ListSource(book(-1, 1000), book(-1, 1100));
        Sequencer s =
                new Sequencer(
                        ring,
                        Sequencer.Policy.ARRIVAL,
                        market,
                        reports,
                        control,
                        0,
                        0,
                        () -> 0L,
                        16);
        s.watch(consumer.getSequence(), new Sequence[] {consumer.getSequence()});
        drive(s);
        assertNull(s.error());
        assertEquals(
                List.of("CONTROL@" + SampleEvents.T0, "EXEC_REPORT@900", "BOOK@1000", "BOOK@1100"),
                names());
    }

    @Test
    void shouldStopAtABadIngressRecordWithOneLine() {
        byte[] bad = Arrays.copyOf(trade(-1, 2000), RecordHeader.LENGTH + 1);
        ListSource market = new ListSource(book(-1, 1000), bad);
        Sequencer s = sequencer(Sequencer.Policy.ARRIVAL, market, null, 0, 0, 16);
        drive(s);
        assertOneLine(s.error());
        assertTrue(s.error().startsWith("ingress: "), s.error());
        assertNothingHalfPublished(1);
    }

    @Test
    void shouldWaitForRoomInTheRingWithoutLosingRecords() {
        RingBuffer<RingEvent> small =
                RingBuffer.createSingleProducer(RingEvent::new, 4, new SleepingWaitStrategy());
        EventPoller<RingEvent> slow = small.newPoller();
        small.addGatingSequences(slow.getSequence());
        byte[][] records = new byte[10][];
        for (int i = 0; i < records.length; i++) {
            records[i] = book(-1, 1000 + i);
        }
        Sequencer s =
                new Sequencer(
                        small,
                        Sequencer.Policy.ARRIVAL,
                        new ListSource(records),
                        null,
                        null,
                        0,
                        0,
                        () -> 0L,
                        16);
        s.watch(null, new Sequence[] {slow.getSequence()});
        assertEquals(4, s.doWork(), "a ring of four takes four");
        assertEquals(0, s.doWork(), "and nothing more until the consumer frees a slot");
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 100 && !s.isDone(); i++) {
            s.doWork();
            try {
                slow.poll((e, seq, end) -> times.add(e.exchangeTimeNs));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        assertTrue(s.isDone());
        assertEquals(
                List.of(1000L, 1001L, 1002L, 1003L, 1004L, 1005L, 1006L, 1007L, 1008L, 1009L),
                times);
    }

    @Test
    void shouldFitTheLargestFixedRecordInASlotWithoutGrowing() {
        RingEvent e = new RingEvent();
        assertTrue(
                e.record.capacity() >= InputCodec.MAX_FIXED_RECORD,
                "RingEvent.RECORD_CAPACITY "
                        + RingEvent.RECORD_CAPACITY
                        + " < InputCodec.MAX_FIXED_RECORD "
                        + InputCodec.MAX_FIXED_RECORD);
        assertTrue(ReportHeap.SLOT >= InputCodec.MAX_FIXED_RECORD);
    }

    // --------------------------------------------------------------------------------------
    // helpers

    private Sequencer sequencer(
            Sequencer.Policy policy,
            InputSource market,
            EventQueue reports,
            long latencyNs,
            long timerPeriodNs,
            int reportCapacity) {
        Sequencer s =
                new Sequencer(
                        ring,
                        policy,
                        market,
                        reports,
                        null,
                        latencyNs,
                        timerPeriodNs,
                        () -> 0L,
                        reportCapacity);
        s.watch(consumer.getSequence(), new Sequence[] {consumer.getSequence()});
        return s;
    }

    /** Alternates the Sequencer's duty cycle with the consumer's until the run is done. */
    private void drive(Sequencer s) {
        for (int i = 0; i < 1000 && !s.isDone(); i++) {
            s.doWork();
            drainConsumer();
        }
        drainConsumer();
        assertTrue(s.isDone(), "the Sequencer did not finish");
    }

    /**
     * Polls what is published, keeping a copy of each event's input and checking that the slot's
     * record is the event's encoding with the ring sequence stamped in.
     */
    private void drainConsumer() {
        try {
            consumer.poll(
                    (e, seq, end) -> {
                        assertEquals(seq, e.sequence);
                        assertTrue(e.recordLength > 0, "slot " + seq + " has no record");
                        assertEquals(
                                InputCodec.encodedLength(e),
                                e.recordLength,
                                "slot " + seq + ": its record is its event's encoding, no more");
                        assertEquals(seq, RecordHeader.sequence(e.record, 0));
                        RingEvent decoded = new RingEvent();
                        InputCodec.decode(e.record, 0, e.recordLength, decoded, "slot " + seq);
                        assertTrue(
                                SampleEvents.sameInput(e, decoded),
                                "slot " + seq + " differs from its record");
                        RingEvent copy = new RingEvent();
                        copy.copyInputFrom(e);
                        seen.add(copy);
                        return true;
                    });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<String> names() {
        List<String> out = new ArrayList<>();
        for (RingEvent e : seen) {
            out.add(EventType.name(e.type) + "@" + e.exchangeTimeNs);
        }
        return out;
    }

    private static void assertOneLine(String error) {
        assertNotNull(error, "the Sequencer should have stopped with an error");
        assertFalse(error.contains("\n"), error);
    }

    /**
     * Events {@code 0..published-1} went out whole, and the next claim is {@code published}: no
     * gap.
     */
    private void assertNothingHalfPublished(long published) {
        drainConsumer();
        assertEquals(published, seen.size());
        assertEquals(published - 1, ring.getCursor());
        assertEquals(published, ring.next(), "a sequence was claimed and never published");
    }

    private static byte[] encode(RingEvent e) {
        UnsafeBuffer b = new UnsafeBuffer(new byte[InputCodec.encodedLength(e)]);
        InputCodec.encode(e, b, 0);
        return b.byteArray();
    }

    private static RingEvent event(int type, long seq, long time) {
        RingEvent e = new RingEvent();
        e.clearInput();
        e.type = type;
        e.instrumentId = 1;
        e.sequence = seq;
        e.exchangeTimeNs = time;
        e.receiveTimeNs = time;
        return e;
    }

    private static byte[] book(long seq, long time) {
        RingEvent e = event(EventType.BOOK, seq, time);
        e.levels = 5;
        for (int k = 0; k < 5; k++) {
            e.askPx[k] = 1_000_100 + 100L * k;
            e.askQty[k] = 10 + k;
            e.bidPx[k] = 1_000_000 - 100L * k;
            e.bidQty[k] = 20 + k;
        }
        return encode(e);
    }

    private static byte[] trade(long seq, long time) {
        RingEvent e = event(EventType.TRADE, seq, time);
        e.tradePx = 1_000_100;
        e.tradeQty = 5;
        e.tradeAggressor = Side.BUY;
        return encode(e);
    }

    private static RingEvent report(long orderId, long time) {
        RingEvent e = event(EventType.EXEC_REPORT, -1, time);
        e.execOrderId = orderId;
        e.execType = ExecType.FILL;
        e.execSide = Side.BUY;
        e.execLastPx = 1_000_100;
        e.execLastQty = 5;
        e.execCumQty = 5;
        return e;
    }

    /** Pre-encoded records, then finished. */
    private static final class ListSource implements InputSource {
        private final byte[][] records;
        private int next;

        ListSource(byte[]... records) {
            this.records = records;
        }

        @Override
        public int poll(MutableDirectBuffer dst) {
            if (next == records.length) {
                return FINISHED;
            }
            byte[] r = records[next++];
            dst.putBytes(0, r);
            return r.length;
        }

        @Override
        public String name() {
            return SOURCE;
        }
    }
}
