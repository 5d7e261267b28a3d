package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.journal.JournalPaths;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code run --resume} does with the queue files a writer killed mid-creation left: a file of
 * zeros is deleted, a file whose header Chronicle never finished (its length word still has the
 * not-complete bit) is set aside, and a real queue file is left alone. ResumeCrashTest found the
 * second case under load: "not a Chronicle queue file ... (no SCQStore header ...; 20971520
 * bytes)".
 */
class RunResumeQueueFilesTest {
    @TempDir Path tmp;

    @Test
    void shouldDeleteZerosSetAsideAnUnfinishedHeaderAndKeepARealQueueFile() throws IOException {
        Path in = tmp.resolve(JournalPaths.IN);
        Path out = Files.createDirectories(tmp.resolve(JournalPaths.OUT));
        try (ChronicleQueue q = ChronicleQueue.singleBuilder(in).build();
                ExcerptAppender a = q.createAppender()) {
            a.writeText("a record");
        }
        List<Path> real;
        try (Stream<Path> s = Files.list(in)) {
            real = s.filter(p -> p.toString().endsWith(".cq4")).toList();
        }
        assertEquals(1, real.size(), real.toString());
        byte[] realBytes = Files.readAllBytes(real.get(0));
        assertEquals(RunResume.Start.STARTED, RunResume.unstarted(real.get(0)));

        Path zeros = out.resolve("20261129F.cq4");
        sparse(zeros, new byte[0]);
        Path unfinished = out.resolve("20261130F.cq4");
        // The length word NOT_COMPLETE | META_DATA, then the first bytes of "header".
        sparse(unfinished, new byte[] {0, 0, 0, (byte) 0xC0, (byte) 0xB9, 6, 'h', 'e'});
        assertEquals(RunResume.Start.ZEROS, RunResume.unstarted(zeros));
        assertEquals(RunResume.Start.HEADER_UNFINISHED, RunResume.unstarted(unfinished));

        RunResume.removeUnstartedQueueFiles(tmp);

        assertFalse(Files.exists(zeros), "a file of zeros is deleted");
        assertFalse(Files.exists(unfinished), "the unfinished file leaves the queue");
        Path aside = out.resolve("20261130F.cq4.unfinished");
        assertTrue(Files.exists(aside), "... and is kept beside it");
        assertEquals(20L << 20, Files.size(aside));
        assertArrayEquals(realBytes, Files.readAllBytes(real.get(0)), "a real file untouched");
    }

    /** A 20 MB file like Chronicle's first chunk, with {@code head} at its start. */
    private static void sparse(Path file, byte[] head) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(20L << 20);
            f.write(head);
        }
    }
}
