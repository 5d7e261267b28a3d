package io.tickring.adapters.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import org.junit.jupiter.api.Test;

class BookChecksTest {
    private final BookChecks checks = new BookChecks();

    private static RingEvent book(long timeNs, long... bidsThenAsks) {
        RingEvent e = new RingEvent();
        e.type = EventType.BOOK;
        e.instrumentId = 401;
        e.exchangeTimeNs = timeNs;
        int n = bidsThenAsks.length / 2;
        e.levels = n;
        for (int k = 0; k < n; k++) {
            e.bidPx[k] = bidsThenAsks[k];
            e.bidQty[k] = 5;
            e.askPx[k] = bidsThenAsks[n + k];
            e.askQty[k] = 5;
        }
        return e;
    }

    private static RingEvent trade(long timeNs, long px, long qty) {
        RingEvent e = new RingEvent();
        e.type = EventType.TRADE;
        e.instrumentId = 401;
        e.exchangeTimeNs = timeNs;
        e.tradePx = px;
        e.tradeQty = qty;
        return e;
    }

    @Test
    void shouldPassAGoodBookAndNameEachBadOne() {
        assertNull(checks.checkBook(book(10, 100, 99, 101, 102), 1));
        assertEquals(DropReason.CROSSED, checks.checkBook(book(11, 102, 99, 101, 103), 2));
        assertEquals(DropReason.LOCKED, checks.checkBook(book(11, 101, 99, 101, 103), 2));
        assertEquals(DropReason.NON_POSITIVE, checks.checkBook(book(11, 100, 0, 101, 102), 2));
        RingEvent noSize = book(11, 100, 99, 101, 102);
        noSize.askQty[1] = 0;
        assertEquals(DropReason.NON_POSITIVE, checks.checkBook(noSize, 2));
        assertEquals(DropReason.OUT_OF_ORDER, checks.checkBook(book(11, 100, 100, 101, 102), 2), "equal bids");
        assertEquals(DropReason.OUT_OF_ORDER, checks.checkBook(book(11, 100, 99, 102, 101), 2));
        assertEquals(DropReason.EMPTY_SIDE, checks.checkBook(book(11), 2));
        assertEquals(DropReason.DUPLICATE, checks.checkBook(book(11, 100, 99, 101, 102), 1), "same update id");
        assertEquals(DropReason.TIME_BACKWARDS, checks.checkBook(book(9, 100, 99, 101, 102), 2));
        assertNull(checks.checkBook(book(10, 100, 99, 101, 102), 2), "equal time is not backwards; drops did not move state");
    }

    @Test
    void shouldCheckTradesByIdAndTime() {
        assertNull(checks.checkTrade(trade(10, 100, 1), 5));
        assertEquals(DropReason.NON_POSITIVE, checks.checkTrade(trade(11, 0, 1), 6));
        assertEquals(DropReason.NON_POSITIVE, checks.checkTrade(trade(11, 100, -1), 6));
        assertEquals(DropReason.DUPLICATE, checks.checkTrade(trade(11, 100, 1), 5));
        assertEquals(DropReason.TIME_BACKWARDS, checks.checkTrade(trade(9, 100, 1), 6));
        assertNull(checks.checkTrade(trade(10, 100, 1), 6));
        assertNull(checks.checkBook(book(1, 100, 101), 1), "books keep their own clock");
    }
}
