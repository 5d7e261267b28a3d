package io.tickring.adapters.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.instrument.Instrument;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PaperGateway} against {@link ReferencePaperVenue} over seeded random sequences of books,
 * prints, orders (market, limit GTC/IOC/FOK) and cancels, for every queue model and trade-through
 * choice: every report must be the same, field for field and in the same order, and so must every
 * queue estimate.
 */
class PaperVenuePropertyTest {
    static final int SEQUENCES = 10_000;
    static final int EVENTS = 40;

    /**
     * Tick 5 so that penetration is counted in ticks, not price units; a minimum commission to hit.
     */
    static final Instrument A =
            new Instrument(
                    1,
                    "TICK5",
                    "SIM",
                    2,
                    5,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    new Instrument.Fees(-2, 10, 0.05, 0));

    static final Instrument B =
            new Instrument(
                    2,
                    "CNY",
                    "SSE",
                    2,
                    5,
                    100,
                    "CNY",
                    ZoneOffset.UTC,
                    List.of(),
                    new Instrument.Fees(2.5, 2.5, 5, 5));

    static Stream<Arguments> choices() {
        List<Arguments> out = new ArrayList<>();
        for (PaperGateway.QueueModel model : PaperGateway.QueueModel.values()) {
            for (PaperGateway.TradeThrough through : PaperGateway.TradeThrough.values()) {
                out.add(Arguments.of(model, PaperGateway.QueueFunction.POWER, through));
            }
        }
        out.add(
                Arguments.of(
                        PaperGateway.QueueModel.PROBABILISTIC,
                        PaperGateway.QueueFunction.LOG,
                        PaperGateway.TradeThrough.PRINT_SIZE));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("choices")
    void shouldReportExactlyWhatTheReferenceReports(
            PaperGateway.QueueModel model,
            PaperGateway.QueueFunction function,
            PaperGateway.TradeThrough through) {
        long makerFills = 0;
        long takerFills = 0;
        long rejects = 0;
        for (int i = 0; i < SEQUENCES; i++) {
            int seed = i;
            SplittableRandom rnd =
                    new SplittableRandom(
                            seed * 0x9E3779B97F4A7C15L + model.ordinal() * 31 + through.ordinal());
            PaperContext config =
                    new PaperContext()
                            .latencyNs(100_000)
                            .jitterNs(rnd.nextInt(3) == 0 ? 400_000 : 0)
                            .seed(seed)
                            .maxOpenOrders(1 + rnd.nextInt(8))
                            .queueModel(model)
                            .queueFunction(function)
                            .queuePower(1 + rnd.nextInt(3))
                            .tradeThrough(through)
                            .penetrationTicks(1 + rnd.nextInt(3));
            List<String> fast = new ArrayList<>();
            List<String> naive = new ArrayList<>();
            PaperVenue f =
                    PaperVenue.Kind.FAST.create(r -> fast.add(describe(r)), List.of(A, B), config);
            PaperVenue n =
                    PaperVenue.Kind.REFERENCE.create(
                            r -> naive.add(describe(r)), List.of(A, B), config);
            Sequence s = new Sequence(rnd);
            for (int k = 0; k < EVENTS; k++) {
                s.step(f, n);
                assertEquals(
                        naive, fast, () -> "seed " + seed + " " + config + " event " + s.events);
                for (long id = 1; id < s.nextId; id++) {
                    long orderId = id;
                    assertEquals(
                            n.queueAhead(id),
                            f.queueAhead(id),
                            () -> "queue of " + orderId + ", seed " + seed);
                }
                assertEquals(n.liveOrders(), f.liveOrders(), "seed " + seed);
            }
            for (String r : fast) {
                makerFills += r.contains(" maker") ? 1 : 0;
                takerFills += r.contains(" taker") ? 1 : 0;
                rejects += r.startsWith("REJECTED") ? 1 : 0;
            }
        }
        // The generator must reach every path it is meant to exercise, or the agreement proves
        // little.
        assertTrue(makerFills > 1_000, "maker fills " + makerFills);
        assertTrue(takerFills > 1_000, "taker fills " + takerFills);
        assertTrue(rejects > 100, "rejects " + rejects);
    }

    static String describe(RingEvent r) {
        boolean fill = r.execLastQty > 0;
        // Only instrument 1 pays a rebate: a negative fee marks a maker fill for the coverage count
        // (the
        // comparison itself uses every field).
        return ExecType.name(r.execType)
                + " id="
                + r.execOrderId
                + " i="
                + r.instrumentId
                + " side="
                + r.execSide
                + " t="
                + r.exchangeTimeNs
                + "/"
                + r.receiveTimeNs
                + " px="
                + r.execLastPx
                + " qty="
                + r.execLastQty
                + " leaves="
                + r.execLeavesQty
                + " cum="
                + r.execCumQty
                + " fee="
                + r.execFee
                + " reject="
                + r.execRejectReason
                + (fill ? (r.execFee < 0 ? " maker" : " taker") : "");
    }

    /**
     * One random market: a mid that walks in ticks, books around it, prints near it, our orders.
     */
    static final class Sequence {
        final SplittableRandom rnd;
        final RingEvent e = new RingEvent();
        long time = 1_000_000_000L;
        long mid = 10_000;
        long nextId = 1;
        int events;

        Sequence(SplittableRandom rnd) {
            this.rnd = rnd;
        }

        void step(PaperVenue f, PaperVenue n) {
            events++;
            time += 20_000 + rnd.nextInt(300_000);
            int what = rnd.nextInt(10);
            if (what < 4) {
                book();
                f.onMarketData(e);
                n.onMarketData(e);
            } else if (what < 6) {
                trade();
                f.onMarketData(e);
                n.onMarketData(e);
            } else if (what < 9) {
                order(f, n);
            } else if (nextId > 1) {
                long id = 1 + rnd.nextInt((int) (nextId - 1));
                f.cancel(id, 1, cause());
                n.cancel(id, 1, cause());
            }
        }

        RingEvent cause() {
            e.clearInput();
            e.type = EventType.TIMER;
            e.exchangeTimeNs = time;
            return e;
        }

        void book() {
            mid += 5L * (rnd.nextInt(5) - 2);
            e.clearInput();
            e.type = EventType.BOOK;
            e.instrumentId = rnd.nextInt(8) == 0 ? 2 : 1;
            e.exchangeTimeNs = time;
            e.levels = rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(5) : 5;
            int spread = 1 + rnd.nextInt(2);
            int askSide =
                    rnd.nextInt(12) == 0
                            ? rnd.nextInt(e.levels)
                            : e.levels; // sometimes a short side
            // Strictly ordered levels, as the BookValidator guarantees, sometimes with an empty
            // price between.
            long ask = mid + 5L * spread;
            long bid = mid - 5;
            for (int l = 0; l < e.levels; l++) {
                if (l < askSide) {
                    e.askPx[l] = ask;
                    e.askQty[l] = rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(300);
                }
                e.bidPx[l] = bid;
                e.bidQty[l] = rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(300);
                ask += 5L * (rnd.nextInt(6) == 0 ? 2 : 1);
                bid -= 5L * (rnd.nextInt(6) == 0 ? 2 : 1);
            }
        }

        void trade() {
            e.clearInput();
            e.type = EventType.TRADE;
            e.instrumentId = rnd.nextInt(8) == 0 ? 2 : 1;
            e.exchangeTimeNs = time;
            e.tradePx = mid + 5L * (rnd.nextInt(13) - 6);
            e.tradeQty = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextBoolean() ? 20 : 400);
            int a = rnd.nextInt(5);
            e.tradeAggressor = a < 2 ? Side.BUY : a < 4 ? Side.SELL : Side.NONE;
        }

        void order(PaperVenue f, PaperVenue n) {
            long id = nextId++;
            int instrument =
                    rnd.nextInt(15) == 0 ? 9 : rnd.nextInt(6) == 0 ? 2 : 1; // 9: not a market
            byte side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
            int kind = rnd.nextInt(8);
            byte type = kind == 0 ? OrderType.MARKET : OrderType.LIMIT;
            byte tif =
                    kind == 0
                            ? TimeInForce.IOC
                            : kind == 1
                                    ? TimeInForce.IOC
                                    : kind == 2 ? TimeInForce.FOK : TimeInForce.GTC;
            long px = type == OrderType.MARKET ? 0 : mid + 5L * (rnd.nextInt(19) - 9);
            long qty = 1 + rnd.nextInt(rnd.nextBoolean() ? 50 : 600);
            RingEvent c = cause();
            f.submit(id, instrument, side, type, tif, qty, px, c);
            n.submit(id, instrument, side, type, tif, qty, px, c);
        }
    }
}
