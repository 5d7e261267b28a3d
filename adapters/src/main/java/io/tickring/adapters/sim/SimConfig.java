package io.tickring.adapters.sim;

import io.tickring.core.RingEvent;
import io.tickring.core.instrument.Instrument;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Configuration of the {@link MarketSimulator}: which instruments, how deep, how fast, from when,
 * and the parameters of the order-flow model. Start from {@link #defaults}; the model is described
 * on {@link MarketSimulator}.
 *
 * <p>All rates of the model are relative weights in event time (only their ratios matter); the
 * simulated clock is set by {@code eventsPerSecond} alone.
 *
 * @param seed seed of every random draw; the same seed gives the same events
 * @param instruments the instruments to simulate, each with its own independent book
 * @param levels depth of every BOOK snapshot, 1..{@value RingEvent#MAX_LEVELS}
 * @param eventsPerSecond emitted events (BOOK and TRADE) per simulated second, per instrument
 * @param startTimeNs simulated start time, epoch nanoseconds; the first events come at the first
 *     session open at or after it
 * @param endTimeNs simulated end time (exclusive), {@link Long#MAX_VALUE} for an endless source
 * @param startPrices fixed-point start price (the first best bid) by instrument id; instruments not
 *     in the map start at 100 currency units, on their tick grid
 * @param depthTicks width, in ticks from the opposite best quote, of the zone where limit orders
 *     arrive and rest orders get cancelled; at least {@code 2 × levels}, at most 128
 * @param limitRate rate of limit orders one tick from the opposite best (λ(1))
 * @param limitDecay power-law decay of the limit-order rate with distance i: λ(i) =
 *     limitRate·i^-limitDecay
 * @param cancelRate rate at which a resting order of mean size is cancelled one tick from the
 *     opposite best (θ(1))
 * @param cancelDecay power-law decay of the cancel rate with distance: θ(i) =
 *     cancelRate·i^-cancelDecay
 * @param marketRate rate of market orders per side when the spread is one tick (divided by spread²
 *     when it is wider)
 * @param meanLimitLots mean size of limit orders and cancellations, in lots (≥ 1)
 * @param meanMarketLots mean size of market orders, in lots (≥ 1)
 * @param regimeStrength strength of the hidden order-flow regime, 0 (driver off) .. 0.9
 * @param regimeMeanEvents mean time a regime lasts, counted in book updates of its instrument (a
 *     market order's TRADE and BOOK count once)
 */
public record SimConfig(
        long seed,
        List<Instrument> instruments,
        int levels,
        double eventsPerSecond,
        long startTimeNs,
        long endTimeNs,
        Map<Integer, Long> startPrices,
        int depthTicks,
        double limitRate,
        double limitDecay,
        double cancelRate,
        double cancelDecay,
        double marketRate,
        double meanLimitLots,
        double meanMarketLots,
        double regimeStrength,
        double regimeMeanEvents) {

    /** Largest {@code depthTicks}; bounds the internal price grid. */
    public static final int MAX_DEPTH_TICKS = 128;

    public SimConfig {
        instruments = List.copyOf(instruments);
        startPrices = Map.copyOf(startPrices);
        if (instruments.isEmpty()) {
            throw new IllegalArgumentException("instruments: at least one is needed");
        }
        if (levels < 1 || levels > RingEvent.MAX_LEVELS) {
            throw new IllegalArgumentException(
                    "levels: " + levels + " is not in 1.." + RingEvent.MAX_LEVELS);
        }
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException(
                    "eventsPerSecond: " + eventsPerSecond + " must be positive");
        }
        if (endTimeNs < startTimeNs) {
            throw new IllegalArgumentException("endTimeNs is before startTimeNs");
        }
        if (depthTicks < 2 * levels || depthTicks > MAX_DEPTH_TICKS) {
            throw new IllegalArgumentException(
                    "depthTicks: "
                            + depthTicks
                            + " is not in "
                            + 2 * levels
                            + ".."
                            + MAX_DEPTH_TICKS);
        }
        positive("limitRate", limitRate);
        nonNegative("limitDecay", limitDecay);
        positive("cancelRate", cancelRate);
        nonNegative("cancelDecay", cancelDecay);
        positive("marketRate", marketRate);
        if (!(meanLimitLots >= 1)
                || !(meanMarketLots >= 1)
                || meanLimitLots > 1e6
                || meanMarketLots > 1e6) {
            throw new IllegalArgumentException(
                    "meanLimitLots and meanMarketLots must be in 1..1e6");
        }
        if (!(regimeStrength >= 0 && regimeStrength <= 0.9)) {
            throw new IllegalArgumentException(
                    "regimeStrength: " + regimeStrength + " is not in 0..0.9");
        }
        if (!(regimeMeanEvents >= 1) || Double.isInfinite(regimeMeanEvents)) {
            throw new IllegalArgumentException(
                    "regimeMeanEvents: " + regimeMeanEvents + " must be >= 1");
        }
        Set<Integer> ids = new HashSet<>();
        for (Instrument i : instruments) {
            if (!ids.add(i.id())) {
                throw new IllegalArgumentException("instruments: id " + i.id() + " appears twice");
            }
            if (i.tickSize() <= 0 || i.lotSize() <= 0) {
                throw new IllegalArgumentException(
                        "instrument " + i.symbol() + ": tick and lot size must be positive");
            }
        }
        for (Map.Entry<Integer, Long> p : startPrices.entrySet()) {
            Instrument i = null;
            for (Instrument c : instruments) {
                if (c.id() == p.getKey()) {
                    i = c;
                }
            }
            if (i == null) {
                throw new IllegalArgumentException(
                        "startPrices: no instrument with id " + p.getKey());
            }
            long px = p.getValue();
            if (px % i.tickSize() != 0 || px / i.tickSize() < levels) {
                throw new IllegalArgumentException(
                        "startPrices: "
                                + i.symbol()
                                + " start price "
                                + px
                                + " must be on the tick grid and at least "
                                + levels
                                + " ticks");
            }
        }
    }

    /**
     * A configuration with the default model: a large-tick book with a one-tick spread most of the
     * time (about 85%), two to five orders per level growing with depth, a mid change every twelve
     * or so book updates and about one trade per twelve events; and a hidden regime of strength 0.5
     * that lasts about ten simulated seconds at the given rate, kept between 100 and 500 events (so
     * that slow sources still switch and fast ones do not trend for millions of events). K = 2 ×
     * levels + 10 ticks.
     */
    public static SimConfig defaults(
            long seed,
            List<Instrument> instruments,
            int levels,
            double eventsPerSecond,
            long startTimeNs) {
        double regimeEvents = Math.max(100, Math.min(500, eventsPerSecond * 10));
        return new SimConfig(
                seed,
                instruments,
                levels,
                eventsPerSecond,
                startTimeNs,
                Long.MAX_VALUE,
                Map.of(),
                2 * levels + 10,
                1.0,
                1.0,
                0.5,
                1.5,
                0.5,
                4.0,
                3.0,
                0.5,
                regimeEvents);
    }

    /** This configuration ending at {@code endTimeNs} (exclusive). */
    public SimConfig withEndTimeNs(long endTimeNs) {
        return new SimConfig(
                seed,
                instruments,
                levels,
                eventsPerSecond,
                startTimeNs,
                endTimeNs,
                startPrices,
                depthTicks,
                limitRate,
                limitDecay,
                cancelRate,
                cancelDecay,
                marketRate,
                meanLimitLots,
                meanMarketLots,
                regimeStrength,
                regimeMeanEvents);
    }

    /** This configuration with another hidden driver; strength 0 turns it off. */
    public SimConfig withRegime(double regimeStrength, double regimeMeanEvents) {
        return new SimConfig(
                seed,
                instruments,
                levels,
                eventsPerSecond,
                startTimeNs,
                endTimeNs,
                startPrices,
                depthTicks,
                limitRate,
                limitDecay,
                cancelRate,
                cancelDecay,
                marketRate,
                meanLimitLots,
                meanMarketLots,
                regimeStrength,
                regimeMeanEvents);
    }

    /**
     * This configuration with {@code instrumentId} starting at the fixed-point price {@code price}.
     */
    public SimConfig withStartPrice(int instrumentId, long price) {
        Map<Integer, Long> prices = new HashMap<>(startPrices);
        prices.put(instrumentId, price);
        return new SimConfig(
                seed,
                instruments,
                levels,
                eventsPerSecond,
                startTimeNs,
                endTimeNs,
                prices,
                depthTicks,
                limitRate,
                limitDecay,
                cancelRate,
                cancelDecay,
                marketRate,
                meanLimitLots,
                meanMarketLots,
                regimeStrength,
                regimeMeanEvents);
    }

    /**
     * The fixed-point start price of {@code instrument}: from {@link #startPrices} or the default.
     */
    public long startPrice(Instrument instrument) {
        Long px = startPrices.get(instrument.id());
        if (px != null) {
            return px;
        }
        long tick = instrument.tickSize();
        long hundred = 100 * instrument.priceMultiplier();
        return Math.max(levels, Math.max(1, hundred / tick)) * tick;
    }

    private static void positive(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(key + ": " + v + " must be positive");
        }
    }

    private static void nonNegative(String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(key + ": " + v + " must not be negative");
        }
    }
}
