package io.tickring.engine.cli;

import io.tickring.engine.Engine;
import io.tickring.engine.config.ConfigLoader;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.Mode;
import io.tickring.engine.ingress.JournalSource;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.stage.model.Scorer;
import io.tickring.journal.JournalPaths;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickring backtest}: the market inputs of any journal, recorded or imported, through the
 * current chain, with paper fills made anew in event time. Deterministic: the same journal and
 * configuration give the same digest on every run.
 */
@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        description = {
            "Run a journal's market inputs (books, trades, sentiment, operator commands) through a configuration.",
            "Configuration: --config, else the one the journal recorded, else the embedded default."
        })
final class BacktestCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin JsonOption json = new JsonOption();

    @Option(
            names = "--journal",
            paramLabel = "DIR",
            required = true,
            description = "The input journal.")
    Path journal;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Configuration to test (default: the journal's own, or the embedded demo one).")
    Path config;

    @Option(
            names = "--model",
            paramLabel = "FILE",
            description = "Model file to score with (overrides model.path).")
    Path model;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "Also write the backtest's own journal (in/ and out/) to DIR, so it can be replayed.")
    Path outJournal;

    @Option(
            names = "--partial",
            description =
                    "Accept a journal whose writer did not finish (no end marker, or a failed one).")
    boolean partial;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = {
                "Write summary.json, report.json and a self-contained report.html into DIR",
                "(metrics, equity, drawdown, position, fills, latency; see docs/backtest-report.md).",
                "Without --out the backtest's journal goes to DIR/journal."
            })
    Path report;

    @Option(
            names = "--capital",
            paramLabel = "AMOUNT",
            description =
                    "Starting capital the report's returns are relative to, in the settlement"
                            + " currency. Default 100000 when every instrument of the journal"
                            + " settles in one fiat or USD-pegged stable currency (USD, USDT,"
                            + " EUR, ...); otherwise (a COIN-M contract settles in BTC) required.")
    Double capital;

    @Option(
            names = "--label-horizon",
            paramLabel = "N",
            description =
                    "Book events ahead whose mean mid makes the report's realised label (default:"
                            + " ${DEFAULT-VALUE}, the shipped model's training).")
    int labelHorizon = 20;

    @Option(
            names = "--label-alpha",
            paramLabel = "X",
            description =
                    "Relative mid move beyond which the realised label is up or down (default:"
                            + " ${DEFAULT-VALUE}, the shipped model's training).")
    double labelAlpha = 1e-7;

    @Option(
            names = "--instruments",
            paramLabel = "FILE",
            description =
                    "Your instruments file, merged over the configuration's registry (sets user_instruments).")
    Path instruments;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter text = json.json ? spec.commandLine().getErr() : out;
        io.tickring.journal.JournalInspector.Stats stats =
                io.tickring.journal.JournalInspector.verify(journal, partial);
        io.tickring.core.SessionRecord session = JournalSession.read(journal);
        java.util.List<io.tickring.engine.config.ConfigOverride> overrides =
                new java.util.ArrayList<>();
        if (model != null) {
            overrides.add(
                    new io.tickring.engine.config.ConfigOverride(
                            "model.path", model.toString(), "--model"));
        }
        if (instruments != null) {
            overrides.add(
                    new io.tickring.engine.config.ConfigOverride(
                            "user_instruments", instruments.toString(), "--instruments"));
        }
        EngineConfig cfg;
        String configSource;
        if (config != null) {
            cfg = ConfigLoader.load(config, System.getenv(), overrides);
            configSource = config.toString();
        } else if (session.configJson() != null && overrides.isEmpty()) {
            cfg = ConfigLoader.fromJson(session.configJson(), journal + " SESSION");
            configSource = journal + " (recorded)";
        } else {
            cfg = ConfigLoader.loadDefault(System.getenv(), overrides);
            configSource = "embedded default";
        }
        cfg = cfg.withMode(Mode.SIM);
        requireKnownInstruments(journal, stats, cfg.instruments(), configSource);
        Scorer scorer = EngineAssembler.scorer(cfg);
        if (configSource.endsWith("(recorded)")) {
            // The journal's own configuration promises its own model: weights changed on disk
            // since (a different model.onnx.data beside it) would silently make another run.
            EngineAssembler.requireRecordedModel(journal, session, scorer, "backtest");
        }
        if (report != null) {
            if (capital == null) {
                try {
                    capital =
                            io.tickring.engine.report.Report.defaultCapital(
                                    tradedInstruments(stats, cfg.instruments()));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(
                            "--capital AMOUNT is required: "
                                    + e.getMessage()
                                    + " ("
                                    + journal
                                    + ")");
                }
            }
            if (!(capital > 0) || Double.isInfinite(capital)) {
                throw new UsageException("--capital: must be a positive amount, got " + capital);
            }
            if (labelHorizon < 1) {
                throw new UsageException(
                        "--label-horizon: must be at least 1, got " + labelHorizon);
            }
            if (outJournal == null) {
                // the report is computed from the backtest's own journal
                outJournal = report.resolve("journal");
            }
        }
        if (outJournal != null) {
            JournalPaths.requireWritable(outJournal);
        }
        String sessionJson =
                EngineAssembler.sessionJson(
                        "backtest", cfg, scorer, Map.of("source", journal.toString()));
        long t0 = System.nanoTime();
        Engine.Result result;
        long skipped;
        long fillsAfterCancel;
        try (JournalSource source = new JournalSource(journal, true)) {
            try (Engine engine =
                    EngineAssembler.builder(cfg, scorer)
                            .policy(Sequencer.Policy.EVENT_TIME)
                            .source(source)
                            .session(sessionJson, 0)
                            .inputJournal(outJournal)
                            .outputJournal(outJournal)
                            .build()) {
                text.println("backtest: " + journal + " with configuration " + configSource);
                text.flush();
                engine.start();
                EngineRun.await(engine, text, cfg.run().statusIntervalNs(), Long.MAX_VALUE / 4);
                result = engine.result();
                fillsAfterCancel = engine.router().fillsAfterCancel();
            }
            skipped = source.skipped();
        }
        if (result.error() != null) {
            throw new UsageException(result.error());
        }
        Map<String, Object> summary =
                EngineRun.summary("backtest", result, outJournal, System.nanoTime() - t0);
        summary.put("source", journal.toString());
        summary.put("config", configSource);
        summary.put("skipped_records", skipped);
        // Fills of orders whose cancel was on its way (the venue's latency allows them); in fills.
        summary.put("fills_after_cancel", fillsAfterCancel);
        EngineRun.printSummary(text, summary);
        if (outJournal != null) {
            text.println("replay it with: ./tickring replay --journal " + outJournal + " --verify");
        }
        text.flush();
        String line = EngineCommand.jsonOf(summary);
        if (report != null) {
            Files.createDirectories(report);
            Files.writeString(report.resolve("summary.json"), line + "\n", StandardCharsets.UTF_8);
            io.tickring.engine.report.Report r;
            try {
                r =
                        io.tickring.engine.report.Report.of(
                                outJournal,
                                cfg.instruments().all(),
                                journal.toString(),
                                capital,
                                labelHorizon,
                                labelAlpha);
            } catch (IllegalArgumentException e) {
                throw new UsageException(report + ": cannot report: " + e.getMessage());
            }
            r.write(report);
            text.println(
                    "report: "
                            + report.resolve("report.html")
                            + " and report.json (returns on a capital of "
                            + capital
                            + ")");
            text.flush();
        }
        if (json.json) {
            out.println(line);
            out.flush();
        }
        return Main.OK;
    }

    /** The registry's instruments that {@code stats} (the source journal's records) names. */
    private static java.util.List<io.tickring.core.instrument.Instrument> tradedInstruments(
            io.tickring.journal.JournalInspector.Stats stats,
            io.tickring.core.instrument.InstrumentLookup registry) {
        java.util.TreeMap<Integer, io.tickring.core.instrument.Instrument> byId =
                new java.util.TreeMap<>();
        org.agrona.collections.IntHashSet.IntIterator ids = stats.instrumentIds.iterator();
        while (ids.hasNext()) {
            int id = ids.nextValue();
            if (id != 0 && registry.byId(id) != null) {
                byId.put(id, registry.byId(id));
            }
        }
        return new java.util.ArrayList<>(byId.values());
    }

    /**
     * Refuses a journal whose market events name instruments the registry lacks: they would pass
     * through the chain unscored and untraded, a backtest of nothing that looks like a result.
     */
    static void requireKnownInstruments(
            Path journal,
            io.tickring.journal.JournalInspector.Stats stats,
            io.tickring.core.instrument.InstrumentLookup registry,
            String source) {
        // The ids come from the verify pass, which has read every record already.
        java.util.TreeSet<Integer> unknown = new java.util.TreeSet<>();
        org.agrona.collections.IntHashSet.IntIterator ids = stats.instrumentIds.iterator();
        while (ids.hasNext()) {
            int id = ids.nextValue();
            if (id != 0 && registry.byId(id) == null) {
                unknown.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            throw new UsageException(
                    journal
                            + ": names instrument id"
                            + (unknown.size() == 1 ? " " : "s ")
                            + unknown.toString().replaceAll("[\\[\\]]", "")
                            + " that the registry of "
                            + source
                            + " lacks; add them with --instruments FILE (the ids the import used)");
        }
    }
}
