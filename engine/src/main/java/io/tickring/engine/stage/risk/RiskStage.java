package io.tickring.engine.stage.risk;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.Overload;
import io.tickring.core.ParameterException;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskReason;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.Money;
import io.tickring.core.instrument.TradingDay;
import io.tickring.engine.ring.Stage;
import io.tickring.engine.stage.Position;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.agrona.collections.Int2IntHashMap;

/**
 * The risk gate: every intent gets a verdict (ACCEPT, CLAMP with a smaller quantity, or REJECT with
 * a reason from {@link RiskReason}) and accepted intents get an order id.
 *
 * <p>This class is the ordered list of checks; the state they read has its own classes: {@link
 * TradingState} (ACTIVE, REDUCING, HALTED: operator commands, a latched KILL and loss trips),
 * {@link LossGuard} (cash, equity, daily loss and drawdown), {@link OpenOrders} (accepted orders
 * and what they reserve), {@link RateWindow} (orders per second and per day) and {@link
 * InstrumentView} (each instrument's position, last book and times); its parameters are a {@link
 * RiskContext}. In REDUCING only orders that move a position toward zero, never past it, even if
 * every open order fills, pass; in HALTED none do (the router still sends cancels).
 *
 * <p>Positions are worst cases: the position from fills plus every open order on the same side, so
 * no set of fills of accepted orders can breach a quantity, notional, exposure or cash limit.
 * Notionals use the order's limit price and, for other instruments, their last mid. A market order
 * is checked at the worst price it can fill at (the visible book it would walk, capped by the
 * protection collar {@code market_collar_bps}), which becomes its limit: the router sends it as a
 * LIMIT IOC at that price ({@code RingEvent.approvedPx}). A loss trip to HALTED or REDUCING sets
 * {@code RingEvent.riskCancelAll}, and the router cancels every open order as on an operator HALT.
 * Staleness of market data is judged against the newest event time the gate has seen, timers
 * included. The receive age of the data an order is decided on ({@code max_receive_age}, {@link
 * RiskReason#RECEIVE_AGE}) is that engine time, or the data's receive time if later, minus its
 * exchange time. While a journaled overload episode is open ({@link ControlCode#OVERLOAD}) entries
 * are rejected with {@link RiskReason#OVERLOAD}. Orders that reduce a position skip the entry
 * filters (confidence, stale score, overload, cooldown): an exit must not be blocked by a slow
 * model or a flood of data.
 *
 * <p>Lock-free: the gate's state has one writer, this stage; other threads read only the published
 * state and the reject counters. Allocation-free in steady state (once per trading day when the
 * day's bounds are recomputed).
 */
public final class RiskStage implements Stage {
    public static final int ACTIVE = TradingState.ACTIVE;
    public static final int REDUCING = TradingState.REDUCING;
    public static final int HALTED = TradingState.HALTED;

    /** Open orders the gate tracks at once; an intent beyond is rejected with OPEN_ORDER_SLOTS. */
    static final int MAX_OPEN = 4096;

    /** Largest enforced {@code maxOrdersPerSecond}; a larger value means no rate limit. */
    public static final int MAX_RATE = RateWindow.MAX_RATE;

    private static final long NONE = InstrumentView.NONE;

    private final RiskContext limits;
    private final Int2IntHashMap index = new Int2IntHashMap(-1);
    private final InstrumentView[] views;
    private final TradingDay tradingDay;
    private final OpenOrders open;

    /**
     * One loss guard per limit group: one per settlement currency, or one in all with a limit
     * currency.
     */
    private final LossGuard[] guards;

    private final TradingState trading;
    private final RateWindow rate;
    private final long[] rejects = new long[RiskReason.COUNT];
    private final AtomicLongArray publishedRejects = new AtomicLongArray(RiskReason.COUNT);
    private long nextOrderId = 1;
    private long day = NONE;
    private long newestNs = NONE;

    /**
     * Overload sites with an open episode, one bit per {@link Overload} site: entries are rejected
     * while any is open.
     */
    private int overloadSites;

    private long overloadEpisodes;

    /**
     * @param context the gate's parameters; concluded here if the caller has not
     * @param instruments every instrument the gate may see
     */
    public RiskStage(RiskContext context, List<Instrument> instruments) {
        this(context, instruments, MAX_OPEN);
    }

    /** A gate with {@code maxOpen} open-order slots (tests run out of them in a few orders). */
    RiskStage(RiskContext context, List<Instrument> instruments, int maxOpen) {
        this.limits = context.conclude();
        views = new InstrumentView[instruments.size()];
        List<String> groups = new java.util.ArrayList<>();
        boolean converted = !limits.limitCurrency().isEmpty();
        for (int n = 0; n < instruments.size(); n++) {
            Instrument i = instruments.get(n);
            boolean allowed =
                    limits.instruments().isEmpty() || limits.instruments().contains(i.symbol());
            String ccy = i.settlementCurrency();
            double rate = 1;
            if (converted && !ccy.equals(limits.limitCurrency())) {
                Double r = limits.currencyRates().get(ccy);
                if (r == null) {
                    if (allowed) {
                        throw new ParameterException(
                                RiskContext.SECTION,
                                "currency_rates",
                                "no rate for "
                                        + ccy
                                        + " (instrument "
                                        + i.symbol()
                                        + ") into limit_currency "
                                        + limits.limitCurrency());
                    }
                    r = 0.0; // never traded: the gate rejects it before any limit
                }
                rate = r;
            }
            String group = converted ? limits.limitCurrency() : ccy;
            if (!groups.contains(group)) {
                groups.add(group);
            }
            views[n] =
                    new InstrumentView(
                            i,
                            allowed,
                            limits.tPlusOneVenues().contains(i.venue()),
                            rate,
                            groups.indexOf(group));
            index.put(i.id(), n);
        }
        tradingDay = limits.tradingDay();
        open = new OpenOrders(maxOpen, views.length, groups.size());
        guards = new LossGuard[groups.size()];
        for (int g = 0; g < guards.length; g++) {
            List<Position> positions = new java.util.ArrayList<>();
            for (InstrumentView b : views) {
                if (b.group == g) {
                    positions.add(b.position);
                }
            }
            guards[g] =
                    new LossGuard(
                            positions.toArray(new Position[0]),
                            limits.initialCash(),
                            limits.dailyLossLimit(),
                            limits.maxDrawdown());
        }
        trading = new TradingState(limits.lossHalts());
        rate = new RateWindow(limits.maxOrdersPerSecond(), limits.maxOrdersPerDay());
    }

    @Override
    public String name() {
        return "risk";
    }

    @Override
    public void onEvent(RingEvent e) {
        e.riskVerdict = RiskVerdict.NONE;
        e.riskReason = RiskReason.NONE;
        e.approvedQty = 0;
        e.orderId = 0;
        e.approvedPx = 0;
        e.riskCancelAll = false;
        onDay(e.exchangeTimeNs);
        // Staleness is judged against the newest event time of any kind (TIMER included), so a
        // feed that falls silent ages its book while timers and other feeds move time on.
        if (e.exchangeTimeNs > newestNs) {
            newestNs = e.exchangeTimeNs;
        }
        if (trading.stopping()
                && e.type != EventType.EXEC_REPORT
                && !(e.type == EventType.CONTROL
                        && (e.controlCode == ControlCode.STOP
                                || e.controlCode == ControlCode.LATCHED))
                // The live gateway's reconciliation comes from the venue's side, as its reports do.
                && !(e.type == EventType.CONTROL && e.controlCode == ControlCode.GATEWAY)) {
            trading.onInputAfterStop(); // a resumed run: see TradingState
        }
        int stateBefore = trading.state();
        int n = index.get(e.instrumentId);
        InstrumentView b = n < 0 ? null : views[n];
        switch (e.type) {
            case EventType.CONTROL:
                if (e.controlCode == ControlCode.RESUME) {
                    for (LossGuard g : guards) {
                        g.onResume();
                    }
                }
                if (e.controlCode == ControlCode.OVERLOAD) {
                    onOverload(e.controlParamId);
                }
                if (e.controlCode == ControlCode.GATEWAY) {
                    trading.onGateway(e.controlParamValue != 0);
                }
                trading.onControl(e.controlCode);
                break;
            case EventType.EXEC_REPORT:
                if (b != null) {
                    onExecution(e, b);
                }
                break;
            case EventType.BOOK:
                if (b != null) {
                    b.lastBookNs = e.exchangeTimeNs;
                    b.lastBookReceiveNs = e.receiveTimeNs;
                    b.copyLevels(e);
                    if (e.bookValid) {
                        b.position.mark(b.value(e.mid));
                        trading.onLoss(guards[b.group].revalue());
                    }
                }
                break;
            default:
                break;
        }
        if (b != null && e.scored) {
            b.lastScoreNs = e.exchangeTimeNs;
        }
        // A loss trip that moves the gate to REDUCING or HALTED on this event cancels every open
        // order, as an operator HALT does: a resting entry must not fill after the trip.
        int stateAfter = trading.state();
        if (stateAfter > stateBefore
                && (trading.reason() == RiskReason.DAILY_LOSS
                        || trading.reason() == RiskReason.DRAWDOWN)) {
            e.riskCancelAll = true;
        }
        if (e.intentSide != Side.NONE) {
            check(e, b, n);
        }
    }

    /**
     * A journaled overload episode opens or closes at its site: the gate takes no entries while one
     * is open (the books and the model's window miss what was dropped), and exits still pass.
     */
    private void onOverload(int paramId) {
        int bit = 1 << Overload.site(paramId);
        if (Overload.isStart(paramId)) {
            overloadSites |= bit;
            overloadEpisodes++;
        } else if (Overload.isEnd(paramId)) {
            overloadSites &= ~bit;
        }
    }

    /**
     * True while an overload episode is open (entries are rejected with OVERLOAD); gate thread or
     * after the run.
     */
    public boolean overloaded() {
        return overloadSites != 0;
    }

    /** Overload episodes the gate has seen start; gate thread or after the run. */
    public long overloadEpisodes() {
        return overloadEpisodes;
    }

    private void onDay(long timeNs) {
        long d = tradingDay.dayOf(timeNs);
        if (d == day) {
            return;
        }
        day = d;
        rate.onNewDay();
        for (LossGuard g : guards) {
            g.onNewDay();
        }
        for (InstrumentView b : views) {
            b.boughtToday = 0;
        }
        trading.onNewDay();
    }

    private void onExecution(RingEvent e, InstrumentView b) {
        int k = open.slotOf(e.execOrderId);
        if ((e.execType == ExecType.FILL || e.execType == ExecType.PARTIAL_FILL)
                && e.execLastQty > 0) {
            long signed = e.execSide * e.execLastQty;
            double v = b.value(e.execLastPx);
            double fee = Money.toDouble(b.instrument, e.execFee) * b.rate;
            b.position.fill(signed, v, fee, e.exchangeTimeNs);
            guards[b.group].onFill(signed, v, fee);
            if (e.execSide == Side.BUY) {
                b.boughtToday += e.execLastQty;
            }
            b.lastFillNs = e.exchangeTimeNs;
            if (k != OpenOrders.NONE) {
                open.release(k, Math.min(e.execLastQty, open.leaves(k)));
            }
            trading.onLoss(guards[b.group].revalue());
        }
        if (k != OpenOrders.NONE
                && (e.execType == ExecType.FILL
                        || e.execType == ExecType.CANCELED
                        || e.execType == ExecType.REJECTED)) {
            open.release(k, open.leaves(k));
            open.remove(k);
        }
    }

    /**
     * The receive age of the data the order on {@code e} is decided on: {@code e} itself if it is
     * market data (BOOK, TRADE, QUOTE), else the instrument's last BOOK. Engine time at the
     * decision is the newest event time the gate has seen ({@code e}'s included; in a live run
     * TIMERs and OVERLOAD events carry the Sequencer's wall clock), or the data's receive time if
     * that is later; the age is that minus the data's exchange time. Only event fields, so a replay
     * computes the same age.
     */
    static long receiveAge(long newestNs, long exchangeNs, long receiveNs) {
        return Math.max(newestNs, receiveNs) - exchangeNs;
    }

    private long receiveAge(RingEvent e, InstrumentView b) {
        if (e.type == EventType.BOOK || e.type == EventType.TRADE || e.type == EventType.QUOTE) {
            return receiveAge(newestNs, e.exchangeTimeNs, e.receiveTimeNs);
        }
        return b.lastBookNs == NONE
                ? Long.MAX_VALUE
                : receiveAge(newestNs, b.lastBookNs, b.lastBookReceiveNs);
    }

    private void check(RingEvent e, InstrumentView b, int n) {
        if (b == null) {
            reject(e, RiskReason.UNKNOWN_INSTRUMENT);
            return;
        }
        int state = trading.state();
        int stateReason = trading.reason();
        if (state == HALTED) {
            reject(e, stateReason);
            return;
        }
        long qty = e.intentQty;
        byte side = e.intentSide;
        long now = e.exchangeTimeNs;
        // The newest time the engine has seen: an intent on an old event is judged at it too.
        long seen = Math.max(now, newestNs);
        if (qty <= 0) {
            reject(e, RiskReason.BAD_QUANTITY);
            return;
        }
        if (!b.allowed) {
            reject(e, RiskReason.INSTRUMENT_NOT_ALLOWED);
            return;
        }
        if (limits.enforceSessions() && !b.instrument.tradesAroundTheClock() && !b.inSession(now)) {
            reject(e, RiskReason.SESSION_CLOSED);
            return;
        }
        if (!e.bookValid) {
            reject(e, RiskReason.NO_MARKET);
            return;
        }
        if (limits.maxDataAgeNs() > 0
                && (b.lastBookNs == NONE
                        || seen - b.lastBookNs > limits.maxDataAgeNs()
                        || e.receiveTimeNs - e.exchangeTimeNs > limits.maxDataAgeNs())) {
            reject(e, RiskReason.STALE_MARKET_DATA);
            return;
        }
        if (limits.maxReceiveAgeNs() > 0 && receiveAge(e, b) > limits.maxReceiveAgeNs()) {
            reject(e, RiskReason.RECEIVE_AGE);
            return;
        }
        // Worst cases: every open order on the order's side fills.
        long position = b.position.qty();
        long worstLong = position + open.openBuy(n);
        long worstShort = position - open.openSell(n);
        long reducible =
                side == Side.BUY ? -worstLong : worstShort; // > 0: room to reduce toward zero
        boolean reducing = reducible > 0;
        if (state == REDUCING) {
            if (!reducing) {
                reject(e, stateReason);
                return;
            }
            if (qty > reducible) {
                if (!limits.clamp()) {
                    reject(e, stateReason);
                    return;
                }
                qty = reducible;
                e.riskReason = stateReason;
            }
        }
        if (reducing && qty > reducible) {
            reducing = false; // it would flip the position: an entry for the part past zero
        }
        if (!reducing) {
            // The score's time against the event being decided: an intent whose score came from an
            // older event (the strategy reuses an instrument's last score) is stale past the age.
            if (limits.maxScoreAgeNs() > 0
                    && (b.lastScoreNs == NONE || now - b.lastScoreNs > limits.maxScoreAgeNs())) {
                reject(e, RiskReason.STALE_SCORE);
                return;
            }
            if (overloadSites != 0) {
                reject(e, RiskReason.OVERLOAD);
                return;
            }
            if (e.intentConfidence < limits.minConfidence()) {
                reject(e, RiskReason.MIN_CONFIDENCE);
                return;
            }
            if (limits.cooldownAfterFillNs() > 0
                    && b.lastFillNs != NONE
                    && now - b.lastFillNs < limits.cooldownAfterFillNs()) {
                reject(e, RiskReason.COOLDOWN);
                return;
            }
        }
        boolean market = e.intentOrderType == OrderType.MARKET;
        long limitPx = market ? 0 : e.intentPx;
        if (!market && (limitPx <= 0 || limitPx % b.instrument.tickSize() != 0)) {
            reject(e, RiskReason.TICK_SIZE);
            return;
        }
        long touch = side == Side.BUY ? e.bestAskPx : e.bestBidPx;
        // A market order is checked, and sent, at the worst price it can fill at: every limit below
        // then holds for what actually fills, however deep it walks.
        long px = market ? b.worstPrice(side, qty, touch, limits.marketCollarBps()) : limitPx;
        if (px <= 0) {
            reject(e, RiskReason.NO_MARKET);
            return;
        }
        if (limits.priceBandBps() > 0
                && Math.abs(px / b.pxScale - e.mid) * 10_000.0 > limits.priceBandBps() * e.mid) {
            reject(e, RiskReason.PRICE_BAND);
            return;
        }
        if (open.crossesOwn(n, side, limitPx)) {
            reject(e, RiskReason.SELF_CROSS);
            return;
        }
        long lot = b.instrument.lotSize();
        // Odd lots (A-shares): buys go in round lots, but an odd remainder of a long position may
        // only be sold, and whole: a sell that includes the whole odd part of what is not already
        // being sold passes the lot check.
        long unsold = position - open.openSell(n);
        boolean oddRemainderSold =
                side == Side.SELL
                        && unsold > 0
                        && qty <= unsold
                        && Math.floorMod(unsold, lot) == qty % lot;
        if (qty % lot != 0 && !oddRemainderSold) {
            if (!limits.clamp() || qty < lot) {
                reject(e, RiskReason.LOT_SIZE);
                return;
            }
            qty -= qty % lot;
            e.riskReason = RiskReason.LOT_SIZE;
        }
        // Notional of one quantity unit in the limit currency: price × multiplier (spot, linear) or
        // contract value / price (inverse), converted at the rate; the caps below divide by it.
        // Taken at whichever end of the prices the order can fill at on the visible book gives the
        // larger value, so the caps hold for what fills.
        double unitPx = b.unitValue(side, px, touch);
        // Each cap is the largest quantity the limit allows; the order is clamped to the smallest.
        long cap = limits.maxOrderQty();
        if (qty > cap && (qty = fit(e, cap, lot, RiskReason.MAX_ORDER_QTY)) <= 0) {
            return;
        }
        if (limits.maxOrderNotional() > 0) {
            cap = (long) Math.floor(limits.maxOrderNotional() / unitPx);
            if (qty > cap && (qty = fit(e, cap, lot, RiskReason.MAX_ORDER_NOTIONAL)) <= 0) {
                return;
            }
        }
        long worstAbs =
                side == Side.BUY ? worstLong : -worstShort; // worst position on the order's side
        if (!reducing) {
            cap = limits.maxPosition() - worstAbs;
            if (qty > cap && (qty = fit(e, cap, lot, RiskReason.MAX_POSITION)) <= 0) {
                return;
            }
            if (limits.maxPositionNotional() > 0) {
                cap = (long) Math.floor(limits.maxPositionNotional() / unitPx) - worstAbs;
                if (qty > cap && (qty = fit(e, cap, lot, RiskReason.MAX_POSITION_NOTIONAL)) <= 0) {
                    return;
                }
            }
            if (limits.maxGrossExposure() > 0) {
                double others = 0;
                for (int k = 0; k < views.length; k++) {
                    if (k != n && views[k].group == b.group) {
                        long p = views[k].position.qty();
                        others +=
                                Math.max(
                                                Math.abs(p + open.openBuy(k)),
                                                Math.abs(p - open.openSell(k)))
                                        * Math.abs(views[k].position.mark());
                    }
                }
                // This instrument's worst case on the order's side after the order, at the order's
                // price.
                cap = (long) Math.floor((limits.maxGrossExposure() - others) / unitPx) - worstAbs;
                if (qty > cap && (qty = fit(e, cap, lot, RiskReason.GROSS_EXPOSURE)) <= 0) {
                    return;
                }
            }
        }
        if (side == Side.SELL) {
            if (b.tPlusOne) {
                cap = position - b.boughtToday - open.openSell(n);
                if (qty > cap && (qty = fit(e, cap, lot, RiskReason.SELLABLE_QTY)) <= 0) {
                    return;
                }
            } else if (!limits.allowShort()) {
                cap = worstShort;
                if (qty > cap && (qty = fit(e, cap, lot, RiskReason.SHORT_SELLING)) <= 0) {
                    return;
                }
            }
        } else if (limits.initialCash() > 0) {
            cap =
                    (long)
                            Math.floor(
                                    (guards[b.group].cash() - open.reservedBuyNotional(b.group))
                                            / unitPx);
            if (qty > cap && (qty = fit(e, cap, lot, RiskReason.CASH)) <= 0) {
                return;
            }
        }
        int rated = rate.check(now);
        if (rated != RiskReason.NONE) {
            reject(e, rated);
            return;
        }
        if (open.isFull()) {
            reject(e, RiskReason.OPEN_ORDER_SLOTS);
            return;
        }
        if (market) {
            // A smaller quantity walks no deeper: its worst price is no worse than the one checked.
            px = b.worstPrice(side, qty, touch, limits.marketCollarBps());
            unitPx = b.unitValue(side, px, touch);
        }
        accept(e, n, side, qty, px, unitPx, b.group);
    }

    /**
     * Clamps to {@code cap} rounded down to the lot, or rejects; returns the new quantity or 0
     * after a reject.
     */
    private long fit(RingEvent e, long cap, long lot, int reason) {
        long q = cap - Math.floorMod(cap, lot);
        if (!limits.clamp() || q <= 0) {
            reject(e, reason);
            return 0;
        }
        e.riskReason = reason;
        return q;
    }

    private void accept(
            RingEvent e, int n, byte side, long qty, long px, double unitNotional, int group) {
        rate.record(e.exchangeTimeNs);
        long orderId = nextOrderId++;
        open.add(orderId, n, side, px, qty, unitNotional, group);
        // The last clamp names the binding limit.
        e.riskVerdict = qty == e.intentQty ? RiskVerdict.ACCEPT : RiskVerdict.CLAMP;
        if (e.riskVerdict == RiskVerdict.ACCEPT) {
            e.riskReason = RiskReason.NONE;
        }
        e.approvedQty = qty;
        e.approvedPx = px;
        e.orderId = orderId;
    }

    private void reject(RingEvent e, int reason) {
        e.riskVerdict = RiskVerdict.REJECT;
        e.riskReason = reason;
        e.approvedQty = 0;
        rejects[reason]++;
        publishedRejects.lazySet(reason, rejects[reason]);
    }

    /** ACTIVE, REDUCING or HALTED, as last published; safe from any thread. */
    public int state() {
        return trading.published();
    }

    /**
     * Whether a KILL has reached the gate and no REARM since: the gate refuses every order, and
     * RESUME does not change that. Safe from any thread.
     */
    public boolean killed() {
        return trading.killed();
    }

    /** Rejects so far by reason; safe from any thread. */
    public long rejects(int reason) {
        return publishedRejects.get(reason);
    }

    /** The gate's position in one instrument, from fills (gate thread or after the run). */
    public long position(int instrumentId) {
        int n = index.get(instrumentId);
        return n < 0 ? 0 : views[n].position.qty();
    }

    /**
     * Equity as the gate sees it: cash plus positions at their last mid, in the limit currency
     * (gate thread or after the run); per settlement currency, the first group's (see {@link
     * #equity(int)}).
     */
    public double equity() {
        return guards[0].equity();
    }

    /**
     * Equity of the limit group of instrument {@code instrumentId}: its settlement currency, or
     * all.
     */
    public double equity(int instrumentId) {
        int n = index.get(instrumentId);
        return n < 0 ? 0 : guards[views[n].group].equity();
    }
}
