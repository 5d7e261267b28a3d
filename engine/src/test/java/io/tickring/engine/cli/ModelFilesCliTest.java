package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliErrorsTest.assertBadInputBothWays;
import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.cli.CliTest.Run;
import io.tickring.engine.stage.model.ExternalModels;
import io.tickring.engine.stage.model.OnnxModelFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX models with external data end to end: recorded, replayed, refused when their weights change
 * on disk, and a third-party 10-level DeepLOB (logits, no metadata) backtested by a separate
 * process whose working directory is neither the repository nor the model's folder.
 */
@Tag("slow")
class ModelFilesCliTest {
    @TempDir Path tmp;

    static Path repoRoot() {
        String root = System.getenv("TICKRING_TEST_ROOT");
        return root != null && !root.isEmpty()
                ? Path.of(root)
                : Path.of("").toAbsolutePath().getParent();
    }

    /**
     * The shipped DeepLOB demo configuration with its model section replaced, and the registry
     * named by absolute path so the file can live anywhere.
     */
    static String deeplobConfig(String modelSection, int levels) throws IOException {
        String text =
                Files.readString(repoRoot().resolve("config/demo-deeplob.yaml"))
                        .replace(
                                "instruments: instruments.yaml",
                                "instruments: " + repoRoot().resolve("config/instruments.yaml"))
                        .replace("    levels: 5 ", "    levels: " + levels + " ");
        int start = text.indexOf("\nmodel:\n");
        int end = text.indexOf("\nstrategy:\n");
        return text.substring(0, start + 1) + modelSection + text.substring(end);
    }

    @Test
    void shouldReplayAnExternalDataModelAndRefuseItOnceItsDataFileChanges() throws IOException {
        Path model = ExternalModels.shippedWithExternalData(tmp.resolve("models"), "lob.onnx");
        Path cfg = tmp.resolve("ext.yaml");
        Files.writeString(
                cfg,
                deeplobConfig(
                        "model:\n  kind: onnx\n  path: " + model + "\n  min_interval: 50ms\n", 5));
        Path j = tmp.resolve("j");
        Run demo =
                tickring(
                        "demo",
                        "--config",
                        cfg.toString(),
                        "--mode",
                        "sim",
                        "--duration",
                        "20s",
                        "--journal",
                        j.toString(),
                        "--json");
        assertEquals(0, demo.code(), demo.err());
        String before = OnnxModelFile.open(model, "lob.onnx").digest();
        Run replay = tickring("replay", "--journal", j.toString(), "--verify", "--json");
        assertEquals(0, replay.code(), replay.err());
        assertEquals("true", field(replay.lastLine(), "match"));

        Path data = tmp.resolve("models/lob.onnx.data");
        byte[] bytes = Files.readAllBytes(data);
        bytes[100] ^= 0x40;
        Files.write(data, bytes);
        String after = OnnxModelFile.open(model, "lob.onnx").digest();
        assertNotEquals(before, after);
        String m =
                assertBadInputBothWays(
                        j + ": recorded with model onnx:lob.onnx+lob.onnx.data SHA-256 " + before,
                        "replay",
                        "--journal",
                        j.toString(),
                        "--verify");
        assertTrue(
                m.endsWith(
                        ", but "
                                + model
                                + " + lob.onnx.data now has SHA-256 "
                                + after
                                + "; replay needs the same model files"),
                m);
        assertBadInputBothWays(
                "backtest needs the same model files (or name one with --model to run a what-if)",
                "backtest",
                "--journal",
                j.toString());
    }

    @Test
    void shouldBacktestAThirdPartyTenLevelModelFromAnotherWorkingDirectory() throws Exception {
        Map<String, String> meta = new HashMap<>();
        Path model = ExternalModels.tenLevelLogits(tmp.resolve("third-party"), "lob10.onnx", meta);
        Path work = Files.createDirectories(tmp.resolve("work"));
        String section =
                "model:\n  kind: onnx\n  path: ../third-party/lob10.onnx\n  levels: 10\n"
                        + "  window: 100\n  normalisation: mid-zscore\n  norm_mean: ["
                        + meta.get("norm_mean")
                        + "]\n  norm_std: ["
                        + meta.get("norm_std")
                        + "]\n  output: logits\n  min_interval: 50ms\n";
        Path cfg = work.resolve("lob10.yaml");
        Files.writeString(cfg, deeplobConfig(section, 10));
        Path books = tmp.resolve("books10");
        Path simConfig = tmp.resolve("sim10.yaml");
        Files.writeString(simConfig, deeplobConfig("model:\n  kind: microprice-rule\n", 10));
        Run sim =
                tickring(
                        "sim",
                        "--config",
                        simConfig.toString(),
                        "--journal",
                        books.toString(),
                        "--duration",
                        "20s",
                        "--json");
        assertEquals(0, sim.code(), sim.err());

        // A separate JVM in work/: the model path is relative to it, its data file is not.
        Process p =
                java(
                        work,
                        "backtest",
                        "--journal",
                        books.toString(),
                        "--config",
                        "lob10.yaml",
                        "--json");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        String err = Files.readString(work.resolve("stderr.txt"));
        if (p.exitValue() != 0) {
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) {
                    if (f.getFileName().toString().startsWith("hs_err")) {
                        err += Files.readString(f).substring(0, 3000);
                    }
                }
            }
        }
        assertEquals(0, p.exitValue(), err);
        String[] lines = out.strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(Long.parseLong(field(last, "decisions")) > 0, last);
    }

    @Test
    void shouldBenchAModelWithoutMetadataFromAConfigOrOptions() throws IOException {
        Map<String, String> meta = new HashMap<>();
        Path model = ExternalModels.tenLevelLogits(tmp.resolve("m"), "lob10.onnx", meta);
        Path cfg = tmp.resolve("lob10.yaml");
        Files.writeString(
                cfg,
                deeplobConfig(
                        "model:\n  kind: onnx\n  path: "
                                + model
                                + "\n  levels: 10\n  normalisation: mid-zscore\n  norm_mean: ["
                                + meta.get("norm_mean")
                                + "]\n  norm_std: ["
                                + meta.get("norm_std")
                                + "]\n  output: logits\n",
                        5));
        Run info = tickring("model", "info", model.toString(), "--json");
        assertEquals(0, info.code(), info.err());
        assertTrue(
                info.lastLine().contains("\"external_data\":[\"lob10.onnx.data\"]"),
                info.lastLine());
        Run bench =
                tickring(
                        "model",
                        "bench",
                        model.toString(),
                        "--config",
                        cfg.toString(),
                        "--calls",
                        "20",
                        "--json");
        assertEquals(0, bench.code(), bench.err());
        assertEquals("[1,1,100,40] mid-zscore", field(bench.lastLine(), "input"));
        Run options =
                tickring(
                        "model",
                        "bench",
                        model.toString(),
                        "--levels",
                        "10",
                        "--norm-mean",
                        meta.get("norm_mean"),
                        "--norm-std",
                        meta.get("norm_std"),
                        "--output",
                        "logits",
                        "--calls",
                        "20",
                        "--json");
        assertEquals(0, options.code(), options.err());
        assertBadInputBothWays(
                "model.norm_mean: " + model + " has no tickring metadata",
                "model",
                "bench",
                model.toString(),
                "--levels",
                "10");
        assertBadInputBothWays(
                "model.output: " + model + " gives [",
                "model",
                "bench",
                model.toString(),
                "--config",
                cfg.toString(),
                "--output",
                "probabilities");
    }

    /** {@code java -cp <this test's classpath> Main args...} with the shipped JVM flags, in dir. */
    private static Process java(Path dir, String... args) throws IOException {
        Properties props = new Properties();
        try (var in = Files.newInputStream(repoRoot().resolve("config/jvm.properties"))) {
            props.load(in);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String f : props.getProperty("tickring.jvm.flags").split(" ")) {
            if (!f.isBlank()) {
                cmd.add(f);
            }
        }
        if (Runtime.version().feature() >= 24) {
            for (String f : props.getProperty("tickring.jvm.flags.java24").split(" ")) {
                if (!f.isBlank()) {
                    cmd.add(f);
                }
            }
        }
        cmd.add("-cp");
        // A short class path: with the test's long one, ONNX Runtime crashes the child (see
        // ChildClassPath).
        cmd.add(ChildClassPath.of());
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
    }
}
