package io.tickring.adapters.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A QUOTE between depth updates gives the paper venue the touch: it replaces the last book's best
 * levels, so an order that the QUOTE makes marketable fills against it, and one the last BOOK would
 * have filled does not.
 */
class PaperGatewayQuoteTest {
    private final List<RingEvent> reports = new ArrayList<>();
    private final PaperGateway gw =
            new PaperGateway(
                    r -> {
                        RingEvent copy = new RingEvent();
                        copy.copyInputFrom(r);
                        reports.add(copy);
                    },
                    List.of(PaperGatewayTest.US),
                    PaperGatewayTest.defaults());
    private final RingEvent e = new RingEvent();
    private long time = 1_000_000_000L;

    private RingEvent book() {
        time += 1_000_000;
        e.clearInput();
        e.type = EventType.BOOK;
        e.instrumentId = 1;
        e.exchangeTimeNs = time;
        e.levels = 5;
        for (int l = 0; l < 5; l++) {
            e.askPx[l] = PaperGatewayTest.ASKS[l][0];
            e.askQty[l] = PaperGatewayTest.ASKS[l][1];
            e.bidPx[l] = PaperGatewayTest.BIDS[l][0];
            e.bidQty[l] = PaperGatewayTest.BIDS[l][1];
        }
        gw.onMarketData(e);
        return e;
    }

    private RingEvent quote(long bid, long bidQty, long ask, long askQty) {
        time += 1_000_000;
        e.clearInput();
        e.type = EventType.QUOTE;
        e.instrumentId = 1;
        e.exchangeTimeNs = time;
        e.quoteBidPx = bid;
        e.quoteBidQty = bidQty;
        e.quoteAskPx = ask;
        e.quoteAskQty = askQty;
        gw.onMarketData(e);
        return e;
    }

    @Test
    void shouldFillAnOrderTheQuoteMakesMarketable() {
        book(); // asks 1000 x100, 1001 x200, ...; bids 999 x300, ...
        RingEvent cause = quote(998, 10, 999, 50); // the ask came down to 999
        gw.submit(1, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 120, 1000, cause);
        quote(998, 10, 999, 50); // the order arrives: matched against the quote's book
        assertEquals(2, reports.size());
        assertEquals(ExecType.PARTIAL_FILL, reports.get(0).execType);
        assertEquals(999, reports.get(0).execLastPx, "the quote's ask");
        assertEquals(50, reports.get(0).execLastQty);
        assertEquals(1000, reports.get(1).execLastPx, "then the BOOK's level behind it");
        assertEquals(70, reports.get(1).execLastQty);
        assertEquals(ExecType.FILL, reports.get(1).execType);
    }

    @Test
    void shouldNotFillAgainstBookLevelsTheQuoteHasMovedAway() {
        book();
        RingEvent cause = quote(999, 300, 1001, 40); // 1000 is gone
        gw.submit(2, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 10, 1000, cause);
        quote(999, 300, 1001, 40);
        assertEquals(1, reports.size());
        assertEquals(ExecType.CANCELED, reports.get(0).execType, "nothing at or below 1000");
    }

    @Test
    void shouldIgnoreACrossedQuote() {
        book();
        RingEvent cause = quote(1000, 5, 1000, 5);
        gw.submit(3, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 10, 1000, cause);
        quote(1001, 5, 1000, 5);
        assertEquals(1, reports.size());
        assertEquals(ExecType.FILL, reports.get(0).execType, "the BOOK's 1000 still stands");
        assertEquals(1000, reports.get(0).execLastPx);
    }
}
