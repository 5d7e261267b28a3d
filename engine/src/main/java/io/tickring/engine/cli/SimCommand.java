package io.tickring.engine.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tickring sim}: placeholder until the simulator branch lands (replaced in the same change). */
@Command(name = "sim", mixinStandardHelpOptions = true, description = "Write a simulated market to a journal.")
final class SimCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("sim is not available in this build");
    }
}
