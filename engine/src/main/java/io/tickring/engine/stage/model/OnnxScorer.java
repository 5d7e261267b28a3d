package io.tickring.engine.stage.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.tickring.core.RingEvent;
import io.tickring.core.instrument.Instrument;
import io.tickring.journal.Digests;
import java.io.IOException;
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
 * [N,3]} probabilities) through ONNX Runtime.
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
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ModelException("model.path: cannot read " + file + ": " + e.getMessage(), e);
        }
        digest = Digests.sha256(bytes);
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(cfg.intraOpThreads());
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(optLevel(cfg.optimization()));
            session = env.createSession(bytes, options);
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
        } catch (OrtException e) {
            throw new ModelException(file + ": ONNX Runtime cannot load it: " + e.getMessage(), e);
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

    /**
     * Scores one already normalised window ({@code T × 4L} values, oldest row first) and writes up,
     * flat, down into {@code probs}: the golden-vector path, and what {@code model bench} times as
     * the raw call.
     */
    public void infer(float[] window, double[] probs) {
        input.put(0, window);
        run();
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

    @Override
    public String describe() {
        return "onnx:" + Path.of(file).getFileName();
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
