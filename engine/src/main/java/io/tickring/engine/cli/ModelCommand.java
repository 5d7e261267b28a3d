package io.tickring.engine.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tickring model info|bench FILE}: not in this build yet; says so rather than pretend. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Inspect and time ONNX models (info, bench).",
            "Not available in this build: the ONNX model stage is not built yet; the engine scores with the built-in microprice rule."})
final class ModelCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "ARGS")
    java.util.List<String> args;

    @CommandLine.Mixin
    JsonOption json = new JsonOption();

    @Override
    public Integer call() {
        throw new UsageException("model commands are not available in this build: the ONNX model stage is not built yet");
    }
}
