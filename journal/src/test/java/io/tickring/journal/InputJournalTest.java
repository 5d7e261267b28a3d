package io.tickring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link InputJournal#appendRecord}: an already encoded record goes into a real queue on disk as it
 * is.
 */
class InputJournalTest {
    @TempDir Path tmp;

    @Test
    void shouldAppendEncodedRecordsFromAnyKindOfBuffer() {
        // A ring slot's buffer, a view into the middle of an array, and direct memory.
        MutableDirectBuffer slot = new ExpandableArrayBuffer(RingEvent.RECORD_CAPACITY);
        byte[] big = new byte[InputJournal.MAX_RECORD];
        MutableDirectBuffer view = new UnsafeBuffer(big, 100, big.length - 100);
        MutableDirectBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 16));
        MutableDirectBuffer[] buffers = {slot, view, direct};
        int[] offsets = {0, 37, 11};
        try (InputJournal j = new InputJournal(tmp)) {
            long seq = 0;
            for (int type : SampleEvents.INPUT_TYPES) {
                int k = (int) (seq % buffers.length);
                RingEvent e = SampleEvents.fill(new RingEvent(), type, seq);
                int len = InputCodec.encode(e, buffers[k], offsets[k]);
                j.appendRecord(buffers[k], offsets[k], len);
                assertEquals(seq, j.lastSequence());
                seq++;
            }
            assertEquals(SampleEvents.INPUT_TYPES.length, j.count());
        }
        RingEvent expected = new RingEvent();
        RingEvent actual = new RingEvent();
        try (RecordReader r = new RecordReader(JournalPaths.in(tmp))) {
            for (int i = 0; i < SampleEvents.INPUT_TYPES.length; i++) {
                assertTrue(r.next(), "record " + i + " missing");
                InputCodec.decode(r.buffer(), 0, r.length(), actual, r.where());
                SampleEvents.fill(expected, SampleEvents.INPUT_TYPES[i], i);
                assertEquals(
                        InputCodec.encodedLength(expected),
                        r.length(),
                        EventType.name(expected.type));
                assertTrue(SampleEvents.sameInput(expected, actual), "record " + i + " differs");
            }
            assertFalse(r.next());
        }
    }
}
