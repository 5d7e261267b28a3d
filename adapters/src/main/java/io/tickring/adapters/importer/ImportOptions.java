package io.tickring.adapters.importer;

import io.tickring.core.RingEvent;
import java.util.function.LongConsumer;

/**
 * How an import runs, shared by every importer.
 *
 * @param strict stop at the first problem with an {@link ImportException} instead of dropping the
 *     row
 * @param levels book depth written to each BOOK event, 1 .. {@link RingEvent#MAX_LEVELS}; deeper
 *     input is cut
 * @param maxReportedProblems how many {@code file:line: reason: detail} lines the result keeps (all
 *     are counted)
 * @param progress called with the rows read so far every {@link #PROGRESS_EVERY} rows, or {@code
 *     null}
 */
public record ImportOptions(
        boolean strict, int levels, int maxReportedProblems, LongConsumer progress) {
    /** Rows between two progress calls (2^20, about a million). */
    public static final long PROGRESS_EVERY = 1L << 20;

    public ImportOptions {
        if (levels < 1 || levels > RingEvent.MAX_LEVELS) {
            throw new ImportException(
                    "levels must be 1.." + RingEvent.MAX_LEVELS + ", not " + levels);
        }
        if (maxReportedProblems < 0) {
            throw new ImportException(
                    "maxReportedProblems must be >= 0, not " + maxReportedProblems);
        }
    }

    /** Lenient, L5, five reported problems, no progress callback. */
    public static ImportOptions defaults() {
        return new ImportOptions(false, 5, 5, null);
    }

    public ImportOptions withStrict(boolean value) {
        return new ImportOptions(value, levels, maxReportedProblems, progress);
    }

    public ImportOptions withLevels(int value) {
        return new ImportOptions(strict, value, maxReportedProblems, progress);
    }

    public ImportOptions withMaxReportedProblems(int value) {
        return new ImportOptions(strict, levels, value, progress);
    }

    public ImportOptions withProgress(LongConsumer value) {
        return new ImportOptions(strict, levels, maxReportedProblems, value);
    }
}
