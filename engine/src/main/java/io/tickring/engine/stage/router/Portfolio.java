package io.tickring.engine.stage.router;

import io.tickring.core.ExecType;
import io.tickring.core.RingEvent;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.TradingDay;
import io.tickring.engine.stage.Position;
import java.util.List;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Positions, average prices, realised and unrealised PnL and fees, from fills and book marks seen
 * on the router's thread. Figures are in currency units as doubles: they are for display and
 * reports, never for decisions. A snapshot is published for the status line after every change.
 * Daily figures (fills, fees and PnL since the start of the trading day) reset at the trading-day
 * boundary in event time. Allocation-free except once per trading day.
 */
public final class Portfolio {
    private final Int2ObjectHashMap<Holding> holdings = new Int2ObjectHashMap<>();
    private final Holding[] all;
    private volatile double publishedPnl;
    private volatile long publishedGrossPosition;
    private volatile double publishedFees;
    private volatile double publishedDailyPnl;
    private final TradingDay tradingDay;
    private long day = Long.MIN_VALUE;
    private double dayStartPnl;
    private double dayStartFees;
    private long dailyFills;
    private double pnl;
    private double fees;

    /** A portfolio whose trading days start at midnight UTC. */
    public Portfolio(List<Instrument> instruments) {
        this(instruments, new TradingDay(java.time.ZoneOffset.UTC, 0));
    }

    public Portfolio(List<Instrument> instruments, TradingDay tradingDay) {
        this.tradingDay = tradingDay;
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
        onTime(e.exchangeTimeNs);
        h.position.fill(
                e.execSide * e.execLastQty,
                e.execLastPx / h.multiplier,
                e.execFee / h.multiplier,
                e.exchangeTimeNs);
        dailyFills++;
        publish();
    }

    /** Resets the daily figures when {@code timeNs} is in a new trading day. */
    void onTime(long timeNs) {
        long d = tradingDay.dayOf(timeNs);
        if (d != day) {
            publish();
            day = d;
            dayStartPnl = pnl;
            dayStartFees = fees;
            dailyFills = 0;
            publishedDailyPnl = 0;
        }
    }

    void mark(int instrumentId, double mid) {
        Holding h = holdings.get(instrumentId);
        if (h != null) {
            h.position.mark(mid);
        }
    }

    /** Recomputes the published snapshot; cheap enough to call on every fill and status period. */
    void publish() {
        double pnl = 0;
        long gross = 0;
        double fees = 0;
        for (Holding h : all) {
            Position p = h.position;
            pnl += p.realised() - p.fees() + p.unrealised();
            gross += Math.abs(p.qty());
            fees += p.fees();
        }
        this.pnl = pnl;
        this.fees = fees;
        publishedPnl = pnl;
        publishedGrossPosition = gross;
        publishedFees = fees;
        publishedDailyPnl = pnl - dayStartPnl;
    }

    /** Net PnL since the start of the current trading day; safe from any thread. */
    public double dailyPnl() {
        return publishedDailyPnl;
    }

    /** Fees since the start of the current trading day (router thread, or after the run). */
    public double dailyFees() {
        return fees - dayStartFees;
    }

    /** Fills since the start of the current trading day (router thread, or after the run). */
    public long dailyFills() {
        return dailyFills;
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
        return h == null ? 0 : h.position.qty();
    }

    private static final class Holding {
        final double multiplier;
        final Position position = new Position();

        Holding(long multiplier) {
            this.multiplier = multiplier;
        }
    }
}
