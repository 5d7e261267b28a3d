package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backtest's layout changes no output: inline on the capped ring gives the digest of the threaded
 * layout on the configured 65,536 slots; {@code bench throughput --journal} replays to that digest
 * and prints its baselines; the backtest reports its peak RSS.
 */
@org.junit.jupiter.api.Tag("slow")
class ReplayLayoutTest {
    @TempDir Path tmp;

    /** config/demo.yaml with the microprice rule and {@code run.drive} set to {@code drive}. */
    private Path config(String drive) throws IOException {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        String yaml = Files.readString(repo.resolve("config/demo.yaml"));
        String changed =
                yaml.replaceFirst("(?m)^  kind: onnx .*$", "  kind: microprice-rule")
                        .replaceFirst("(?m)^  drive: auto .*$", "  drive: " + drive);
        assertTrue(changed.contains("kind: microprice-rule"), "model.kind not replaced");
        assertTrue(changed.contains("drive: " + drive), "run.drive not replaced");
        assertTrue(changed.contains("size: 65536"), "the test needs ring.size 65536");
        Path dir = Files.createDirectories(tmp.resolve("cfg-" + drive));
        Files.copy(repo.resolve("config/instruments.yaml"), dir.resolve("instruments.yaml"));
        Files.copy(
                repo.resolve("config/headlines-demo.jsonl"), dir.resolve("headlines-demo.jsonl"));
        Path file = dir.resolve("micro.yaml");
        Files.writeString(file, changed);
        return file;
    }

    @Test
    void shouldReplayToOneDigestInlineOnTheCappedRingAndOnThreads() throws IOException {
        Path j = tmp.resolve("j");
        CliTest.Run demo =
                tickring("demo", "--mode", "sim", "--duration", "60s", "--journal", j.toString());
        assertEquals(0, demo.code(), demo.err());

        CliTest.Run inline =
                tickring(
                        "backtest",
                        "--journal",
                        j.toString(),
                        "--config",
                        config("inline").toString(),
                        "--json");
        assertEquals(0, inline.code(), inline.err());
        CliTest.Run threads =
                tickring(
                        "backtest",
                        "--journal",
                        j.toString(),
                        "--config",
                        config("threads").toString(),
                        "--json");
        assertEquals(0, threads.code(), threads.err());
        String digest = field(inline.lastLine(), "digest");
        assertEquals(digest, field(threads.lastLine(), "digest"), "layout changed the output");
        assertEquals(
                field(threads.lastLine(), "events"), field(inline.lastLine(), "events"), "events");
        assertTrue(
                Long.parseLong(field(threads.lastLine(), "orders")) > 0,
                "the run places orders, so the digest covers the paper venue's reports");
        long rss = Long.parseLong(field(inline.lastLine(), "peak_rss_mb"));
        assertTrue(rss > 16 && rss < 64 * 1024, "peak_rss_mb " + rss);

        CliTest.Run bench =
                tickring(
                        "bench",
                        "throughput",
                        "--journal",
                        j.toString(),
                        "--config",
                        config("auto").toString(),
                        "--rounds",
                        "1",
                        "--json");
        assertEquals(0, bench.code(), bench.err());
        String line = bench.lastLine();
        assertEquals(digest, field(line, "digest"), "bench throughput replays the backtest");
        assertEquals("inline", field(line, "layout"));
        for (String figure :
                new String[] {
                    "raw_read_per_s", "ring_read_per_s", "chain_per_s", "chain_cpu_ns_per_event"
                }) {
            assertTrue(Long.parseLong(field(line, figure)) > 0, figure + " in " + line);
        }
    }

    @Test
    void shouldCapOnlyAnInlineRing() {
        assertEquals(1024, EngineAssembler.inlineRingSize(65536));
        assertEquals(1024, EngineAssembler.inlineRingSize(1024));
        assertEquals(256, EngineAssembler.inlineRingSize(256));
    }

    @Test
    void shouldReadThePeakRssOnLinux() {
        if (!Files.isReadable(Path.of("/proc/self/status"))) {
            return; // not Linux: the field is absent, which the summary allows
        }
        long mb = ProcessMemory.peakRssMb().orElseThrow();
        long heapUsedMb =
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
        assertTrue(mb >= heapUsedMb && mb > 16, "peak RSS " + mb + " MB, heap used " + heapUsedMb);
    }
}
