package io.tickring.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.paper.LatencyModel;
import io.tickring.adapters.paper.PaperContext;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.instrument.TestInstruments;
import io.tickring.engine.ingress.JournalSource;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.stage.model.MicropriceRule;
import io.tickring.journal.RecordReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Latency-aware simulation through the whole engine: decision latency changes the fills of the same
 * journal, and seeded latency models, including a recording whose smallest response latency is 1
 * µs, give the same output records on every thread layout with the event-time merge in order.
 */
class EngineLatencyTest {
    static final long US = 1_000;
    static final long MS = 1_000_000;

    @TempDir Path tmp;

    Engine.Builder builder(List<Engine.ThreadSpec> threads, Path journal, int ringSize) {
        return new Engine.Builder()
                .ringSize(ringSize)
                .threads(threads)
                .instruments(TestInstruments.SIM, new TestInstruments())
                .policy(Sequencer.Policy.EVENT_TIME)
                .source(new RandomWalkSource(7, 4_000, 1, 2))
                .paper(new PaperContext().seed(11))
                .timerPeriodNs(1_000_000_000L)
                .session("{\"test\":true}", 0)
                .inputJournal(journal)
                .outputJournal(journal)
                .blockSize(1L << 20)
                .scorer(new MicropriceRule());
    }

    static Engine.Result run(Engine.Builder b) throws Exception {
        try (Engine engine = b.build()) {
            engine.start();
            assertTrue(engine.awaitDone(120_000), "run did not finish");
            assertNull(engine.failure());
            Engine.Result r = engine.result();
            assertNull(r.error());
            return r;
        }
    }

    /** Every fill in {@code in/}, as order id, price and quantity, in journal order. */
    static List<String> fills(Path journal) {
        List<String> out = new ArrayList<>();
        RingEvent e = new RingEvent();
        try (RecordReader r = new RecordReader(journal.resolve("in"))) {
            while (r.next()) {
                InputCodec.decode(r.buffer(), 0, r.length(), e, r.where());
                if (e.type == EventType.EXEC_REPORT
                        && (e.execType == ExecType.FILL || e.execType == ExecType.PARTIAL_FILL)) {
                    out.add(e.execOrderId + ":" + e.execLastPx + "x" + e.execLastQty);
                }
            }
        }
        return out;
    }

    /** The event times of {@code in/} never go back (the event-time merge's promise). */
    static long assertInTimeOrder(Path journal) {
        RingEvent e = new RingEvent();
        long last = Long.MIN_VALUE;
        long reports = 0;
        try (RecordReader r = new RecordReader(journal.resolve("in"))) {
            while (r.next()) {
                InputCodec.decode(r.buffer(), 0, r.length(), e, r.where());
                if (e.type == EventType.SESSION) {
                    continue;
                }
                assertTrue(
                        e.exchangeTimeNs >= last,
                        "in/ goes back in time at "
                                + r.where()
                                + ": "
                                + e.exchangeTimeNs
                                + " < "
                                + last
                                + " ("
                                + EventType.name(e.type)
                                + ")");
                last = e.exchangeTimeNs;
                if (e.type == EventType.EXEC_REPORT) {
                    reports++;
                }
            }
        }
        return reports;
    }

    @Test
    void shouldFillTheSameJournalDifferentlyWithOneMillisecondOfDecisionLatency() throws Exception {
        Path day = tmp.resolve("day");
        run(builder(Engine.TWO_THREADS, day, 1 << 12));
        // The same journal backtested twice: the model's 1 ms is charged to the simulated clock.
        // Books move about every millisecond here, so an order sent 1 ms late meets a later book:
        // another price, another quantity, or no fill (a limit the book has moved away from).
        Engine.Result zero;
        try (JournalSource src = new JournalSource(day, true)) {
            zero =
                    run(
                            builder(Engine.TWO_THREADS, tmp.resolve("d0"), 1 << 12)
                                    .source(src)
                                    .paper(
                                            new PaperContext()
                                                    .seed(11)
                                                    .decisionLatency(LatencyModel.constant(0))));
        }
        Engine.Result late;
        try (JournalSource src = new JournalSource(day, true)) {
            late =
                    run(
                            builder(Engine.TWO_THREADS, tmp.resolve("d1"), 1 << 12)
                                    .source(src)
                                    .paper(
                                            new PaperContext()
                                                    .seed(11)
                                                    .decisionLatency(LatencyModel.constant(MS))));
        }
        List<String> f0 = fills(tmp.resolve("d0"));
        List<String> f1 = fills(tmp.resolve("d1"));
        assertTrue(f0.size() > 20, "too few fills to prove anything: " + f0.size());
        assertEquals(f0, fills(day), "decision latency 0 is the default: the run's own fills");
        assertNotEquals(f0, f1, "1 ms later, the same signals must meet other books");
        // The output records (decisions, orders) may well be the same: the microprice rule's
        // signals do not depend on fills while risk limits do not bind. The fills, and so the
        // money, differ.
        assertNotEquals(zero.pnl(), late.pnl(), "other fills, other PnL");
        // The first order is the same signal in both runs (nothing has filled yet to change the
        // position): only its arrival time differs, so its fill shows the later book.
        assertEquals(
                f0.get(0).substring(0, f0.get(0).indexOf(':')),
                f1.get(0).substring(0, f1.get(0).indexOf(':')),
                "the same first order");
        int firstDiff = 0;
        while (firstDiff < Math.min(f0.size(), f1.size())
                && f0.get(firstDiff).equals(f1.get(firstDiff))) {
            firstDiff++;
        }
        assertTrue(firstDiff < Math.min(f0.size(), f1.size()), "some fill differs");
    }

    @Test
    void shouldStayInEventTimeOrderAndDeterministicWithASmallMinimumLatency() throws Exception {
        // A recording whose response latency falls to 1 µs (the merge's look-ahead), entry
        // latencies 20 µs to 3 ms, a lognormal decision latency (minimum 0) and cancel latency.
        long t0 = 1_767_623_400_000_000_000L; // RandomWalkSource's first time
        LatencyModel rec =
                LatencyModel.recorded(
                        "hand-made",
                        new long[] {t0, t0 + 1_000 * MS, t0 + 2_000 * MS, t0 + 3_000 * MS},
                        new long[] {
                            t0 + 20 * US,
                            t0 + 1_000 * MS + 3 * MS,
                            t0 + 2_000 * MS + 50 * US,
                            t0 + 3_000 * MS + 200 * US
                        },
                        new long[] {
                            t0 + 20 * US + 1 * US, t0 + 1_003 * MS + 400 * US,
                            t0 + 2_000 * MS + 50 * US + 5 * US, t0 + 3_000 * MS + 200 * US + 1 * US
                        });
        String[] digests = new String[3];
        List<List<Engine.ThreadSpec>> layouts =
                List.of(
                        Engine.TWO_THREADS,
                        EngineDeterminismTest.ONE_THREAD,
                        EngineDeterminismTest.THREE_THREADS);
        long reports = 0;
        for (int i = 0; i < layouts.size(); i++) {
            PaperContext p =
                    new PaperContext()
                            .seed(5)
                            .decisionLatency(LatencyModel.lognormal(200 * US, 2 * MS))
                            .orderLatency(rec)
                            .cancelLatency(LatencyModel.lognormal(100 * US, MS));
            assertEquals(1 * US, p.minReportLatencyNs());
            Path j = tmp.resolve("l" + i);
            Engine.Result r =
                    run(builder(layouts.get(i), j, 1 << (6 + 4 * i)).paper(p).inline(i == 1));
            digests[i] = r.digest();
            reports = assertInTimeOrder(j);
            assertTrue(r.fills() > 20, "too few fills to prove anything: " + r.fills());
        }
        assertTrue(reports > 40, "too few reports to prove anything: " + reports);
        assertEquals(digests[0], digests[1], "inline one thread differs from two threads");
        assertEquals(digests[0], digests[2], "three threads differ from two");
    }
}
