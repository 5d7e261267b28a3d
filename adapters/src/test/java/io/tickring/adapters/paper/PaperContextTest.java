package io.tickring.adapters.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.ParameterException;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bound {@link PaperContext#conclude()} checks: the value just inside passes, just outside
 * fails with one line naming the key.
 */
class PaperContextTest {
    static Stream<Arguments> refused() {
        return Stream.of(
                refuse("latency", c -> c.latencyNs(-1), "out of range: -1 (expected >= 0)"),
                refuse("jitter", c -> c.jitterNs(-1), "out of range: -1 (expected >= 0)"),
                refuse(
                        "max_open_orders",
                        c -> c.maxOpenOrders(0),
                        "out of range: 0 (expected >= 1)"),
                refuse("queue_model", c -> c.queueModel(null), "must be set"),
                refuse("queue_function", c -> c.queueFunction(null), "must be set"),
                refuse(
                        "queue_function",
                        c -> c.queuePower(0),
                        "power out of range: 0.0 (expected 0 < N <= 100)"),
                refuse(
                        "queue_function",
                        c -> c.queuePower(100.5),
                        "power out of range: 100.5 (expected 0 < N <= 100)"),
                refuse(
                        "queue_function",
                        c -> c.queuePower(Double.NaN),
                        "power out of range: NaN (expected 0 < N <= 100)"),
                refuse("trade_through", c -> c.tradeThrough(null), "must be set"),
                refuse(
                        "trade_through",
                        c -> c.penetrationTicks(0),
                        "penetration out of range: 0 (expected >= 1 tick)"));
    }

    static Arguments refuse(String key, Consumer<PaperContext> set, String problem) {
        return Arguments.of(key, set, problem);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("refused")
    void shouldRefuseAValueJustOutsideItsBoundNamingTheKey(
            String key, Consumer<PaperContext> set, String problem) {
        PaperContext c = new PaperContext();
        set.accept(c);
        ParameterException e = assertThrows(ParameterException.class, c::conclude);
        assertEquals("paper." + key + ": " + problem, e.getMessage());
        assertEquals(key, e.key());
        assertFalse(c.isConcluded(), "a refused context stays open");
        assertThrows(
                ParameterException.class,
                () -> new PaperGateway(r -> {}, List.of(), c),
                "the gateway concludes the context it is given");
    }

    @Test
    void shouldAcceptEveryBoundItself() {
        PaperContext low =
                new PaperContext()
                        .latencyNs(0)
                        .jitterNs(0)
                        .maxOpenOrders(1)
                        .queuePower(Double.MIN_VALUE)
                        .penetrationTicks(1);
        assertSame(low, low.conclude());
        PaperContext high =
                new PaperContext()
                        .queuePower(100)
                        .tradeThrough(PaperGateway.TradeThrough.PENETRATION)
                        .penetrationTicks(Integer.MAX_VALUE);
        assertSame(high, high.conclude());
        assertEquals("power 100", high.queueFunctionName());
        assertEquals("penetration 2147483647", high.tradeThroughName());
    }

    @Test
    void shouldBeReadOnlyOnceConcluded() {
        PaperContext c = new PaperContext().conclude();
        assertTrue(c.isConcluded());
        assertSame(c, c.conclude(), "concluding twice does nothing");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.seed(1));
        assertEquals("paper context already concluded: it is read-only", e.getMessage());
    }
}
