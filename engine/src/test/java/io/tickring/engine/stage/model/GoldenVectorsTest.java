package io.tickring.engine.stage.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickring.journal.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The shipped model ({@code model/deeplob.onnx}) through the engine's scorer reproduces the golden
 * vectors that the training script computed with PyTorch (input windows to probabilities), within
 * 1e-5.
 */
class GoldenVectorsTest {
    @Test
    void shouldReproduceTheShippedModelsGoldenVectors() throws IOException {
        Path shipped =
                Path.of(
                        System.getenv().getOrDefault("TICKRING_TEST_ROOT", ".."),
                        "model",
                        "deeplob.onnx");
        JsonNode golden = ParityFixtures.json("golden.json");
        assertEquals(
                golden.get("model_sha256").asText(),
                Digests.sha256(Files.readAllBytes(shipped)),
                "model/deeplob.onnx is not the model the golden vectors came from");
        try (OnnxScorer scorer =
                new OnnxScorer(
                        new ModelContext().kind("onnx").path(shipped.toString()),
                        ParityFixtures.INSTRUMENTS)) {
            assertEquals(golden.get("model_sha256").asText(), scorer.digest());
            JsonNode windows = golden.get("windows");
            assertTrue(windows.size() >= 4);
            float[] w = new float[windows.get(0).size()];
            double[] probs = new double[3];
            for (int n = 0; n < windows.size(); n++) {
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) windows.get(n).get(i).asDouble();
                }
                scorer.infer(w, probs);
                for (int c = 0; c < 3; c++) {
                    assertEquals(
                            golden.get("probs").get(n).get(c).asDouble(),
                            probs[c],
                            1e-5,
                            "vector " + n + " class " + c);
                }
            }
            assertEquals(windows.size(), scorer.latency().getTotalCount());
        }
    }
}
