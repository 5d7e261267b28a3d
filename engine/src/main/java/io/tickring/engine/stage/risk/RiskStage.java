package io.tickring.engine.stage.risk;

import io.tickring.adapters.Instrument;
import io.tickring.engine.ring.Stage;
import io.tickring.journal.ControlCode;
import io.tickring.journal.EventType;
import io.tickring.journal.ExecType;
import io.tickring.journal.RingEvent;
import io.tickring.journal.RiskVerdict;
import io.tickring.journal.Side;
import java.util.List;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;

/**
 * The risk gate: every intent gets a verdict (ACCEPT, CLAMP with a smaller quantity, or REJECT with
 * a reason) and accepted intents get an order id. Trading states ACTIVE, REDUCING (only orders that
 * shrink a position) and HALTED (nothing) follow CONTROL events. The gate's state has one writer,
 * this stage; other threads read only the published state and counters. Allocation-free.
 *
 * <p>This is the core gate of the first release; the full set of checks comes with the risk issue.
 */
public final class RiskStage implements Stage {
    public static final int ACTIVE = 0;
    public static final int REDUCING = 1;
    public static final int HALTED = 2;

    /**
     * @param maxOrderQty larger intents are clamped to it
     * @param maxPosition largest absolute position including open orders; intents are clamped to fit
     * @param maxOrdersPerSecond accepted orders per second of event time, across instruments
     */
    public record Limits(long maxOrderQty, long maxPosition, int maxOrdersPerSecond) {}

    private static final long NO_ORDER = Long.MIN_VALUE;

    private final Limits limits;
    private final Int2ObjectHashMap<Exposure> exposures = new Int2ObjectHashMap<>();
    private final Long2LongHashMap openOrders = new Long2LongHashMap(NO_ORDER);
    private final long[] rejects = new long[RiskReason.COUNT];
    private int state = ACTIVE;
    private volatile int publishedState = ACTIVE;
    private long nextOrderId = 1;
    private long rateWindow = Long.MIN_VALUE;
    private int rateCount;

    public RiskStage(Limits limits, List<Instrument> instruments) {
        this.limits = limits;
        for (Instrument i : instruments) {
            exposures.put(i.id(), new Exposure());
        }
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
        if (e.type == EventType.CONTROL) {
            onControl(e.controlCode);
        } else if (e.type == EventType.EXEC_REPORT) {
            onExecution(e);
        }
        if (e.intentSide != Side.NONE) {
            check(e);
        }
    }

    private void onControl(byte code) {
        switch (code) {
            case ControlCode.HALT:
            case ControlCode.KILL:
                state = HALTED;
                break;
            case ControlCode.REDUCE_ONLY:
                state = REDUCING;
                break;
            case ControlCode.RESUME:
                state = ACTIVE;
                break;
            default:
                return;
        }
        publishedState = state;
    }

    private void onExecution(RingEvent e) {
        Exposure x = exposures.get(e.instrumentId);
        long open = openOrders.get(e.execOrderId);
        boolean known = open != NO_ORDER;
        if (e.execType == ExecType.FILL || e.execType == ExecType.PARTIAL_FILL) {
            long signed = e.execSide * e.execLastQty;
            if (x != null) {
                x.position += signed;
                if (known) {
                    x.reserved -= signed;
                }
            }
            if (known) {
                open -= signed;
                openOrders.put(e.execOrderId, open);
            }
        }
        boolean terminal = e.execType == ExecType.FILL || e.execType == ExecType.CANCELED
                || e.execType == ExecType.REJECTED;
        if (terminal && known) {
            if (x != null) {
                x.reserved -= open; // release what the order still held
            }
            openOrders.remove(e.execOrderId);
        }
    }

    private void check(RingEvent e) {
        Exposure x = exposures.get(e.instrumentId);
        long qty = e.intentQty;
        if (x == null) {
            reject(e, RiskReason.UNKNOWN_INSTRUMENT);
            return;
        }
        if (state == HALTED) {
            reject(e, RiskReason.HALTED);
            return;
        }
        if (qty <= 0) {
            reject(e, RiskReason.BAD_QUANTITY);
            return;
        }
        if (!e.bookValid) {
            reject(e, RiskReason.NO_MARKET);
            return;
        }
        long exposure = x.position + x.reserved;
        int reason = RiskReason.NONE;
        if (state == REDUCING) {
            // Only orders that move the exposure toward zero, and not past it.
            boolean reduces = exposure != 0 && Long.signum(exposure) == -e.intentSide;
            if (!reduces) {
                reject(e, RiskReason.REDUCE_ONLY);
                return;
            }
            if (qty > Math.abs(exposure)) {
                qty = Math.abs(exposure);
                reason = RiskReason.REDUCE_ONLY;
            }
        }
        if (qty > limits.maxOrderQty()) {
            qty = limits.maxOrderQty();
            reason = RiskReason.MAX_ORDER_QTY;
        }
        long after = exposure + e.intentSide * qty;
        if (Math.abs(after) > limits.maxPosition()) {
            long room = limits.maxPosition() - e.intentSide * exposure;
            if (room <= 0) {
                reject(e, RiskReason.MAX_POSITION);
                return;
            }
            qty = Math.min(qty, room);
            reason = RiskReason.MAX_POSITION;
        }
        long second = Math.floorDiv(e.exchangeTimeNs, 1_000_000_000L);
        if (second != rateWindow) {
            rateWindow = second;
            rateCount = 0;
        }
        if (rateCount >= limits.maxOrdersPerSecond()) {
            reject(e, RiskReason.ORDER_RATE);
            return;
        }
        rateCount++;
        long orderId = nextOrderId++;
        long signed = e.intentSide * qty;
        x.reserved += signed;
        openOrders.put(orderId, signed);
        e.riskVerdict = reason == RiskReason.NONE ? RiskVerdict.ACCEPT : RiskVerdict.CLAMP;
        e.riskReason = reason;
        e.approvedQty = qty;
        e.orderId = orderId;
    }

    private void reject(RingEvent e, int reason) {
        e.riskVerdict = RiskVerdict.REJECT;
        e.riskReason = reason;
        rejects[reason]++;
    }

    /** ACTIVE, REDUCING or HALTED, as last published; safe from any thread. */
    public int state() {
        return publishedState;
    }

    /** Rejects so far by reason (read on the gate's thread, or after the run). */
    public long rejects(int reason) {
        return rejects[reason];
    }

    private static final class Exposure {
        long position;
        long reserved;
    }
}
