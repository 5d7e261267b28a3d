package io.tickring.adapters.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickring.adapters.validate.DropReason;
import io.tickring.core.EventType;
import io.tickring.core.instrument.TestInstruments;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checks the adapter adds to the shared validator: the venue's update and trade ids, and
 * separate clocks for books and trades. The content checks themselves are {@code
 * BookValidatorTest}'s.
 */
class BinanceAdapterTest {
    private static final String DEPTH = "btcusdt@depth5@100ms";
    private static final long T = 1_700_000_000_000_000_000L;

    private final FeedCounters counters = new FeedCounters();
    private final List<String> passed = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();
    private final BinanceAdapter adapter =
            new BinanceAdapter(
                    new BinanceDecoder(new TestInstruments(), 5, 5),
                    counters,
                    0,
                    100,
                    new TestInstruments(),
                    null,
                    new BinanceAdapter.Listener() {
                        @Override
                        public void onEvent(io.tickring.core.RingEvent event) {
                            passed.add(
                                    EventType.name(event.type) + "@" + (event.exchangeTimeNs - T));
                        }

                        @Override
                        public void onDrop(int reason, String detail) {
                            dropped.add(DropReason.name(reason));
                        }
                    });

    private void book(long updateId, long receiveOffsetNs) {
        adapter.onFrame(Frames.combined(DEPTH, Frames.depth(updateId, 5)), T + receiveOffsetNs);
    }

    private void trade(long tradeId, long tradeTimeMs) {
        adapter.onFrame(
                Frames.combined(
                        "btcusdt@trade",
                        Frames.trade(
                                "BTCUSDT",
                                tradeId,
                                "65000.00",
                                "0.1",
                                T / 1_000_000 + tradeTimeMs,
                                true)),
                T);
    }

    @Test
    void shouldDropABookWhoseUpdateIdWasPassedOn() {
        book(10, 0);
        book(10, 1);
        book(9, 2);
        book(11, 3);
        assertEquals(List.of("BOOK@0", "BOOK@3"), passed);
        assertEquals(List.of("DUPLICATE", "DUPLICATE"), dropped);
        assertEquals(2, counters.dropped(DropReason.DUPLICATE));
        assertEquals(0, counters.decodeErrors(), "validation drops are not decode errors");
    }

    @Test
    void shouldLeaveIdsAndTimesUntouchedByADroppedBook() {
        book(10, 100);
        book(11, 50);
        adapter.onFrame(
                Frames.combined(
                        DEPTH,
                        "{\"lastUpdateId\":11,\"bids\":[[\"65001.00\",\"1\"]],"
                                + "\"asks\":[[\"65000.00\",\"1\"]]}"),
                T + 200);
        assertEquals(List.of("TIME_BACKWARDS", "CROSSED_OR_LOCKED"), dropped);
        book(11, 150);
        assertEquals(
                List.of("BOOK@100", "BOOK@150"),
                passed,
                "the dropped books moved neither the id nor the clock");
    }

    @Test
    void shouldDropTheSameBookAtTheSameTimeAsARepeat() {
        book(10, 100);
        book(11, 100);
        assertEquals(
                List.of("DUPLICATE"),
                dropped,
                "a new update id, but nothing new at the book's depth and time");
    }

    @Test
    void shouldKeepSeparateClocksForBooksAndTrades() {
        book(10, 300_000_000);
        trade(1, 30);
        assertEquals(
                List.of("BOOK@300000000", "TRADE@30000000"),
                passed,
                "a trade's venue time may precede the receive time of a book before it");
        trade(2, 20);
        trade(2, 40);
        trade(2, 50);
        trade(1, 60);
        assertEquals(List.of("TIME_BACKWARDS", "DUPLICATE", "DUPLICATE"), dropped);
        assertEquals(List.of("BOOK@300000000", "TRADE@30000000", "TRADE@40000000"), passed);
    }

    @Test
    void shouldDropAOneSidedBookAndCountDecodeErrorsApart() {
        adapter.onFrame(
                Frames.combined(
                        DEPTH, "{\"lastUpdateId\":5,\"bids\":[],\"asks\":[[\"65000.01\",\"1\"]]}"),
                T);
        adapter.onFrame("not json", T);
        assertEquals(
                List.of("BAD_FIELD", "BAD_FIELD"),
                dropped,
                "no level on a side: nothing two-sided to pass on");
        assertEquals(1, counters.decodeErrors());
        assertEquals(2, counters.droppedTotal());
        assertEquals(
                " drop.bad_field=2",
                counters.toString().substring(counters.toString().indexOf(" drop.")));
    }
}
