package io.tickring.adapters.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.instrument.Instrument;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@org.junit.jupiter.api.Tag("slow")
class MarketSimulatorValidityTest {
    private static final long START = SimFixtures.FRIDAY_UTC_MIDNIGHT_NS;

    @Test
    void shouldKeepBooksValidForFourSimulatedHoursAroundTheClock() {
        long end = START + 4 * SimFixtures.HOUR_NS;
        SimConfig config =
                SimConfig.defaults(11, List.of(SimFixtures.aroundTheClock(1)), 5, 200, START)
                        .withEndTimeNs(end);
        Run run = run(config);
        System.out.printf(
                "4 h around the clock: %,d events (%,d trades), mid %.4f .. %.4f%n",
                run.events, run.trades, run.minMid, run.maxMid);
        // 200 events/s for 14,400 s.
        assertTrue(run.events > 2_800_000 && run.events < 2_960_000, "events " + run.events);
        assertTrue(run.trades > run.events / 30, "trades " + run.trades);
        assertTrue(
                run.lastTimeNs < end && run.lastTimeNs > end - 1_000_000_000L,
                "last event at " + run.lastTimeNs);
    }

    @Test
    void shouldEmitOnlyInAShareSessionsOnWeekdaysAndKeepBooksValid() {
        // Friday 00:00 UTC to Tuesday 12:00 UTC: three trading days of 4 h (Friday, Monday,
        // Tuesday), none at
        // the weekend. The second instrument starts at the price floor (5 ticks for 5 levels) so
        // that the
        // bid refill has to work on ticks 1..5.
        long end = START + 4 * 24 * SimFixtures.HOUR_NS + 12 * SimFixtures.HOUR_NS;
        Instrument a = SimFixtures.aShare(1);
        Instrument b = SimFixtures.aShare(2);
        SimConfig config =
                SimConfig.defaults(12, List.of(a, b), 5, 30, START)
                        .withStartPrice(2, 5 * b.tickSize())
                        .withEndTimeNs(end);
        Set<String> sessionsSeen = new TreeSet<>();
        Run run =
                run(
                        config,
                        e -> {
                            ZonedDateTime local =
                                    Instant.ofEpochSecond(0, e.exchangeTimeNs)
                                            .atZone(SimFixtures.SHANGHAI);
                            int minute = local.getHour() * 60 + local.getMinute();
                            boolean morning = minute >= 9 * 60 + 30 && minute < 11 * 60 + 30;
                            boolean afternoon = minute >= 13 * 60 && minute < 15 * 60;
                            DayOfWeek day = local.getDayOfWeek();
                            if (!(morning || afternoon)
                                    || day == DayOfWeek.SATURDAY
                                    || day == DayOfWeek.SUNDAY) {
                                fail(
                                        "event outside the sessions at "
                                                + local
                                                + ": "
                                                + SimFixtures.describe(e));
                            }
                            sessionsSeen.add(local.toLocalDate() + (morning ? " am" : " pm"));
                        });
        System.out.printf(
                "A-shares, 3 trading days: %,d events (%,d trades), sessions %s%n",
                run.events, run.trades, sessionsSeen);
        // 2 instruments × 30 events/s × 3 days × 4 h.
        assertTrue(run.events > 2_500_000 && run.events < 2_700_000, "events " + run.events);
        assertEquals(
                Set.of(
                        "2026-01-09 am",
                        "2026-01-09 pm",
                        "2026-01-12 am",
                        "2026-01-12 pm",
                        "2026-01-13 am",
                        "2026-01-13 pm"),
                sessionsSeen);
        assertEquals(
                b.tickSize(),
                run.minDeepestBid.get(2),
                "the floor instrument's 5th bid sat on tick 1");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10})
    void shouldKeepBooksValidAtOneAndTenLevels(int levels) {
        // 15 minutes from the A-share open (01:30 UTC), both instruments at 500 events/s.
        long open = START + 90 * 60_000_000_000L;
        SimConfig config =
                SimConfig.defaults(
                                13,
                                List.of(SimFixtures.aroundTheClock(1), SimFixtures.aShare(2)),
                                levels,
                                500,
                                open)
                        .withEndTimeNs(open + 15 * 60_000_000_000L);
        Run run = run(config);
        assertTrue(run.events > 850_000 && run.events < 950_000, "events " + run.events);
    }

    @Test
    void shouldStopAtTheEndTime() {
        long end = START + 60_000_000_000L;
        MarketSimulator sim =
                new MarketSimulator(
                        SimConfig.defaults(
                                        14, List.of(SimFixtures.aroundTheClock(1)), 5, 1_000, START)
                                .withEndTimeNs(end));
        RingEvent e = new RingEvent();
        long n = 0;
        while (sim.next(e)) {
            assertTrue(e.exchangeTimeNs >= START && e.exchangeTimeNs < end);
            n++;
        }
        assertFalse(sim.next(e));
        assertEquals(n, sim.eventsGenerated());
        assertTrue(n > 55_000 && n < 65_000, "events " + n);
        assertTrue(sim.nextEventTimeNs() >= end);
    }

    @Test
    void shouldStartAtTheFirstSessionOpen() {
        MarketSimulator sim =
                new MarketSimulator(
                        SimConfig.defaults(15, List.of(SimFixtures.aShare(1)), 5, 10, START));
        RingEvent e = new RingEvent();
        assertTrue(sim.next(e));
        assertEquals(EventType.BOOK, e.type);
        long open =
                LocalDate.of(2026, 1, 9).atTime(9, 30).atZone(SimFixtures.SHANGHAI).toEpochSecond()
                        * 1_000_000_000L;
        assertEquals(open, e.exchangeTimeNs);
    }

    private interface EventCheck {
        void check(RingEvent e);
    }

    private static final class Run {
        long events;
        long trades;
        long lastTimeNs = Long.MIN_VALUE;
        double minMid = Double.MAX_VALUE;
        double maxMid = -Double.MAX_VALUE;
        final Map<Integer, Long> minDeepestBid = new HashMap<>();
    }

    private static Run run(SimConfig config) {
        return run(config, e -> {});
    }

    /** Pulls every event up to the end time, checking each one and the order of times. */
    private static Run run(SimConfig config, EventCheck extra) {
        Instrument[] byId = new Instrument[16];
        for (Instrument i : config.instruments()) {
            byId[i.id()] = i;
        }
        MarketSimulator sim = new MarketSimulator(config);
        RingEvent e = new RingEvent();
        Run run = new Run();
        while (sim.next(e)) {
            Instrument ins = byId[e.instrumentId];
            if (ins == null) {
                fail("unknown instrument: " + SimFixtures.describe(e));
            }
            SimFixtures.assertValid(e, ins, config.levels());
            if (e.exchangeTimeNs < run.lastTimeNs) {
                fail(
                        "time went backwards after "
                                + run.lastTimeNs
                                + ": "
                                + SimFixtures.describe(e));
            }
            if (e.exchangeTimeNs < config.startTimeNs() || e.exchangeTimeNs >= config.endTimeNs()) {
                fail("event outside [start, end): " + SimFixtures.describe(e));
            }
            run.lastTimeNs = e.exchangeTimeNs;
            run.events++;
            if (e.type == EventType.TRADE) {
                run.trades++;
            } else {
                double mid = (e.bidPx[0] + e.askPx[0]) / 2.0 / ins.priceMultiplier();
                run.minMid = Math.min(run.minMid, mid);
                run.maxMid = Math.max(run.maxMid, mid);
                long deepest = e.bidPx[e.levels - 1];
                if (deepest < run.minDeepestBid.getOrDefault(e.instrumentId, Long.MAX_VALUE)) {
                    run.minDeepestBid.put(e.instrumentId, deepest);
                }
            }
            extra.check(e);
        }
        return run;
    }
}
