package io.tickring.engine.cli;

import io.tickring.core.EventType;
import io.tickring.core.SessionRecord;
import io.tickring.engine.Engine;
import io.tickring.engine.config.ConfigLoader;
import io.tickring.engine.config.ConfigOverride;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.Mode;
import io.tickring.engine.ingress.JournalSeriesSource;
import io.tickring.engine.report.Report;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.stage.model.Scorer;
import io.tickring.journal.JournalInspector;
import io.tickring.journal.JournalPaths;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickring backtest}: the market inputs of one or more journals, recorded or imported,
 * through the current chain, with paper fills made anew in event time. Several journals (days) run
 * as one continuous run in the order of their first event: positions, cash, risk counters and
 * working orders carry from one to the next. Deterministic: the same journals and configuration
 * give the same digest on every run.
 *
 * <p>Ctrl-C (SIGINT, or SIGTERM) stops reading input, lets what is in flight finish, marks the
 * backtest's own journal failed ("interrupted"), writes the summary and report marked {@code
 * "partial": true}, and exits {@value #INTERRUPTED}.
 */
@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        description = {
            "Run the market inputs (books, quotes, trades, sentiment, operator commands) of one or"
                    + " more journals through a configuration, with paper fills made anew.",
            "Several journals (--journal A --journal B, or --journal A B) run as one continuous"
                    + " run, ordered by their first event time; state (positions, cash, PnL, risk"
                    + " counters, working orders) carries from one to the next. Overlapping"
                    + " journals, or one given twice, are refused (exit 2). Each is verified first.",
            "Configuration: --config, else the one every journal recorded (when they all recorded"
                    + " the same), else the embedded default; the first line says which.",
            "A progress line (records/s, percent, time left) goes to stderr when it is a terminal"
                    + " (TICKRING_PROGRESS=1 forces it, =0 turns it off).",
            "Ctrl-C (SIGINT, or SIGTERM): stops reading input, lets what is in flight finish, marks"
                    + " the backtest's journal failed (interrupted), writes the summary and report"
                    + " with \"partial\": true, exits 130.",
            "Writes no event log (run and demo do): its record is the journal, summary and report.",
            ""
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:done",
            "1:internal failure",
            "2:bad input or usage (one line naming the file, record or option)",
            "130:interrupted (SIGINT or SIGTERM); the summary and report say \"partial\": true"
        })
final class BacktestCommand implements Callable<Integer> {
    /** Exit code of a backtest stopped by SIGINT: 128 + 2, as a shell reports it. */
    static final int INTERRUPTED = 130;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin JsonOption json = new JsonOption();

    @Option(
            names = "--journal",
            paramLabel = "DIR",
            required = true,
            arity = "1..*",
            description =
                    "Input journal(s); repeat the option or give several. They run in the order of"
                            + " their first event time (with --sweep, one journal per day).")
    List<Path> journals;

    @CommandLine.Mixin SweepOptions sweepOptions = new SweepOptions();

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Configuration to test (default: the journals' own when all recorded the same,"
                            + " else the embedded demo one).")
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
                    "Also write the backtest's own journal (in/ and out/, one journal for all the"
                            + " input journals) to DIR, so it can be replayed.")
    Path outJournal;

    @Option(
            names = "--partial",
            description =
                    "Accept journals whose writer did not finish (no end marker, or a failed one).")
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
        if (sweepOptions.active()) {
            return Sweep.run(this, sweepOptions, journals);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter text = json.json ? spec.commandLine().getErr() : out;
        List<Day> days = days();
        List<ConfigOverride> overrides = new ArrayList<>();
        if (model != null) {
            overrides.add(new ConfigOverride("model.path", model.toString(), "--model"));
        }
        if (instruments != null) {
            overrides.add(
                    new ConfigOverride(
                            "user_instruments", instruments.toString(), "--instruments"));
        }
        EngineConfig cfg;
        String configSource;
        boolean recorded = false;
        String recordedJson = days.get(0).session.configJson();
        boolean allRecordedTheSame = recordedJson != null;
        for (Day d : days) {
            allRecordedTheSame &=
                    recordedJson != null && recordedJson.equals(d.session.configJson());
        }
        if (config != null) {
            cfg = ConfigLoader.load(config, System.getenv(), overrides);
            configSource = config.toString();
        } else if (allRecordedTheSame && overrides.isEmpty()) {
            cfg = ConfigLoader.fromJson(recordedJson, days.get(0).journal + " SESSION");
            configSource =
                    days.size() == 1
                            ? days.get(0).journal + " (recorded)"
                            : days.get(0).journal
                                    + " (recorded, the same in all "
                                    + days.size()
                                    + " journals)";
            recorded = true;
        } else {
            cfg = ConfigLoader.loadDefault(System.getenv(), overrides);
            configSource =
                    days.size() > 1 && overrides.isEmpty() && recordedJson != null
                            ? "embedded default (the journals recorded different configurations)"
                            : "embedded default";
        }
        cfg = cfg.withMode(Mode.SIM);
        for (Day d : days) {
            requireKnownInstruments(d.journal, d.stats, cfg.instruments(), configSource);
        }
        Scorer scorer = EngineAssembler.scorer(cfg);
        if (recorded) {
            // The journals' own configuration promises their own model: weights changed on disk
            // since (a different model.onnx.data beside it) would silently make another run.
            for (Day d : days) {
                EngineAssembler.requireRecordedModel(d.journal, d.session, scorer, "backtest");
            }
        }
        if (report != null) {
            if (capital == null) {
                List<JournalInspector.Stats> all = new ArrayList<>();
                for (Day d : days) {
                    all.add(d.stats);
                }
                capital = defaultCapital(journals, all, cfg.instruments());
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
        List<Path> ordered = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        long total = 0;
        for (Day d : days) {
            ordered.add(d.journal);
            sources.add(d.journal.toString());
            total += d.marketRecords();
        }
        String sessionJson =
                EngineAssembler.sessionJson(
                        "backtest", cfg, scorer, Map.of("source", String.join(", ", sources)));
        long t0 = System.nanoTime();
        Engine.Result result;
        long skipped;
        long read;
        long fillsAfterCancel;
        boolean interrupted;
        AtomicBoolean sigint = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = null;
        try {
            try (JournalSeriesSource source = new JournalSeriesSource(ordered)) {
                try (Engine engine =
                        EngineAssembler.builder(cfg, scorer)
                                .policy(Sequencer.Policy.EVENT_TIME)
                                .source(source)
                                .session(sessionJson, 0)
                                .inputJournal(outJournal)
                                .outputJournal(outJournal)
                                .build()) {
                    hook = interruptHook(engine, sigint, finished);
                    Runtime.getRuntime().addShutdownHook(hook);
                    text.println(
                            "backtest: "
                                    + String.join(", ", sources)
                                    + " with configuration "
                                    + configSource);
                    text.flush();
                    ProgressLine progress =
                            ProgressLine.enabled()
                                    ? new ProgressLine(
                                            spec.commandLine().getErr(),
                                            "backtest",
                                            total,
                                            source::passed,
                                            source::journalIndex,
                                            days.size())
                                    : null;
                    engine.start();
                    EngineRun.await(
                            engine,
                            text,
                            cfg.run().statusIntervalNs(),
                            Long.MAX_VALUE / 4,
                            progress);
                    result = engine.result();
                    fillsAfterCancel = engine.router().fillsAfterCancel();
                }
                // Read once the engine has closed its journal: a signal that came in time to mark
                // the journal failed is then seen here too, and the summary says what the journal
                // says.
                interrupted = sigint.get();
                skipped = source.skipped();
                read = source.passed();
            }
            if (result.error() != null) {
                throw new UsageException(result.error());
            }
            return finish(
                    out,
                    text,
                    cfg,
                    configSource,
                    sources,
                    result,
                    skipped,
                    read,
                    total,
                    interrupted,
                    fillsAfterCancel,
                    t0);
        } finally {
            finished.countDown();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is running and waits for the latch above.
                }
            }
        }
    }

    /**
     * The SIGINT (or SIGTERM) hook: stops the run where it is, marks its journal failed
     * ("interrupted"), holds the JVM's exit until the partial summary and report are written, then
     * exits {@value #INTERRUPTED}. A signal after the run finished changes nothing.
     */
    private static Thread interruptHook(
            Engine engine, AtomicBoolean sigint, CountDownLatch finished) {
        return new Thread(
                () -> {
                    if (!engine.isDone()) {
                        engine.fail("interrupted (SIGINT or SIGTERM): a partial backtest");
                        engine.requestStop();
                        sigint.set(true);
                    }
                    try {
                        finished.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (sigint.get()) {
                        // One exit code for an interrupted backtest, whichever signal (the JVM
                        // would say 143 for SIGTERM): everything is written and closed by now.
                        Runtime.getRuntime().halt(INTERRUPTED);
                    }
                },
                "tickring-interrupt");
    }

    private int finish(
            PrintWriter out,
            PrintWriter text,
            EngineConfig cfg,
            String configSource,
            List<String> sources,
            Engine.Result result,
            long skipped,
            long read,
            long total,
            boolean interrupted,
            long fillsAfterCancel,
            long t0)
            throws java.io.IOException {
        Map<String, Object> summary =
                EngineRun.summary("backtest", result, outJournal, System.nanoTime() - t0);
        summary.put("partial", interrupted);
        if (interrupted) {
            summary.put("input_records_read", read);
            summary.put("input_records_total", total);
            summary.put("exit", INTERRUPTED);
        }
        summary.put("source", sources);
        summary.put("config", configSource);
        summary.put("skipped_records", skipped);
        // Fills of orders whose cancel was on its way (the venue's latency allows them); in fills.
        summary.put("fills_after_cancel", fillsAfterCancel);
        ProcessMemory.peakRssMb().ifPresent(mb -> summary.put("peak_rss_mb", mb));
        EngineRun.printSummary(text, summary);
        if (outJournal != null) {
            text.println(
                    "replay it with: ./tickring replay --journal "
                            + outJournal
                            + (interrupted ? " --partial" : "")
                            + " --verify");
        }
        text.flush();
        String line = EngineCommand.jsonOf(summary);
        if (report != null) {
            Files.createDirectories(report);
            Files.writeString(report.resolve("summary.json"), line + "\n", StandardCharsets.UTF_8);
            String title = String.join(", ", sources);
            if (interrupted) {
                title +=
                        " (PARTIAL: interrupted after " + read + " of " + total + " input records)";
            }
            Report r;
            try {
                r =
                        Report.of(
                                        outJournal,
                                        cfg.instruments().all(),
                                        title,
                                        capital,
                                        labelHorizon,
                                        labelAlpha)
                                .partial(interrupted, result.events());
            } catch (IllegalArgumentException e) {
                throw new UsageException(report + ": cannot report: " + e.getMessage());
            }
            r.write(report);
            text.println(
                    "report: "
                            + report.resolve("report.html")
                            + " and report.json (returns on a capital of "
                            + capital
                            + ")"
                            + (interrupted ? ", partial" : ""));
            text.flush();
        }
        if (interrupted) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "backtest: interrupted (SIGINT or SIGTERM) after "
                                    + read
                                    + " of "
                                    + total
                                    + " input records; the summary"
                                    + (report != null ? " and report" : "")
                                    + " say \"partial\": true"
                                    + (outJournal != null
                                            ? " and "
                                                    + outJournal
                                                    + " is marked failed (interrupted)"
                                            : "")
                                    + "; exit "
                                    + INTERRUPTED);
            spec.commandLine().getErr().flush();
        }
        if (json.json) {
            out.println(line);
            out.flush();
        }
        return interrupted ? INTERRUPTED : Main.OK;
    }

    /** One input journal with what the verify pass and its SESSION record say of it. */
    private record Day(Path journal, JournalInspector.Stats stats, SessionRecord session) {
        /** The records the backtest reads from it: all but SESSION, TIMER and EXEC_REPORT. */
        long marketRecords() {
            return stats.inRecords
                    - stats.inCounts[EventType.SESSION]
                    - stats.inCounts[EventType.TIMER]
                    - stats.inCounts[EventType.EXEC_REPORT];
        }
    }

    /**
     * Verifies every journal, refuses one given twice or two that overlap in time, and returns them
     * in the order of their first event time.
     */
    private List<Day> days() throws java.io.IOException {
        List<Day> days = new ArrayList<>();
        Map<Path, Path> seen = new HashMap<>();
        for (Path j : journals) {
            JournalPaths.requireJournal(j);
            Path real = j.toRealPath();
            Path before = seen.putIfAbsent(real, j);
            if (before != null) {
                throw new UsageException(
                        "--journal " + before + " and " + j + ": the same journal twice");
            }
            days.add(new Day(j, JournalInspector.verify(j, partial), JournalSession.read(j)));
        }
        // Time order; a journal without market events sorts first and overlaps nothing.
        days.sort(
                Comparator.comparingLong((Day d) -> d.stats.firstExchangeNs)
                        .thenComparingLong(d -> d.stats.lastExchangeNs)
                        .thenComparing(d -> d.journal.toString()));
        for (int i = 1; i < days.size(); i++) {
            Day a = days.get(i - 1);
            Day b = days.get(i);
            if (b.stats.firstExchangeNs < a.stats.lastExchangeNs) {
                throw new UsageException(
                        "--journal "
                                + a.journal
                                + " ("
                                + span(a.stats)
                                + ") and "
                                + b.journal
                                + " ("
                                + span(b.stats)
                                + ") overlap: each journal must start at or after the end of the"
                                + " one before it");
            }
        }
        return days;
    }

    private static String span(JournalInspector.Stats s) {
        return Instant.ofEpochSecond(0, s.firstExchangeNs)
                + " to "
                + Instant.ofEpochSecond(0, s.lastExchangeNs);
    }

    /**
     * The report's capital when {@code --capital} is not given: {@link
     * io.tickring.engine.report.Report#defaultCapital} of the instruments the journals name, or a
     * usage error saying why the user must give it.
     */
    static double defaultCapital(
            List<Path> journals,
            List<JournalInspector.Stats> stats,
            io.tickring.core.instrument.InstrumentLookup registry) {
        java.util.TreeMap<Integer, io.tickring.core.instrument.Instrument> byId =
                new java.util.TreeMap<>();
        for (JournalInspector.Stats st : stats) {
            org.agrona.collections.IntHashSet.IntIterator ids = st.instrumentIds.iterator();
            while (ids.hasNext()) {
                int id = ids.nextValue();
                if (id != 0 && registry.byId(id) != null) {
                    byId.put(id, registry.byId(id));
                }
            }
        }
        try {
            return io.tickring.engine.report.Report.defaultCapital(byId.values());
        } catch (IllegalArgumentException e) {
            throw new UsageException(
                    "--capital AMOUNT is required: "
                            + e.getMessage()
                            + " ("
                            + journals.stream()
                                    .map(Path::toString)
                                    .collect(Collectors.joining(", "))
                            + ")");
        }
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
