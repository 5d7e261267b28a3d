package io.tickring.adapters.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One side of a {@link SimulatedBook}, bids or asks: its queues by price tick, its best quote, its
 * visible levels and its total cancel rate. The two sides run the same code; a side differs only by
 * its direction ({@code outward}: the way its deeper levels lie, down for bids, up for asks) and by
 * the lowest tick a limit order may rest at. The model is described on {@link MarketSimulator}.
 *
 * <p>Distances in the model are counted from the <em>opposite</em> best quote, so each side reads
 * the other's best, and tells the other to recompute its cancel rate when its own best moves.
 *
 * <p>Allocation-free after construction.
 */
final class BookSide {
    /**
     * No price is at or below zero. Only the bids' edges ever reach it; for the asks it bounds
     * nothing.
     */
    private static final long LOWEST_TICK = 1;

    private final String name;

    /** -1 for bids (deeper levels have lower ticks), +1 for asks. */
    private final int outward;

    /** Limit orders never rest below this tick. */
    private final long floor;

    private final int levels;

    /**
     * K: width of the active zone in ticks from the opposite best, and of the snapshot scan from
     * the own best.
     */
    private final int depth;

    private final FlowRates rates;
    private final SplittableRandom rng;

    /**
     * Queue sizes in lots by tick: a power-of-two circular grid shared in shape with the other
     * side.
     */
    private final long[] queue;

    private final int mask;
    private BookSide opposite;
    private long best;

    /**
     * Σ θ(i)·q over this side's queues within K ticks of the opposite best: the side's total cancel
     * rate, kept up to date on every change of a queue and recomputed when the opposite quote
     * moves, so that drawing an event costs O(1) instead of a scan of the zone.
     */
    private double cancelSum;

    /** The visible book: best first, exactly {@code levels} levels after every event. */
    private final long[] ticks;

    private final long[] lots;

    private BookSide(
            String name,
            int outward,
            long floor,
            int levels,
            int depth,
            int width,
            FlowRates rates,
            SplittableRandom rng) {
        this.name = name;
        this.outward = outward;
        this.floor = floor;
        this.levels = levels;
        this.depth = depth;
        this.rates = rates;
        this.rng = rng;
        this.queue = new long[width];
        this.mask = width - 1;
        this.ticks = new long[levels];
        this.lots = new long[levels];
    }

    /** The bid side: limit orders rest on any tick ≥ 1. */
    static BookSide bids(int levels, int depth, int width, FlowRates rates, SplittableRandom rng) {
        return new BookSide("bid", -1, LOWEST_TICK, levels, depth, width, rates, rng);
    }

    /**
     * The ask side: asks never rest below tick {@code levels + 1}, so that the bids always have
     * room for {@code levels} levels above tick 0.
     */
    static BookSide asks(int levels, int depth, int width, FlowRates rates, SplittableRandom rng) {
        return new BookSide("ask", 1, levels + 1, levels, depth, width, rates, rng);
    }

    /** Pairs two sides, each reading the other's best; done once, before anything else. */
    static void pair(BookSide bids, BookSide asks) {
        bids.opposite = asks;
        asks.opposite = bids;
    }

    long best() {
        return best;
    }

    void setBest(long tick) {
        best = tick;
    }

    /** The total cancel rate of this side before the regime's factor; never negative. */
    double cancelRate() {
        // Rounding of the running sum could leave a tiny negative rest when the zone is empty.
        return Math.max(0, cancelSum);
    }

    /**
     * Sets a queue without touching the cancel rate: for the initial book, before {@link
     * #recomputeCancelSum}.
     */
    void seedQueue(long tick, long lotsAtTick) {
        queue[idx(tick)] = lotsAtTick;
    }

    /** Copies the visible levels, best first, as fixed-point prices and quantities. */
    void copyLevels(long[] px, long[] qty, long tickSize, long lotSize) {
        for (int k = 0; k < levels; k++) {
            px[k] = ticks[k] * tickSize;
            qty[k] = lots[k] * lotSize;
        }
    }

    /**
     * A limit order at {@code distance} ticks from the opposite best, of a drawn size. Returns
     * whether it changed the visible levels.
     */
    boolean limit(int distance) {
        long t = opposite.best + outward * (long) distance;
        if (t < floor) {
            return false;
        }
        change(t, rates.limitLots(rng));
        if (deeper(best, t)) {
            best = t;
            opposite.recomputeCancelSum();
        }
        if (deeper(t, ticks[levels - 1])) {
            return false;
        }
        changed(t);
        return true;
    }

    /**
     * A cancellation of a drawn size from the queue where the running sum of θ(i)·q, walked outward
     * from the opposite best, first exceeds {@code x} (uniform in [0, cancel rate)). Returns
     * whether it changed the visible levels.
     */
    boolean cancel(double x) {
        long edge = zoneEdge();
        double acc = 0;
        long found = 0;
        long t = opposite.best + outward;
        for (int i = 1; !deeper(t, edge); t += outward, i++) {
            long q = queue[idx(t)];
            if (q > 0) {
                found = t;
                acc += rates.cancelPerLot(i) * q;
                if (acc > x) {
                    break;
                }
            }
        }
        if (found == 0) {
            return false;
        }
        int c = idx(found);
        change(found, -Math.min(queue[c], rates.limitLots(rng)));
        if (queue[c] == 0 && found == best) {
            newBest(found);
        }
        if (deeper(found, ticks[levels - 1])) {
            return false;
        }
        changed(found);
        return true;
    }

    /**
     * A market order against this side: takes up to {@code maxLots} from the best queue; returns
     * the lots taken.
     */
    long take(long maxLots) {
        long t = best;
        int c = idx(t);
        long taken = Math.min(queue[c], maxLots);
        change(t, -taken);
        if (queue[c] == 0) {
            newBest(t);
        }
        changed(t);
        return taken;
    }

    /**
     * The best queue at {@code emptied} is gone: the next queue within the active zone becomes
     * best. If there is none, a liquidity provider quotes one tick further out (within the zone,
     * and for the bids above tick 0), so the spread never exceeds K ticks and the side never stays
     * empty.
     */
    private void newBest(long emptied) {
        long edge = zoneEdge();
        for (long t = emptied + outward; !deeper(t, edge); t += outward) {
            if (queue[idx(t)] > 0) {
                best = t;
                opposite.recomputeCancelSum();
                return;
            }
        }
        long next = emptied + outward;
        long t = deeper(next, edge) ? edge : next;
        change(t, rates.limitLots(rng));
        best = t;
        opposite.recomputeCancelSum();
    }

    /**
     * Brings the visible levels up to date after the queue at the visible tick {@code t} changed.
     * The common cases are done in place with the same result a rescan would give: a level's size
     * changed, or a new level appeared and pushed the deepest one out (unless the best moved so far
     * that a level left the scan span). A level that emptied needs the rescan, and perhaps a
     * refill.
     */
    private void changed(long t) {
        long q = queue[idx(t)];
        for (int k = 0; k < levels; k++) {
            long tk = ticks[k];
            if (tk == t) {
                if (q > 0) {
                    lots[k] = q;
                    return;
                }
                break;
            }
            if (deeper(tk, t)) {
                long newDeepest = k == levels - 1 ? t : ticks[levels - 2];
                if (q > 0 && !deeper(newDeepest, scanEdge())) {
                    System.arraycopy(ticks, k, ticks, k + 1, levels - 1 - k);
                    System.arraycopy(lots, k, lots, k + 1, levels - 1 - k);
                    ticks[k] = t;
                    lots[k] = q;
                    return;
                }
                break;
            }
        }
        rebuild();
    }

    /**
     * Collects the top {@code levels} levels within K ticks of the best. If there are fewer, the
     * missing ones are refilled with orders of the limit-order size distribution: first behind the
     * deepest level, then in the gaps nearest the best, and last inside the best, towards the
     * opposite quote. Only the bids ever reach the last pass (when the price is within a few ticks
     * of zero; the asks' floor leaves room for it): the asks have no ceiling, so the first two
     * passes always fill them.
     */
    void rebuild() {
        int n = scan();
        if (n == levels) {
            return;
        }
        long edge = scanEdge();
        for (long t = ticks[n - 1] + outward; !deeper(t, edge) && n < levels; t += outward) {
            change(t, rates.limitLots(rng));
            n++;
        }
        for (long t = best + outward; !deeper(t, edge) && n < levels; t += outward) {
            if (queue[idx(t)] == 0) {
                change(t, rates.limitLots(rng));
                n++;
            }
        }
        long oldBest = best;
        for (long t = best - outward; deeper(t, opposite.best) && n < levels; t -= outward) {
            change(t, rates.limitLots(rng));
            best = t;
            n++;
        }
        if (best != oldBest) {
            opposite.recomputeCancelSum();
        }
        n = scan();
        if (n != levels) {
            throw new IllegalStateException(name + " refill failed: " + n + " levels");
        }
    }

    private int scan() {
        int n = 0;
        long edge = scanEdge();
        for (long t = best; !deeper(t, edge) && n < levels; t += outward) {
            long q = queue[idx(t)];
            if (q > 0) {
                ticks[n] = t;
                lots[n] = q;
                n++;
            }
        }
        return n;
    }

    /** Empties the queues of the ticks {@code from} (inclusive) to {@code to} (exclusive). */
    void forget(long from, long to) {
        for (long t = from; t < to; t++) {
            queue[idx(t)] = 0;
        }
    }

    /** Empties every queue. */
    void forgetAll() {
        Arrays.fill(queue, 0);
    }

    void recomputeCancelSum() {
        double sum = 0;
        long edge = zoneEdge();
        long t = opposite.best + outward;
        for (int i = 1; !deeper(t, edge); t += outward, i++) {
            sum += rates.cancelPerLot(i) * queue[idx(t)];
        }
        cancelSum = sum;
    }

    private void change(long tick, long deltaLots) {
        queue[idx(tick)] += deltaLots;
        long i = (tick - opposite.best) * outward;
        if (i >= 1 && i <= depth) {
            cancelSum += rates.cancelPerLot((int) i) * deltaLots;
        }
    }

    /** The deepest tick of the active zone: K ticks from the opposite best. */
    private long zoneEdge() {
        return Math.max(LOWEST_TICK, opposite.best + outward * (long) depth);
    }

    /** The deepest tick of the visible scan: K - 1 ticks behind the own best. */
    private long scanEdge() {
        return Math.max(LOWEST_TICK, best + outward * (long) (depth - 1));
    }

    /** Whether tick {@code a} lies further from the spread than tick {@code b}. */
    private boolean deeper(long a, long b) {
        return (a - b) * outward > 0;
    }

    private int idx(long tick) {
        return (int) (tick & mask);
    }
}
