package io.tickring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bounds written on the benchmarks are well formed: each gate is unique, names configurations
 * its benchmark has, and refers only to a benchmark of the suite; every hot-path piece of issue 13
 * has at least one gate.
 */
class AllocationBoundTest {
    private final List<AllocationGates.Gate> gates = AllocationGates.gates(AllocationGates.SUITE);

    @Test
    void shouldGateEveryHotPathPiece() {
        Set<String> gated = new HashSet<>();
        gates.forEach(g -> gated.add(g.benchmark()));
        for (String b :
                List.of(
                        "SequencerBenchmark.intakeAndPublish",
                        "RingHopBenchmark.publishAndPoll",
                        "JournalAppendBenchmark.append",
                        "FeaturesBenchmark.bookUpdate",
                        "ModelBenchmark.stage",
                        "StrategyBenchmark.decide",
                        "RiskGateBenchmark.rejectAtLastCheck",
                        "RouterBenchmark.route",
                        "PaperMatchingBenchmark.bookUpdate",
                        "PipelineBenchmark.chain")) {
            assertTrue(gated.contains(b), b + " has no allocation gate");
        }
        Set<String> chainConfigs = new HashSet<>();
        gates.stream()
                .filter(g -> g.benchmark().equals("PipelineBenchmark.chain"))
                .forEach(g -> chainConfigs.add(g.params().get("config")));
        assertEquals(
                Set.of(
                        "arrival",
                        "event-time",
                        "jitter",
                        "sessions",
                        "onnx",
                        "metrics",
                        "latency-log"),
                chainConfigs);
    }

    @Test
    void shouldHaveUniqueGatesWithReferencesInTheSuite() {
        Set<String> labels = new HashSet<>();
        Set<String> benchmarks = new HashSet<>();
        for (Class<?> c : AllocationGates.SUITE) {
            for (var m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class)) {
                    benchmarks.add(c.getSimpleName() + "." + m.getName());
                }
            }
        }
        for (AllocationGates.Gate g : gates) {
            assertTrue(labels.add(g.label()), "gate twice: " + g.label());
            // Code that allocates nothing gets at most 16 B/op (one object fails it); a gate
            // bounded
            // by a reference benchmark (the bare ONNX call) gets a margin over that reference, at
            // most 160 B/op (the forks' spread of ONNX Runtime's own per-call objects).
            double most = g.reference().isEmpty() ? 16 : 160;
            assertTrue(g.bytesPerOp() > 0 && g.bytesPerOp() <= most, g.label());
            assertFalse(g.why().isBlank(), g.label());
            if (!g.reference().isEmpty()) {
                assertTrue(benchmarks.contains(g.reference()), g.reference());
            }
        }
    }
}
