package io.tickring.engine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tickring.core.instrument.Instrument;
import io.tickring.adapters.sim.MarketSimulator;
import io.tickring.adapters.sim.SimConfig;
import io.tickring.engine.Engine;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.Mode;
import io.tickring.engine.config.ThreadConfig;
import io.tickring.engine.ingress.InputSource;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.ingress.PacedSimulatorAgent;
import io.tickring.engine.ingress.QueueSource;
import io.tickring.engine.ingress.SimSource;
import io.tickring.engine.stage.model.MicropriceRule;
import io.tickring.engine.stage.model.ModelException;
import io.tickring.engine.stage.model.OnnxScorer;
import io.tickring.engine.stage.model.Scorer;
import io.tickring.core.EventType;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.JournalFormatException;
import io.tickring.core.codec.RecordHeader;
import io.tickring.engine.ingress.EventQueue;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;

/** Builds an engine from the configuration and runs it with status lines: shared by the run commands. */
final class EngineRun {
    static final String VERSION = versionOf();
    private static final JsonFactory JSON = new JsonFactory();

    private EngineRun() {}

    private static String versionOf() {
        String v = EngineRun.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The scorer the configuration asks for. */
    static Scorer scorer(EngineConfig cfg) {
        String kind = cfg.model().kind();
        if (kind.equals("microprice-rule")) {
            return new MicropriceRule();
        }
        try {
            return new OnnxScorer(cfg.model(), cfg.instruments().all());
        } catch (ModelException e) {
            throw new UsageException(cfg.sourceName() + ": " + e.getMessage());
        }
    }

    /** An engine builder with everything the configuration decides; the caller adds source and journals. */
    static Engine.Builder builder(EngineConfig cfg, Scorer scorer) {
        List<Engine.ThreadSpec> threads = new ArrayList<>();
        for (ThreadConfig t : cfg.threads()) {
            threads.add(new Engine.ThreadSpec(t.name(), t.stages(),
                    t.idle().name().toLowerCase(Locale.ROOT).replace('_', '-'), t.cpu()));
        }
        return new Engine.Builder()
                .ringSize(cfg.ring().size())
                .threads(threads)
                .instruments(cfg.instruments().all(), cfg.instruments())
                .latencyNs(cfg.paper().latencyNs())
                .seed(cfg.run().seed())
                .timerPeriodNs(cfg.timer().periodNs())
                .blockSize(cfg.journal().blockSizeBytes())
                .jitterNs(cfg.paper().jitterNs())
                .strategy(cfg.strategy())
                .risk(cfg.risk())
                .scorer(scorer)
                .inline(cfg.run().drive().inline(cfg.run().mode()));
    }

    /** The SESSION record's JSON: what a journal needs to be replayed on its own. */
    static String sessionJson(String command, EngineConfig cfg, Scorer scorer, Map<String, Object> extra) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("tickring_version", VERSION);
            g.writeNumberField("schema", RecordHeader.SCHEMA_VERSION);
            g.writeStringField("command", command);
            g.writeStringField("mode", cfg.run().mode().name().toLowerCase(Locale.ROOT));
            g.writeNumberField("seed", cfg.run().seed());
            g.writeStringField("config_digest", cfg.digest());
            g.writeObjectFieldStart("model");
            g.writeStringField("kind", scorer.describe());
            g.writeStringField("sha256", scorer.digest());
            g.writeEndObject();
            for (Map.Entry<String, Object> e : extra.entrySet()) {
                g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
            }
            g.writeFieldName("config");
            g.writeRawValue(cfg.toJson());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** What a journal's SESSION record says. */
    record Session(String json, String configJson, String configDigest, String command, String modelSha256) {}

    /**
     * Reads the SESSION record that starts the journal at {@code dir}.
     *
     * @throws JournalFormatException if the journal does not start with a readable one
     */
    static Session readSession(Path dir) {
        JournalPaths.requireJournal(dir);
        RingEvent e = new RingEvent();
        try (RecordReader r = new RecordReader(JournalPaths.in(dir))) {
            if (!r.next()) {
                throw new JournalFormatException(JournalPaths.in(dir) + ": empty journal");
            }
            InputCodec.decode(r.buffer(), 0, r.length(), e, r.where());
            if (e.type != EventType.SESSION) {
                throw new JournalFormatException(r.where() + ": first record is " + EventType.name(e.type)
                        + ", a journal starts with its SESSION record");
            }
        }
        String json = new String(e.sessionPayload.byteArray(), 0, e.sessionLength, StandardCharsets.UTF_8);
        String config = null;
        String digest = null;
        String command = null;
        String modelSha = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JournalFormatException(dir + ": SESSION record is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("config") && p.currentToken() == JsonToken.START_OBJECT) {
                    StringWriter w = new StringWriter();
                    try (JsonGenerator g = JSON.createGenerator(w)) {
                        g.copyCurrentStructure(p);
                    }
                    config = w.toString();
                } else if (name.equals("config_digest")) {
                    digest = p.getText();
                } else if (name.equals("command")) {
                    command = p.getText();
                } else if (name.equals("model") && p.currentToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        p.nextToken();
                        if (field.equals("sha256")) {
                            modelSha = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException ex) {
            throw new JournalFormatException(dir + ": SESSION record is not valid JSON: " + Main.firstLine(ex.getMessage()));
        }
        return new Session(json, config, digest, command, modelSha);
    }

    /** A source for a fresh run of the configuration, and the adapter thread behind it, if any. */
    static final class Feed {
        final InputSource source;
        final Sequencer.Policy policy;
        final long startTimeNs;
        private final Runnable onStart;
        private final Runnable onStop;
        private final Runnable onClose;
        private final java.util.function.LongSupplier dropped;

        Feed(InputSource source, Sequencer.Policy policy, long startTimeNs, Runnable onStart, Runnable onStop,
                Runnable onClose, java.util.function.LongSupplier dropped) {
            this.source = source;
            this.policy = policy;
            this.startTimeNs = startTimeNs;
            this.onStart = onStart;
            this.onStop = onStop;
            this.onClose = onClose;
            this.dropped = dropped;
        }

        void start() {
            onStart.run();
        }

        void stop() {
            onStop.run();
        }

        /** Events the adapter had to drop because the engine's ingress queue was full. */
        long dropped() {
            return dropped.getAsLong();
        }

        void close() {
            onClose.run();
        }
    }

    /** The configured market-data feed: the simulator (paced or as fast as possible) or the live Binance feed. */
    static Feed feed(EngineConfig cfg) {
        if (cfg.source().kind().equals("binance")) {
            return binanceFeed(cfg);
        }
        return simulatorFeed(cfg);
    }

    private static Feed binanceFeed(EngineConfig cfg) {
        if (cfg.run().mode() != Mode.LIVE) {
            throw new UsageException(cfg.sourceName() + ": source.kind: binance is a live feed; set run.mode: live");
        }
        io.tickring.engine.config.BinanceSourceConfig b = cfg.source().binance();
        EventQueue queue = EventQueue.oneToOne("binance", 1 << 22);
        io.tickring.adapters.binance.BinanceFeed feed = new io.tickring.adapters.binance.BinanceFeed(
                new io.tickring.adapters.binance.BinanceFeed.Config()
                        .baseUrl(b.url())
                        .streams(b.streams().toArray(new String[0]))
                        .quantityScale(b.quantityScale())
                        .bookDepth(b.depth())
                        .staleAfterMs(Math.max(1, b.staleAfterNs() / 1_000_000))
                        .seed(cfg.run().seed()),
                cfg.instruments(), queue);
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        long durationNs = cfg.run().durationNs();
        long start = System.currentTimeMillis() * 1_000_000L;
        // The run's clock starts when the feed does, not when it was built: building and starting the
        // engine can take seconds on a loaded machine.
        java.util.concurrent.atomic.AtomicLong deadline = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        Runnable onStart = () -> {
            if (durationNs > 0) {
                deadline.set(System.currentTimeMillis() * 1_000_000L + durationNs);
            }
            feed.start();
        };
        java.util.function.BooleanSupplier finished = () -> stopped.get()
                || System.currentTimeMillis() * 1_000_000L >= deadline.get();
        return new Feed(new QueueSource(queue, finished), Sequencer.Policy.ARRIVAL, start, onStart,
                () -> stopped.set(true), feed::close, () -> feed.counters().queueFull());
    }

    /** The simulator feed: wall-clock paced in live mode, pulled as fast as possible in sim mode. */
    static Feed simulatorFeed(EngineConfig cfg) {
        List<Instrument> instruments = new ArrayList<>();
        for (String symbol : cfg.source().sim().instruments()) {
            Instrument i = cfg.instruments().bySymbol(symbol);
            if (i == null) {
                throw new UsageException(cfg.sourceName() + ": source.sim.instruments: unknown symbol " + symbol);
            }
            instruments.add(i);
        }
        long durationNs = cfg.run().durationNs();
        if (cfg.run().mode() == Mode.LIVE) {
            long start = System.currentTimeMillis() * 1_000_000L;
            MarketSimulator sim = new MarketSimulator(SimConfig.defaults(cfg.run().seed(), instruments,
                    cfg.source().sim().levels(), cfg.source().sim().eventsPerSecond(), start));
            EventQueue queue = EventQueue.oneToOne("sim", 1 << 22);
            long end = durationNs > 0 ? start + durationNs : Long.MAX_VALUE;
            PacedSimulatorAgent agent = new PacedSimulatorAgent(sim, queue, new SystemEpochNanoClock(), end);
            AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(1), t -> { }, null, agent);
            return new Feed(new QueueSource(queue, agent::isFinished), Sequencer.Policy.ARRIVAL, start,
                    () -> AgentRunner.startOnThread(runner), agent::requestStop, runner::close, agent::dropped);
        }
        if (durationNs <= 0) {
            throw new UsageException(cfg.sourceName() + ": run.duration: sim mode needs a duration > 0");
        }
        long start = cfg.source().sim().startTimeNs();
        MarketSimulator sim = new MarketSimulator(SimConfig.defaults(cfg.run().seed(), instruments,
                cfg.source().sim().levels(), cfg.source().sim().eventsPerSecond(), start));
        Runnable nothing = () -> { };
        return new Feed(new SimSource(sim, start + durationNs), Sequencer.Policy.EVENT_TIME, start, nothing, nothing,
                nothing, () -> 0);
    }

    /**
     * Runs a started engine to its end, printing a status line every {@code intervalNs} (0: none).
     *
     */
    static void await(Engine engine, PrintWriter status, long intervalNs, long timeoutMs) throws InterruptedException {
        long start = System.nanoTime();
        long next = start + (intervalNs > 0 ? intervalNs : Long.MAX_VALUE / 2);
        long lastEvents = 0;
        long lastAt = start;
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!engine.isDone()) {
            Thread.sleep(10);
            long now = System.nanoTime();
            if (intervalNs > 0 && now >= next) {
                long events = engine.eventsPublished();
                double rate = (events - lastEvents) / ((now - lastAt) / 1e9);
                status.printf(Locale.ROOT, "t=%5.1fs events=%d (%.0f/s) orders=%d fills=%d position=%d pnl=%.2f%n",
                        (now - start) / 1e9, events, rate, engine.router().orders(), engine.router().fills(),
                        engine.router().portfolio().grossPosition(), engine.router().portfolio().pnl());
                status.flush();
                lastEvents = events;
                lastAt = now;
                next += intervalNs;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("run did not finish within " + timeoutMs / 1000 + " s");
            }
        }
    }

    /** The summary every run command prints, as ordered fields for text and JSON. */
    static Map<String, Object> summary(String command, Engine.Result r, Path journal, long elapsedNs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("events", r.events());
        m.put("events_by_type", r.eventsByType());
        m.put("decisions", r.decisions());
        m.put("orders", r.orders());
        m.put("fills", r.fills());
        m.put("rejects", r.rejects());
        m.put("rejects_by_reason", r.rejectsByReason());
        m.put("out_records", r.outRecords());
        m.put("position", r.grossPosition());
        m.put("pnl", Math.round(r.pnl() * 100) / 100.0);
        m.put("fees", Math.round(r.fees() * 100) / 100.0);
        m.put("digest", r.digest());
        if (journal != null) {
            m.put("journal", journal.toString());
        }
        m.put("elapsed_ms", elapsedNs / 1_000_000);
        return m;
    }

    /** Prints a summary as aligned text lines. */
    static void printSummary(PrintWriter out, Map<String, Object> summary) {
        for (Map.Entry<String, Object> e : summary.entrySet()) {
            out.printf(Locale.ROOT, "%-16s %s%n", e.getKey(), e.getValue());
        }
    }
}
