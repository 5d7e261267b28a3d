package io.tickring.engine.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.JournalFormatException;
import io.tickring.journal.InputJournal;
import io.tickring.journal.JournalDamage;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.SampleEvents;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake of replay and backtest checks each record's CRC as it reads it (through the journal's
 * {@code RecordReader}), so a record damaged after {@code verify} looked at the journal, or a run
 * that skips {@code verify}, still cannot feed the ring altered bytes.
 */
class JournalSourceTest {
    @TempDir Path tmp;

    @Test
    void shouldRefuseARecordWhoseCrcDoesNotMatch() {
        try (InputJournal j = new InputJournal(tmp, 1L << 16)) {
            long seq = 0;
            for (int type : SampleEvents.INPUT_TYPES) {
                j.append(SampleEvents.fill(new RingEvent(), type, seq++));
            }
        }
        JournalDamage.setType(JournalPaths.in(tmp), 1, EventType.TRADE);
        UnsafeBuffer dst = new UnsafeBuffer(new byte[InputJournal.MAX_RECORD]);
        for (boolean marketOnly : new boolean[] {false, true}) {
            try (JournalSource source = new JournalSource(tmp, marketOnly)) {
                if (!marketOnly) {
                    assertTrue(source.poll(dst) > 0, "the SESSION before it reads");
                }
                JournalFormatException e =
                        assertThrows(JournalFormatException.class, () -> source.poll(dst));
                assertTrue(
                        e.getMessage()
                                .startsWith(JournalPaths.in(tmp) + " record #1: CRC mismatch"),
                        e.getMessage());
                assertEquals(marketOnly ? 1 : 0, source.skipped());
            }
        }
    }
}
