package io.tickring.engine.config;

import io.tickring.adapters.paper.PaperGateway;

/**
 * The {@code paper} section: the paper gateway's simulated behaviour and its named fill
 * assumptions.
 *
 * @param latencyNs fixed order and cancel latency, nanoseconds (&gt;= 0); the minimum of the
 *     latency model
 * @param jitterNs largest extra latency, drawn uniformly per order and cancel from the run's seed
 *     (&gt;= 0)
 * @param queueModel {@code paper.queue_model}: how unexplained size decreases move a resting
 *     order's queue
 * @param queueFunction {@code paper.queue_function}: the probabilistic model's {@code f}, power or
 *     log
 * @param queuePower the exponent of {@code power N} (&gt; 0)
 * @param tradeThrough {@code paper.trade_through}: what a print through a resting order's price
 *     fills
 * @param penetrationTicks the {@code N} of {@code penetration N} (&gt;= 1; 1 otherwise)
 */
public record PaperConfig(
        long latencyNs,
        long jitterNs,
        PaperGateway.QueueModel queueModel,
        PaperGateway.QueueFunction queueFunction,
        double queuePower,
        PaperGateway.TradeThrough tradeThrough,
        int penetrationTicks) {
    public PaperConfig {
        Durations.requireNonNegative(latencyNs, "latencyNs");
        Durations.requireNonNegative(jitterNs, "jitterNs");
        // The gateway's own checks, at start-up rather than when the engine is built.
        new PaperGateway.Config(
                latencyNs,
                jitterNs,
                0,
                1,
                queueModel,
                queueFunction,
                queuePower,
                tradeThrough,
                penetrationTicks);
    }

    /**
     * The default fill assumptions: probabilistic queue with {@code f(x) = x^2}, fills at most the
     * print.
     */
    public PaperConfig(long latencyNs, long jitterNs) {
        this(
                latencyNs,
                jitterNs,
                PaperGateway.QueueModel.PROBABILISTIC,
                PaperGateway.QueueFunction.POWER,
                PaperGateway.DEFAULT_QUEUE_POWER,
                PaperGateway.TradeThrough.PRINT_SIZE,
                1);
    }

    /** No jitter. */
    public PaperConfig(long latencyNs) {
        this(latencyNs, 0);
    }

    /** {@code paper.queue_function} as written in a config file: {@code power 2}, {@code log}. */
    public String queueFunctionName() {
        if (queueFunction == PaperGateway.QueueFunction.LOG) {
            return "log";
        }
        return "power "
                + (queuePower == Math.rint(queuePower)
                        ? Long.toString((long) queuePower)
                        : Double.toString(queuePower));
    }

    /**
     * {@code paper.trade_through} as written in a config file: {@code print-size}, {@code
     * penetration 2}.
     */
    public String tradeThroughName() {
        return tradeThrough == PaperGateway.TradeThrough.PENETRATION
                ? tradeThrough.configName() + " " + penetrationTicks
                : tradeThrough.configName();
    }

    /**
     * The gateway's configuration for a run with {@code seed} and an order pool of {@code
     * maxOpenOrders}.
     */
    public PaperGateway.Config gateway(long seed, int maxOpenOrders) {
        return new PaperGateway.Config(
                latencyNs,
                jitterNs,
                seed,
                maxOpenOrders,
                queueModel,
                queueFunction,
                queuePower,
                tradeThrough,
                penetrationTicks);
    }
}
