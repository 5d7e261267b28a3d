package io.tickring.adapters.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.RingEvent;
import org.junit.jupiter.api.Test;

/**
 * The venue's local-book procedure, with spot's rule ({@code U == previous u + 1}; first diff
 * {@code U <= L+1 <= u}) and the futures rule ({@code pu == previous u}; first diff {@code U <= L
 * <= u}).
 */
class LocalOrderBookTest {
    private static final long[] NONE = {};

    private LocalOrderBook book = new LocalOrderBook(1000, BinanceMarket.SPOT);

    /** Snapshot: bids 100, 99, 98; asks 101, 102, 103; each size 10. */
    private int snapshot(long lastUpdateId) {
        return book.applySnapshot(
                lastUpdateId,
                new long[] {100, 99, 98},
                new long[] {10, 10, 10},
                3,
                new long[] {101, 102, 103},
                new long[] {10, 10, 10},
                3);
    }

    private int diff(long first, long last, long[] bids, long[] asks) {
        return diff(first, last, -1, bids, asks);
    }

    /** Levels as {price, qty, price, qty, ...}. */
    private int diff(long first, long last, long previous, long[] bids, long[] asks) {
        long[] bp = new long[bids.length / 2];
        long[] bq = new long[bids.length / 2];
        long[] ap = new long[asks.length / 2];
        long[] aq = new long[asks.length / 2];
        for (int i = 0; i < bp.length; i++) {
            bp[i] = bids[2 * i];
            bq[i] = bids[2 * i + 1];
        }
        for (int i = 0; i < ap.length; i++) {
            ap[i] = asks[2 * i];
            aq[i] = asks[2 * i + 1];
        }
        return book.onDiff(first, last, previous, bp, bq, bp.length, ap, aq, ap.length);
    }

    @Test
    void shouldHoldDiffsAndPublishNothingUntilASnapshot() {
        assertEquals(LocalOrderBook.BUFFERED, diff(1, 1, new long[] {100, 1}, new long[] {101, 1}));
        assertFalse(book.synced());
        assertFalse(book.canPublish(), "no snapshot: nothing is published");
        assertEquals(0, book.bidLevels(), "held, not applied");
        assertEquals(1, book.buffered());
    }

    @Test
    void shouldSyncBySpotSnapshotProcedure() {
        assertEquals(0, snapshot(100));
        assertFalse(book.synced());
        assertEquals(
                LocalOrderBook.BEFORE_SNAPSHOT,
                diff(90, 95, new long[] {100, 1}, NONE),
                "u < L: in the snapshot");
        assertEquals(
                LocalOrderBook.BEFORE_SNAPSHOT,
                diff(96, 100, new long[] {100, 2}, NONE),
                "spot: u == L is in the snapshot");
        assertEquals(10, book.bidQty(0), "skipped diffs change nothing");
        assertEquals(2, book.beforeSnapshot());
        assertEquals(
                LocalOrderBook.APPLIED,
                diff(99, 103, new long[] {100, 7, 99, 0}, new long[] {101, 4}),
                "U <= L+1 <= u bridges the snapshot");
        assertTrue(book.synced());
        assertEquals(2, book.bidLevels(), "quantity 0 removed 99");
        assertEquals(7, book.bidQty(0));
        assertEquals(98, book.bidPrice(1));
        assertEquals(4, book.askQty(0));
        assertEquals(
                LocalOrderBook.APPLIED,
                diff(104, 106, new long[] {99, 5, 97, 1}, new long[] {100, 0}),
                "U == previous u + 1; removing an absent level is normal");
        assertEquals(LocalOrderBook.APPLIED, diff(107, 107, NONE, new long[] {104, 2}));
        assertTrue(book.synced());
        assertTrue(book.canPublish());
        RingEvent e = new RingEvent();
        book.copyTop(e, 5);
        assertEquals(4, e.levels, "min of depth, bid levels (4) and ask levels (4)");
        assertEquals(100, e.bidPx[0]);
        assertEquals(97, e.bidPx[3]);
        assertEquals(101, e.askPx[0]);
        assertEquals(104, e.askPx[3]);
    }

    @Test
    void shouldReportASpotGapClearTheBookAndWaitForANewSnapshot() {
        snapshot(100);
        assertEquals(LocalOrderBook.APPLIED, diff(101, 105, NONE, NONE));
        assertEquals(LocalOrderBook.GAP, diff(108, 110, new long[] {95, 1}, new long[] {96, 1}));
        assertEquals(106, book.gapExpected());
        assertEquals(108, book.gapFound());
        assertFalse(book.synced());
        assertTrue(book.buffering());
        assertEquals(0, book.bidLevels(), "levels from before the gap are gone");
        assertEquals(1, book.buffered(), "the revealing diff waits for the next snapshot");
        assertFalse(book.canPublish());
        assertEquals(LocalOrderBook.BUFFERED, diff(111, 112, NONE, NONE));
        assertEquals(0, snapshot(109), "a later snapshot re-syncs: 108..110 bridges 110");
        assertTrue(book.synced());
        assertEquals(112, book.lastFinalUpdateId());
    }

    @Test
    void shouldReportAGapWhenTheFirstDiffDoesNotBridgeTheSnapshot() {
        snapshot(100);
        assertEquals(LocalOrderBook.GAP, diff(102, 110, NONE, NONE), "spot needs U <= L+1");
        assertEquals(101, book.gapExpected());
        assertEquals(102, book.gapFound());
        assertFalse(book.synced());
    }

    @Test
    void shouldReplayBufferedDiffsWhenTheSnapshotArrives() {
        assertEquals(LocalOrderBook.BUFFERED, diff(90, 99, new long[] {100, 1}, NONE));
        assertEquals(LocalOrderBook.BUFFERED, diff(100, 104, new long[] {100, 3}, NONE));
        assertEquals(LocalOrderBook.BUFFERED, diff(105, 107, NONE, new long[] {101, 6}));
        assertFalse(book.canPublish());
        assertEquals(
                0,
                book.applySnapshot(
                        101,
                        new long[] {100, 99},
                        new long[] {2, 2},
                        2,
                        new long[] {101, 102},
                        new long[] {2, 2},
                        2),
                "no gap in the replay");
        assertTrue(book.synced());
        assertEquals(
                3, book.bidQty(0), "the bridging diff 100..104 applied, the older one skipped");
        assertEquals(6, book.askQty(0));
        assertEquals(107, book.lastFinalUpdateId());
        assertEquals(LocalOrderBook.APPLIED, diff(108, 108, NONE, NONE));
    }

    @Test
    void shouldKeepTheDiffsAfterAStaleSnapshotForTheNextOne() {
        diff(100, 104, NONE, NONE);
        diff(105, 107, new long[] {100, 6}, NONE);
        assertEquals(1, snapshot(90), "91 was due, 100 came: the snapshot is too old");
        assertTrue(book.buffering());
        assertEquals(2, book.buffered(), "both diffs kept for the next snapshot");
        assertEquals(0, snapshot(105));
        assertTrue(book.synced());
        assertEquals(6, book.bidQty(0));
    }

    @Test
    void shouldNotApplyASnapshotToASyncedBook() {
        snapshot(100);
        diff(101, 105, new long[] {100, 4}, NONE);
        assertEquals(
                LocalOrderBook.SNAPSHOT_NOT_NEEDED,
                snapshot(103),
                "the diffs after it are applied already and would not come again");
        assertEquals(4, book.bidQty(0));
        assertTrue(book.synced());
    }

    @Test
    void shouldDropOldestBufferedDiffsWhenTheBufferFills() {
        LocalOrderBook small = new LocalOrderBook(10, BinanceMarket.SPOT, 2, 100);
        long[] p = {100};
        long[] q = {1};
        for (long u = 1; u <= 4; u++) {
            small.onDiff(u, u, -1, p, new long[] {u}, 1, p, q, 0);
        }
        assertEquals(2, small.bufferDropped());
        assertEquals(
                0,
                small.applySnapshot(2, p, q, 1, NONE, NONE, 0),
                "3 and 4 were kept and follow on");
        assertEquals(4, small.bidQty(0));
    }

    @Test
    void shouldTreatARepeatedDiffAsDuplicate() {
        snapshot(100);
        assertEquals(LocalOrderBook.APPLIED, diff(101, 105, new long[] {100, 1}, NONE));
        assertEquals(LocalOrderBook.DUPLICATE, diff(101, 105, new long[] {100, 9}, NONE));
        assertEquals(1, book.bidQty(0));
        assertTrue(book.synced());
    }

    @Test
    void shouldSyncByTheFuturesRule() {
        book = new LocalOrderBook(1000, BinanceMarket.USDM);
        snapshot(100);
        assertEquals(
                LocalOrderBook.BEFORE_SNAPSHOT,
                diff(90, 99, 89, NONE, NONE),
                "futures: only u < L is in the snapshot");
        assertEquals(
                LocalOrderBook.APPLIED,
                diff(95, 100, 94, new long[] {100, 3}, NONE),
                "futures: U <= L <= u, so u == L is the first applied");
        assertTrue(book.synced());
        assertEquals(
                LocalOrderBook.APPLIED,
                diff(110, 115, 100, NONE, NONE),
                "pu == previous u; U may jump (the futures stream skips ids)");
        assertEquals(LocalOrderBook.GAP, diff(116, 125, 118, NONE, NONE), "pu 118 != 115");
        assertEquals(115, book.gapExpected());
        assertEquals(118, book.gapFound());
    }

    @Test
    void shouldRefuseAFuturesFirstDiffThatStartsAfterTheSnapshot() {
        book = new LocalOrderBook(1000, BinanceMarket.COINM);
        snapshot(100);
        assertEquals(
                LocalOrderBook.GAP,
                diff(101, 105, 100, NONE, NONE),
                "spot would accept U == L+1; futures needs U <= L");
        assertEquals(100, book.gapExpected());
    }

    @Test
    void shouldKeepEveryLevelItIsToldAbout() {
        LocalOrderBook small = new LocalOrderBook(2, BinanceMarket.SPOT);
        small.applySnapshot(0, NONE, NONE, 0, NONE, NONE, 0);
        long[] px = new long[50];
        long[] qty = new long[50];
        for (int i = 0; i < 50; i++) {
            px[i] = 1000 - i;
            qty[i] = 1;
        }
        small.onDiff(1, 1, -1, px, qty, 50, NONE, NONE, 0);
        assertEquals(50, small.bidLevels(), "the ladder grew past its initial 2 levels");
        assertEquals(951, small.bidPrice(49));
        small.onDiff(2, 2, -1, new long[] {1000, 999}, new long[] {0, 0}, 2, NONE, NONE, 0);
        assertEquals(998, small.bidPrice(0), "far levels move up when the top goes");
        assertEquals(48, small.bidLevels());
    }
}
