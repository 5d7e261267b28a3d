package io.tickring.engine.stage.strategy;

import io.tickring.core.instrument.Instrument;
import io.tickring.engine.ring.Stage;
import io.tickring.engine.stage.Position;
import io.tickring.core.instrument.TradingDay;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import java.util.List;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Turns model scores into intents.
 *
 * <p><b>Entry:</b> on a scored BOOK, edge = p(up) − p(down) (plus {@code sentimentWeight} × the
 * instrument's last sentiment score × its confidence, when a SENTIMENT event was seen); it buys when
 * edge ≥ threshold and p(up) ≥ the minimum confidence, sells when −edge ≥ threshold and p(down) ≥ it.
 * The confidence of an entry is that probability. Entries stop at {@code maxPosition} and during the
 * flat-before-close window.
 *
 * <p><b>Exits</b> (on any valid BOOK, scored or not): take-profit and stop-loss in basis points of the
 * average entry price against the mid, maximum holding time since the position opened, and flat
 * {@code flatBeforeCloseNs} before the end of the instrument's trading session. An exit is an IOC
 * limit for the whole position at the opposite touch, confidence 1.
 *
 * <p><b>Sizing</b> of an entry: a fixed quantity; a fixed notional; a fraction of equity at risk over
 * the stop distance; or fractional Kelly on the model's probability with the take-profit / stop-loss
 * payoff, capped at a fraction of equity. Quantities round down to the lot size, prices to the tick
 * (buys up, sells down, both still marketable). Equity is the configured capital plus the PnL of the
 * fills the strategy has seen, marked to mid.
 *
 * <p>Its positions come from the EXEC_REPORT events it sees, never from another stage, so a decision is
 * the same on any thread layout. A cooldown in event time separates two intents of one instrument.
 * Allocation-free in steady state.
 */
public final class StrategyStage implements Stage {
    public static final int SIZE_FIXED_QTY = 0;
    public static final int SIZE_FIXED_NOTIONAL = 1;
    public static final int SIZE_RISK_FRACTION = 2;
    public static final int SIZE_KELLY = 3;

    /**
     * @param threshold minimum p(up) − p(down) (or its negative) to enter, in (0, 1]
     * @param minConfidence minimum probability of the entry's direction, in [0, 1]
     * @param orderQty quantity of a fixed-quantity entry
     * @param maxPosition largest absolute position the strategy builds
     * @param cooldownNs event time between two intents on one instrument
     * @param sizing one of the {@code SIZE_*} constants
     * @param notional currency per entry for fixed-notional sizing
     * @param riskFraction fraction of equity lost if the stop is hit, for risk-fraction sizing
     * @param kellyFraction multiplier of the Kelly fraction (e.g. 0.5 for half Kelly)
     * @param kellyCap largest fraction of equity one entry may commit under Kelly sizing
     * @param capital starting equity in currency
     * @param takeProfitBps take-profit distance from the average entry price in bps; 0 is off
     * @param stopLossBps stop-loss distance in bps; 0 is off
     * @param maxHoldNs largest holding time of a position; 0 is off
     * @param flatBeforeCloseNs flatten this long before the session ends; 0 is off
     * @param sentimentWeight weight of sentiment in the edge; 0 ignores sentiment
     */
    public record Params(double threshold, double minConfidence, long orderQty, long maxPosition, long cooldownNs,
            int sizing, double notional, double riskFraction, double kellyFraction, double kellyCap, double capital,
            double takeProfitBps, double stopLossBps, long maxHoldNs, long flatBeforeCloseNs, double sentimentWeight) {
        /** Fixed-quantity entries, no exits: the first release's strategy. */
        public Params(double threshold, long orderQty, long maxPosition, long cooldownNs) {
            this(threshold, 0, orderQty, maxPosition, cooldownNs, SIZE_FIXED_QTY, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    private final Params params;
    private final Int2ObjectHashMap<State> states = new Int2ObjectHashMap<>();
    private final State[] all;
    private double realised;

    public StrategyStage(Params params, List<Instrument> instruments) {
        this.params = params;
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
                if ((e.execType == ExecType.FILL || e.execType == ExecType.PARTIAL_FILL) && e.execLastQty > 0) {
                    onFill(s, e);
                }
                return;
            case EventType.SENTIMENT:
                s.sentiment = e.sentimentScore * e.sentimentConfidence;
                return;
            case EventType.BOOK:
                break;
            default:
                return;
        }
        if (!e.bookValid) {
            return;
        }
        s.position.mark(e.mid);
        if (s.lastIntentNs != Long.MIN_VALUE && e.exchangeTimeNs - s.lastIntentNs < params.cooldownNs()) {
            return;
        }
        boolean closing = params.flatBeforeCloseNs() > 0 && s.nearClose(e.exchangeTimeNs, params.flatBeforeCloseNs());
        long position = s.position.qty();
        if (position != 0 && shouldExit(s, e, closing)) {
            byte side = position > 0 ? Side.SELL : Side.BUY;
            emit(e, s, side, Math.abs(position), 1.0);
            return;
        }
        if (!e.scored || closing) {
            return;
        }
        double edge = e.pUp - e.pDown + params.sentimentWeight() * s.sentiment;
        byte side;
        double p;
        long room;
        if (edge >= params.threshold() && e.pUp >= params.minConfidence()) {
            side = Side.BUY;
            p = e.pUp;
            room = params.maxPosition() - position;
        } else if (-edge >= params.threshold() && e.pDown >= params.minConfidence()) {
            side = Side.SELL;
            p = e.pDown;
            room = params.maxPosition() + position;
        } else {
            return;
        }
        long qty = Math.min(size(s, e, side, p), room);
        emit(e, s, side, qty, p);
    }

    private boolean shouldExit(State s, RingEvent e, boolean closing) {
        if (closing) {
            return true;
        }
        Position p = s.position;
        if (params.maxHoldNs() > 0 && e.exchangeTimeNs - p.openedNs() >= params.maxHoldNs()) {
            return true;
        }
        // Return of the position in bps of the entry price, at the mid.
        double bps = (e.mid - p.avgPx()) / p.avgPx() * 10_000.0 * Long.signum(p.qty());
        return (params.takeProfitBps() > 0 && bps >= params.takeProfitBps())
                || (params.stopLossBps() > 0 && bps <= -params.stopLossBps());
    }

    private long size(State s, RingEvent e, byte side, double p) {
        double px = (side == Side.BUY ? e.bestAskPx : e.bestBidPx) / s.multiplier;
        if (px <= 0) {
            return 0;
        }
        switch (params.sizing()) {
            case SIZE_FIXED_NOTIONAL:
                return (long) Math.floor(params.notional() / px);
            case SIZE_RISK_FRACTION:
                return (long) Math.floor(equity() * params.riskFraction() / (px * params.stopLossBps() / 10_000.0));
            case SIZE_KELLY: {
                // Payoff b = take-profit / stop-loss distance; f* = p - (1 - p) / b.
                double b = params.takeProfitBps() / params.stopLossBps();
                double f = Math.min(params.kellyFraction() * (p - (1 - p) / b), params.kellyCap());
                return f <= 0 ? 0 : (long) Math.floor(equity() * f / px);
            }
            default:
                return params.orderQty();
        }
    }

    private void emit(RingEvent e, State s, byte side, long qty, double confidence) {
        long lot = s.instrument.lotSize();
        qty -= qty % lot;
        if (qty <= 0) {
            return;
        }
        long tick = s.instrument.tickSize();
        e.intentSide = side;
        e.intentOrderType = OrderType.LIMIT;
        e.intentTif = TimeInForce.IOC;
        e.intentQty = qty;
        e.intentPx = side == Side.BUY ? -Math.floorDiv(-e.bestAskPx, tick) * tick : Math.floorDiv(e.bestBidPx, tick) * tick;
        e.intentConfidence = confidence;
        s.lastIntentNs = e.exchangeTimeNs;
    }

    private void onFill(State s, RingEvent e) {
        double fee = e.execFee / s.multiplier;
        realised -= fee;
        realised += s.position.fill(e.execSide * e.execLastQty, e.execLastPx / s.multiplier, fee, e.exchangeTimeNs);
    }

    /** Capital plus realised PnL plus open positions at their last mid. */
    private double equity() {
        double eq = params.capital() + realised;
        for (State s : all) {
            if (s.position.qty() != 0) {
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

    private static final class State {
        final Instrument instrument;
        final double multiplier;
        final TradingDay local;
        final Position position = new Position();
        double sentiment;
        long lastIntentNs = Long.MIN_VALUE;

        State(Instrument instrument) {
            this.instrument = instrument;
            this.multiplier = instrument.priceMultiplier();
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
