package io.tickring.engine.stage.strategy;

import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.Money;
import io.tickring.core.instrument.TradingDay;
import io.tickring.engine.ring.Stage;
import io.tickring.engine.stage.Position;
import java.util.List;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Turns model scores into intents.
 *
 * <p><b>Entry:</b> on a scored BOOK (or, with {@code scoreHoldNs}, an unscored one within that long
 * of the last score, on that score), edge = p(up) − p(down); it buys when edge ≥ threshold and
 * p(up) ≥ the minimum confidence, sells when −edge ≥ threshold and p(down) ≥ it. The confidence of
 * an entry is that probability. Entries stop at {@code maxPosition} and during the
 * flat-before-close window.
 *
 * <p><b>Sentiment</b> has bounded authority. The instrument's last SENTIMENT event gives s = score
 * × confidence, decayed by half every {@code sentimentHalfLifeNs} of event time and 0 (neutral)
 * once older than {@code sentimentTtlNs}. It can move the entry threshold by at most {@code
 * sentimentThresholdShift} (less than the threshold: the model's edge must still point the way, so
 * sentiment never makes an entry alone) and shrink an entry it disagrees with by the factor {@code
 * 1 − sentimentSizeWeight × max(0, −direction × s)}, in [0, 1]. It never touches exits, and the
 * risk gate after this stage never sees it. Only the numbers reach this stage: what a headline said
 * cannot.
 *
 * <p><b>Exits</b> (on any valid BOOK, scored or not): take-profit and stop-loss in basis points of
 * the average entry price against the mid, maximum holding time since the position opened, and flat
 * {@code flatBeforeCloseNs} before the end of the instrument's trading session. An exit is an IOC
 * limit for the whole position at the opposite touch, confidence 1.
 *
 * <p><b>Sizing</b> of an entry: a fixed quantity; a fixed notional; a fraction of equity at risk
 * over the stop distance; or fractional Kelly on the model's probability with the take-profit /
 * stop-loss payoff, capped at a fraction of equity. Quantities round down to the lot size (except
 * the exit of a long position, which sells all of it, an odd-lot remainder included), prices to the
 * tick (buys up, sells down, both still marketable). Equity is the configured capital plus the PnL
 * of the fills the strategy has seen, marked to mid.
 *
 * <p>Its positions come from the EXEC_REPORT events it sees, never from another stage, so a
 * decision is the same on any thread layout. A cooldown in event time separates two intents of one
 * instrument. Allocation-free in steady state.
 */
public final class StrategyStage implements Stage {
    /** How an entry is sized. */
    public enum Sizing {
        /** A fixed quantity, {@code order_qty}. */
        FIXED_QTY("fixed-qty"),
        /** A fixed notional in currency, {@code notional}. */
        FIXED_NOTIONAL("fixed-notional"),
        /** A fraction of equity lost if the stop is hit, {@code risk_fraction}. */
        RISK_FRACTION("risk-fraction"),
        /**
         * Fractional Kelly on the model's probability with the take-profit / stop-loss payoff,
         * capped.
         */
        KELLY("kelly");

        private final String configName;

        Sizing(String configName) {
            this.configName = configName;
        }

        /** The name in the configuration, e.g. {@code fixed-qty}. */
        public String configName() {
            return configName;
        }
    }

    private final StrategyContext params;
    private final Int2ObjectHashMap<State> states = new Int2ObjectHashMap<>();
    private final State[] all;

    /**
     * @param context the strategy's parameters; concluded here if the caller has not
     * @param instruments every instrument the strategy may see
     */
    public StrategyStage(StrategyContext context, List<Instrument> instruments) {
        this.params = context.conclude();
        all = new State[instruments.size()];
        for (int n = 0; n < instruments.size(); n++) {
            Instrument i = instruments.get(n);
            all[n] = new State(i);
            states.put(i.id(), all[n]);
        }
    }

    @Override
    public String name() {
        return "strategy";
    }

    @Override
    public void onEvent(RingEvent e) {
        e.intentSide = Side.NONE;
        e.intentOrderType = OrderType.NONE;
        e.intentQty = 0;
        e.intentPx = 0;
        e.intentConfidence = 0;
        e.intentTif = 0;
        State s = states.get(e.instrumentId);
        if (s == null) {
            return;
        }
        switch (e.type) {
            case EventType.EXEC_REPORT:
                if ((e.execType == ExecType.FILL || e.execType == ExecType.PARTIAL_FILL)
                        && e.execLastQty > 0) {
                    onFill(s, e);
                    s.flight(e.execSide).filled(e.execLastQty);
                }
                if (e.execType == ExecType.FILL
                        || e.execType == ExecType.CANCELED
                        || e.execType == ExecType.REJECTED) {
                    s.flight(e.execSide).resolveOldest();
                }
                return;
            case EventType.SENTIMENT:
                s.sentiment = e.sentimentScore * e.sentimentConfidence;
                s.sentimentNs = e.exchangeTimeNs;
                return;
            case EventType.BOOK:
                break;
            default:
                return;
        }
        if (!e.bookValid) {
            return;
        }
        if (e.scored) {
            s.pUp = e.pUp;
            s.pDown = e.pDown;
            s.scoreNs = e.exchangeTimeNs;
        }
        s.position.mark(Money.unitValue(s.instrument, e.mid));
        if (s.lastIntentNs != Long.MIN_VALUE
                && e.exchangeTimeNs - s.lastIntentNs < params.cooldownNs()) {
            return;
        }
        boolean closing =
                params.flatBeforeCloseNs() > 0
                        && s.nearClose(e.exchangeTimeNs, params.flatBeforeCloseNs());
        s.buys.expire(e.exchangeTimeNs - params.inFlightTimeoutNs());
        s.sells.expire(e.exchangeTimeNs - params.inFlightTimeoutNs());
        long position = s.position.qty();
        if (position != 0 && shouldExit(s, e, closing)) {
            byte side = position > 0 ? Side.SELL : Side.BUY;
            // An exit already on its way covers part of the position: send only the rest.
            emit(e, s, side, Math.abs(position) - s.flight(side).qty(), 1.0, true);
            return;
        }
        boolean held =
                !e.scored
                        && params.scoreHoldNs() > 0
                        && s.scoreNs != Long.MIN_VALUE
                        && e.exchangeTimeNs - s.scoreNs <= params.scoreHoldNs();
        if (!(e.scored || held) || closing) {
            return;
        }
        double pUp = s.pUp;
        double pDown = s.pDown;
        double edge = pUp - pDown;
        double sentiment = sentimentAt(s, e.exchangeTimeNs);
        double shift = params.sentimentThresholdShift() * sentiment;
        byte side;
        double p;
        long room;
        if (edge >= params.threshold() - shift && pUp >= params.minConfidence()) {
            side = Side.BUY;
            p = pUp;
            room = params.maxPosition() - position - s.buys.qty();
        } else if (-edge >= params.threshold() + shift && pDown >= params.minConfidence()) {
            side = Side.SELL;
            p = pDown;
            room = params.maxPosition() + position - s.sells.qty();
        } else {
            return;
        }
        long qty = size(s, e, side, p);
        double against = Math.max(0, -side * sentiment);
        if (against > 0 && params.sentimentSizeWeight() > 0) {
            qty = (long) Math.floor(qty * (1 - params.sentimentSizeWeight() * against));
        }
        qty = Math.min(qty, room);
        emit(e, s, side, qty, p, false);
    }

    /**
     * The instrument's sentiment at {@code nowNs}: score × confidence of its last SENTIMENT event,
     * halved every half-life, 0 past the TTL or before any event. In [-1, 1].
     */
    private double sentimentAt(State s, long nowNs) {
        if (s.sentimentNs == Long.MIN_VALUE) {
            return 0;
        }
        long age = Math.max(0, nowNs - s.sentimentNs);
        if (age > params.sentimentTtlNs()) {
            return 0;
        }
        long halfLife = params.sentimentHalfLifeNs();
        return halfLife <= 0 ? s.sentiment : s.sentiment * Math.exp(-LN2 * age / halfLife);
    }

    /**
     * The instrument's decayed sentiment at {@code nowNs} (0 if none or stale), for status lines.
     */
    public double sentiment(int instrumentId, long nowNs) {
        State s = states.get(instrumentId);
        return s == null ? 0 : sentimentAt(s, nowNs);
    }

    private static final double LN2 = Math.log(2);

    private boolean shouldExit(State s, RingEvent e, boolean closing) {
        if (closing) {
            return true;
        }
        Position p = s.position;
        if (params.maxHoldNs() > 0 && e.exchangeTimeNs - p.openedNs() >= params.maxHoldNs()) {
            return true;
        }
        // Return of the position in bps of its entry value, at the mid (for spot and linear
        // instruments
        // the price return; for inverse ones the return in the coin they settle in).
        double bps = (p.mark() - p.avgPx()) / Math.abs(p.avgPx()) * 10_000.0 * Long.signum(p.qty());
        return (params.takeProfitBps() > 0 && bps >= params.takeProfitBps())
                || (params.stopLossBps() > 0 && bps <= -params.stopLossBps());
    }

    private long size(State s, RingEvent e, byte side, double p) {
        long touch = side == Side.BUY ? e.bestAskPx : e.bestBidPx;
        if (touch <= 0) {
            return 0;
        }
        // Notional of one quantity unit in settlement currency: sizes below are in quantity units.
        double px = Math.abs(Money.unitValue(s.instrument, touch));
        switch (params.sizing()) {
            case FIXED_NOTIONAL:
                return (long) Math.floor(params.notional() / px);
            case RISK_FRACTION:
                return (long)
                        Math.floor(
                                equity(s)
                                        * params.riskFraction()
                                        / (px * params.stopLossBps() / 10_000.0));
            case KELLY:
                {
                    // Payoff b = take-profit / stop-loss distance; f* = p - (1 - p) / b.
                    double b = params.takeProfitBps() / params.stopLossBps();
                    double f =
                            Math.min(params.kellyFraction() * (p - (1 - p) / b), params.kellyCap());
                    return f <= 0 ? 0 : (long) Math.floor(equity(s) * f / px);
                }
            default:
                return params.orderQty();
        }
    }

    private void emit(RingEvent e, State s, byte side, long qty, double confidence, boolean exit) {
        long lot = s.instrument.lotSize();
        // Buys and entries go in whole lots. An exit of a long position sells all of it: an odd
        // remainder (an IOC buy that filled 18 of 100) can only be sold whole, and rounding it
        // down to 0 lots would leave the position stuck and block every entry behind it.
        if (!(exit && side == Side.SELL)) {
            qty -= qty % lot;
        }
        if (qty <= 0) {
            return;
        }
        long tick = s.instrument.tickSize();
        e.intentSide = side;
        e.intentOrderType = OrderType.LIMIT;
        e.intentTif = TimeInForce.IOC;
        e.intentQty = qty;
        e.intentPx =
                side == Side.BUY
                        ? -Math.floorDiv(-e.bestAskPx, tick) * tick
                        : Math.floorDiv(e.bestBidPx, tick) * tick;
        e.intentConfidence = confidence;
        s.lastIntentNs = e.exchangeTimeNs;
        s.flight(side).add(qty, e.exchangeTimeNs);
    }

    private void onFill(State s, RingEvent e) {
        double fee = Money.toDouble(s.instrument, e.execFee);
        s.realised -= fee;
        s.realised +=
                s.position.fill(
                        e.execSide * e.execLastQty,
                        Money.unitValue(s.instrument, e.execLastPx),
                        fee,
                        e.exchangeTimeNs);
    }

    /**
     * Capital plus realised PnL (after fees) plus open positions at their last mid, over the
     * instruments settled in {@code of}'s currency.
     */
    private double equity(State of) {
        double eq = params.capital();
        for (State s : all) {
            if (s.currency == of.currency) {
                eq += s.realised;
            }
        }
        for (State s : all) {
            if (s.currency == of.currency && s.position.qty() != 0) {
                eq += s.position.unrealised();
            }
        }
        return eq;
    }

    /** The strategy's view of its position in {@code instrumentId}. */
    public long position(int instrumentId) {
        State s = states.get(instrumentId);
        return s == null ? 0 : s.position.qty();
    }

    /**
     * One side's intents in flight, oldest first: what each still may fill. The strategy does not
     * see order ids (the gate assigns them) and its intents go out in order, so execution reports
     * resolve them oldest first; an intent no report resolves (the gate rejected it) leaves after
     * the in-flight timeout. A fixed ring: when full, the oldest is dropped. Allocation-free.
     */
    static final class InFlight {
        private static final int CAPACITY = 64;
        private final long[] qty = new long[CAPACITY];
        private final long[] timeNs = new long[CAPACITY];
        private int head;
        private int count;
        private long total;

        /** Quantity still in flight. */
        long qty() {
            return total;
        }

        void add(long q, long nowNs) {
            if (count == CAPACITY) {
                resolveOldest();
            }
            int k = (head + count) % CAPACITY;
            qty[k] = q;
            timeNs[k] = nowNs;
            count++;
            total += q;
        }

        /** A fill of {@code q}: it comes off the oldest intents first. */
        void filled(long q) {
            for (int i = 0; i < count && q > 0; i++) {
                int k = (head + i) % CAPACITY;
                long take = Math.min(q, qty[k]);
                qty[k] -= take;
                total -= take;
                q -= take;
            }
        }

        /** The oldest order is done (filled, cancelled or rejected): nothing more of it fills. */
        void resolveOldest() {
            if (count > 0) {
                total -= qty[head];
                head = (head + 1) % CAPACITY;
                count--;
            }
        }

        /** Drops intents sent before {@code cutoffNs}. */
        void expire(long cutoffNs) {
            while (count > 0 && timeNs[head] < cutoffNs) {
                resolveOldest();
            }
        }
    }

    private static final class State {
        final Instrument instrument;
        final TradingDay local;
        final Position position = new Position();

        /** Settlement currency, interned: states of one currency share the string. */
        final String currency;

        /** PnL realised by this instrument's fills, after fees. */
        double realised;

        /** Score × confidence of the last SENTIMENT event, and its event time. */
        double sentiment;

        long sentimentNs = Long.MIN_VALUE;
        long lastIntentNs = Long.MIN_VALUE;

        /** The instrument's last model score and its event time (for {@code score_hold}). */
        double pUp;

        double pDown;
        long scoreNs = Long.MIN_VALUE;

        /** Intents on their way, per side: they count toward the position limit. */
        final InFlight buys = new InFlight();

        final InFlight sells = new InFlight();

        InFlight flight(byte side) {
            return side == Side.BUY ? buys : sells;
        }

        State(Instrument instrument) {
            this.instrument = instrument;
            this.currency = instrument.settlementCurrency().intern();
            this.local = new TradingDay(instrument.timeZone(), 0);
        }

        /** True within {@code windowNs} before the end of the session containing {@code timeNs}. */
        boolean nearClose(long timeNs, long windowNs) {
            if (instrument.tradesAroundTheClock()) {
                return false;
            }
            int minute = local.minuteOfDay(timeNs);
            long windowMinutes = (windowNs + 59_999_999_999L) / 60_000_000_000L;
            for (Instrument.SessionWindow w : instrument.sessions()) {
                if (minute >= w.startMinute() && minute < w.endMinute()) {
                    return minute >= w.endMinute() - windowMinutes;
                }
            }
            return false;
        }
    }
}
