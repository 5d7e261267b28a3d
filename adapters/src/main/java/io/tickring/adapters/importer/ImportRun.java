package io.tickring.adapters.importer;

import io.tickring.adapters.validate.BookValidator;
import io.tickring.adapters.validate.DropCounters;
import io.tickring.adapters.validate.DropReason;
import io.tickring.core.EventSink;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The bookkeeping of one import, shared by every importer: numbers the events (SESSION 0, then 1,
 * 2, ... for the events actually written), passes them through a {@link BookValidator}, hands the
 * accepted ones to the {@link EventSink}, counts writes by type and drops by reason, keeps the
 * first problems as {@code file:line: REASON: detail} lines, and in strict mode turns the first
 * problem into an {@link ImportException}. Allocation-free per accepted event; a drop allocates
 * only while it is being reported. Single-threaded.
 */
public final class ImportRun {
    private final String source;
    private final ImportOptions options;
    private final EventSink sink;
    private final BookValidator validator = new BookValidator();
    private final DropCounters dropped = new DropCounters();
    private final long[] written = new long[EventType.MAX + 1];
    private final List<String> problems = new ArrayList<>();
    private final LongConsumer progress;
    private long nextSequence;
    private long rows;
    private long booksUnchanged;
    private String lastReportedFile;
    private long lastReportedLine = -1;
    private String pendingFile;
    private long pendingLine;
    private int pendingReason;

    public ImportRun(String source, ImportOptions options, EventSink sink) {
        this.source = source;
        this.options = options;
        this.sink = sink;
        this.progress = options.progress();
    }

    /**
     * Writes the SESSION record (sequence 0) with {@code json} as its payload; call once, first.
     */
    public void writeSession(RingEvent e, String json) {
        if (nextSequence != 0) {
            throw new IllegalStateException("SESSION must be the first record");
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        e.clearInput();
        e.type = EventType.SESSION;
        e.sessionPayload.putBytes(0, bytes);
        e.sessionLength = bytes.length;
        write(e);
    }

    /**
     * Validates {@code e}; the validator remembers it if it passes.
     *
     * @return {@link DropReason#OK} or the reason to drop it
     */
    public int validate(RingEvent e) {
        return validator.check(e);
    }

    /** Gives {@code e} the next sequence and hands it to the sink. */
    public void write(RingEvent e) {
        e.sequence = nextSequence++;
        sink.onEvent(e);
        written[e.type]++;
    }

    /**
     * Validates and writes {@code e}, or drops it and reports it against {@code file:line}.
     *
     * @return true if written
     * @throws ImportException in strict mode, if dropped
     */
    public boolean offer(RingEvent e, String file, long line) {
        int reason = validator.check(e);
        if (reason == DropReason.OK) {
            write(e);
            return true;
        }
        rejectEvent(e, reason, file, line);
        return false;
    }

    /** Drops an event the validator rejected with {@code reason}, explaining it from the event. */
    public void rejectEvent(RingEvent e, int reason, String file, long line) {
        if (drop(reason, file, line)) {
            report(validator.describe(e, reason));
        }
    }

    /**
     * Counts a drop. Returns true when the caller must follow with {@link #report} (the problem is
     * one of the first few, or the run is strict), so the detail text is built only then.
     */
    public boolean drop(int reason, String file, long line) {
        dropped.increment(reason);
        boolean sameLine = line == lastReportedLine && file.equals(lastReportedFile);
        if (options.strict() || (problems.size() < options.maxReportedProblems() && !sameLine)) {
            pendingFile = file;
            pendingLine = line;
            pendingReason = reason;
            return true;
        }
        return false;
    }

    /**
     * Counts a row left out by design (an empty pre-open book, a call-auction book): under its
     * reason in the drop counters, but never a reported problem, and never fatal in strict mode.
     */
    public void dropExpected(int reason) {
        dropped.increment(reason);
    }

    /**
     * Reports the drop just counted by {@link #drop}.
     *
     * @throws ImportException with the problem line, in strict mode
     */
    public void report(String detail) {
        String problem =
                pendingFile
                        + ":"
                        + pendingLine
                        + ": "
                        + DropReason.name(pendingReason)
                        + ": "
                        + detail;
        if (options.strict()) {
            throw new ImportException(problem);
        }
        problems.add(problem);
        lastReportedFile = pendingFile;
        lastReportedLine = pendingLine;
    }

    /**
     * Counts a source row, calling the progress callback every {@link ImportOptions#PROGRESS_EVERY}
     * rows.
     */
    public void rowRead() {
        rows++;
        if (progress != null && (rows & (ImportOptions.PROGRESS_EVERY - 1)) == 0) {
            progress.accept(rows);
        }
    }

    /** Counts a row whose book was left out because the visible book did not change. */
    public void bookUnchanged() {
        booksUnchanged++;
    }

    /**
     * The summary, once the last row is done and the journal closed, timed from {@code startNs} (a
     * {@link System#nanoTime()}).
     */
    public ImportResult finish(List<String> symbols, long startNs) {
        return new ImportResult(
                source,
                rows,
                written,
                booksUnchanged,
                dropped,
                problems,
                symbols,
                System.nanoTime() - startNs);
    }
}
