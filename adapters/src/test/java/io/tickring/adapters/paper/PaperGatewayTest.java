package io.tickring.adapters.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.instrument.Instrument;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paper fills against hand-computed books; prices are cents (scale 2). */
class PaperGatewayTest {
    static final Instrument US =
            new Instrument(
                    1,
                    "TEST",
                    "SIM",
                    2,
                    1,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    new Instrument.Fees(-2, 10, 0, 0));
    static final Instrument CN =
            new Instrument(
                    2,
                    "600519",
                    "SSE",
                    2,
                    1,
                    100,
                    "CNY",
                    ZoneId.of("Asia/Shanghai"),
                    List.of(),
                    new Instrument.Fees(2.5, 2.5, 5, 5));
    static final long LATENCY = 100_000;

    final List<RingEvent> reports = new ArrayList<>();
    final PaperGateway gw =
            new PaperGateway(
                    r -> {
                        RingEvent copy = new RingEvent();
                        copy.copyInputFrom(r);
                        reports.add(copy);
                    },
                    List.of(US, CN),
                    new PaperGateway.Config(LATENCY, 0, 7, 64));
    final RingEvent e = new RingEvent();
    long time = 1_000_000_000L;

    /** A BOOK event one millisecond after the last event: asks and bids as {px, qty} pairs. */
    RingEvent book(int instrument, long[][] asks, long[][] bids) {
        time += 1_000_000;
        e.clearInput();
        e.type = EventType.BOOK;
        e.instrumentId = instrument;
        e.exchangeTimeNs = time;
        e.levels = Math.max(asks.length, bids.length);
        for (int l = 0; l < asks.length; l++) {
            e.askPx[l] = asks[l][0];
            e.askQty[l] = asks[l][1];
        }
        for (int l = 0; l < bids.length; l++) {
            e.bidPx[l] = bids[l][0];
            e.bidQty[l] = bids[l][1];
        }
        gw.onMarketData(e);
        return e;
    }

    void trade(int instrument, long px, long qty, byte aggressor) {
        time += 1_000_000;
        e.clearInput();
        e.type = EventType.TRADE;
        e.instrumentId = instrument;
        e.exchangeTimeNs = time;
        e.tradePx = px;
        e.tradeQty = qty;
        e.tradeAggressor = aggressor;
        gw.onMarketData(e);
    }

    static final long[][] ASKS = {{1000, 100}, {1001, 200}, {1002, 300}, {1003, 400}, {1004, 500}};
    static final long[][] BIDS = {{999, 300}, {998, 200}, {997, 100}, {996, 100}, {995, 100}};

    void assertReport(RingEvent r, byte type, long px, long qty, long leaves, long fee) {
        assertEquals(ExecType.name(type), ExecType.name(r.execType));
        assertEquals(px, r.execLastPx, "px");
        assertEquals(qty, r.execLastQty, "qty");
        assertEquals(leaves, r.execLeavesQty, "leaves");
        assertEquals(fee, r.execFee, "fee");
    }

    @Test
    void shouldSweepThreeLevelsAtTheBookOfArrival() {
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(1, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 450, 1002, cause);
        assertTrue(reports.isEmpty(), "nothing before the order reaches the venue");
        book(
                1,
                new long[][] {{1003, 10}},
                BIDS); // the next book: the order matched the book it arrived at
        assertEquals(3, reports.size());
        // 10 bps taker: 1000.00 -> 1.00; 2002.00 -> 2.00 (2.002); 1503.00 -> 1.50 (1.503)
        assertReport(reports.get(0), ExecType.PARTIAL_FILL, 1000, 100, 350, 100);
        assertReport(reports.get(1), ExecType.PARTIAL_FILL, 1001, 200, 150, 200);
        assertReport(reports.get(2), ExecType.FILL, 1002, 150, 0, 150);
        for (RingEvent r : reports) {
            assertEquals(time + LATENCY, r.exchangeTimeNs, "stamped trigger time + latency");
        }
    }

    @Test
    void shouldFillAnIocPartlyAndCancelTheRest() {
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(2, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 300, 1000, cause);
        book(1, ASKS, BIDS);
        assertEquals(2, reports.size());
        assertReport(reports.get(0), ExecType.PARTIAL_FILL, 1000, 100, 200, 100);
        assertReport(reports.get(1), ExecType.CANCELED, 0, 0, 0, 0);
        assertEquals(100, reports.get(1).execCumQty);
        assertEquals(0, gw.liveOrders());
    }

    @Test
    void shouldCancelAFokThatCannotFillWhole() {
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(3, 1, Side.BUY, OrderType.LIMIT, TimeInForce.FOK, 301, 1001, cause);
        gw.submit(4, 1, Side.BUY, OrderType.LIMIT, TimeInForce.FOK, 300, 1001, cause);
        book(1, ASKS, BIDS);
        assertEquals(3, reports.size());
        assertReport(reports.get(0), ExecType.CANCELED, 0, 0, 0, 0);
        assertEquals(0, reports.get(0).execCumQty, "untouched");
        assertEquals(3, reports.get(0).execOrderId);
        assertReport(reports.get(1), ExecType.PARTIAL_FILL, 1000, 100, 200, 100);
        assertReport(reports.get(2), ExecType.FILL, 1001, 200, 0, 200);
    }

    @Test
    void shouldFillARestingOrderOnlyAfterTheQueueAheadTradesAway() {
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(5, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 999, cause);
        book(1, ASKS, BIDS);
        assertEquals(1, reports.size());
        assertReport(reports.get(0), ExecType.ACK, 0, 0, 100, 0);
        assertEquals(300, gw.queueAhead(5), "displayed size at 9.99 on arrival");
        trade(1, 999, 200, Side.SELL);
        assertEquals(100, gw.queueAhead(5));
        trade(1, 999, 100, Side.BUY); // a buyer's print does not reach the bid queue
        assertEquals(100, gw.queueAhead(5));
        book(1, ASKS, new long[][] {{999, 100}, {998, 200}, {997, 100}, {996, 100}, {995, 100}});
        assertEquals(100, gw.queueAhead(5), "the decrease was the trade, not counted twice");
        assertEquals(1, reports.size(), "no fill while the queue ahead remains");
        trade(1, 999, 150, Side.SELL);
        assertEquals(2, reports.size());
        // maker rebate 2 bps of 499.50 = -0.0999 -> -0.10
        assertReport(reports.get(1), ExecType.PARTIAL_FILL, 999, 50, 50, -10);
        trade(1, 999, 80, Side.SELL);
        assertReport(reports.get(2), ExecType.FILL, 999, 50, 0, -10);
        assertEquals(0, gw.liveOrders());
    }

    @Test
    void shouldShrinkTheQueueOnSizeDecreasesAndFillWhenPriceTradesThrough() {
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(6, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 999, cause);
        book(1, ASKS, BIDS);
        book(1, ASKS, new long[][] {{999, 120}, {998, 200}, {997, 100}, {996, 100}, {995, 100}});
        assertEquals(120, gw.queueAhead(6));
        trade(1, 998, 10, Side.SELL);
        assertReport(reports.get(1), ExecType.FILL, 999, 100, 0, -20);
    }

    @Test
    void shouldCancelARestingOrderAfterTheCancelLatency() {
        RingEvent cause = book(1, ASKS, BIDS);
        gw.submit(7, 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 100, 1005, cause);
        book(1, ASKS, BIDS);
        gw.cancel(7, 1, book(1, ASKS, BIDS));
        assertEquals(1, gw.liveOrders(), "the cancel is still on its way");
        book(1, ASKS, BIDS);
        assertReport(reports.get(1), ExecType.CANCELED, 0, 0, 0, 0);
        assertEquals(0, gw.liveOrders());
    }

    @Test
    void shouldChargeCommissionMinimumAndStampDutyToTheCent() {
        // 100 x 1800.00 = 180,000.00 CNY: commission 2.5 bps = 45.00, stamp duty 5 bps on the sell
        // = 90.00
        assertEquals(13_500, PaperGateway.fee(CN, Side.SELL, 180_000, 100, false));
        assertEquals(4_500, PaperGateway.fee(CN, Side.BUY, 180_000, 100, false));
        // 100 x 10.00 = 1,000.00 CNY: commission 0.25 -> minimum 5.00; stamp duty 0.50
        assertEquals(550, PaperGateway.fee(CN, Side.SELL, 1_000, 100, false));
        assertEquals(500, PaperGateway.fee(CN, Side.BUY, 1_000, 100, true));
        // 10 bps of 1504.50 = 1.5045 -> 1.50 (half up to the cent)
        assertEquals(150, PaperGateway.fee(US, Side.SELL, 1_003, 150, false));
        // 10 bps of 1,005.00 = 1.005 -> 1.01
        assertEquals(101, PaperGateway.fee(US, Side.BUY, 1_005, 100, false));
    }

    @Test
    void shouldNeverStampAReportEarlierThanTriggerPlusFixedLatency() {
        PaperGateway jittery =
                new PaperGateway(
                        r -> {
                            RingEvent copy = new RingEvent();
                            copy.copyInputFrom(r);
                            reports.add(copy);
                        },
                        List.of(US),
                        new PaperGateway.Config(LATENCY, 3 * 1_000_000, 11, 64));
        long last = 0;
        for (int k = 0; k < 200; k++) {
            time += 700_000;
            e.clearInput();
            e.type = EventType.BOOK;
            e.instrumentId = 1;
            e.exchangeTimeNs = time;
            e.levels = 5;
            for (int l = 0; l < 5; l++) {
                e.askPx[l] = ASKS[l][0];
                e.askQty[l] = ASKS[l][1];
                e.bidPx[l] = BIDS[l][0];
                e.bidQty[l] = BIDS[l][1];
            }
            int before = reports.size();
            jittery.onMarketData(e);
            for (int i = before; i < reports.size(); i++) {
                assertTrue(reports.get(i).exchangeTimeNs >= time + LATENCY);
            }
            jittery.submit(
                    100 + k,
                    1,
                    k % 2 == 0 ? Side.BUY : Side.SELL,
                    OrderType.MARKET,
                    TimeInForce.IOC,
                    10,
                    0,
                    e);
            last = time;
        }
        assertTrue(last > 0);
        assertTrue(jittery.fills() > 150, "market orders fill once they arrive");
    }
}
