package io.tickring.engine.config;

import java.util.Objects;

/**
 * The {@code ops} section: how the process is operated — how it stops, which endpoints it serves
 * and where it logs. None of it changes a decision, so like the secrets it travels with the
 * configuration but stays out of its JSON and digest: a run resumed or replayed with other ports or
 * another stop bound is the same run.
 *
 * @param stop the graceful stop on SIGTERM / SIGINT
 * @param metrics the Prometheus {@code /metrics} endpoint
 * @param admin the admin API ({@code ./tickring ctl}) and the status page; needs {@code
 *     TICKRING_ADMIN_TOKEN}
 * @param log the event log
 * @param latencyLog the per-stage latency log of {@code run} and {@code demo}
 */
public record OpsConfig(
        Stop stop, Endpoint metrics, Endpoint admin, Log log, LatencyLog latencyLog) {
    /** Loopback: every endpoint binds here unless configured otherwise. */
    public static final String LOOPBACK = "127.0.0.1";

    /** The default metrics port (Prometheus's registry lists 9464 for Java exporters). */
    public static final int DEFAULT_METRICS_PORT = 9464;

    /** The default admin port. */
    public static final int DEFAULT_ADMIN_PORT = 9465;

    /**
     * Endpoints off, a 10 s stop that cancels working orders, logs under {@code logs/}, stage times
     * logged into the journal directory every 10 s.
     */
    public static final OpsConfig DEFAULT =
            new OpsConfig(
                    new Stop(10_000_000_000L, true),
                    new Endpoint(false, LOOPBACK, DEFAULT_METRICS_PORT),
                    new Endpoint(false, LOOPBACK, DEFAULT_ADMIN_PORT),
                    new Log("logs", 64L << 20, 7),
                    new LatencyLog(true, "", 10_000_000_000L));

    public OpsConfig {
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(latencyLog, "latencyLog");
    }

    /**
     * {@code ops.stop}.
     *
     * @param timeoutNs the bound on a graceful stop (configured as {@code timeout}); past it the
     *     run halts trading, says what was left, and exits
     * @param cancelOrders whether a graceful stop cancels the working orders (configured as {@code
     *     cancel_orders})
     */
    public record Stop(long timeoutNs, boolean cancelOrders) {
        public Stop {
            if (timeoutNs <= 0) {
                throw new IllegalArgumentException("stop timeout must be positive: " + timeoutNs);
            }
        }
    }

    /**
     * An HTTP endpoint.
     *
     * @param enabled whether it is served
     * @param bind the address it listens on
     * @param port the port; 0 picks a free one (the run prints the one it got)
     */
    public record Endpoint(boolean enabled, String bind, int port) {
        public Endpoint {
            Objects.requireNonNull(bind, "bind");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535: " + port);
            }
        }
    }

    /**
     * {@code ops.log}.
     *
     * @param dir the directory of the event log, relative to the working directory
     * @param maxFileBytes a log file rolls over at this size (configured as {@code max_file_mb})
     * @param maxHistoryDays rolled files older than this many days are deleted (configured as
     *     {@code max_history_days})
     */
    public record Log(String dir, long maxFileBytes, int maxHistoryDays) {
        public Log {
            Objects.requireNonNull(dir, "dir");
            if (maxFileBytes <= 0 || maxHistoryDays <= 0) {
                throw new IllegalArgumentException(
                        "log file size and history must be positive: "
                                + maxFileBytes
                                + ", "
                                + maxHistoryDays);
            }
        }
    }

    /**
     * {@code ops.latency_log}: the decision chain's per-stage times, written as an HdrHistogram log
     * that {@code paper.decision_latency: histogram FILE} reads.
     *
     * @param enabled whether {@code run} and {@code demo} time the stages and write the log
     * @param dir where the log goes: empty for the journal directory ({@code DIR/stages.hlog}),
     *     else this directory, relative to the working directory ({@code NAME-stages.hlog}, NAME
     *     the journal directory's name)
     * @param intervalNs one interval histogram per stage is written this often (configured as
     *     {@code interval})
     */
    public record LatencyLog(boolean enabled, String dir, long intervalNs) {
        public LatencyLog {
            Objects.requireNonNull(dir, "dir");
            if (intervalNs <= 0) {
                throw new IllegalArgumentException(
                        "latency log interval must be positive: " + intervalNs);
            }
        }
    }
}
