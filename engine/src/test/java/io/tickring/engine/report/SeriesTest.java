package io.tickring.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesTest {
    @Test
    void shouldKeepEachBucketsExtremesWithinTheBucketLimit() {
        Series.Line line = new Series.Line();
        for (int k = 0; k < 100_000; k++) {
            // a spike at k = 54321 must survive downsampling
            line.add(k * 1_000_000L, k == 54_321 ? 1e6 : Math.sin(k / 100.0));
        }
        List<double[]> xy = line.xy();
        assertTrue(xy.size() <= 2 * Series.BUCKETS, "points: " + xy.size());
        assertTrue(xy.size() > Series.BUCKETS / 2, "points: " + xy.size());
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (int k = 0; k < xy.size(); k++) {
            max = Math.max(max, xy.get(k)[1]);
            min = Math.min(min, xy.get(k)[1]);
            if (k > 0) {
                assertTrue(xy.get(k)[0] >= xy.get(k - 1)[0], "time order at " + k);
            }
        }
        assertEquals(1e6, max);
        assertEquals(-1.0, min, 1e-6);
        assertEquals(100_000, line.points);
    }

    @Test
    void shouldKeepEveryFillUntilTheLimitThenEveryOther() {
        Series s = new Series();
        for (int k = 0; k < Series.MAX_FILLS; k++) {
            s.fill(1, k, 100, (byte) 1);
        }
        assertEquals(1, s.fillStride());
        s.fill(1, Series.MAX_FILLS, 100, (byte) 1);
        assertEquals(2, s.fillStride());
        assertEquals(Series.MAX_FILLS / 2 + 1, s.fills.get(1).size());
    }
}
