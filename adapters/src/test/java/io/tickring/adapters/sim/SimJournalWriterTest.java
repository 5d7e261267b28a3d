package io.tickring.adapters.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.journal.InputJournal;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimJournalWriterTest {
    @TempDir Path dir;

    @Test
    void shouldWriteTheSpanWithSequencesFromOneAndCountTheTypes() {
        long start = SimFixtures.FRIDAY_UTC_MIDNIGHT_NS;
        long span = 60_000_000_000L;
        SimConfig config =
                SimConfig.defaults(
                        41,
                        List.of(SimFixtures.aroundTheClock(1), SimFixtures.aroundTheClock(2)),
                        5,
                        500,
                        start);
        List<Long> progress = new ArrayList<>();
        SimJournalWriter.Result result;
        try (InputJournal journal = new InputJournal(dir)) {
            result =
                    SimJournalWriter.write(
                            new MarketSimulator(config), journal, span, progress::add);
            assertEquals(result.lastSequence(), journal.lastSequence());
        }
        assertEquals(result.events(), result.books() + result.trades());
        assertTrue(
                result.events() > 55_000 && result.events() < 65_000, "events " + result.events());
        assertEquals(result.events(), progress.get(progress.size() - 1));

        // The journal holds exactly the simulator's events, in order, with sequences 1, 2, 3, ...
        MarketSimulator again = new MarketSimulator(config);
        RingEvent expected = new RingEvent();
        RingEvent actual = new RingEvent();
        long books = 0;
        try (RecordReader reader = new RecordReader(JournalPaths.in(dir))) {
            for (long seq = 1; seq <= result.events(); seq++) {
                assertTrue(reader.next(), "record " + seq + " missing");
                InputCodec.decode(reader.buffer(), 0, reader.length(), actual, reader.where());
                assertTrue(again.next(expected));
                expected.sequence = seq;
                assertEquals(
                        SimFixtures.hash(1, expected),
                        SimFixtures.hash(1, actual),
                        "record " + seq);
                assertTrue(actual.exchangeTimeNs < start + span);
                books += actual.type == EventType.BOOK ? 1 : 0;
            }
            assertFalse(reader.next());
        }
        assertEquals(result.books(), books);
        assertTrue(
                again.nextEventTimeNs() >= start + span,
                "the writer stopped before the end of the span");
    }
}
