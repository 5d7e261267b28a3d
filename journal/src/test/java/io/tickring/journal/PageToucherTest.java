package io.tickring.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PageToucher} on a real queue on disk: it runs ahead of the appender across chunk
 * boundaries, and what it touches changes nothing a reader sees.
 */
class PageToucherTest {
    /** Small chunks, so that a few thousand records cross many of them. */
    private static final long BLOCK = 256 << 10;

    @TempDir Path tmp;

    @Test
    @Timeout(60) // a toucher that never gets there hangs rather than fails without it
    void shouldTouchPagesAheadOfTheWritePosition() {
        try (RecordAppender w = new RecordAppender(tmp.resolve("q"), BLOCK, 1024)) {
            w.append(record(0, 200), 0, 200);
            PageToucher t = w.toucher();
            assertNotNull(t, "pre-touching is on by default");
            // Not a timing assertion: wait (as long as the machine needs) for the toucher to reach
            // its target; a toucher that never touches ahead fails here.
            while (t.touchedTo() < PageToucher.AHEAD && t.isAlive()) {
                LockSupport.parkNanos(1_000_000);
            }
            assertTrue(t.touchedTo() >= PageToucher.AHEAD, "touched to " + t.touchedTo());
            assertTrue(t.isAlive(), "the toucher stopped on an error");
        }
    }

    @Test
    void shouldLeaveEveryRecordAsWrittenAndNothingAfterTheLast() {
        int n = 20_000; // ~4 MB over 256 KiB chunks, with the toucher in the chunks ahead
        SplittableRandom r = new SplittableRandom(7);
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = 8 + r.nextInt(400);
        }
        try (RecordAppender w = new RecordAppender(tmp.resolve("q"), BLOCK, 1024)) {
            for (int i = 0; i < n; i++) {
                w.append(record(i, lengths[i]), 0, lengths[i]);
                if (i % 1000 == 0) {
                    LockSupport.parkNanos(200_000); // let the toucher get ahead now and then
                }
            }
            assertTrue(w.toucher().isAlive(), "the toucher stopped on an error");
        }
        try (RecordReader rd = new RecordReader(tmp.resolve("q"))) {
            for (int i = 0; i < n; i++) {
                assertTrue(rd.next(), "record " + i + " missing");
                assertEquals(lengths[i], rd.length(), "length of record " + i);
                byte[] actual = new byte[rd.length()];
                rd.buffer().getBytes(0, actual);
                assertArrayEquals(record(i, lengths[i]), actual, "record " + i);
            }
            assertFalse(rd.next(), "a record after the last one written");
        }
    }

    @Test
    void shouldStopItsThreadOnClose() {
        PageToucher t;
        try (RecordAppender w = new RecordAppender(tmp.resolve("q"), BLOCK, 1024)) {
            w.append(record(0, 64), 0, 64);
            t = w.toucher();
        }
        assertFalse(t.isAlive());
    }

    /**
     * Bytes no page of zeros could pass for: never 0, different per record. The first byte, a
     * record's schema version, names one no build knows, so the reader passes them through as
     * bytes.
     */
    private static byte[] record(int i, int length) {
        byte[] b = new byte[length];
        for (int k = 0; k < length; k++) {
            b[k] = (byte) (1 + (i * 31 + k) % 251);
        }
        b[0] = 0x7F;
        return b;
    }
}
