package io.tickring.engine.cli;

import io.tickring.core.codec.RecordHeader;
import io.tickring.engine.Engine;
import io.tickring.engine.config.ConfigLoader;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.ingress.JournalSource;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.stage.model.Scorer;
import io.tickring.journal.Digests;
import io.tickring.journal.JournalInspector;
import io.tickring.journal.JournalPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickring replay}: re-runs a journal's recorded inputs with its recorded configuration and
 * model, as the ring's single writer, and compares the outputs with the recorded ones.
 *
 * <p>A journal recorded by an older schema version replays too: its output records cannot be the
 * same bytes as today's, so they are compared field by field after decoding, and its recorded
 * digest (of the old bytes) is reported but cannot match the replay's.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Re-run a journal's inputs with the configuration and model it recorded.",
            "With --verify, exit 1 unless the output digest equals the recorded one, naming the first differing record.",
            "Writes no event log (run and demo do): its record is the digest and, with --out, the output records."
        })
final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin JsonOption json = new JsonOption();

    @Option(
            names = "--journal",
            paramLabel = "DIR",
            required = true,
            description = "The journal to replay.")
    Path journal;

    @Option(
            names = "--verify",
            description =
                    "Fail (exit 1) unless the replay reproduces the recorded outputs exactly.")
    boolean verify;

    @Option(
            names = "--partial",
            description =
                    "Accept a journal whose run did not finish (no end marker, or a failed one): compare the outputs it recorded as a prefix.")
    boolean partial;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "Keep the replay's output records in DIR/out (default: a temporary directory, removed).")
    Path keep;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter text = json.json ? spec.commandLine().getErr() : out;
        JournalInspector.verify(journal, partial);
        io.tickring.core.SessionRecord session = JournalSession.read(journal);
        if ("sim".equals(session.command())) {
            throw new UsageException(
                    journal
                            + ": written by 'tickring sim', it holds inputs only and no outputs to "
                            + "reproduce; use 'tickring backtest --journal "
                            + journal
                            + "'");
        }
        if (session.configJson() == null) {
            throw new UsageException(
                    journal
                            + ": this journal records no engine configuration (an import?); "
                            + "use 'tickring backtest --journal "
                            + journal
                            + "' to run it through a configuration");
        }
        EngineConfig cfg = ConfigLoader.fromJson(session.configJson(), journal + " SESSION");
        if (session.configDigest() != null && !session.configDigest().equals(cfg.digest())) {
            throw new UsageException(
                    journal
                            + ": SESSION config digest "
                            + session.configDigest()
                            + " does not match its configuration ("
                            + cfg.digest()
                            + "): the journal was altered");
        }
        Scorer scorer = EngineAssembler.scorer(cfg);
        EngineAssembler.requireRecordedModel(journal, session, scorer, "replay");
        Path outDir = keep != null ? keep : Files.createTempDirectory("tickring-replay");
        JournalPaths.requireWritable(outDir);
        if (keep != null && Files.isDirectory(JournalPaths.out(outDir))) {
            throw new UsageException(
                    outDir + ": already holds output records; give a new or empty directory");
        }
        long t0 = System.nanoTime();
        Engine.Result result;
        try (JournalSource source = new JournalSource(journal, false)) {
            try (Engine engine =
                    EngineAssembler.builder(cfg, scorer)
                            .policy(Sequencer.Policy.VERBATIM)
                            .source(source)
                            .timerPeriodNs(0)
                            .paperGateway(false)
                            .shadow(ShadowMode.of(session))
                            .inline(true)
                            .inputJournal(null)
                            .outputJournal(outDir)
                            .build()) {
                engine.start();
                EngineRun.await(engine, text, 0, Long.MAX_VALUE / 4);
                result = engine.result();
            }
        }
        if (result.error() != null) {
            cleanUp(outDir);
            throw new UsageException(result.error());
        }
        String recorded = Digests.recordedOutputDigest(journal);
        int recordedSchema = JournalInspector.schemaVersion(JournalPaths.out(journal));
        boolean byFields = recordedSchema != 0 && recordedSchema != RecordHeader.SCHEMA_VERSION;
        String difference =
                recorded.equals(result.digest())
                        ? null
                        : JournalInspector.firstOutputDifference(journal, outDir, partial);
        // With --partial, a recording that stopped early matches when its records are a prefix of
        // the replay's.
        boolean match = difference == null;
        if (keep == null) {
            cleanUp(outDir);
        }
        Map<String, Object> summary =
                EngineRun.summary("replay", result, journal, System.nanoTime() - t0);
        summary.put("recorded_digest", recorded);
        summary.put("recorded_schema", recordedSchema);
        summary.put("compared", byFields ? "fields" : "bytes");
        summary.put("match", match);
        if (difference != null) {
            summary.put("first_difference", difference);
        }
        if (verify && !match) {
            summary.put("error", "outputs differ from the recording: " + difference);
            summary.put("exit", Main.FAILED);
        }
        EngineRun.printSummary(text, summary);
        if (byFields) {
            text.println(
                    "replay: the recording is schema version "
                            + recordedSchema
                            + ": its output records were compared "
                            + "field by field with this build's (version "
                            + RecordHeader.SCHEMA_VERSION
                            + "); digests of the two "
                            + "encodings differ by design");
        }
        text.flush();
        if (json.json) {
            out.println(EngineCommand.jsonOf(summary));
            out.flush();
        }
        if (verify && !match) {
            spec.commandLine()
                    .getErr()
                    .println("replay: outputs differ from the recording: " + difference);
            return Main.FAILED;
        }
        return Main.OK;
    }

    private static void cleanUp(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
