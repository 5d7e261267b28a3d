package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.assertOneLineBadInput;
import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.codec.RecordHeader;
import io.tickring.journal.JournalDamage;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.V1Journals;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal formats through the command line: journals of schema version 1 stay readable, replayable
 * and backtestable; damaged version 2 journals are refused with one line naming the record.
 */
@org.junit.jupiter.api.Tag("slow")
class JournalFormatCliTest {
    @TempDir Path tmp;

    static Path golden(String version) {
        return Path.of(
                System.getenv().getOrDefault("TICKRING_TEST_ROOT", ".."),
                "journal",
                "src",
                "test",
                "resources",
                "golden",
                version);
    }

    Path copy(Path from, String name) throws IOException {
        Path to = tmp.resolve(name);
        CliTest.copyTree(from, to);
        return to;
    }

    Path demo(String name) {
        Path j = tmp.resolve(name);
        CliTest.Run r =
                tickring(
                        "demo",
                        "--mode",
                        "sim",
                        "--duration",
                        "30s",
                        "--journal",
                        j.toString(),
                        "--json");
        assertEquals(0, r.code(), r.err());
        return j;
    }

    @Test
    void shouldReadTheVersion1GoldenJournalWithDumpStatsVerifyAndBacktest() throws IOException {
        Path v1 = copy(golden("v1"), "v1");
        CliTest.Run verify = tickring("journal", "verify", v1.toString(), "--json");
        assertEquals(0, verify.code(), verify.err());
        assertEquals("1", field(verify.lastLine(), "schema"));
        assertEquals("7", field(verify.lastLine(), "in_records"));
        CliTest.Run stats = tickring("journal", "stats", v1.toString());
        assertEquals(0, stats.code(), stats.err());
        assertTrue(stats.out().contains("schema version 1"), stats.out());
        CliTest.Run dump = tickring("journal", "dump", v1.toString());
        assertEquals(0, dump.code(), dump.err());
        for (String name :
                new String[] {
                    "\"type\":\"BOOK\"",
                    "\"aggressor\":\"BUY\"",
                    "\"exec\":\"PARTIAL_FILL\"",
                    "\"side\":\"SELL\"",
                    "\"reject_reason\":\"NONE\"",
                    "\"code\":\"PARAM\"",
                    "\"order_type\":\"LIMIT\"",
                    "\"tif\":\"IOC\"",
                    "\"verdict\":\"CLAMP\"",
                    "\"reason\":\"MAX_ORDER_QTY\"",
                    "\"type\":\"CANCEL\""
                }) {
            assertTrue(dump.out().contains(name), name + " not in the dump: " + dump.out());
        }
        // The golden records name instrument 7, which the shipped registry lacks: a backtest
        // refuses that (exit 2 naming the id) unless the user's instruments file has it.
        CliTest.assertOneLineBadInput(
                tickring("backtest", "--journal", v1.toString()), "names instrument id 7");
        Path seven = tmp.resolve("seven.yaml");
        java.nio.file.Files.writeString(
                seven,
                "instruments:\n  - {id: 7, symbol: GOLDEN, venue: X, price_scale: 4,"
                        + " tick_size: 0.0001, lot_size: 1, currency: USD}\n");
        CliTest.Run backtest =
                tickring(
                        "backtest",
                        "--journal",
                        v1.toString(),
                        "--instruments",
                        seven.toString(),
                        "--json");
        assertEquals(0, backtest.code(), backtest.err());
        assertEquals("3", field(backtest.lastLine(), "skipped_records"), backtest.lastLine());
    }

    @Test
    void shouldReplayAndBacktestAJournalRecordedInVersion1() throws IOException {
        Path v2 = demo("v2");
        Path v1 = tmp.resolve("v1");
        V1Journals.rewrite(v2, v1);
        assertEquals(
                "1",
                field(tickring("journal", "verify", v1.toString(), "--json").lastLine(), "schema"));

        CliTest.Run replay = tickring("replay", "--journal", v1.toString(), "--verify", "--json");
        assertEquals(0, replay.code(), replay.err());
        String line = replay.lastLine();
        assertEquals("true", field(line, "match"));
        assertEquals("fields", field(line, "compared"));
        assertEquals("1", field(line, "recorded_schema"));
        assertFalse(
                field(line, "digest").equals(field(line, "recorded_digest")),
                "v1 and v2 bytes differ");
        String v2Digest =
                field(
                        tickring("replay", "--journal", v2.toString(), "--verify", "--json")
                                .lastLine(),
                        "digest");
        assertEquals(v2Digest, field(line, "digest"), "the same outputs, encoded as version 2");

        // A backtest of the old journal gives what a backtest of the same run recorded today gives.
        Path out = tmp.resolve("bt");
        CliTest.Run btV1 =
                tickring("backtest", "--journal", v1.toString(), "--out", out.toString(), "--json");
        CliTest.Run btV2 = tickring("backtest", "--journal", v2.toString(), "--json");
        assertEquals(0, btV1.code(), btV1.err());
        assertEquals(field(btV2.lastLine(), "digest"), field(btV1.lastLine(), "digest"));
        CliTest.Run outVerify = tickring("journal", "verify", out.toString(), "--json");
        assertEquals(0, outVerify.code(), outVerify.err());
        assertEquals(
                "2",
                field(outVerify.lastLine(), "schema"),
                "a backtest writes its own journal in version 2");
    }

    @Test
    void shouldNameTheFirstDifferingFieldOfAVersion1Recording() throws IOException {
        Path v2 = demo("d");
        Path v1 = tmp.resolve("d1");
        V1Journals.rewrite(v2, v1);
        // Alter the recorded limit price of out record #2 (an ORDER in version 1: price at body
        // offset 24).
        JournalDamage.change(
                JournalPaths.out(v1),
                2,
                rec -> {
                    assertEquals(io.tickring.core.EventType.ORDER, rec[1]);
                    java.nio.ByteBuffer.wrap(rec)
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                            .putLong(RecordHeader.LENGTH + 24, 12345L);
                });
        // Version 1 records carry no CRC, but out.end's digest no longer matches: refused.
        assertOneLineBadInput(
                tickring("journal", "verify", v1.toString()), "out.end (the records or the marker");
        // A recording whose marker agrees with its records (as if another build had made it):
        // replay names the first differing field.
        Path marker = v1.resolve("out.end");
        String m = java.nio.file.Files.readString(marker);
        String recorded = io.tickring.journal.EndMarker.read(v1, JournalPaths.OUT).digest();
        java.nio.file.Files.writeString(
                marker, m.replace(recorded, io.tickring.journal.Digests.recordedOutputDigest(v1)));
        CliTest.Run replay = tickring("replay", "--journal", v1.toString(), "--verify");
        assertEquals(1, replay.code(), replay.err());
        assertTrue(replay.err().contains("out record #2"), replay.err());
        assertTrue(replay.err().contains("12345"), replay.err());
    }

    @Test
    void shouldRefuseADamagedJournalInEveryCommandThatReadsIt() throws IOException {
        Path j = demo("dmg");
        long book = firstBook(j);
        Path[] damaged = new Path[4];
        for (int i = 0; i < damaged.length; i++) {
            damaged[i] = copy(j, "dmg" + i);
        }
        int length = JournalDamage.record(JournalPaths.in(j), book).length;
        JournalDamage.flipBit(JournalPaths.in(damaged[0]), book, 60, 5);
        JournalDamage.setType(JournalPaths.in(damaged[1]), book, io.tickring.core.EventType.TRADE);
        JournalDamage.setInstrument(JournalPaths.in(damaged[2]), book, 2);
        JournalDamage.fill(JournalPaths.in(damaged[3]), book, length / 2 - 32, 64);
        for (Path d : damaged) {
            String where = "record #" + book + ": CRC mismatch";
            assertOneLineBadInput(tickring("journal", "verify", d.toString()), where);
            assertOneLineBadInput(tickring("journal", "dump", d.toString()), where);
            assertOneLineBadInput(tickring("journal", "stats", d.toString()), where);
            assertOneLineBadInput(tickring("replay", "--journal", d.toString(), "--verify"), where);
            assertOneLineBadInput(tickring("backtest", "--journal", d.toString()), where);
        }
        Path out = copy(j, "dmg-out");
        JournalDamage.flipBit(JournalPaths.out(out), 1, 45, 1);
        assertOneLineBadInput(
                tickring("journal", "verify", out.toString()), "out record #1: CRC mismatch");
        assertOneLineBadInput(
                tickring("replay", "--journal", out.toString(), "--verify"),
                "out record #1: CRC mismatch");
    }

    private static long firstBook(Path j) {
        try (io.tickring.journal.RecordReader r =
                new io.tickring.journal.RecordReader(JournalPaths.in(j))) {
            while (r.next()) {
                if (RecordHeader.type(r.buffer(), 0) == io.tickring.core.EventType.BOOK) {
                    return r.index();
                }
            }
        }
        throw new AssertionError("no BOOK in " + j);
    }
}
