package io.tickring.engine.stage.router;

import io.tickring.adapters.OrderGateway;
import io.tickring.adapters.paper.PaperContext;
import io.tickring.adapters.paper.PaperGateway;
import io.tickring.core.KillSwitch;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.OutputCodec;
import io.tickring.core.instrument.Instrument;
import io.tickring.journal.OutputJournal;
import java.util.List;

/**
 * Shadow mode ({@code gateway.shadow: true}, issue 15): every order and cancel the router releases
 * goes to the live gateway and also to a paper venue that sees the same market data, and the paper
 * venue's reports are written to {@code out/} as SHADOW_EXEC records beside the router's own.
 *
 * <p>The paper side never reaches the ring: its reports are output records, not input events, so
 * they cannot move a position, a risk limit or a decision of the live engine. They are a function
 * of the input journal alone (market data, and the orders and cancels the chain derives from it),
 * so a replay that shadows too writes them again byte for byte. For that the paper venue gets a
 * kill latch of its own that nothing trips: the engine's latch trips at a wall-clock moment, which
 * a replay cannot see; the KILL itself still cancels its orders when it reaches the router. It does
 * not replace orders (nor does the router ask for it).
 *
 * <p>Runs on the router's thread; allocation-free in steady state, as the paper venue is.
 */
public final class ShadowGateway implements OrderGateway {
    private final OrderGateway live;
    private final PaperGateway paper;
    private final OutputJournal out;

    /** The input event being handled: the sequence each SHADOW_EXEC record carries. */
    private long sequence;

    private volatile long reports;

    /**
     * @param live the gateway that trades (the FIX gateway; {@link OrderGateway#NONE} in replay)
     * @param instruments every instrument the paper venue trades
     * @param paper the paper venue's parameters (the configuration's {@code paper} section)
     * @param out where the paper venue's reports go, the router's output journal
     */
    public ShadowGateway(
            OrderGateway live,
            List<Instrument> instruments,
            PaperContext paper,
            OutputJournal out) {
        this.live = live;
        this.out = out;
        this.paper = new PaperGateway(this::onPaperReport, instruments, paper, new KillSwitch());
    }

    private void onPaperReport(RingEvent report) {
        out.commit(OutputCodec.encodeShadowExec(report, sequence, out.buffer(), 0));
        reports++;
    }

    @Override
    public void submit(
            long orderId,
            int instrumentId,
            byte side,
            byte orderType,
            byte tif,
            long qty,
            long limitPx,
            RingEvent cause) {
        live.submit(orderId, instrumentId, side, orderType, tif, qty, limitPx, cause);
        sequence = cause.sequence;
        paper.submit(orderId, instrumentId, side, orderType, tif, qty, limitPx, cause);
    }

    @Override
    public void cancel(long orderId, int instrumentId, RingEvent cause) {
        live.cancel(orderId, instrumentId, cause);
        sequence = cause.sequence;
        paper.cancel(orderId, instrumentId, cause);
    }

    @Override
    public void replace(long orderId, int instrumentId, long qty, long limitPx, RingEvent cause) {
        live.replace(orderId, instrumentId, qty, limitPx, cause);
    }

    @Override
    public void onMarketData(RingEvent e) {
        live.onMarketData(e);
        sequence = e.sequence;
        paper.onMarketData(e);
    }

    /** The live gateway learns the recovered reports on a resume; the paper side needs none. */
    @Override
    public void onReport(RingEvent e) {
        live.onReport(e);
    }

    /** The live gateway this one wraps. */
    public OrderGateway live() {
        return live;
    }

    /** SHADOW_EXEC records written so far (read after the run). */
    public long reports() {
        return reports;
    }
}
