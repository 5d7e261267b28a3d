package io.tickring.engine.stage.features;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.ring.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The features of {@link FeaturesStage}, recomputed from the instrument's whole history on every
 * event: slow and allocating, written to be obviously right. The tests hold the fast stage to it.
 */
final class ReferenceFeatures implements Stage {
    private record Snapshot(
            long timeNs, int levels, long[] bidPx, long[] bidQty, long[] askPx, long[] askQty) {}

    private final Map<Integer, Instrument> instruments = new HashMap<>();
    private final Map<Integer, List<Snapshot>> validBooks = new HashMap<>();
    private final Map<Integer, Boolean> lastBookValid = new HashMap<>();
    private final Map<Integer, List<Byte>> trades = new HashMap<>();

    /** Per instrument, every valid QUOTE: {time, bid px, bid qty, ask px, ask qty}. */
    private final Map<Integer, List<long[]>> quotes = new HashMap<>();

    private final FeaturesStage.Windows windows;

    ReferenceFeatures(List<Instrument> list, FeaturesStage.Windows windows) {
        this.windows = windows;
        for (Instrument i : list) {
            instruments.put(i.id(), i);
            validBooks.put(i.id(), new ArrayList<>());
            trades.put(i.id(), new ArrayList<>());
            quotes.put(i.id(), new ArrayList<>());
            lastBookValid.put(i.id(), false);
        }
    }

    @Override
    public String name() {
        return "features";
    }

    @Override
    public void onEvent(RingEvent e) {
        Instrument ins = instruments.get(e.instrumentId);
        if (ins == null) {
            FeaturesStage.clear(e);
            return;
        }
        List<Snapshot> books = validBooks.get(e.instrumentId);
        boolean thisBook = false;
        if (e.type == EventType.BOOK) {
            boolean valid =
                    e.levels > 0
                            && e.bidPx[0] > 0
                            && e.askPx[0] > e.bidPx[0]
                            && e.bidQty[0] > 0
                            && e.askQty[0] > 0;
            lastBookValid.put(e.instrumentId, valid);
            if (valid) {
                int n = e.levels;
                books.add(
                        new Snapshot(
                                e.exchangeTimeNs,
                                n,
                                copy(e.bidPx, n),
                                copy(e.bidQty, n),
                                copy(e.askPx, n),
                                copy(e.askQty, n)));
                thisBook = true;
            }
        } else if (e.type == EventType.TRADE) {
            trades.get(e.instrumentId).add(e.tradeAggressor);
        } else if (e.type == EventType.QUOTE
                && e.quoteBidPx > 0
                && e.quoteAskPx > e.quoteBidPx
                && e.quoteBidQty > 0
                && e.quoteAskQty > 0) {
            quotes.get(e.instrumentId)
                    .add(
                            new long[] {
                                e.exchangeTimeNs,
                                e.quoteBidPx,
                                e.quoteBidQty,
                                e.quoteAskPx,
                                e.quoteAskQty
                            });
        }
        if (!lastBookValid.get(e.instrumentId)) {
            FeaturesStage.clear(e);
            return;
        }
        double m = ins.priceMultiplier();
        Snapshot s = books.get(books.size() - 1);
        e.bookValid = true;
        // The touch: the last valid QUOTE if it is newer than the last valid BOOK, else the BOOK.
        List<long[]> qs = quotes.get(e.instrumentId);
        long[] q = qs.isEmpty() ? null : qs.get(qs.size() - 1);
        boolean fromQuote = q != null && q[0] > s.timeNs();
        long bp = fromQuote ? q[1] : s.bidPx[0];
        long bq = fromQuote ? q[2] : s.bidQty[0];
        long ap = fromQuote ? q[3] : s.askPx[0];
        long aq = fromQuote ? q[4] : s.askQty[0];
        e.bestBidPx = bp;
        e.bestAskPx = ap;
        double b = bp / m;
        double a = ap / m;
        e.mid = (a + b) / 2;
        e.microprice = (b * aq + a * bq) / (double) (bq + aq);
        e.spreadTicks = (ap - bp) / (double) ins.tickSize();
        e.imbalanceL1 = (bq - aq) / (double) (bq + aq);
        long bd = 0;
        long ad = 0;
        double notional = 0;
        for (int i = 0; i < Math.min(s.levels, FeaturesStage.DEPTH); i++) {
            bd += s.bidQty[i];
            ad += s.askQty[i];
            notional += s.bidPx[i] / m * s.bidQty[i] + s.askPx[i] / m * s.askQty[i];
        }
        e.imbalanceL5 = (bd - ad) / (double) (bd + ad);
        e.depthWeightedPrice = notional / (bd + ad);
        int k = books.size() - 1;
        e.ofi = thisBook ? ofi(books, k) : 0;
        long ofiWindow = 0;
        for (int j = Math.max(0, k - windows.ofi() + 1); j <= k; j++) {
            ofiWindow += ofi(books, j);
        }
        e.ofiWindow = ofiWindow;
        double sum = 0;
        for (int j = Math.max(1, k - windows.vol() + 1); j <= k; j++) {
            double r = Math.log(mid(books.get(j), m) / mid(books.get(j - 1), m));
            sum += r * r;
        }
        e.realizedVol = Math.sqrt(sum);
        List<Byte> t = trades.get(e.instrumentId);
        int from = Math.max(0, t.size() - windows.trades());
        long signs = 0;
        for (int j = from; j < t.size(); j++) {
            signs += t.get(j) == Side.BUY ? 1 : t.get(j) == Side.SELL ? -1 : 0;
        }
        e.tradeSignImbalance = t.size() == from ? 0 : signs / (double) (t.size() - from);
        int c = k;
        while (c > 0 && same(books.get(c), books.get(c - 1))) {
            c--;
        }
        e.timeSinceBookChangeNs = e.exchangeTimeNs - books.get(c).timeNs;
    }

    private static double mid(Snapshot s, double m) {
        return (s.askPx[0] / m + s.bidPx[0] / m) / 2;
    }

    private static long ofi(List<Snapshot> books, int k) {
        if (k == 0) {
            return 0;
        }
        Snapshot c = books.get(k);
        Snapshot p = books.get(k - 1);
        long sum = 0;
        for (int i = 0; i < Math.min(Math.min(c.levels, p.levels), FeaturesStage.DEPTH); i++) {
            long bid =
                    (c.bidPx[i] >= p.bidPx[i] ? c.bidQty[i] : 0)
                            - (c.bidPx[i] <= p.bidPx[i] ? p.bidQty[i] : 0);
            long ask =
                    (c.askPx[i] <= p.askPx[i] ? c.askQty[i] : 0)
                            - (c.askPx[i] >= p.askPx[i] ? p.askQty[i] : 0);
            sum += bid - ask;
        }
        return sum;
    }

    private static boolean same(Snapshot a, Snapshot b) {
        return a.levels == b.levels
                && java.util.Arrays.equals(a.bidPx, b.bidPx)
                && java.util.Arrays.equals(a.bidQty, b.bidQty)
                && java.util.Arrays.equals(a.askPx, b.askPx)
                && java.util.Arrays.equals(a.askQty, b.askQty);
    }

    private static long[] copy(long[] a, int n) {
        return java.util.Arrays.copyOf(a, n);
    }
}
