package io.tickring.engine.cli;

import io.tickring.engine.config.ConfigLoader;
import io.tickring.engine.config.ConfigOverride;
import io.tickring.engine.config.EngineConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --config}, {@code --duration} and {@code --seed}: how run commands pick their
 * configuration.
 */
final class ConfigOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML configuration (default: the embedded demo configuration).")
    Path config;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            description = "How long to run, e.g. 30s, 5m; overrides run.duration.")
    String duration;

    @Option(names = "--seed", paramLabel = "N", description = "Overrides run.seed.")
    String seed;

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            description =
                    "live (wall-clock pacing) or sim (as fast as possible); overrides run.mode.")
    String mode;

    @Option(
            names = "--instruments",
            paramLabel = "FILE",
            description =
                    "Your instruments file, merged over the configuration's registry (sets user_instruments).")
    Path instruments;

    List<ConfigOverride> overrides() {
        List<ConfigOverride> list = new ArrayList<>();
        if (instruments != null) {
            list.add(
                    new ConfigOverride(
                            "user_instruments", instruments.toString(), "--instruments"));
        }
        if (duration != null) {
            list.add(new ConfigOverride("run.duration", duration, "--duration"));
        }
        if (seed != null) {
            list.add(new ConfigOverride("run.seed", seed, "--seed"));
        }
        if (mode != null) {
            list.add(new ConfigOverride("run.mode", mode, "--mode"));
        }
        return list;
    }

    EngineConfig load() {
        return config == null
                ? ConfigLoader.loadDefault(System.getenv(), overrides())
                : ConfigLoader.load(config, System.getenv(), overrides());
    }
}
