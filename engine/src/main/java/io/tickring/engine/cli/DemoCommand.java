package io.tickring.engine.cli;

import io.tickring.engine.config.EngineConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tickring demo}: the whole chain on the built-in simulator, paper trading. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the embedded demo: simulated L5 market -> features -> model -> strategy -> risk -> paper gateway.",
            "Journals every event, prints a status line per second and a summary with the output digest.",
            "SIGTERM or SIGINT (Ctrl-C) stops it gracefully as it stops run (see 'run --help'): exit 0,"
                    + " or 3 past ops.stop.timeout.",
            "Writes the event log, key=value lines (orders, fills, rejects, controls, start, stop), to"
                    + " ops.log.dir/tickring.log (default logs/)."
        })
final class DemoCommand extends EngineCommand implements Callable<Integer> {
    @Mixin ConfigOptions config = new ConfigOptions();

    @Override
    public Integer call() throws Exception {
        EngineConfig cfg = config.load();
        return runEngine("demo", cfg, false);
    }
}
