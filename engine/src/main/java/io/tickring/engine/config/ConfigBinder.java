package io.tickring.engine.config;

import io.tickring.adapters.paper.LatencyModel;
import io.tickring.adapters.paper.PaperContext;
import io.tickring.adapters.paper.PaperGateway;
import io.tickring.core.ParameterException;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.config.Node.ListNode;
import io.tickring.engine.config.Node.MapNode;
import io.tickring.engine.config.Node.ScalarNode;
import io.tickring.engine.stage.model.ModelContext;
import io.tickring.engine.stage.risk.RiskContext;
import io.tickring.engine.stage.strategy.StrategyContext;
import io.tickring.engine.stage.strategy.StrategyStage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Binds a configuration tree to an {@link EngineConfig}: defaults for absent keys, range checks,
 * and the checks that span sections (simulated instruments must be in the registry, onnx needs a
 * model path).
 */
final class ConfigBinder {
    static final List<String> ROOT_KEYS =
            List.of(
                    "run",
                    "instruments",
                    "user_instruments",
                    "ring",
                    "threads",
                    "timer",
                    "source",
                    "model",
                    "strategy",
                    "risk",
                    "paper",
                    "journal",
                    "ops",
                    "gateway",
                    "overlay");

    static final Mode DEFAULT_MODE = Mode.LIVE;
    static final long DEFAULT_SEED = 42;
    static final long DEFAULT_DURATION_NS = 0;
    static final long DEFAULT_STATUS_INTERVAL_NS = 1_000_000_000L;
    static final int DEFAULT_RING_SIZE = 65536;
    static final long DEFAULT_TIMER_PERIOD_NS = 1_000_000_000L;
    static final String SOURCE_SIM = "sim";
    static final String SOURCE_BINANCE = "binance";

    /**
     * Ordered, so that error messages list the kinds the same way on every run (Map.of's order is
     * random).
     */
    private static final Map<String, String> SOURCE_KINDS =
            new java.util.LinkedHashMap<>(Map.of(SOURCE_SIM, SOURCE_SIM));

    static {
        SOURCE_KINDS.put(SOURCE_BINANCE, SOURCE_BINANCE);
    }

    static final String SIM_VENUE = "SIM";
    static final long DEFAULT_EVENTS_PER_SECOND = 2000;
    static final long MAX_EVENTS_PER_SECOND = 10_000_000;
    static final int DEFAULT_LEVELS = 5;
    static final int MAX_LEVELS = 10;
    static final long DEFAULT_START_TIME_NS = epochNanos(Instant.parse("2026-01-05T14:30:00Z"));
    static final int DEFAULT_BLOCK_SIZE_MB = 16;

    static final List<String> STRATEGY_KEYS =
            List.of(
                    "kind",
                    "threshold",
                    "order_qty",
                    "max_position",
                    "cooldown",
                    "min_confidence",
                    "sizing",
                    "notional",
                    "risk_fraction",
                    "kelly_fraction",
                    "kelly_cap",
                    "capital",
                    "take_profit_bps",
                    "stop_loss_bps",
                    "max_hold",
                    "in_flight_timeout",
                    "score_hold",
                    "flat_before_close",
                    "sentiment_weight");
    static final List<String> RISK_KEYS =
            List.of(
                    "max_order_qty",
                    "max_position",
                    "max_orders_per_second",
                    "max_orders_per_day",
                    "cooldown_after_fill",
                    "min_confidence",
                    "max_position_notional",
                    "max_gross_exposure",
                    "max_order_notional",
                    "price_band_bps",
                    "market_collar_bps",
                    "initial_cash",
                    "allow_short",
                    "t_plus_one_venues",
                    "daily_loss_limit",
                    "max_drawdown",
                    "on_loss",
                    "max_data_age",
                    "max_score_age",
                    "max_receive_age",
                    "clamp",
                    "instruments",
                    "enforce_sessions",
                    "trading_day_zone",
                    "trading_day_start",
                    "limit_currency",
                    "currency_rates");

    /**
     * The risk limits live trading needs written in the file (no defaults for live, BRIEF §7):
     * every limit on size, count, notional, price, loss and data age. Behaviour switches ({@code
     * clamp}, {@code allow_short}, {@code on_loss}), cash and the calendar are not limits.
     */
    static final List<String> LIVE_RISK_LIMITS =
            List.of(
                    "max_order_qty",
                    "max_position",
                    "max_orders_per_second",
                    "max_orders_per_day",
                    "max_position_notional",
                    "max_gross_exposure",
                    "max_order_notional",
                    "price_band_bps",
                    "market_collar_bps",
                    "daily_loss_limit",
                    "max_drawdown",
                    "max_data_age");

    static final Map<String, StrategyStage.Sizing> SIZINGS =
            names(StrategyStage.Sizing.values(), StrategyStage.Sizing::configName);
    private static final Map<String, Boolean> BOOLEANS =
            names(new Boolean[] {Boolean.TRUE, Boolean.FALSE}, String::valueOf);

    /** {@code on_loss}: true when a loss trip halts. */
    private static final Map<String, Boolean> ON_LOSS = onLoss();

    private static final Map<String, Mode> MODES = names(Mode.values(), Mode::configName);
    private static final Map<String, Drive> DRIVES = names(Drive.values(), Drive::configName);

    private ConfigBinder() {}

    static EngineConfig bind(MapNode root, Origin origin, Secrets secrets) {
        Fields top = Fields.of(root, ROOT_KEYS);
        RunConfig run =
                run(
                        top.section(
                                "run",
                                List.of("mode", "seed", "duration", "status_interval", "drive")));
        InstrumentRegistry instruments = InstrumentsBinder.bind(top, origin);
        RingConfig ring = ring(top.section("ring", List.of("size", "max_lag")));
        List<ThreadConfig> threads = ThreadLayout.bind(top);
        TimerConfig timer =
                new TimerConfig(
                        top.section("timer", List.of("period"))
                                .duration("period", DEFAULT_TIMER_PERIOD_NS));
        SourceConfig source =
                source(top.section("source", List.of("kind", "sim", "binance")), instruments);
        ModelContext model =
                model(
                        top.section(
                                "model",
                                List.of(
                                        "kind",
                                        "path",
                                        "levels",
                                        "window",
                                        "normalisation",
                                        "norm_mean",
                                        "norm_std",
                                        "class_order",
                                        "intra_op_threads",
                                        "optimization",
                                        "score_every",
                                        "min_interval",
                                        "output")));
        Fields overlayFields = top.section("overlay", OVERLAY_KEYS);
        StrategyContext strategy = strategy(top.section("strategy", STRATEGY_KEYS), overlayFields);
        Fields riskFields = top.section("risk", RISK_KEYS);
        RiskContext risk = risk(riskFields, instruments);
        PaperContext paper =
                paper(
                        run.seed(),
                        origin,
                        top.section(
                                "paper",
                                List.of(
                                        "latency",
                                        "jitter",
                                        "decision_latency",
                                        "order_latency",
                                        "cancel_latency",
                                        "queue_model",
                                        "queue_function",
                                        "trade_through")));
        Fields j = top.section("journal", List.of("block_size_mb", "min_free_mb"));
        JournalConfig journal =
                new JournalConfig(
                        j.integer("block_size_mb", DEFAULT_BLOCK_SIZE_MB, 1, 1024)
                                * JournalConfig.MIB,
                        j.integer("min_free_mb", JournalConfig.DEFAULT_MIN_FREE_MB, 0, 1 << 20)
                                * JournalConfig.MIB);
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
                origin.label(),
                secrets,
                ops(top),
                gateway(top, riskFields),
                overlay(overlayFields, origin));
    }

    /**
     * The {@code gateway} section, with the live risk limits the {@code risk} section left out (the
     * guard refuses a live start on them).
     */
    private static GatewayConfig gateway(Fields top, Fields risk) {
        Fields g = top.section("gateway", List.of("kind", "fix", "shadow"));
        String kind =
                g.choice(
                        "kind",
                        GatewayConfig.PAPER_KIND,
                        new LinkedHashMap<>(
                                Map.of(
                                        GatewayConfig.PAPER_KIND,
                                        GatewayConfig.PAPER_KIND,
                                        GatewayConfig.FIX_KIND,
                                        GatewayConfig.FIX_KIND)));
        Fields f =
                g.section(
                        "fix",
                        List.of(
                                "host",
                                "port",
                                "sender_comp_id",
                                "target_comp_id",
                                "heartbeat",
                                "reconnect_interval",
                                "account",
                                "message_log",
                                "mass_status",
                                "ack_timeout",
                                "status_timeout"));
        GatewayConfig.Fix d = GatewayConfig.PAPER.fix();
        boolean live = kind.equals(GatewayConfig.FIX_KIND);
        GatewayConfig.Fix fix =
                new GatewayConfig.Fix(
                        f.string("host", d.host()),
                        live
                                ? (int) f.requiredInteger("port", 1, 65535)
                                : (int) f.integer("port", 0, 0, 65535),
                        live ? f.requiredString("sender_comp_id") : f.string("sender_comp_id", ""),
                        live ? f.requiredString("target_comp_id") : f.string("target_comp_id", ""),
                        (int) (seconds(f, "heartbeat", d.heartbeatSeconds())),
                        (int) (seconds(f, "reconnect_interval", d.reconnectSeconds())),
                        f.string("account", ""),
                        bool(f, "message_log", false),
                        bool(f, "mass_status", d.massStatus()),
                        millis(f, "ack_timeout", d.ackTimeoutMs()),
                        millis(f, "status_timeout", d.statusTimeoutMs()));
        List<String> notSet = new ArrayList<>();
        for (String key : LIVE_RISK_LIMITS) {
            if (risk.get(key) == null) {
                notSet.add(key);
            }
        }
        boolean shadow = bool(g, "shadow", false);
        if (shadow && !live) {
            throw Fields.at(
                    g.get("shadow"),
                    "needs gateway.kind: fix (shadow mode measures the paper venue against a live"
                            + " one)");
        }
        return new GatewayConfig(kind, fix, notSet, shadow);
    }

    /** A duration key in whole milliseconds, at least 1 ms. */
    private static long millis(Fields f, String key, long defMs) {
        long ns = f.duration(key, defMs * 1_000_000L);
        if (ns < 1_000_000L || ns % 1_000_000L != 0) {
            throw f.here(key, "must be a whole number of milliseconds, at least 1ms");
        }
        return ns / 1_000_000L;
    }

    /** A duration key in whole seconds, at least 1. */
    private static long seconds(Fields f, String key, long defSeconds) {
        long ns = f.duration(key, defSeconds * 1_000_000_000L);
        if (ns < 1_000_000_000L || ns % 1_000_000_000L != 0) {
            throw f.here(key, "must be a whole number of seconds, at least 1s");
        }
        return ns / 1_000_000_000L;
    }

    static final List<String> OVERLAY_KEYS =
            List.of(
                    "enabled",
                    "news",
                    "provider",
                    "queue_capacity_kb",
                    "half_life",
                    "ttl",
                    "size_weight",
                    "threshold_shift");

    static final List<String> PROVIDER_KEYS =
            List.of(
                    "kind",
                    "name",
                    "base_url",
                    "model",
                    "api_key_env",
                    "air_gapped",
                    "timeout",
                    "max_retries",
                    "concurrency",
                    "rate_per_minute",
                    "daily_budget",
                    "input_cost_per_mtok",
                    "output_cost_per_mtok",
                    "min_headlines",
                    "window");

    /**
     * The {@code overlay} section but for its strategy keys (bound with the strategy); absent keys
     * take {@link OverlayConfig#DEFAULT}'s values. A relative news file resolves against the
     * configuration file's directory.
     */
    private static OverlayConfig overlay(Fields o, Origin origin) {
        OverlayConfig d = OverlayConfig.DEFAULT;
        Fields n = o.section("news", List.of("file", "rebase", "max_age", "feeds"));
        String file = n.string("file", d.news().file());
        java.util.function.Supplier<String> text = null;
        if (file.isEmpty()) {
            text = () -> ""; // no file: the feeds alone
        } else if (Path.of(file).isAbsolute()) {
            Origin at = new Origin.FileOrigin(Path.of(file));
            text = () -> newsText(at);
        } else {
            Origin at = origin.resolve(file).orElse(null);
            if (at != null) {
                text = () -> newsText(at);
            }
        }
        long maxAge = n.duration("max_age", d.news().maxAgeNs());
        if (maxAge < 0) {
            throw n.here("max_age", "must be >= 0");
        }
        OverlayConfig.News news =
                new OverlayConfig.News(
                        file, text, bool(n, "rebase", d.news().rebase()), maxAge, feeds(n));
        OverlayConfig.Provider dp = d.provider();
        Fields p = o.section("provider", PROVIDER_KEYS);
        String kind =
                p.choice(
                        "kind",
                        dp.kind(),
                        choices(
                                List.of(
                                        OverlayConfig.Provider.REPLAY_KIND,
                                        OverlayConfig.Provider.OPENAI_KIND)));
        long timeout = p.duration("timeout", dp.timeoutNs());
        if (timeout <= 0) {
            throw p.here("timeout", "must be positive");
        }
        long window = p.duration("window", dp.windowNs());
        if (window <= 0) {
            throw p.here("window", "must be positive");
        }
        OverlayConfig.Provider provider =
                new OverlayConfig.Provider(
                        kind,
                        p.string("name", kind.equals(dp.kind()) ? dp.name() : kind),
                        p.string("base_url", dp.baseUrl()),
                        p.string("model", dp.model()),
                        p.string("api_key_env", dp.apiKeyEnv()),
                        bool(p, "air_gapped", dp.airGapped()),
                        timeout,
                        (int) p.integer("max_retries", dp.maxRetries(), 0, 10),
                        (int) p.integer("concurrency", dp.concurrency(), 1, 64),
                        (int) p.integer("rate_per_minute", dp.ratePerMinute(), 1, 100_000),
                        micros(p, "daily_budget", dp.dailyBudgetMicros()),
                        micros(p, "input_cost_per_mtok", dp.inputCostPerMtokMicros()),
                        micros(p, "output_cost_per_mtok", dp.outputCostPerMtokMicros()),
                        (int) p.integer("min_headlines", dp.minHeadlines(), 1, 1000),
                        window);
        return new OverlayConfig(
                bool(o, "enabled", d.enabled()),
                news,
                provider,
                (int) o.integer("queue_capacity_kb", d.queueCapacity() >> 10, 4, 1 << 20) << 10);
    }

    /** {@code overlay.news.feeds}: a list of {@code {url, symbols, interval}}. */
    private static List<OverlayConfig.Feed> feeds(Fields n) {
        List<OverlayConfig.Feed> feeds = new ArrayList<>();
        ListNode list = n.list("feeds");
        if (list == null) {
            return feeds;
        }
        for (Node item : list.items()) {
            Fields f = Fields.of(item, List.of("url", "symbols", "interval"));
            String url = f.string("url", null);
            if (url == null) {
                throw f.here("url", "missing: the feed's http(s) URL");
            }
            if (okhttp3.HttpUrl.parse(url) == null) {
                throw f.here("url", "not an http(s) URL: " + url);
            }
            List<String> symbols = new ArrayList<>();
            ListNode s = f.list("symbols");
            if (s != null) {
                for (Node sym : s.items()) {
                    symbols.add(Fields.text(sym));
                }
            }
            if (symbols.isEmpty()) {
                throw f.here("symbols", "missing: the instruments the feed's items are about");
            }
            long interval = f.duration("interval", 60_000_000_000L);
            if (interval < 1_000_000_000L) {
                throw f.here("interval", "must be at least 1s");
            }
            feeds.add(new OverlayConfig.Feed(url, symbols, interval));
        }
        return feeds;
    }

    private static String newsText(Origin at) {
        return at.read()
                .orElseThrow(
                        () ->
                                new io.tickring.adapters.news.NewsFormatException(
                                        at.label() + ": overlay.news.file: no such file"));
    }

    /** A non-negative amount of money as millionths. */
    private static long micros(Fields f, String key, long def) {
        BigDecimal v = f.decimal(key, null);
        if (v == null) {
            return def;
        }
        if (v.signum() < 0 || v.compareTo(BigDecimal.valueOf(1_000_000_000L)) > 0) {
            throw Fields.at(
                    f.get(key), "out of range: " + v.toPlainString() + " (expected 0..1000000000)");
        }
        return v.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
    }

    /** The {@code ops} section; absent keys take {@link OpsConfig#DEFAULT}'s values. */
    static OpsConfig ops(Fields top) {
        OpsConfig d = OpsConfig.DEFAULT;
        Fields o = top.section("ops", List.of("stop", "metrics", "admin", "log", "latency_log"));
        Fields s = o.section("stop", List.of("timeout", "cancel_orders"));
        long timeout = s.duration("timeout", d.stop().timeoutNs());
        if (timeout <= 0) {
            throw s.here("timeout", "must be positive");
        }
        OpsConfig.Stop stop =
                new OpsConfig.Stop(timeout, bool(s, "cancel_orders", d.stop().cancelOrders()));
        Fields l = o.section("log", List.of("dir", "max_file_mb", "max_history_days"));
        OpsConfig.Log log =
                new OpsConfig.Log(
                        l.string("dir", d.log().dir()),
                        l.integer("max_file_mb", d.log().maxFileBytes() >> 20, 1, 1 << 20) << 20,
                        (int) l.integer("max_history_days", d.log().maxHistoryDays(), 1, 3650));
        Fields ll = o.section("latency_log", List.of("enabled", "dir", "interval"));
        long interval = ll.duration("interval", d.latencyLog().intervalNs());
        if (interval < 1_000_000) {
            throw ll.here("interval", "must be at least 1ms");
        }
        OpsConfig.LatencyLog latencyLog =
                new OpsConfig.LatencyLog(
                        bool(ll, "enabled", d.latencyLog().enabled()),
                        ll.string("dir", d.latencyLog().dir()),
                        interval);
        return new OpsConfig(
                stop,
                endpoint(o, "metrics", d.metrics()),
                endpoint(o, "admin", d.admin()),
                log,
                latencyLog);
    }

    private static OpsConfig.Endpoint endpoint(Fields ops, String key, OpsConfig.Endpoint d) {
        Fields e = ops.section(key, List.of("enabled", "bind", "port"));
        return new OpsConfig.Endpoint(
                bool(e, "enabled", d.enabled()),
                e.string("bind", d.bind()),
                (int) e.integer("port", d.port(), 0, 65535));
    }

    private static final Map<String, PaperGateway.QueueModel> QUEUE_MODELS =
            names(PaperGateway.QueueModel.values(), PaperGateway.QueueModel::configName);

    /**
     * The paper venue: latency, and its fill assumptions by name (see config/README.md, the paper
     * section); the jitter's seed is the run's.
     */
    private static PaperContext paper(long seed, Origin origin, Fields f) {
        PaperContext c = new PaperContext().seed(seed);
        c.latencyNs(f.duration("latency", c.latencyNs()))
                .jitterNs(f.duration("jitter", c.jitterNs()));
        Node dl = f.get("decision_latency");
        if (dl != null) {
            c.decisionLatency(latencyModel(dl, origin));
        }
        Node ol = f.get("order_latency");
        if (ol != null) {
            c.orderLatency(latencyModel(ol, origin));
        }
        Node cl = f.get("cancel_latency");
        if (cl != null) {
            c.cancelLatency(latencyModel(cl, origin));
        }
        c.queueModel(f.choice("queue_model", c.queueModel(), QUEUE_MODELS));
        Node qf = f.get("queue_function");
        if (qf != null) {
            String[] w = Fields.text(qf).trim().split("\\s+");
            if (w.length == 1 && w[0].equals("log")) {
                c.queueFunction(PaperGateway.QueueFunction.LOG);
            } else if (w.length == 2 && w[0].equals("power")) {
                c.queueFunction(PaperGateway.QueueFunction.POWER)
                        .queuePower(
                                positiveNumber(
                                        qf,
                                        w[1],
                                        "power N with N a number > 0, e.g. power 2; or log"));
            } else {
                throw Fields.at(
                        qf,
                        "unknown value \""
                                + Fields.text(qf)
                                + "\" (power N, e.g. power 2; or log)");
            }
        }
        Node tt = f.get("trade_through");
        if (tt != null) {
            String[] w = Fields.text(tt).trim().split("\\s+");
            String expected =
                    "print-size, full or penetration N with N whole ticks >= 1, e.g. penetration 1";
            if (w.length == 1 && w[0].equals(PaperGateway.TradeThrough.PRINT_SIZE.configName())) {
                c.tradeThrough(PaperGateway.TradeThrough.PRINT_SIZE);
            } else if (w.length == 1 && w[0].equals(PaperGateway.TradeThrough.FULL.configName())) {
                c.tradeThrough(PaperGateway.TradeThrough.FULL);
            } else if (w.length == 2
                    && w[0].equals(PaperGateway.TradeThrough.PENETRATION.configName())
                    && w[1].matches("[0-9]{1,6}")
                    && Integer.parseInt(w[1]) >= 1) {
                c.tradeThrough(PaperGateway.TradeThrough.PENETRATION)
                        .penetrationTicks(Integer.parseInt(w[1]));
            } else {
                throw Fields.at(tt, "unknown value \"" + Fields.text(tt) + "\" (" + expected + ")");
            }
        }
        return conclude(f, c::conclude);
    }

    /** What a latency model looks like, for error messages. */
    static final String LATENCY_EXPECTED =
            "a duration, constant D, uniform LO HI, lognormal MEDIAN P99, histogram FILE or"
                    + " recorded FILE, e.g. lognormal 800us 3ms";

    /**
     * A latency model from its words: {@code 1ms} or {@code constant 1ms}, {@code uniform 100us
     * 300us}, {@code lognormal 800us 3ms} (median, 99th percentile), {@code recorded FILE} (a
     * relative path resolves against the configuration file's directory), or {@code recorded FILE
     * rows=N sha256=HEX} as the SESSION record's JSON writes it, checked against the file.
     */
    static LatencyModel latencyModel(Node n, Origin origin) {
        String[] w = Fields.text(n).trim().split("\\s+");
        try {
            if (w.length == 1) {
                return LatencyModel.constant(Durations.parseNanos(w[0]));
            }
            if (w.length == 2 && w[0].equals(LatencyModel.Kind.CONSTANT.configName())) {
                return LatencyModel.constant(Durations.parseNanos(w[1]));
            }
            if (w.length == 3 && w[0].equals(LatencyModel.Kind.UNIFORM.configName())) {
                return LatencyModel.uniform(Durations.parseNanos(w[1]), Durations.parseNanos(w[2]));
            }
            if (w.length == 3 && w[0].equals(LatencyModel.Kind.LOGNORMAL.configName())) {
                return LatencyModel.lognormal(
                        Durations.parseNanos(w[1]), Durations.parseNanos(w[2]));
            }
            if ((w.length == 2 || w.length == 4)
                    && w[0].equals(LatencyModel.Kind.HISTOGRAM.configName())) {
                Path file = Path.of(w[1]);
                if (!file.isAbsolute()
                        && origin instanceof Origin.FileOrigin fo
                        && fo.path().toAbsolutePath().getParent() != null) {
                    file = fo.path().toAbsolutePath().getParent().resolve(file);
                }
                LatencyModel m = histogramLog(file);
                if (w.length == 4
                        && !(w[2].equals("stages=" + m.rows())
                                && w[3].equals("sha256=" + m.digest()))) {
                    throw Fields.at(
                            n,
                            file
                                    + " has changed: stages="
                                    + m.rows()
                                    + " sha256="
                                    + m.digest()
                                    + ", recorded "
                                    + w[2]
                                    + " "
                                    + w[3]);
                }
                return m;
            }
            if ((w.length == 2 || w.length == 4)
                    && w[0].equals(LatencyModel.Kind.RECORDED.configName())) {
                Path file = Path.of(w[1]);
                if (!file.isAbsolute()
                        && origin instanceof Origin.FileOrigin fo
                        && fo.path().toAbsolutePath().getParent() != null) {
                    file = fo.path().toAbsolutePath().getParent().resolve(file);
                }
                LatencyModel m = LatencyModel.readRecorded(file);
                // A recorded configuration (the SESSION record's JSON) names the rows it was run
                // with: the file must still hold them, or the replay would simulate other times.
                if (w.length == 4
                        && !(w[2].equals("rows=" + m.rows())
                                && w[3].equals("sha256=" + m.digest()))) {
                    throw Fields.at(
                            n,
                            file
                                    + " has changed: "
                                    + "rows="
                                    + m.rows()
                                    + " sha256="
                                    + m.digest()
                                    + ", recorded "
                                    + w[2]
                                    + " "
                                    + w[3]);
                }
                return m;
            }
        } catch (IllegalArgumentException e) {
            throw Fields.at(n, e.getMessage());
        }
        throw Fields.at(
                n, "unknown value \"" + Fields.text(n) + "\" (expected " + LATENCY_EXPECTED + ")");
    }

    /** Values per stage taken from a histogram: the midpoints of this many percentile steps. */
    static final int HISTOGRAM_STEPS = 1000;

    /**
     * A per-stage latency model from an HdrHistogram log ({@code HistogramLogWriter}'s format):
     * intervals with the same tag are one stage (an untagged interval is the stage ""), added
     * together; stages in the order their first interval appears. Values are nanoseconds.
     */
    static LatencyModel histogramLog(Path file) {
        java.util.LinkedHashMap<String, org.HdrHistogram.Histogram> byTag =
                new java.util.LinkedHashMap<>();
        try (org.HdrHistogram.HistogramLogReader r =
                new org.HdrHistogram.HistogramLogReader(file.toFile())) {
            while (r.hasNext()) {
                org.HdrHistogram.EncodableHistogram h = r.nextIntervalHistogram();
                if (h == null) {
                    break;
                }
                if (!(h instanceof org.HdrHistogram.Histogram hist)) {
                    throw new IllegalArgumentException(
                            file + ": only integer-valued histograms are read");
                }
                String tag = h.getTag() == null ? "" : h.getTag();
                org.HdrHistogram.Histogram sum = byTag.get(tag);
                if (sum == null) {
                    byTag.put(tag, hist.copy());
                } else {
                    sum.add(hist);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException(
                    file + ": not a readable HdrHistogram log (" + e.getMessage() + ")");
        }
        if (byTag.isEmpty()) {
            throw new IllegalArgumentException(file + ": no histograms");
        }
        long[][] stages = new long[byTag.size()][];
        int i = 0;
        for (Map.Entry<String, org.HdrHistogram.Histogram> e : byTag.entrySet()) {
            org.HdrHistogram.Histogram h = e.getValue();
            if (h.getTotalCount() == 0) {
                throw new IllegalArgumentException(
                        file + ": stage \"" + e.getKey() + "\" has no values");
            }
            long[] v = new long[HISTOGRAM_STEPS];
            for (int k = 0; k < HISTOGRAM_STEPS; k++) {
                v[k] = h.getValueAtPercentile(100.0 * (k + 0.5) / HISTOGRAM_STEPS);
            }
            // Percentile lookups are monotone, but make the table's order explicit.
            java.util.Arrays.sort(v);
            stages[i++] = v;
        }
        return LatencyModel.histogram(file.toString(), stages);
    }

    private static double positiveNumber(Node n, String word, String expected) {
        if (!word.matches("[0-9]{1,3}(\\.[0-9]{1,6})?")) {
            throw Fields.at(n, "not a number: \"" + word + "\" (" + expected + ")");
        }
        double v = Double.parseDouble(word);
        if (!(v > 0) || v > 100) {
            throw Fields.at(n, "out of range: " + word + " (" + expected + ", at most 100)");
        }
        return v;
    }

    private static RunConfig run(Fields f) {
        Mode mode = f.choice("mode", DEFAULT_MODE, MODES);
        long seed = f.integer("seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        long duration = f.duration("duration", DEFAULT_DURATION_NS);
        long status = f.duration("status_interval", DEFAULT_STATUS_INTERVAL_NS);
        Drive drive = f.choice("drive", Drive.AUTO, DRIVES);
        return new RunConfig(mode, seed, duration, status, drive);
    }

    private static RingConfig ring(Fields f) {
        long size = f.integer("size", DEFAULT_RING_SIZE, RingConfig.MIN_SIZE, RingConfig.MAX_SIZE);
        if (Long.bitCount(size) != 1) {
            throw Fields.at(f.get("size"), "not a power of two: " + size);
        }
        return new RingConfig((int) size, f.duration("max_lag", 0));
    }

    private static SourceConfig source(Fields f, InstrumentRegistry registry) {
        String kind = f.choice("kind", SOURCE_SIM, SOURCE_KINDS);
        Fields sim =
                f.section(
                        "sim", List.of("instruments", "events_per_second", "levels", "start_time"));
        List<String> symbols = simInstruments(sim, registry);
        long eps =
                sim.integer(
                        "events_per_second", DEFAULT_EVENTS_PER_SECOND, 1, MAX_EVENTS_PER_SECOND);
        int levels = (int) sim.integer("levels", DEFAULT_LEVELS, 1, MAX_LEVELS);
        long start = sim.instantNanos("start_time", DEFAULT_START_TIME_NS);
        Fields b =
                f.section(
                        "binance",
                        List.of(
                                "url",
                                "streams",
                                "quantity_scale",
                                "depth",
                                "stale_after",
                                "market",
                                "rest_url",
                                "snapshot_limit"));
        String url = b.string("url", BinanceSourceConfig.DEFAULT_URL);
        if (!url.startsWith("ws://") && !url.startsWith("wss://")) {
            throw b.here("url", "not a WebSocket URL (ws:// or wss://): " + url);
        }
        List<String> streams = new ArrayList<>();
        ListNode list = b.list("streams");
        if (list != null) {
            for (Node item : list.items()) {
                streams.add(Fields.text(item));
            }
        }
        if (kind.equals(SOURCE_BINANCE) && streams.isEmpty()) {
            throw f.here(
                    "binance",
                    "source.kind is binance: list the streams, e.g. [btcusdt@depth5@100ms, btcusdt@trade]");
        }
        int qtyScale = binanceQuantityScale(b);
        int depth = (int) b.integer("depth", DEFAULT_LEVELS, 1, MAX_LEVELS);
        long stale = b.duration("stale_after", 10_000_000_000L);
        String market = b.string("market", BinanceSourceConfig.REGISTRY).toLowerCase(Locale.ROOT);
        if (!BinanceSourceConfig.MARKETS.contains(market)) {
            throw b.here("market", "must be spot, usdm, coinm or registry, got " + market);
        }
        String restUrl = b.string("rest_url", "");
        if (!restUrl.isEmpty()
                && !restUrl.startsWith("http://")
                && !restUrl.startsWith("https://")) {
            throw b.here("rest_url", "not an HTTP URL (http:// or https://): " + restUrl);
        }
        int snapshotLimit =
                (int)
                        b.integer(
                                "snapshot_limit",
                                BinanceSourceConfig.DEFAULT_SNAPSHOT_LIMIT,
                                1,
                                BinanceSourceConfig.MAX_SNAPSHOT_LIMIT);
        return new SourceConfig(
                kind,
                new SimSourceConfig(symbols, eps, levels, start),
                new BinanceSourceConfig(
                        url, streams, qtyScale, depth, stale, market, restUrl, snapshotLimit));
    }

    /**
     * {@code quantity_scale}: a number of decimals for every instrument, or {@code registry} (the
     * default) for each instrument's own {@code qty_scale}, which matches the venue's step size.
     */
    private static int binanceQuantityScale(Fields b) {
        Node n = b.get("quantity_scale");
        if (n == null) {
            return BinanceSourceConfig.REGISTRY_QTY_SCALE;
        }
        if (n instanceof ScalarNode s
                && s.kind() != Node.Kind.NULL
                && s.text().trim().equalsIgnoreCase(BinanceSourceConfig.REGISTRY)) {
            return BinanceSourceConfig.REGISTRY_QTY_SCALE;
        }
        return (int) Fields.integer(n, 0, 18);
    }

    private static List<String> simInstruments(Fields sim, InstrumentRegistry registry) {
        ListNode list = sim.list("instruments");
        List<String> symbols = new ArrayList<>();
        if (list == null) {
            for (Instrument i : registry.all()) {
                if (i.venue().equals(SIM_VENUE)) {
                    symbols.add(i.symbol());
                }
            }
            if (symbols.isEmpty()) {
                throw sim.here(
                        "instruments",
                        "no instruments to simulate: the registry has none with venue SIM, so list some");
            }
            return symbols;
        }
        if (list.items().isEmpty()) {
            throw Fields.at(list, "no instruments to simulate: list at least one symbol");
        }
        Map<String, String> seen = new HashMap<>();
        for (Node item : list.items()) {
            String symbol = Fields.text(item);
            if (registry.bySymbol(symbol) == null) {
                throw Fields.at(
                        item,
                        "unknown instrument \"" + symbol + "\" (not in the instrument registry)");
            }
            String first = seen.putIfAbsent(symbol, item.path());
            if (first != null) {
                throw Fields.at(
                        item, "duplicate instrument \"" + symbol + "\" (also " + first + ")");
            }
            symbols.add(symbol);
        }
        return symbols;
    }

    private static ModelContext model(Fields f) {
        // Each key's default is the context's.
        ModelContext c = new ModelContext();
        c.kind(f.choice("kind", c.kind(), choices(ModelContext.KINDS)));
        c.path(f.string("path", c.path()));
        if (c.kind().equals(ModelContext.ONNX) && c.path().isEmpty()) {
            Node n = f.get("path");
            String problem = "required when model.kind is onnx (or set TICKRING_MODEL_PATH)";
            throw n == null ? f.here("path", problem) : Fields.at(n, problem);
        }
        c.levels((int) f.integer("levels", c.levels(), 1, 10))
                .window((int) f.integer("window", c.window(), 1, ModelContext.MAX_WINDOW))
                .normalisation(
                        f.choice(
                                "normalisation",
                                c.normalisation(),
                                choices(ModelContext.NORMALISATIONS)));
        List<Double> mean = decimals(f, "norm_mean", 4 * c.levels());
        List<Double> std = decimals(f, "norm_std", 4 * c.levels());
        if (mean.isEmpty() != std.isEmpty()) {
            throw f.here(
                    mean.isEmpty() ? "norm_mean" : "norm_std",
                    "norm_mean and norm_std go together");
        }
        for (int i = 0; i < std.size(); i++) {
            if (!(std.get(i) > 0)) {
                throw Fields.at(f.list("norm_std").items().get(i), "must be > 0");
            }
        }
        c.normMean(mean).normStd(std);
        ListNode order = f.list("class_order");
        if (order != null) {
            List<String> names = new ArrayList<>();
            for (Node n : order.items()) {
                String name = Fields.text(n);
                if (!ModelContext.CLASS_ORDER.contains(name) || names.contains(name)) {
                    throw Fields.at(
                            n, "\"" + name + "\": class_order is a permutation of up, flat, down");
                }
                names.add(name);
            }
            if (names.size() != 3) {
                throw Fields.at(order, "class_order is a permutation of up, flat, down");
            }
            c.classOrder(names);
        }
        c.intraOpThreads(
                        (int)
                                f.integer(
                                        "intra_op_threads",
                                        c.intraOpThreads(),
                                        1,
                                        ModelContext.MAX_INTRA_OP_THREADS))
                .optimization(
                        f.choice(
                                "optimization",
                                c.optimization(),
                                choices(ModelContext.OPTIMIZATIONS)))
                .scoreEvery(
                        (int)
                                f.integer(
                                        "score_every",
                                        c.scoreEvery(),
                                        1,
                                        ModelContext.MAX_SCORE_EVERY))
                .minIntervalNs(f.duration("min_interval", c.minIntervalNs()));
        String output = f.string("output", c.output());
        if (!output.isEmpty() && !ModelContext.OUTPUTS.contains(output)) {
            throw Fields.at(
                    f.get("output"),
                    "unknown value \"" + output + "\" (one of logits, probabilities)");
        }
        c.output(output);
        return conclude(f, c::conclude);
    }

    private static Map<String, String> choices(List<String> names) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, n);
        }
        return m;
    }

    /** A list of decimals that must hold {@code size} values when present; empty when absent. */
    private static List<Double> decimals(Fields f, String key, int size) {
        ListNode l = f.list(key);
        if (l == null || l.items().isEmpty()) {
            return List.of();
        }
        if (l.items().size() != size) {
            throw Fields.at(
                    l, "expected " + size + " values (4 x model.levels), got " + l.items().size());
        }
        List<Double> out = new ArrayList<>();
        for (Node n : l.items()) {
            out.add(Fields.decimal(n).doubleValue());
        }
        return out;
    }

    private static StrategyContext strategy(Fields f, Fields overlay) {
        StrategyContext c = new StrategyContext();
        String microprice = StrategyContext.MICROPRICE;
        c.kind(f.choice("kind", microprice, Map.of(microprice, microprice)));
        BigDecimal threshold = f.decimal("threshold", BigDecimal.valueOf(c.threshold()));
        if (threshold.signum() <= 0 || threshold.compareTo(BigDecimal.ONE) > 0) {
            throw Fields.at(
                    f.get("threshold"),
                    "out of range: "
                            + threshold.toPlainString()
                            + " (expected 0 < threshold <= 1)");
        }
        c.threshold(threshold.doubleValue())
                .orderQty(f.integer("order_qty", c.orderQty(), 1, Long.MAX_VALUE))
                .maxPosition(f.integer("max_position", c.maxPosition(), 1, Long.MAX_VALUE))
                .cooldownNs(f.duration("cooldown", c.cooldownNs()))
                .minConfidence(decimal(f, "min_confidence", c.minConfidence(), 0, 1))
                .sizing(f.choice("sizing", c.sizing(), SIZINGS))
                .notional(decimal(f, "notional", c.notional(), 0, Double.MAX_VALUE))
                .riskFraction(decimal(f, "risk_fraction", c.riskFraction(), 0, 1))
                .kellyFraction(decimal(f, "kelly_fraction", c.kellyFraction(), 0, 1))
                .kellyCap(decimal(f, "kelly_cap", c.kellyCap(), 0, 1))
                .capital(decimal(f, "capital", c.capital(), 0, Double.MAX_VALUE))
                .takeProfitBps(decimal(f, "take_profit_bps", c.takeProfitBps(), 0, 1_000_000))
                .stopLossBps(decimal(f, "stop_loss_bps", c.stopLossBps(), 0, 1_000_000))
                .maxHoldNs(f.duration("max_hold", c.maxHoldNs()))
                .inFlightTimeoutNs(f.duration("in_flight_timeout", c.inFlightTimeoutNs()))
                .scoreHoldNs(f.duration("score_hold", c.scoreHoldNs()))
                .flatBeforeCloseNs(f.duration("flat_before_close", c.flatBeforeCloseNs()))
                .sentimentWeight(decimal(f, "sentiment_weight", c.sentimentWeight(), -10, 10))
                .sentimentHalfLifeNs(overlay.duration("half_life", c.sentimentHalfLifeNs()))
                .sentimentTtlNs(overlay.duration("ttl", c.sentimentTtlNs()))
                .sentimentSizeWeight(decimal(overlay, "size_weight", c.sentimentSizeWeight(), 0, 1))
                .sentimentThresholdShift(
                        decimal(overlay, "threshold_shift", c.sentimentThresholdShift(), 0, 1));
        try {
            return c.conclude();
        } catch (ParameterException e) {
            Fields at = e.section().equals("overlay") ? overlay : f;
            Node n = at.get(e.key());
            throw n == null ? at.here(e.key(), e.problem()) : Fields.at(n, e.problem());
        }
    }

    /**
     * Concludes a stage context; a value it refuses becomes a configuration error at the key's line
     * (or the section's, for an absent key), so the rules between keys live in the context alone.
     */
    private static <T> T conclude(Fields f, java.util.function.Supplier<T> conclude) {
        try {
            return conclude.get();
        } catch (ParameterException e) {
            Node n = f.get(e.key());
            throw n == null ? f.here(e.key(), e.problem()) : Fields.at(n, e.problem());
        }
    }

    /** A decimal in [min, max], read from the text. */
    private static double decimal(Fields f, String key, double def, double min, double max) {
        BigDecimal v = f.decimal(key, null);
        if (v == null) {
            return def;
        }
        double d = v.doubleValue();
        if (d < min || d > max) {
            throw Fields.at(
                    f.get(key),
                    "out of range: "
                            + v.toPlainString()
                            + " (expected "
                            + BigDecimal.valueOf(min).stripTrailingZeros().toPlainString()
                            + ".."
                            + (max == Double.MAX_VALUE
                                    ? ""
                                    : BigDecimal.valueOf(max).stripTrailingZeros().toPlainString())
                            + ")");
        }
        return d;
    }

    private static boolean bool(Fields f, String key, boolean def) {
        return f.choice(key, def, BOOLEANS);
    }

    private static List<String> strings(Fields f, String key) {
        ListNode list = f.list(key);
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (Node item : list.items()) {
                out.add(Fields.text(item));
            }
        }
        return out;
    }

    /**
     * {@code currency_rates: {BTC: 60000, CNY: 0.14}}: limit currency per unit of each currency,
     * &gt; 0.
     */
    private static Map<String, Double> currencyRates(Node n) {
        Map<String, Double> rates = new java.util.TreeMap<>();
        if (n == null || Fields.isNull(n)) {
            return rates;
        }
        if (!(n instanceof Node.MapNode m)) {
            throw Fields.at(
                    n,
                    "expected a map of currency to rate, e.g. {BTC: 60000}, got " + n.describe());
        }
        for (Node.Entry e : m.entries().values()) {
            java.math.BigDecimal v = Fields.decimal(e.value());
            if (v.signum() <= 0) {
                throw Fields.at(e.value(), "must be > 0: " + v.toPlainString());
            }
            rates.put(e.key(), v.doubleValue());
        }
        return rates;
    }

    private static RiskContext risk(Fields f, InstrumentRegistry registry) {
        // Each key's default is the context's.
        RiskContext c = new RiskContext();
        c.maxOrderQty(f.integer("max_order_qty", c.maxOrderQty(), 1, Long.MAX_VALUE))
                .maxPosition(f.integer("max_position", c.maxPosition(), 1, Long.MAX_VALUE))
                .maxOrdersPerSecond(
                        (int)
                                f.integer(
                                        "max_orders_per_second",
                                        c.maxOrdersPerSecond(),
                                        1,
                                        Integer.MAX_VALUE))
                .maxOrdersPerDay(
                        f.integer("max_orders_per_day", c.maxOrdersPerDay(), 0, Long.MAX_VALUE))
                .cooldownAfterFillNs(f.duration("cooldown_after_fill", c.cooldownAfterFillNs()))
                .minConfidence(decimal(f, "min_confidence", c.minConfidence(), 0, 1))
                .maxPositionNotional(
                        decimal(
                                f,
                                "max_position_notional",
                                c.maxPositionNotional(),
                                0,
                                Double.MAX_VALUE))
                .maxGrossExposure(
                        decimal(f, "max_gross_exposure", c.maxGrossExposure(), 0, Double.MAX_VALUE))
                .maxOrderNotional(
                        decimal(f, "max_order_notional", c.maxOrderNotional(), 0, Double.MAX_VALUE))
                .priceBandBps(decimal(f, "price_band_bps", c.priceBandBps(), 0, 1_000_000))
                .marketCollarBps(decimal(f, "market_collar_bps", c.marketCollarBps(), 0.01, 5_000))
                .initialCash(decimal(f, "initial_cash", c.initialCash(), 0, Double.MAX_VALUE))
                .allowShort(bool(f, "allow_short", c.allowShort()))
                .tPlusOneVenues(strings(f, "t_plus_one_venues"))
                .dailyLossLimit(
                        decimal(f, "daily_loss_limit", c.dailyLossLimit(), 0, Double.MAX_VALUE))
                .maxDrawdown(decimal(f, "max_drawdown", c.maxDrawdown(), 0, Double.MAX_VALUE))
                .lossHalts(f.choice("on_loss", c.lossHalts(), ON_LOSS))
                .maxDataAgeNs(f.duration("max_data_age", c.maxDataAgeNs()))
                .maxScoreAgeNs(f.duration("max_score_age", c.maxScoreAgeNs()))
                .maxReceiveAgeNs(f.duration("max_receive_age", c.maxReceiveAgeNs()))
                .clamp(bool(f, "clamp", c.clamp()))
                .instruments(strings(f, "instruments"));
        ListNode allowed = f.list("instruments");
        if (allowed != null) {
            for (Node item : allowed.items()) {
                if (registry.bySymbol(Fields.text(item)) == null) {
                    throw Fields.at(
                            item,
                            "unknown instrument \""
                                    + Fields.text(item)
                                    + "\" (not in the instrument registry)");
                }
            }
        }
        c.limitCurrency(f.string("limit_currency", c.limitCurrency()));
        c.currencyRates(currencyRates(f.get("currency_rates")));
        if (!c.limitCurrency().isEmpty()) {
            // Every instrument the gate may trade needs a way into the limit currency.
            for (io.tickring.core.instrument.Instrument i : registry.all()) {
                String ccy = i.settlementCurrency();
                boolean tradable =
                        c.instruments().isEmpty() || c.instruments().contains(i.symbol());
                if (tradable
                        && !ccy.equals(c.limitCurrency())
                        && !c.currencyRates().containsKey(ccy)) {
                    Node at =
                            f.get("currency_rates") != null
                                    ? f.get("currency_rates")
                                    : f.get("limit_currency");
                    throw Fields.at(
                            at,
                            "no rate for "
                                    + ccy
                                    + " (instrument "
                                    + i.symbol()
                                    + ") into limit_currency "
                                    + c.limitCurrency());
                }
            }
        }
        c.enforceSessions(bool(f, "enforce_sessions", c.enforceSessions()));
        c.tradingDayZone(f.string("trading_day_zone", c.tradingDayZone()));
        String start = f.string("trading_day_start", "00:00");
        if (!start.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
            throw Fields.at(
                    f.get("trading_day_start"),
                    "expected HH:MM in 00:00..23:59, got \"" + start + "\"");
        }
        c.tradingDayStartMinute(
                Integer.parseInt(start.substring(0, 2)) * 60
                        + Integer.parseInt(start.substring(3)));
        return conclude(f, c::conclude);
    }

    static long epochNanos(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }

    private static Map<String, Boolean> onLoss() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("halt", Boolean.TRUE);
        m.put("reduce", Boolean.FALSE);
        return Collections.unmodifiableMap(m);
    }

    private static <T> Map<String, T> names(T[] values, Function<T, String> name) {
        Map<String, T> m = new LinkedHashMap<>();
        for (T v : values) {
            m.put(name.apply(v), v);
        }
        return Collections.unmodifiableMap(m);
    }
}
