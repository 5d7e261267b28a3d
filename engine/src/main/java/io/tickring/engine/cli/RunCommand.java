package io.tickring.engine.cli;

import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.OpsConfig;
import io.tickring.engine.config.OpsFile;
import io.tickring.engine.config.Secrets;
import io.tickring.journal.JournalLock;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tickring run}: the long-running headless engine with an operator channel on stdin. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the engine headless with a configuration file until its duration ends or Ctrl-C.",
            "Operator commands on stdin, one per line: halt, resume, reduce-only, kill, rearm TOKEN"
                    + " (resume does not lift a kill; rearm with the admin token does).",
            "With ops.admin enabled (TICKRING_ADMIN_TOKEN required): an admin API for"
                    + " './tickring ctl' and a live status page, at the address it prints"
                    + " ('run: admin on http://127.0.0.1:9465/').",
            "SIGTERM or SIGINT (Ctrl-C) stops it gracefully: a journaled STOP halts trading and"
                    + " cancels the working orders (ops.stop.cancel_orders), the feed and operator"
                    + " input stop, the ring drains, both journals close with complete end"
                    + " markers, the summary and the --json line are printed, and the exit code is"
                    + " 0. If that takes longer than ops.stop.timeout (default 10s), the engine"
                    + " halts where it is, says how many events were not drained and how many"
                    + " orders are still working, marks the journal failed (--resume continues it)"
                    + " and exits 3. Exit codes: 0 done or stopped, 1 internal failure, 2 bad"
                    + " input, 3 stop past its bound.",
            "Writes the event log, key=value lines (orders, fills, rejects, controls, start, stop), to"
                    + " ops.log.dir/tickring.log (default logs/), rolled by ops.log.max_file_mb and by day.",
            "With --resume --journal DIR: continue the journal of a run whose process died (killed,"
                    + " crashed, power lost). Its inputs are replayed through every stage and the"
                    + " paper venue to rebuild positions, working orders, risk counters, cash and"
                    + " PnL; its outputs are checked and completed; the restart is marked in"
                    + " DIR/restarts.jsonl; then the run goes on in the same journal. A journal whose"
                    + " writer is alive is refused naming its PID; one whose markers say failed is"
                    + " resumed. The configuration"
                    + " must be the one the journal recorded (--config may be left out: the"
                    + " journal's own is used, with the ops section - endpoints, stop bound, event"
                    + " log - that the run saved beside it in DIR/ops.yaml). A run that was killed"
                    + " resumes killed: its paper venue is latched again where the journal says"
                    + " (CONTROL LATCHED records), and only rearm with the token trades again."
        })
final class RunCommand extends EngineCommand implements Callable<Integer> {
    @Mixin ConfigOptions config = new ConfigOptions();

    @Option(
            names = "--resume",
            description =
                    "Continue the journal given by --journal, whose writer died, after rebuilding"
                            + " every stage's state from it (see above).")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        if (resume) {
            if (journal == null) {
                throw new UsageException("--resume needs --journal DIR, the journal to continue");
            }
            if (config.config == null && !config.overrides().isEmpty()) {
                throw new UsageException(
                        "--resume continues the run as it was configured: --duration, --seed and"
                                + " --mode cannot change it");
            }
            if (!Files.isDirectory(journal)) {
                throw new UsageException(journal + ": no such journal directory to resume");
            }
            // The writer lock first, for the whole resumed run: a writer still alive exits this
            // one 2 naming its PID, before anything below reads the journal or releases the queue
            // locks it would still be using. The engine's input journal takes it over.
            resumeLock = JournalLock.acquire(journal);
            try {
                return resume();
            } finally {
                resumeLock.close(); // a no-op once the input journal has released it
            }
        }
        if (config.config == null) {
            throw new UsageException("--config FILE is required (the demo runs without one)");
        }
        EngineConfig cfg = config.load();
        return runEngine("run", cfg, true, false, false);
    }

    private int resume() throws Exception {
        RunResume.releaseDeadWriterLocks(journal);
        RunResume.removeUnstartedQueueFiles(journal);
        if (!RunResume.hasRecords(journal)) {
            if (config.config == null) {
                throw new UsageException(
                        journal
                                + ": holds no record yet (its run died before writing one):"
                                + " nothing to resume; give --config FILE to start the run"
                                + " afresh there");
            }
            // Killed before its SESSION record: the run starts again from the beginning.
            return runEngine("run", config.load(), true, false, true);
        }
        // Without --config: the journal's configuration, operated as the run that wrote it was
        // (its ops section, kept beside the journal since the SESSION record leaves it out), with
        // the secrets of this environment (the admin token for rearm and the admin API), which no
        // file holds.
        EngineConfig cfg =
                config.config == null
                        ? RunResume.recordedConfig(journal)
                                .withOps(OpsFile.read(journal).orElse(OpsConfig.DEFAULT))
                                .withSecrets(Secrets.fromEnv(System.getenv()))
                        : config.load();
        return runEngine("run", cfg, true, true, false);
    }
}
