package io.tickring.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Files and assertions shared by the configuration tests. */
final class ConfigFixtures {
    /** One valid inline instrument, for configurations that are not about instruments. */
    static final String SIMA_INLINE =
            "  - {id: 1, symbol: SIMA, venue: SIM, price_scale: 4, tick_size: 0.01, lot_size: 1, currency: USD}\n";

    private ConfigFixtures() {}

    /**
     * The repository root: surefire passes it in TICKRING_TEST_ROOT; tests run in engine/
     * otherwise.
     */
    static Path repoRoot() {
        String root = System.getenv("TICKRING_TEST_ROOT");
        return root != null && !root.isEmpty()
                ? Path.of(root)
                : Path.of("").toAbsolutePath().getParent();
    }

    static Path shippedDemo() {
        return repoRoot().resolve("config/demo.yaml");
    }

    static Path write(Path dir, String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EngineConfig load(Path file) {
        return ConfigLoader.load(file, Map.of(), List.of());
    }

    static ConfigException loadFails(Path file) {
        return loadFails(file, Map.of(), List.of());
    }

    static ConfigException loadFails(
            Path file, Map<String, String> env, List<ConfigOverride> overrides) {
        ConfigException e =
                assertThrows(ConfigException.class, () -> ConfigLoader.load(file, env, overrides));
        assertOneLine(e);
        return e;
    }

    /** Asserts the exact message and that the structured fields agree with it. */
    static void assertMessage(String expected, ConfigException e) {
        assertEquals(expected, e.getMessage());
        assertOneLine(e);
        String prefix =
                e.file()
                        + (e.line() > 0 ? ":" + e.line() : "")
                        + (e.key().isEmpty() ? "" : ": " + e.key())
                        + ": ";
        assertEquals(prefix + e.problem(), e.getMessage());
    }

    static void assertOneLine(ConfigException e) {
        assertFalse(
                e.getMessage().contains("\n") || e.getMessage().contains("\r"),
                () -> "not one line: " + e.getMessage());
    }
}
