package io.tickring.engine.stage;

import io.tickring.adapters.OrderGateway;
import io.tickring.adapters.paper.PaperContext;
import io.tickring.adapters.paper.PaperGateway;
import io.tickring.core.EventType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.stage.features.FeaturesStage;
import io.tickring.engine.stage.risk.RiskContext;
import io.tickring.engine.stage.risk.RiskStage;
import io.tickring.engine.stage.router.Portfolio;
import io.tickring.engine.stage.router.RouterStage;
import io.tickring.journal.OutputJournal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The features, risk and router stages on one thread against the paper venue, for the tests of
 * operator CONTROL events: a BOOK with an optional resting intent, the venue's reports fed back as
 * execution reports, and a CONTROL event; the cancels the router sent are kept in order.
 */
abstract class PaperVenueChain {
    static final Instrument I =
            new Instrument(
                    1,
                    "SIMA",
                    "SIM",
                    4,
                    100,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE);
    static final long LATENCY = 100_000;

    final List<RingEvent> reports = new ArrayList<>();
    final PaperGateway paper =
            new PaperGateway(
                    r -> {
                        RingEvent copy = new RingEvent();
                        copy.copyInputFrom(r);
                        reports.add(copy);
                    },
                    List.of(I),
                    new PaperContext().latencyNs(LATENCY).seed(1).maxOpenOrders(64));
    final List<Long> cancels = new ArrayList<>();
    final OutputJournal out = new OutputJournal(null);
    final FeaturesStage features = new FeaturesStage(List.of(I));
    final RiskStage risk =
            new RiskStage(
                    new RiskContext().maxOrderQty(1000).maxPosition(1000).maxOrdersPerSecond(100),
                    List.of(I));
    final RouterStage router =
            new RouterStage(
                    out,
                    new OrderGateway() {
                        @Override
                        public void submit(
                                long orderId,
                                int instrumentId,
                                byte side,
                                byte orderType,
                                byte tif,
                                long qty,
                                long px,
                                RingEvent cause) {
                            paper.submit(
                                    orderId, instrumentId, side, orderType, tif, qty, px, cause);
                        }

                        @Override
                        public void cancel(long orderId, int instrumentId, RingEvent cause) {
                            cancels.add(orderId);
                            paper.cancel(orderId, instrumentId, cause);
                        }

                        @Override
                        public void onMarketData(RingEvent e) {
                            paper.onMarketData(e);
                        }
                    },
                    new Portfolio(List.of(I)));
    final RingEvent e = new RingEvent();
    long time = 1_000_000_000L;

    void run() {
        features.onEvent(e);
        risk.onEvent(e);
        router.onEvent(e);
    }

    /**
     * A BOOK 1 ms after the last event, with an optional resting intent; then the reports it
     * caused.
     */
    void book(byte side, long px) {
        time += 1_000_000;
        e.clearInput();
        e.type = EventType.BOOK;
        e.instrumentId = 1;
        e.exchangeTimeNs = time;
        e.levels = 1;
        e.bidPx[0] = 999_900;
        e.bidQty[0] = 500;
        e.askPx[0] = 1_000_000;
        e.askQty[0] = 500;
        e.intentSide = side;
        e.intentOrderType = side == Side.NONE ? OrderType.NONE : OrderType.LIMIT;
        e.intentTif = TimeInForce.GTC;
        e.intentQty = side == Side.NONE ? 0 : 100;
        e.intentPx = px;
        e.intentConfidence = 1;
        int before = reports.size();
        run();
        feedReports(before);
    }

    void feedReports(int from) {
        List<RingEvent> fresh = new ArrayList<>(reports.subList(from, reports.size()));
        for (RingEvent r : fresh) {
            e.clearInput();
            e.copyInputFrom(r);
            e.intentSide = Side.NONE;
            run();
        }
    }

    /** A CONTROL event 1 ms after the last event, with {@code code} and its parameter. */
    void control(byte code, long param) {
        time += 1_000_000;
        e.clearInput();
        e.type = EventType.CONTROL;
        e.exchangeTimeNs = time;
        e.controlCode = code;
        e.controlParamValue = param;
        e.intentSide = Side.NONE;
        run();
    }
}
