package io.tickring.adapters.news;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The point-in-time rules and the headline file's reading. */
class PointInTimeTest {
    static final long MIN = 60_000_000_000L;

    static Headline h(String text, long published, long received) {
        return new Headline(
                1, "SIMA", text, published, received, HeadlineFile.contentHash("SIMA", text), null);
    }

    @Test
    void shouldDropUndatedFutureStaleAndDuplicateHeadlines() {
        NewsCounters c = new NewsCounters();
        PointInTime rules = new PointInTime(10 * MIN, c);
        assertEquals(PointInTime.Verdict.ACCEPTED, rules.check(h("a", 0, MIN)));
        assertEquals(PointInTime.Verdict.UNDATED, rules.check(h("b", Headline.UNDATED, MIN)));
        assertEquals(PointInTime.Verdict.FUTURE_DATED, rules.check(h("c", 2 * MIN, MIN)));
        assertEquals(PointInTime.Verdict.STALE, rules.check(h("d", 0, 10 * MIN + 1)));
        assertEquals(PointInTime.Verdict.ACCEPTED, rules.check(h("d", 0, 10 * MIN)));
        assertEquals(PointInTime.Verdict.DUPLICATE, rules.check(h(" A ", MIN, 2 * MIN)));
        assertEquals(6, c.read());
        assertEquals(2, c.accepted());
        assertEquals(4, c.dropped());
    }

    @Test
    void shouldReadOneHeadlinePerSymbolAndDefaultTheReceiptToThePublication() {
        List<Headline> hs =
                HeadlineFile.parse(
                        "f.jsonl",
                        "# a comment\n\n{\"published\": \"2026-01-05T14:30:00Z\", \"symbols\":"
                                + " [\"SIMA\", \"SIMB\"], \"headline\": \"x\"}\n");
        assertEquals(2, hs.size());
        assertEquals("SIMB", hs.get(1).symbol());
        assertEquals(hs.get(0).publishedNs(), hs.get(0).receivedNs());
        assertEquals(3, hs.get(0).line());
        assertNull(hs.get(0).preScored());
    }

    @Test
    void shouldNameFileLineAndKeyOfABadLine() {
        NewsFormatException e =
                assertThrows(
                        NewsFormatException.class,
                        () ->
                                HeadlineFile.parse(
                                        "f.jsonl",
                                        "{\"published\": \"yesterday\", \"symbol\": \"SIMA\","
                                                + " \"headline\": \"x\"}\n"));
        assertEquals("f.jsonl:1: published: not an ISO-8601 instant: yesterday", e.getMessage());
        e =
                assertThrows(
                        NewsFormatException.class,
                        () ->
                                HeadlineFile.parse(
                                        "f.jsonl",
                                        "{\"symbol\": \"SIMA\", \"headline\": \"x\","
                                                + " \"sentiment\": 0.5}\n"));
        assertEquals(
                "f.jsonl:1: confidence: missing (a pre-scored headline needs both sentiment and"
                        + " confidence)",
                e.getMessage());
    }
}
