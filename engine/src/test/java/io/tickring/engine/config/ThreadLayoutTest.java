package io.tickring.engine.config;

import static io.tickring.engine.config.ConfigFixtures.SIMA_INLINE;
import static io.tickring.engine.config.ConfigFixtures.assertMessage;
import static io.tickring.engine.config.ConfigFixtures.load;
import static io.tickring.engine.config.ConfigFixtures.loadFails;
import static io.tickring.engine.config.ConfigFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThreadLayoutTest {
    private static final String CHAIN = "features, model, strategy, risk, router";

    @TempDir Path dir;

    @Test
    void shouldAcceptOneThreadWithTheJournalFirst() {
        EngineConfig c =
                load(
                        file(
                                "  - {name: all, stages: [journal, "
                                        + CHAIN
                                        + "], idle: sleeping, cpu: 1}\n"));

        assertEquals(
                List.of(
                        new ThreadConfig(
                                "all",
                                List.of(
                                        "journal",
                                        "features",
                                        "model",
                                        "strategy",
                                        "risk",
                                        "router"),
                                IdleKind.SLEEPING,
                                1)),
                c.threads());
    }

    @Test
    void shouldAcceptOneThreadPerStageWithTheJournalLast() {
        EngineConfig c =
                load(
                        file(
                                """
                  - {name: f, stages: [features], idle: busy-spin, cpu: 1}
                  - {name: m, stages: [model], idle: yielding}
                  - {name: s, stages: [strategy, risk]}
                  - {name: r, stages: [router]}
                  - {name: j, stages: [journal]}
                """));

        assertEquals(
                List.of("f", "m", "s", "r", "j"),
                c.threads().stream().map(ThreadConfig::name).toList());
        assertEquals(IdleKind.BUSY_SPIN, c.threads().get(0).idle());
        assertEquals(-1, c.threads().get(1).cpu());
        assertEquals(IdleKind.BACKOFF, c.threads().get(2).idle());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            '[features, journal]'  | '[model, strategy, risk, router]' | 3 | threads[0].stages | journal must run alone in its thread or as the first stage of the first thread
            '[features, model]'    | '[journal, strategy, risk, router]' | 5 | threads[1].stages | journal must run alone in its thread or as the first stage of the first thread
            '[journal, features, strategy]' | '[model, risk, router]' | 5 | threads[1].stages | "model" comes after "strategy": the decision chain runs features, model, strategy, risk, router in that order across threads
            '[journal, features, model]' | '[model, strategy, risk, router]' | 5 | threads[1].stages | stage "model" appears twice (also in threads[0])
            '[journal, features, model]' | '[strategy, risk]' | 2 | threads | stage "router" is on no thread (each of journal, features, model, strategy, risk, router runs on exactly one)
            '[journal, features, modle]' | '[strategy, risk, router]' | 3 | threads[0].stages | unknown stage "modle" (one of journal, features, model, strategy, risk, router)
            '[journal]' | '[]' | 5 | threads[1].stages | a thread needs at least one stage
            """)
    void shouldRejectLayoutViolations(
            String first, String second, int line, String key, String problem) {
        Path f =
                file(
                        "  - name: a\n    stages: "
                                + first
                                + "\n  - name: b\n    stages: "
                                + second
                                + "\n");

        assertMessage(f + ":" + line + ": " + key + ": " + problem, loadFails(f));
    }

    @Test
    void shouldRejectDuplicateThreadNames() {
        Path f = file("  - {name: a, stages: [journal]}\n  - {name: a, stages: [" + CHAIN + "]}\n");

        assertMessage(
                f + ":3: threads[1].name: duplicate thread name \"a\" (also threads[0])",
                loadFails(f));
    }

    @Test
    void shouldRejectAnEmptyThreadName() {
        Path f = file("  - {name: '', stages: [journal, " + CHAIN + "]}\n");

        assertMessage(f + ":2: threads[0].name: must not be empty", loadFails(f));
    }

    @Test
    void shouldRejectTwoThreadsPinnedToOneCpu() {
        Path f =
                file(
                        "  - {name: a, stages: [journal], cpu: 1}\n  - {name: b, stages: ["
                                + CHAIN
                                + "], cpu: 1}\n");

        assertMessage(
                f + ":3: threads[1].cpu: CPU 1 is already pinned by threads[0]", loadFails(f));
    }

    @Test
    void shouldRejectAThreadWithoutStages() {
        Path f = file("  - name: a\n    idle: backoff\n");

        assertMessage(f + ":2: threads[0].stages: required key missing", loadFails(f));
    }

    @Test
    void shouldRejectAnEmptyList() {
        Path f = write(dir, "c.yaml", "instruments:\n" + SIMA_INLINE + "threads: []\n");

        assertMessage(f + ":3: threads: no threads: the stages need at least one", loadFails(f));
    }

    @Test
    void shouldRejectABadLayoutBuiltInCode() {
        EngineConfig good = load(ConfigFixtures.shippedDemo());
        List<ThreadConfig> bad =
                List.of(new ThreadConfig("x", List.of("router", "journal"), IdleKind.BACKOFF, -1));

        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                new EngineConfig(
                                        good.run(),
                                        good.instruments(),
                                        good.ring(),
                                        bad,
                                        good.timer(),
                                        good.source(),
                                        good.model(),
                                        good.strategy(),
                                        good.risk(),
                                        good.paper(),
                                        good.journal()));
        assertEquals(
                "threads[0].stages: journal must run alone in its thread or as the first stage of the first thread",
                e.getMessage());
    }

    private Path file(String threads) {
        return write(dir, "c.yaml", "threads:\n" + threads + "instruments:\n" + SIMA_INLINE);
    }
}
