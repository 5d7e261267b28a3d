package io.tickring.engine.stage.model;

import io.tickring.core.ParameterException;
import java.util.List;

/**
 * The model stage's parameters, built like Aeron's {@code Context}: which model scores the book,
 * what its input must look like, and how often it scores; named setters that return the context,
 * getters, and {@link #conclude()}, which checks every value and the rules between them. The
 * defaults are the configuration's defaults ({@code config/README.md}). Once concluded the context
 * is read-only. The configuration binder fills it straight from the {@code model} section; keys in
 * {@link ParameterException}s are the section's keys.
 *
 * <p>For an ONNX model with tickring metadata, {@code levels}, {@code window}, {@code
 * normalisation} and {@code classOrder} must equal what the model declares, or the engine refuses
 * to start ({@link WindowSpec}); for a model without metadata they declare what the metadata would
 * have said (with {@code normMean}/{@code normStd} for a z-score). {@code scoreEvery} and {@code
 * minIntervalNs} make the scoring policy: per instrument, the model runs on a valid BOOK when the
 * instrument's count of valid BOOKs is a multiple of {@code scoreEvery} and at least {@code
 * minIntervalNs} of event time has passed since its last score. Both depend only on the events, so
 * replay scores the same events.
 */
public final class ModelContext {
    /** The configuration section these parameters are read from. */
    static final String SECTION = "model";

    /** The rule-based model that needs no file. */
    public static final String MICROPRICE_RULE = "microprice-rule";

    /** An ONNX model file run with ONNX Runtime. */
    public static final String ONNX = "onnx";

    /** The model kinds, in the order error messages list them. */
    public static final List<String> KINDS = List.of(MICROPRICE_RULE, ONNX);

    /** The normalisation kinds a window knows. */
    public static final List<String> NORMALISATIONS = List.of("none", "zscore", "mid-zscore");

    /** ONNX Runtime optimisation levels. */
    public static final List<String> OPTIMIZATIONS = List.of("none", "basic", "extended", "all");

    /** The default class order (DeepLOB's up, stationary, down). */
    public static final List<String> CLASS_ORDER = List.of("up", "flat", "down");

    /** Largest {@code window}. */
    public static final int MAX_WINDOW = 100_000;

    /** Largest {@code intra_op_threads}. */
    public static final int MAX_INTRA_OP_THREADS = 256;

    /** Largest {@code score_every}. */
    public static final int MAX_SCORE_EVERY = 1_000_000_000;

    /** Output kinds a model can declare ({@code model.output}). */
    public static final List<String> OUTPUTS = List.of("logits", "probabilities");

    private String kind = MICROPRICE_RULE;
    private String path = "";
    private int levels = 5;
    private int window = 100;
    private String normalisation = "mid-zscore";
    private List<Double> normMean = List.of();
    private List<Double> normStd = List.of();
    private List<String> classOrder = CLASS_ORDER;
    private int intraOpThreads = 1;
    private String optimization = "all";
    private int scoreEvery = 1;
    private long minIntervalNs;
    private String output = "";
    private boolean concluded;

    /** {@code microprice-rule} (no file) or {@code onnx} ({@code kind}). */
    public ModelContext kind(String v) {
        open().kind = v;
        return this;
    }

    public String kind() {
        return kind;
    }

    /**
     * The model file for {@code onnx}, as written; relative paths resolve against the working
     * directory ({@code path}; empty for {@code microprice-rule}).
     */
    public ModelContext path(String v) {
        open().path = v;
        return this;
    }

    public String path() {
        return path;
    }

    /** Book levels L in the window ({@code levels}, 1..10). */
    public ModelContext levels(int v) {
        open().levels = v;
        return this;
    }

    public int levels() {
        return levels;
    }

    /** Rows T of the window: the instrument's last T valid BOOK events ({@code window}). */
    public ModelContext window(int v) {
        open().window = v;
        return this;
    }

    public int window() {
        return window;
    }

    /** {@code none}, {@code zscore} or {@code mid-zscore} ({@code normalisation}). */
    public ModelContext normalisation(String v) {
        open().normalisation = v;
        return this;
    }

    public String normalisation() {
        return normalisation;
    }

    /**
     * Per-column means (4L values) for a model without metadata; empty otherwise ({@code
     * norm_mean}).
     */
    public ModelContext normMean(List<Double> v) {
        open().normMean = List.copyOf(v);
        return this;
    }

    public List<Double> normMean() {
        return normMean;
    }

    /**
     * Per-column standard deviations (4L values, each &gt; 0) for a model without metadata; empty
     * otherwise ({@code norm_std}).
     */
    public ModelContext normStd(List<Double> v) {
        open().normStd = List.copyOf(v);
        return this;
    }

    public List<Double> normStd() {
        return normStd;
    }

    /**
     * The model's output classes in order, a permutation of up, flat, down ({@code class_order}).
     */
    public ModelContext classOrder(List<String> v) {
        open().classOrder = List.copyOf(v);
        return this;
    }

    public List<String> classOrder() {
        return classOrder;
    }

    /** ONNX Runtime intra-op threads ({@code intra_op_threads}). */
    public ModelContext intraOpThreads(int v) {
        open().intraOpThreads = v;
        return this;
    }

    public int intraOpThreads() {
        return intraOpThreads;
    }

    /**
     * ONNX Runtime graph optimisation: {@code none}, {@code basic}, {@code extended}, {@code all}
     * ({@code optimization}).
     */
    public ModelContext optimization(String v) {
        open().optimization = v;
        return this;
    }

    public String optimization() {
        return optimization;
    }

    /** Score every n-th valid BOOK of an instrument ({@code score_every}). */
    public ModelContext scoreEvery(int v) {
        open().scoreEvery = v;
        return this;
    }

    public int scoreEvery() {
        return scoreEvery;
    }

    /**
     * Least event time between two scores of one instrument, ns; 0 for no limit ({@code
     * min_interval}).
     */
    public ModelContext minIntervalNs(long v) {
        open().minIntervalNs = v;
        return this;
    }

    public long minIntervalNs() {
        return minIntervalNs;
    }

    /**
     * What the model's output is: {@code logits} (soft-maxed by the scorer), {@code probabilities}
     * (checked to sum to 1 at start-up), or {@code ""} to take the model's {@code output_kind}
     * metadata, probabilities when it has none ({@code output}).
     */
    public ModelContext output(String v) {
        open().output = v;
        return this;
    }

    public String output() {
        return output;
    }

    /** True once {@link #conclude()} has run. */
    public boolean isConcluded() {
        return concluded;
    }

    /** Every parameter by name, for logs and for tests that compare contexts. */
    @Override
    public String toString() {
        return "ModelContext{kind="
                + kind
                + ", path="
                + path
                + ", levels="
                + levels
                + ", window="
                + window
                + ", normalisation="
                + normalisation
                + ", normMean="
                + normMean
                + ", normStd="
                + normStd
                + ", classOrder="
                + classOrder
                + ", intraOpThreads="
                + intraOpThreads
                + ", optimization="
                + optimization
                + ", scoreEvery="
                + scoreEvery
                + ", minIntervalNs="
                + minIntervalNs
                + ", output="
                + output
                + "}";
    }

    /**
     * Checks every value and the rules between them; the context is read-only afterwards. Calling
     * it again does nothing.
     *
     * @return this context
     * @throws ParameterException naming the first key whose value is wrong
     */
    public ModelContext conclude() {
        if (concluded) {
            return this;
        }
        oneOf("kind", kind, KINDS);
        if (path == null) {
            throw new ParameterException(SECTION, "path", "must be set (empty for no file)");
        }
        if (kind.equals(ONNX) && path.isEmpty()) {
            throw new ParameterException(
                    SECTION,
                    "path",
                    "required when model.kind is onnx (or set TICKRING_MODEL_PATH)");
        }
        range("levels", levels, 1, 10);
        range("window", window, 1, MAX_WINDOW);
        oneOf("normalisation", normalisation, NORMALISATIONS);
        if (normMean.isEmpty() != normStd.isEmpty()) {
            throw new ParameterException(
                    SECTION,
                    normMean.isEmpty() ? "norm_mean" : "norm_std",
                    "norm_mean and norm_std go together");
        }
        columns("norm_mean", normMean);
        columns("norm_std", normStd);
        for (double s : normStd) {
            if (!(s > 0)) {
                throw new ParameterException(SECTION, "norm_std", "must be > 0: " + s);
            }
        }
        if (classOrder.size() != 3 || !classOrder.containsAll(CLASS_ORDER)) {
            throw new ParameterException(
                    SECTION,
                    "class_order",
                    classOrder + ": class_order is a permutation of up, flat, down");
        }
        range("intra_op_threads", intraOpThreads, 1, MAX_INTRA_OP_THREADS);
        oneOf("optimization", optimization, OPTIMIZATIONS);
        range("score_every", scoreEvery, 1, MAX_SCORE_EVERY);
        ParameterException.atLeast(SECTION, "min_interval", minIntervalNs, 0);
        if (output == null || (!output.isEmpty() && !OUTPUTS.contains(output))) {
            throw new ParameterException(
                    SECTION,
                    "output",
                    "unknown value \"" + output + "\" (one of " + String.join(", ", OUTPUTS) + ")");
        }
        concluded = true;
        return this;
    }

    private ModelContext open() {
        if (concluded) {
            throw new IllegalStateException("model context already concluded: it is read-only");
        }
        return this;
    }

    /** "out of range: v (expected min..max)", as the configuration reports an integer key. */
    private static void range(String key, long v, long min, long max) {
        if (v < min || v > max) {
            throw new ParameterException(
                    SECTION, key, "out of range: " + v + " (expected " + min + ".." + max + ")");
        }
    }

    private static void oneOf(String key, String v, List<String> names) {
        if (v == null || !names.contains(v)) {
            throw new ParameterException(
                    SECTION,
                    key,
                    "unknown value \"" + v + "\" (one of " + String.join(", ", names) + ")");
        }
    }

    private void columns(String key, List<Double> values) {
        if (!values.isEmpty() && values.size() != 4 * levels) {
            throw new ParameterException(
                    SECTION,
                    key,
                    "expected " + 4 * levels + " values (4 x model.levels), got " + values.size());
        }
    }
}
