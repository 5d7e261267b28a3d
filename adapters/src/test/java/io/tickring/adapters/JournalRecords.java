package io.tickring.adapters;

import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Reads a journal's input records back for tests, one reused event at a time. */
public final class JournalRecords {
    private JournalRecords() {}

    /** Calls {@code each} with every input record of {@code dir}, in order; returns the count. */
    public static long forEach(Path dir, Consumer<RingEvent> each) {
        RingEvent e = new RingEvent();
        long n = 0;
        try (RecordReader r = new RecordReader(JournalPaths.in(dir))) {
            while (r.next()) {
                InputCodec.decode(r.buffer(), 0, r.length(), e, r.where());
                each.accept(e);
                n++;
            }
        }
        return n;
    }

    /** The SESSION payload of {@code e} as text. */
    public static String session(RingEvent e) {
        byte[] b = new byte[e.sessionLength];
        e.sessionPayload.getBytes(0, b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
