package io.tickring.engine.cli;

import picocli.CommandLine.Option;

/** The {@code --json} flag every command takes. */
final class JsonOption {
    @Option(
            names = "--json",
            description = "Print one JSON object with the figures on the last line of stdout.")
    boolean json;
}
