package io.tickring.adapters.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.RingEvent;
import org.junit.jupiter.api.Test;

class LocalOrderBookTest {
    private static final long[] NONE = {};

    private final LocalOrderBook book = new LocalOrderBook(1000, 3);

    /** Snapshot at L=100: bids 100, 99, 98; asks 101, 102, 103; each size 10. */
    private void snapshot(long lastUpdateId) {
        book.applySnapshot(
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
    void shouldSyncBySnapshotProcedure() {
        snapshot(100);
        assertFalse(book.synced());
        assertEquals(
                LocalOrderBook.BEFORE_SNAPSHOT,
                diff(90, 95, new long[] {100, 1}, NONE),
                "u < L: in the snapshot");
        assertEquals(
                LocalOrderBook.BEFORE_SNAPSHOT,
                diff(96, 100, new long[] {100, 2}, NONE),
                "u == L: in the snapshot");
        assertEquals(10, book.bidQty(0), "skipped diffs change nothing");
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
        assertEquals(99, e.bidPx[1]);
        assertEquals(98, e.bidPx[2]);
        assertEquals(97, e.bidPx[3]);
        assertEquals(101, e.askPx[0]);
        assertEquals(104, e.askPx[3]);
    }

    @Test
    void shouldReportGapClearTheBookAndStopPublishing() {
        snapshot(100);
        assertEquals(LocalOrderBook.APPLIED, diff(101, 105, NONE, NONE));
        assertEquals(LocalOrderBook.GAP, diff(108, 110, new long[] {95, 1}, new long[] {96, 1}));
        assertEquals(106, book.gapExpected());
        assertEquals(108, book.gapFound());
        assertFalse(book.synced());
        assertEquals(
                1,
                book.bidLevels(),
                "levels from before the gap are gone; the revealing diff is applied");
        assertFalse(book.canPublish(), "unsynced and shallower than the depth");
        assertEquals(
                LocalOrderBook.APPLIED,
                diff(111, 111, new long[] {94, 1, 93, 1}, new long[] {97, 1, 98, 1}),
                "continuity is still checked while warming");
        assertTrue(book.canPublish(), "both sides hold 3 levels");
    }

    @Test
    void shouldReportGapWhenFirstDiffDoesNotBridgeSnapshot() {
        snapshot(100);
        assertEquals(LocalOrderBook.GAP, diff(105, 110, NONE, NONE));
        assertEquals(101, book.gapExpected());
        assertEquals(105, book.gapFound());
        assertFalse(book.synced());
    }

    @Test
    void shouldWithholdUnsyncedBookUntilBothSidesReachDepth() {
        assertEquals(
                LocalOrderBook.APPLIED,
                diff(1, 1, new long[] {100, 1, 99, 1, 98, 1}, new long[] {101, 1}));
        assertFalse(book.synced());
        assertFalse(book.canPublish());
        assertEquals(LocalOrderBook.APPLIED, diff(2, 2, NONE, new long[] {102, 1}));
        assertFalse(book.canPublish());
        assertEquals(LocalOrderBook.APPLIED, diff(3, 3, NONE, new long[] {103, 1}));
        assertTrue(book.canPublish());
        assertFalse(book.synced(), "deep enough to publish, still not synced");
        assertEquals(LocalOrderBook.APPLIED, diff(4, 4, new long[] {98, 0}, NONE));
        assertFalse(book.canPublish(), "fell below the depth again");
    }

    @Test
    void shouldReplayBufferedDiffsWhenSnapshotArrives() {
        book.awaitSnapshot();
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
    void shouldDropOldestBufferedDiffsWhenTheBufferFills() {
        LocalOrderBook small = new LocalOrderBook(10, 1, 2, 100);
        small.awaitSnapshot();
        long[] p = {100};
        long[] q = {1};
        for (long u = 1; u <= 4; u++) {
            small.onDiff(u, u, -1, p, new long[] {u}, 1, p, q, 0);
        }
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
    void shouldFollowPuWhenTheFrameCarriesIt() {
        snapshot(100);
        assertEquals(LocalOrderBook.APPLIED, diff(95, 103, 94, NONE, NONE));
        assertEquals(
                LocalOrderBook.APPLIED,
                diff(110, 115, 103, NONE, NONE),
                "futures: pu == previous u, U may jump");
        assertEquals(LocalOrderBook.GAP, diff(120, 125, 118, NONE, NONE));
    }

    @Test
    void shouldKeepOnlyTheBestLevelsUpToCapacity() {
        LocalOrderBook small = new LocalOrderBook(3, 1);
        small.onDiff(
                1, 1, -1, new long[] {10, 12, 11, 9}, new long[] {1, 1, 1, 1}, 4, NONE, NONE, 0);
        assertEquals(3, small.bidLevels());
        assertEquals(12, small.bidPrice(0));
        assertEquals(10, small.bidPrice(2), "9 fell off");
        small.onDiff(2, 2, -1, new long[] {13}, new long[] {1}, 1, NONE, NONE, 0);
        assertEquals(13, small.bidPrice(0));
        assertEquals(11, small.bidPrice(2), "10 fell off");
    }
}
