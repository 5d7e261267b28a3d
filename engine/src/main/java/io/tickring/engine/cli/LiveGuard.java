package io.tickring.engine.cli;

import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.config.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The guards of live trading (BRIEF §7): a configuration that selects the live gateway ({@code
 * gateway.kind: fix}) starts only when {@code TICKRING_LIVE_ENABLED=true} is set, the run is paced
 * by the wall clock ({@code run.mode: live}), the risk allow-list ({@code risk.instruments}) is not
 * empty and every risk limit is written in the file. Any that fails refuses the start with one line
 * listing all of them, exit 2. A paper configuration passes whatever the environment says.
 */
final class LiveGuard {
    static final String LIVE_ENABLED_ENV = "TICKRING_LIVE_ENABLED";

    private LiveGuard() {}

    /** What stops {@code cfg}'s live gateway from starting, in a fixed order; empty if nothing. */
    static List<String> missing(EngineConfig cfg, Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        if (!cfg.gateway().live()) {
            return missing;
        }
        if (!"true".equals(env.get(LIVE_ENABLED_ENV))) {
            missing.add(LIVE_ENABLED_ENV + "=true is not set in the environment");
        }
        if (cfg.run().mode() != Mode.LIVE) {
            missing.add("run.mode is not live (the live gateway trades in wall-clock time)");
        }
        if (cfg.risk().instruments().isEmpty()) {
            missing.add("risk.instruments is empty (name every symbol live trading may trade)");
        }
        if (!cfg.gateway().riskLimitsNotSet().isEmpty()) {
            missing.add(
                    "risk limits not set in the file (no defaults for live): risk."
                            + String.join(", risk.", cfg.gateway().riskLimitsNotSet()));
        }
        return missing;
    }

    /** Refuses the start in one line if anything is {@link #missing}. */
    static void check(EngineConfig cfg, Map<String, String> env) {
        List<String> missing = missing(cfg, env);
        if (!missing.isEmpty()) {
            throw new UsageException(
                    cfg.sourceName()
                            + ": live trading refused (gateway.kind: fix): "
                            + String.join("; ", missing));
        }
    }
}
