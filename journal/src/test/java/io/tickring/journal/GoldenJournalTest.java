package io.tickring.journal;

import io.tickring.core.EventType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.OutputCodec;
import io.tickring.core.codec.OutputRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journals written by schema version 1 must stay readable: the golden files in the test resources
 * were written once by {@link GoldenJournalWriter} and are never rewritten.
 */
class GoldenJournalTest {
    @TempDir
    Path tmp;

    /** The output records' cause, shared with the writer. */
    static RingEvent outputCause() {
        RingEvent cause = SampleEvents.fill(new RingEvent(), EventType.BOOK, 1);
        cause.pUp = 0.7;
        cause.pFlat = 0.2;
        cause.pDown = 0.1;
        cause.intentSide = Side.BUY;
        cause.intentOrderType = OrderType.LIMIT;
        cause.intentQty = 100;
        cause.intentPx = 305_900;
        cause.intentConfidence = 0.6;
        cause.riskVerdict = RiskVerdict.CLAMP;
        cause.riskReason = 3;
        cause.approvedQty = 60;
        return cause;
    }

    Path copyGolden(String version) throws IOException {
        Path dir = tmp.resolve(version);
        Path listing = Path.of("src/test/resources/golden", version);
        try (var files = Files.walk(listing)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = dir.resolve(listing.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    try (InputStream in = Files.newInputStream(p)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
        return dir;
    }

    @Test
    void shouldReadEveryInputTypeOfTheVersion1GoldenJournal() throws IOException {
        Path dir = copyGolden("v1");
        RingEvent expected = new RingEvent();
        RingEvent actual = new RingEvent();
        UnsafeBuffer reencoded = new UnsafeBuffer(new byte[InputJournal.MAX_RECORD]);
        try (RecordReader r = new RecordReader(JournalPaths.in(dir))) {
            for (int i = 0; i < SampleEvents.INPUT_TYPES.length; i++) {
                assertTrue(r.next(), "golden record " + i + " missing");
                InputCodec.decode(r.buffer(), 0, r.length(), actual, r.where());
                SampleEvents.fill(expected, SampleEvents.INPUT_TYPES[i], i);
                assertTrue(SampleEvents.sameInput(expected, actual), "golden record " + i + " decodes differently");
                // Today's encoder must still write the bytes version 1 wrote.
                int n = InputCodec.encode(actual, reencoded, 0);
                assertArrayEquals(Arrays.copyOf(r.bytes(), r.length()), Arrays.copyOf(reencoded.byteArray(), n),
                        "encoding of " + EventType.name(actual.type) + " changed: that needs a new schema version");
            }
            assertFalse(r.next());
        }
    }

    @Test
    void shouldReadEveryOutputTypeOfTheVersion1GoldenJournal() throws IOException {
        Path dir = copyGolden("v1");
        int[] types = {EventType.DECISION, EventType.RISK, EventType.ORDER, EventType.CANCEL};
        OutputRecord o = new OutputRecord();
        UnsafeBuffer reencoded = new UnsafeBuffer(new byte[OutputCodec.MAX_RECORD]);
        RingEvent cause = outputCause();
        try (RecordReader r = new RecordReader(JournalPaths.out(dir))) {
            for (int i = 0; i < types.length; i++) {
                assertTrue(r.next());
                OutputCodec.decode(r.buffer(), 0, r.length(), o, r.where());
                assertEquals(types[i], o.type);
                assertEquals(1, o.sequence);
                int n;
                switch (types[i]) {
                    case EventType.DECISION:
                        assertEquals(0.7, o.pUp);
                        n = OutputCodec.encodeDecision(cause, reencoded, 0);
                        break;
                    case EventType.RISK:
                        assertEquals(60, o.qty);
                        n = OutputCodec.encodeRisk(cause, reencoded, 0);
                        break;
                    case EventType.ORDER:
                        assertEquals(11, o.orderId);
                        n = OutputCodec.encodeOrder(cause, 11, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 60,
                                305_900, reencoded, 0);
                        break;
                    default:
                        assertEquals(2, o.reason);
                        n = OutputCodec.encodeCancel(cause, 11, 2, reencoded, 0);
                        break;
                }
                assertArrayEquals(Arrays.copyOf(r.bytes(), r.length()), Arrays.copyOf(reencoded.byteArray(), n));
            }
            assertFalse(r.next());
        }
        JournalInspector.Stats stats = JournalInspector.verify(dir);
        assertEquals(7, stats.inRecords);
        assertEquals(4, stats.outRecords);
    }
}
