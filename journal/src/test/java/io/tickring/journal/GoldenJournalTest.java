package io.tickring.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.OutputCodec;
import io.tickring.core.codec.OutputRecord;
import io.tickring.core.codec.RecordHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journals of every schema version must stay readable: the golden files in the test resources were
 * written once by {@link GoldenJournalWriter} (v1 by the version 1 code, v2 by this one) and are
 * never rewritten. Each record must decode to the sample it was made from. The current version's
 * records must also encode back to the same bytes through today's codecs (plus the CRC the journal
 * writer stamps), and v1's through the frozen {@link V1Records}; an older version without a frozen
 * encoder is read only.
 *
 * <p>Raising the schema version: write {@code golden/v<N>} with {@link GoldenJournalWriter}, add
 * the two tests of version N below, and pass {@code null} as the encoder of the version before.
 */
class GoldenJournalTest {
    @TempDir Path tmp;

    /** Encodes input event {@code e} the way a version wrote it; returns the length. */
    interface InputEncoder {
        int encode(RingEvent e, MutableDirectBuffer b);
    }

    /** Encodes the golden output record of {@code type} the way a version wrote it. */
    interface OutputEncoder {
        int encode(int type, RingEvent cause, MutableDirectBuffer b);
    }

    static final InputEncoder V1_INPUT = (e, b) -> V1Records.encodeInput(e, b, 0);
    static final InputEncoder V2_INPUT = (e, b) -> stamp(b, InputCodec.encode(e, b, 0));

    static final OutputEncoder V1_OUTPUT =
            (type, cause, b) -> {
                switch (type) {
                    case EventType.DECISION:
                        return V1Records.encodeDecision(cause, b, 0);
                    case EventType.RISK:
                        return V1Records.encodeRisk(cause, b, 0);
                    case EventType.ORDER:
                        return V1Records.encodeOrder(
                                cause,
                                11,
                                Side.BUY,
                                OrderType.LIMIT,
                                TimeInForce.IOC,
                                60,
                                305_900,
                                b,
                                0);
                    default:
                        return V1Records.encodeCancel(cause, 11, 2, b, 0);
                }
            };

    static final OutputEncoder V2_OUTPUT =
            (type, cause, b) -> stamp(b, encodeOutput(type, cause, b));

    static final int[] OUTPUT_TYPES = {
        EventType.DECISION, EventType.RISK, EventType.ORDER, EventType.CANCEL
    };

    /** The golden output record of {@code type} in the current version, CRC zero. */
    static int encodeOutput(int type, RingEvent cause, MutableDirectBuffer b) {
        switch (type) {
            case EventType.DECISION:
                return OutputCodec.encodeDecision(cause, b, 0);
            case EventType.RISK:
                return OutputCodec.encodeRisk(cause, b, 0);
            case EventType.ORDER:
                return OutputCodec.encodeOrder(
                        cause, 11, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 60, 305_900, b, 0);
            default:
                return OutputCodec.encodeCancel(cause, 11, 2, b, 0);
        }
    }

    private static int stamp(MutableDirectBuffer b, int length) {
        RecordHeader.stampCrc(new CRC32C(), b, 0, length);
        return length;
    }

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

    /** A copy of the golden journal of {@code version}, so a test can never alter the original. */
    static Path copyGolden(Path tmp, String version) throws IOException {
        Path dir = tmp.resolve(version);
        Path listing = Path.of("src/test/resources/golden", version);
        if (!Files.isDirectory(listing)) {
            listing =
                    Path.of(
                            System.getenv().getOrDefault("TICKRING_TEST_ROOT", ".."),
                            "journal",
                            "src",
                            "test",
                            "resources",
                            "golden",
                            version);
        }
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

    void shouldReadAndReencodeEveryInputType(
            String version, int schemaVersion, InputEncoder encoder) throws IOException {
        Path dir = copyGolden(tmp, version);
        RingEvent expected = new RingEvent();
        RingEvent actual = new RingEvent();
        UnsafeBuffer reencoded = new UnsafeBuffer(new byte[InputJournal.MAX_RECORD]);
        try (RecordReader r = new RecordReader(JournalPaths.in(dir))) {
            for (int i = 0; i < SampleEvents.INPUT_TYPES.length; i++) {
                assertTrue(r.next(), "golden record " + i + " missing");
                assertEquals(schemaVersion, RecordHeader.version(r.buffer(), 0));
                assertEquals(
                        SampleEvents.INPUT_TYPES[i],
                        RecordHeader.type(r.buffer(), 0),
                        "the second byte is the type");
                InputCodec.decode(r.buffer(), 0, r.length(), actual, r.where());
                SampleEvents.fill(expected, SampleEvents.INPUT_TYPES[i], i);
                assertTrue(
                        SampleEvents.sameInput(expected, actual),
                        "golden record " + i + " decodes differently");
                if (encoder == null) {
                    continue;
                }
                int n = encoder.encode(actual, reencoded);
                assertArrayEquals(
                        Arrays.copyOf(r.bytes(), r.length()),
                        Arrays.copyOf(reencoded.byteArray(), n),
                        "encoding of "
                                + EventType.name(actual.type)
                                + " changed: that needs a new schema version");
            }
            assertFalse(r.next());
        }
    }

    void shouldReadAndReencodeEveryOutputType(
            String version, int schemaVersion, OutputEncoder encoder) throws IOException {
        Path dir = copyGolden(tmp, version);
        OutputRecord o = new OutputRecord();
        UnsafeBuffer reencoded = new UnsafeBuffer(new byte[OutputCodec.MAX_RECORD]);
        RingEvent cause = outputCause();
        try (RecordReader r = new RecordReader(JournalPaths.out(dir))) {
            for (int type : OUTPUT_TYPES) {
                assertTrue(r.next());
                assertEquals(schemaVersion, RecordHeader.version(r.buffer(), 0));
                OutputCodec.decode(r.buffer(), 0, r.length(), o, r.where());
                assertEquals(type, o.type);
                assertEquals(1, o.sequence);
                switch (type) {
                    case EventType.DECISION:
                        assertEquals(0.7, o.pUp);
                        assertEquals(305_900, o.px);
                        break;
                    case EventType.RISK:
                        assertEquals(60, o.qty);
                        assertEquals(100, o.requestedQty);
                        assertEquals(RiskVerdict.CLAMP, o.verdict);
                        break;
                    case EventType.ORDER:
                        assertEquals(11, o.orderId);
                        assertEquals(TimeInForce.IOC, o.tif);
                        break;
                    default:
                        assertEquals(2, o.reason);
                        break;
                }
                if (encoder == null) {
                    continue;
                }
                int n = encoder.encode(type, cause, reencoded);
                assertArrayEquals(
                        Arrays.copyOf(r.bytes(), r.length()),
                        Arrays.copyOf(reencoded.byteArray(), n),
                        "encoding of "
                                + EventType.name(type)
                                + " changed: that needs a new schema version");
            }
            assertFalse(r.next());
        }
        JournalInspector.Stats stats = JournalInspector.verify(dir);
        assertEquals(7, stats.inRecords);
        assertEquals(4, stats.outRecords);
        assertEquals(schemaVersion, stats.inVersion);
        assertEquals(schemaVersion, stats.outVersion);
    }

    @Test
    void shouldReadEveryInputTypeOfTheVersion1GoldenJournal() throws IOException {
        shouldReadAndReencodeEveryInputType("v1", 1, V1_INPUT);
    }

    @Test
    void shouldReadEveryOutputTypeOfTheVersion1GoldenJournal() throws IOException {
        shouldReadAndReencodeEveryOutputType("v1", 1, V1_OUTPUT);
    }

    @Test
    void shouldReadAndReencodeEveryInputTypeOfTheVersion2GoldenJournal() throws IOException {
        shouldReadAndReencodeEveryInputType("v2", 2, V2_INPUT);
    }

    @Test
    void shouldReadAndReencodeEveryOutputTypeOfTheVersion2GoldenJournal() throws IOException {
        shouldReadAndReencodeEveryOutputType("v2", 2, V2_OUTPUT);
    }

    @Test
    void shouldDumpTheSameRecordsFromBothVersions() throws IOException {
        java.io.StringWriter v1 = new java.io.StringWriter();
        java.io.StringWriter v2 = new java.io.StringWriter();
        assertEquals(11, JournalInspector.dump(copyGolden(tmp, "v1"), v1, true, true));
        assertEquals(11, JournalInspector.dump(copyGolden(tmp, "v2"), v2, true, true));
        assertEquals(v1.toString(), v2.toString(), "both versions hold the same records");
    }
}
