package io.tickring.engine.stage.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.engine.stage.features.FeaturesStage;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Training and serving compute the same thing: the features and the normalised window that Java
 * computes from a journal equal what {@code model/tickring_model} computes from the same journal
 * (1e-6), and the model stage reproduces the training script's probabilities (1e-5).
 */
class OnnxParityTest {
    @Test
    void shouldComputeTheSameFeaturesAsThePythonDatasetBuilder() throws Exception {
        List<RingEvent> events = ParityFixtures.events();
        FeaturesStage features = new FeaturesStage(ParityFixtures.INSTRUMENTS);
        List<String> lines = Files.readAllLines(ParityFixtures.DIR.resolve("parity/features.csv"));
        int next = 1;
        int compared = 0;
        for (int k = 0; k < events.size(); k++) {
            RingEvent e = events.get(k);
            features.onEvent(e);
            if (next < lines.size() && Integer.parseInt(lines.get(next).split(",")[0]) == k) {
                String[] f = lines.get(next++).split(",");
                String at = "event " + k;
                assertTrue(e.bookValid, at);
                assertEquals(Integer.parseInt(f[1]), e.instrumentId, at);
                double[] java = {
                    e.mid,
                    e.microprice,
                    e.spreadTicks,
                    e.imbalanceL1,
                    e.imbalanceL5,
                    e.ofi,
                    e.ofiWindow,
                    e.depthWeightedPrice,
                    e.realizedVol,
                    e.tradeSignImbalance,
                    e.timeSinceBookChangeNs
                };
                for (int i = 0; i < java.length; i++) {
                    assertEquals(Double.parseDouble(f[2 + i]), java[i], 1e-6, at + " feature " + i);
                }
                compared++;
            } else if (e.type == EventType.BOOK) {
                assertTrue(!e.bookValid, "Python found no valid book at event " + k);
            }
        }
        assertEquals(lines.size() - 1, compared);
        assertTrue(compared > 2000, "compared " + compared);
    }

    @Test
    void shouldBuildTheSameNormalisedWindowAndProbabilitiesAsPython() {
        List<RingEvent> events = ParityFixtures.events();
        JsonNode checks = ParityFixtures.json("parity/windows.json").get("checks");
        FeaturesStage features = new FeaturesStage(ParityFixtures.INSTRUMENTS);
        try (OnnxScorer scorer =
                new OnnxScorer(ParityFixtures.tinyL5(), ParityFixtures.INSTRUMENTS)) {
            ModelStage model = new ModelStage(scorer);
            float[] window = new float[10 * 20];
            int c = 0;
            for (int k = 0; k < events.size(); k++) {
                RingEvent e = events.get(k);
                features.onEvent(e);
                model.onEvent(e);
                while (c < checks.size() && checks.get(c).get("event").asInt() == k) {
                    JsonNode check = checks.get(c++);
                    String at = "event " + k;
                    assertTrue(scorer.window(check.get("instrument").asInt(), window), at);
                    for (int i = 0; i < window.length; i++) {
                        assertEquals(
                                check.get("window").get(i).asDouble(),
                                window[i],
                                1e-6,
                                at + " value " + i);
                    }
                    assertTrue(e.scored, at);
                    JsonNode p = check.get("probs_up_flat_down");
                    assertEquals(p.get(0).asDouble(), e.pUp, 1e-5, at);
                    assertEquals(p.get(1).asDouble(), e.pFlat, 1e-5, at);
                    assertEquals(p.get(2).asDouble(), e.pDown, 1e-5, at);
                }
            }
            assertEquals(checks.size(), c);
            assertTrue(c >= 20);
        }
    }
}
