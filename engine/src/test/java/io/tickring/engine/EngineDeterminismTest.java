package io.tickring.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.OrderGateway;
import io.tickring.adapters.paper.PaperContext;
import io.tickring.core.RingEvent;
import io.tickring.core.instrument.TestInstruments;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.stage.model.MicropriceRule;
import io.tickring.journal.Digests;
import io.tickring.journal.JournalInspector;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.Tag("slow")
class EngineDeterminismTest {
    @TempDir Path tmp;

    static final List<Engine.ThreadSpec> ONE_THREAD =
            List.of(
                    new Engine.ThreadSpec(
                            "all",
                            List.of("journal", "features", "model", "strategy", "risk", "router"),
                            "yielding",
                            -1));
    static final List<Engine.ThreadSpec> SIX_THREADS =
            List.of(
                    new Engine.ThreadSpec("journal", List.of("journal"), "sleeping", -1),
                    new Engine.ThreadSpec("features", List.of("features"), "backoff", -1),
                    new Engine.ThreadSpec("model", List.of("model"), "yielding", -1),
                    new Engine.ThreadSpec("strategy", List.of("strategy"), "sleeping", -1),
                    new Engine.ThreadSpec("risk", List.of("risk"), "backoff", -1),
                    new Engine.ThreadSpec("router", List.of("router"), "backoff", -1));

    static final List<Engine.ThreadSpec> THREE_THREADS =
            List.of(
                    new Engine.ThreadSpec("journal", List.of("journal"), "backoff", -1),
                    new Engine.ThreadSpec(
                            "signal", List.of("features", "model", "strategy"), "yielding", -1),
                    new Engine.ThreadSpec("orders", List.of("risk", "router"), "backoff", -1));

    Engine.Builder builder(List<Engine.ThreadSpec> threads, Path journal, int ringSize) {
        return new Engine.Builder()
                .ringSize(ringSize)
                .threads(threads)
                .instruments(TestInstruments.SIM, new TestInstruments())
                .policy(Sequencer.Policy.EVENT_TIME)
                .source(new RandomWalkSource(7, 10_000, 1, 2))
                .paper(new PaperContext().latencyNs(50_000).jitterNs(30_000).seed(11))
                .timerPeriodNs(1_000_000_000L)
                .session("{\"test\":true}", 0)
                .inputJournal(journal)
                .outputJournal(journal)
                .blockSize(1L << 20)
                .scorer(new MicropriceRule());
    }

    Engine.Result run(Engine.Builder b) throws Exception {
        try (Engine engine = b.build()) {
            engine.start();
            assertTrue(engine.awaitDone(120_000), "run did not finish");
            assertNull(engine.failure());
            Engine.Result r = engine.result();
            assertNull(r.error());
            return r;
        }
    }

    @Test
    void shouldGiveTheSameDigestOnEveryThreadLayoutAndWaitStrategy() throws Exception {
        Engine.Result two = run(builder(Engine.TWO_THREADS, tmp.resolve("two"), 1 << 10));
        Engine.Result one = run(builder(ONE_THREAD, tmp.resolve("one"), 1 << 16));
        Engine.Result six = run(builder(SIX_THREADS, tmp.resolve("six"), 1 << 6));
        assertTrue(two.orders() > 40, "too few orders to prove anything: " + two.orders());
        assertTrue(two.fills() > 40, "too few fills: " + two.fills());
        assertEquals(two.digest(), one.digest());
        assertEquals(two.digest(), six.digest());
        assertEquals(two.events(), six.events());
        assertEquals(two.digest(), Digests.recordedOutputDigest(tmp.resolve("two")));
        JournalInspector.Stats stats = JournalInspector.verify(tmp.resolve("six"));
        assertEquals(six.events(), stats.inRecords);
        assertEquals(six.outRecords(), stats.outRecords);
    }

    @Test
    void shouldGiveTheSameDigestFromTheMarketSimulatorOnEveryLayout() throws Exception {
        String[] digests = new String[3];
        long orders = 0;
        // The random-walk test covers a sleeping thread; this one keeps to quick idle strategies.
        List<List<Engine.ThreadSpec>> layouts =
                List.of(Engine.TWO_THREADS, ONE_THREAD, THREE_THREADS);
        for (int i = 0; i < layouts.size(); i++) {
            long start = 1_767_623_400_000_000_000L;
            io.tickring.adapters.sim.MarketSimulator sim =
                    new io.tickring.adapters.sim.MarketSimulator(
                            io.tickring.adapters.sim.SimConfig.defaults(
                                    11, TestInstruments.SIM, 5, 200, start));
            Engine.Result r =
                    run(
                            builder(layouts.get(i), tmp.resolve("sim" + i), 1 << (6 + 4 * i))
                                    .source(
                                            new io.tickring.engine.ingress.SimSource(
                                                    sim, start + 30_000_000_000L))
                                    .inline(i == 1));
            digests[i] = r.digest();
            orders = r.orders();
        }
        assertTrue(orders > 20, "too few orders to prove anything: " + orders);
        assertEquals(digests[0], digests[1], "inline drive differs from two threads");
        assertEquals(digests[0], digests[2], "three threads differ from two");
    }

    @Test
    void shouldNeverReleaseAnOrderBeforeItsCauseIsJournaled() throws Exception {
        AtomicLong released = new AtomicLong();
        AtomicLong early = new AtomicLong();
        Engine[] holder = new Engine[1];
        Engine.Builder b =
                builder(Engine.TWO_THREADS, tmp.resolve("slow"), 1 << 10)
                        .source(new RandomWalkSource(7, 3_000, 1, 2))
                        .journalDelayNs(20_000)
                        .gatewayDecorator(
                                inner ->
                                        new OrderGateway() {
                                            @Override
                                            public void submit(
                                                    long orderId,
                                                    int instrumentId,
                                                    byte side,
                                                    byte orderType,
                                                    byte tif,
                                                    long qty,
                                                    long limitPx,
                                                    RingEvent cause) {
                                                released.incrementAndGet();
                                                if (holder[0].journalStage().lastWritten()
                                                        < cause.sequence) {
                                                    early.incrementAndGet();
                                                }
                                                inner.submit(
                                                        orderId,
                                                        instrumentId,
                                                        side,
                                                        orderType,
                                                        tif,
                                                        qty,
                                                        limitPx,
                                                        cause);
                                            }

                                            @Override
                                            public void cancel(
                                                    long orderId,
                                                    int instrumentId,
                                                    RingEvent cause) {
                                                inner.cancel(orderId, instrumentId, cause);
                                            }
                                        });
        try (Engine engine = b.build()) {
            holder[0] = engine;
            engine.start();
            assertTrue(engine.awaitDone(120_000));
            assertNull(engine.failure());
        }
        assertTrue(released.get() > 10, "too few orders released: " + released.get());
        assertEquals(0, early.get(), "orders released before their cause was journaled");
    }
}
