package io.tickring.engine.stage.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.journal.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models as people export them: weights in an external data file, loaded from a directory that is
 * not the working directory; the digest over every file; logits and probabilities told apart.
 */
class OnnxExternalDataTest {
    @TempDir Path tmp;

    static ModelContext shippedConfig(String path, String output) {
        return new ModelContext().kind("onnx").path(path).output(output);
    }

    static ModelContext tenLevelConfig(String path, Map<String, String> meta, String output) {
        return new ModelContext()
                .kind("onnx")
                .path(path)
                .levels(10)
                .normMean(doubles(meta.get("norm_mean")))
                .normStd(doubles(meta.get("norm_std")))
                .output(output);
    }

    static List<Double> doubles(String csv) {
        return java.util.Arrays.stream(csv.split(",")).map(Double::valueOf).toList();
    }

    private static float[] window(int columns, long seed) {
        Random r = new Random(seed);
        float[] w = new float[100 * columns];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        return w;
    }

    private static double[] score(OnnxScorer s, float[] window) {
        double[] p = new double[3];
        s.infer(window, p);
        return p;
    }

    @Test
    void shouldLoadAModelWithExternalDataOutsideTheWorkingDirectoryAndScoreAsTheShippedOne()
            throws IOException {
        Path shipped = OnnxFixtures.shippedModel();
        Path model =
                OnnxFixtures.writeExternal(
                        Files.readAllBytes(shipped), tmp.resolve("export"), "deeplob.onnx");
        assertTrue(Files.size(model) < 50_000, "weights moved out: " + Files.size(model));
        float[] w = window(20, 7);
        try (OnnxScorer original =
                        new OnnxScorer(
                                shippedConfig(shipped.toString(), ""), ParityFixtures.INSTRUMENTS);
                OnnxScorer external =
                        new OnnxScorer(
                                shippedConfig(model.toString(), ""), ParityFixtures.INSTRUMENTS)) {
            assertArrayEquals(score(original, w), score(external, w), 1e-6);
            assertEquals(List.of("deeplob.onnx.data"), external.model().externalData());
            assertEquals("onnx:deeplob.onnx+deeplob.onnx.data", external.describe());
            // The shipped model names no external data: its digest is still the file's own.
            assertEquals(Digests.sha256(Files.readAllBytes(shipped)), original.digest());
            assertNotEquals(Digests.sha256(Files.readAllBytes(model)), external.digest());
        }
    }

    @Test
    void shouldChangeTheDigestWhenTheDataFileChanges() throws IOException {
        Path model =
                OnnxFixtures.writeExternal(
                        Files.readAllBytes(OnnxFixtures.shippedModel()), tmp, "m.onnx");
        String before = OnnxModelFile.open(model, "m.onnx").digest();
        Path data = tmp.resolve("m.onnx.data");
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length - 1] ^= 1;
        Files.write(data, bytes);
        String after = OnnxModelFile.open(model, "m.onnx").digest();
        assertNotEquals(before, after);
        assertEquals(64, after.length());
    }

    @Test
    void shouldRefuseAModelWhoseDataFileIsMissingNamingIt() throws IOException {
        Path model =
                OnnxFixtures.writeExternal(
                        Files.readAllBytes(OnnxFixtures.shippedModel()), tmp, "m.onnx");
        Files.delete(tmp.resolve("m.onnx.data"));
        ModelException e =
                assertThrows(
                        ModelException.class,
                        () ->
                                new OnnxScorer(
                                        shippedConfig(model.toString(), ""),
                                        ParityFixtures.INSTRUMENTS));
        assertTrue(
                e.getMessage().contains("keeps its data in m.onnx.data, which is not in " + tmp),
                e.getMessage());
    }

    @Test
    void shouldSoftmaxATenLevelThirdPartyModelsLogitsToTheShippedModelsProbabilities()
            throws IOException {
        Path shipped = OnnxFixtures.shippedModel();
        Map<String, String> meta = new HashMap<>();
        byte[] ten = OnnxFixtures.tenLevelLogits(Files.readAllBytes(shipped), meta);
        Path model = OnnxFixtures.writeExternal(ten, tmp.resolve("third-party"), "lob10.onnx");
        float[] w5 = window(20, 11);
        float[] w10 = window(40, 12);
        // The first five levels of each row are the 5-level window; levels 6..10 carry noise the
        // widened convolution's zero weights ignore.
        for (int row = 0; row < 100; row++) {
            System.arraycopy(w5, row * 20, w10, row * 40, 20);
        }
        try (OnnxScorer original =
                        new OnnxScorer(
                                shippedConfig(shipped.toString(), ""), ParityFixtures.INSTRUMENTS);
                OnnxScorer third =
                        new OnnxScorer(
                                tenLevelConfig(model.toString(), meta, "logits"),
                                ParityFixtures.INSTRUMENTS)) {
            assertTrue(third.logits());
            assertEquals(40, third.spec().columns());
            assertArrayEquals(score(original, w5), score(third, w10), 1e-5);
        }
    }

    @Test
    void shouldRefuseLogitsTakenForProbabilities() throws IOException {
        Map<String, String> meta = new HashMap<>();
        byte[] ten =
                OnnxFixtures.tenLevelLogits(Files.readAllBytes(OnnxFixtures.shippedModel()), meta);
        Path model = OnnxFixtures.writeExternal(ten, tmp, "lob10.onnx");
        for (String output : new String[] {"", "probabilities"}) {
            ModelException e =
                    assertThrows(
                            ModelException.class,
                            () ->
                                    new OnnxScorer(
                                            tenLevelConfig(model.toString(), meta, output),
                                            ParityFixtures.INSTRUMENTS));
            assertTrue(
                    e.getMessage().startsWith("model.output: " + model + " gives ["),
                    e.getMessage());
            assertTrue(
                    e.getMessage()
                            .endsWith(
                                    "declare model.output: logits"
                                            + " (or metadata output_kind=logits)"),
                    e.getMessage());
        }
    }

    @Test
    void shouldFindNoExternalDataInAModelWithoutAny() throws IOException {
        assertEquals(
                Map.of(),
                OnnxModelFile.externalLocations(Files.readAllBytes(OnnxFixtures.shippedModel())));
        assertThrows(
                IllegalArgumentException.class,
                () -> OnnxModelFile.externalLocations(new byte[] {0x3a, 0x7f}));
    }
}
