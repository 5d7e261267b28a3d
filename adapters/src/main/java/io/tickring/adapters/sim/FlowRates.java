package io.tickring.adapters.sim;

import java.util.SplittableRandom;

/**
 * The order-flow rate table of one simulated book: the limit-order rates λ(i) and cancel rates θ(i)
 * by distance from the opposite best quote, the market-order rate by spread, and the order-size
 * tables. Built once from a {@link SimConfig}, read-only afterwards; the model is described on
 * {@link MarketSimulator}.
 *
 * <p>The rates are computed with {@link StrictMath}, so the table, and every event drawn from it,
 * is the same on every platform. Allocation-free after construction.
 */
final class FlowRates {
    private static final int SIZE_TABLE = 256;
    private static final int GUIDE = 64;

    /** K: the active zone's width in ticks from the opposite best. */
    private final int depth;

    /** addCum[i] = λ(1) + .. + λ(i), i = 1..K. */
    private final double[] addCum;

    private final double addTotal;

    /**
     * guide[g]: the smallest distance worth testing for a draw in the g-th of GUIDE equal slices of
     * addTotal.
     */
    private final int[] guide = new int[GUIDE];

    private final double guideScale;

    /** θ(i) per lot, i = 1..K. */
    private final double[] cancelPerLot;

    /** Market order rate per side by spread in ticks, 1..K. */
    private final double[] marketBySpread;

    private final long[] limitSizes = new long[SIZE_TABLE];
    private final long[] marketSizes = new long[SIZE_TABLE];

    FlowRates(SimConfig config) {
        depth = config.depthTicks();
        addCum = new double[depth + 1];
        cancelPerLot = new double[depth + 1];
        marketBySpread = new double[depth + 1];
        for (int i = 1; i <= depth; i++) {
            addCum[i] =
                    addCum[i - 1] + config.limitRate() * StrictMath.pow(i, -config.limitDecay());
            cancelPerLot[i] =
                    config.cancelRate()
                            * StrictMath.pow(i, -config.cancelDecay())
                            / config.meanLimitLots();
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
    }

    /** Σ λ(i) over the zone: the rate of limit orders on one side before the regime's factor. */
    double addTotal() {
        return addTotal;
    }

    /**
     * θ(i), the cancel rate per resting lot at distance {@code i} (1..K) from the opposite best.
     */
    double cancelPerLot(int i) {
        return cancelPerLot[i];
    }

    /** The market-order rate per side when the spread is {@code spreadTicks} (1..K). */
    double marketRate(int spreadTicks) {
        return marketBySpread[spreadTicks];
    }

    /**
     * λ(i)/θ(i): the mean queue, in lots, that the flow sustains at distance {@code i}; seeds the
     * book.
     */
    double steadyLots(int i) {
        return (addCum[i] - addCum[i - 1]) / cancelPerLot[i];
    }

    /** A limit-order (or cancellation) size in lots: one draw from {@code rng}. */
    long limitLots(SplittableRandom rng) {
        return limitSizes[rng.nextInt(SIZE_TABLE)];
    }

    /** A market-order size in lots: one draw from {@code rng}. */
    long marketLots(SplittableRandom rng) {
        return marketSizes[rng.nextInt(SIZE_TABLE)];
    }

    /**
     * The distance of a limit order for {@code x} uniform in [0, addTotal): the smallest i with
     * addCum[i] &gt; x. The guide table skips the distances that cannot be the answer
     * (floor(addCum[i]·scale) &lt; floor(x·scale) implies addCum[i] &le; x), so the result is
     * exactly the linear search's, in about one step.
     */
    int distance(double x) {
        int i = guide[Math.min(GUIDE - 1, (int) (x * guideScale))];
        while (i < depth && addCum[i] <= x) {
            i++;
        }
        return i;
    }

    /**
     * Quantiles of a geometric distribution on 1, 2, .. with the given mean, so a size is one table
     * lookup.
     */
    private static void fillGeometric(long[] table, double mean) {
        double q = 1.0 / mean;
        for (int k = 0; k < table.length; k++) {
            double p = (k + 0.5) / table.length;
            table[k] =
                    q >= 1
                            ? 1
                            : 1 + (long) Math.floor(StrictMath.log(1 - p) / StrictMath.log(1 - q));
        }
    }
}
