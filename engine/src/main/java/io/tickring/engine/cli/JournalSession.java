package io.tickring.engine.cli;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.SessionRecord;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.JournalFormatException;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads the SESSION record that starts a journal: how backtest and replay learn how it was
 * recorded.
 */
final class JournalSession {
    private JournalSession() {}

    /**
     * The time of the SESSION record that starts the journal at {@code dir}: when its run started
     * (a resumed live run derives its ClOrdIDs from it).
     */
    static long startTimeNs(Path dir) {
        RingEvent e = new RingEvent();
        try (RecordReader r = new RecordReader(JournalPaths.in(dir))) {
            if (!r.next()) {
                throw new JournalFormatException(JournalPaths.in(dir) + ": empty journal");
            }
            InputCodec.decode(r.buffer(), 0, r.length(), e, r.where());
        }
        return e.exchangeTimeNs;
    }

    /**
     * Reads the SESSION record that starts the journal at {@code dir}.
     *
     * @throws JournalFormatException if the journal does not start with a readable one
     */
    static SessionRecord read(Path dir) {
        JournalPaths.requireJournal(dir);
        RingEvent e = new RingEvent();
        try (RecordReader r = new RecordReader(JournalPaths.in(dir))) {
            if (!r.next()) {
                throw new JournalFormatException(JournalPaths.in(dir) + ": empty journal");
            }
            InputCodec.decode(r.buffer(), 0, r.length(), e, r.where());
            if (e.type != EventType.SESSION) {
                throw new JournalFormatException(
                        r.where()
                                + ": first record is "
                                + EventType.name(e.type)
                                + ", a journal starts with its SESSION record");
            }
        }
        String json =
                new String(
                        e.sessionPayload.byteArray(), 0, e.sessionLength, StandardCharsets.UTF_8);
        try {
            return SessionRecord.parse(json);
        } catch (IllegalArgumentException ex) {
            throw new JournalFormatException(
                    dir + ": SESSION record is not valid JSON: " + ex.getMessage());
        }
    }
}
