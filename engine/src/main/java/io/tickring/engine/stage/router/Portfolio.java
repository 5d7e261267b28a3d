package io.tickring.engine.stage.router;

import io.tickring.adapters.Instrument;
import io.tickring.journal.ExecType;
import io.tickring.journal.RingEvent;
import java.util.List;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Positions, average prices, realised and unrealised PnL and fees, from fills and book marks seen
 * on the router's thread. Figures are in currency units as doubles: they are for display and
 * reports, never for decisions. A snapshot is published for the status line after every change.
 * Allocation-free.
 */
public final class Portfolio {
    private final Int2ObjectHashMap<Holding> holdings = new Int2ObjectHashMap<>();
    private final Holding[] all;
    private volatile double publishedPnl;
    private volatile long publishedGrossPosition;
    private volatile double publishedFees;

    public Portfolio(List<Instrument> instruments) {
        all = new Holding[instruments.size()];
        int n = 0;
        for (Instrument i : instruments) {
            Holding h = new Holding(i.priceMultiplier());
            holdings.put(i.id(), h);
            all[n++] = h;
        }
    }

    void onExecution(RingEvent e) {
        Holding h = holdings.get(e.instrumentId);
        if (h == null || (e.execType != ExecType.FILL && e.execType != ExecType.PARTIAL_FILL)) {
            return;
        }
        h.fill(e.execSide * e.execLastQty, e.execLastPx / h.multiplier, e.execFee / h.multiplier);
        publish();
    }

    void mark(int instrumentId, double mid) {
        Holding h = holdings.get(instrumentId);
        if (h != null) {
            h.mark = mid;
        }
    }

    /** Recomputes the published snapshot; cheap enough to call on every fill and status period. */
    void publish() {
        double pnl = 0;
        long gross = 0;
        double fees = 0;
        for (Holding h : all) {
            pnl += h.realised - h.fees + (h.position == 0 ? 0 : h.position * (h.mark - h.avgPx));
            gross += Math.abs(h.position);
            fees += h.fees;
        }
        publishedPnl = pnl;
        publishedGrossPosition = gross;
        publishedFees = fees;
    }

    /** Net PnL after fees, marked to the last mid; safe from any thread. */
    public double pnl() {
        return publishedPnl;
    }

    /** Sum of absolute positions across instruments; safe from any thread. */
    public long grossPosition() {
        return publishedGrossPosition;
    }

    public double fees() {
        return publishedFees;
    }

    /** Position in one instrument (router thread, or after the run). */
    public long position(int instrumentId) {
        Holding h = holdings.get(instrumentId);
        return h == null ? 0 : h.position;
    }

    private static final class Holding {
        final double multiplier;
        long position;
        double avgPx;
        double realised;
        double fees;
        double mark;

        Holding(long multiplier) {
            this.multiplier = multiplier;
        }

        void fill(long signedQty, double px, double fee) {
            fees += fee;
            if (position == 0 || Long.signum(position) == Long.signum(signedQty)) {
                avgPx = (avgPx * Math.abs(position) + px * Math.abs(signedQty)) / (Math.abs(position) + Math.abs(signedQty));
                position += signedQty;
                return;
            }
            long closing = Math.min(Math.abs(signedQty), Math.abs(position));
            realised += closing * (px - avgPx) * Long.signum(position);
            long after = position + signedQty;
            if (after != 0 && Long.signum(after) != Long.signum(position)) {
                avgPx = px; // flipped: the remainder opens a new position at this price
            }
            position = after;
            if (position == 0) {
                avgPx = 0;
            }
        }
    }
}
