package io.tickring.engine.ops.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.Unit;
import io.tickring.core.EventType;
import io.tickring.core.RiskReason;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.ops.EngineFigures;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Prometheus {@code /metrics} endpoint of a running engine: the engine's figures as callback
 * metrics, read from {@link EngineFigures} and {@link StageLatencies} when a scrape comes (on the
 * exporter's thread, never on the engine's), plus the JVM's own metrics, served by the Prometheus
 * client's HTTP server. Names follow the Prometheus conventions: a {@code tickring_} prefix, base
 * units (seconds, bytes) in the name, {@code _total} on counters; README.md has the table.
 *
 * <p>{@link #listen} binds first, before the engine and its journal exist, so that a port in use
 * stops the run before it starts; {@link #serve} then adds the engine's metrics.
 */
public final class EngineMetrics implements AutoCloseable {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExecutorService executor;
    private final HTTPServer server;
    private final String url;

    private EngineMetrics(InetAddress bind, int port) throws IOException {
        JvmMetrics.builder().register(registry);
        // Our own pool, so that close() can wait for its threads to end.
        AtomicInteger n = new AtomicInteger();
        executor =
                new ThreadPoolExecutor(
                        1,
                        2,
                        60,
                        TimeUnit.SECONDS,
                        new SynchronousQueue<>(),
                        r -> {
                            Thread t = new Thread(r, "tickring-metrics-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        },
                        new ThreadPoolExecutor.CallerRunsPolicy());
        try {
            server =
                    HTTPServer.builder()
                            .inetAddress(bind)
                            .port(port)
                            .registry(registry)
                            .executorService(executor)
                            .buildAndStart();
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        String host = bind.getHostAddress();
        url =
                "http://"
                        + (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
                        + ":"
                        + server.getPort()
                        + "/metrics";
    }

    /**
     * Starts serving {@code /metrics} on {@code bind}:{@code port} (0: a free port), with the JVM's
     * metrics until {@link #serve} adds the engine's.
     *
     * @throws IOException if the address cannot be bound (in use, or not this host's)
     */
    public static EngineMetrics listen(String bind, int port) throws IOException {
        return new EngineMetrics(InetAddress.getByName(bind), port);
    }

    /**
     * Adds the engine's metrics: its figures, and each stage's latency when {@code latencies} is
     * not null (the stages must have been wrapped by it).
     */
    public void serve(EngineFigures figures, StageLatencies latencies) {
        register(registry, figures, latencies);
    }

    /** Adds the sentiment overlay's series (see {@link OverlayMetrics}). */
    public void overlay(io.tickring.engine.overlay.OverlayCounters counters) {
        OverlayMetrics.register(registry, counters);
    }

    /** The port it listens on (the one picked when configured as 0). */
    public int port() {
        return server.getPort();
    }

    /** Where to scrape it: {@code http://BIND:PORT/metrics}. */
    public String url() {
        return url;
    }

    /** Stops the server and waits (a little) for its threads to end. */
    @Override
    public void close() {
        server.close();
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Registers every engine metric on {@code registry}; package-private for the tests. */
    static void register(PrometheusRegistry registry, EngineFigures f, StageLatencies latencies) {
        int[] inputTypes = EngineFigures.inputTypes();
        CounterWithCallback.builder()
                .name("tickring_events_total")
                .help("Input events the Sequencer published into the ring, by type")
                .labelNames("type")
                .callback(
                        cb -> {
                            for (int t : inputTypes) {
                                cb.call(f.events(t), EventType.name(t));
                            }
                        })
                .register(registry);
        GaugeWithCallback.builder()
                .name("tickring_ring_size")
                .help("Slots in the ring")
                .callback(cb -> cb.call(f.ringSize()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("tickring_ring_remaining_capacity")
                .help("Free slots in the ring: its size less the backlog")
                .callback(cb -> cb.call(f.ringRemaining()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("tickring_ring_backlog")
                .help("Events published into the ring that not every final stage has handled yet")
                .callback(cb -> cb.call(f.ringBacklog()))
                .register(registry);
        CounterWithCallback.builder()
                .name("tickring_dropped_events_total")
                .help(
                        "Events dropped before the ring because a queue was full, by source"
                                + " (today the feed's ingress queue)")
                .labelNames("source")
                .callback(
                        cb -> {
                            for (Map.Entry<String, Long> e : f.dropsBySource().entrySet()) {
                                cb.call(e.getValue(), e.getKey());
                            }
                        })
                .register(registry);
        CounterWithCallback.builder()
                .name("tickring_overload_dropped_events_total")
                .help(
                        "Input dropped before the ring by site (the source's ingress queue, or"
                                + " 'ring': market data shed for ring.max_lag) and event type; each"
                                + " episode is journaled as CONTROL OVERLOAD")
                .labelNames("site", "type")
                .callback(
                        cb -> {
                            for (Map.Entry<String, Map<String, Long>> site :
                                    f.dropsBySite().entrySet()) {
                                for (Map.Entry<String, Long> t : site.getValue().entrySet()) {
                                    cb.call(t.getValue(), site.getKey(), t.getKey());
                                }
                            }
                        })
                .register(registry);
        CounterWithCallback.builder()
                .name("tickring_overload_episodes_total")
                .help("Overload episodes journaled (CONTROL OVERLOAD starts)")
                .callback(cb -> cb.call(f.overloadEpisodes()))
                .register(registry);
        if (latencies != null) {
            SummaryWithCallback.builder()
                    .name("tickring_stage_latency_seconds")
                    .help(
                            "A stage's own time on an event (one event in "
                                    + StageLatencies.SAMPLE_EVERY
                                    + " is timed); quantiles over the last minute")
                    .unit(Unit.SECONDS)
                    .labelNames("stage")
                    .callback(
                            cb -> {
                                for (Map.Entry<String, StageLatencies.Figures> e :
                                        latencies.read(System.nanoTime()).entrySet()) {
                                    StageLatencies.Figures s = e.getValue();
                                    List<Quantile> q = new ArrayList<>();
                                    for (int k = 0; k < StageLatencies.QUANTILES.length; k++) {
                                        if (!Double.isNaN(s.quantiles()[k])) {
                                            q.add(
                                                    new Quantile(
                                                            StageLatencies.QUANTILES[k],
                                                            s.quantiles()[k]));
                                        }
                                    }
                                    cb.call(s.count(), s.sumSeconds(), Quantiles.of(q), e.getKey());
                                }
                            })
                    .register(registry);
        }
        CounterWithCallback.builder()
                .name("tickring_decisions_total")
                .help("Decisions the router wrote (one per intent the strategy formed)")
                .callback(cb -> cb.call(f.decisions()))
                .register(registry);
        CounterWithCallback.builder()
                .name("tickring_orders_total")
                .help("Orders the router released to the gateway")
                .callback(cb -> cb.call(f.orders()))
                .register(registry);
        CounterWithCallback.builder()
                .name("tickring_fills_total")
                .help("Fills, partial and full, the router saw")
                .callback(cb -> cb.call(f.fills()))
                .register(registry);
        CounterWithCallback.builder()
                .name("tickring_rejects_total")
                .help("Intents the risk gate rejected, by reason")
                .labelNames("reason")
                .callback(
                        cb -> {
                            for (int r = 0; r < RiskReason.COUNT; r++) {
                                String name = RiskReason.name(r);
                                if (name != null) {
                                    cb.call(f.rejects(r), name);
                                }
                            }
                        })
                .register(registry);
        GaugeWithCallback.builder()
                .name("tickring_trading_state")
                .help("The risk gate's trading state: 1 for the current one, 0 for the others")
                .labelNames("state")
                .callback(
                        cb -> {
                            String now = f.tradingState();
                            for (String s : EngineFigures.tradingStates()) {
                                cb.call(s.equals(now) ? 1 : 0, s);
                            }
                        })
                .register(registry);
        GaugeWithCallback.builder()
                .name("tickring_position")
                .help("Signed position per instrument, in the instrument's quantity units")
                .labelNames("instrument")
                .callback(
                        cb -> {
                            for (int n = 0; n < f.instruments().size(); n++) {
                                cb.call(f.position(n), f.instruments().get(n).symbol());
                            }
                        })
                .register(registry);
        GaugeWithCallback.builder()
                .name("tickring_pnl")
                .help(
                        "Net PnL after fees per settlement currency, in that currency, open"
                                + " positions marked to the last mid (as of the last fill or TIMER)")
                .labelNames("currency")
                .callback(
                        cb -> {
                            List<String> ccys = f.currencies();
                            for (int c = 0; c < ccys.size(); c++) {
                                cb.call(f.pnl(c), ccys.get(c));
                            }
                        })
                .register(registry);
        GaugeWithCallback.builder()
                .name("tickring_instrument_pnl")
                .help(
                        "Net PnL after fees per instrument, in its settlement currency: realised,"
                                + " plus the open position at the last mid, less fees (as of the"
                                + " last fill or TIMER)")
                .labelNames("instrument", "currency")
                .callback(
                        cb -> {
                            for (int n = 0; n < f.instruments().size(); n++) {
                                Instrument i = f.instruments().get(n);
                                cb.call(f.instrumentPnl(n), i.symbol(), i.settlementCurrency());
                            }
                        })
                .register(registry);
        GaugeWithCallback.builder()
                .name("tickring_fees")
                .help("Fees paid per settlement currency, in that currency (rebates lower it)")
                .labelNames("currency")
                .callback(
                        cb -> {
                            List<String> ccys = f.currencies();
                            for (int c = 0; c < ccys.size(); c++) {
                                cb.call(f.fees(c), ccys.get(c));
                            }
                        })
                .register(registry);
        GaugeWithCallback.builder()
                .name("tickring_feed_connected")
                .help("1 while the market-data feed's connection is up, else 0")
                .labelNames("source")
                .callback(cb -> cb.call(f.feedConnected() ? 1 : 0, f.feedName()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("tickring_gateway_connected")
                .help(
                        "1 while the order gateway takes orders (the paper venue: while the run runs)")
                .labelNames("gateway")
                .callback(cb -> cb.call(f.gatewayConnected() ? 1 : 0, "paper"))
                .register(registry);
        CounterWithCallback.builder()
                .name("tickring_journal_written_bytes_total")
                .help("Record bytes this run appended to the journal, by queue (in, out)")
                .unit(Unit.BYTES)
                .labelNames("queue")
                .callback(
                        cb -> {
                            cb.call(f.inputJournalBytes(), "in");
                            cb.call(f.outputJournalBytes(), "out");
                        })
                .register(registry);
        GaugeWithCallback.builder()
                .name("tickring_journal_disk_free_bytes")
                .help("Bytes free to the engine on the journal's file system")
                .unit(Unit.BYTES)
                .callback(
                        cb -> {
                            long free = f.freeDiskBytes();
                            if (free >= 0) {
                                cb.call(free);
                            }
                        })
                .register(registry);
        GaugeWithCallback.builder()
                .name("tickring_running")
                .help("1 while the engine runs, 0 once its source ended or it failed")
                .callback(cb -> cb.call(f.running() ? 1 : 0))
                .register(registry);
    }
}
