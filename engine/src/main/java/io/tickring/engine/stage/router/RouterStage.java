package io.tickring.engine.stage.router;

import io.tickring.adapters.OrderGateway;
import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.KillSwitch;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.codec.OutputCodec;
import io.tickring.engine.ring.Stage;
import io.tickring.journal.OutputJournal;
import org.agrona.collections.LongArrayList;

/**
 * The last stage: writes each decision, its risk verdict and any order to the output journal, then
 * releases accepted orders to the gateway. Its thread is gated on the journal stage, so an order
 * never leaves before its cause is on disk. On HALT or KILL, on a STOP that asks for it (the
 * process is stopping), and when a loss trip moves the gate to HALTED or REDUCING ({@code
 * RingEvent.riskCancelAll}), it cancels every open order within the same event. A REARM lifts the
 * engine's kill latch ({@link KillSwitch#rearm(long)}) when it reaches the router, so nothing the
 * chain decided before it passed the KILL leaves after a kill; the latch changes no record the
 * router writes (the gateway reports what it refused). For the records {@code run --resume}
 * replays, the latch follows the journal instead: a KILL trips it and a REARM lifts it, so the
 * resumed engine comes back latched if the dead one was. Keeps the portfolio for the status line.
 * Allocation-free in steady state.
 */
public final class RouterStage implements Stage {
    /**
     * CANCEL reason: the gate was halted or killed, the process is stopping, or a loss trip halted
     * or reduced it.
     */
    public static final int CANCEL_HALT = 1;

    private final OutputJournal out;
    private final OrderGateway gateway;
    private final Portfolio portfolio;
    private final KillSwitch killSwitch;
    private final long recoveredRecords;
    private final LongArrayList openOrders = new LongArrayList(64, -1);
    // Set on a STOP with ops.stop.cancel_orders; the Sequencer keeps the ring open (live) until
    // the venue has answered those cancels: a FIX venue answers after the STOP, and its reports
    // must reach the journal.
    private boolean stopCancelling;
    private volatile int stopCancelsOpen;
    private final LongArrayList openInstruments = new LongArrayList(64, -1);

    /** Orders a CANCEL was sent for that the venue has not ended yet (rarely more than a few). */
    private final LongArrayList cancelSent = new LongArrayList(64, -1);

    private volatile long fillsAfterCancel;
    private volatile long orders;
    private volatile long fills;
    private volatile long decisions;
    private volatile long rejects;

    public RouterStage(OutputJournal out, OrderGateway gateway, Portfolio portfolio) {
        this(out, gateway, portfolio, new KillSwitch());
    }

    /**
     * @param killSwitch the engine's kill latch, lifted here when a REARM arrives in order
     */
    public RouterStage(
            OutputJournal out, OrderGateway gateway, Portfolio portfolio, KillSwitch killSwitch) {
        this(out, gateway, portfolio, killSwitch, 0);
    }

    /**
     * @param killSwitch the engine's kill latch, lifted here when a REARM arrives in order
     * @param recoveredRecords the input records {@code run --resume} replays before the run goes on
     *     (0 otherwise): for them the latch follows the journal (see {@link #onEvent})
     */
    public RouterStage(
            OutputJournal out,
            OrderGateway gateway,
            Portfolio portfolio,
            KillSwitch killSwitch,
            long recoveredRecords) {
        this.recoveredRecords = recoveredRecords;
        this.killSwitch = killSwitch;
        this.out = out;
        this.gateway = gateway;
        this.portfolio = portfolio;
    }

    @Override
    public String name() {
        return "router";
    }

    @Override
    public Role role() {
        return Role.ROUTER;
    }

    @Override
    public void onEvent(RingEvent e) {
        switch (e.type) {
            case EventType.EXEC_REPORT:
                onExecution(e);
                break;
            case EventType.BOOK:
                if (e.bookValid) {
                    portfolio.mark(e.instrumentId, e.mid);
                }
                portfolio.onTime(e.exchangeTimeNs);
                gateway.onMarketData(e);
                break;
            case EventType.TRADE:
            case EventType.QUOTE:
                gateway.onMarketData(e);
                break;
            case EventType.CONTROL:
                boolean recovered = e.sequence < recoveredRecords;
                if (e.controlCode == ControlCode.KILL && recovered) {
                    // The dead process tripped its latch before this KILL was queued; a venue
                    // call that saw the trip earlier is in the journal (LATCHED) and has tripped
                    // it already. Live, the latch is always tripped by now.
                    killSwitch.latch(e.exchangeTimeNs);
                }
                if (e.controlCode == ControlCode.KILL
                        || e.controlCode == ControlCode.HALT
                        || (e.controlCode == ControlCode.STOP && e.controlParamValue == 1)) {
                    cancelAll(e); // a STOP's flag: ops.stop.cancel_orders, as journaled
                    if (e.controlCode == ControlCode.STOP) {
                        stopCancelling = true;
                        stopCancelsOpen = openOrders.size();
                    }
                } else if (e.controlCode == ControlCode.REARM) {
                    if (recovered) {
                        // Its kill count is the dead process's, which this one never saw.
                        killSwitch.rearm();
                    } else {
                        killSwitch.rearm(e.controlParamValue);
                    }
                }
                break;
            case EventType.TIMER:
                portfolio.publish();
                break;
            default:
                break;
        }
        if (e.riskCancelAll) {
            cancelAll(e); // a loss trip on this event: the same cancels as an operator HALT
        }
        if (e.intentSide != Side.NONE) {
            route(e);
        }
    }

    private void route(RingEvent e) {
        out.commit(OutputCodec.encodeDecision(e, out.buffer(), 0));
        out.commit(OutputCodec.encodeRisk(e, out.buffer(), 0));
        decisions++;
        if (e.riskVerdict != RiskVerdict.ACCEPT && e.riskVerdict != RiskVerdict.CLAMP) {
            rejects++;
            return;
        }
        // A market intent goes out as a LIMIT IOC at the price the gate checked it at (its
        // protection collar), so nothing fills beyond what the gate allowed.
        boolean market = e.intentOrderType == OrderType.MARKET;
        byte type = market ? OrderType.LIMIT : e.intentOrderType;
        byte tif = market || e.intentTif == 0 ? TimeInForce.IOC : e.intentTif;
        long px = market ? e.approvedPx : e.intentPx;
        out.commit(
                OutputCodec.encodeOrder(
                        e, e.orderId, e.intentSide, type, tif, e.approvedQty, px, out.buffer(), 0));
        openOrders.addLong(e.orderId);
        openInstruments.addLong(e.instrumentId);
        orders++;
        gateway.submit(e.orderId, e.instrumentId, e.intentSide, type, tif, e.approvedQty, px, e);
    }

    private void onExecution(RingEvent e) {
        portfolio.onExecution(e);
        gateway.onReport(e); // a live gateway learns a resumed journal's reports here
        if (e.execType == ExecType.FILL || e.execType == ExecType.PARTIAL_FILL) {
            fills++;
            if (!cancelSent.isEmpty() && cancelSent.containsLong(e.execOrderId)) {
                // The venue filled it before the cancel reached it: its latency allows that.
                fillsAfterCancel++;
            }
        }
        if (e.execType == ExecType.FILL
                || e.execType == ExecType.CANCELED
                || e.execType == ExecType.REJECTED) {
            int i = openOrders.indexOf(e.execOrderId);
            if (i >= 0) {
                openOrders.removeAt(i);
                openInstruments.removeAt(i);
            }
            if (!cancelSent.isEmpty()) {
                cancelSent.removeLong(e.execOrderId);
            }
            if (stopCancelling) {
                stopCancelsOpen = openOrders.size();
            }
        }
    }

    private void cancelAll(RingEvent e) {
        // Open orders are kept in release order (ascending ids), so cancels go out in a fixed
        // order.
        for (int i = 0; i < openOrders.size(); i++) {
            long id = openOrders.getLong(i);
            out.commit(OutputCodec.encodeCancel(e, id, CANCEL_HALT, out.buffer(), 0));
            gateway.cancel(id, (int) openInstruments.getLong(i), e);
            if (!cancelSent.containsLong(id)) {
                cancelSent.addLong(id);
            }
        }
    }

    /**
     * FILL and PARTIAL_FILL reports for orders a CANCEL had already been sent for: the venue's
     * latency lets an order fill while the cancel is on its way. They are in {@link #fills()} too.
     */
    public long fillsAfterCancel() {
        return fillsAfterCancel;
    }

    /**
     * Orders still working after a STOP that cancelled them ({@code ops.stop.cancel_orders}): the
     * venue's answers to those cancels are still to come. Safe to read from any thread (written
     * before the router's sequence moves past the event that changed it); 0 before such a STOP.
     */
    public int stopCancelsOpen() {
        return stopCancelsOpen;
    }

    /**
     * Orders released and not yet ended by the venue (filled, cancelled or rejected), cancels sent
     * or not; read it once the router's thread has stopped.
     */
    public int workingOrders() {
        return openOrders.size();
    }

    public long orders() {
        return orders;
    }

    public long fills() {
        return fills;
    }

    public long decisions() {
        return decisions;
    }

    public long rejects() {
        return rejects;
    }

    public Portfolio portfolio() {
        return portfolio;
    }

    /** The output digest so far; call after the run. */
    public String digest() {
        return out.digestHex();
    }
}
