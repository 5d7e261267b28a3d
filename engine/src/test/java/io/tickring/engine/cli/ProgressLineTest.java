package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The backtest's progress line: its figures, its rate limit, and that it clears itself. */
class ProgressLineTest {
    @Test
    void shouldSayPercentRateAndTimeLeft() {
        ProgressLine p =
                new ProgressLine(
                        new PrintWriter(new StringWriter()),
                        "backtest",
                        3_000_000,
                        () -> 0,
                        () -> 1,
                        3);
        // 1,000,000 of 3,000,000 in 2 s: 500,000 records/s, 2,000,000 left: 4 s
        assertEquals(
                "backtest: journal 2/3, 33.3%, 1,000,000 of 3,000,000 records, 500,000 records/s,"
                        + " 4 s left",
                p.text(1_000_000, 2_000_000_000L));
        ProgressLine one =
                new ProgressLine(
                        new PrintWriter(new StringWriter()), "backtest", 100, () -> 0, () -> 0, 1);
        assertEquals(
                "backtest: 100.0%, 100 of 100 records, 50 records/s",
                one.text(100, 2_000_000_000L));
        assertEquals("59 s", ProgressLine.duration(58.2));
        assertEquals("2 min 05 s", ProgressLine.duration(125));
        assertEquals("3 h 20 min", ProgressLine.duration(12_000));
    }

    @Test
    void shouldRedrawInPlaceAtMostFourTimesASecondAndClearAtTheEnd() {
        StringWriter sink = new StringWriter();
        AtomicLong done = new AtomicLong();
        ProgressLine p =
                new ProgressLine(new PrintWriter(sink), "backtest", 1000, done::get, () -> 0, 1);
        long t = 1_000_000_000L;
        p.start(t);
        done.set(10);
        p.update(t + 100_000_000L); // 100 ms: too soon
        assertEquals("", sink.toString());
        p.update(t + ProgressLine.PERIOD_NS);
        String first = sink.toString();
        assertTrue(first.startsWith("\rbacktest: 1.0%, 10 of 1,000 records"), first);
        assertFalse(first.contains("\n"), "overwritten in place, never a new line: " + first);
        p.update(t + ProgressLine.PERIOD_NS + 1); // again too soon
        assertEquals(first, sink.toString());
        done.set(500);
        p.update(t + 2 * ProgressLine.PERIOD_NS);
        p.clear();
        String all = sink.toString();
        int width = "backtest: 50.0%, 500 of 1,000 records, 1,000 records/s, 1 s left".length();
        assertTrue(all.endsWith("\r" + " ".repeat(width) + "\r"), "cleared: [" + all + "]");
        assertFalse(all.contains("\n"));
    }
}
