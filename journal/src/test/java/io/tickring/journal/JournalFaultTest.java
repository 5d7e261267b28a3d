package io.tickring.journal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.JournalFormatException;
import io.tickring.core.codec.RecordHeader;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection on real journals (Chronicle queues on disk, damaged in their files): every kind
 * of damage the issue lists is refused by every reader with one {@link JournalFormatException}
 * naming the file or the queue and record, never a JVM error or another exception.
 */
class JournalFaultTest {
    /** BOOKs after the SESSION: enough that the data runs well past the first 64 KB. */
    static final int BOOKS = 3000;

    @TempDir Path tmp;

    /** A journal as a run leaves it: SESSION then BOOKs in in/, every output type in out/. */
    static Path journal(Path dir) {
        try (InputJournal in = new InputJournal(dir, 1L << 20);
                OutputJournal out = new OutputJournal(dir, 1L << 20)) {
            RingEvent e = new RingEvent();
            in.append(SampleEvents.fill(e, EventType.SESSION, 0));
            for (int i = 1; i <= BOOKS; i++) {
                in.append(SampleEvents.fill(e, EventType.BOOK, i));
            }
            RingEvent cause = GoldenJournalTest.outputCause();
            for (int type : GoldenJournalTest.OUTPUT_TYPES) {
                out.commit(GoldenJournalTest.encodeOutput(type, cause, out.buffer()));
            }
        }
        JournalInspector.verify(dir);
        return dir;
    }

    private int copies;

    Path fresh() {
        return journal(tmp.resolve("j" + copies++));
    }

    static Path queueFile(Path queueDir) throws IOException {
        try (var files = Files.list(queueDir)) {
            return files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    /**
     * Every reader refuses {@code dir} with one line that contains {@code fragment}; nothing else
     * escapes (an InternalError or a Chronicle exception fails the test).
     */
    static void assertRefused(Path dir, String fragment) {
        List<Runnable> readers =
                List.of(
                        () -> JournalInspector.verify(dir),
                        () -> JournalInspector.verify(dir, true),
                        () -> JournalInspector.stats(dir),
                        () -> JournalInspector.dump(dir, new StringWriter(), true, true));
        for (int i = 0; i < readers.size(); i++) {
            try {
                readers.get(i).run();
                if (i == 0) {
                    fail("verify accepted a damaged journal; expected: " + fragment);
                }
            } catch (JournalFormatException e) {
                String m = e.getMessage();
                assertFalse(m.contains("\n"), "one line: " + m);
                if (i == 0) {
                    assertTrue(m.contains(fragment), "'" + fragment + "' not in: " + m);
                }
            } catch (Throwable t) {
                fail("reader " + i + " threw " + t + " instead of a JournalFormatException", t);
            }
        }
    }

    @Test
    void shouldRefuseAQueueFileCutAtAnyOffsetNamingTheFile() throws IOException {
        Path j = fresh();
        Path file = queueFile(JournalPaths.in(j));
        byte[] head = new byte[256];
        try (FileChannel ch = FileChannel.open(file)) {
            ch.read(ByteBuffer.wrap(head));
        }
        long dataEnd = JournalFiles.writePosition(head, head.length);
        assertTrue(dataEnd > 200_000, "data runs past the first 64 KB: " + dataEnd);
        long[] offsets = {
            0,
            1,
            64,
            100,
            1000,
            4096,
            8192,
            30_000,
            65_535,
            65_536,
            70_000,
            131_072,
            dataEnd / 2,
            dataEnd - 1,
            dataEnd + 10
        };
        for (long offset : offsets) {
            Path d = tmp.resolve("cut" + offset);
            copyTree(j, d);
            Path f = queueFile(JournalPaths.in(d));
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(offset);
            }
            // The file for a header or length problem; the queue and record for a record cut off.
            String fragment = offset < dataEnd ? f.toString() : JournalPaths.in(d).toString();
            assertRefused(d, fragment);
        }
    }

    @Test
    void shouldRefuseAQueueFileOfRandomBytesOrAForeignQueue() throws IOException {
        Path j = fresh();
        Random random = new Random(11);
        for (int size : new int[] {10, 4096, 300_000}) {
            Path d = tmp.resolve("random" + size);
            copyTree(j, d);
            byte[] junk = new byte[size];
            random.nextBytes(junk);
            Files.write(queueFile(JournalPaths.in(d)), junk);
            assertRefused(d, queueFile(JournalPaths.in(d)).toString());
        }
        // A Chronicle queue, but not a tickring journal's: text documents.
        Path foreign = tmp.resolve("foreign");
        Files.createDirectories(foreign);
        try (SingleChronicleQueue q =
                        QueueFactory.openForWrite(JournalPaths.in(foreign), 1L << 16);
                ExcerptAppender a = q.createAppender()) {
            for (int i = 0; i < 10; i++) {
                a.writeText("not a tickring record " + i);
            }
        }
        assertRefused(foreign, JournalPaths.in(foreign) + " record #0");
        // A foreign queue file dropped beside a journal's own.
        Path mixed = tmp.resolve("mixed");
        copyTree(j, mixed);
        Files.copy(
                queueFile(JournalPaths.in(foreign)),
                JournalPaths.in(mixed).resolve("20000101F.cq4"));
        assertRefused(mixed, JournalPaths.in(mixed).resolve("20000101F.cq4") + ": no record");
        // A newer file no record came from: the file a writer was starting when it died (it may
        // hold no record yet) is read past when the writer did not finish, refused when it did.
        Path dying = tmp.resolve("dying");
        copyTree(j, dying);
        Files.delete(dying.resolve("in.end"));
        Files.delete(dying.resolve("out.end"));
        Files.copy(
                queueFile(JournalPaths.in(foreign)),
                JournalPaths.in(dying).resolve("29991231F.cq4"));
        JournalInspector.verify(dying, true);
        Path finished = tmp.resolve("finished");
        copyTree(j, finished);
        Files.copy(
                queueFile(JournalPaths.in(foreign)),
                JournalPaths.in(finished).resolve("29991231F.cq4"));
        assertRefused(finished, JournalPaths.in(finished).resolve("29991231F.cq4") + ": no record");
    }

    @Test
    void shouldNameTheRecordOfEveryRandomByteOrBitFlipInInAndOut() throws IOException {
        Path j = fresh();
        Random random = new Random(42);
        for (int round = 0; round < 24; round++) {
            String queue = round % 3 == 2 ? JournalPaths.OUT : JournalPaths.IN;
            long records = queue.equals(JournalPaths.IN) ? BOOKS + 1 : 4;
            long index = random.nextInt((int) records);
            Path d = tmp.resolve("flip" + round);
            copyTree(j, d);
            Path q = d.resolve(queue);
            int length = JournalDamage.record(q, index).length;
            int offset = random.nextInt(length);
            if (round % 2 == 0) {
                int bit = random.nextInt(8);
                JournalDamage.flipBit(q, index, offset, bit);
            } else {
                byte value = (byte) (1 + random.nextInt(255));
                JournalDamage.change(q, index, rec -> rec[offset] ^= value);
            }
            assertRefused(d, q + " record #" + index + ": ");
        }
    }

    @Test
    void shouldRefuseAChangedTypeInstrumentTimeOrPriceInInAndOut() throws IOException {
        Path j = fresh();
        List<Consumer<byte[]>> changes = new ArrayList<>();
        changes.add(rec -> rec[RecordHeader.TYPE_OFFSET] = (byte) EventType.TRADE);
        changes.add(rec -> le(rec).putInt(RecordHeader.INSTRUMENT_OFFSET, 999));
        changes.add(
                rec ->
                        le(rec).putLong(
                                        RecordHeader.EXCHANGE_TIME_OFFSET,
                                        le(rec).getLong(RecordHeader.EXCHANGE_TIME_OFFSET) + 1));
        changes.add(rec -> changePrice(rec, 305_900));
        int n = 0;
        for (String queue : new String[] {JournalPaths.IN, JournalPaths.OUT}) {
            long index = queue.equals(JournalPaths.IN) ? 7 : 2;
            for (Consumer<byte[]> change : changes) {
                Path d = tmp.resolve("changed" + n++);
                copyTree(j, d);
                JournalDamage.change(d.resolve(queue), index, change);
                assertRefused(d, d.resolve(queue) + " record #" + index + ": CRC mismatch");
            }
        }
    }

    private static ByteBuffer le(byte[] rec) {
        return ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Adds one tick to the first field after the header that holds {@code price}. */
    private static void changePrice(byte[] rec, long price) {
        ByteBuffer b = le(rec);
        for (int i = RecordHeader.LENGTH; i + 8 <= rec.length; i++) {
            if (b.getLong(i) == price) {
                b.putLong(i, price + 100);
                return;
            }
        }
        throw new AssertionError("no price " + price + " in the record");
    }

    @Test
    void shouldRefuseADeletedOrEditedEndMarker() throws IOException {
        Path j = fresh();
        Path d = copy(j, "no-in-end");
        Files.delete(d.resolve("in.end"));
        assertRefused(d, d.resolve("in") + ": no end marker (in.end)");
        assertDoesNotThrow(() -> JournalInspector.verify(d, true));

        Path o = copy(j, "no-out-end");
        Files.delete(o.resolve("out.end"));
        assertRefused(o, o.resolve("out") + ": no end marker (out.end)");

        Path count = copy(j, "count");
        edit(count.resolve("in.end"), "\"records\":" + (BOOKS + 1), "\"records\":" + BOOKS);
        assertRefused(count, "records readable, its writer wrote " + BOOKS + " (in.end)");
        Path more = copy(j, "more");
        edit(more.resolve("in.end"), "\"records\":" + (BOOKS + 1), "\"records\":" + BOOKS);
        assertRefused(
                more,
                more.resolve("in")
                        + ": more records than its writer wrote: "
                        + (BOOKS + 1)
                        + " records readable, its writer wrote "
                        + BOOKS);
        Path fewer = copy(j, "fewer");
        edit(fewer.resolve("in.end"), "\"records\":" + (BOOKS + 1), "\"records\":" + (BOOKS + 2));
        assertRefused(
                fewer,
                fewer.resolve("in")
                        + ": truncated: "
                        + (BOOKS + 1)
                        + " records readable, its writer wrote "
                        + (BOOKS + 2));

        Path digest = copy(j, "digest");
        String marker = Files.readString(digest.resolve("out.end"));
        int at = marker.indexOf("\"digest\":\"") + 10;
        char c = marker.charAt(at);
        edit(
                digest.resolve("out.end"),
                marker.substring(at, at + 8),
                (c == '0' ? "1" : "0") + marker.substring(at + 1, at + 8));
        assertRefused(digest, digest.resolve("out") + ": output digest ");

        Path garbage = copy(j, "garbage");
        Files.writeString(garbage.resolve("in.end"), "{\"records\":\"many\"}\n");
        assertRefused(garbage, garbage.resolve("in.end") + ": not a valid end marker");

        Path failed = copy(j, "failed");
        edit(
                failed.resolve("in.end"),
                "\"state\":\"complete\"",
                "\"state\":\"failed\",\"reason\":\"bad row 12\"");
        assertRefused(failed, failed.resolve("in") + ": its writer failed (in.end): bad row 12");
        assertNotNull(JournalInspector.verify(failed, true), "--partial reads a failed journal");
    }

    @Test
    void shouldRefuseAQueueWithoutItsTableStoreNamingTheFile() throws IOException {
        // Chronicle would fall back to a read-only table store and log a warning with an
        // exception's name: a queue directory that lost its metadata.cq4t is not whole.
        Path d = copy(fresh(), "no-table");
        Files.delete(d.resolve("out").resolve("metadata.cq4t"));
        assertRefused(d, d.resolve("out").resolve("metadata.cq4t") + ": missing beside ");
    }

    @Test
    void shouldRefuseARegularFileOrAnEmptyDirectoryAsAJournal() throws IOException {
        Path file = tmp.resolve("file");
        Files.writeString(file, "hello\n");
        assertRefused(file, file + ": a file, not a journal directory");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertRefused(empty, empty + ": not a tickring journal");
    }

    @Test
    void shouldLeaveAFailedMarkerWhenTheWriterSaysItFailed() {
        Path dir = tmp.resolve("failed-writer");
        try (InputJournal in = new InputJournal(dir, 1L << 16)) {
            in.append(SampleEvents.fill(new RingEvent(), EventType.SESSION, 0));
            in.fail("import failed: x.csv:3: bad price");
        }
        EndMarker.Marker m = EndMarker.read(dir, JournalPaths.IN);
        assertEquals(EndMarker.State.FAILED, m.state());
        assertEquals("import failed: x.csv:3: bad price", m.reason());
        assertEquals(1, m.records());
        assertRefused(dir, "its writer failed (in.end): import failed: x.csv:3: bad price");
        assertFalse(Files.exists(dir.resolve("in.end.tmp")));
    }

    @Test
    void shouldRewriteOnlyThisProcesssMarkersAsFailed() throws IOException {
        Path j = fresh();
        assertEquals(null, EndMarker.markFailed(j, "import failed: cut gzip"));
        assertEquals(EndMarker.State.FAILED, EndMarker.read(j, JournalPaths.IN).state());
        assertEquals(EndMarker.State.FAILED, EndMarker.read(j, JournalPaths.OUT).state());
        Path other = copy(fresh(), "other");
        edit(
                other.resolve("in.end"),
                "\"writer_pid\":" + ProcessHandle.current().pid(),
                "\"writer_pid\":1");
        EndMarker.markFailed(other, "not ours");
        assertTrue(EndMarker.read(other, JournalPaths.IN).complete(), "another writer's marker");
    }

    @Test
    void shouldReadAMarkerWrittenBeforeMarkersHadAState() throws IOException {
        Path j = fresh();
        Files.writeString(j.resolve("in.end"), "{\"records\":" + (BOOKS + 1) + "}\n");
        assertTrue(EndMarker.read(j, JournalPaths.IN).complete());
        assertDoesNotThrow(() -> JournalInspector.verify(j));
    }

    private Path copy(Path from, String name) throws IOException {
        Path to = tmp.resolve(name);
        copyTree(from, to);
        return to;
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(s.contains(from), from + " not in " + s);
        Files.writeString(file, s.replace(from, to), StandardCharsets.UTF_8);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else if (!p.getFileName().toString().equals(JournalLock.FILE)) {
                    Files.copy(p, t);
                }
            }
        }
    }
}
