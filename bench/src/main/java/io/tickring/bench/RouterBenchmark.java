package io.tickring.bench;

import io.tickring.adapters.OrderGateway;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.engine.stage.router.Portfolio;
import io.tickring.engine.stage.router.RouterStage;
import io.tickring.journal.OutputJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The router stage on an accepted order and its end, per event: a BOOK that carries an accepted
 * limit intent (the router marks the portfolio, writes DECISION, RISK and ORDER records to a real
 * Chronicle output journal on disk, and releases the order), then the CANCELED report of that order
 * (the portfolio's execution path and the open-order list), so that the state stays steady. Two
 * events per operation; figures are per event. The gateway is {@link OrderGateway#NONE}: the paper
 * venue has its own benchmark ({@link PaperMatchingBenchmark}).
 *
 * <p>As in {@link JournalAppendBenchmark}, the queue's page toucher thread is off in this fork so
 * that the GC profiler's figure is the routing thread's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsPrepend = "-Dtickring.journal.pretouch=false")
public class RouterBenchmark {
    private Path dir;
    private OutputJournal out;
    private RouterStage router;
    private RingEvent order;
    private RingEvent cancel;
    private long time = 1_767_623_400_000_000_000L;
    private long orderId;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("tickring-bench-router");
        out = new OutputJournal(dir, 64L << 20);
        router =
                new RouterStage(
                        out,
                        OrderGateway.NONE,
                        new Portfolio(List.of(PipelineBenchmark.INSTRUMENT)));
        order = ScoredBooks.of(PipelineBenchmark.INSTRUMENT, 1, true)[0];
        order.intentSide = Side.BUY;
        order.intentOrderType = OrderType.LIMIT;
        order.intentTif = TimeInForce.GTC;
        order.intentQty = 100;
        order.intentPx = order.bestBidPx;
        order.intentConfidence = 0.7;
        order.riskVerdict = RiskVerdict.ACCEPT;
        order.approvedQty = 100;
        order.approvedPx = order.bestBidPx;
        cancel = new RingEvent();
        cancel.type = EventType.EXEC_REPORT;
        cancel.instrumentId = PipelineBenchmark.INSTRUMENT.id();
        cancel.execType = ExecType.CANCELED;
        cancel.execSide = Side.BUY;
        route();
        if (router.orders() != 1 || out.count() != 3) {
            throw new IllegalStateException(
                    "expected one order and three output records, got "
                            + router.orders()
                            + " and "
                            + out.count());
        }
    }

    /** An accepted order routed, then cancelled. */
    @Benchmark
    @OperationsPerInvocation(2)
    @AllocationBound(
            bytesPerOp = 0.5,
            why =
                    "allocation-free on the routing thread; Chronicle maps a new chunk every 64 MiB"
                            + " (~2 KB, ~0.01 B/event); the rest is JMH's own per-iteration"
                            + " objects")
    public long route() {
        time += 1_000_000;
        order.exchangeTimeNs = time;
        order.receiveTimeNs = time;
        order.sequence += 2;
        order.orderId = ++orderId;
        router.onEvent(order);
        cancel.exchangeTimeNs = time;
        cancel.receiveTimeNs = time;
        cancel.sequence = order.sequence + 1;
        cancel.execOrderId = orderId;
        router.onEvent(cancel);
        return out.count();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        out.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
