package io.tickring.engine.cli;

import io.tickring.adapters.sim.MarketSimulator;
import io.tickring.adapters.sim.SimJournalWriter;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.stage.model.Scorer;
import io.tickring.journal.InputJournal;
import io.tickring.journal.JournalPaths;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickring sim}: writes a simulated market straight to a journal, as fast as the simulator
 * and Chronicle go, for backtests and model training.
 */
@Command(
        name = "sim",
        mixinStandardHelpOptions = true,
        description = {
            "Write a simulated market (source.sim of the configuration) straight to a journal.",
            "The journal holds inputs only: backtest it, or train on it."
        })
final class SimCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin JsonOption json = new JsonOption();

    @CommandLine.Mixin ConfigOptions config = new ConfigOptions();

    @Option(
            names = "--journal",
            paramLabel = "DIR",
            required = true,
            description =
                    "New or empty directory for the journal; locked while written: a second writer exits 2 naming the PID.")
    Path journal;

    @Override
    public Integer call() {
        if (config.duration == null) {
            throw new UsageException("--duration is required, e.g. --duration 1h (simulated time)");
        }
        EngineConfig cfg = config.load();
        long durationNs = cfg.run().durationNs();
        if (durationNs <= 0) {
            throw new UsageException("--duration: must be greater than 0");
        }
        JournalPaths.requireWritable(journal);
        long start = cfg.source().sim().startTimeNs();
        MarketSimulator sim = EngineAssembler.simulator(cfg, start);
        PrintWriter err = spec.commandLine().getErr();
        Scorer scorer = EngineAssembler.scorer(cfg);
        String session = EngineAssembler.sessionJson("sim", cfg, scorer, Map.of("source", "sim"));
        long t0 = System.nanoTime();
        SimJournalWriter.Result r;
        InputJournal in = new InputJournal(journal, cfg.journal().blockSizeBytes());
        try {
            RingEvent s = new RingEvent();
            s.clearInput();
            s.type = EventType.SESSION;
            s.sequence = 0;
            s.exchangeTimeNs = start;
            s.receiveTimeNs = start;
            byte[] bytes = session.getBytes(StandardCharsets.UTF_8);
            s.sessionPayload.putBytes(0, bytes);
            s.sessionLength = bytes.length;
            in.append(s);
            r =
                    SimJournalWriter.write(
                            sim,
                            in,
                            durationNs,
                            n -> {
                                if (n % (1 << 20) < SimJournalWriter.PROGRESS_EVERY) {
                                    err.printf(Locale.ROOT, "sim: %,d events%n", n);
                                    err.flush();
                                }
                            });
        } catch (RuntimeException | Error e) {
            in.fail(Main.firstLine(String.valueOf(e.getMessage()))); // no clean end marker
            throw e;
        } finally {
            in.close();
        }
        long elapsed = System.nanoTime() - t0;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "sim");
        summary.put("events", r.events() + 1);
        summary.put("books", r.books());
        summary.put("trades", r.trades());
        summary.put("journal", journal.toString());
        summary.put("simulated_s", durationNs / 1e9);
        summary.put("elapsed_ms", elapsed / 1_000_000);
        summary.put("events_per_s", Math.round(r.events() / (elapsed / 1e9)));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter text = json.json ? err : out;
        EngineRun.printSummary(text, summary);
        text.println("backtest it with: ./tickring backtest --journal " + journal);
        text.flush();
        if (json.json) {
            out.println(EngineCommand.jsonOf(summary));
            out.flush();
        }
        return Main.OK;
    }
}
