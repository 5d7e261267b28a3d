package io.tickring.adapters.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AsciiNumbersTest {
    private static long fixed(String s, int textDecimals, int scale) {
        byte[] b = ("x" + s + "y").getBytes(StandardCharsets.US_ASCII);
        return AsciiNumbers.parseFixed(b, 1, b.length - 1, textDecimals, scale);
    }

    private static long seconds(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return AsciiNumbers.parseSecondsToNanos(b, 0, b.length);
    }

    @ParameterizedTest
    @CsvSource({
        "3850.2, 0, 1, 38502",
        "3850.20000, 0, 1, 38502",
        "3850, 0, 1, 38500",
        "1700.12, 0, 2, 170012",
        "-1.5, 0, 2, -150",
        "+7, 0, 0, 7",
        "0.0001, 0, 4, 1",
        "310400, 4, 4, 310400",
        "310400, 4, 2, 3104",
        "310450, 4, 2, " + AsciiNumbers.OFF_SCALE,
        "3850.25, 0, 1, " + AsciiNumbers.OFF_SCALE,
        "1.000000000000000000000001, 0, 4, " + AsciiNumbers.OFF_SCALE,
        "12.000000000000000000000000, 0, 0, 12",
        "abc, 0, 2, " + AsciiNumbers.BAD,
        "1.2.3, 0, 2, " + AsciiNumbers.BAD,
        "., 0, 2, " + AsciiNumbers.BAD,
        "-, 0, 2, " + AsciiNumbers.BAD,
        "99999999999999999999, 0, 0, " + AsciiNumbers.BAD,
        "9223372036854775807, 0, 1, " + AsciiNumbers.BAD,
        "nan, 0, 2, " + AsciiNumbers.EMPTY,
        "NaN, 0, 2, " + AsciiNumbers.EMPTY,
    })
    void shouldParseFixedPointExactly(String text, int textDecimals, int scale, long expected) {
        assertEquals(expected, fixed(text, textDecimals, scale));
    }

    @Test
    void shouldTreatAnEmptyFieldAsEmpty() {
        assertEquals(AsciiNumbers.EMPTY, fixed("", 0, 2));
    }

    @ParameterizedTest
    @CsvSource({
        "34200.01399412, 34200013994120",
        "34200.017459617, 34200017459617",
        "34397.878728270996, 34397878728271",
        "34397.8787282704, 34397878728270",
        "34459.0029, 34459002900000",
        "59.9999999995, 60000000000",
        "34200, 34200000000000",
        "0.5, 500000000",
    })
    void shouldParseSecondsToTheNanosecondWithoutDoubles(String text, long nanos) {
        assertEquals(nanos, seconds(text));
    }

    @Test
    void shouldRejectSecondsThatAreNotNumbers() {
        assertEquals(AsciiNumbers.BAD, seconds(""));
        assertEquals(AsciiNumbers.BAD, seconds("-1.5"));
        assertEquals(AsciiNumbers.BAD, seconds("34200.5x"));
    }

    @Test
    void shouldRescaleSignedValues() {
        assertEquals(-31040000, AsciiNumbers.rescaleSigned(-310400, 4, 6));
        assertEquals(AsciiNumbers.OFF_SCALE, AsciiNumbers.rescaleSigned(-310450, 4, 2));
        assertEquals(AsciiNumbers.BAD, AsciiNumbers.rescale(Long.MAX_VALUE / 10, 0, 2));
    }

    @ParameterizedTest
    @CsvSource({
        "America/New_York, 2012-06-21, 09:30:00.01399412",
        "America/New_York, 2024-03-10, 01:59:59.999999999",
        "America/New_York, 2024-03-10, 02:30:00",
        "America/New_York, 2024-03-10, 03:00:00",
        "America/New_York, 2024-11-03, 01:30:00",
        "America/New_York, 2024-11-03, 12:00:00",
        "Asia/Shanghai, 2025-06-03, 09:30:00.5",
        "Europe/London, 2025-03-30, 23:59:59",
        "UTC, 1970-01-01, 00:00:00",
    })
    void shouldConvertLocalTimesLikeZonedDateTime(String zone, String date, String time) {
        ZoneId z = ZoneId.of(zone);
        LocalDate d = LocalDate.parse(date);
        LocalTime t = LocalTime.parse(time);
        var i = d.atTime(t).atZone(z).toInstant();
        long expected = i.getEpochSecond() * 1_000_000_000L + i.getNano();
        LocalDayClock clock = new LocalDayClock(z);
        clock.toEpochNanos(d.toEpochDay() - 1, 0); // a cached other day must not leak
        assertEquals(expected, clock.toEpochNanos(d.toEpochDay(), t.toNanoOfDay()));
        assertEquals(
                d.toEpochDay(),
                LocalDayClock.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()));
    }

    @Test
    void shouldRejectImpossibleDates() {
        assertEquals(Long.MIN_VALUE, LocalDayClock.epochDay(2023, 2, 29));
        assertEquals(LocalDate.of(2024, 2, 29).toEpochDay(), LocalDayClock.epochDay(2024, 2, 29));
        assertEquals(Long.MIN_VALUE, LocalDayClock.epochDay(2024, 13, 1));
    }
}
