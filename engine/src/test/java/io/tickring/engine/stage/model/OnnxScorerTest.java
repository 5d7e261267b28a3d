package io.tickring.engine.stage.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.engine.stage.features.FeaturesStage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Start-up checks of a model against the configuration, models without metadata, and the scoring
 * policy.
 */
class OnnxScorerTest {
    static final String TINY = ParityFixtures.DIR.resolve("tiny-l5.onnx").toString();
    static final String NO_META = ParityFixtures.DIR.resolve("tiny-l10-nometa.onnx").toString();

    static ModelContext config(
            String path,
            int levels,
            int window,
            String norm,
            List<String> order,
            int every,
            long intervalNs) {
        return new ModelContext()
                .kind("onnx")
                .path(path)
                .levels(levels)
                .window(window)
                .normalisation(norm)
                .classOrder(order)
                .scoreEvery(every)
                .minIntervalNs(intervalNs);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            10 | 10  | mid-zscore | down,flat,up | model.levels: the configuration says 10 but the model
            5  | 100 | mid-zscore | down,flat,up | model.window: the configuration says 100 but the model
            5  | 10  | zscore     | down,flat,up | model.normalisation: the configuration says zscore but the model
            5  | 10  | mid-zscore | up,flat,down | model.class_order: the configuration says [up, flat, down] but the model
            """)
    void shouldRefuseAModelWhoseMetadataDoesNotFitTheConfiguration(
            int levels, int window, String norm, String order, String message) {
        ModelException e =
                assertThrows(
                        ModelException.class,
                        () ->
                                new OnnxScorer(
                                        config(
                                                TINY,
                                                levels,
                                                window,
                                                norm,
                                                List.of(order.split(",")),
                                                1,
                                                0),
                                        ParityFixtures.INSTRUMENTS));
        assertTrue(e.getMessage().startsWith(message + " " + TINY + " declares "), e.getMessage());
    }

    @Test
    void shouldRunAModelWithoutMetadataWhenTheConfigurationDeclaresItsInput() {
        try (OnnxScorer s =
                new OnnxScorer(
                        config(NO_META, 10, 10, "none", ModelContext.CLASS_ORDER, 1, 0),
                        ParityFixtures.INSTRUMENTS)) {
            assertFalse(s.spec().fromMetadata());
            double[] p = new double[3];
            s.infer(new float[10 * 40], p);
            assertEquals(1.0, p[0] + p[1] + p[2], 1e-6);
        }
    }

    @Test
    void shouldRefuseAModelWithoutMetadataWhoseInputShapeDoesNotFit() {
        ModelException e =
                assertThrows(
                        ModelException.class,
                        () ->
                                new OnnxScorer(
                                        config(
                                                NO_META,
                                                5,
                                                10,
                                                "none",
                                                ModelContext.CLASS_ORDER,
                                                1,
                                                0),
                                        ParityFixtures.INSTRUMENTS));
        assertEquals(
                "model.levels/model.window: the configuration gives the input shape [N,1,10,20] but the model "
                        + NO_META
                        + " declares [N,1,10,40]",
                e.getMessage());
    }

    @Test
    void shouldAskForStatisticsWhenAModelWithoutMetadataIsNormalised() {
        ModelException e =
                assertThrows(
                        ModelException.class,
                        () ->
                                new OnnxScorer(
                                        config(
                                                NO_META,
                                                10,
                                                10,
                                                "zscore",
                                                ModelContext.CLASS_ORDER,
                                                1,
                                                0),
                                        ParityFixtures.INSTRUMENTS));
        assertTrue(
                e.getMessage()
                        .startsWith("model.norm_mean: " + NO_META + " has no tickring metadata"),
                e.getMessage());
    }

    @Test
    void shouldRefuseAMissingFile() {
        ModelException e =
                assertThrows(
                        ModelException.class,
                        () ->
                                new OnnxScorer(
                                        config(
                                                "no/such.onnx",
                                                5,
                                                10,
                                                "none",
                                                ModelContext.CLASS_ORDER,
                                                1,
                                                0),
                                        ParityFixtures.INSTRUMENTS));
        assertTrue(
                e.getMessage().startsWith("model.path: cannot read no/such.onnx"), e.getMessage());
    }

    /** Which of the events were scored, by index. */
    static List<Integer> scoredEvents(ModelContext cfg) {
        List<RingEvent> events = ParityFixtures.events();
        FeaturesStage features = new FeaturesStage(ParityFixtures.INSTRUMENTS);
        List<Integer> scored = new ArrayList<>();
        try (OnnxScorer s = new OnnxScorer(cfg, ParityFixtures.INSTRUMENTS)) {
            ModelStage m = new ModelStage(s);
            for (int k = 0; k < 600; k++) {
                RingEvent e = events.get(k);
                features.onEvent(e);
                m.onEvent(e);
                if (e.scored) {
                    scored.add(k);
                    assertEquals(EventType.BOOK, e.type);
                    assertEquals(1.0, e.pUp + e.pFlat + e.pDown, 1e-6);
                }
            }
            assertEquals(scored.size(), s.inferences());
        }
        return scored;
    }

    @Test
    void shouldScoreEveryNthValidBookOfAnInstrumentOnceItsWindowIsFull() {
        List<Integer> every =
                scoredEvents(
                        config(TINY, 5, 10, "mid-zscore", List.of("down", "flat", "up"), 1, 0));
        List<Integer> third =
                scoredEvents(
                        config(TINY, 5, 10, "mid-zscore", List.of("down", "flat", "up"), 3, 0));
        assertTrue(every.containsAll(third));
        assertTrue(
                Math.abs(third.size() * 3 - every.size()) <= 20,
                third.size() + " vs " + every.size());
    }

    @Test
    void shouldScoreAnInstrumentAtMostOncePerIntervalOfEventTime() {
        long interval = 500_000_000L;
        List<RingEvent> events = ParityFixtures.events();
        List<Integer> scored =
                scoredEvents(
                        config(
                                TINY,
                                5,
                                10,
                                "mid-zscore",
                                List.of("down", "flat", "up"),
                                1,
                                interval));
        long[] last = new long[3];
        for (int k : scored) {
            RingEvent e = events.get(k);
            assertTrue(
                    last[e.instrumentId] == 0
                            || e.exchangeTimeNs - last[e.instrumentId] >= interval);
            last[e.instrumentId] = e.exchangeTimeNs;
        }
        assertTrue(scored.size() >= 4, "scored " + scored.size());
        assertEquals(
                scored,
                scoredEvents(
                        config(
                                TINY,
                                5,
                                10,
                                "mid-zscore",
                                List.of("down", "flat", "up"),
                                1,
                                interval)),
                "the policy depends on the events only");
    }
}
