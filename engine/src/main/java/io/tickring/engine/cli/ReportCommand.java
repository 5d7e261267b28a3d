package io.tickring.engine.cli;

import io.tickring.core.SessionRecord;
import io.tickring.engine.config.ConfigLoader;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.report.ShadowReport;
import io.tickring.journal.JournalInspector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tickring report shadow --journal DIR}: reports computed from a journal. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Reports computed from a journal.",
        subcommands = {ReportCommand.Shadow.class})
final class ReportCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "shadow is required");
    }

    /** The live venue against the shadow paper venue, and the paper setting that matched best. */
    @Command(
            name = "shadow",
            mixinStandardHelpOptions = true,
            description = {
                "Compare a shadowed live run's fills (gateway.shadow: true) with the paper venue's, per"
                        + " order and per instrument: fill ratio, average fill price, slippage in"
                        + " the settlement currency, fees, time to first and last fill, queue time;"
                        + " then re-simulate the paper venue over the journal's market data with every"
                        + " queue model x trade-through rule x latency and rank the settings by how"
                        + " closely they match the live fills."
            })
    static final class Shadow implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--journal",
                required = true,
                paramLabel = "DIR",
                description = "The journal of a live run with gateway.shadow: true.")
        Path journal;

        @Option(
                names = "--orders",
                paramLabel = "N",
                defaultValue = "20",
                description =
                        "Orders listed in the text output (default: ${DEFAULT-VALUE}; --json lists all).")
        int maxOrders;

        @CommandLine.Mixin JsonOption json = new JsonOption();

        @Override
        public Integer call() {
            JournalInspector.verify(journal, true);
            SessionRecord session = JournalSession.read(journal);
            if (session.configJson() == null) {
                throw new UsageException(
                        journal + ": this journal records no engine configuration");
            }
            if (!ShadowMode.of(session)) {
                throw new UsageException(
                        journal
                                + ": not a shadowed live run (its SESSION has no \"shadow\":\"true\";"
                                + " run with gateway.kind: fix and gateway.shadow: true)");
            }
            EngineConfig cfg = ConfigLoader.fromJson(session.configJson(), journal + " SESSION");
            ShadowReport report =
                    ShadowReport.of(
                            ShadowReport.journal(journal),
                            cfg.instruments().all(),
                            cfg.paper(),
                            null);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter text = json.json ? spec.commandLine().getErr() : out;
            text.print(report.text(maxOrders));
            text.flush();
            if (json.json) {
                out.println(report.jsonLine());
            }
            out.flush();
            return Main.OK;
        }
    }
}
