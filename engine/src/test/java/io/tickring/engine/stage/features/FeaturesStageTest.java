package io.tickring.engine.stage.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.ring.Stage;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The feature definitions, held for the fast stage and the from-scratch reference alike. */
class FeaturesStageTest {
    static final Instrument A =
            new Instrument(
                    1,
                    "SIMA",
                    "SIM",
                    4,
                    100,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE);
    static final Instrument B =
            new Instrument(
                    2,
                    "SIMB",
                    "SIM",
                    2,
                    5,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE);
    static final FeaturesStage.Windows SMALL = new FeaturesStage.Windows(2, 2, 2);

    static Stream<BiFunction<List<Instrument>, FeaturesStage.Windows, Stage>> implementations() {
        return Stream.of(FeaturesStage::new, ReferenceFeatures::new);
    }

    final RingEvent e = new RingEvent();

    void book(Stage s, int id, long t, long[] bids, long[] bidQty, long[] asks, long[] askQty) {
        e.clearInput();
        e.type = EventType.BOOK;
        e.instrumentId = id;
        e.exchangeTimeNs = t;
        e.levels = bids.length;
        for (int i = 0; i < bids.length; i++) {
            e.bidPx[i] = bids[i];
            e.bidQty[i] = bidQty[i];
            e.askPx[i] = asks[i];
            e.askQty[i] = askQty[i];
        }
        s.onEvent(e);
    }

    void trade(Stage s, int id, long t, byte aggressor) {
        e.clearInput();
        e.type = EventType.TRADE;
        e.instrumentId = id;
        e.exchangeTimeNs = t;
        e.tradePx = 1_000_000;
        e.tradeQty = 5;
        e.tradeAggressor = aggressor;
        s.onEvent(e);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void shouldComputeTheL1AndDepthFeaturesOfOneBook(
            BiFunction<List<Instrument>, FeaturesStage.Windows, Stage> impl) {
        Stage s = impl.apply(List.of(A), SMALL);
        book(
                s,
                1,
                100,
                new long[] {999_900, 999_800},
                new long[] {30, 10},
                new long[] {1_000_100, 1_000_200},
                new long[] {10, 50});
        assertTrue(e.bookValid);
        assertEquals(999_900, e.bestBidPx);
        assertEquals(1_000_100, e.bestAskPx);
        assertEquals(100.0, e.mid, 1e-12);
        assertEquals((99.99 * 10 + 100.01 * 30) / 40, e.microprice, 1e-12);
        assertEquals(2.0, e.spreadTicks, 0);
        assertEquals(0.5, e.imbalanceL1, 0);
        assertEquals((40 - 60) / 100.0, e.imbalanceL5, 1e-15);
        assertEquals(
                (99.99 * 30 + 99.98 * 10 + 100.01 * 10 + 100.02 * 50) / 100,
                e.depthWeightedPrice,
                1e-12);
        assertEquals(0, e.ofi);
        assertEquals(0, e.ofiWindow);
        assertEquals(0.0, e.realizedVol, 0);
        assertEquals(0, e.timeSinceBookChangeNs);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void shouldComputeMultiLevelOrderFlowImbalanceOverAWindowOfBookUpdates(
            BiFunction<List<Instrument>, FeaturesStage.Windows, Stage> impl) {
        Stage s = impl.apply(List.of(A), SMALL);
        book(
                s,
                1,
                100,
                new long[] {999_900, 999_800},
                new long[] {30, 10},
                new long[] {1_000_100, 1_000_200},
                new long[] {10, 50});
        // L1: bid size 30 -> 35 at the same price (+5); ask lifted to a higher price: ask flow -10
        // (queue gone),
        // so e1 = 5 - (-10) = 15. L2: bid price up 999_800 -> 999_850 with 4: bid flow +4.
        book(
                s,
                1,
                200,
                new long[] {999_900, 999_850},
                new long[] {35, 4},
                new long[] {1_000_200, 1_000_300},
                new long[] {60, 7});
        // L2 ask moved 1_000_200 -> 1_000_300 (worse): ask flow = -50 (the old queue is gone), so
        // e2 = 4 + 50 = 54.
        assertEquals(15 + 54, e.ofi);
        assertEquals(69, e.ofiWindow);
        book(
                s,
                1,
                300,
                new long[] {999_900, 999_850},
                new long[] {35, 4},
                new long[] {1_000_200, 1_000_300},
                new long[] {60, 7});
        assertEquals(0, e.ofi);
        assertEquals(69, e.ofiWindow);
        book(
                s,
                1,
                400,
                new long[] {999_900, 999_850},
                new long[] {36, 4},
                new long[] {1_000_200, 1_000_300},
                new long[] {60, 7});
        assertEquals(1, e.ofi);
        assertEquals(1, e.ofiWindow, "the window holds the last two updates: 0 and 1");
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void shouldKeepRealisedVolatilityOverTheLastReturns(
            BiFunction<List<Instrument>, FeaturesStage.Windows, Stage> impl) {
        Stage s = impl.apply(List.of(A), SMALL);
        long[] q = {10};
        book(s, 1, 1, new long[] {999_900}, q, new long[] {1_000_100}, q);
        book(s, 1, 2, new long[] {1_000_900}, q, new long[] {1_001_100}, q);
        double r1 = Math.log(100.1 / 100.0);
        assertEquals(Math.abs(r1), e.realizedVol, 1e-15);
        book(s, 1, 3, new long[] {999_900}, q, new long[] {1_000_100}, q);
        double r2 = Math.log(100.0 / 100.1);
        assertEquals(Math.sqrt(r1 * r1 + r2 * r2), e.realizedVol, 1e-15);
        book(s, 1, 4, new long[] {999_900}, q, new long[] {1_000_100}, q);
        assertEquals(Math.abs(r2), e.realizedVol, 1e-15, "window of two: r2 and 0");
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void shouldAverageTradeSignsOverTheLastTrades(
            BiFunction<List<Instrument>, FeaturesStage.Windows, Stage> impl) {
        Stage s = impl.apply(List.of(A), SMALL);
        long[] q = {10};
        book(s, 1, 1, new long[] {999_900}, q, new long[] {1_000_100}, q);
        assertEquals(0.0, e.tradeSignImbalance, 0);
        trade(s, 1, 2, Side.BUY);
        assertEquals(1.0, e.tradeSignImbalance, 0);
        trade(s, 1, 3, Side.SELL);
        assertEquals(0.0, e.tradeSignImbalance, 0);
        trade(s, 1, 4, Side.SELL);
        assertEquals(-1.0, e.tradeSignImbalance, 0);
        trade(s, 1, 5, Side.NONE);
        assertEquals(-0.5, e.tradeSignImbalance, 0);
        assertEquals(0, e.ofi, "a trade has no order-flow imbalance of its own");
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void shouldMeasureTimeSinceTheLastBookChangeNotTheLastBookEvent(
            BiFunction<List<Instrument>, FeaturesStage.Windows, Stage> impl) {
        Stage s = impl.apply(List.of(A), SMALL);
        long[] q = {10};
        book(s, 1, 1_000, new long[] {999_900}, q, new long[] {1_000_100}, q);
        book(s, 1, 1_500, new long[] {999_900}, q, new long[] {1_000_100}, q);
        assertEquals(500, e.timeSinceBookChangeNs);
        trade(s, 1, 2_000, Side.BUY);
        assertEquals(1_000, e.timeSinceBookChangeNs);
        book(s, 1, 2_500, new long[] {999_900}, new long[] {11}, new long[] {1_000_100}, q);
        assertEquals(0, e.timeSinceBookChangeNs);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void shouldClearFeaturesForInvalidBooksAndUnknownInstruments(
            BiFunction<List<Instrument>, FeaturesStage.Windows, Stage> impl) {
        Stage s = impl.apply(List.of(A), SMALL);
        long[] q = {10};
        book(s, 1, 1, new long[] {999_900}, q, new long[] {1_000_100}, q);
        assertTrue(e.bookValid);
        book(s, 1, 2, new long[] {1_000_100}, q, new long[] {1_000_100}, q);
        assertFalse(e.bookValid);
        assertEquals(0.0, e.mid, 0);
        trade(s, 1, 3, Side.BUY);
        assertFalse(e.bookValid, "a trade does not make a crossed book valid");
        book(s, 7, 4, new long[] {999_900}, q, new long[] {1_000_100}, q);
        assertFalse(e.bookValid);
        book(s, 1, 5, new long[] {999_900}, q, new long[] {1_000_300}, q);
        assertTrue(e.bookValid);
        assertEquals(
                Math.abs(Math.log(100.01 / 100.0)),
                e.realizedVol,
                1e-15,
                "the return is taken against the last valid book");
        assertEquals(1.0, e.tradeSignImbalance, 0, "trades count while the book is invalid");
    }

    @Test
    void shouldAgreeWithTheReferenceOnARandomStreamOfTwoInstruments() {
        randomStream(false);
    }

    @Test
    void shouldAgreeWithTheReferenceWithQuotesBetweenBooks() {
        randomStream(true);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void shouldTakeTheTouchFromTheNewestOfQuoteAndBook(
            BiFunction<List<Instrument>, FeaturesStage.Windows, Stage> make) {
        Stage s = make.apply(List.of(A), SMALL);
        book(
                s,
                1,
                1_000,
                new long[] {10_000, 9_900},
                new long[] {5, 5},
                new long[] {10_100, 10_200},
                new long[] {5, 5});
        double imbalanceL5 = e.imbalanceL5;
        quote(s, 1, 2_000, 10_050, 1, 10_150, 3);
        assertTrue(e.bookValid);
        assertEquals(10_050, e.bestBidPx, "a newer QUOTE is the touch");
        assertEquals(10_150, e.bestAskPx);
        assertEquals(1.01, e.mid, 1e-12);
        assertEquals((1.005 * 3 + 1.015 * 1) / 4, e.microprice, 1e-12);
        assertEquals(1.0, e.spreadTicks, 0);
        assertEquals(-0.5, e.imbalanceL1, 0);
        assertEquals(imbalanceL5, e.imbalanceL5, 0, "depth features stay the BOOK's");
        assertEquals(0, e.ofi);
        quote(s, 1, 3_000, 10_100, 1, 10_100, 1);
        assertEquals(10_050, e.bestBidPx, "a locked QUOTE is ignored");
        book(
                s,
                1,
                2_500,
                new long[] {10_000, 9_900},
                new long[] {6, 5},
                new long[] {10_100, 10_200},
                new long[] {5, 5});
        assertEquals(10_000, e.bestBidPx, "a BOOK newer than the QUOTE is the touch again");
        assertEquals(6, e.bidQty[0]);
        assertEquals((6 - 5) / 11.0, e.imbalanceL1, 1e-15);
        quote(s, 1, 2_400, 10_050, 1, 10_150, 3);
        assertEquals(10_000, e.bestBidPx, "a QUOTE older than the last BOOK is not");
    }

    void quote(Stage s, int id, long t, long bid, long bidQty, long ask, long askQty) {
        e.clearInput();
        e.type = EventType.QUOTE;
        e.instrumentId = id;
        e.exchangeTimeNs = t;
        e.quoteBidPx = bid;
        e.quoteBidQty = bidQty;
        e.quoteAskPx = ask;
        e.quoteAskQty = askQty;
        s.onEvent(e);
    }

    private void randomStream(boolean quotes) {
        FeaturesStage.Windows w = new FeaturesStage.Windows(7, 5, 3);
        Stage fast = new FeaturesStage(List.of(A, B), w);
        Stage ref = new ReferenceFeatures(List.of(A, B), w);
        RingEvent r = new RingEvent();
        SplittableRandom rnd = new SplittableRandom(7);
        long[] mid2 = {2_000_000, 20_000};
        for (int n = 0; n < 20_000; n++) {
            int k = rnd.nextInt(2);
            e.clearInput();
            e.instrumentId = rnd.nextInt(20) == 0 ? 9 : k + 1;
            e.exchangeTimeNs = 1_000L * n;
            long tick = k == 0 ? 100 : 5;
            if (quotes && rnd.nextInt(3) == 0) {
                e.type = EventType.QUOTE;
                // Sometimes older than the last BOOK, sometimes invalid.
                e.exchangeTimeNs = 1_000L * n - rnd.nextInt(4) * 1_000L;
                long half = tick * (1 + rnd.nextInt(2));
                e.quoteBidPx = mid2[k] / 2 - half + (rnd.nextInt(3) - 1) * tick;
                e.quoteAskPx = mid2[k] / 2 + half + (rnd.nextInt(3) - 1) * tick;
                e.quoteBidQty = rnd.nextInt(20) == 0 ? 0 : 1 + rnd.nextInt(3);
                e.quoteAskQty = 1 + rnd.nextInt(3);
            } else if (rnd.nextInt(5) == 0) {
                e.type = EventType.TRADE;
                e.tradeAggressor = (byte) (rnd.nextInt(3) - 1);
                e.tradeQty = 1;
            } else {
                e.type = EventType.BOOK;
                e.levels = rnd.nextInt(30) == 0 ? rnd.nextInt(1, 10) : 5 + rnd.nextInt(2) * 5;
                if (rnd.nextInt(4) == 0) {
                    mid2[k] += (rnd.nextInt(3) - 1) * tick * 2;
                }
                long half = tick * (1 + rnd.nextInt(2));
                for (int i = 0; i < e.levels; i++) {
                    e.bidPx[i] = (mid2[k] / 2) - half / 2 * 0 - half - i * tick;
                    e.askPx[i] = (mid2[k] / 2) + half - tick + i * tick + tick;
                    e.bidQty[i] = rnd.nextInt(20) == 0 ? 0 : 1 + rnd.nextInt(3);
                    e.askQty[i] = 1 + rnd.nextInt(3);
                }
                if (rnd.nextInt(50) == 0) {
                    e.askPx[0] = e.bidPx[0];
                }
            }
            r.copyInputFrom(e);
            fast.onEvent(e);
            ref.onEvent(r);
            String at = "event " + n;
            assertEquals(r.bookValid, e.bookValid, at);
            assertEquals(r.bestBidPx, e.bestBidPx, at);
            assertEquals(r.bestAskPx, e.bestAskPx, at);
            assertEquals(r.mid, e.mid, 0, at);
            assertEquals(r.microprice, e.microprice, 0, at);
            assertEquals(r.spreadTicks, e.spreadTicks, 0, at);
            assertEquals(r.imbalanceL1, e.imbalanceL1, 0, at);
            assertEquals(r.imbalanceL5, e.imbalanceL5, 0, at);
            assertEquals(r.depthWeightedPrice, e.depthWeightedPrice, 0, at);
            assertEquals(r.ofi, e.ofi, at);
            assertEquals(r.ofiWindow, e.ofiWindow, at);
            // The fast stage keeps a running sum of squared returns; the reference sums afresh, so
            // they may differ
            // in the last bits (a window of zero returns can read 1e-12 instead of 0).
            assertEquals(r.realizedVol, e.realizedVol, 1e-9, at);
            assertEquals(r.tradeSignImbalance, e.tradeSignImbalance, 0, at);
            assertEquals(r.timeSinceBookChangeNs, e.timeSinceBookChangeNs, at);
        }
    }
}
