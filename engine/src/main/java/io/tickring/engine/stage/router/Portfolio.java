package io.tickring.engine.stage.router;

import io.tickring.core.ExecType;
import io.tickring.core.RingEvent;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.Money;
import io.tickring.core.instrument.TradingDay;
import io.tickring.engine.stage.Position;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Positions, cash, fees and PnL from fills and book marks seen on the router's thread, kept <b>per
 * settlement currency</b>: figures of instruments settled in different currencies are never added.
 *
 * <p>Cash and fees are exact: each fill moves a currency's cash by the fill's value from {@link
 * Money} (−side × notional for spot and linear, +side × notional in the base coin for inverse, so
 * that cash plus the open positions' value is the PnL) less its fee, summed as {@code long}s at the
 * largest money scale of the currency's instruments. PnL is that cash plus every open position
 * valued at its last mid ({@link Money#unitValue}), a double: for display and reports, never for
 * decisions. With no open position the PnL is the exact cash. A snapshot is published for the
 * status line after every change. Daily figures (fills, fees and PnL since the start of the trading
 * day) reset at the trading-day boundary in event time. Allocation-free except once per trading day
 * and in the report accessors.
 */
public final class Portfolio {
    private final Int2ObjectHashMap<Holding> holdings = new Int2ObjectHashMap<>();
    private final Holding[] all;

    /**
     * Settlement currencies in order of the instruments' ids; figures below are indexed like it.
     */
    private final String[] currencies;

    private final int[] scales;

    /**
     * Decimals money of each currency is rounded to (the largest of its instruments' settlement
     * decimals).
     */
    private final int[] decimals;

    private final long[] cash;
    private final long[] fees;
    private final double[] pnl;
    private final double[] dayStartPnl;
    private final long[] dayStartFees;
    private final boolean[] traded;
    private volatile double publishedPnl;
    private volatile long publishedGrossPosition;
    private volatile double publishedFees;
    private volatile double publishedDailyPnl;

    /**
     * Per-currency PnL (double bits) and fees (at the currency's scale), and per-holding positions,
     * as of the last {@link #publish()} (every fill and TIMER): what {@code /metrics} reads from
     * another thread.
     */
    private final AtomicLongArray publishedCurrencyPnl;

    private final AtomicLongArray publishedCurrencyFees;
    private final AtomicLongArray publishedPositions;
    private final AtomicLongArray publishedInstrumentPnl;
    private final TradingDay tradingDay;
    private long day = Long.MIN_VALUE;
    private long dailyFills;

    /** A portfolio whose trading days start at midnight UTC. */
    public Portfolio(List<Instrument> instruments) {
        this(instruments, new TradingDay(java.time.ZoneOffset.UTC, 0));
    }

    public Portfolio(List<Instrument> instruments, TradingDay tradingDay) {
        this.tradingDay = tradingDay;
        all = new Holding[instruments.size()];
        List<String> ccys = new ArrayList<>();
        List<Integer> maxScale = new ArrayList<>();
        for (Instrument i : instruments) {
            int c = ccys.indexOf(i.settlementCurrency());
            if (c < 0) {
                ccys.add(i.settlementCurrency());
                maxScale.add(i.moneyScale());
            } else {
                maxScale.set(c, Math.max(maxScale.get(c), i.moneyScale()));
            }
        }
        currencies = ccys.toArray(new String[0]);
        scales = new int[currencies.length];
        decimals = new int[currencies.length];
        for (int c = 0; c < scales.length; c++) {
            scales[c] = maxScale.get(c);
        }
        for (Instrument i : instruments) {
            int c = ccys.indexOf(i.settlementCurrency());
            decimals[c] = Math.max(decimals[c], i.units().settlementDecimals());
        }
        int n = 0;
        for (Instrument i : instruments) {
            int c = ccys.indexOf(i.settlementCurrency());
            Holding h = new Holding(i, c, Money.pow10(scales[c] - i.moneyScale()));
            holdings.put(i.id(), h);
            all[n++] = h;
        }
        cash = new long[currencies.length];
        fees = new long[currencies.length];
        pnl = new double[currencies.length];
        dayStartPnl = new double[currencies.length];
        dayStartFees = new long[currencies.length];
        traded = new boolean[currencies.length];
        publishedCurrencyPnl = new AtomicLongArray(currencies.length);
        publishedCurrencyFees = new AtomicLongArray(currencies.length);
        publishedPositions = new AtomicLongArray(all.length);
        publishedInstrumentPnl = new AtomicLongArray(all.length);
    }

    void onExecution(RingEvent e) {
        Holding h = holdings.get(e.instrumentId);
        if (h == null || (e.execType != ExecType.FILL && e.execType != ExecType.PARTIAL_FILL)) {
            return;
        }
        onTime(e.exchangeTimeNs);
        Instrument i = h.instrument;
        long signed = e.execSide * e.execLastQty;
        long notional = Money.notional(i, e.execLastPx, signed);
        long flow = i.units().type() == Instrument.ContractType.INVERSE ? notional : -notional;
        cash[h.currency] += (flow - e.execFee) * h.toCurrencyScale;
        fees[h.currency] += e.execFee * h.toCurrencyScale;
        traded[h.currency] = true;
        h.position.fill(
                signed,
                Money.unitValue(i, e.execLastPx),
                Money.toDouble(i, e.execFee),
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
            System.arraycopy(pnl, 0, dayStartPnl, 0, pnl.length);
            System.arraycopy(fees, 0, dayStartFees, 0, fees.length);
            dailyFills = 0;
            publishedDailyPnl = 0;
        }
    }

    void mark(int instrumentId, double mid) {
        Holding h = holdings.get(instrumentId);
        if (h != null) {
            h.position.mark(Money.unitValue(h.instrument, mid));
        }
    }

    /** Recomputes the published snapshot; cheap enough to call on every fill and status period. */
    void publish() {
        long gross = 0;
        for (int c = 0; c < pnl.length; c++) {
            pnl[c] = cash[c] / (double) Money.pow10(scales[c]);
        }
        for (int n = 0; n < all.length; n++) {
            Position p = all[n].position;
            pnl[all[n].currency] += p.qty() == 0 ? 0 : p.qty() * p.mark();
            gross += Math.abs(p.qty());
            publishedPositions.lazySet(n, p.qty());
            publishedInstrumentPnl.lazySet(
                    n, Double.doubleToRawLongBits(p.realised() + p.unrealised() - p.fees()));
        }
        for (int k = 0; k < pnl.length; k++) {
            publishedCurrencyPnl.lazySet(k, Double.doubleToRawLongBits(pnl[k]));
            publishedCurrencyFees.lazySet(k, fees[k]);
        }
        int c = primary();
        publishedPnl = c < 0 ? 0 : pnl[c];
        publishedGrossPosition = gross;
        publishedFees = c < 0 ? 0 : fees[c] / (double) Money.pow10(scales[c]);
        publishedDailyPnl = c < 0 ? 0 : pnl[c] - dayStartPnl[c];
    }

    /**
     * The currency the single-figure accessors report: the one traded currency, or -1 when none or
     * several were traded (then only the per-currency figures mean anything).
     */
    private int primary() {
        int found = -1;
        for (int c = 0; c < traded.length; c++) {
            if (traded[c]) {
                if (found >= 0) {
                    return -1;
                }
                found = c;
            }
        }
        return found;
    }

    /**
     * Net PnL today in the one traded currency (0 if several; see {@link #pnlByCurrency()}); any
     * thread.
     */
    public double dailyPnl() {
        return publishedDailyPnl;
    }

    /** Fees today in the one traded currency (router thread, or after the run). */
    public double dailyFees() {
        int c = primary();
        return c < 0 ? 0 : (fees[c] - dayStartFees[c]) / (double) Money.pow10(scales[c]);
    }

    /** Fills since the start of the current trading day (router thread, or after the run). */
    public long dailyFills() {
        return dailyFills;
    }

    /**
     * Net PnL after fees, marked to the last mid, in the one traded currency (0 if several); any
     * thread.
     */
    public double pnl() {
        return publishedPnl;
    }

    /** Sum of absolute positions across instruments, in quantity units; safe from any thread. */
    public long grossPosition() {
        return publishedGrossPosition;
    }

    /** Fees in the one traded currency (0 if several); safe from any thread. */
    public double fees() {
        return publishedFees;
    }

    /**
     * Net PnL per traded settlement currency, rounded half up to the currency's decimals (router
     * thread, or after the run; allocates).
     */
    public Map<String, BigDecimal> pnlByCurrency() {
        publish();
        Map<String, BigDecimal> m = new LinkedHashMap<>();
        for (int c = 0; c < currencies.length; c++) {
            if (traded[c]) {
                m.put(
                        currencies[c],
                        BigDecimal.valueOf(pnl[c]).setScale(decimals[c], RoundingMode.HALF_UP));
            }
        }
        return m;
    }

    /** Fees per traded settlement currency, exact (router thread, or after the run; allocates). */
    public Map<String, BigDecimal> feesByCurrency() {
        return exact(fees);
    }

    /**
     * Cash per traded settlement currency, exact: the fills' values (−side × notional, or +side ×
     * notional for inverse contracts) less their fees (router thread, or after the run; allocates).
     */
    public Map<String, BigDecimal> cashByCurrency() {
        return exact(cash);
    }

    private Map<String, BigDecimal> exact(long[] figures) {
        Map<String, BigDecimal> m = new LinkedHashMap<>();
        for (int c = 0; c < currencies.length; c++) {
            if (traded[c]) {
                // exact: every instrument's money is a whole number of its currency's smallest unit
                m.put(
                        currencies[c],
                        BigDecimal.valueOf(figures[c], scales[c])
                                .setScale(decimals[c], RoundingMode.UNNECESSARY));
            }
        }
        return m;
    }

    /** Settlement currencies, in the order of {@link #currencyPnl(int)}'s index. */
    public List<String> currencies() {
        return List.of(currencies);
    }

    /**
     * Net PnL after fees in currency {@code c} of {@link #currencies()}, marked to the last mid, as
     * last published (on every fill and TIMER); any thread.
     */
    public double currencyPnl(int c) {
        return Double.longBitsToDouble(publishedCurrencyPnl.get(c));
    }

    /** Fees paid in currency {@code c} of {@link #currencies()}, as last published; any thread. */
    public double currencyFees(int c) {
        return publishedCurrencyFees.get(c) / (double) Money.pow10(scales[c]);
    }

    /**
     * Signed position in the {@code n}-th instrument the portfolio was built with, in fixed-point
     * quantity units (qty × 10^qtyScale), as last published (every fill and TIMER); any thread.
     */
    public long publishedPosition(int n) {
        return publishedPositions.get(n);
    }

    /**
     * Net PnL of the {@code n}-th instrument the portfolio was built with, in its settlement
     * currency: realised, plus the open position at the last mark, less fees; as last published
     * (every fill and TIMER); any thread.
     */
    public double publishedInstrumentPnl(int n) {
        return Double.longBitsToDouble(publishedInstrumentPnl.get(n));
    }

    /** Position in one instrument (router thread, or after the run). */
    public long position(int instrumentId) {
        Holding h = holdings.get(instrumentId);
        return h == null ? 0 : h.position.qty();
    }

    private static final class Holding {
        final Instrument instrument;
        final int currency;

        /**
         * 10^(currency scale − instrument money scale): the instrument's money in the currency's
         * sums.
         */
        final long toCurrencyScale;

        final Position position = new Position();

        Holding(Instrument instrument, int currency, long toCurrencyScale) {
            this.instrument = instrument;
            this.currency = currency;
            this.toCurrencyScale = toCurrencyScale;
        }
    }
}
