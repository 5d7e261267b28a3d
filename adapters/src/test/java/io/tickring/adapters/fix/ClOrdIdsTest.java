package io.tickring.adapters.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClOrdIdsTest {
    @Test
    void shouldRecoverTheOrderIdFromEveryRequestOfTheRun() {
        String run = ClOrdIds.runTag(1_796_000_000_123_000_000L);
        assertEquals(42, ClOrdIds.orderId(run, ClOrdIds.order(run, 42)));
        assertEquals(42, ClOrdIds.orderId(run, ClOrdIds.cancel(run, 42, 3)));
        assertEquals(42, ClOrdIds.orderId(run, ClOrdIds.replace(run, 42, 1)));
        assertEquals(-1, ClOrdIds.orderId(run, "other-42"));
        assertEquals(-1, ClOrdIds.orderId(run, run + "-x"));
        assertEquals(-1, ClOrdIds.orderId(run, run));
    }

    @Test
    void shouldTellRunsAMillisecondApartApart() {
        assertNotEquals(
                ClOrdIds.order(ClOrdIds.runTag(1_000_000_000L), 1),
                ClOrdIds.order(ClOrdIds.runTag(2_000_000L + 1_000_000_000L), 1));
    }

    @Test
    void shouldConvertUnitsExactly() {
        assertEquals("30.99", FixUnits.format(3099, 2));
        assertEquals("30.9900", FixUnits.format(309900, 4));
        assertEquals("0.00001", FixUnits.format(1, 5));
        assertEquals("-1.5", FixUnits.format(-15, 1));
        assertEquals(309900, FixUnits.parse("30.99", 4));
        assertEquals(3099, FixUnits.parse("30.990", 2));
        assertEquals(100, FixUnits.parse("100", 0));
        assertThrows(ArithmeticException.class, () -> FixUnits.parse("30.999", 2));
        assertThrows(NumberFormatException.class, () -> FixUnits.parse("3O.99", 2));
    }
}
