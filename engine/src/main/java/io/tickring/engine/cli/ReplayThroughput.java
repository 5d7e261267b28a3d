package io.tickring.engine.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import io.tickring.core.RingEvent;
import io.tickring.engine.Engine;
import io.tickring.engine.config.ConfigLoader;
import io.tickring.engine.config.ConfigOverride;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.Mode;
import io.tickring.engine.ingress.JournalSource;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.stage.model.OnnxScorer;
import io.tickring.engine.stage.model.Scorer;
import io.tickring.journal.JournalInspector;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.QueueFactory;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * {@code tickring bench throughput --journal DIR}: the whole chain's replay rate of one journal
 * beside the raw Chronicle read rate of the same journal, measured in the same process, round after
 * round alternating, so that the ratio (issue 12's figure) is not skewed by a load that changed
 * between the two.
 *
 * <p>Per round: the raw read (a bare tailer copying every in/ record's bytes out, no checks), the
 * backtest's pre-pass ({@link JournalInspector#verify}) and the chain (a backtest's engine: the
 * journal's market records through the Sequencer, features, model, strategy, risk and the paper
 * venue, on the configuration's threads). The first round warms the JIT and is not counted. Rates
 * are in/ records per second of wall time, so the three divide by the same count.
 */
final class ReplayThroughput {
    private final Path journal;
    private final Path config;
    private final int rounds;

    ReplayThroughput(Path journal, Path config, int rounds) {
        this.journal = journal;
        this.config = config;
        this.rounds = rounds;
    }

    /** Parses {@code --journal DIR [--config FILE] [--rounds N]} after {@code throughput}. */
    static ReplayThroughput parse(List<String> args) {
        Path journal = null;
        Path config = null;
        int rounds = 3;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (i + 1 >= args.size()) {
                throw new UsageException("bench throughput: " + a + " needs a value");
            }
            String v = args.get(++i);
            switch (a) {
                case "--journal" -> journal = Path.of(v);
                case "--config" -> config = Path.of(v);
                case "--rounds" -> {
                    try {
                        rounds = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        rounds = 0;
                    }
                    if (rounds < 1) {
                        throw new UsageException(
                                "bench throughput: --rounds " + v + " is not a positive number");
                    }
                }
                default ->
                        throw new UsageException(
                                "bench throughput: unknown option "
                                        + a
                                        + " (--journal DIR [--config FILE] [--rounds N])");
            }
        }
        if (journal == null) {
            throw new UsageException("bench throughput: --journal DIR is required");
        }
        JournalPaths.requireJournal(journal);
        return new ReplayThroughput(journal, config, rounds);
    }

    Map<String, Object> run(PrintWriter text) throws Exception {
        JournalInspector.Stats stats = JournalInspector.verify(journal, true);
        // Without the model (issue 12's figure): the microprice rule, unless --config says else.
        List<ConfigOverride> overrides = new ArrayList<>();
        EngineConfig cfg;
        if (config != null) {
            cfg = ConfigLoader.load(config, System.getenv(), overrides);
        } else {
            overrides.add(new ConfigOverride("model.kind", "microprice-rule", "bench throughput"));
            cfg = ConfigLoader.loadDefault(System.getenv(), overrides);
        }
        cfg = cfg.withMode(Mode.SIM);
        Scorer described = EngineAssembler.scorer(cfg);
        String describe = described.describe();
        String sessionJson =
                EngineAssembler.sessionJson(
                        "backtest", cfg, described, Map.of("source", journal.toString()));
        close(described);
        boolean inline = cfg.run().drive().inline(cfg.run().mode());
        String layout =
                inline
                        ? "inline: the Sequencer and every stage on one thread"
                        : cfg.threads().size() + " stage threads and the Sequencer's";
        long records = stats.inRecords;
        text.printf(
                Locale.ROOT,
                "bench throughput: %s, %d in/ records, model %s, layout %s, %d rounds after one"
                        + " warm-up%n",
                journal,
                records,
                describe,
                layout,
                rounds);
        double[] raw = new double[rounds];
        double[] ring = new double[rounds];
        double[] verify = new double[rounds];
        double[] chain = new double[rounds];
        double[] chainCpu = new double[rounds];
        double[] bareOnnx = new double[rounds];
        long inferences = 0;
        String digest = null;
        RingBuffer<RingEvent> bareRing =
                RingBuffer.createSingleProducer(
                        RingEvent::new, cfg.ring().size(), new SleepingWaitStrategy());
        EventPoller<RingEvent> barePoller = bareRing.newPoller();
        bareRing.addGatingSequences(barePoller.getSequence());
        for (int round = 0; round <= rounds; round++) {
            long t0 = System.nanoTime();
            long n = rawRead(JournalPaths.in(journal));
            long t1 = System.nanoTime();
            long nr = ringRead(JournalPaths.in(journal), bareRing, barePoller);
            long t2 = System.nanoTime();
            JournalInspector.verify(journal, true);
            long t3 = System.nanoTime();
            // A fresh scorer per round: a model's windows carry state from one replay to the next.
            Scorer scorer = EngineAssembler.scorer(cfg);
            long cpu0 = processCpuNs();
            long t4 = System.nanoTime();
            Engine.Result result;
            try {
                result = replay(cfg, scorer, sessionJson);
            } finally {
                if (!(scorer instanceof OnnxScorer)) {
                    close(scorer);
                }
            }
            long t5 = System.nanoTime();
            long cpu1 = processCpuNs();
            if (n != records || nr != records) {
                throw new IllegalStateException(
                        "raw read saw " + n + " and " + nr + " of " + records + " records");
            }
            if (result.error() != null) {
                throw new UsageException(result.error());
            }
            if (digest != null && !digest.equals(result.digest())) {
                throw new IllegalStateException("replay digest changed between rounds");
            }
            digest = result.digest();
            double r = records / ((t1 - t0) / 1e9);
            double g = records / ((t2 - t1) / 1e9);
            double v = records / ((t3 - t2) / 1e9);
            double c = records / ((t5 - t4) / 1e9);
            double cpu = cpu0 < 0 ? Double.NaN : (cpu1 - cpu0) / (double) records;
            double onnx = Double.NaN;
            String model = "";
            if (scorer instanceof OnnxScorer onnxScorer) {
                try {
                    inferences = onnxScorer.inferences();
                    double perCall = bareOnnxNs(onnxScorer, inferences);
                    // The rate bare ONNX Runtime calls alone allow: the same inferences, nothing
                    // else.
                    onnx = records / (inferences * perCall / 1e9);
                    model =
                            String.format(
                                    Locale.ROOT,
                                    ", %d inferences, bare ONNX %.0f us/call allows %.3f M/s"
                                            + " (chain/bare %.3f)",
                                    inferences,
                                    perCall / 1e3,
                                    onnx / 1e6,
                                    c / onnx);
                } finally {
                    close(scorer);
                }
            }
            text.printf(
                    Locale.ROOT,
                    "%s %d: raw read %.2f M/s, raw read into a bare ring %.2f M/s, verify %.2f M/s,"
                            + " chain %.2f M/s (ratio to raw %.3f, %.0f ns CPU/event)%s%n",
                    round == 0 ? "warm-up" : "round",
                    round,
                    r / 1e6,
                    g / 1e6,
                    v / 1e6,
                    c / 1e6,
                    c / r,
                    cpu,
                    model);
            text.flush();
            if (round > 0) {
                raw[round - 1] = r;
                ring[round - 1] = g;
                verify[round - 1] = v;
                chain[round - 1] = c;
                chainCpu[round - 1] = cpu;
                bareOnnx[round - 1] = onnx;
            }
        }
        double rawMedian = median(raw);
        double ringMedian = median(ring);
        double chainMedian = median(chain);
        double verifyMedian = median(verify);
        double cpuMedian = median(chainCpu);
        // A backtest runs the pre-pass and then the chain: its rate is the harmonic combination.
        double backtest = 1 / (1 / verifyMedian + 1 / chainMedian);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "bench");
        m.put("set", "throughput");
        m.put("journal", journal.toString());
        m.put("records", records);
        m.put("model", describe);
        m.put("layout", inline ? "inline" : "threads");
        m.put("rounds", rounds);
        m.put("raw_read_per_s", Math.round(rawMedian));
        m.put("ring_read_per_s", Math.round(ringMedian));
        m.put("verify_per_s", Math.round(verifyMedian));
        m.put("chain_per_s", Math.round(chainMedian));
        m.put("backtest_per_s", Math.round(backtest));
        m.put("chain_to_raw", Math.round(chainMedian / rawMedian * 1000) / 1000.0);
        m.put("chain_to_ring", Math.round(chainMedian / ringMedian * 1000) / 1000.0);
        if (!Double.isNaN(cpuMedian)) {
            m.put("chain_cpu_ns_per_event", Math.round(cpuMedian));
            m.put("chain_cpu_bound_per_s", Math.round(1e9 / cpuMedian));
        }
        if (inferences > 0) {
            double onnxMedian = median(bareOnnx);
            m.put("inferences", inferences);
            m.put("bare_onnx_per_s", Math.round(onnxMedian));
            m.put("chain_to_bare_onnx", Math.round(chainMedian / onnxMedian * 1000) / 1000.0);
        }
        m.put("raw_read_rounds", rounded(raw));
        m.put("chain_rounds", rounded(chain));
        m.put("digest", digest);
        ProcessMemory.peakRssMb().ifPresent(mb -> m.put("peak_rss_mb", mb));
        text.printf(
                Locale.ROOT,
                "median: raw read %.2f M records/s, into a bare ring %.2f M/s, chain %.2f M/s,"
                        + " chain/raw %.3f, %.0f ns of CPU per event (%.2f M/s if it had a core"
                        + " to itself); with the verify pre-pass (%.2f M/s) a backtest replays"
                        + " %.2f M/s%n",
                rawMedian / 1e6,
                ringMedian / 1e6,
                chainMedian / 1e6,
                chainMedian / rawMedian,
                cpuMedian,
                1e3 / cpuMedian,
                verifyMedian / 1e6,
                backtest / 1e6);
        text.flush();
        return m;
    }

    private Engine.Result replay(EngineConfig cfg, Scorer scorer, String sessionJson)
            throws Exception {
        try (JournalSource source = new JournalSource(journal, true);
                Engine engine =
                        EngineAssembler.builder(cfg, scorer)
                                .policy(Sequencer.Policy.EVENT_TIME)
                                .source(source)
                                .session(sessionJson, 0)
                                .build()) {
            engine.start();
            while (!engine.isDone()) {
                Thread.sleep(1); // a 1 ms poll: under 0.1 % of a round of a 10-minute journal
            }
            return engine.result();
        }
    }

    /**
     * CPU time of the whole process (every thread: the engine's, the JIT's, the collector's) in ns,
     * or -1 where the JVM does not say.
     */
    private static long processCpuNs() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * The time of one bare ONNX Runtime call on the scorer's own session and input tensor, with a
     * pinned output as the scorer uses: the median of up to 500 timed calls after 20 untimed ones
     * (a 10-minute journal's ~20,000 inferences would take as long as the replay; the per-call time
     * is steady after warm-up).
     */
    private static double bareOnnxNs(OnnxScorer scorer, long inferences) throws Exception {
        OrtSession session = scorer.session();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        FloatBuffer out =
                ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder()).asFloatBuffer();
        int timed = (int) Math.max(1, Math.min(500, inferences));
        double[] ns = new double[timed];
        try (OnnxTensor outTensor = OnnxTensor.createTensor(env, out, new long[] {1, 3})) {
            Map<String, OnnxTensor> pinned =
                    Map.of(session.getOutputNames().iterator().next(), outTensor);
            for (int i = -20; i < timed; i++) {
                long t0 = System.nanoTime();
                try (OrtSession.Result r = session.run(scorer.inputs(), pinned)) {
                    if (r.size() < 1) {
                        throw new IllegalStateException("ONNX Runtime returned no output");
                    }
                }
                if (i >= 0) {
                    ns[i] = System.nanoTime() - t0;
                }
            }
        }
        return median(ns);
    }

    private static void close(Scorer scorer) throws Exception {
        if (scorer instanceof AutoCloseable c) {
            c.close();
        }
    }

    /**
     * The replay's transport alone: every in/ record read by a bare tailer, copied into a slot of a
     * Disruptor ring (created beforehand, of the size the configuration gives the engine) and
     * published, and polled on the same thread by a handler that does nothing, 256 at a time. No
     * decode, no stage.
     */
    static long ringRead(Path queueDir, RingBuffer<RingEvent> ring, EventPoller<RingEvent> poller) {
        EventPoller.Handler<RingEvent> noop = (e, seq, end) -> true;
        long n = 0;
        try (SingleChronicleQueue queue = QueueFactory.openForRead(queueDir);
                ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                long seq = ring.next();
                RingEvent slot = ring.get(seq);
                boolean present;
                try (DocumentContext dc = tailer.readingDocument()) {
                    present = dc.isPresent();
                    if (present) {
                        Bytes<?> bytes = dc.wire().bytes();
                        int len = (int) Math.min(bytes.readRemaining(), slot.record.capacity());
                        bytes.read(slot.record.byteArray(), 0, len);
                        slot.recordLength = len;
                        n++;
                    } else {
                        slot.recordLength = 0;
                    }
                }
                ring.publish(seq);
                if (!present || (n & 255) == 0) {
                    poller.poll(noop);
                }
                if (!present) {
                    return n;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(queueDir + ": " + e.getMessage(), e);
        }
    }

    /** Reads every record of a queue with a bare Chronicle tailer, copying its bytes out. */
    static long rawRead(Path queueDir) {
        byte[] scratch = new byte[1 << 16];
        long n = 0;
        try (SingleChronicleQueue queue = QueueFactory.openForRead(queueDir);
                ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return n;
                    }
                    Bytes<?> bytes = dc.wire().bytes();
                    int len = (int) Math.min(bytes.readRemaining(), scratch.length);
                    bytes.read(scratch, 0, len);
                    n++;
                }
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static List<Long> rounded(double[] v) {
        List<Long> out = new ArrayList<>();
        for (double d : v) {
            out.add(Math.round(d));
        }
        return out;
    }
}
