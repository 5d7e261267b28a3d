package io.tickring.engine.cli;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.tickring.adapters.sim.MarketSimulator;
import io.tickring.adapters.sim.SimConfig;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.stage.features.FeaturesStage;
import io.tickring.engine.stage.model.ModelContext;
import io.tickring.engine.stage.model.ModelException;
import io.tickring.engine.stage.model.ModelStage;
import io.tickring.engine.stage.model.OnnxModelFile;
import io.tickring.engine.stage.model.OnnxScorer;
import io.tickring.engine.stage.model.WindowSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tickring model info|bench FILE}: what an ONNX model declares, and what the model stage
 * costs over it.
 */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = {
            "Inspect and time ONNX models.",
            "info FILE: inputs, outputs, tickring metadata, external data files and the SHA-256 over them all.",
            "bench FILE: raw ONNX Runtime calls and the engine's model stage on the same windows, interleaved in one run;"
                    + " both medians and their ratio.",
            "A model without tickring metadata takes its window from --config FILE (the model section of a run file)",
            "or from --levels, --window, --normalisation, --norm-mean, --norm-std, --class-order and --output.",
            "eval FILE --journal DIR: score the journal's books (every --stride-th) and compare with the labels the",
            "model was trained to predict (its label_horizon and label_alpha): accuracy and F1 against the majority class."
        })
final class ModelCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "info|bench|eval")
    String action;

    @Parameters(index = "1", paramLabel = "FILE")
    Path file;

    @Option(
            names = "--levels",
            description = "Book levels, for a model without metadata (default: 5).")
    Integer levels;

    @Option(
            names = "--window",
            description = "Window rows, for a model without metadata (default: 100).")
    Integer window;

    @Option(
            names = "--normalisation",
            description = "none, zscore or mid-zscore, for a model without metadata.")
    String normalisation;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Take the model section (levels, window, normalisation, norm_mean, norm_std, class_order,"
                            + " output) and, for eval, the instruments from this run configuration; for a model"
                            + " without metadata. Options given here win over it.")
    Path config;

    @Option(
            names = "--norm-mean",
            paramLabel = "V,V,...",
            split = ",",
            description = "Per-column means (4 x levels), for a z-score model without metadata.")
    List<Double> normMean;

    @Option(
            names = "--norm-std",
            paramLabel = "V,V,...",
            split = ",",
            description = "Per-column standard deviations (4 x levels), with --norm-mean.")
    List<Double> normStd;

    @Option(
            names = "--class-order",
            paramLabel = "C,C,C",
            split = ",",
            description = "Order of the output classes, a permutation of up,flat,down.")
    List<String> classOrder;

    @Option(
            names = "--output",
            paramLabel = "KIND",
            description = "logits or probabilities (default: the model's output_kind metadata).")
    String output;

    @Option(
            names = "--calls",
            defaultValue = "2000",
            description = "Timed calls of each kind (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--threads", defaultValue = "1", description = "ONNX Runtime intra-op threads.")
    int threads;

    @Option(
            names = "--journal",
            paramLabel = "DIR",
            description = "eval: the journal whose books to score (e.g. an imported LOBSTER day).")
    Path journal;

    @Option(
            names = "--stride",
            defaultValue = "4",
            description =
                    "eval: score every n-th book of an instrument (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(
            names = "--predictions",
            paramLabel = "FILE",
            description =
                    "eval: also write each scored book as a CSV line (instrument, index of the"
                            + " instrument's valid book, p_up, p_flat, p_down), for model/evaluate.py.")
    Path predictions;

    @CommandLine.Mixin JsonOption json = new JsonOption();

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": no such model file");
        }
        return switch (action) {
            case "info" -> info();
            case "bench" -> bench();
            case "eval" -> eval();
            default ->
                    throw new UsageException(
                            "model: unknown action \"" + action + "\" (one of info, bench, eval)");
        };
    }

    private int info() throws IOException {
        OnnxModelFile model = modelFile();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", "model info");
        out.put("file", file.toString());
        out.put("sha256", model.digest());
        out.put("bytes", Files.size(file));
        if (!model.externalData().isEmpty()) {
            out.put("external_data", model.externalData());
        }
        try (OrtSession s =
                OrtEnvironment.getEnvironment()
                        .createSession(
                                file.toAbsolutePath().toString(),
                                new OrtSession.SessionOptions())) {
            out.put("inputs", nodes(s.getInputInfo()));
            out.put("outputs", nodes(s.getOutputInfo()));
            Map<String, String> meta = s.getMetadata().getCustomMetadata();
            out.put("producer", s.getMetadata().getProducerName());
            out.put("metadata", new java.util.TreeMap<>(meta));
            out.put("output_kind", meta.getOrDefault("output_kind", "(not declared)"));
            if (meta.containsKey("levels")) {
                for (String k :
                        List.of(
                                "levels",
                                "window",
                                "normalisation",
                                "class_order",
                                "label_horizon")) {
                    out.put(k, meta.getOrDefault(k, ""));
                }
            } else {
                out.put(
                        "note",
                        "no tickring metadata: the configuration must declare model.levels, model.window,"
                                + " model.normalisation (with norm_mean/norm_std for a z-score) and model.class_order"
                                + " (model bench|eval take them with --config FILE or as options)");
            }
        } catch (OrtException e) {
            throw new UsageException(file + ": ONNX Runtime cannot load it: " + e.getMessage());
        }
        PrintWriter text = json.json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        for (Map.Entry<String, Object> e : out.entrySet()) {
            if (!e.getKey().equals("metadata")) {
                text.println(String.format("%-14s %s", e.getKey(), e.getValue()));
            }
        }
        if (out.get("metadata") instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String v = String.valueOf(e.getValue());
                text.println(
                        String.format(
                                "  %-12s %s",
                                e.getKey(), v.length() > 100 ? v.substring(0, 100) + "..." : v));
            }
        }
        text.flush();
        printJson(out);
        return Main.OK;
    }

    private static List<String> nodes(Map<String, NodeInfo> nodes) {
        List<String> out = new ArrayList<>();
        for (NodeInfo n : nodes.values()) {
            out.add(
                    n.getName()
                            + " "
                            + n.getInfo()
                                    .toString()
                                    .replaceAll("shape=\\[-1,", "shape=[N,")
                                    .replaceAll("\\[-1", "[N")
                            + shape(n));
        }
        return out;
    }

    private static String shape(NodeInfo n) {
        if (n.getInfo() instanceof ai.onnxruntime.TensorInfo t) {
            StringBuilder b = new StringBuilder(" [");
            long[] s = t.getShape();
            for (int i = 0; i < s.length; i++) {
                b.append(i == 0 ? "" : ",").append(s[i] < 0 ? "N" : Long.toString(s[i]));
            }
            return b.append(']').toString();
        }
        return "";
    }

    /** A model configuration from the file's metadata (or the flags, for a model without it). */
    private record Loaded(ModelContext cfg, Map<String, String> meta) {}

    private OnnxModelFile modelFile() {
        try {
            return OnnxModelFile.open(file, file.toString());
        } catch (ModelException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private Loaded load(int scoreEvery) throws Exception {
        Map<String, String> meta;
        try (OrtSession probe =
                OrtEnvironment.getEnvironment()
                        .createSession(file.toAbsolutePath().toString(), options())) {
            meta = probe.getMetadata().getCustomMetadata();
        } catch (OrtException e) {
            throw new UsageException(file + ": ONNX Runtime cannot load it: " + e.getMessage());
        }
        boolean declared = meta.containsKey("levels");
        ModelContext base = config == null ? null : configured().model();
        int l =
                levels != null
                        ? levels
                        : base != null
                                ? base.levels()
                                : declared ? Integer.parseInt(meta.get("levels").trim()) : 5;
        int t =
                window != null
                        ? window
                        : base != null
                                ? base.window()
                                : declared ? Integer.parseInt(meta.get("window").trim()) : 100;
        String n =
                normalisation != null
                        ? normalisation
                        : base != null
                                ? base.normalisation()
                                : declared
                                        ? meta.getOrDefault("normalisation", "none")
                                        : "mid-zscore";
        List<String> order =
                classOrder != null
                        ? classOrder
                        : base != null
                                ? base.classOrder()
                                : declared
                                        ? List.of(
                                                meta.getOrDefault("class_order", "up,flat,down")
                                                        .split(","))
                                        : ModelContext.CLASS_ORDER;
        List<Double> mean =
                normMean != null ? normMean : base != null ? base.normMean() : List.of();
        List<Double> std = normStd != null ? normStd : base != null ? base.normStd() : List.of();
        if (mean.size() != std.size()) {
            throw new UsageException(
                    "--norm-mean and --norm-std: "
                            + mean.size()
                            + " means but "
                            + std.size()
                            + " standard deviations");
        }
        if (!mean.isEmpty() && mean.size() != 4 * l) {
            throw new UsageException(
                    "--norm-mean: " + mean.size() + " values, expected " + 4 * l + " (4 x levels)");
        }
        String kind = output != null ? output : base != null ? base.output() : "";
        if (!kind.isEmpty() && !ModelContext.OUTPUTS.contains(kind)) {
            throw new UsageException("--output: \"" + kind + "\" is not logits or probabilities");
        }
        return new Loaded(
                new ModelContext()
                        .kind("onnx")
                        .path(file.toString())
                        .levels(l)
                        .window(t)
                        .normalisation(n)
                        .normMean(mean)
                        .normStd(std)
                        .classOrder(order)
                        .intraOpThreads(threads)
                        .scoreEvery(scoreEvery)
                        .output(kind),
                meta);
    }

    private io.tickring.engine.config.EngineConfig configured() {
        return io.tickring.engine.config.ConfigLoader.load(config, System.getenv(), List.of());
    }

    /** A scorer over {@code cfg}, its refusals as one-line usage errors. */
    private static OnnxScorer scorer(ModelContext cfg, List<Instrument> instruments) {
        try {
            return new OnnxScorer(cfg, instruments);
        } catch (ModelException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private int eval() throws Exception {
        if (journal == null) {
            throw new UsageException("model eval: --journal DIR is required");
        }
        Loaded m = load(Math.max(1, stride));
        List<Instrument> instruments =
                (config != null
                                ? configured()
                                : io.tickring.engine.config.ConfigLoader.loadDefault(
                                        System.getenv(), List.of()))
                        .instruments()
                        .all();
        Map<String, Object> out =
                ModelEvaluation.run(journal, m.cfg(), m.meta(), instruments, predictions);
        PrintWriter w = spec.commandLine().getOut();
        if (json.json) {
            w.println(EngineCommand.jsonOf(out));
        } else {
            EngineRun.printSummary(w, out);
        }
        w.flush();
        return Main.OK;
    }

    private OrtSession.SessionOptions options() throws ai.onnxruntime.OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        return options;
    }

    private int bench() throws Exception {
        ModelContext cfg = load(1).cfg();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = options();
        int l = cfg.levels();
        int t = cfg.window();
        Instrument ins =
                new Instrument(
                        1,
                        "BENCH",
                        "SIM",
                        4,
                        100,
                        1,
                        "USD",
                        ZoneOffset.UTC,
                        List.of(),
                        Instrument.Fees.NONE);
        OnnxScorer scorer = scorer(cfg, List.of(ins));
        WindowSpec ws = scorer.spec();
        int warm = Math.max(50, calls / 10);
        RingEvent[] events = books(ins, l, t + warm + calls);
        ModelStage stage = new ModelStage(scorer);
        Histogram raw = new Histogram(1, 60_000_000_000L, 3);
        Histogram staged = new Histogram(1, 60_000_000_000L, 3);
        long rawBytes = 0;
        long stageBytes = 0;
        try (OrtSession session = env.createSession(file.toAbsolutePath().toString(), options)) {
            FloatBuffer in =
                    ByteBuffer.allocateDirect(4 * t * ws.columns())
                            .order(ByteOrder.nativeOrder())
                            .asFloatBuffer();
            float[] w = new float[t * ws.columns()];
            for (int i = 0; i < t; i++) {
                stage.onEvent(events[i]);
            }
            scorer.window(1, w);
            in.put(0, w);
            try (OnnxTensor tensor =
                    OnnxTensor.createTensor(env, in, new long[] {1, 1, t, ws.columns()})) {
                Map<String, OnnxTensor> inputs =
                        Map.of(session.getInputNames().iterator().next(), tensor);
                // The raw call gets the same pinned output buffer as the stage, so the ratio is the
                // stage's own cost.
                FloatBuffer outBuf =
                        ByteBuffer.allocateDirect(12)
                                .order(ByteOrder.nativeOrder())
                                .asFloatBuffer();
                OnnxTensor outTensor = OnnxTensor.createTensor(env, outBuf, new long[] {1, 3});
                Map<String, OnnxTensor> pinned =
                        Map.of(session.getOutputNames().iterator().next(), outTensor);
                double sink = 0;
                com.sun.management.ThreadMXBean mx =
                        (com.sun.management.ThreadMXBean)
                                java.lang.management.ManagementFactory.getThreadMXBean();
                long tid = Thread.currentThread().getId();
                for (int i = 0; i < warm + calls; i++) {
                    long a0 = mx.getThreadAllocatedBytes(tid);
                    long t0 = System.nanoTime();
                    try (OrtSession.Result r = session.run(inputs, pinned)) {
                        sink += outBuf.get(0) + r.size();
                    }
                    long t1 = System.nanoTime();
                    long a1 = mx.getThreadAllocatedBytes(tid);
                    RingEvent e = events[t + i];
                    long t2 = System.nanoTime();
                    stage.onEvent(e);
                    long t3 = System.nanoTime();
                    long a2 = mx.getThreadAllocatedBytes(tid);
                    sink += e.pUp;
                    if (i >= warm) {
                        raw.recordValue(t1 - t0);
                        staged.recordValue(t3 - t2);
                        rawBytes += a1 - a0;
                        stageBytes += a2 - a1;
                    }
                }
                outTensor.close();
                if (Double.isNaN(sink)) {
                    throw new IllegalStateException("NaN output");
                }
            }
        } finally {
            scorer.close();
        }
        double rawP50 = raw.getValueAtPercentile(50) / 1e3;
        double stageP50 = staged.getValueAtPercentile(50) / 1e3;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", "model bench");
        out.put("file", file.toString());
        out.put("sha256", scorer.digest());
        out.put("input", "[1,1," + t + "," + ws.columns() + "] " + ws.normalisation());
        out.put("calls", calls);
        out.put("raw_p50_us", rawP50);
        out.put("raw_p99_us", raw.getValueAtPercentile(99) / 1e3);
        out.put("stage_p50_us", stageP50);
        out.put("stage_p99_us", staged.getValueAtPercentile(99) / 1e3);
        out.put("ratio_p50", stageP50 / rawP50);
        out.put("raw_alloc_bytes_per_call", rawBytes / calls);
        out.put("stage_alloc_bytes_per_call", stageBytes / calls);
        PrintWriter text = json.json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        text.println(
                String.format(
                        "raw ONNX Runtime call      p50 %9.1f us  p99 %9.1f us",
                        rawP50, raw.getValueAtPercentile(99) / 1e3));
        text.println(
                String.format(
                        "model stage (window+call)  p50 %9.1f us  p99 %9.1f us",
                        stageP50, staged.getValueAtPercentile(99) / 1e3));
        text.println(
                String.format(
                        "ratio of medians (stage / raw): %.4f over %d interleaved calls of each",
                        stageP50 / rawP50, calls));
        text.println(
                String.format(
                        "Java heap allocated per call (ONNX Runtime's own objects): raw %d B, stage %d B",
                        rawBytes / calls, stageBytes / calls));
        text.flush();
        printJson(out);
        return Main.OK;
    }

    /** Valid BOOK events of one simulated instrument with the features stage already applied. */
    private static RingEvent[] books(Instrument ins, int levels, int count) {
        MarketSimulator sim =
                new MarketSimulator(
                        SimConfig.defaults(
                                42, List.of(ins), levels, 1_000, 1_767_916_800_000_000_000L));
        FeaturesStage features = new FeaturesStage(List.of(ins));
        RingEvent[] out = new RingEvent[count];
        RingEvent e = new RingEvent();
        int k = 0;
        while (k < count) {
            sim.next(e);
            RingEvent c = new RingEvent();
            c.copyInputFrom(e);
            features.onEvent(c);
            if (c.type == EventType.BOOK && c.bookValid) {
                out[k++] = c;
            }
        }
        return out;
    }

    private void printJson(Map<String, Object> out) {
        if (json.json) {
            PrintWriter o = spec.commandLine().getOut();
            o.println(EngineCommand.jsonOf(out));
            o.flush();
        }
    }
}
