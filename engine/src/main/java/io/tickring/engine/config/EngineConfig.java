package io.tickring.engine.config;

import io.tickring.adapters.paper.PaperContext;
import io.tickring.engine.stage.model.ModelContext;
import io.tickring.engine.stage.risk.RiskContext;
import io.tickring.engine.stage.strategy.StrategyContext;
import io.tickring.journal.Digests;
import java.util.List;
import java.util.Objects;

/**
 * The effective configuration of one run: every section typed and validated, with its canonical
 * JSON and that JSON's digest for the journal's SESSION record.
 *
 * <p>Immutable. A class rather than a record because the source name and the secrets travel with
 * the configuration but are not part of it: they are left out of {@link #toJson()}, {@link
 * #digest()}, {@link #equals(Object)} and {@link #toString()}. Two configurations are equal when
 * their JSON is. Build one with {@link ConfigLoader}; the public constructor is for tests and
 * tools.
 */
public final class EngineConfig {
    private final RunConfig run;
    private final InstrumentRegistry instruments;
    private final RingConfig ring;
    private final List<ThreadConfig> threads;
    private final TimerConfig timer;
    private final SourceConfig source;
    private final ModelContext model;
    private final StrategyContext strategy;
    private final RiskContext risk;
    private final PaperContext paper;
    private final JournalConfig journal;
    private final String sourceName;
    private final Secrets secrets;
    private final OpsConfig ops;
    private final GatewayConfig gateway;
    private final OverlayConfig overlay;
    private final String json;
    private final String digest;

    /**
     * A configuration built in code, with source name {@code "code"} and no secrets.
     *
     * @throws IllegalArgumentException if the thread layout breaks the rules the loader enforces,
     *     or the paper context's seed is not {@code run.seed}
     */
    public EngineConfig(
            RunConfig run,
            InstrumentRegistry instruments,
            RingConfig ring,
            List<ThreadConfig> threads,
            TimerConfig timer,
            SourceConfig source,
            ModelContext model,
            StrategyContext strategy,
            RiskContext risk,
            PaperContext paper,
            JournalConfig journal) {
        this(
                run,
                instruments,
                ring,
                threads,
                timer,
                source,
                model,
                strategy,
                risk,
                paper,
                journal,
                "code",
                Secrets.none(),
                OpsConfig.DEFAULT,
                GatewayConfig.PAPER,
                OverlayConfig.DEFAULT);
    }

    EngineConfig(
            RunConfig run,
            InstrumentRegistry instruments,
            RingConfig ring,
            List<ThreadConfig> threads,
            TimerConfig timer,
            SourceConfig source,
            ModelContext model,
            StrategyContext strategy,
            RiskContext risk,
            PaperContext paper,
            JournalConfig journal,
            String sourceName,
            Secrets secrets,
            OpsConfig ops,
            GatewayConfig gateway,
            OverlayConfig overlay) {
        this.run = Objects.requireNonNull(run, "run");
        this.instruments = Objects.requireNonNull(instruments, "instruments");
        this.ring = Objects.requireNonNull(ring, "ring");
        this.threads = List.copyOf(threads);
        this.timer = Objects.requireNonNull(timer, "timer");
        this.source = Objects.requireNonNull(source, "source");
        this.model = Objects.requireNonNull(model, "model").conclude();
        // Concluded contexts are read-only: the configuration stays immutable though the contexts
        // are the stages' own.
        this.strategy = Objects.requireNonNull(strategy, "strategy").conclude();
        this.risk = Objects.requireNonNull(risk, "risk").conclude();
        this.paper = Objects.requireNonNull(paper, "paper").conclude();
        if (this.paper.seed() != run.seed()) {
            // The jitter draws from the run's seed, which the SESSION record journals.
            throw new IllegalArgumentException(
                    "paper seed " + this.paper.seed() + " is not run.seed " + run.seed());
        }
        this.journal = Objects.requireNonNull(journal, "journal");
        this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.ops = Objects.requireNonNull(ops, "ops");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.overlay = Objects.requireNonNull(overlay, "overlay");
        // The loader has checked the layout with positions already; this guards configurations
        // built in code.
        ThreadLayout.validate(
                this.threads,
                (thread, field, item, problem) ->
                        new IllegalArgumentException(
                                (thread < 0 ? "threads" : "threads[" + thread + "]." + field)
                                        + ": "
                                        + problem));
        this.json = ConfigJson.write(this);
        this.digest = Digests.sha256(json);
    }

    public RunConfig run() {
        return run;
    }

    public InstrumentRegistry instruments() {
        return instruments;
    }

    public RingConfig ring() {
        return ring;
    }

    /** Handler threads in order; each stage is on exactly one. */
    public List<ThreadConfig> threads() {
        return threads;
    }

    public TimerConfig timer() {
        return timer;
    }

    public SourceConfig source() {
        return source;
    }

    public ModelContext model() {
        return model;
    }

    public StrategyContext strategy() {
        return strategy;
    }

    public RiskContext risk() {
        return risk;
    }

    public PaperContext paper() {
        return paper;
    }

    public JournalConfig journal() {
        return journal;
    }

    /**
     * Where the configuration was read from: a file path, {@code classpath:...}, or the name given
     * to fromJson.
     */
    public String sourceName() {
        return sourceName;
    }

    /** Credentials from the environment; never part of the JSON or the digest. */
    public Secrets secrets() {
        return secrets;
    }

    /**
     * How the process is operated (stop bound, endpoints, logs); never part of the JSON or the
     * digest.
     */
    public OpsConfig ops() {
        return ops;
    }

    /**
     * Where orders go: the paper venue or the live FIX gateway; never part of the JSON or the
     * digest.
     */
    public GatewayConfig gateway() {
        return gateway;
    }

    /**
     * The sentiment overlay: its headlines, its provider; part of the JSON and digest when it is
     * not the default (the strategy's sentiment keys live in {@link #strategy()}).
     */
    public OverlayConfig overlay() {
        return overlay;
    }

    /** A copy with other operations settings (the JSON and digest are unchanged). */
    public EngineConfig withOps(OpsConfig newOps) {
        return new EngineConfig(
                run,
                instruments,
                ring,
                threads,
                timer,
                source,
                model,
                strategy,
                risk,
                paper,
                journal,
                sourceName,
                secrets,
                newOps,
                gateway,
                overlay);
    }

    /**
     * The canonical JSON (no secrets, no source name); {@link ConfigLoader#fromJson} reads it back
     * exactly.
     */
    public String toJson() {
        return json;
    }

    /** Hex SHA-256 of {@link #toJson()}. */
    public String digest() {
        return digest;
    }

    /** A copy with another pacing mode. */
    public EngineConfig withMode(Mode mode) {
        return with(
                new RunConfig(
                        mode, run.seed(), run.durationNs(), run.statusIntervalNs(), run.drive()),
                sourceName,
                secrets);
    }

    /** A copy with another run duration (0 = until the source ends or the user stops). */
    public EngineConfig withDurationNs(long durationNs) {
        return with(
                new RunConfig(
                        run.mode(), run.seed(), durationNs, run.statusIntervalNs(), run.drive()),
                sourceName,
                secrets);
    }

    /** A copy with other secrets (the JSON and digest are unchanged). */
    public EngineConfig withSecrets(Secrets newSecrets) {
        return with(run, sourceName, newSecrets);
    }

    /** A copy with another source name (the JSON and digest are unchanged). */
    public EngineConfig withSourceName(String newSourceName) {
        return with(run, newSourceName, secrets);
    }

    private EngineConfig with(RunConfig newRun, String newSourceName, Secrets newSecrets) {
        return new EngineConfig(
                newRun,
                instruments,
                ring,
                threads,
                timer,
                source,
                model,
                strategy,
                risk,
                paper,
                journal,
                newSourceName,
                newSecrets,
                ops,
                gateway,
                overlay);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineConfig c && json.equals(c.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    /** The source name and the JSON; never the secrets. */
    @Override
    public String toString() {
        return "EngineConfig[" + sourceName + "] " + json;
    }
}
