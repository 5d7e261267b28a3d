package io.tickring.engine.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The one-line progress of a long run on a terminal: input records per second, percent done and the
 * time left, rewritten in place with {@code \r} at most {@link #PERIOD_NS} apart and cleared at the
 * end. The total is known before the run (a backtest counts its input in the verify pass).
 *
 * <p>On only when stderr is a terminal: the launcher says so with {@code
 * -Dtickring.stderr.tty=true} (a JVM cannot tell which of its streams is a terminal). {@code
 * TICKRING_PROGRESS=1} forces it on (tests), {@code TICKRING_PROGRESS=0} off.
 */
final class ProgressLine {
    /** Shortest time between two updates: four a second. */
    static final long PERIOD_NS = 250_000_000L;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final LongSupplier done;
    private final IntSupplier part;
    private final int parts;
    private long startNs;
    private long lastNs;
    private int width;

    /**
     * @param label what runs, e.g. {@code "backtest"}
     * @param total input records the run will read
     * @param done input records read so far (any thread)
     * @param part the part being read, from 0 (e.g. the journal of a multi-day backtest)
     * @param parts how many parts; the part is shown when there are several
     */
    ProgressLine(
            PrintWriter err,
            String label,
            long total,
            LongSupplier done,
            IntSupplier part,
            int parts) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.done = done;
        this.part = part;
        this.parts = parts;
    }

    /** Whether the progress line is on for this process; see the class comment. */
    static boolean enabled() {
        String forced = System.getenv("TICKRING_PROGRESS");
        if (forced != null && !forced.isEmpty()) {
            return !forced.equals("0");
        }
        return Boolean.getBoolean("tickring.stderr.tty");
    }

    void start(long nowNs) {
        startNs = nowNs;
        lastNs = nowNs;
    }

    /** Rewrites the line if {@link #PERIOD_NS} has passed since the last time. */
    void update(long nowNs) {
        if (nowNs - lastNs < PERIOD_NS) {
            return;
        }
        lastNs = nowNs;
        draw(text(done.getAsLong(), nowNs - startNs));
    }

    /** The line for {@code n} records read after {@code elapsedNs}. */
    String text(long n, long elapsedNs) {
        double seconds = elapsedNs / 1e9;
        double rate = seconds > 0 ? n / seconds : 0;
        StringBuilder b = new StringBuilder(96);
        b.append(label).append(": ");
        if (parts > 1) {
            b.append("journal ")
                    .append(Math.min(part.getAsInt() + 1, parts))
                    .append('/')
                    .append(parts)
                    .append(", ");
        }
        b.append(String.format(Locale.ROOT, "%.1f%%", total > 0 ? 100.0 * n / total : 100.0));
        b.append(String.format(Locale.ROOT, ", %,d of %,d records", n, total));
        b.append(String.format(Locale.ROOT, ", %,.0f records/s", rate));
        if (rate > 0 && n < total) {
            b.append(", ").append(duration((total - n) / rate)).append(" left");
        }
        return b.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(Math.ceil(seconds));
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    private void draw(String line) {
        StringBuilder b = new StringBuilder(line.length() + 8).append('\r').append(line);
        // pad over what a longer previous line left on the terminal
        for (int i = line.length(); i < width; i++) {
            b.append(' ');
        }
        width = line.length();
        err.print(b);
        err.flush();
    }

    /** Clears the line, leaving the cursor at its start for whatever is printed next. */
    void clear() {
        if (width > 0) {
            err.print('\r' + " ".repeat(width) + '\r');
            err.flush();
            width = 0;
        }
    }
}
