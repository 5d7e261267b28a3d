package io.tickring.engine.stage.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.ParameterException;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bound and rule {@link ModelContext#conclude()} checks: the value just inside passes, just
 * outside fails with one line naming the key.
 */
class ModelContextTest {
    static List<Double> ones(int n) {
        return Collections.nCopies(n, 1.0);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                refuse(
                        "kind",
                        c -> c.kind("deeplob"),
                        "unknown value \"deeplob\" (one of microprice-rule, onnx)"),
                refuse("path", c -> c.path(null), "must be set (empty for no file)"),
                refuse(
                        "path",
                        c -> c.kind("onnx"),
                        "required when model.kind is onnx (or set TICKRING_MODEL_PATH)"),
                refuse("levels", c -> c.levels(0), "out of range: 0 (expected 1..10)"),
                refuse("levels", c -> c.levels(11), "out of range: 11 (expected 1..10)"),
                refuse("window", c -> c.window(0), "out of range: 0 (expected 1..100000)"),
                refuse(
                        "window",
                        c -> c.window(100_001),
                        "out of range: 100001 (expected 1..100000)"),
                refuse(
                        "normalisation",
                        c -> c.normalisation("minmax"),
                        "unknown value \"minmax\" (one of none, zscore, mid-zscore)"),
                refuse("norm_std", c -> c.normMean(ones(20)), "norm_mean and norm_std go together"),
                refuse("norm_mean", c -> c.normStd(ones(20)), "norm_mean and norm_std go together"),
                refuse(
                        "norm_mean",
                        c -> c.normMean(ones(19)).normStd(ones(19)),
                        "expected 20 values (4 x model.levels), got 19"),
                refuse(
                        "norm_std",
                        c -> c.normMean(ones(20)).normStd(ones(21)),
                        "expected 20 values (4 x model.levels), got 21"),
                refuse(
                        "norm_std",
                        c -> c.levels(1).normMean(ones(4)).normStd(List.of(1.0, 1.0, 0.0, 1.0)),
                        "must be > 0: 0.0"),
                refuse(
                        "class_order",
                        c -> c.classOrder(List.of("up", "up", "down")),
                        "[up, up, down]: class_order is a permutation of up, flat, down"),
                refuse(
                        "class_order",
                        c -> c.classOrder(List.of("up", "down")),
                        "[up, down]: class_order is a permutation of up, flat, down"),
                refuse(
                        "intra_op_threads",
                        c -> c.intraOpThreads(0),
                        "out of range: 0 (expected 1..256)"),
                refuse(
                        "intra_op_threads",
                        c -> c.intraOpThreads(257),
                        "out of range: 257 (expected 1..256)"),
                refuse(
                        "optimization",
                        c -> c.optimization("max"),
                        "unknown value \"max\" (one of none, basic, extended, all)"),
                refuse(
                        "score_every",
                        c -> c.scoreEvery(0),
                        "out of range: 0 (expected 1..1000000000)"),
                refuse(
                        "min_interval",
                        c -> c.minIntervalNs(-1),
                        "out of range: -1 (expected >= 0)"));
    }

    static Arguments refuse(String key, Consumer<ModelContext> set, String problem) {
        return Arguments.of(key, set, problem);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("refused")
    void shouldRefuseAValueJustOutsideItsBoundNamingTheKey(
            String key, Consumer<ModelContext> set, String problem) {
        ModelContext c = new ModelContext();
        set.accept(c);
        ParameterException e = assertThrows(ParameterException.class, c::conclude);
        assertEquals("model." + key + ": " + problem, e.getMessage());
        assertEquals(key, e.key());
        assertFalse(c.isConcluded(), "a refused context stays open");
    }

    @Test
    void shouldAcceptEveryBoundItself() {
        ModelContext high =
                new ModelContext()
                        .kind("onnx")
                        .path("m.onnx")
                        .levels(10)
                        .window(100_000)
                        .normalisation("zscore")
                        .normMean(ones(40))
                        .normStd(ones(40))
                        .classOrder(List.of("down", "flat", "up"))
                        .intraOpThreads(256)
                        .optimization("none")
                        .scoreEvery(1_000_000_000);
        assertSame(high, high.conclude());
        ModelContext low = new ModelContext().levels(1).window(1).intraOpThreads(1).scoreEvery(1);
        assertSame(low, low.conclude());
    }

    @Test
    void shouldBeReadOnlyOnceConcluded() {
        ModelContext c = new ModelContext().conclude();
        assertTrue(c.isConcluded());
        assertSame(c, c.conclude(), "concluding twice does nothing");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.window(5));
        assertEquals("model context already concluded: it is read-only", e.getMessage());
    }
}
