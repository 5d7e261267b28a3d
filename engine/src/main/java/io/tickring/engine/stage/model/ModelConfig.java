package io.tickring.engine.stage.model;

import java.util.List;
import java.util.Objects;

/**
 * The {@code model} section: which model scores the book, what its input must look like, and how
 * often it scores.
 *
 * <p>For an ONNX model with tickring metadata, {@code levels}, {@code window}, {@code
 * normalisation} and {@code classOrder} must equal what the model declares, or the engine refuses
 * to start; for a model without metadata they declare what the metadata would have said (with
 * {@code normMean}/{@code normStd} for a z-score). {@code scoreEvery} and {@code minIntervalNs}
 * make the scoring policy: per instrument, the model runs on a valid BOOK when the instrument's
 * count of valid BOOKs is a multiple of {@code scoreEvery} and at least {@code minIntervalNs} of
 * event time has passed since its last score. Both depend only on the events, so replay scores the
 * same events.
 *
 * @param kind {@code microprice-rule} (no file) or {@code onnx}
 * @param path the model file for {@code onnx}, as written (relative paths resolve against the
 *     working directory); empty for {@code microprice-rule}
 * @param levels book levels L in the window (1..10)
 * @param window rows T of the window: the instrument's last T valid BOOK events
 * @param normalisation {@code none}, {@code zscore} or {@code mid-zscore}
 * @param normMean per-column means (4L values) for a model without metadata; empty otherwise
 * @param normStd per-column standard deviations (4L values) for a model without metadata; empty
 *     otherwise
 * @param classOrder the model's output classes in order, a permutation of up, flat, down
 * @param intraOpThreads ONNX Runtime intra-op threads
 * @param optimization ONNX Runtime graph optimisation: {@code none}, {@code basic}, {@code
 *     extended}, {@code all}
 * @param scoreEvery score every n-th valid BOOK of an instrument
 * @param minIntervalNs least event time between two scores of one instrument, ns; 0 for no limit
 * @param output what the model's output is: {@code logits} (soft-maxed by the scorer), {@code
 *     probabilities} (checked to sum to 1 at start-up), or {@code ""} to take the model's {@code
 *     output_kind} metadata (probabilities when it has none)
 */
public record ModelConfig(
        String kind,
        String path,
        int levels,
        int window,
        String normalisation,
        List<Double> normMean,
        List<Double> normStd,
        List<String> classOrder,
        int intraOpThreads,
        String optimization,
        int scoreEvery,
        long minIntervalNs,
        String output) {
    /** The rule-based model that needs no file. */
    public static final String MICROPRICE_RULE = "microprice-rule";

    /** An ONNX model file run with ONNX Runtime. */
    public static final String ONNX = "onnx";

    /** The normalisation kinds a window knows. */
    public static final List<String> NORMALISATIONS = List.of("none", "zscore", "mid-zscore");

    /** ONNX Runtime optimisation levels. */
    public static final List<String> OPTIMIZATIONS = List.of("none", "basic", "extended", "all");

    /** The default class order (DeepLOB's up, stationary, down). */
    public static final List<String> CLASS_ORDER = List.of("up", "flat", "down");

    /** Output kinds a model can declare. */
    public static final List<String> OUTPUTS = List.of("logits", "probabilities");

    public ModelConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(normalisation, "normalisation");
        Objects.requireNonNull(optimization, "optimization");
        normMean = List.copyOf(normMean);
        normStd = List.copyOf(normStd);
        classOrder = List.copyOf(classOrder);
    }

    /** A configuration whose output kind comes from the model's metadata. */
    public ModelConfig(
            String kind,
            String path,
            int levels,
            int window,
            String normalisation,
            List<Double> normMean,
            List<Double> normStd,
            List<String> classOrder,
            int intraOpThreads,
            String optimization,
            int scoreEvery,
            long minIntervalNs) {
        this(
                kind,
                path,
                levels,
                window,
                normalisation,
                normMean,
                normStd,
                classOrder,
                intraOpThreads,
                optimization,
                scoreEvery,
                minIntervalNs,
                "");
    }

    /** This configuration with another model file. */
    public ModelConfig withPath(String newPath) {
        return new ModelConfig(
                kind,
                newPath,
                levels,
                window,
                normalisation,
                normMean,
                normStd,
                classOrder,
                intraOpThreads,
                optimization,
                scoreEvery,
                minIntervalNs,
                output);
    }

    /** The defaults with this kind and path. */
    public static ModelConfig of(String kind, String path) {
        return new ModelConfig(
                kind,
                path,
                5,
                100,
                "mid-zscore",
                List.of(),
                List.of(),
                CLASS_ORDER,
                1,
                "all",
                1,
                0);
    }
}
