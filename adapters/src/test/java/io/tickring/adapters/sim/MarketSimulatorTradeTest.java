package io.tickring.adapters.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarketSimulatorTradeTest {
    @Test
    void shouldPrintTradesAtTheBestPriceOfTheSideHitAndWithinItsDisplayedQueue() {
        SimConfig config =
                SimConfig.defaults(
                        31,
                        List.of(
                                SimFixtures.aroundTheClock(1),
                                SimFixtures.aroundTheClock(2),
                                SimFixtures.aShare(3)),
                        5,
                        1_000,
                        SimFixtures.FRIDAY_UTC_MIDNIGHT_NS);
        MarketSimulator sim = new MarketSimulator(config);
        RingEvent[] lastBook = new RingEvent[4];
        RingEvent e = new RingEvent();
        RingEvent trade = new RingEvent();
        long trades = 0;
        long depleting = 0;
        for (int i = 0; i < 500_000; i++) {
            assertTrue(sim.next(e));
            if (e.type == EventType.BOOK) {
                if (lastBook[e.instrumentId] == null) {
                    lastBook[e.instrumentId] = new RingEvent();
                }
                lastBook[e.instrumentId].copyInputFrom(e);
                continue;
            }
            trades++;
            RingEvent before = lastBook[e.instrumentId];
            assertNotNull(before, "a trade before any book");
            boolean buy = e.tradeAggressor == Side.BUY;
            long bestPx = buy ? before.askPx[0] : before.bidPx[0];
            long bestQty = buy ? before.askQty[0] : before.bidQty[0];
            assertEquals(bestPx, e.tradePx, "trade price: " + SimFixtures.describe(e));
            assertTrue(
                    e.tradeQty > 0 && e.tradeQty <= bestQty,
                    "trade size: " + SimFixtures.describe(e));

            // The BOOK the trade caused comes next, at the same time: the hit queue shrank by the
            // trade's
            // size, or emptied and the best price moved away; the other side did not change.
            trade.copyInputFrom(e);
            assertTrue(sim.next(e));
            assertEquals(EventType.BOOK, e.type);
            assertEquals(trade.instrumentId, e.instrumentId);
            assertEquals(trade.exchangeTimeNs, e.exchangeTimeNs);
            long[] hitPx = buy ? e.askPx : e.bidPx;
            long[] hitQty = buy ? e.askQty : e.bidQty;
            if (trade.tradeQty < bestQty) {
                assertEquals(bestPx, hitPx[0]);
                assertEquals(bestQty - trade.tradeQty, hitQty[0]);
            } else {
                depleting++;
                assertTrue(
                        buy ? hitPx[0] > bestPx : hitPx[0] < bestPx,
                        "best price did not move after depletion");
            }
            assertArrayEquals(
                    Arrays.copyOf(buy ? before.bidPx : before.askPx, 5),
                    Arrays.copyOf(buy ? e.bidPx : e.askPx, 5));
            assertArrayEquals(
                    Arrays.copyOf(buy ? before.bidQty : before.askQty, 5),
                    Arrays.copyOf(buy ? e.bidQty : e.askQty, 5));
            lastBook[e.instrumentId].copyInputFrom(e);
            i++;
        }
        System.out.printf("%,d trades, %,d of them emptied the best queue%n", trades, depleting);
        assertTrue(trades > 20_000, "trades " + trades);
        assertTrue(depleting > trades / 20, "queue depletions " + depleting);
    }
}
