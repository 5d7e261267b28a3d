package io.tickring.engine.cli;

import io.tickring.engine.config.EngineConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tickring run}: the long-running headless engine with an operator channel on stdin. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the engine headless with a configuration file until its duration ends or Ctrl-C.",
            "Operator commands on stdin, one per line: halt, resume, reduce-only, kill."
        })
final class RunCommand extends EngineCommand implements Callable<Integer> {
    @Mixin ConfigOptions config = new ConfigOptions();

    @Override
    public Integer call() throws Exception {
        if (config.config == null) {
            throw new UsageException("--config FILE is required (the demo runs without one)");
        }
        EngineConfig cfg = config.load();
        return runEngine("run", cfg, true);
    }
}
