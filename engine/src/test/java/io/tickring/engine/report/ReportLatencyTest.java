package io.tickring.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.instrument.Instrument;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the report says about latencies it cannot measure, and the capital it defaults to: worked
 * out by hand.
 */
class ReportLatencyTest {
    @Test
    void shouldSayNotRecordedWhenEveryDifferenceIsZero() {
        Report.Latency feed = new Report.Latency("none", "one timestamp");
        for (int i = 0; i < 5; i++) {
            feed.add(0);
        }
        Map<String, Object> j = feed.json();
        assertEquals(false, j.get("recorded"));
        assertEquals("one timestamp", j.get("not_recorded_reason"));
        assertEquals(5L, j.get("samples"));
        assertEquals(0L, j.get("count"));
        assertNull(j.get("p50_us"), "no zero distribution shown as if measured");
        assertEquals(List.of(), j.get("bucket_count"));
    }

    @Test
    void shouldSayNotRecordedWithNoSamples() {
        Map<String, Object> j = new Report.Latency("no orders", null).json();
        assertEquals(false, j.get("recorded"));
        assertEquals("no orders", j.get("not_recorded_reason"));
        assertNull(j.get("min_us"));
    }

    @Test
    void shouldKeepZeroAsAMeasurementAmongOthers() {
        Report.Latency feed = new Report.Latency("none", "one timestamp");
        feed.add(0);
        feed.add(3_000);
        Map<String, Object> j = feed.json();
        assertEquals(true, j.get("recorded"));
        assertEquals(2L, j.get("count"));
        assertEquals(0.0, j.get("p50_us"));
        assertEquals(3.0, j.get("p90_us"));
    }

    @Test
    void shouldCountNegativeDifferencesAndShowTheClockOffset() {
        // A recorder 1.27 s behind the exchange: two of four arrive "before" they were sent.
        Report.Latency feed = new Report.Latency("none", "one timestamp");
        feed.add(-1_274_219_578L);
        feed.add(-1_000_000L);
        feed.add(2_000L);
        feed.add(6_000L);
        Map<String, Object> j = feed.json();
        assertEquals(true, j.get("recorded"));
        assertEquals(4L, j.get("samples"));
        assertEquals(2L, j.get("count"));
        assertEquals(2L, j.get("negative_count"));
        assertEquals(-1_274_219.578, j.get("min_us"));
        assertEquals(2.0, j.get("p50_us"));
        assertEquals(6.0, j.get("p99_us"));
        String note = (String) j.get("note");
        assertTrue(note.startsWith("2 of 4 differences are negative"), note);
        assertTrue(note.contains("behind the sending one by at least 1274219.578 us"), note);
        assertEquals(List.of(4L, 8L), j.get("bucket_upper_us"));
        assertEquals(List.of(1L, 1L), j.get("bucket_count"));
    }

    @Test
    void shouldDefaultTheCapitalOnlyForOneFiatOrStableCurrency() {
        assertEquals(100_000, Report.defaultCapital(List.of(settlingIn(1, "USD"))));
        assertEquals(
                100_000,
                Report.defaultCapital(List.of(settlingIn(1, "USDT"), settlingIn(2, "USDT"))));
        IllegalArgumentException btc =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Report.defaultCapital(List.of(settlingIn(1, "BTC"))));
        assertTrue(
                btc.getMessage()
                        .startsWith(
                                "the journal's instruments settle in BTC, not a fiat or"
                                        + " USD-pegged stable currency"),
                btc.getMessage());
        IllegalArgumentException two =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Report.defaultCapital(
                                        List.of(settlingIn(1, "USD"), settlingIn(2, "EUR"))));
        assertTrue(two.getMessage().contains("EUR, USD, more than one currency"), two.getMessage());
    }

    private static Instrument settlingIn(int id, String currency) {
        return new Instrument(
                id,
                "I" + id,
                "TEST",
                2,
                1,
                1,
                currency,
                java.time.ZoneId.of("UTC"),
                List.of(),
                Instrument.Fees.NONE);
    }
}
