package io.tickring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.JournalFormatException;
import io.tickring.core.codec.OutputCodec;
import io.tickring.core.codec.RecordHeader;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage to a record on disk is caught by every journal reader: the CRC32C of version 2 records, on
 * real Chronicle queues damaged in their files. Record #1 of the sample journal is a BOOK.
 */
class RecordIntegrityTest {
    @TempDir Path tmp;

    /**
     * A whole journal, every input type then every output type, written the way a run writes it.
     */
    Path sampleJournal() {
        Path dir = tmp.resolve("j");
        try (InputJournal in = new InputJournal(dir, 1L << 16);
                OutputJournal out = new OutputJournal(dir, 1L << 16)) {
            long seq = 0;
            for (int type : SampleEvents.INPUT_TYPES) {
                in.append(SampleEvents.fill(new RingEvent(), type, seq++));
            }
            RingEvent cause = GoldenJournalTest.outputCause();
            for (int type : GoldenJournalTest.OUTPUT_TYPES) {
                out.commit(GoldenJournalTest.encodeOutput(type, cause, out.buffer()));
            }
        }
        JournalInspector.verify(dir);
        return dir;
    }

    void assertCaught(Path dir, String queue, long index) {
        String where = dir.resolve(queue) + " record #" + index + ": ";
        JournalFormatException verify =
                assertThrows(JournalFormatException.class, () -> JournalInspector.verify(dir));
        assertTrue(verify.getMessage().startsWith(where + "CRC mismatch"), verify.getMessage());
        assertTrue(!verify.getMessage().contains("\n"), "one line");
        JournalFormatException stats =
                assertThrows(JournalFormatException.class, () -> JournalInspector.stats(dir));
        assertTrue(stats.getMessage().startsWith(where + "CRC mismatch"), stats.getMessage());
        JournalFormatException dump =
                assertThrows(
                        JournalFormatException.class,
                        () -> JournalInspector.dump(dir, new StringWriter(), true, true));
        assertTrue(dump.getMessage().startsWith(where + "CRC mismatch"), dump.getMessage());
    }

    @Test
    void shouldCatchAFlippedBit() {
        Path dir = sampleJournal();
        JournalDamage.flipBit(JournalPaths.in(dir), 1, 100, 3);
        assertCaught(dir, "in", 1);
    }

    @Test
    void shouldCatchABookTurnedIntoATrade() {
        Path dir = sampleJournal();
        assertEquals(EventType.BOOK, JournalDamage.record(JournalPaths.in(dir), 1)[1]);
        JournalDamage.setType(JournalPaths.in(dir), 1, EventType.TRADE);
        assertCaught(dir, "in", 1);
    }

    @Test
    void shouldCatchAChangedInstrument() {
        Path dir = sampleJournal();
        JournalDamage.setInstrument(JournalPaths.in(dir), 1, 8);
        assertCaught(dir, "in", 1);
    }

    @Test
    void shouldCatch64BytesOfOnesInTheMiddleOfARecord() {
        Path dir = sampleJournal();
        int length = JournalDamage.record(JournalPaths.in(dir), 1).length;
        JournalDamage.fill(JournalPaths.in(dir), 1, length / 2 - 32, 64);
        assertCaught(dir, "in", 1);
    }

    @Test
    void shouldCatchADamagedOutputRecordAndItsComparison() {
        Path dir = sampleJournal();
        Path copy = tmp.resolve("copy");
        try (OutputJournal out = new OutputJournal(copy, 1L << 16)) {
            RingEvent cause = GoldenJournalTest.outputCause();
            for (int type : GoldenJournalTest.OUTPUT_TYPES) {
                out.commit(GoldenJournalTest.encodeOutput(type, cause, out.buffer()));
            }
        }
        assertEquals(null, JournalInspector.firstOutputDifference(dir, copy, false));
        JournalDamage.flipBit(JournalPaths.out(dir), 2, 50, 0);
        assertCaught(dir, "out", 2);
        JournalFormatException compare =
                assertThrows(
                        JournalFormatException.class,
                        () -> JournalInspector.firstOutputDifference(dir, copy, false));
        assertTrue(compare.getMessage().contains("record #2: CRC mismatch"), compare.getMessage());
        assertThrows(JournalFormatException.class, () -> Digests.recordedOutputDigest(dir));
    }

    @Test
    void shouldSayTruncatedWhenARecordEndsInZeros() {
        Path dir = sampleJournal();
        int length = JournalDamage.record(JournalPaths.in(dir), 1).length;
        JournalDamage.change(
                JournalPaths.in(dir),
                1,
                rec -> java.util.Arrays.fill(rec, length - 100, length, (byte) 0));
        JournalFormatException e =
                assertThrows(JournalFormatException.class, () -> JournalInspector.verify(dir));
        assertTrue(e.getMessage().contains("record #1: CRC mismatch: its last "), e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains(
                                " of " + length + " bytes are zero: the queue file was truncated"),
                e.getMessage());
    }

    @Test
    void shouldCatchAVersionByteTurnedIntoAnotherKnownVersion() {
        Path dir = sampleJournal();
        JournalDamage.change(JournalPaths.in(dir), 3, rec -> rec[0] = 1);
        JournalFormatException e =
                assertThrows(JournalFormatException.class, () -> JournalInspector.verify(dir));
        assertTrue(
                e.getMessage()
                        .contains(
                                "record #3: schema version 1 in a queue of version "
                                        + RecordHeader.SCHEMA_VERSION
                                        + " records"),
                e.getMessage());
    }

    @Test
    void shouldStampTheCrcWhenItAppendsRecordBytesWhoseSequenceWasRestamped() {
        Path dir = tmp.resolve("raw");
        UnsafeBuffer record = new UnsafeBuffer(new byte[InputCodec.MAX_FIXED_RECORD]);
        RingEvent e = SampleEvents.fill(new RingEvent(), EventType.BOOK, 0);
        try (InputJournal in = new InputJournal(dir, 1L << 16)) {
            in.append(SampleEvents.fill(new RingEvent(), EventType.SESSION, 0));
            for (long seq = 1; seq <= 3; seq++) {
                int n = InputCodec.encode(e, record, 0);
                RecordHeader.sequence(record, 0, seq);
                in.appendRecord(record, 0, n);
                assertEquals(seq, in.lastSequence());
            }
        }
        assertEquals(4, JournalInspector.verify(dir).inRecords);
    }

    @Test
    void shouldWriteVersion1RecordBytesItIsGivenInTheCurrentVersion() {
        Path dir = tmp.resolve("upgrade");
        UnsafeBuffer record = new UnsafeBuffer(new byte[InputJournal.MAX_RECORD]);
        try (InputJournal in = new InputJournal(dir, 1L << 16)) {
            long seq = 0;
            for (int type : SampleEvents.INPUT_TYPES) {
                int n =
                        V1Records.encodeInput(
                                SampleEvents.fill(new RingEvent(), type, seq++), record, 0);
                in.appendRecord(record, 0, n);
            }
        }
        JournalInspector.Stats stats = JournalInspector.verify(dir);
        assertEquals(RecordHeader.SCHEMA_VERSION, stats.inVersion);
        RingEvent expected = new RingEvent();
        RingEvent actual = new RingEvent();
        try (RecordReader r = new RecordReader(JournalPaths.in(dir))) {
            for (int i = 0; r.next(); i++) {
                InputCodec.decode(r.buffer(), 0, r.length(), actual, r.where());
                assertTrue(
                        SampleEvents.sameInput(
                                SampleEvents.fill(expected, SampleEvents.INPUT_TYPES[i], i),
                                actual));
            }
        }
    }

    @Test
    void shouldLeaveTheCrcToTheJournalAndStampTheSameOneInADigestOnlyRun() throws IOException {
        RingEvent cause = GoldenJournalTest.outputCause();
        UnsafeBuffer b = new UnsafeBuffer(new byte[OutputCodec.MAX_RECORD]);
        int n = OutputCodec.encodeRisk(cause, b, 0);
        assertEquals(0, b.getInt(RecordHeader.CRC_OFFSET), "encoders leave the CRC zero");
        OutputJournal digestOnly = new OutputJournal(null);
        OutputJournal onDisk = new OutputJournal(tmp.resolve("d"), 1L << 16);
        for (OutputJournal j : new OutputJournal[] {digestOnly, onDisk}) {
            Consumer<OutputJournal> write =
                    o -> o.commit(OutputCodec.encodeRisk(cause, o.buffer(), 0));
            write.accept(j);
            assertTrue(j.buffer().getInt(RecordHeader.CRC_OFFSET) != 0, "the journal stamps it");
        }
        assertEquals(digestOnly.digestHex(), onDisk.digestHex());
        assertEquals(n, RecordHeader.LENGTH + 8 + 8 + 4 + 1);
        digestOnly.close();
        onDisk.close();
    }
}
