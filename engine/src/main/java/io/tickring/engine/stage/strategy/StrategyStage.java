package io.tickring.engine.stage.strategy;

import io.tickring.adapters.Instrument;
import io.tickring.engine.ring.Stage;
import io.tickring.journal.EventType;
import io.tickring.journal.ExecType;
import io.tickring.journal.OrderType;
import io.tickring.journal.RingEvent;
import io.tickring.journal.Side;
import java.util.List;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Turns scores into intents: when p(up) - p(down) reaches the threshold it buys at the ask, when it
 * reaches minus the threshold it sells at the bid, within a position limit and with a cooldown in
 * event time per instrument. Its position comes from the fills it sees as EXEC_REPORT events, never
 * from another stage, so the decision is the same on any thread layout. Allocation-free.
 */
public final class StrategyStage implements Stage {
    /**
     * @param threshold minimum p(up) - p(down) (or its negative) to act, in (0, 1]
     * @param orderQty quantity per intent, rounded down to the lot size
     * @param maxPosition largest absolute position the strategy aims for
     * @param cooldownNs event time between two intents on one instrument
     */
    public record Params(double threshold, long orderQty, long maxPosition, long cooldownNs) {}

    private final Params params;
    private final Int2ObjectHashMap<State> states = new Int2ObjectHashMap<>();

    public StrategyStage(Params params, List<Instrument> instruments) {
        this.params = params;
        for (Instrument i : instruments) {
            states.put(i.id(), new State(i.lotSize(), i.tickSize()));
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
        if (e.type == EventType.EXEC_REPORT) {
            if (e.execType == ExecType.FILL || e.execType == ExecType.PARTIAL_FILL) {
                s.position += e.execSide * e.execLastQty;
            }
            return;
        }
        if (e.type != EventType.BOOK || !e.scored) {
            return;
        }
        if (s.lastIntentNs != Long.MIN_VALUE && e.exchangeTimeNs - s.lastIntentNs < params.cooldownNs()) {
            return;
        }
        double edge = e.pUp - e.pDown;
        byte side;
        long room;
        if (edge >= params.threshold()) {
            side = Side.BUY;
            room = params.maxPosition() - s.position;
        } else if (-edge >= params.threshold()) {
            side = Side.SELL;
            room = params.maxPosition() + s.position;
        } else {
            return;
        }
        long qty = Math.min(params.orderQty(), room);
        qty -= qty % s.lotSize;
        if (qty <= 0) {
            return;
        }
        e.intentSide = side;
        e.intentOrderType = OrderType.LIMIT;
        e.intentQty = qty;
        e.intentPx = side == Side.BUY ? -Math.floorDiv(-e.bestAskPx, s.tick) * s.tick : Math.floorDiv(e.bestBidPx, s.tick) * s.tick;
        e.intentConfidence = Math.abs(edge);
        s.lastIntentNs = e.exchangeTimeNs;
    }

    /** The strategy's view of its position in {@code instrumentId}. */
    public long position(int instrumentId) {
        State s = states.get(instrumentId);
        return s == null ? 0 : s.position;
    }

    private static final class State {
        final long lotSize;
        final long tick;
        long position;
        long lastIntentNs = Long.MIN_VALUE;

        State(long lotSize, long tick) {
            this.lotSize = lotSize;
            this.tick = tick;
        }
    }
}
