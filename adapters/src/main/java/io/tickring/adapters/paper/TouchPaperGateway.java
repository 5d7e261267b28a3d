package io.tickring.adapters.paper;

import io.tickring.adapters.Instrument;
import io.tickring.adapters.InstrumentLookup;
import io.tickring.adapters.OrderGateway;
import io.tickring.journal.EventType;
import io.tickring.journal.ExecType;
import io.tickring.journal.RingEvent;
import io.tickring.journal.Side;
import io.tickring.journal.ingress.EventQueue;

/**
 * A minimal paper gateway that fills every order in full at the touch of the book that caused it
 * (buys at the best ask, sells at the best bid), after a fixed latency in event time, charging the
 * instrument's taker fee. It is the demo's stand-in until the queue-aware paper gateway replaces
 * it; its fills are optimistic and it never rests an order.
 *
 * <p>Reports are stamped {@code cause time + latency} and offered to the gateway's ingress queue.
 * If the queue is full the gateway waits for the Sequencer to drain it rather than lose a report.
 * Allocation-free.
 */
public final class TouchPaperGateway implements OrderGateway {
    private final EventQueue reports;
    private final InstrumentLookup instruments;
    private final long latencyNs;
    private final RingEvent report = new RingEvent();
    private long fills;

    public TouchPaperGateway(EventQueue reports, InstrumentLookup instruments, long latencyNs) {
        this.reports = reports;
        this.instruments = instruments;
        this.latencyNs = latencyNs;
    }

    @Override
    public void submit(long orderId, int instrumentId, byte side, byte orderType, byte tif, long qty, long limitPx,
            RingEvent cause) {
        long px = side == Side.BUY ? cause.bestAskPx : cause.bestBidPx;
        RingEvent r = report;
        r.clearInput();
        r.type = EventType.EXEC_REPORT;
        r.instrumentId = instrumentId;
        r.exchangeTimeNs = cause.exchangeTimeNs + latencyNs;
        r.receiveTimeNs = r.exchangeTimeNs;
        r.execOrderId = orderId;
        r.execSide = side;
        if (px <= 0) {
            r.execType = ExecType.REJECTED;
            r.execRejectReason = 1;
        } else {
            r.execType = ExecType.FILL;
            r.execLastPx = px;
            r.execLastQty = qty;
            r.execCumQty = qty;
            r.execLeavesQty = 0;
            r.execFee = fee(instrumentId, px, qty);
            fills++;
        }
        offer(r);
    }

    @Override
    public void cancel(long orderId, int instrumentId, RingEvent cause) {
        // Orders fill on arrival here, so there is never anything left to cancel.
    }

    private long fee(int instrumentId, long px, long qty) {
        Instrument i = instruments.byId(instrumentId);
        if (i == null) {
            return 0;
        }
        // Fee in fixed-point price units, rounded half up: notional × bps / 10_000.
        double fee = (double) px * qty * i.fees().takerBps() / 10_000.0;
        return Math.round(fee);
    }

    private void offer(RingEvent r) {
        while (!reports.offer(r)) {
            Thread.onSpinWait();
        }
    }

    public long fills() {
        return fills;
    }
}
