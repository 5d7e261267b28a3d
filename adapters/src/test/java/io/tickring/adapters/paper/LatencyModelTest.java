package io.tickring.adapters.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyModelTest {
    @TempDir Path tmp;

    /**
     * A hand-made recording: request, venue, response. Entry latencies 100, 300, 300 ns; response
     * latencies 200, 100, 50 ns.
     */
    Path recording() throws Exception {
        Path f = tmp.resolve("latency.csv");
        Files.writeString(
                f,
                "request_ns,venue_ns,response_ns\n"
                        + "# a comment\n"
                        + "1000,1100,1300\n"
                        + "2000,2300,2400\n"
                        + "\n"
                        + "3000,3300,3350\n");
        return f;
    }

    @Test
    void shouldInterpolateTheRecordedEntryLatencyByRequestTime() throws Exception {
        LatencyModel m = LatencyModel.readRecorded(recording());
        assertEquals(3, m.rows());
        assertEquals(100, m.latency(0, 0), "before the first row: the first row's latency");
        assertEquals(100, m.latency(1000, 0));
        // Halfway between 1000 (100 ns) and 2000 (300 ns).
        assertEquals(200, m.latency(1500, 0));
        // A quarter of the way: 100 + 200 / 4.
        assertEquals(150, m.latency(1250, 0));
        assertEquals(300, m.latency(2500, 0), "300 at both ends");
        assertEquals(300, m.latency(9000, 0), "after the last row: the last row's latency");
        assertEquals(100, m.minNs());
    }

    @Test
    void shouldInterpolateTheRecordedResponseLatencyByVenueTime() throws Exception {
        LatencyModel m = LatencyModel.readRecorded(recording());
        assertEquals(200, m.responseLatency(1100, 7));
        // Between venue 1100 (200 ns) and 2300 (100 ns), at 1700: halfway.
        assertEquals(150, m.responseLatency(1700, 7));
        // Between 2300 (100 ns) and 3300 (50 ns), at 2800: halfway.
        assertEquals(75, m.responseLatency(2800, 7));
        assertEquals(50, m.responseLatency(5000, 7));
        assertEquals(50, m.minResponseNs(7), "the smallest response a recording can give");
        assertEquals(
                7, LatencyModel.constant(3).responseLatency(1700, 7), "not recorded: fallback");
    }

    @Test
    void shouldNameTheFileAndLineOfABadRow() throws Exception {
        Path f = tmp.resolve("bad.csv");
        Files.writeString(f, "1000,1100,1300\n2000,1900,2400\n");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LatencyModel.readRecorded(f));
        assertEquals(f + " line 2: times must be request <= venue <= response", e.getMessage());
        Files.writeString(f, "1000,1100,1300\n900,1200,1400\n");
        e = assertThrows(IllegalArgumentException.class, () -> LatencyModel.readRecorded(f));
        assertEquals(f + " line 2: not sorted by request and venue time", e.getMessage());
        Files.writeString(f, "1000,1100\n");
        e = assertThrows(IllegalArgumentException.class, () -> LatencyModel.readRecorded(f));
        assertTrue(e.getMessage().startsWith(f + " line 1: expected request_ns"), e.getMessage());
    }

    @Test
    void shouldDrawALognormalWithTheConfiguredMedianAndP99() {
        LatencyModel m = LatencyModel.lognormal(800_000, 3_000_000);
        long[] v = new long[20_001];
        long x = 99;
        for (int i = 0; i < v.length; i++) {
            x ^= x >>> 12;
            x ^= x << 25;
            x ^= x >>> 27;
            v[i] = m.latency(0, x * 0x2545F4914F6CDD1DL);
        }
        Arrays.sort(v);
        long median = v[v.length / 2];
        long p99 = v[(int) (v.length * 0.99)];
        assertTrue(Math.abs(median - 800_000) < 800_000 * 0.03, "median " + median);
        assertTrue(Math.abs(p99 - 3_000_000) < 3_000_000 * 0.06, "p99 " + p99);
        assertEquals(0, m.minNs(), "a lognormal has no positive lower bound");
    }

    @Test
    void shouldDrawUniformlyWithinItsBounds() {
        LatencyModel m = LatencyModel.uniform(100, 104);
        boolean[] seen = new boolean[5];
        for (long r = -50; r < 50; r++) {
            long v = m.latency(0, r * 0x9E3779B97F4A7C15L);
            assertTrue(v >= 100 && v <= 104, "out of bounds: " + v);
            seen[(int) (v - 100)] = true;
        }
        for (boolean s : seen) {
            assertTrue(s, "every value drawn");
        }
        assertEquals(100, m.minNs());
    }

    @Test
    void shouldGiveTheSameValueForTheSameDrawAndTheRecordingADigest() throws Exception {
        LatencyModel m = LatencyModel.lognormal(1_000, 5_000);
        assertEquals(m.latency(0, 123456789L), m.latency(0, 123456789L));
        assertNotEquals(m.latency(0, 123456789L), m.latency(0, -987654321987L));
        LatencyModel r = LatencyModel.readRecorded(recording());
        assertEquals(64, r.digest().length());
        assertEquals(
                r.digest(),
                LatencyModel.recorded(
                                "x",
                                new long[] {1000, 2000, 3000},
                                new long[] {1100, 2300, 3300},
                                new long[] {1300, 2400, 3350})
                        .digest());
    }

    @Test
    void shouldRefuseImpossibleParameters() {
        assertThrows(IllegalArgumentException.class, () -> LatencyModel.constant(-1));
        assertThrows(IllegalArgumentException.class, () -> LatencyModel.uniform(5, 4));
        assertThrows(IllegalArgumentException.class, () -> LatencyModel.lognormal(0, 4));
        assertThrows(IllegalArgumentException.class, () -> LatencyModel.lognormal(5, 5));
    }
}
