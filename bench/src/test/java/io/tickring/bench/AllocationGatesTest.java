package io.tickring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The allocation gates catch a stage that allocates: the chain's gate, run through {@link
 * AllocationGates} with real JMH forks and the GC profiler (short iterations), fails and names the
 * benchmark and its configuration when the model stage's scorer keeps one object per event ({@code
 * -Dtickring.bench.leak=true}, {@link PipelineBenchmark.AllocatingScorer}), and passes on the code
 * as it is. Slow: two JMH forks of about 5 s of iterations each.
 */
@Tag("slow")
class AllocationGatesTest {
    private static final String CHAIN = "^PipelineBenchmark\\.chain\\[config=arrival\\]$";

    @TempDir Path tmp;

    private record Run(int code, String out, String err, String json) {}

    private Run gates(String... extra) throws Exception {
        Path json = tmp.resolve("gates-" + extra.length + ".json");
        List<String> args =
                new java.util.ArrayList<>(
                        List.of(
                                "--include",
                                CHAIN,
                                "--warmup",
                                "2",
                                "--iterations",
                                "2",
                                "--time",
                                "1000",
                                "--quiet",
                                "--out",
                                json.toString()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = AllocationGates.run(args.toArray(new String[0]), o, e);
        }
        return new Run(
                code,
                out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8),
                Files.readString(json));
    }

    @Test
    void shouldFailNamingTheBenchmarkWhenAStageAllocatesOneObjectPerEvent() throws Exception {
        Run leaky = gates("--jvm-arg", "-Dtickring.bench.leak=true");
        assertEquals(1, leaky.code(), leaky.out() + leaky.err());
        assertTrue(
                leaky.err()
                        .startsWith(
                                "allocation gates FAILED: PipelineBenchmark.chain[config=arrival] ("),
                leaky.err());
        assertTrue(
                leaky.out().lines().anyMatch(l -> l.startsWith("FAIL PipelineBenchmark.chain ")),
                leaky.out());
        // One 24-byte array per event, measured as such, plus the fork's per-iteration bytes spread
        // over the iteration's events (a few B/event when a loaded machine runs few events).
        double measured = measured(leaky.json());
        assertTrue(measured >= 20 && measured < 48, "B/event with the leak: " + measured);
        assertTrue(leaky.json().contains("\"pass\":false"), leaky.json());

        Run clean = gates();
        assertEquals(0, clean.code(), clean.out() + clean.err());
        assertTrue(
                clean.out().lines().anyMatch(l -> l.startsWith("PASS PipelineBenchmark.chain ")),
                clean.out());
        // Within its bound (the exit code says so), and far below one object per event, whatever
        // the machine's load does to the per-iteration share.
        assertTrue(measured(clean.json()) < 8, clean.json());
    }

    @Test
    void shouldRefuseAnIncludeThatMatchesNoGate() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                AllocationGates.run(
                        new String[] {"--include", "NoSuchBenchmark"},
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals(
                "allocation gates: no gate matches --include NoSuchBenchmark",
                err.toString(StandardCharsets.UTF_8).strip());
    }

    private static double measured(String json) {
        String key = "\"alloc_bytes_per_op\":";
        int at = json.indexOf(key) + key.length();
        return Double.parseDouble(json.substring(at, json.indexOf(',', at)));
    }
}
