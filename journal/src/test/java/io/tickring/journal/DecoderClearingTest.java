package io.tickring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The loop decoder clears only what the event's previous record set ({@link
 * RingEvent#clearInputForDecode}); after any record, every input field, all ten levels included,
 * must equal a decode into a fresh event.
 */
class DecoderClearingTest {
    @Test
    void shouldLeaveNoFieldOfThePreviousRecordForEveryPairOfRecords() {
        List<UnsafeBuffer> records = new ArrayList<>();
        for (int type : SampleEvents.INPUT_TYPES) {
            records.add(encode(SampleEvents.fill(new RingEvent(), type, 1)));
        }
        records.add(encode(book(10, 1)));
        records.add(encode(book(3, 2)));
        records.add(encode(book(0, 3)));
        InputCodec.Decoder decoder = new InputCodec.Decoder();
        int pairs = 0;
        for (UnsafeBuffer first : records) {
            for (UnsafeBuffer second : records) {
                RingEvent reused = new RingEvent();
                decoder.decode(first, 0, first.capacity(), reused, "first");
                decoder.decode(second, 0, second.capacity(), reused, "second");
                RingEvent fresh = new RingEvent();
                InputCodec.decode(second, 0, second.capacity(), fresh, "fresh");
                assertTrue(SampleEvents.sameInput(fresh, reused), "pair " + pairs);
                for (int k = 0; k < RingEvent.MAX_LEVELS; k++) {
                    assertEquals(fresh.askPx[k], reused.askPx[k], "askPx " + k);
                    assertEquals(fresh.askQty[k], reused.askQty[k], "askQty " + k);
                    assertEquals(fresh.bidPx[k], reused.bidPx[k], "bidPx " + k);
                    assertEquals(fresh.bidQty[k], reused.bidQty[k], "bidQty " + k);
                }
                assertEquals(fresh.quoteBidPx, reused.quoteBidPx);
                assertEquals(fresh.quoteAskQty, reused.quoteAskQty);
                pairs++;
            }
        }
        assertEquals(records.size() * records.size(), pairs);
    }

    private static RingEvent book(int levels, long seq) {
        RingEvent e = SampleEvents.fill(new RingEvent(), EventType.BOOK, seq);
        e.levels = levels;
        for (int k = 0; k < RingEvent.MAX_LEVELS; k++) {
            boolean shown = k < levels;
            e.askPx[k] = shown ? 400_000 + 100L * k : 0;
            e.askQty[k] = shown ? 10 + k : 0;
            e.bidPx[k] = shown ? 399_900 - 100L * k : 0;
            e.bidQty[k] = shown ? 20 + k : 0;
        }
        return e;
    }

    private static UnsafeBuffer encode(RingEvent e) {
        UnsafeBuffer b = new UnsafeBuffer(new byte[InputCodec.encodedLength(e)]);
        InputCodec.encode(e, b, 0);
        return b;
    }
}
