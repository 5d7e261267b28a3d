package io.tickring.adapters.paper;

import io.tickring.adapters.paper.PaperGateway.QueueFunction;
import io.tickring.adapters.paper.PaperGateway.QueueModel;
import io.tickring.adapters.paper.PaperGateway.TradeThrough;
import io.tickring.core.ParameterException;

/**
 * The paper gateway's parameters, built like Aeron's {@code Context}: named setters that return the
 * context, getters, and {@link #conclude()}, which checks every value. The defaults are the
 * configuration's defaults ({@code config/README.md}, the {@code paper} section). Once concluded
 * the context is read-only: a setter then throws, so a context shared by a configuration and a
 * running gateway cannot change under it. The configuration binder fills it straight from the
 * {@code paper} section (and the seed from {@code run.seed}); keys in {@link ParameterException}s
 * are the section's keys.
 */
public final class PaperContext {
    /** The configuration section these parameters are read from. */
    static final String SECTION = "paper";

    /** The default fixed latency, 100 µs. */
    public static final long DEFAULT_LATENCY_NS = 100_000;

    /** The exponent of the default probabilistic queue function. */
    public static final double DEFAULT_QUEUE_POWER = 2;

    /** Largest queue function exponent. */
    public static final double MAX_QUEUE_POWER = 100;

    /** The default order pool: live orders the venue holds at once. */
    public static final int DEFAULT_MAX_OPEN_ORDERS = 4096;

    private long latencyNs = DEFAULT_LATENCY_NS;
    private long jitterNs;
    private long seed = 42;
    private int maxOpenOrders = DEFAULT_MAX_OPEN_ORDERS;
    private QueueModel queueModel = QueueModel.PROBABILISTIC;
    private QueueFunction queueFunction = QueueFunction.POWER;
    private double queuePower = DEFAULT_QUEUE_POWER;
    private TradeThrough tradeThrough = TradeThrough.PRINT_SIZE;
    private int penetrationTicks = 1;
    private LatencyModel decisionLatency = LatencyModel.ZERO;
    private LatencyModel orderLatency;
    private LatencyModel cancelLatency;
    private boolean concluded;

    /**
     * Fixed latency in nanoseconds ({@code latency}, &gt;= 0): the order-entry and cancel latency
     * (plus jitter) when no model is set for them, and the response latency of every report unless
     * {@link #orderLatency} is a recording; so also the Sequencer's look-ahead then.
     */
    public PaperContext latencyNs(long v) {
        open().latencyNs = v;
        return this;
    }

    public long latencyNs() {
        return latencyNs;
    }

    /**
     * Largest extra latency in nanoseconds, drawn uniformly per order and cancel from the seed
     * ({@code jitter}, &gt;= 0).
     */
    public PaperContext jitterNs(long v) {
        open().jitterNs = v;
        return this;
    }

    public long jitterNs() {
        return jitterNs;
    }

    /** Seed of the latency jitter: the run's seed ({@code run.seed}), so replay draws the same. */
    public PaperContext seed(long v) {
        open().seed = v;
        return this;
    }

    public long seed() {
        return seed;
    }

    /**
     * Decision latency: the time from the triggering event to the order (or cancel) leaving the
     * engine, charged to the simulated clock on top of the order-entry or cancel latency ({@code
     * decision_latency}; default 0: the backtest then trades at the trigger's time, as before the
     * key existed).
     */
    public PaperContext decisionLatency(LatencyModel v) {
        open().decisionLatency = v;
        return this;
    }

    public LatencyModel decisionLatency() {
        return decisionLatency;
    }

    /**
     * Order-entry latency: engine to venue for a new order ({@code order_latency}); null (the
     * default) means {@code latency} plus the seeded {@code jitter}, as before the key existed. A
     * {@link LatencyModel.Kind#RECORDED recording} here also gives every report its response
     * latency.
     */
    public PaperContext orderLatency(LatencyModel v) {
        open().orderLatency = v;
        return this;
    }

    /** The configured order-entry model, or null for {@code latency} + {@code jitter}. */
    public LatencyModel orderLatency() {
        return orderLatency;
    }

    /**
     * Cancel latency: engine to venue for a cancel ({@code cancel_latency}); null (the default)
     * means {@code latency} plus the seeded {@code jitter}.
     */
    public PaperContext cancelLatency(LatencyModel v) {
        open().cancelLatency = v;
        return this;
    }

    /** The configured cancel model, or null for {@code latency} + {@code jitter}. */
    public LatencyModel cancelLatency() {
        return cancelLatency;
    }

    /**
     * The smallest time between the event a venue report follows from and the report: the response
     * latency's minimum (the recording's smallest {@code response - venue} if {@code order_latency}
     * is recorded, else {@code latency}). The Sequencer's event-time merge waits for the router up
     * to {@code time -} this, so it must never exceed a latency the model can produce.
     */
    public long minReportLatencyNs() {
        return orderLatency == null ? latencyNs : orderLatency.minResponseNs(latencyNs);
    }

    /**
     * The order pool: live orders beyond it are rejected (&gt;= 1). Not a configuration key; tests
     * make it small to reach the limit.
     */
    public PaperContext maxOpenOrders(int v) {
        open().maxOpenOrders = v;
        return this;
    }

    public int maxOpenOrders() {
        return maxOpenOrders;
    }

    /** How unexplained size decreases move a resting order's queue ({@code queue_model}). */
    public PaperContext queueModel(QueueModel v) {
        open().queueModel = v;
        return this;
    }

    public QueueModel queueModel() {
        return queueModel;
    }

    /** The probabilistic model's {@code f}, power or log ({@code queue_function}). */
    public PaperContext queueFunction(QueueFunction v) {
        open().queueFunction = v;
        return this;
    }

    public QueueFunction queueFunction() {
        return queueFunction;
    }

    /**
     * The exponent of {@link QueueFunction#POWER} ({@code queue_function: power N}, 0 &lt; N &lt;=
     * 100).
     */
    public PaperContext queuePower(double v) {
        open().queuePower = v;
        return this;
    }

    public double queuePower() {
        return queuePower;
    }

    /** What a print through a resting order's price fills ({@code trade_through}). */
    public PaperContext tradeThrough(TradeThrough v) {
        open().tradeThrough = v;
        return this;
    }

    public TradeThrough tradeThrough() {
        return tradeThrough;
    }

    /**
     * Ticks a print must be through a resting order's price under {@link TradeThrough#PENETRATION}
     * ({@code trade_through: penetration N}, &gt;= 1; ignored otherwise).
     */
    public PaperContext penetrationTicks(int v) {
        open().penetrationTicks = v;
        return this;
    }

    public int penetrationTicks() {
        return penetrationTicks;
    }

    /** {@code paper.queue_function} as written in a config file: {@code power 2}, {@code log}. */
    public String queueFunctionName() {
        if (queueFunction == QueueFunction.LOG) {
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
        return tradeThrough == TradeThrough.PENETRATION
                ? tradeThrough.configName() + " " + penetrationTicks
                : tradeThrough.configName();
    }

    /** True once {@link #conclude()} has run. */
    public boolean isConcluded() {
        return concluded;
    }

    /** Every parameter by name, for logs and for tests that compare contexts. */
    @Override
    public String toString() {
        return "PaperContext{latencyNs="
                + latencyNs
                + ", jitterNs="
                + jitterNs
                + ", seed="
                + seed
                + ", maxOpenOrders="
                + maxOpenOrders
                + ", queueModel="
                + queueModel
                + ", queueFunction="
                + queueFunction
                + ", queuePower="
                + queuePower
                + ", tradeThrough="
                + tradeThrough
                + ", penetrationTicks="
                + penetrationTicks
                + ", decisionLatency="
                + decisionLatency
                + ", orderLatency="
                + orderLatency
                + ", cancelLatency="
                + cancelLatency
                + "}";
    }

    /**
     * Checks every value; the context is read-only afterwards. Calling it again does nothing.
     *
     * @return this context
     * @throws ParameterException naming the first key whose value is wrong
     */
    public PaperContext conclude() {
        if (concluded) {
            return this;
        }
        ParameterException.atLeast(SECTION, "latency", latencyNs, 0);
        ParameterException.atLeast(SECTION, "jitter", jitterNs, 0);
        ParameterException.atLeast(SECTION, "max_open_orders", maxOpenOrders, 1);
        if (queueModel == null) {
            throw new ParameterException(SECTION, "queue_model", "must be set");
        }
        if (queueFunction == null) {
            throw new ParameterException(SECTION, "queue_function", "must be set");
        }
        if (!(queuePower > 0 && queuePower <= MAX_QUEUE_POWER)) {
            throw new ParameterException(
                    SECTION,
                    "queue_function",
                    "power out of range: " + queuePower + " (expected 0 < N <= 100)");
        }
        if (tradeThrough == null) {
            throw new ParameterException(SECTION, "trade_through", "must be set");
        }
        if (penetrationTicks < 1) {
            throw new ParameterException(
                    SECTION,
                    "trade_through",
                    "penetration out of range: " + penetrationTicks + " (expected >= 1 tick)");
        }
        if (decisionLatency == null) {
            throw new ParameterException(SECTION, "decision_latency", "must be set");
        }
        if (decisionLatency.kind() == LatencyModel.Kind.RECORDED) {
            throw new ParameterException(
                    SECTION,
                    "decision_latency",
                    "a recording of venue timestamps is for order_latency or cancel_latency");
        }
        concluded = true;
        return this;
    }

    private PaperContext open() {
        if (concluded) {
            throw new IllegalStateException("paper context already concluded: it is read-only");
        }
        return this;
    }
}
