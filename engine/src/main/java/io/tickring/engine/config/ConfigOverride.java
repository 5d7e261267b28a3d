package io.tickring.engine.config;

import java.util.Objects;

/**
 * One command-line override of a configuration value, applied after the file and the environment.
 *
 * <p>{@code keyPath} is a dotted path with optional list indexes ({@code run.duration}, {@code
 * threads[1].idle}); {@code value} is the text as typed, read like an unquoted YAML scalar by the
 * key's type (a value starting with {@code [} is read as a YAML flow list, e.g. {@code [SIMA,
 * SIMB]}); {@code label} names the override in errors in place of a file, usually the flag, e.g.
 * {@code --duration}.
 *
 * @param keyPath dotted key path
 * @param value the value's text
 * @param label what errors name as the value's origin
 */
public record ConfigOverride(String keyPath, String value, String label) {
    public ConfigOverride {
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(label, "label");
    }
}
