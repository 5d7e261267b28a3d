package io.tickring.adapters.sim;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import java.util.SplittableRandom;

/**
 * One instrument's simulated limit order book, its order flow and its clock. The model is described
 * on {@link MarketSimulator}; this class is its implementation.
 *
 * <p>This class draws the events and keeps the clock and the hidden regime; the two {@link
 * BookSide}s keep the queues and the visible levels, and {@link FlowRates} holds the rate and size
 * tables.
 *
 * <p>The book is a grid of queue sizes (in lots) indexed by absolute price tick, one per side. The
 * grid is a power-of-two circular array, so a tick maps to {@code tick & mask}; it covers {@code
 * width} consecutive ticks from {@code gridLow} and is recentred on the mid (forgetting the far
 * liquidity that falls off its edges) when the quotes come near an edge. Every cell outside the
 * covered range is zero, which is what lets a cell be reused for the tick {@code width} away.
 *
 * <p>Allocation-free after construction, except in {@link SessionClock} at session boundaries.
 */
final class SimulatedBook {
    private static final int NONE = 0;
    private static final int BOOK = 1;
    private static final int TRADE = 2;

    private final int instrumentId;
    private final long tickSize;
    private final long lotSize;
    private final int levels;

    /** K: width of the active zone in ticks from the opposite best. */
    private final int depth;

    private final SplittableRandom rng;
    private final FlowRates rates;

    private final int width;
    private long gridLow;
    private final BookSide bids;
    private final BookSide asks;

    private final double regimeStrength;
    private final double switchProbability;
    private int regime;
    private double addBidFactor = 1;
    private double addAskFactor = 1;
    private double cancelBidFactor = 1;
    private double cancelAskFactor = 1;
    private double buyFactor = 1;
    private double sellFactor = 1;

    private boolean tradePending;
    private long tradeTick;
    private long tradeLots;
    private byte tradeAggressor;

    private final SessionClock clock;
    private final double meanGapNs;
    private long timeNs;
    private double carryNs;

    SimulatedBook(SimConfig config, Instrument instrument) {
        this.instrumentId = instrument.id();
        this.tickSize = instrument.tickSize();
        this.lotSize = instrument.lotSize();
        this.levels = config.levels();
        this.depth = config.depthTicks();
        // Mixing the instrument id into the seed gives each instrument its own stream, independent
        // of the
        // order in which instruments are listed.
        this.rng = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + instrument.id());
        this.rates = new FlowRates(config);

        int w = 64;
        while (w < 8 * depth) {
            w <<= 1;
        }
        this.width = w;
        this.bids = BookSide.bids(levels, depth, w, rates, rng);
        this.asks = BookSide.asks(levels, depth, w, rates, rng);
        BookSide.pair(bids, asks);

        regimeStrength = config.regimeStrength();
        switchProbability = regimeStrength > 0 ? 1.0 / config.regimeMeanEvents() : 0;
        if (regimeStrength > 0) {
            setRegime(rng.nextInt(3) - 1);
        }

        long startTick = config.startPrice(instrument) / tickSize;
        bids.setBest(startTick);
        asks.setBest(startTick + 1);
        gridLow = startTick - width / 2;
        // Start from the book's rough steady state: about λ(i)/θ(i) orders of mean size at distance
        // i.
        for (int i = 1; i <= depth; i++) {
            double meanLots = rates.steadyLots(i);
            if (startTick + 1 - i >= 1) {
                bids.seedQueue(
                        startTick + 1 - i,
                        Math.max(1, Math.round(meanLots * (0.5 + rng.nextDouble()))));
            }
            asks.seedQueue(
                    startTick + i, Math.max(1, Math.round(meanLots * (0.5 + rng.nextDouble()))));
        }
        bids.recomputeCancelSum();
        asks.recomputeCancelSum();
        bids.rebuild();
        asks.rebuild();

        this.clock = new SessionClock(instrument);
        this.meanGapNs = 1e9 / config.eventsPerSecond();
        this.timeNs = clock.seek(config.startTimeNs());
    }

    /** Exchange time of the next event this book will emit. */
    long timeNs() {
        return timeNs;
    }

    /**
     * Writes the next event of this instrument into {@code e} (already cleared). Returns true if
     * the book moved on to a later event (the time may have changed), false if it emitted the TRADE
     * of a market order whose BOOK follows at the same time.
     */
    boolean emit(RingEvent e) {
        e.instrumentId = instrumentId;
        e.exchangeTimeNs = timeNs;
        e.receiveTimeNs = timeNs;
        if (tradePending) {
            tradePending = false;
            e.type = EventType.TRADE;
            e.tradePx = tradeTick * tickSize;
            e.tradeQty = tradeLots * lotSize;
            e.tradeAggressor = tradeAggressor;
            return false;
        }
        e.type = EventType.BOOK;
        e.levels = levels;
        bids.copyLevels(e.bidPx, e.bidQty, tickSize, lotSize);
        asks.copyLevels(e.askPx, e.askQty, tickSize, lotSize);
        advance();
        return true;
    }

    /** Applies order-flow events until one changes the visible book, then moves the clock on. */
    private void advance() {
        if (switchProbability > 0 && rng.nextDouble() < switchProbability) {
            setRegime((regime + 1 + 1 + rng.nextInt(2)) % 3 - 1);
        }
        int kind;
        do {
            kind = step();
        } while (kind == NONE);
        // One exponential gap per emitted event keeps the emitted rate at eventsPerSecond; a TRADE
        // and its
        // BOOK share a timestamp, so they get the sum of two gaps. nextExponential is the JDK's
        // ziggurat:
        // a table look-up 98% of the time, four times cheaper than a log.
        double units = rng.nextExponential();
        if (kind == TRADE) {
            units += rng.nextExponential();
        }
        double gap = units * meanGapNs + carryNs;
        long whole = (long) gap;
        carryNs = gap - whole;
        timeNs += whole;
        while (timeNs >= clock.closeNs()) {
            // The clock only runs in sessions: time left over at the close continues at the next
            // open.
            long over = timeNs - clock.closeNs();
            timeNs = clock.seek(clock.closeNs()) + over;
        }
    }

    /**
     * Draws one order-flow event from the state-dependent rates and applies it; returns its visible
     * kind.
     */
    private int step() {
        long a = asks.best();
        long b = bids.best();
        if (b - 2L * depth - 2 < gridLow || a + 2L * depth + 2 >= gridLow + width) {
            recentre();
        }
        double cancelBid = bids.cancelRate() * cancelBidFactor;
        double cancelAsk = asks.cancelRate() * cancelAskFactor;
        double market = rates.marketRate((int) (a - b));
        double buy = market * buyFactor;
        double sell = market * sellFactor;
        double addBid = rates.addTotal() * addBidFactor;
        double addAsk = rates.addTotal() * addAskFactor;

        double u = rng.nextDouble() * (buy + sell + addBid + addAsk + cancelBid + cancelAsk);
        if (u < buy) {
            return marketOrder(asks, Side.BUY);
        }
        u -= buy;
        if (u < sell) {
            return marketOrder(bids, Side.SELL);
        }
        u -= sell;
        // The remainder of u is uniform within the chosen branch, so it also picks the distance: no
        // extra draw.
        if (u < addBid) {
            return visible(bids.limit(rates.distance(u / addBidFactor)));
        }
        u -= addBid;
        if (u < addAsk) {
            return visible(asks.limit(rates.distance(u / addAskFactor)));
        }
        u -= addAsk;
        if (u < cancelBid) {
            return visible(bids.cancel(u / cancelBidFactor));
        }
        return visible(asks.cancel((u - cancelBid) / cancelAskFactor));
    }

    /**
     * A market order from {@code aggressor} against the best queue of {@code resting}; it always
     * prints a TRADE.
     */
    private int marketOrder(BookSide resting, byte aggressor) {
        long tick = resting.best();
        long lots = resting.take(rates.marketLots(rng));
        tradePending = true;
        tradeTick = tick;
        tradeLots = lots;
        tradeAggressor = aggressor;
        return TRADE;
    }

    private static int visible(boolean changed) {
        return changed ? BOOK : NONE;
    }

    /**
     * Moves the covered tick range so the mid is in its middle; cells of ticks that leave it are
     * cleared.
     */
    private void recentre() {
        long newLow = (bids.best() + asks.best()) / 2 - width / 2;
        long shift = newLow - gridLow;
        if (Math.abs(shift) >= width) {
            bids.forgetAll();
            asks.forgetAll();
        } else if (shift > 0) {
            bids.forget(gridLow, newLow);
            asks.forget(gridLow, newLow);
        } else {
            bids.forget(newLow + width, gridLow + width);
            asks.forget(newLow + width, gridLow + width);
        }
        gridLow = newLow;
    }

    /**
     * The hidden driver. Buy pressure (+1) makes market buys and limit bids more frequent and bid
     * cancellations rarer, and the reverse on the ask side; sell pressure (-1) mirrors it; neutral
     * (0) leaves the rates alone.
     */
    private void setRegime(int r) {
        regime = r;
        double s = regimeStrength * r;
        buyFactor = 1 + s;
        sellFactor = 1 - s;
        addBidFactor = 1 + s / 2;
        addAskFactor = 1 - s / 2;
        cancelBidFactor = 1 - s / 2;
        cancelAskFactor = 1 + s / 2;
    }
}
