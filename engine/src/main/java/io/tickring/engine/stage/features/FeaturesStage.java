package io.tickring.engine.stage.features;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.ring.Stage;
import java.util.List;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Keeps the current book per instrument and writes its features into every event that concerns the
 * instrument; events of unknown instruments, or of an instrument without a valid two-sided book,
 * get the features cleared and {@code bookValid = false}.
 *
 * <p>Definitions (the Python dataset builder in {@code model/tickring_model/features.py} implements
 * the same, and {@code ReferenceFeatures} in the tests recomputes them from the whole history):
 *
 * <ul>
 *   <li>A BOOK event is <em>valid</em> when it has a level and its L1 is two-sided and uncrossed
 *       with positive sizes. An invalid BOOK makes the book invalid until the next valid one; it
 *       changes no window.
 *   <li>{@code mid}, {@code microprice} (L1 size-weighted), {@code spreadTicks}, {@code
 *       imbalanceL1}: from L1.
 *   <li>{@code imbalanceL5}, {@code depthWeightedPrice}, {@code ofi}: over levels 1..D, D = min(5,
 *       levels).
 *   <li>{@code ofi}: per level i, bid flow = (b ≥ b' ? q : 0) − (b ≤ b' ? q' : 0), ask flow = (a ≤
 *       a' ? q : 0) − (a ≥ a' ? q' : 0) against the previous valid book ('), e_i = bid flow − ask
 *       flow, summed over levels present in both books (D of each); 0 for the first valid book and
 *       on every non-BOOK event.
 *   <li>Windows are in event time counted in events of the instrument (tick time): {@code
 *       ofiWindow} sums the last {@link Windows#ofi()} valid BOOK updates' {@code ofi}; {@code
 *       realizedVol} is sqrt(Σ r²) over the last {@link Windows#vol()} log mid returns between
 *       consecutive valid books; {@code tradeSignImbalance} is the mean aggressor sign of the last
 *       {@link Windows#trades()} TRADEs.
 *   <li>{@code timeSinceBookChangeNs}: event time minus the time of the last valid BOOK whose
 *       levels differ from the previous valid book (the first valid book counts as a change).
 *   <li><b>QUOTE</b> (a venue's best bid/ask between depth updates): the <em>touch</em> — {@code
 *       bestBidPx}, {@code bestAskPx}, {@code mid}, {@code microprice}, {@code spreadTicks}, {@code
 *       imbalanceL1} — comes from the newest of the last valid QUOTE and the last valid BOOK's L1
 *       by exchange time (a tie goes to the BOOK). A QUOTE is valid when both prices and sizes are
 *       positive and bid &lt; ask; an invalid one is ignored. Everything else (depth imbalance,
 *       depth-weighted price, ofi and its window, realized volatility, which uses the BOOKs' own
 *       mids) comes from BOOKs only, and a QUOTE changes no window. A QUOTE event carries features
 *       only while the instrument's book is valid. Without QUOTEs every output is what it was
 *       before QUOTE existed.
 * </ul>
 *
 * <p>Allocation-free in steady state: every window is a fixed ring created at construction, and all
 * sums are kept incrementally (O(levels) per event).
 */
public final class FeaturesStage implements Stage {
    /** Levels the depth features use. */
    public static final int DEPTH = 5;

    /**
     * Window lengths in events of the instrument.
     *
     * @param vol log mid returns in {@code realizedVol}
     * @param ofi valid BOOK updates in {@code ofiWindow}
     * @param trades trades in {@code tradeSignImbalance}
     */
    public record Windows(int vol, int ofi, int trades) {
        /** The defaults: 100 returns, 100 book updates, 50 trades. */
        public static final Windows DEFAULT = new Windows(100, 100, 50);

        public Windows {
            if (vol < 1 || ofi < 1 || trades < 1) {
                throw new IllegalArgumentException(
                        "windows must be >= 1: " + vol + ", " + ofi + ", " + trades);
            }
        }
    }

    private final Int2ObjectHashMap<Book> books = new Int2ObjectHashMap<>();

    public FeaturesStage(List<Instrument> instruments) {
        this(instruments, Windows.DEFAULT);
    }

    public FeaturesStage(List<Instrument> instruments, Windows windows) {
        for (Instrument i : instruments) {
            books.put(i.id(), new Book(i, windows));
        }
    }

    @Override
    public String name() {
        return "features";
    }

    @Override
    public void onEvent(RingEvent e) {
        Book b = books.get(e.instrumentId);
        if (b == null) {
            clear(e);
            return;
        }
        long ofi = 0;
        if (e.type == EventType.BOOK) {
            ofi = b.onBook(e);
        } else if (e.type == EventType.TRADE) {
            b.onTrade(e.tradeAggressor);
        } else if (e.type == EventType.QUOTE) {
            b.onQuote(e);
        }
        if (!b.valid) {
            clear(e);
            return;
        }
        e.bookValid = true;
        e.bestBidPx = b.touchBidPx;
        e.bestAskPx = b.touchAskPx;
        e.mid = b.mid;
        e.microprice = b.microprice;
        e.spreadTicks = b.spreadTicks;
        e.imbalanceL1 = b.imbalanceL1;
        e.imbalanceL5 = b.imbalanceL5;
        e.ofi = ofi;
        e.ofiWindow = b.ofiSum;
        e.depthWeightedPrice = b.depthWeightedPrice;
        e.realizedVol = Math.sqrt(Math.max(0.0, b.sumSquaredReturns));
        e.tradeSignImbalance = b.tradeCount == 0 ? 0.0 : b.tradeSignSum / (double) b.tradeCount;
        e.timeSinceBookChangeNs = e.exchangeTimeNs - b.lastChangeNs;
    }

    /**
     * Writes the cleared features: what an event without a valid book of a known instrument
     * carries.
     */
    static void clear(RingEvent e) {
        e.bookValid = false;
        e.bestBidPx = 0;
        e.bestAskPx = 0;
        e.mid = 0;
        e.microprice = 0;
        e.spreadTicks = 0;
        e.imbalanceL1 = 0;
        e.imbalanceL5 = 0;
        e.ofi = 0;
        e.ofiWindow = 0;
        e.depthWeightedPrice = 0;
        e.realizedVol = 0;
        e.tradeSignImbalance = 0;
        e.timeSinceBookChangeNs = 0;
    }

    /** The book of one instrument, its windows and the features derived from them. */
    static final class Book {
        final double multiplier;
        final long tickSize;
        boolean valid;

        /** True once a valid book was seen: the reference for ofi, returns and change detection. */
        boolean hasPrevious;

        int levels;
        final long[] bidPx = new long[RingEvent.MAX_LEVELS];
        final long[] bidQty = new long[RingEvent.MAX_LEVELS];
        final long[] askPx = new long[RingEvent.MAX_LEVELS];
        final long[] askQty = new long[RingEvent.MAX_LEVELS];

        /** {@code bidPx[i] / multiplier}, kept in step with {@code bidPx}; likewise the asks. */
        final double[] bidPrice = new double[RingEvent.MAX_LEVELS];

        final double[] askPrice = new double[RingEvent.MAX_LEVELS];
        double mid;
        double microprice;

        /** Mid of the last valid BOOK: realized volatility's returns are between BOOKs. */
        double bookMid;

        /** The touch the L1 outputs describe: the last valid BOOK's or a newer QUOTE's. */
        long touchBidPx;

        long touchAskPx;
        long bookNs;
        boolean hasQuote;
        long quoteBidPx;
        long quoteBidQty;
        long quoteAskPx;
        long quoteAskQty;
        long quoteNs;
        double spreadTicks;
        double imbalanceL1;
        double imbalanceL5;
        double depthWeightedPrice;
        long lastChangeNs;

        final double[] squaredReturns;
        int returnsHead;
        int returnsCount;
        double sumSquaredReturns;

        final long[] ofis;
        int ofiHead;
        int ofiCount;
        long ofiSum;

        final byte[] tradeSigns;
        int tradeHead;
        int tradeCount;
        long tradeSignSum;

        Book(Instrument i, Windows w) {
            multiplier = i.priceMultiplier();
            tickSize = i.tickSize();
            squaredReturns = new double[w.vol()];
            ofis = new long[w.ofi()];
            tradeSigns = new byte[w.trades()];
        }

        /** Applies a BOOK event; returns its order-flow imbalance (0 if invalid or first). */
        long onBook(RingEvent e) {
            int n = e.levels;
            valid =
                    n > 0
                            && e.bidPx[0] > 0
                            && e.askPx[0] > e.bidPx[0]
                            && e.bidQty[0] > 0
                            && e.askQty[0] > 0;
            if (!valid) {
                return 0;
            }
            long ofi = 0;
            boolean changed = !hasPrevious || n != levels;
            if (hasPrevious) {
                int d = Math.min(Math.min(n, levels), DEPTH);
                for (int i = 0; i < d; i++) {
                    long bidFlow =
                            (e.bidPx[i] >= bidPx[i] ? e.bidQty[i] : 0)
                                    - (e.bidPx[i] <= bidPx[i] ? bidQty[i] : 0);
                    long askFlow =
                            (e.askPx[i] <= askPx[i] ? e.askQty[i] : 0)
                                    - (e.askPx[i] >= askPx[i] ? askQty[i] : 0);
                    ofi += bidFlow - askFlow;
                }
            }
            double previousMid = bookMid;
            levels = n;
            bookNs = e.exchangeTimeNs;
            // One pass: take the new levels, note whether any differs, and divide a price by the
            // multiplier only when it changed (the same division of the same operands, so the
            // same double as dividing every time).
            for (int i = 0; i < n; i++) {
                long bp = e.bidPx[i];
                long ap = e.askPx[i];
                long bq = e.bidQty[i];
                long aq = e.askQty[i];
                if (bp != bidPx[i]) {
                    bidPx[i] = bp;
                    bidPrice[i] = bp / multiplier;
                    changed = true;
                }
                if (ap != askPx[i]) {
                    askPx[i] = ap;
                    askPrice[i] = ap / multiplier;
                    changed = true;
                }
                if (bq != bidQty[i] || aq != askQty[i]) {
                    bidQty[i] = bq;
                    askQty[i] = aq;
                    changed = true;
                }
            }
            if (changed) {
                lastChangeNs = e.exchangeTimeNs;
            }

            // The L1 prices divided above (or on an earlier book, when unchanged) are the same
            // doubles touch() would compute again.
            touch(bidPx[0], bidQty[0], askPx[0], askQty[0], bidPrice[0], askPrice[0]);
            bookMid = mid;
            if (hasQuote && quoteNs > bookNs) {
                touch(quoteBidPx, quoteBidQty, quoteAskPx, quoteAskQty);
            }

            int d = Math.min(n, DEPTH);
            long bidDepth = 0;
            long askDepth = 0;
            double notional = 0;
            for (int i = 0; i < d; i++) {
                bidDepth += bidQty[i];
                askDepth += askQty[i];
                notional += bidPrice[i] * bidQty[i] + askPrice[i] * askQty[i];
            }
            imbalanceL5 = (bidDepth - askDepth) / (double) (bidDepth + askDepth);
            depthWeightedPrice = notional / (bidDepth + askDepth);

            if (hasPrevious) {
                // An unchanged mid is a return of exactly 0 (x / x is 1.0, log(1.0) is 0): the
                // same r² without the logarithm.
                double r2 = 0.0;
                if (bookMid != previousMid) {
                    double r = Math.log(bookMid / previousMid);
                    r2 = r * r;
                }
                if (returnsCount == squaredReturns.length) {
                    sumSquaredReturns -= squaredReturns[returnsHead];
                } else {
                    returnsCount++;
                }
                squaredReturns[returnsHead] = r2;
                sumSquaredReturns += r2;
                returnsHead = returnsHead + 1 == squaredReturns.length ? 0 : returnsHead + 1;
            }
            if (ofiCount == ofis.length) {
                ofiSum -= ofis[ofiHead];
            } else {
                ofiCount++;
            }
            ofis[ofiHead] = ofi;
            ofiSum += ofi;
            ofiHead = ofiHead + 1 == ofis.length ? 0 : ofiHead + 1;
            hasPrevious = true;
            return ofi;
        }

        /** Keeps a valid QUOTE; it is the touch while it is newer than the last valid BOOK. */
        void onQuote(RingEvent e) {
            if (e.quoteBidPx <= 0
                    || e.quoteAskPx <= e.quoteBidPx
                    || e.quoteBidQty <= 0
                    || e.quoteAskQty <= 0) {
                return;
            }
            hasQuote = true;
            quoteBidPx = e.quoteBidPx;
            quoteBidQty = e.quoteBidQty;
            quoteAskPx = e.quoteAskPx;
            quoteAskQty = e.quoteAskQty;
            quoteNs = e.exchangeTimeNs;
            if (!valid) {
                return;
            }
            // The last QUOTE is compared with the last BOOK: an older one gives the touch back.
            if (quoteNs > bookNs) {
                touch(quoteBidPx, quoteBidQty, quoteAskPx, quoteAskQty);
            } else {
                touch(bidPx[0], bidQty[0], askPx[0], askQty[0], bidPrice[0], askPrice[0]);
            }
        }

        /** The L1 outputs of a touch. */
        private void touch(long bidPx0, long bidQty0, long askPx0, long askQty0) {
            touch(bidPx0, bidQty0, askPx0, askQty0, bidPx0 / multiplier, askPx0 / multiplier);
        }

        /** The L1 outputs of a touch whose prices are already divided by the multiplier. */
        private void touch(
                long bidPx0, long bidQty0, long askPx0, long askQty0, double b, double a) {
            touchBidPx = bidPx0;
            touchAskPx = askPx0;
            long bq = bidQty0;
            long aq = askQty0;
            mid = (a + b) / 2;
            // The microprice leans toward the side with less size: heavy bids push the fair price
            // up.
            microprice = (b * aq + a * bq) / (double) (bq + aq);
            spreadTicks = (askPx0 - bidPx0) / (double) tickSize;
            imbalanceL1 = (bq - aq) / (double) (bq + aq);
        }

        void onTrade(byte aggressor) {
            byte sign =
                    aggressor == Side.BUY
                            ? (byte) 1
                            : aggressor == Side.SELL ? (byte) -1 : (byte) 0;
            if (tradeCount == tradeSigns.length) {
                tradeSignSum -= tradeSigns[tradeHead];
            } else {
                tradeCount++;
            }
            tradeSigns[tradeHead] = sign;
            tradeSignSum += sign;
            tradeHead = tradeHead + 1 == tradeSigns.length ? 0 : tradeHead + 1;
        }
    }
}
