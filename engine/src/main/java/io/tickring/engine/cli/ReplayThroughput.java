package io.tickring.engine.cli;

import io.tickring.engine.Engine;
import io.tickring.engine.config.ConfigLoader;
import io.tickring.engine.config.ConfigOverride;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.Mode;
import io.tickring.engine.ingress.JournalSource;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.stage.model.Scorer;
import io.tickring.journal.JournalInspector;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.QueueFactory;
import java.io.PrintWriter;
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
        Scorer scorer = EngineAssembler.scorer(cfg);
        String sessionJson =
                EngineAssembler.sessionJson(
                        "backtest", cfg, scorer, Map.of("source", journal.toString()));
        long records = stats.inRecords;
        text.printf(
                Locale.ROOT,
                "bench throughput: %s, %d in/ records, model %s, %d rounds after one warm-up%n",
                journal,
                records,
                scorer.describe(),
                rounds);
        double[] raw = new double[rounds];
        double[] verify = new double[rounds];
        double[] chain = new double[rounds];
        String digest = null;
        for (int round = 0; round <= rounds; round++) {
            long t0 = System.nanoTime();
            long n = rawRead(JournalPaths.in(journal));
            long t1 = System.nanoTime();
            JournalInspector.verify(journal, true);
            long t2 = System.nanoTime();
            Engine.Result result = replay(cfg, scorer, sessionJson);
            long t3 = System.nanoTime();
            if (n != records) {
                throw new IllegalStateException(
                        "raw read saw " + n + " of " + records + " records");
            }
            if (result.error() != null) {
                throw new UsageException(result.error());
            }
            if (digest != null && !digest.equals(result.digest())) {
                throw new IllegalStateException("replay digest changed between rounds");
            }
            digest = result.digest();
            double r = records / ((t1 - t0) / 1e9);
            double v = records / ((t2 - t1) / 1e9);
            double c = records / ((t3 - t2) / 1e9);
            text.printf(
                    Locale.ROOT,
                    "%s %d: raw read %.2f M/s, verify %.2f M/s, chain %.2f M/s (ratio %.3f)%n",
                    round == 0 ? "warm-up" : "round",
                    round,
                    r / 1e6,
                    v / 1e6,
                    c / 1e6,
                    c / r);
            text.flush();
            if (round > 0) {
                raw[round - 1] = r;
                verify[round - 1] = v;
                chain[round - 1] = c;
            }
        }
        double rawMedian = median(raw);
        double chainMedian = median(chain);
        double verifyMedian = median(verify);
        // A backtest runs the pre-pass and then the chain: its rate is the harmonic combination.
        double backtest = 1 / (1 / verifyMedian + 1 / chainMedian);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "bench");
        m.put("set", "throughput");
        m.put("journal", journal.toString());
        m.put("records", records);
        m.put("model", scorer.describe());
        m.put("rounds", rounds);
        m.put("raw_read_per_s", Math.round(rawMedian));
        m.put("verify_per_s", Math.round(verifyMedian));
        m.put("chain_per_s", Math.round(chainMedian));
        m.put("backtest_per_s", Math.round(backtest));
        m.put("chain_to_raw", Math.round(chainMedian / rawMedian * 1000) / 1000.0);
        m.put("raw_read_rounds", rounded(raw));
        m.put("chain_rounds", rounded(chain));
        m.put("digest", digest);
        text.printf(
                Locale.ROOT,
                "median: raw read %.2f M records/s, chain %.2f M/s, chain/raw %.3f;"
                        + " with the verify pre-pass (%.2f M/s) a backtest replays %.2f M/s%n",
                rawMedian / 1e6,
                chainMedian / 1e6,
                chainMedian / rawMedian,
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
