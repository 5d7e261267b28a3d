package io.tickring.engine.ops.admin;

import io.tickring.core.EventType;
import io.tickring.core.KillSwitch;
import io.tickring.core.RiskReason;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.ingress.EventQueue;
import io.tickring.engine.ops.EngineFigures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The running engine's status as the admin API and the status page show it: trading state, counts,
 * positions, PnL, rejects by reason, drops, feed and gateway. Read from the admin threads through
 * {@link EngineFigures} (the figures {@code /metrics} reads), off the hot path; each call allocates
 * a fresh map.
 *
 * <p>Every figure is exact as of the stage's last publication: counters at once, positions and PnL
 * on every fill and TIMER.
 */
public final class EngineStatus implements Supplier<Map<String, Object>> {
    private final EngineFigures figures;
    private final EngineConfig cfg;
    private final List<Instrument> instruments;
    private final EventQueue control;
    private final KillSwitch killSwitch;
    private volatile io.tickring.engine.ops.metrics.StageLatencies latencies;
    private final long startedNs = System.nanoTime();
    private final long startedWallMs = System.currentTimeMillis();

    /**
     * @param figures the engine's figures, built with {@code cfg}'s instruments
     * @param control the control queue (its refusals are drops of operator commands)
     * @param killSwitch the kill latch: tripped, the state is {@code KILLED}
     */
    public EngineStatus(
            EngineFigures figures, EngineConfig cfg, EventQueue control, KillSwitch killSwitch) {
        this.figures = figures;
        this.cfg = cfg;
        this.instruments = shown(cfg);
        this.control = control;
        this.killSwitch = killSwitch;
    }

    /**
     * Shows each stage's latency percentiles from the stage timers {@code /metrics} installs
     * ({@code ops.metrics.enabled}); without them the status says the engine does not measure it.
     */
    public EngineStatus latencies(io.tickring.engine.ops.metrics.StageLatencies l) {
        this.latencies = l;
        return this;
    }

    /** The instruments the feed trades (the simulator's list), else every registered one. */
    private static List<Instrument> shown(EngineConfig cfg) {
        List<Instrument> l = new ArrayList<>();
        if (cfg.source().kind().equals("sim") && cfg.source().sim() != null) {
            for (String s : cfg.source().sim().instruments()) {
                l.add(cfg.instruments().bySymbol(s));
            }
            return l;
        }
        return cfg.instruments().all();
    }

    /**
     * The trading state: {@code KILLED} once the kill latch is tripped (until rearmed), else the
     * risk gate's {@code ACTIVE}, {@code REDUCING} or {@code HALTED}; {@code STOPPED} once the run
     * has finished.
     */
    String state() {
        if (killSwitch.tripped()) {
            return "KILLED";
        }
        if (!figures.running()) {
            return "STOPPED";
        }
        return figures.tradingState();
    }

    @Override
    public Map<String, Object> get() {
        Map<String, Object> m = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        m.put("state", state());
        m.put("kill_switch", killSwitch.tripped() ? "tripped" : "armed");
        m.put("mode", cfg.run().mode().name().toLowerCase(Locale.ROOT));
        m.put("time", Instant.ofEpochMilli(now).toString());
        m.put("started", Instant.ofEpochMilli(startedWallMs).toString());
        m.put("uptime_s", (System.nanoTime() - startedNs) / 1_000_000 / 1000.0);
        m.put("events", figures.events());
        Map<String, Object> byType = new LinkedHashMap<>();
        for (int t : EngineFigures.inputTypes()) {
            byType.put(EventType.name(t), figures.events(t));
        }
        m.put("events_by_type", byType);
        m.put("decisions", figures.decisions());
        m.put("orders", figures.orders());
        m.put("fills", figures.fills());
        m.put("rejects", figures.rejects());
        Map<String, Object> byReason = new LinkedHashMap<>();
        for (int r = 0; r < RiskReason.COUNT; r++) {
            long n = figures.rejects(r);
            if (n > 0) {
                byReason.put(RiskReason.name(r), n);
            }
        }
        m.put("rejects_by_reason", byReason);
        Map<String, Object> positions = new LinkedHashMap<>();
        // The snapshot the router publishes for other threads (every fill and TIMER), by the
        // figures' instrument order.
        List<Instrument> all = figures.instruments();
        for (Instrument i : instruments) {
            positions.put(i.symbol(), figures.positionQty(all.indexOf(i)));
        }
        m.put("positions", positions);
        m.put("gross_position", figures.grossPosition());
        m.put("pnl", figures.pnl());
        m.put("daily_pnl", figures.dailyPnl());
        m.put("fees", figures.fees());
        Map<String, Object> drops = new LinkedHashMap<>();
        drops.put("feed", figures.feedDropped());
        drops.put("control", control.rejected());
        // What the engine dropped before the ring, by where and event type (overload episodes).
        drops.put("by_source", figures.dropsBySite());
        m.put("drops", drops);
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("source", cfg.source().kind());
        feed.put("state", figures.running() ? "running" : "stopped");
        m.put("feed", feed);
        Map<String, Object> gateway = new LinkedHashMap<>();
        gateway.put("kind", "paper");
        gateway.put("state", figures.running() ? "simulated" : "stopped");
        m.put("gateway", gateway);
        // Each stage's own time on an event, from the stage timers of /metrics (one event in 16,
        // quantiles over the last minute, microseconds); null without them rather than zeros.
        io.tickring.engine.ops.metrics.StageLatencies l = latencies;
        if (l == null) {
            m.put("latency", null);
        } else {
            Map<String, Object> byStage = new LinkedHashMap<>();
            for (Map.Entry<String, io.tickring.engine.ops.metrics.StageLatencies.Figures> e :
                    l.read(System.nanoTime()).entrySet()) {
                double[] q = e.getValue().quantiles();
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("timed", e.getValue().count());
                f.put("p50_us", micros(q[0]));
                f.put("p90_us", micros(q[1]));
                f.put("p99_us", micros(q[2]));
                f.put("p999_us", micros(q[3]));
                byStage.put(e.getKey(), f);
            }
            m.put("latency", byStage);
        }
        m.put("done", !figures.running());
        return m;
    }

    /** Seconds as microseconds to 0.01, or null while the window holds nothing (NaN). */
    private static Object micros(double seconds) {
        return Double.isNaN(seconds) ? null : Math.round(seconds * 1e8) / 100.0;
    }
}
