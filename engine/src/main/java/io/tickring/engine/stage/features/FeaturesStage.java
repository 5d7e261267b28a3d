package io.tickring.engine.stage.features;

import io.tickring.adapters.Instrument;
import io.tickring.engine.ring.Stage;
import io.tickring.journal.EventType;
import io.tickring.journal.RingEvent;
import java.util.List;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Keeps the current book per instrument and writes its features into every event that concerns
 * the instrument: best bid and ask, mid, L1 microprice, spread in ticks and L1 imbalance.
 * Allocation-free in steady state: per-instrument state is created at construction.
 */
public final class FeaturesStage implements Stage {
    private final Int2ObjectHashMap<Book> books = new Int2ObjectHashMap<>();

    public FeaturesStage(List<Instrument> instruments) {
        for (Instrument i : instruments) {
            books.put(i.id(), new Book(i));
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
        if (e.type == EventType.BOOK && e.levels > 0) {
            b.update(e.bidPx[0], e.bidQty[0], e.askPx[0], e.askQty[0]);
        }
        if (!b.valid) {
            clear(e);
            return;
        }
        e.bookValid = true;
        e.bestBidPx = b.bidPx;
        e.bestAskPx = b.askPx;
        e.mid = b.mid;
        e.microprice = b.microprice;
        e.spreadTicks = b.spreadTicks;
        e.imbalanceL1 = b.imbalance;
    }

    private static void clear(RingEvent e) {
        e.bookValid = false;
        e.bestBidPx = 0;
        e.bestAskPx = 0;
        e.mid = 0;
        e.microprice = 0;
        e.spreadTicks = 0;
        e.imbalanceL1 = 0;
    }

    /** Top of book of one instrument and the features derived from it. */
    static final class Book {
        final double multiplier;
        final long tickSize;
        boolean valid;
        long bidPx;
        long askPx;
        double mid;
        double microprice;
        double spreadTicks;
        double imbalance;

        Book(Instrument i) {
            multiplier = i.priceMultiplier();
            tickSize = i.tickSize();
        }

        void update(long bid, long bidQty, long ask, long askQty) {
            valid = bid > 0 && ask > bid && bidQty > 0 && askQty > 0;
            if (!valid) {
                return;
            }
            bidPx = bid;
            askPx = ask;
            double b = bid / multiplier;
            double a = ask / multiplier;
            mid = (a + b) / 2;
            // The microprice leans toward the side with less size: heavy bids push the fair price up.
            microprice = (b * askQty + a * bidQty) / (double) (bidQty + askQty);
            spreadTicks = (ask - bid) / (double) tickSize;
            imbalance = (bidQty - askQty) / (double) (bidQty + askQty);
        }
    }
}
