package io.tickring.engine.stage.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.tickring.core.RingEvent;
import io.tickring.core.instrument.Instrument;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Scores BOOK events with an ONNX model (DeepLOB-style input {@code [N,1,T,4L]}, output {@code
 * [N,3]} probabilities or logits) through ONNX Runtime.
 *
 * <p>The model is loaded by path, so external data files resolve next to it whatever the working
 * directory, and its digest covers them ({@link OnnxModelFile}). Logits (declared by {@code
 * model.output} or the model's {@code output_kind} metadata) are soft-maxed; a model said to give
 * probabilities is run once at start on a probe window and refused unless they sum to 1.
 *
 * <p>Per instrument it keeps a {@link LobWindow}. The scoring policy ({@code model.score_every},
 * {@code model.min_interval}) reads only event contents and event time, so a replay scores the same
 * events. One direct input buffer and one input tensor over it serve every call, and the output is
 * written into a pinned direct buffer; outside ONNX Runtime's own per-call objects the scorer
 * allocates nothing in steady state. The wall clock is read only to record the per-inference
 * latency into {@link #latency()}, which never feeds a decision.
 */
public final class OnnxScorer implements Scorer, AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String file;
    private final String digest;
    private final OnnxModelFile model;
    private final boolean logits;
    private final WindowSpec spec;
    private final String inputName;
    private final FloatBuffer input;
    private final OnnxTensor inputTensor;
    private final Map<String, OnnxTensor> inputs;
    private final FloatBuffer output;
    private final OnnxTensor outputTensor;
    private final Map<String, OnnxTensor> outputs;
    private final int upIndex;
    private final int flatIndex;
    private final int downIndex;
    private final int scoreEvery;
    private final long minIntervalNs;
    private final Int2ObjectHashMap<State> states = new Int2ObjectHashMap<>();
    private final Histogram latency = new Histogram(1, 60_000_000_000L, 3);
    private long inferences;

    /** Per-instrument window and policy state. */
    private static final class State {
        final LobWindow window;
        long books;
        boolean scoredOnce;
        long lastScoredNs;

        State(LobWindow window) {
            this.window = window;
        }
    }

    /**
     * Opens {@code cfg.path()} and checks it against {@code cfg}.
     *
     * @throws ModelException if the file cannot be read or loaded, or its input, output or metadata
     *     do not fit the configuration (the message names both sides)
     */
    public OnnxScorer(ModelContext cfg, List<Instrument> instruments) {
        Path path = ModelFiles.resolve(cfg.path());
        file = cfg.path();
        if (!Files.isRegularFile(path)) {
            throw new ModelException("model.path: cannot read " + file + ": no such file");
        }
        model = OnnxModelFile.open(path, file);
        digest = model.digest();
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(cfg.intraOpThreads());
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(optLevel(cfg.optimization()));
            // By path, not from bytes: ONNX Runtime finds external data (model.onnx.data) next to
            // the model only when it knows where the model is.
            session = env.createSession(path.toAbsolutePath().toString(), options);
            spec = WindowSpec.resolve(session.getMetadata().getCustomMetadata(), cfg, file);
            if (session.getNumInputs() != 1 || session.getNumOutputs() < 1) {
                throw new ModelException(
                        file
                                + ": expected one input and an output, found "
                                + session.getNumInputs()
                                + " inputs and "
                                + session.getNumOutputs()
                                + " outputs");
            }
            inputName = session.getInputNames().iterator().next();
            checkShape(
                    "input",
                    session.getInputInfo().get(inputName),
                    new long[] {-1, 1, spec.window(), spec.columns()});
            String outputName = session.getOutputNames().iterator().next();
            checkShape("output", session.getOutputInfo().get(outputName), new long[] {-1, 3});
            input =
                    ByteBuffer.allocateDirect(4 * spec.window() * spec.columns())
                            .order(ByteOrder.nativeOrder())
                            .asFloatBuffer();
            inputTensor =
                    OnnxTensor.createTensor(
                            env, input, new long[] {1, 1, spec.window(), spec.columns()});
            inputs = Map.of(inputName, inputTensor);
            output =
                    ByteBuffer.allocateDirect(4 * 3).order(ByteOrder.nativeOrder()).asFloatBuffer();
            outputTensor = OnnxTensor.createTensor(env, output, new long[] {1, 3});
            outputs = Map.of(outputName, outputTensor);
            logits = outputKind(session.getMetadata().getCustomMetadata(), cfg.output());
        } catch (OrtException e) {
            throw new ModelException(file + ": ONNX Runtime cannot load it: " + e.getMessage(), e);
        }
        if (!logits) {
            probe();
        }
        upIndex = spec.classOrder().indexOf("up");
        flatIndex = spec.classOrder().indexOf("flat");
        downIndex = spec.classOrder().indexOf("down");
        scoreEvery = cfg.scoreEvery();
        minIntervalNs = cfg.minIntervalNs();
        for (Instrument i : instruments) {
            states.put(
                    i.id(),
                    new State(new LobWindow(spec.levels(), spec.window(), i.priceMultiplier())));
        }
    }

    /**
     * True if the output is logits: from {@code model.output}, else the model's {@code output_kind}
     * metadata, else probabilities; the two must agree when both are given.
     */
    private boolean outputKind(Map<String, String> meta, String configured) {
        String declared = meta.getOrDefault("output_kind", "").trim();
        if (!declared.isEmpty() && !ModelContext.OUTPUTS.contains(declared)) {
            throw new ModelException(
                    file
                            + ": metadata output_kind is \""
                            + declared
                            + "\" (one of logits, probabilities)");
        }
        if (!configured.isEmpty() && !declared.isEmpty() && !configured.equals(declared)) {
            throw new ModelException(
                    "model.output: the configuration says "
                            + configured
                            + " but the model "
                            + file
                            + " declares output_kind "
                            + declared);
        }
        String kind = !configured.isEmpty() ? configured : declared;
        return kind.equals("logits");
    }

    /**
     * Runs the model once on a window of zeros and refuses it unless its output looks like
     * probabilities: three values in [0, 1] summing to 1 within 1e-3. Logits taken for
     * probabilities would trade on numbers that mean nothing.
     */
    private void probe() {
        for (int i = 0; i < spec.window() * spec.columns(); i++) {
            input.put(i, 0f);
        }
        run();
        double sum = 0;
        boolean inRange = true;
        for (int i = 0; i < 3; i++) {
            float p = output.get(i);
            sum += p;
            inRange &= p >= 0 && p <= 1;
        }
        inferences = 0;
        latency.reset();
        if (!inRange || Math.abs(sum - 1) > 1e-3) {
            throw new ModelException(
                    "model.output: "
                            + file
                            + " gives ["
                            + output.get(0)
                            + ", "
                            + output.get(1)
                            + ", "
                            + output.get(2)
                            + "] on a probe window of zeros, which are not probabilities (sum "
                            + (float) sum
                            + "); if its output is logits, declare model.output: logits"
                            + " (or metadata output_kind=logits)");
        }
    }

    private void checkShape(String what, NodeInfo info, long[] expected) {
        if (!(info.getInfo() instanceof TensorInfo t)) {
            throw new ModelException(
                    file + ": the " + what + " " + info.getName() + " is not a tensor");
        }
        long[] shape = t.getShape();
        boolean ok = shape.length == expected.length;
        for (int i = 1; ok && i < shape.length; i++) {
            ok = shape[i] == expected[i] || shape[i] < 0;
        }
        if (!ok) {
            throw new ModelException(
                    "model.levels/model.window: the configuration gives the "
                            + what
                            + " shape "
                            + show(expected)
                            + " but the model "
                            + file
                            + " declares "
                            + show(shape));
        }
    }

    private static String show(long[] shape) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ",").append(shape[i] < 0 ? "N" : Long.toString(shape[i]));
        }
        return b.append(']').toString();
    }

    private static OrtSession.SessionOptions.OptLevel optLevel(String name) {
        return switch (name) {
            case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            default -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
        };
    }

    @Override
    public void score(RingEvent e) {
        State s = states.get(e.instrumentId);
        if (s == null) {
            return;
        }
        s.window.push(e);
        s.books++;
        if (!s.window.full()
                || s.books % scoreEvery != 0
                || (s.scoredOnce && e.exchangeTimeNs - s.lastScoredNs < minIntervalNs)) {
            return;
        }
        s.window.fill(input, spec);
        run();
        if (logits) {
            softmax();
        }
        e.pUp = output.get(upIndex);
        e.pFlat = output.get(flatIndex);
        e.pDown = output.get(downIndex);
        e.scored = true;
        s.scoredOnce = true;
        s.lastScoredNs = e.exchangeTimeNs;
    }

    /** One inference on the input buffer as it stands, into the output buffer. */
    private void run() {
        long start = System.nanoTime();
        try (OrtSession.Result r = session.run(inputs, outputs)) {
            // The output is in the pinned buffer; the result holds nothing the scorer needs.
            assert r.size() >= 1;
        } catch (OrtException ex) {
            throw new IllegalStateException(file + ": inference failed: " + ex.getMessage(), ex);
        }
        latency.recordValue(
                Math.min(System.nanoTime() - start, latency.getHighestTrackableValue()));
        inferences++;
    }

    /** Turns the three logits in the output buffer into probabilities, in place, in float. */
    private void softmax() {
        float a = output.get(0);
        float b = output.get(1);
        float c = output.get(2);
        float max = Math.max(a, Math.max(b, c));
        double ea = Math.exp(a - max);
        double eb = Math.exp(b - max);
        double ec = Math.exp(c - max);
        double sum = ea + eb + ec;
        output.put(0, (float) (ea / sum));
        output.put(1, (float) (eb / sum));
        output.put(2, (float) (ec / sum));
    }

    /**
     * Scores one already normalised window ({@code T × 4L} values, oldest row first) and writes up,
     * flat, down into {@code probs}: the golden-vector path, and what {@code model bench} times as
     * the raw call.
     */
    public void infer(float[] window, double[] probs) {
        input.put(0, window);
        run();
        if (logits) {
            softmax();
        }
        probs[0] = output.get(upIndex);
        probs[1] = output.get(flatIndex);
        probs[2] = output.get(downIndex);
    }

    /**
     * Writes the normalised window of an instrument into {@code dst} (T × 4L floats): for parity
     * checks.
     */
    public boolean window(int instrumentId, float[] dst) {
        State s = states.get(instrumentId);
        if (s == null || !s.window.full()) {
            return false;
        }
        s.window.fill(input, spec);
        input.get(0, dst);
        return true;
    }

    public WindowSpec spec() {
        return spec;
    }

    /** Per-inference latency in ns, recorded on the scoring thread. */
    public Histogram latency() {
        return latency;
    }

    public long inferences() {
        return inferences;
    }

    /** The ONNX Runtime session, for {@code model info} and {@code model bench}. */
    public OrtSession session() {
        return session;
    }

    /** The input tensor over the reused direct buffer. */
    public Map<String, OnnxTensor> inputs() {
        return inputs;
    }

    /** The model's files and digest. */
    public OnnxModelFile model() {
        return model;
    }

    /** True if the model outputs logits, which the scorer soft-maxes. */
    public boolean logits() {
        return logits;
    }

    @Override
    public String describe() {
        return "onnx:" + model.describe();
    }

    @Override
    public String files() {
        StringBuilder b = new StringBuilder(file);
        for (String d : model.externalData()) {
            b.append(" + ").append(d);
        }
        return b.toString();
    }

    @Override
    public String digest() {
        return digest;
    }

    @Override
    public void close() {
        try {
            inputTensor.close();
            outputTensor.close();
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
