package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.assertOneLineBadInput;
import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.cli.CliTest.Run;
import io.tickring.journal.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX model stage through the command line: exact replay, start-up refusal, model info and
 * bench.
 */
@org.junit.jupiter.api.Tag("slow")
class ModelCliTest {
    static final Path TINY = Path.of("src/test/resources/model/tiny-l5.onnx").toAbsolutePath();
    static final Path NO_META =
            Path.of("src/test/resources/model/tiny-l10-nometa.onnx").toAbsolutePath();

    @TempDir Path tmp;

    Path config(String model) throws IOException {
        String demo =
                Files.readString(
                        Path.of(
                                System.getenv().getOrDefault("TICKRING_TEST_ROOT", ".."),
                                "config",
                                "demo.yaml"));
        String text =
                demo.replace(
                                "instruments: instruments.yaml",
                                "instruments: " + CliTest.instrumentsPath())
                        .replaceAll("(?s)\nmodel:\n.*?\n\n", "\nmodel:\n" + model + "\n\n")
                        // The overlay's headlines resolve against the copy's directory otherwise.
                        .replace(
                                "file: headlines-demo.jsonl",
                                "file: "
                                        + Path.of(
                                                        System.getenv()
                                                                .getOrDefault(
                                                                        "TICKRING_TEST_ROOT", ".."),
                                                        "config",
                                                        "headlines-demo.jsonl")
                                                .toAbsolutePath());
        assertTrue(text.contains(model));
        Path f = tmp.resolve("c.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void shouldReplayADemoScoredByTheOnnxModelToTheSameDigest() throws IOException {
        Path cfg =
                config(
                        "  kind: onnx\n  path: "
                                + TINY
                                + "\n  window: 10\n  class_order: [down, flat, up]\n"
                                + "  min_interval: 5ms");
        Path j = tmp.resolve("j");
        Run demo =
                tickring(
                        "demo",
                        "--config",
                        cfg.toString(),
                        "--mode",
                        "sim",
                        "--duration",
                        "30s",
                        "--journal",
                        j.toString(),
                        "--json");
        assertEquals(0, demo.code(), demo.err());
        String digest = field(demo.lastLine(), "digest");

        Run replay = tickring("replay", "--journal", j.toString(), "--verify", "--json");
        assertEquals(0, replay.code(), replay.err());
        assertEquals("true", field(replay.lastLine(), "match"));
        assertEquals(digest, field(replay.lastLine(), "digest"));
        Run dump = tickring("journal", "dump", j.toString(), "--in");
        assertTrue(
                dump.out().contains(Digests.sha256(Files.readAllBytes(TINY))),
                "the SESSION names the model's SHA-256");
    }

    @Test
    void shouldRefuseToStartWithAModelThatDoesNotFitTheConfiguration() throws IOException {
        Path cfg =
                config(
                        "  kind: onnx\n  path: "
                                + TINY
                                + "\n  window: 100\n  class_order: [down, flat, up]");
        assertOneLineBadInput(
                tickring(
                        "demo",
                        "--config",
                        cfg.toString(),
                        "--mode",
                        "sim",
                        "--duration",
                        "1s",
                        "--journal",
                        tmp.resolve("j").toString()),
                "model.window: the configuration says 100 but the model " + TINY + " declares 10");
    }

    @Test
    void shouldDescribeAModelWithItsMetadataAndDigest() throws IOException {
        Run info = tickring("model", "info", TINY.toString(), "--json");
        assertEquals(0, info.code(), info.err());
        assertEquals(Digests.sha256(Files.readAllBytes(TINY)), field(info.lastLine(), "sha256"));
        assertEquals("mid-zscore", field(info.lastLine(), "normalisation"));
        assertTrue(info.out().contains("[N,1,10,20]"), info.out());

        Run bare = tickring("model", "info", NO_META.toString(), "--json");
        assertEquals(0, bare.code(), bare.err());
        assertTrue(bare.out().contains("no tickring metadata"), bare.out());
    }

    @Test
    void shouldBenchTheRawCallAgainstTheModelStage() {
        Run bench =
                tickring(
                        "model",
                        "bench",
                        NO_META.toString(),
                        "--levels",
                        "10",
                        "--window",
                        "10",
                        "--normalisation",
                        "none",
                        "--calls",
                        "300",
                        "--json");
        assertEquals(0, bench.code(), bench.err());
        assertTrue(Double.parseDouble(field(bench.lastLine(), "ratio_p50")) > 0, bench.lastLine());
        assertOneLineBadInput(
                tickring(
                        "model",
                        "bench",
                        NO_META.toString(),
                        "--normalisation",
                        "none",
                        "--calls",
                        "10"),
                "declares [N,1,10,40]");
    }
}
