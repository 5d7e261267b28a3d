package io.tickring.adapters.paper;

import io.tickring.adapters.OrderGateway;
import io.tickring.core.instrument.Instrument;
import java.util.List;

/**
 * What the venue tests see of a paper venue: {@link PaperGateway} and {@link ReferencePaperVenue}
 * both.
 */
interface PaperVenue extends OrderGateway {
    /**
     * The estimated queue ahead of a resting order, -1 if it is not resting or its queue is
     * unknown.
     */
    long queueAhead(long orderId);

    /** Orders held now (arriving or resting). */
    int liveOrders();

    /** Builds one implementation. */
    @FunctionalInterface
    interface Factory {
        PaperVenue create(
                PaperGateway.ReportSink sink, List<Instrument> instruments, PaperContext config);
    }

    /**
     * The two implementations under one suite, as exchange-core runs its naive and direct order
     * books.
     */
    enum Kind implements Factory {
        FAST {
            @Override
            public PaperVenue create(
                    PaperGateway.ReportSink sink,
                    List<Instrument> instruments,
                    PaperContext config) {
                PaperGateway g = new PaperGateway(sink, instruments, config);
                return new PaperVenue() {
                    @Override
                    public void submit(
                            long orderId,
                            int instrumentId,
                            byte side,
                            byte orderType,
                            byte tif,
                            long qty,
                            long limitPx,
                            io.tickring.core.RingEvent cause) {
                        g.submit(orderId, instrumentId, side, orderType, tif, qty, limitPx, cause);
                    }

                    @Override
                    public void cancel(
                            long orderId, int instrumentId, io.tickring.core.RingEvent cause) {
                        g.cancel(orderId, instrumentId, cause);
                    }

                    @Override
                    public void onMarketData(io.tickring.core.RingEvent e) {
                        g.onMarketData(e);
                    }

                    @Override
                    public long queueAhead(long orderId) {
                        return g.queueAhead(orderId);
                    }

                    @Override
                    public int liveOrders() {
                        return g.liveOrders();
                    }
                };
            }
        },
        REFERENCE {
            @Override
            public PaperVenue create(
                    PaperGateway.ReportSink sink,
                    List<Instrument> instruments,
                    PaperContext config) {
                return new ReferencePaperVenue(sink, instruments, config);
            }
        }
    }
}
