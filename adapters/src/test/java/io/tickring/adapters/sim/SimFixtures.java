package io.tickring.adapters.sim;

import static org.junit.jupiter.api.Assertions.fail;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/** Instruments, start times and event checks shared by the simulator tests. */
final class SimFixtures {
    /** Friday 2026-01-09 00:00 UTC (08:00 in Shanghai, before the A-share open). */
    static final long FRIDAY_UTC_MIDNIGHT_NS =
            ZonedDateTime.of(2026, 1, 9, 0, 0, 0, 0, ZoneId.of("UTC")).toEpochSecond()
                    * 1_000_000_000L;

    static final long HOUR_NS = 3_600_000_000_000L;
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private SimFixtures() {}

    /** A 24/7 instrument: scale 4, tick 0.01, lot 1. */
    static Instrument aroundTheClock(int id) {
        return new Instrument(
                id,
                "SIM" + id,
                "SIM",
                4,
                100,
                1,
                "USD",
                ZoneId.of("UTC"),
                List.of(),
                Instrument.Fees.NONE);
    }

    /**
     * An A-share-like instrument: scale 2, tick 0.01, lot 100, 09:30-11:30 and 13:00-15:00 Shanghai
     * time.
     */
    static Instrument aShare(int id) {
        return new Instrument(
                id,
                "60000" + id,
                "SSE",
                2,
                1,
                100,
                "CNY",
                SHANGHAI,
                List.of(
                        new Instrument.SessionWindow(13 * 60, 15 * 60),
                        new Instrument.SessionWindow(9 * 60 + 30, 11 * 60 + 30)),
                new Instrument.Fees(0.25, 0.25, 5, 5));
    }

    /** Mixes every input field of {@code e} into {@code h}. */
    static long hash(long h, RingEvent e) {
        h = mix(h, e.sequence);
        h = mix(h, e.type);
        h = mix(h, e.instrumentId);
        h = mix(h, e.exchangeTimeNs);
        h = mix(h, e.receiveTimeNs);
        h = mix(h, e.levels);
        for (int k = 0; k < RingEvent.MAX_LEVELS; k++) {
            h = mix(h, e.askPx[k]);
            h = mix(h, e.askQty[k]);
            h = mix(h, e.bidPx[k]);
            h = mix(h, e.bidQty[k]);
        }
        h = mix(h, e.tradePx);
        h = mix(h, e.tradeQty);
        return mix(h, e.tradeAggressor);
    }

    private static long mix(long h, long v) {
        h ^= v;
        h *= 0x100000001B3L;
        return h ^ (h >>> 29);
    }

    /**
     * Fails unless {@code e} is a BOOK or TRADE the ring may accept: a BOOK of exactly {@code
     * levels} levels, neither crossed nor locked, prices positive, on the tick grid and strictly
     * ordered, sizes positive whole lots, deeper slots empty; a TRADE with a positive on-grid
     * price, a positive whole-lot size and an aggressor side. Sequence -1 and receive time equal to
     * exchange time.
     */
    static void assertValid(RingEvent e, Instrument ins, int levels) {
        if (e.sequence != -1 || e.receiveTimeNs != e.exchangeTimeNs || e.instrumentId != ins.id()) {
            fail("header: " + describe(e));
        }
        long tick = ins.tickSize();
        long lot = ins.lotSize();
        if (e.type == EventType.BOOK) {
            if (e.levels != levels) {
                fail("levels " + e.levels + ": " + describe(e));
            }
            if (e.bidPx[0] >= e.askPx[0]) {
                fail("crossed or locked: " + describe(e));
            }
            for (int k = 0; k < levels; k++) {
                if (e.bidPx[k] <= 0
                        || e.askPx[k] <= 0
                        || e.bidPx[k] % tick != 0
                        || e.askPx[k] % tick != 0) {
                    fail("price at level " + k + ": " + describe(e));
                }
                if (e.bidQty[k] <= 0
                        || e.askQty[k] <= 0
                        || e.bidQty[k] % lot != 0
                        || e.askQty[k] % lot != 0) {
                    fail("size at level " + k + ": " + describe(e));
                }
                if (k > 0 && (e.bidPx[k] >= e.bidPx[k - 1] || e.askPx[k] <= e.askPx[k - 1])) {
                    fail("levels out of order at " + k + ": " + describe(e));
                }
            }
            for (int k = levels; k < RingEvent.MAX_LEVELS; k++) {
                if (e.bidPx[k] != 0 || e.askPx[k] != 0 || e.bidQty[k] != 0 || e.askQty[k] != 0) {
                    fail("slot " + k + " beyond the depth is not empty: " + describe(e));
                }
            }
        } else if (e.type == EventType.TRADE) {
            if (e.tradePx <= 0
                    || e.tradePx % tick != 0
                    || e.tradeQty <= 0
                    || e.tradeQty % lot != 0
                    || (e.tradeAggressor != Side.BUY && e.tradeAggressor != Side.SELL)) {
                fail("trade: " + describe(e));
            }
        } else {
            fail("unexpected type: " + describe(e));
        }
    }

    static String describe(RingEvent e) {
        StringBuilder b = new StringBuilder();
        b.append(EventType.name(e.type))
                .append(" instrument ")
                .append(e.instrumentId)
                .append(" t=")
                .append(e.exchangeTimeNs);
        if (e.type == EventType.TRADE) {
            b.append(' ')
                    .append(Side.name(e.tradeAggressor))
                    .append(' ')
                    .append(e.tradeQty)
                    .append('@')
                    .append(e.tradePx);
        } else {
            for (int k = 0; k < e.levels; k++) {
                b.append(" [")
                        .append(e.bidQty[k])
                        .append('@')
                        .append(e.bidPx[k])
                        .append(" | ")
                        .append(e.askQty[k])
                        .append('@')
                        .append(e.askPx[k])
                        .append(']');
            }
        }
        return b.toString();
    }
}
