package io.tickring.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.tickring.core.RingEvent;
import io.tickring.engine.stage.model.ModelContext;
import io.tickring.engine.stage.model.ModelStage;
import io.tickring.engine.stage.model.OnnxScorer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The model stage with the shipped DeepLOB ({@code model/deeplob.onnx}, the demo's settings: L5, a
 * 100-book window, mid-zscore, every BOOK scored) against the bare ONNX Runtime call it makes, in
 * the same run and on the same input tensor.
 *
 * <ul>
 *   <li>{@code stage}: {@link ModelStage#onEvent} on a BOOK with its features: the instrument's
 *       window takes the book, is normalised into the input buffer, one inference runs, the three
 *       probabilities are written into the event.
 *   <li>{@code bareCall}: {@code OrtSession.run(inputs, outputs)} alone on the stage's own input
 *       tensor (the last window it wrote) into a pinned output tensor: the least a Java caller of
 *       ONNX Runtime pays per inference, in time and in bytes. ONNX Runtime's Java API allocates a
 *       few hundred bytes per call (the result object, its name and value arrays and maps): that is
 *       the stage's allocation bound, on top of which the stage may add nothing.
 * </ul>
 *
 * <p>The model path resolves against {@code tickring.home} (set by {@link AllocationGates} for its
 * forks), else the working directory.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ModelBenchmark {
    private static final int EVENTS = 1024;

    private RingEvent[] books;
    private OnnxScorer scorer;
    private ModelStage stage;
    private int next;
    private long time = 1_767_623_400_000_000_000L;
    private OrtSession session;
    private Map<String, OnnxTensor> inputs;
    private OnnxTensor outputTensor;
    private Map<String, OnnxTensor> outputs;

    static OnnxScorer deepLob() {
        Path model = Path.of(System.getProperty("tickring.home", "."), "model", "deeplob.onnx");
        return new OnnxScorer(
                new ModelContext()
                        .kind("onnx")
                        .path(model.toAbsolutePath().toString())
                        .levels(5)
                        .window(100)
                        .normalisation("mid-zscore")
                        .classOrder(List.of("up", "flat", "down"))
                        .intraOpThreads(1)
                        .optimization("all")
                        .scoreEvery(1)
                        .minIntervalNs(0),
                List.of(PipelineBenchmark.INSTRUMENT));
    }

    @Setup
    public void setUp() throws OrtException {
        books = ScoredBooks.of(PipelineBenchmark.INSTRUMENT, EVENTS, false);
        scorer = deepLob();
        stage = new ModelStage(scorer);
        long scoredBefore = scorer.inferences();
        for (int n = 0; n < 2 * EVENTS; n++) {
            stage();
        }
        // Every book once the window is full: a cycle that scored less would measure less.
        if (scorer.inferences() - scoredBefore < 2 * EVENTS - 100) {
            throw new IllegalStateException(
                    "the model stage scored "
                            + (scorer.inferences() - scoredBefore)
                            + " of "
                            + 2 * EVENTS
                            + " books: not what is meant to be measured");
        }
        session = scorer.session();
        inputs = scorer.inputs();
        String outputName = session.getOutputNames().iterator().next();
        FloatBuffer output =
                ByteBuffer.allocateDirect(4 * 3).order(ByteOrder.nativeOrder()).asFloatBuffer();
        outputTensor =
                OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), output, new long[] {1, 3});
        outputs = Map.of(outputName, outputTensor);
    }

    /** One BOOK through the model stage: window, normalisation, inference, scores. */
    @Benchmark
    @AllocationBound(
            bytesPerOp = 160,
            iterationNoiseBytes = 8 * 1024,
            reference = "ModelBenchmark.bareCall",
            why =
                    "the stage adds nothing to ONNX Runtime's own per-call objects (bareCall, same"
                            + " run); with only 300-1,000 inferences an iteration, JMH's ~6 KB of"
                            + " its own per iteration is 6-20 B/op and varies between the two forks:"
                            + " 8 KiB an iteration covers it; ONNX Runtime's own per-call objects differ"
                            + " between forks by up to ~125 B (bareCall"
                            + " 421 and 545 B/op in two runs of one build: the JIT of each fork escapes"
                            + " a different share of them), so the margin is 160 B/op, not 16")
    public double stage() {
        RingEvent e = books[next];
        next = (next + 1) & (EVENTS - 1);
        // Time moves on (1 ms a book) as the cycle of books repeats: the scoring policy compares
        // event times, and a book older than the last scored one would not be scored.
        time += 1_000_000;
        e.exchangeTimeNs = time;
        e.receiveTimeNs = time;
        stage.onEvent(e);
        return e.pUp;
    }

    /** The bare ONNX Runtime call on the same input tensor. */
    @Benchmark
    public long bareCall() throws OrtException {
        try (OrtSession.Result r = session.run(inputs, outputs)) {
            return r.size();
        }
    }

    @TearDown
    public void tearDown() throws OrtException {
        outputTensor.close();
        scorer.close();
    }
}
