package io.tickring.adapters.sim;

import io.tickring.core.instrument.Instrument;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One instrument's simulated limit order book, its order flow and its clock. The model is described
 * on {@link MarketSimulator}; this class is its implementation.
 *
 * <p>The book is a grid of queue sizes (in lots) indexed by absolute price tick. The grid is a
 * power-of-two circular array, so a tick maps to {@code tick & mask}; it covers {@code width}
 * consecutive ticks from {@code gridLow} and is recentred on the mid (forgetting the far liquidity that
 * falls off its edges) when the quotes come near an edge. Every cell outside the covered range is zero,
 * which is what lets a cell be reused for the tick {@code width} away.
 *
 * <p>Allocation-free after construction, except in {@link SessionClock} at session boundaries.
 */
final class SimulatedBook {
    private static final int NONE = 0;
    private static final int BOOK = 1;
    private static final int TRADE = 2;
    private static final int SIZE_TABLE = 256;
    private static final int GUIDE = 64;

    private final int instrumentId;
    private final long tickSize;
    private final long lotSize;
    private final int levels;
    /** K: width of the active zone in ticks from the opposite best, and of the snapshot scan from the own best. */
    private final int depth;
    /** Asks never rest below this tick, so that the bids always have room for {@code levels} levels above tick 0. */
    private final long askFloor;
    private final SplittableRandom rng;

    private final int width;
    private final int mask;
    private final long[] bid;
    private final long[] ask;
    private long gridLow;
    private long bestBid;
    private long bestAsk;
    /**
     * Σ θ(i)·q for the bids within K ticks of the best ask, and the mirror for the asks: the total cancel
     * rates, kept up to date on every change of a queue and recomputed when the opposite quote moves, so
     * that drawing an event costs O(1) instead of a scan of the zone.
     */
    private double bidCancelSum;
    private double askCancelSum;

    /** addCum[i] = λ(1) + .. + λ(i), i = 1..K. */
    private final double[] addCum;
    private final double addTotal;
    /** guide[g]: the smallest distance worth testing for a draw in the g-th of GUIDE equal slices of addTotal. */
    private final int[] guide = new int[GUIDE];
    private final double guideScale;
    /** θ(i) per lot, i = 1..K. */
    private final double[] cancelPerLot;
    /** Market order rate per side by spread in ticks, 1..K. */
    private final double[] marketBySpread;
    private final long[] limitSizes = new long[SIZE_TABLE];
    private final long[] marketSizes = new long[SIZE_TABLE];

    private final double regimeStrength;
    private final double switchProbability;
    private int regime;
    private double addBidFactor = 1;
    private double addAskFactor = 1;
    private double cancelBidFactor = 1;
    private double cancelAskFactor = 1;
    private double buyFactor = 1;
    private double sellFactor = 1;

    /** The visible book: best first, exactly {@code levels} levels per side after every event. */
    private final long[] bidTicks;
    private final long[] bidLots;
    private final long[] askTicks;
    private final long[] askLots;

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
        this.askFloor = levels + 1;
        // Mixing the instrument id into the seed gives each instrument its own stream, independent of the
        // order in which instruments are listed.
        this.rng = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + instrument.id());

        int w = 64;
        while (w < 8 * depth) {
            w <<= 1;
        }
        this.width = w;
        this.mask = w - 1;
        this.bid = new long[w];
        this.ask = new long[w];

        addCum = new double[depth + 1];
        cancelPerLot = new double[depth + 1];
        marketBySpread = new double[depth + 1];
        for (int i = 1; i <= depth; i++) {
            addCum[i] = addCum[i - 1] + config.limitRate() * StrictMath.pow(i, -config.limitDecay());
            cancelPerLot[i] = config.cancelRate() * StrictMath.pow(i, -config.cancelDecay()) / config.meanLimitLots();
            marketBySpread[i] = config.marketRate() / ((double) i * i);
        }
        addTotal = addCum[depth];
        guideScale = GUIDE / addTotal;
        for (int g = 0, i = 1; g < GUIDE; g++) {
            while (i < depth && (int) (addCum[i] * guideScale) < g) {
                i++;
            }
            guide[g] = i;
        }
        fillGeometric(limitSizes, config.meanLimitLots());
        fillGeometric(marketSizes, config.meanMarketLots());

        regimeStrength = config.regimeStrength();
        switchProbability = regimeStrength > 0 ? 1.0 / config.regimeMeanEvents() : 0;
        if (regimeStrength > 0) {
            setRegime(rng.nextInt(3) - 1);
        }

        bidTicks = new long[levels];
        bidLots = new long[levels];
        askTicks = new long[levels];
        askLots = new long[levels];

        long startTick = config.startPrice(instrument) / tickSize;
        bestBid = startTick;
        bestAsk = startTick + 1;
        gridLow = startTick - width / 2;
        // Start from the book's rough steady state: about λ(i)/θ(i) orders of mean size at distance i.
        for (int i = 1; i <= depth; i++) {
            double meanLots = (addCum[i] - addCum[i - 1]) / cancelPerLot[i];
            if (bestAsk - i >= 1) {
                bid[idx(bestAsk - i)] = Math.max(1, Math.round(meanLots * (0.5 + rng.nextDouble())));
            }
            ask[idx(bestBid + i)] = Math.max(1, Math.round(meanLots * (0.5 + rng.nextDouble())));
        }
        recomputeBidCancelSum();
        recomputeAskCancelSum();
        rebuildBids();
        rebuildAsks();

        this.clock = new SessionClock(instrument);
        this.meanGapNs = 1e9 / config.eventsPerSecond();
        this.timeNs = clock.seek(config.startTimeNs());
    }

    /** Exchange time of the next event this book will emit. */
    long timeNs() {
        return timeNs;
    }

    /**
     * Writes the next event of this instrument into {@code e} (already cleared). Returns true if the book
     * moved on to a later event (the time may have changed), false if it emitted the TRADE of a market
     * order whose BOOK follows at the same time.
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
        for (int k = 0; k < levels; k++) {
            e.bidPx[k] = bidTicks[k] * tickSize;
            e.bidQty[k] = bidLots[k] * lotSize;
            e.askPx[k] = askTicks[k] * tickSize;
            e.askQty[k] = askLots[k] * lotSize;
        }
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
        // One exponential gap per emitted event keeps the emitted rate at eventsPerSecond; a TRADE and its
        // BOOK share a timestamp, so they get the sum of two gaps. nextExponential is the JDK's ziggurat:
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
            // The clock only runs in sessions: time left over at the close continues at the next open.
            long over = timeNs - clock.closeNs();
            timeNs = clock.seek(clock.closeNs()) + over;
        }
    }

    /** Draws one order-flow event from the state-dependent rates and applies it; returns its visible kind. */
    private int step() {
        long a = bestAsk;
        long b = bestBid;
        if (b - 2L * depth - 2 < gridLow || a + 2L * depth + 2 >= gridLow + width) {
            recentre();
        }
        // Rounding of the running sums could leave a tiny negative rest when the zone is empty.
        double cancelBid = Math.max(0, bidCancelSum) * cancelBidFactor;
        double cancelAsk = Math.max(0, askCancelSum) * cancelAskFactor;
        double market = marketBySpread[(int) (a - b)];
        double buy = market * buyFactor;
        double sell = market * sellFactor;
        double addBid = addTotal * addBidFactor;
        double addAsk = addTotal * addAskFactor;

        double u = rng.nextDouble() * (buy + sell + addBid + addAsk + cancelBid + cancelAsk);
        if (u < buy) {
            return marketBuy();
        }
        u -= buy;
        if (u < sell) {
            return marketSell();
        }
        u -= sell;
        // The remainder of u is uniform within the chosen branch, so it also picks the distance: no extra draw.
        if (u < addBid) {
            return limitBid(distance(u / addBidFactor));
        }
        u -= addBid;
        if (u < addAsk) {
            return limitAsk(distance(u / addAskFactor));
        }
        u -= addAsk;
        if (u < cancelBid) {
            return cancelBid(u / cancelBidFactor);
        }
        return cancelAsk((u - cancelBid) / cancelAskFactor);
    }

    /**
     * The smallest distance i with addCum[i] &gt; x. The guide table skips the distances that cannot be the
     * answer (floor(addCum[i]·scale) &lt; floor(x·scale) implies addCum[i] &le; x), so the result is exactly
     * the linear search's, in about one step.
     */
    private int distance(double x) {
        int i = guide[Math.min(GUIDE - 1, (int) (x * guideScale))];
        while (i < depth && addCum[i] <= x) {
            i++;
        }
        return i;
    }

    private int marketBuy() {
        long a = bestAsk;
        int c = idx(a);
        long lots = Math.min(ask[c], marketSizes[rng.nextInt(SIZE_TABLE)]);
        recordTrade(a, lots, Side.BUY);
        changeAsk(a, -lots);
        if (ask[c] == 0) {
            newBestAsk(a);
        }
        askChanged(a);
        return TRADE;
    }

    private int marketSell() {
        long b = bestBid;
        int c = idx(b);
        long lots = Math.min(bid[c], marketSizes[rng.nextInt(SIZE_TABLE)]);
        recordTrade(b, lots, Side.SELL);
        changeBid(b, -lots);
        if (bid[c] == 0) {
            newBestBid(b);
        }
        bidChanged(b);
        return TRADE;
    }

    private void recordTrade(long tick, long lots, byte aggressor) {
        tradePending = true;
        tradeTick = tick;
        tradeLots = lots;
        tradeAggressor = aggressor;
    }

    private int limitBid(int distance) {
        long t = bestAsk - distance;
        if (t < 1) {
            return NONE;
        }
        changeBid(t, limitSizes[rng.nextInt(SIZE_TABLE)]);
        if (t > bestBid) {
            bestBid = t;
            recomputeAskCancelSum();
        }
        if (t < bidTicks[levels - 1]) {
            return NONE;
        }
        bidChanged(t);
        return BOOK;
    }

    private int limitAsk(int distance) {
        long t = bestBid + distance;
        if (t < askFloor) {
            return NONE;
        }
        changeAsk(t, limitSizes[rng.nextInt(SIZE_TABLE)]);
        if (t < bestAsk) {
            bestAsk = t;
            recomputeBidCancelSum();
        }
        if (t > askTicks[levels - 1]) {
            return NONE;
        }
        askChanged(t);
        return BOOK;
    }

    private int cancelBid(double x) {
        long low = Math.max(1, bestAsk - depth);
        double acc = 0;
        long t = bestAsk - 1;
        int i = 1;
        long found = 0;
        for (; t >= low; t--, i++) {
            long q = bid[idx(t)];
            if (q > 0) {
                found = t;
                acc += cancelPerLot[i] * q;
                if (acc > x) {
                    break;
                }
            }
        }
        if (found == 0) {
            return NONE;
        }
        int c = idx(found);
        changeBid(found, -Math.min(bid[c], limitSizes[rng.nextInt(SIZE_TABLE)]));
        if (bid[c] == 0 && found == bestBid) {
            newBestBid(found);
        }
        if (found < bidTicks[levels - 1]) {
            return NONE;
        }
        bidChanged(found);
        return BOOK;
    }

    private int cancelAsk(double x) {
        long high = bestBid + depth;
        double acc = 0;
        long t = bestBid + 1;
        int i = 1;
        long found = 0;
        for (; t <= high; t++, i++) {
            long q = ask[idx(t)];
            if (q > 0) {
                found = t;
                acc += cancelPerLot[i] * q;
                if (acc > x) {
                    break;
                }
            }
        }
        if (found == 0) {
            return NONE;
        }
        int c = idx(found);
        changeAsk(found, -Math.min(ask[c], limitSizes[rng.nextInt(SIZE_TABLE)]));
        if (ask[c] == 0 && found == bestAsk) {
            newBestAsk(found);
        }
        if (found > askTicks[levels - 1]) {
            return NONE;
        }
        askChanged(found);
        return BOOK;
    }

    /**
     * The best bid at {@code emptied} is gone: the next bid within the active zone becomes best. If there
     * is none, a liquidity provider quotes one tick below (within the zone and above tick 0), so the spread
     * never exceeds K ticks and the side never stays empty.
     */
    private void newBestBid(long emptied) {
        long low = Math.max(1, bestAsk - depth);
        for (long t = emptied - 1; t >= low; t--) {
            if (bid[idx(t)] > 0) {
                bestBid = t;
                recomputeAskCancelSum();
                return;
            }
        }
        long t = Math.max(1, Math.max(bestAsk - depth, emptied - 1));
        changeBid(t, limitSizes[rng.nextInt(SIZE_TABLE)]);
        bestBid = t;
        recomputeAskCancelSum();
    }

    /** Mirror of {@link #newBestBid}: one tick above, within K ticks of the best bid. */
    private void newBestAsk(long emptied) {
        long high = bestBid + depth;
        for (long t = emptied + 1; t <= high; t++) {
            if (ask[idx(t)] > 0) {
                bestAsk = t;
                recomputeBidCancelSum();
                return;
            }
        }
        long t = Math.min(emptied + 1, high);
        changeAsk(t, limitSizes[rng.nextInt(SIZE_TABLE)]);
        bestAsk = t;
        recomputeBidCancelSum();
    }

    /**
     * Brings the visible bids up to date after the queue at the visible tick {@code t} changed. The common
     * cases are done in place with the same result a rescan would give: a level's size changed, or a new
     * level appeared and pushed the deepest one out (unless the best moved so far that a level left the
     * scan span). A level that emptied needs the rescan, and perhaps a refill.
     */
    private void bidChanged(long t) {
        long q = bid[idx(t)];
        for (int k = 0; k < levels; k++) {
            long tk = bidTicks[k];
            if (tk == t) {
                if (q > 0) {
                    bidLots[k] = q;
                    return;
                }
                break;
            }
            if (tk < t) {
                long newDeepest = k == levels - 1 ? t : bidTicks[levels - 2];
                if (q > 0 && newDeepest >= bestBid - depth + 1) {
                    System.arraycopy(bidTicks, k, bidTicks, k + 1, levels - 1 - k);
                    System.arraycopy(bidLots, k, bidLots, k + 1, levels - 1 - k);
                    bidTicks[k] = t;
                    bidLots[k] = q;
                    return;
                }
                break;
            }
        }
        rebuildBids();
    }

    /** Mirror of {@link #bidChanged}. */
    private void askChanged(long t) {
        long q = ask[idx(t)];
        for (int k = 0; k < levels; k++) {
            long tk = askTicks[k];
            if (tk == t) {
                if (q > 0) {
                    askLots[k] = q;
                    return;
                }
                break;
            }
            if (tk > t) {
                long newDeepest = k == levels - 1 ? t : askTicks[levels - 2];
                if (q > 0 && newDeepest <= bestAsk + depth - 1) {
                    System.arraycopy(askTicks, k, askTicks, k + 1, levels - 1 - k);
                    System.arraycopy(askLots, k, askLots, k + 1, levels - 1 - k);
                    askTicks[k] = t;
                    askLots[k] = q;
                    return;
                }
                break;
            }
        }
        rebuildAsks();
    }

    /**
     * Collects the top {@code levels} bid levels within K ticks of the best bid. If there are fewer, the
     * missing ones are refilled with orders of the limit-order size distribution: first behind the deepest
     * level, then in the gaps nearest the best, and, only when the price is within a few ticks of zero,
     * above the best bid (the asks' floor leaves room for that).
     */
    private void rebuildBids() {
        int n = scanBids();
        if (n == levels) {
            return;
        }
        long low = Math.max(1, bestBid - depth + 1);
        for (long t = bidTicks[n - 1] - 1; t >= low && n < levels; t--) {
            changeBid(t, limitSizes[rng.nextInt(SIZE_TABLE)]);
            n++;
        }
        for (long t = bestBid - 1; t >= low && n < levels; t--) {
            if (bid[idx(t)] == 0) {
                changeBid(t, limitSizes[rng.nextInt(SIZE_TABLE)]);
                n++;
            }
        }
        long oldBest = bestBid;
        for (long t = bestBid + 1; t < bestAsk && n < levels; t++) {
            changeBid(t, limitSizes[rng.nextInt(SIZE_TABLE)]);
            bestBid = t;
            n++;
        }
        if (bestBid != oldBest) {
            recomputeAskCancelSum();
        }
        n = scanBids();
        if (n != levels) {
            throw new IllegalStateException("bid refill failed: " + n + " levels");
        }
    }

    /** Mirror of {@link #rebuildBids}; asks have no ceiling, so the first two refill passes always suffice. */
    private void rebuildAsks() {
        int n = scanAsks();
        if (n == levels) {
            return;
        }
        long high = bestAsk + depth - 1;
        for (long t = askTicks[n - 1] + 1; t <= high && n < levels; t++) {
            changeAsk(t, limitSizes[rng.nextInt(SIZE_TABLE)]);
            n++;
        }
        for (long t = bestAsk + 1; t <= high && n < levels; t++) {
            if (ask[idx(t)] == 0) {
                changeAsk(t, limitSizes[rng.nextInt(SIZE_TABLE)]);
                n++;
            }
        }
        n = scanAsks();
        if (n != levels) {
            throw new IllegalStateException("ask refill failed: " + n + " levels");
        }
    }

    private int scanBids() {
        int n = 0;
        long low = Math.max(1, bestBid - depth + 1);
        for (long t = bestBid; t >= low && n < levels; t--) {
            long q = bid[idx(t)];
            if (q > 0) {
                bidTicks[n] = t;
                bidLots[n] = q;
                n++;
            }
        }
        return n;
    }

    private int scanAsks() {
        int n = 0;
        long high = bestAsk + depth - 1;
        for (long t = bestAsk; t <= high && n < levels; t++) {
            long q = ask[idx(t)];
            if (q > 0) {
                askTicks[n] = t;
                askLots[n] = q;
                n++;
            }
        }
        return n;
    }

    /** Moves the covered tick range so the mid is in its middle; cells of ticks that leave it are cleared. */
    private void recentre() {
        long newLow = (bestBid + bestAsk) / 2 - width / 2;
        long shift = newLow - gridLow;
        if (Math.abs(shift) >= width) {
            Arrays.fill(bid, 0);
            Arrays.fill(ask, 0);
        } else if (shift > 0) {
            for (long t = gridLow; t < newLow; t++) {
                bid[idx(t)] = 0;
                ask[idx(t)] = 0;
            }
        } else {
            for (long t = newLow + width; t < gridLow + width; t++) {
                bid[idx(t)] = 0;
                ask[idx(t)] = 0;
            }
        }
        gridLow = newLow;
    }

    /**
     * The hidden driver. Buy pressure (+1) makes market buys and limit bids more frequent and bid
     * cancellations rarer, and the reverse on the ask side; sell pressure (-1) mirrors it; neutral (0)
     * leaves the rates alone.
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

    private void changeBid(long tick, long deltaLots) {
        bid[idx(tick)] += deltaLots;
        long i = bestAsk - tick;
        if (i >= 1 && i <= depth) {
            bidCancelSum += cancelPerLot[(int) i] * deltaLots;
        }
    }

    private void changeAsk(long tick, long deltaLots) {
        ask[idx(tick)] += deltaLots;
        long i = tick - bestBid;
        if (i >= 1 && i <= depth) {
            askCancelSum += cancelPerLot[(int) i] * deltaLots;
        }
    }

    private void recomputeBidCancelSum() {
        double sum = 0;
        long low = Math.max(1, bestAsk - depth);
        for (long t = bestAsk - 1, i = 1; t >= low; t--, i++) {
            sum += cancelPerLot[(int) i] * bid[idx(t)];
        }
        bidCancelSum = sum;
    }

    private void recomputeAskCancelSum() {
        double sum = 0;
        for (int i = 1; i <= depth; i++) {
            sum += cancelPerLot[i] * ask[idx(bestBid + i)];
        }
        askCancelSum = sum;
    }

    private int idx(long tick) {
        return (int) (tick & mask);
    }

    /** Quantiles of a geometric distribution on 1, 2, .. with the given mean, so a size is one table lookup. */
    private static void fillGeometric(long[] table, double mean) {
        double q = 1.0 / mean;
        for (int k = 0; k < table.length; k++) {
            double p = (k + 0.5) / table.length;
            table[k] = q >= 1 ? 1 : 1 + (long) Math.floor(StrictMath.log(1 - p) / StrictMath.log(1 - q));
        }
    }
}
