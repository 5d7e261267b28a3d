package io.tickring.adapters.importer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Turns a local date and a time of day in one time zone into nanoseconds since the epoch, as files
 * that stamp rows in exchange-local time need (LOBSTER: seconds after midnight in New York). Caches
 * the UTC offset of the current day, so it allocates only when the day changes; on a day with a
 * daylight-saving switch every conversion goes through {@link ZoneRules}, which is exact for the
 * wall-clock times before and after the switch (a time in a gap moves forward, an overlap takes the
 * earlier offset, as {@link java.time.ZonedDateTime} does). Single-threaded.
 */
public final class LocalDayClock {
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private final ZoneId zone;
    private final ZoneRules rules;
    private long cachedDay = Long.MIN_VALUE;
    private long cachedOffsetNs;
    private boolean cachedDayHasSwitch;

    public LocalDayClock(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
    }

    /**
     * Epoch nanoseconds of {@code nanosOfDay} after local midnight on {@code epochDay}. Times past
     * 24 h (allowed for sources that count on after midnight) go through the same day's offset.
     */
    public long toEpochNanos(long epochDay, long nanosOfDay) {
        if (epochDay != cachedDay) {
            loadDay(epochDay);
        }
        long localNs = epochDay * NANOS_PER_DAY + nanosOfDay;
        if (!cachedDayHasSwitch || nanosOfDay < 0 || nanosOfDay >= NANOS_PER_DAY) {
            return localNs - cachedOffsetNs;
        }
        LocalDateTime t =
                LocalDateTime.of(LocalDate.ofEpochDay(epochDay), LocalTime.ofNanoOfDay(nanosOfDay));
        Instant i = t.atZone(zone).toInstant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private void loadDay(long epochDay) {
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        ZoneOffset atStart = rules.getOffset(date.atStartOfDay());
        ZoneOffset atEnd = rules.getOffset(date.atTime(LocalTime.MAX));
        cachedDay = epochDay;
        cachedOffsetNs = atStart.getTotalSeconds() * 1_000_000_000L;
        cachedDayHasSwitch = !atStart.equals(atEnd);
    }

    /**
     * Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse of Howard
     * Hinnant's algorithm), without allocating a {@link LocalDate}.
     *
     * @return the epoch day, or {@link Long#MIN_VALUE} if month or day is out of range
     */
    public static long epochDay(int year, int month, int day) {
        if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
            return Long.MIN_VALUE;
        }
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long mp = (month + 9) % 12;
        long doy = (153 * mp + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static int lengthOfMonth(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }
}
