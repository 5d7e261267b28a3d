package io.tickring.engine.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The average-price arithmetic against values worked out by hand. */
class PositionTest {
    final Position p = new Position();

    @Test
    void shouldAverageAddsKeepTheAverageOnAPartialCloseAndReopenAtTheFlipPrice() {
        // Buy 100 at 10: long 100 at 10.
        assertEquals(0.0, p.fill(100, 10.0, 0.5, 1));
        assertEquals(100, p.qty());
        assertEquals(10.0, p.avgPx());
        assertEquals(1, p.openedNs());

        // Buy 300 more at 12: (100 x 10 + 300 x 12) / 400 = 4600 / 400 = 11.5.
        assertEquals(0.0, p.fill(300, 12.0, 0.5, 2));
        assertEquals(400, p.qty());
        assertEquals(11.5, p.avgPx());
        assertEquals(1, p.openedNs(), "adding keeps the opening time");

        // Sell 100 at 13: realises 100 x (13 - 11.5) = 150; the average stays 11.5.
        assertEquals(150.0, p.fill(-100, 13.0, 0.5, 3));
        assertEquals(300, p.qty());
        assertEquals(11.5, p.avgPx());
        assertEquals(150.0, p.realised());

        // Mark at 12: open PnL 300 x (12 - 11.5) = 150.
        p.mark(12.0);
        assertEquals(150.0, p.unrealised());

        // Sell 500 at 9: closes 300 for 300 x (9 - 11.5) = -750, then opens short 200 at 9.
        assertEquals(-750.0, p.fill(-500, 9.0, 0.5, 4));
        assertEquals(-200, p.qty());
        assertEquals(9.0, p.avgPx());
        assertEquals(4, p.openedNs(), "the flip opens a new position");
        assertEquals(-600.0, p.realised());
        // Short 200 from 9 marked at 12: -200 x (12 - 9) = -600.
        assertEquals(-600.0, p.unrealised());

        // Sell 200 more at 8: (200 x 9 + 200 x 8) / 400 = 8.5.
        assertEquals(0.0, p.fill(-200, 8.0, 0.5, 5));
        assertEquals(-400, p.qty());
        assertEquals(8.5, p.avgPx());

        // Buy 400 at 8: a short closed below its average gains 400 x (8 - 8.5) x -1 = 200; flat has
        // average 0.
        assertEquals(200.0, p.fill(400, 8.0, 0.5, 6));
        assertEquals(0, p.qty());
        assertEquals(0.0, p.avgPx());
        assertEquals(-400.0, p.realised());
        assertEquals(0.0, p.unrealised());
        assertEquals(3.0, p.fees(), "six fills of 0.5");
    }

    @Test
    void shouldOpenAtTheFillPriceFromFlatAndIgnoreAZeroQuantity() {
        p.fill(0, 50.0, 0.25, 1);
        assertEquals(0, p.qty());
        assertEquals(0.0, p.avgPx(), "a zero fill does not make the average 0/0");
        assertEquals(0.25, p.fees());
        p.fill(-3, 20.0, 0, 2);
        assertEquals(-3, p.qty());
        assertEquals(20.0, p.avgPx());
        assertEquals(2, p.openedNs());
    }
}
