package io.tickring.engine.config;

import static io.tickring.engine.config.ConfigFixtures.SIMA_INLINE;
import static io.tickring.engine.config.ConfigFixtures.assertMessage;
import static io.tickring.engine.config.ConfigFixtures.load;
import static io.tickring.engine.config.ConfigFixtures.loadFails;
import static io.tickring.engine.config.ConfigFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickring.engine.stage.model.ModelContext;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The model section's keys: defaults, values and the one-line errors. */
class ModelSectionTest {
    @TempDir Path dir;

    @Test
    void shouldReadEveryModelKey() {
        Path f =
                write(
                        dir,
                        "c.yaml",
                        "instruments:\n"
                                + SIMA_INLINE
                                + """
                model:
                  kind: onnx
                  path: m.onnx
                  levels: 1
                  window: 50
                  normalisation: zscore
                  norm_mean: [1, 2, 3, 4]
                  norm_std: [0.5, 1, 1, 2]
                  class_order: [down, flat, up]
                  intra_op_threads: 2
                  optimization: extended
                  score_every: 4
                  min_interval: 50ms
                """);
        assertEquals(
                new ModelContext()
                        .kind("onnx")
                        .path("m.onnx")
                        .levels(1)
                        .window(50)
                        .normalisation("zscore")
                        .normMean(List.of(1.0, 2.0, 3.0, 4.0))
                        .normStd(List.of(0.5, 1.0, 1.0, 2.0))
                        .classOrder(List.of("down", "flat", "up"))
                        .intraOpThreads(2)
                        .optimization("extended")
                        .scoreEvery(4)
                        .minIntervalNs(50_000_000L)
                        .toString(),
                load(f).model().toString());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            '  levels: 11'                     | model.levels        | out of range: 11 (expected 1..10)
            '  normalisation: minmax'          | model.normalisation | unknown value "minmax" (one of none, zscore, mid-zscore)
            '  class_order: [up, up, down]'    | model.class_order[1] | "up": class_order is a permutation of up, flat, down
            '  class_order: [up, down]'        | model.class_order   | class_order is a permutation of up, flat, down
            '  norm_mean: [1, 2]'              | model.norm_mean     | expected 20 values (4 x model.levels), got 2
            '  optimization: max'              | model.optimization  | unknown value "max" (one of none, basic, extended, all)
            '  score_every: 0'                 | model.score_every   | out of range: 0 (expected 1..1000000000)
            '  windows: 3'                     | model.windows       | unknown key (known keys: kind, path, levels, window, normalisation, norm_mean, norm_std, class_order, intra_op_threads, optimization, score_every, min_interval, output)
            """)
    void shouldNameTheKeyAndTheProblem(String line, String key, String problem) {
        Path f = write(dir, "c.yaml", "instruments:\n" + SIMA_INLINE + "model:\n" + line + "\n");
        assertMessage(f + ":4: " + key + ": " + problem, loadFails(f));
    }
}
