package io.tickring.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tickring.adapters.paper.PaperContext;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.codec.OutputRecord;
import io.tickring.core.instrument.Instrument;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A small scripted shadowed run, every figure of the report worked out by hand: one resting buy
 * that the live venue filled half of (only an optimistic queue model explains it), one IOC buy that
 * the live venue filled worse than the paper venue and one IOC sell likewise.
 */
class ShadowReportTest {
    /** Prices at 2 decimals (tick 0.01), whole quantities, USD to the cent, taker 1 bp. */
    static final Instrument X =
            new Instrument(
                    1,
                    "X",
                    "SIM",
                    2,
                    1,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    new Instrument.Fees(0, 1, 0, 0));

    static final long T0 = 1_767_646_800_000_000_000L;
    static final long MS = 1_000_000L;
    static final long US = 1_000L;

    final List<Object> script = new ArrayList<>();
    long seq;
    RingEvent lastInput;

    RingEvent book(long t, long[][] bids, long[][] asks) {
        RingEvent e = event(EventType.BOOK, t);
        e.levels = Math.max(bids.length, asks.length);
        for (int k = 0; k < bids.length; k++) {
            e.bidPx[k] = bids[k][0];
            e.bidQty[k] = bids[k][1];
        }
        for (int k = 0; k < asks.length; k++) {
            e.askPx[k] = asks[k][0];
            e.askQty[k] = asks[k][1];
        }
        e.bookValid = true;
        return e;
    }

    RingEvent event(int type, long t) {
        RingEvent e = new RingEvent();
        e.type = type;
        e.sequence = ++seq;
        e.instrumentId = X.id();
        e.exchangeTimeNs = T0 + t;
        e.receiveTimeNs = T0 + t;
        script.add(e);
        lastInput = e;
        return e;
    }

    void trade(long t, long px, long qty, byte aggressor) {
        RingEvent e = event(EventType.TRADE, t);
        e.tradePx = px;
        e.tradeQty = qty;
        e.tradeAggressor = aggressor;
    }

    void live(long t, long id, byte type, byte side, long px, long qty, long leaves, long fee) {
        RingEvent e = event(EventType.EXEC_REPORT, t);
        e.execOrderId = id;
        e.execType = type;
        e.execSide = side;
        e.execLastPx = px;
        e.execLastQty = qty;
        e.execLeavesQty = leaves;
        e.execFee = fee;
    }

    /** An ORDER written while the last input was handled. */
    void order(long id, byte side, byte tif, long qty, long px) {
        RingEvent cause = lastInput;
        OutputRecord o = record(EventType.ORDER, cause.sequence, cause.exchangeTimeNs);
        o.orderId = id;
        o.side = side;
        o.orderType = OrderType.LIMIT;
        o.tif = tif;
        o.qty = qty;
        o.px = px;
    }

    /** A SHADOW_EXEC written while the last input was handled. */
    void paper(long t, long id, byte type, byte side, long px, long qty, long fee) {
        RingEvent cause = lastInput;
        OutputRecord o = record(EventType.SHADOW_EXEC, cause.sequence, T0 + t);
        o.orderId = id;
        o.execType = type;
        o.side = side;
        o.px = px;
        o.qty = qty;
        o.fee = fee;
    }

    OutputRecord record(int type, long sequence, long timeNs) {
        OutputRecord o = new OutputRecord();
        o.type = type;
        o.sequence = sequence;
        o.instrumentId = X.id();
        o.exchangeTimeNs = timeNs;
        o.receiveTimeNs = timeNs;
        script.add(o);
        return o;
    }

    ShadowReport.Source source() {
        return v -> {
            for (Object o : script) {
                if (o instanceof RingEvent e) {
                    v.onInput(e);
                } else {
                    v.onOutput((OutputRecord) o);
                }
            }
        };
    }

    void script() {
        long[][] bid300 = {{10000, 300}};
        long[][] bid500 = {{10000, 500}};
        long[][] ask = {{10002, 200}};
        // Order 1: BUY 100 GTC at the bid, 300 ahead of it.
        book(0, bid300, ask);
        book(1 * MS, bid300, ask);
        order(1, Side.BUY, TimeInForce.GTC, 100, 10000);
        live(2 * MS, 1, ExecType.ACK, Side.BUY, 0, 0, 100, 0);
        // 200 join behind it, then 200 leave: only the optimistic model takes them from ahead.
        book(5 * MS, bid500, ask);
        paper(5 * MS + 100 * US, 1, ExecType.ACK, Side.BUY, 0, 0, 0);
        book(12 * MS, bid300, ask);
        // A print of 150 at our price: optimistic fills 50 (100 ahead), the others none.
        trade(20 * MS, 10000, 150, Side.SELL);
        live(21 * MS, 1, ExecType.PARTIAL_FILL, Side.BUY, 10000, 50, 50, 0);

        // Order 2: BUY 100 IOC through two ask levels.
        long[][] asks2 = {{10002, 40}, {10003, 100}};
        long[][] bids2 = {{10000, 300}, {9999, 100}};
        book(30 * MS, bids2, asks2);
        order(2, Side.BUY, TimeInForce.IOC, 100, 10003);
        book(31 * MS, bids2, asks2);
        paper(31 * MS + 100 * US, 2, ExecType.PARTIAL_FILL, Side.BUY, 10002, 40, 40);
        paper(31 * MS + 100 * US, 2, ExecType.FILL, Side.BUY, 10003, 60, 60);
        live(31 * MS + 500 * US, 2, ExecType.ACK, Side.BUY, 0, 0, 100, 0);
        live(32 * MS, 2, ExecType.PARTIAL_FILL, Side.BUY, 10003, 97, 3, 97);
        live(32 * MS, 2, ExecType.CANCELED, Side.BUY, 0, 0, 0, 0);

        // Order 3: SELL 10 IOC at the bid; live sold a tick lower.
        book(40 * MS, bids2, asks2);
        order(3, Side.SELL, TimeInForce.IOC, 10, 9999);
        book(41 * MS, bids2, asks2);
        paper(41 * MS + 100 * US, 3, ExecType.FILL, Side.SELL, 10000, 10, 10);
        live(41 * MS + 500 * US, 3, ExecType.ACK, Side.SELL, 0, 0, 10, 0);
        live(42 * MS, 3, ExecType.FILL, Side.SELL, 9999, 10, 0, 10);
        book(60 * MS, bids2, asks2);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldCompareLiveAndPaperFillsAsWorkedOutByHand() {
        script();
        ShadowReport r = ShadowReport.of(source(), List.of(X), new PaperContext().seed(42), null);
        Map<String, Object> j = r.json();
        assertEquals(3, j.get("orders_released"));
        assertEquals(4L, j.get("shadow_records"));
        List<Object> orders = (List<Object>) j.get("orders");

        Map<String, Object> o1 = map(orders.get(0));
        Map<String, Object> live1 = map(o1.get("live"));
        Map<String, Object> paper1 = map(o1.get("paper"));
        assertEquals("50", live1.get("filled"));
        assertEquals("0.5", live1.get("fill_ratio"));
        assertEquals("100", live1.get("avg_px"));
        assertEquals(20 * MS, live1.get("time_to_first_fill_ns")); // 21 ms - 1 ms
        assertEquals(19 * MS, live1.get("queue_time_ns")); // 21 ms - ack at 2 ms
        assertEquals("working", live1.get("end"));
        assertEquals("0", paper1.get("filled"));
        assertNull(paper1.get("avg_px"));
        assertNull(paper1.get("queue_time_ns"));
        assertNull(o1.get("slippage"), "nothing to compare prices with");

        // Paper: 40 @ 100.02 + 60 @ 100.03 = 100 @ 100.026; live 97 @ 100.03.
        // Slippage: (100.03 - 100.026) x 97 = 0.388 USD -> 0.39.
        Map<String, Object> o2 = map(orders.get(1));
        Map<String, Object> live2 = map(o2.get("live"));
        Map<String, Object> paper2 = map(o2.get("paper"));
        assertEquals("97", live2.get("filled"));
        assertEquals("0.97", live2.get("fill_ratio"));
        assertEquals("100.03", live2.get("avg_px"));
        assertEquals("0.97", live2.get("fees"));
        assertEquals(2 * MS, live2.get("time_to_first_fill_ns"));
        assertEquals(500 * US, live2.get("queue_time_ns"));
        assertEquals("CANCELED", live2.get("end"));
        assertEquals("100", paper2.get("filled"));
        assertEquals("1", paper2.get("fill_ratio"));
        assertEquals("100.026", paper2.get("avg_px"));
        assertEquals("1.00", paper2.get("fees"));
        assertEquals(MS + 100 * US, paper2.get("time_to_first_fill_ns"));
        assertNull(paper2.get("queue_time_ns"), "an IOC that took liquidity never queued");
        assertEquals("FILL", paper2.get("end"));
        assertEquals("0.39", o2.get("slippage"));

        // A sell: live 99.99, paper 100.00: -1 x (99.99 - 100.00) x 10 = +0.10 USD (live worse).
        Map<String, Object> o3 = map(orders.get(2));
        assertEquals("0.10", o3.get("slippage"));
        assertEquals("99.99", map(o3.get("live")).get("avg_px"));

        // Per instrument: 210 ordered; live 50 + 97 + 10 = 157, paper 0 + 100 + 10 = 110.
        Map<String, Object> t = map(map(j.get("totals")).get("X"));
        assertEquals(3L, t.get("orders"));
        assertEquals("210", t.get("qty"));
        assertEquals(2L, t.get("orders_both_filled"));
        assertEquals("0.49", t.get("slippage")); // 0.39 + 0.10
        Map<String, Object> tl = map(t.get("live"));
        Map<String, Object> tp = map(t.get("paper"));
        assertEquals("157", tl.get("filled"));
        assertEquals("0.747619", tl.get("fill_ratio")); // 157 / 210
        assertEquals("1.07", tl.get("fees")); // 0 + 0.97 + 0.10
        assertEquals("110", tp.get("filled"));
        assertEquals("1.10", tp.get("fees"));
        // (500000 + 970291 + 99990) / 157 = 10001.789808917... at 6 more digits, in price units
        assertEquals("100.01789809", tl.get("avg_px"));
        // live first fills 20, 2 and 2 ms after release; queue times 19, 0.5 and 0.5 ms
        assertEquals(8 * MS, tl.get("mean_time_to_first_fill_ns"));
        assertEquals(20 * MS / 3, tl.get("mean_queue_time_ns"));

        // Calibration: only the optimistic queue model fills order 1 as the live venue did; among
        // latencies 1 ms puts each paper fill at the live fill's time (0, 1.5 ms misses order 2's
        // next book at 31 ms, 10 ms misses order 1's queue).
        Map<String, Object> cal = map(j.get("calibration"));
        assertEquals(
                "queue_model=optimistic trade_through=print-size latency=1ms", cal.get("best"));
        Map<String, Object> best = map(((List<Object>) cal.get("ranked")).get(0));
        assertEquals(0.01, best.get("fill_ratio_error")); // (0 + 3/100 + 0) / 3
        assertEquals(0.467, best.get("price_error_ticks")); // (0 + 0.4 + 1) / 3
        assertEquals(0L, best.get("time_to_first_fill_error_ns"));
        assertEquals(3, best.get("orders_both_filled"));

        String text = r.text(2);
        org.junit.jupiter.api.Assertions.assertTrue(
                text.contains(
                        "best matching paper setting: queue_model=optimistic"
                                + " trade_through=print-size latency=1ms"),
                text);
        org.junit.jupiter.api.Assertions.assertTrue(text.contains("... 1 more orders"), text);
        org.junit.jupiter.api.Assertions.assertFalse(text.contains("null"), text);
    }

    @Test
    void shouldRoundSlippageHalfAwayFromZero() {
        ShadowReport.Order o = new ShadowReport.Order();
        o.side = Side.BUY;
        // live 1 @ 100.005 at a scale of 3 ... expressed at scale 2 as 2 fills: 1 @ 100.01 and
        // 1 @ 100.00 (avg 100.005); paper 2 @ 100.00: (100.005 - 100.00) x 2 = 0.01 exactly;
        // with 1 matched: 0.005 -> 0.01 (half away from zero), and -0.005 -> -0.01 for a sell.
        o.live.on(ExecType.PARTIAL_FILL, 10001, 1, 0, 1);
        o.live.on(ExecType.FILL, 10000, 1, 0, 2);
        o.paper.on(ExecType.PARTIAL_FILL, 10000, 1, 0, 1);
        assertEquals(1L, ShadowReport.slippage(X, o)); // 0.005 -> 0.01
        o.side = Side.SELL;
        assertEquals(-1L, ShadowReport.slippage(X, o)); // -0.005 -> -0.01
    }
}
