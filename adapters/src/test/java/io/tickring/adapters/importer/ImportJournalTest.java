package io.tickring.adapters.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.JournalRecords;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.journal.JournalInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportJournalTest {
    @TempDir Path tmp;

    private static void writeEvents(ImportJournal j, int n) {
        RingEvent e = new RingEvent();
        e.type = EventType.SESSION;
        byte[] json = "{\"source\":\"test\"}".getBytes();
        e.sessionPayload.putBytes(0, json);
        e.sessionLength = json.length;
        e.sequence = 0;
        j.onEvent(e);
        for (int i = 1; i <= n; i++) {
            e.sequence = i;
            e.instrumentId = 7;
            e.exchangeTimeNs = 1_000_000L * i;
            e.receiveTimeNs = e.exchangeTimeNs;
            if (i % 3 == 0) {
                e.type = EventType.TRADE;
                e.tradePx = 1000 + i % 17;
                e.tradeQty = i;
                e.tradeAggressor = Side.SELL;
            } else {
                e.type = EventType.BOOK;
                e.levels = 5;
                for (int k = 0; k < 5; k++) {
                    e.askPx[k] = 2000 + i + k;
                    e.askQty[k] = k + 1;
                    e.bidPx[k] = 1999 + i - k;
                    e.bidQty[k] = i;
                }
            }
            j.onEvent(e);
        }
    }

    private static List<String> records(Path dir) {
        List<String> out = new ArrayList<>();
        JournalRecords.forEach(
                dir,
                e ->
                        out.add(
                                e.sequence
                                        + " "
                                        + e.type
                                        + " "
                                        + e.exchangeTimeNs
                                        + " "
                                        + e.tradePx
                                        + " "
                                        + e.tradeQty
                                        + " "
                                        + e.askPx[4]
                                        + " "
                                        + e.bidQty[0]));
        return out;
    }

    @Test
    void shouldWriteTheSameJournalWithAndWithoutTheWriterThread() {
        int n = 200_000; // several times the queue: the producer must wait for the writer
        try (ImportJournal j = ImportJournal.open(tmp.resolve("direct"), false)) {
            writeEvents(j, n);
        }
        try (ImportJournal j = ImportJournal.open(tmp.resolve("threaded"), true)) {
            writeEvents(j, n);
        }
        assertEquals(n + 1, JournalInspector.verify(tmp.resolve("threaded")).inRecords);
        assertEquals(records(tmp.resolve("direct")), records(tmp.resolve("threaded")));
    }

    @Test
    void shouldNameTheDirectoryWhenTheJournalCannotBeCreated() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        for (boolean threaded : new boolean[] {false, true}) {
            // Chronicle creates its files lazily: the failure may come at open, at an append or at
            // close.
            ImportException e =
                    assertThrows(
                            ImportException.class,
                            () -> {
                                try (ImportJournal j = ImportJournal.open(file, threaded)) {
                                    writeEvents(j, 100_000);
                                }
                            });
            // Refused before any write since issue 11: a regular file is never a journal.
            assertTrue(
                    e.getMessage().startsWith(file + ": a file, not a directory"), e.getMessage());
        }
    }
}
