package io.tickring.engine.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.RecordHeader;
import io.tickring.journal.InputJournal;
import io.tickring.journal.SampleEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-day backtest's input: the market records of each journal, journal after journal, with
 * the backtest's own kinds (SESSION, TIMER, EXEC_REPORT) left out and counted.
 */
class JournalSeriesSourceTest {
    @TempDir Path tmp;

    /** Writes one journal of every input type, sequences from 0; returns the types written. */
    private static List<Integer> journal(Path dir, int rounds) {
        List<Integer> types = new ArrayList<>();
        try (InputJournal j = new InputJournal(dir, 1L << 16)) {
            long seq = 0;
            for (int r = 0; r < rounds; r++) {
                for (int type : SampleEvents.INPUT_TYPES) {
                    if (type == EventType.SESSION && seq > 0) {
                        continue; // one SESSION, first
                    }
                    j.append(SampleEvents.fill(new RingEvent(), type, seq++));
                    types.add(type);
                }
            }
        }
        return types;
    }

    private static boolean market(int type) {
        return type != EventType.SESSION
                && type != EventType.TIMER
                && type != EventType.EXEC_REPORT;
    }

    @Test
    void shouldReadTheMarketRecordsOfEachJournalInTurn() {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        List<Integer> typesA = journal(a, 2);
        List<Integer> typesB = journal(b, 3);
        List<String> expected = new ArrayList<>();
        long skipped = 0;
        for (int i = 0; i < typesA.size(); i++) {
            if (market(typesA.get(i))) {
                expected.add("a" + i + ":" + typesA.get(i));
            } else {
                skipped++;
            }
        }
        for (int i = 0; i < typesB.size(); i++) {
            if (market(typesB.get(i))) {
                expected.add("b" + i + ":" + typesB.get(i));
            } else {
                skipped++;
            }
        }
        UnsafeBuffer dst = new UnsafeBuffer(new byte[InputJournal.MAX_RECORD]);
        List<String> read = new ArrayList<>();
        try (JournalSeriesSource source = new JournalSeriesSource(List.of(a, b))) {
            assertEquals(0, source.journalIndex());
            int n;
            // the journal a record came from: sequences restart at b's first market record
            String day = "a";
            long last = -1;
            while ((n = source.poll(dst)) != InputSource.FINISHED) {
                long seq = RecordHeader.sequence(dst, 0);
                if (seq < last) {
                    day = "b";
                    assertEquals(1, source.journalIndex());
                }
                last = seq;
                read.add(day + seq + ":" + RecordHeader.type(dst, 0));
                assertEquals(read.size(), source.passed());
            }
            assertEquals(2, source.journalIndex());
            assertEquals(skipped, source.skipped());
            assertEquals(InputSource.FINISHED, source.poll(dst), "finished stays finished");
        }
        assertEquals(expected, read);
    }
}
