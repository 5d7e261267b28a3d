package io.tickring.engine.stage.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.Side;
import org.junit.jupiter.api.Test;

/** Reservations per instrument and of cash, release on fills, slot reuse, the self-cross test. */
class OpenOrdersTest {
    // Two instruments in one limit group; the caller gives each order's unit notional (10.50, 3).
    final OpenOrders open = new OpenOrders(3, 2, 1);

    @Test
    void shouldReserveOnAddAndReleaseOnFillsAndRemoval() {
        open.add(7, 0, Side.BUY, 1_050, 40, 10.5, 0); // 40 at 10.50
        open.add(8, 0, Side.SELL, 1_100, 30, 11, 0);
        open.add(9, 1, Side.BUY, 3, 5, 3, 0);
        assertTrue(open.isFull());
        assertEquals(40, open.openBuy(0));
        assertEquals(30, open.openSell(0));
        assertEquals(5, open.openBuy(1));
        assertEquals(40 * 10.5 + 5 * 3, open.reservedBuyNotional(0), 1e-9);

        int k = open.slotOf(7);
        open.release(k, 15); // a partial fill of 15
        assertEquals(25, open.leaves(k));
        assertEquals(25, open.openBuy(0));
        assertEquals(25 * 10.5 + 5 * 3, open.reservedBuyNotional(0), 1e-9);

        open.release(k, open.leaves(k)); // cancelled: the rest goes too
        open.remove(k);
        assertEquals(OpenOrders.NONE, open.slotOf(7));
        assertEquals(2, open.count());
        assertFalse(open.isFull());
        assertEquals(0, open.openBuy(0));
        assertEquals(15.0, open.reservedBuyNotional(0), 1e-9);
        // The last slot moved into the hole and is still found by its id.
        assertEquals(5, open.leaves(open.slotOf(9)));
        assertEquals(30, open.leaves(open.slotOf(8)));
    }

    @Test
    void shouldSeeACrossWithOurOwnOrderOnTheOtherSideOnly() {
        open.add(1, 0, Side.SELL, 1_100, 10, 11, 0);
        assertTrue(open.crossesOwn(0, Side.BUY, 1_100), "a buy at our ask trades with it");
        assertTrue(open.crossesOwn(0, Side.BUY, 0), "a market buy reaches any ask");
        assertFalse(open.crossesOwn(0, Side.BUY, 1_099), "a buy below our ask does not");
        assertFalse(open.crossesOwn(0, Side.SELL, 1_000), "same side never crosses");
        assertFalse(open.crossesOwn(1, Side.BUY, 5_000), "another instrument never crosses");
    }
}
