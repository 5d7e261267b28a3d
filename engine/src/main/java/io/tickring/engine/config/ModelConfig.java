package io.tickring.engine.config;

import java.util.Objects;

/**
 * The {@code model} section: which model scores the book.
 *
 * @param kind {@code microprice-rule} (no file) or {@code onnx}
 * @param path the model file for {@code onnx}, as written (relative paths resolve against the working
 *     directory); empty for {@code microprice-rule}
 */
public record ModelConfig(String kind, String path) {
    /** The rule-based model that needs no file. */
    public static final String MICROPRICE_RULE = "microprice-rule";
    /** An ONNX model file run with ONNX Runtime. */
    public static final String ONNX = "onnx";

    public ModelConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
    }
}
