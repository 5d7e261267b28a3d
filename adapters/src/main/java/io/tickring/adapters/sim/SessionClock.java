package io.tickring.adapters.sim;

import io.tickring.core.instrument.Instrument;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The trading sessions of one instrument as epoch-nanosecond windows, so that the simulator's clock
 * can skip the time between sessions.
 *
 * <p>Sessions are the instrument's local-time windows on Monday to Friday; Saturdays and Sundays
 * are skipped and there is no holiday calendar. An instrument without sessions trades around the
 * clock, weekends included. Moving to the next window uses {@code java.time} and so allocates, but
 * that happens only at session boundaries (a few times per simulated day), never per event.
 */
final class SessionClock {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final ZoneId zone;
    private final Instrument.SessionWindow[] sessions;
    private long openNs = Long.MIN_VALUE;
    private long closeNs = Long.MAX_VALUE;

    SessionClock(Instrument instrument) {
        this.zone = instrument.timeZone();
        List<Instrument.SessionWindow> sorted = new ArrayList<>(instrument.sessions());
        sorted.sort(Comparator.comparingInt(Instrument.SessionWindow::startMinute));
        for (Instrument.SessionWindow w : sorted) {
            if (w.startMinute() < 0 || w.endMinute() > 1440 || w.startMinute() >= w.endMinute()) {
                throw new IllegalArgumentException(
                        "instrument " + instrument.symbol() + ": bad session " + w);
            }
        }
        this.sessions = sorted.toArray(new Instrument.SessionWindow[0]);
    }

    boolean aroundTheClock() {
        return sessions.length == 0;
    }

    /** Start of the current window (inclusive). */
    long openNs() {
        return openNs;
    }

    /** End of the current window (exclusive). */
    long closeNs() {
        return closeNs;
    }

    /**
     * Makes the current window the earliest one that ends after {@code timeNs}: the window
     * containing {@code timeNs}, or the next one to open. Returns the first time at or after {@code
     * timeNs} that lies in a session.
     */
    long seek(long timeNs) {
        if (sessions.length == 0) {
            openNs = Long.MIN_VALUE;
            closeNs = Long.MAX_VALUE;
            return timeNs;
        }
        LocalDate day =
                Instant.ofEpochSecond(Math.floorDiv(timeNs, NANOS_PER_SECOND))
                        .atZone(zone)
                        .toLocalDate();
        // A window may have started the day before in UTC terms, so start one local day early; the
        // loop is
        // bounded because at most two weekend days are skipped.
        day = day.minusDays(1);
        for (int d = 0; d < 10; d++, day = day.plusDays(1)) {
            DayOfWeek dow = day.getDayOfWeek();
            if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
                continue;
            }
            for (Instrument.SessionWindow w : sessions) {
                long close = epochNs(day, w.endMinute());
                if (close > timeNs) {
                    openNs = epochNs(day, w.startMinute());
                    closeNs = close;
                    return Math.max(timeNs, openNs);
                }
            }
        }
        throw new IllegalStateException("no session found after " + timeNs);
    }

    private long epochNs(LocalDate day, int minute) {
        // Local wall-clock minutes, so a session keeps its local hours across daylight-saving
        // changes.
        ZonedDateTime t =
                minute == 1440
                        ? day.plusDays(1).atStartOfDay(zone)
                        : day.atTime(LocalTime.of(minute / 60, minute % 60)).atZone(zone);
        return t.toEpochSecond() * NANOS_PER_SECOND + t.getNano();
    }
}
