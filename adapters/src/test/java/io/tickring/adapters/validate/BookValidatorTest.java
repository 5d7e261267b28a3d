package io.tickring.adapters.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import org.junit.jupiter.api.Test;

class BookValidatorTest {
    private static final long T = 1_340_285_400_000_000_000L;

    private final BookValidator validator = new BookValidator();

    /** A valid 5-level book: asks 1001..1005 x 10.., bids 1000..996 x 20... */
    private static RingEvent book(int instrument, long time) {
        RingEvent e = new RingEvent();
        e.type = EventType.BOOK;
        e.instrumentId = instrument;
        e.exchangeTimeNs = time;
        e.levels = 5;
        for (int k = 0; k < 5; k++) {
            e.askPx[k] = 1001 + k;
            e.askQty[k] = 10 + k;
            e.bidPx[k] = 1000 - k;
            e.bidQty[k] = 20 + k;
        }
        return e;
    }

    private static RingEvent trade(int instrument, long time, long px, long qty) {
        RingEvent e = new RingEvent();
        e.type = EventType.TRADE;
        e.instrumentId = instrument;
        e.exchangeTimeNs = time;
        e.tradePx = px;
        e.tradeQty = qty;
        e.tradeAggressor = Side.BUY;
        return e;
    }

    @Test
    void shouldAcceptAValidBookAndTrade() {
        assertEquals(DropReason.OK, validator.check(book(1, T)));
        assertEquals(DropReason.OK, validator.check(trade(1, T, 1001, 5)));
        assertEquals(T, validator.lastExchangeTime(1));
        assertEquals(Long.MIN_VALUE, validator.lastExchangeTime(2));
    }

    @Test
    void shouldAcceptEmptyLevelsOnlyAtTheTailOfASide() {
        RingEvent e = book(1, T);
        e.askPx[3] = 0;
        e.askQty[3] = 0;
        e.askPx[4] = 0;
        e.askQty[4] = 0;
        assertEquals(DropReason.OK, validator.check(e));
        RingEvent oneSided = book(1, T + 1);
        for (int k = 0; k < 5; k++) {
            oneSided.bidPx[k] = 0;
            oneSided.bidQty[k] = 0;
        }
        assertEquals(DropReason.OK, validator.check(oneSided), "a side may be entirely empty");
        RingEvent hole = book(1, T + 2);
        hole.bidPx[1] = 0;
        hole.bidQty[1] = 0;
        assertEquals(
                DropReason.LEVELS_OUT_OF_ORDER,
                validator.check(hole),
                "a level after an empty one");
    }

    @Test
    void shouldRejectCrossedAndLockedBooks() {
        RingEvent crossed = book(1, T);
        crossed.bidPx[0] = 1002;
        assertEquals(DropReason.CROSSED_OR_LOCKED, validator.check(crossed));
        RingEvent locked = book(1, T);
        locked.bidPx[0] = 1001;
        assertEquals(DropReason.CROSSED_OR_LOCKED, validator.check(locked));
        assertTrue(
                validator
                        .describe(locked, DropReason.CROSSED_OR_LOCKED)
                        .contains("1001 = best bid 1001"));
    }

    @Test
    void shouldRejectNonPositivePrices() {
        RingEvent e = book(1, T);
        e.askPx[2] = -5;
        assertEquals(DropReason.NON_POSITIVE_PRICE, validator.check(e));
        RingEvent zeroPriceWithSize = book(1, T);
        zeroPriceWithSize.bidPx[4] = 0;
        assertEquals(
                DropReason.NON_POSITIVE_PRICE,
                validator.check(zeroPriceWithSize),
                "price 0 with a size is not empty");
        assertEquals(DropReason.NON_POSITIVE_PRICE, validator.check(trade(1, T, 0, 5)));
    }

    @Test
    void shouldRejectNonPositiveSizes() {
        RingEvent e = book(1, T);
        e.bidQty[1] = -1;
        assertEquals(DropReason.NON_POSITIVE_SIZE, validator.check(e));
        RingEvent zeroSize = book(1, T);
        zeroSize.askQty[0] = 0;
        assertEquals(
                DropReason.NON_POSITIVE_SIZE,
                validator.check(zeroSize),
                "size 0 with a price is not empty");
        assertEquals(DropReason.NON_POSITIVE_SIZE, validator.check(trade(1, T, 1001, 0)));
    }

    @Test
    void shouldRejectLevelsOutOfOrder() {
        RingEvent asks = book(1, T);
        asks.askPx[3] = asks.askPx[2];
        assertEquals(
                DropReason.LEVELS_OUT_OF_ORDER, validator.check(asks), "two levels at one price");
        RingEvent bids = book(1, T);
        bids.bidPx[2] = 999;
        bids.bidPx[1] = 998;
        assertEquals(DropReason.LEVELS_OUT_OF_ORDER, validator.check(bids));
    }

    @Test
    void shouldRejectTimeGoingBackwardsPerInstrument() {
        assertEquals(DropReason.OK, validator.check(book(1, T)));
        assertEquals(
                DropReason.OK,
                validator.check(book(2, T - 1000)),
                "another instrument has its own clock");
        assertEquals(DropReason.TIME_BACKWARDS, validator.check(trade(1, T - 1, 1001, 1)));
        assertEquals(DropReason.TIME_BACKWARDS, validator.check(book(1, T - 1)));
        assertTrue(
                validator
                        .describe(book(1, T - 1), DropReason.TIME_BACKWARDS)
                        .contains("before " + T));
        assertEquals(DropReason.OK, validator.check(trade(1, T, 1001, 1)), "equal time is fine");
    }

    @Test
    void shouldRejectARepeatedBookAtTheSameTimeOnly() {
        assertEquals(DropReason.OK, validator.check(book(1, T)));
        assertEquals(DropReason.OK, validator.check(trade(1, T, 1001, 1)));
        assertEquals(
                DropReason.DUPLICATE,
                validator.check(book(1, T)),
                "same book, same time, even after a trade");
        assertEquals(
                DropReason.OK,
                validator.check(book(1, T + 1)),
                "same book later is a new snapshot");
        assertEquals(DropReason.OK, validator.check(trade(1, T + 1, 1001, 1)));
        assertEquals(
                DropReason.OK,
                validator.check(trade(1, T + 1, 1001, 1)),
                "identical trades are never duplicates");
        RingEvent changed = book(1, T + 1);
        changed.askQty[4] = 99;
        assertEquals(DropReason.OK, validator.check(changed));
    }

    @Test
    void shouldRejectUnknownInstrumentsAndBadFields() {
        assertEquals(DropReason.UNKNOWN_SYMBOL, validator.check(book(0, T)));
        RingEvent deep = book(1, T);
        deep.levels = RingEvent.MAX_LEVELS + 1;
        assertEquals(DropReason.BAD_FIELD, validator.check(deep));
        RingEvent aggressor = trade(1, T, 1001, 1);
        aggressor.tradeAggressor = 3;
        assertEquals(DropReason.BAD_FIELD, validator.check(aggressor));
        RingEvent control = new RingEvent();
        control.type = EventType.CONTROL;
        control.instrumentId = 1;
        control.exchangeTimeNs = T;
        control.controlCode = ControlCode.MARKET_HALT;
        assertEquals(DropReason.OK, validator.check(control));
        control.controlCode = 99;
        assertEquals(DropReason.BAD_FIELD, validator.check(control));
    }

    @Test
    void shouldRejectABookWithoutLevelsAndNegativeSizes() {
        RingEvent none = book(1, T);
        none.levels = 0;
        assertEquals(
                DropReason.BAD_FIELD,
                validator.check(none),
                "a book of depth 0 has nothing to pass on");
        RingEvent negative = book(1, T);
        negative.askQty[1] = -5;
        assertEquals(DropReason.NON_POSITIVE_SIZE, validator.check(negative));
        assertEquals(DropReason.NON_POSITIVE_SIZE, validator.check(trade(1, T, 1001, -1)));
        assertEquals(
                DropReason.OK, validator.check(book(1, T)), "the rejected ones moved no state");
    }

    @Test
    void shouldLeaveStateUntouchedByARejectedEvent() {
        assertEquals(DropReason.OK, validator.check(book(1, T)));
        RingEvent crossed = book(1, T + 10);
        crossed.bidPx[0] = 2000;
        assertEquals(DropReason.CROSSED_OR_LOCKED, validator.check(crossed));
        assertEquals(T, validator.lastExchangeTime(1));
        assertEquals(
                DropReason.DUPLICATE,
                validator.check(book(1, T)),
                "the last accepted book is still the first");
    }

    @Test
    void shouldPassEventsThatAreNotMarketData() {
        RingEvent timer = new RingEvent();
        timer.type = EventType.TIMER;
        timer.exchangeTimeNs = 0;
        assertEquals(DropReason.OK, validator.check(timer));
    }

    @Test
    void shouldKeepStateForManyInstruments() {
        for (int id = 1; id <= 100; id++) {
            assertEquals(DropReason.OK, validator.check(book(id, T + id)));
        }
        for (int id = 1; id <= 100; id++) {
            assertEquals(
                    DropReason.DUPLICATE, validator.check(book(id, T + id)), "instrument " + id);
            assertEquals(T + id, validator.lastExchangeTime(id));
        }
    }

    @Test
    void shouldCountDropsByReason() {
        DropCounters c = new DropCounters();
        c.increment(DropReason.DUPLICATE);
        c.increment(DropReason.DUPLICATE);
        c.increment(DropReason.BAD_FIELD);
        assertEquals(2, c.get(DropReason.DUPLICATE));
        assertEquals(3, c.total());
        assertEquals(DropReason.COUNT - 1, c.asMap().size(), "every reason, zeros included");
        assertEquals(2L, c.asMap().get("DUPLICATE"));
        assertTrue(c.toJson().contains("\"DUPLICATE\":2"), c.toJson());
        assertTrue(c.toJson().startsWith("{\"CROSSED_OR_LOCKED\":0,"), c.toJson());
    }
}
