package io.tickring.engine.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tickring import}: placeholder until the simulator branch lands (replaced in the same change). */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Import market data files into a journal.")
final class ImportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("import is not available in this build");
    }
}
