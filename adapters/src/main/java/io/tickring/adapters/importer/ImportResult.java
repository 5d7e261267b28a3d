package io.tickring.adapters.importer;

import io.tickring.adapters.validate.DropCounters;
import io.tickring.core.EventType;
import java.util.List;

/**
 * What an import did: rows read, events written by type, rows and events dropped by reason, the
 * first problems as {@code file:line: REASON: detail} lines, the time it took. Immutable; the
 * command line prints {@link #toJson()} for {@code --json}.
 *
 * <p>Counting: a row that cannot become an event (a field that does not parse, an unknown symbol,
 * an off-scale price) counts one drop; an event the {@link
 * io.tickring.adapters.validate.BookValidator} rejects counts one drop. Rows whose visible book did
 * not change are not drops: see {@link #booksUnchanged()}.
 */
public final class ImportResult {
    private final String source;
    private final long rowsRead;
    private final long[] written;
    private final long booksUnchanged;
    private final DropCounters dropped = new DropCounters();
    private final List<String> problems;
    private final List<String> symbols;
    private final long elapsedNs;

    ImportResult(
            String source,
            long rowsRead,
            long[] written,
            long booksUnchanged,
            DropCounters dropped,
            List<String> problems,
            List<String> symbols,
            long elapsedNs) {
        this.source = source;
        this.rowsRead = rowsRead;
        this.written = written.clone();
        this.booksUnchanged = booksUnchanged;
        this.dropped.addAll(dropped);
        this.problems = List.copyOf(problems);
        this.symbols = List.copyOf(symbols);
        this.elapsedNs = elapsedNs;
    }

    /**
     * Data rows read (header and blank lines excluded; a LOBSTER row is a message line and its book
     * line).
     */
    public long rowsRead() {
        return rowsRead;
    }

    /**
     * Records of {@code type} ({@link EventType}) written, the SESSION record included under its
     * type.
     */
    public long written(int type) {
        return written[type];
    }

    /** Events written after the SESSION record. */
    public long eventsWritten() {
        long n = 0;
        for (int t = 0; t < written.length; t++) {
            if (t != EventType.SESSION) {
                n += written[t];
            }
        }
        return n;
    }

    /**
     * Rows that made no BOOK event because the visible book equalled the last one written
     * (LOBSTER).
     */
    public long booksUnchanged() {
        return booksUnchanged;
    }

    /** Drops by reason (a copy; changing it changes nothing here). */
    public DropCounters dropped() {
        DropCounters copy = new DropCounters();
        copy.addAll(dropped);
        return copy;
    }

    public long dropped(int reason) {
        return dropped.get(reason);
    }

    public long droppedTotal() {
        return dropped.total();
    }

    /**
     * The first problems, {@code file:line: REASON: detail}, at most {@link
     * ImportOptions#maxReportedProblems()}.
     */
    public List<String> problems() {
        return problems;
    }

    /** Symbols the import wrote events for, in the order first seen. */
    public List<String> symbols() {
        return symbols;
    }

    /** Wall time from opening the files to closing the journal. */
    public long elapsedNs() {
        return elapsedNs;
    }

    /** Events written per second of {@link #elapsedNs()}. */
    public double eventsPerSecond() {
        return elapsedNs == 0 ? 0 : eventsWritten() * 1e9 / elapsedNs;
    }

    /** The summary as one JSON object (one line). */
    public String toJson() {
        StringBuilder sb = new StringBuilder(512).append('{');
        sb.append("\"source\":");
        JsonText.quote(sb, source);
        sb.append(",\"rows_read\":").append(rowsRead);
        sb.append(",\"events_written\":").append(eventsWritten());
        sb.append(",\"written\":{");
        boolean first = true;
        for (int t = 0; t < written.length; t++) {
            if (EventType.isInput(t) && t != EventType.SESSION) {
                sb.append(first ? "" : ",")
                        .append('"')
                        .append(EventType.name(t))
                        .append("\":")
                        .append(written[t]);
                first = false;
            }
        }
        sb.append("},\"books_unchanged\":").append(booksUnchanged);
        sb.append(",\"dropped_total\":").append(dropped.total());
        sb.append(",\"dropped\":").append(dropped.toJson());
        sb.append(",\"problems\":[");
        for (int i = 0; i < problems.size(); i++) {
            JsonText.quote(sb.append(i == 0 ? "" : ","), problems.get(i));
        }
        sb.append("],\"symbols\":[");
        for (int i = 0; i < symbols.size(); i++) {
            JsonText.quote(sb.append(i == 0 ? "" : ","), symbols.get(i));
        }
        sb.append("],\"elapsed_ns\":").append(elapsedNs);
        sb.append(",\"events_per_s\":").append(Math.round(eventsPerSecond()));
        return sb.append('}').toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
