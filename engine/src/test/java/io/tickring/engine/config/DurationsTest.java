package io.tickring.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "0s, 0",
        "1500ns, 1500",
        "100us, 100000",
        "250ms, 250000000",
        "1s, 1000000000",
        "5m, 300000000000",
        "2h, 7200000000000",
        "' 30s ', 30000000000"
    })
    void shouldParseToNanoseconds(String text, long nanos) {
        assertEquals(nanos, Durations.parseNanos(text));
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0s",
        "1500, 1500ns",
        "100000, 100us",
        "250000000, 250ms",
        "1000000000, 1s",
        "90000000000, 90s",
        "300000000000, 5m",
        "7200000000000, 2h",
        "1000001, 1000001ns"
    })
    void shouldFormatInTheLargestExactUnit(long nanos, String text) {
        assertEquals(text, Durations.format(nanos));
        assertEquals(nanos, Durations.parseNanos(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "5",
                "1.5s",
                "-1s",
                "1m30s",
                "5x",
                "s",
                "9999999999h",
                "99999999999999999999ns"
            })
    void shouldRejectWhatIsNotADuration(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos(text));
    }

    @Test
    void shouldRejectNegativeDurationsWhenFormatting() {
        assertThrows(IllegalArgumentException.class, () -> Durations.format(-1));
    }
}
