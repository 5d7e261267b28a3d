package io.tickring.engine.ingress;

import io.tickring.core.EventType;
import io.tickring.core.codec.RecordHeader;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import java.nio.file.Path;
import org.agrona.MutableDirectBuffer;

/**
 * Reads a journal's {@code in/} queue as a ring input. For replay it passes every record; for a
 * backtest it passes only market inputs (books, trades, sentiment, operator commands) and leaves
 * out the original run's SESSION, TIMERs and execution reports, which the backtest makes anew.
 */
public final class JournalSource implements InputSource, AutoCloseable {
    private final RecordReader reader;
    private final boolean marketOnly;
    private final String name;
    private long skipped;

    public JournalSource(Path journalDir, boolean marketOnly) {
        JournalPaths.requireJournal(journalDir);
        this.reader = new RecordReader(JournalPaths.in(journalDir));
        this.marketOnly = marketOnly;
        this.name = JournalPaths.in(journalDir).toString();
    }

    @Override
    public int poll(MutableDirectBuffer dst) {
        while (reader.next()) {
            if (marketOnly && reader.length() >= RecordHeader.LENGTH) {
                int type = RecordHeader.type(reader.buffer(), 0);
                if (type == EventType.SESSION
                        || type == EventType.TIMER
                        || type == EventType.EXEC_REPORT) {
                    skipped++;
                    continue;
                }
            }
            dst.putBytes(0, reader.buffer(), 0, reader.length());
            return reader.length();
        }
        return FINISHED;
    }

    /** Records left out because a backtest makes them anew. */
    public long skipped() {
        return skipped;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        reader.close();
    }
}
