package io.tickring.adapters.paper;

import io.tickring.core.EventType;
import io.tickring.core.ExecRejectReason;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.Money;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The paper venue's rules written out plainly, with no care for speed or allocation: the reference
 * that {@link PaperGateway} must agree with report for report. Each rule is stated once, where it
 * is applied; the class Javadoc of {@link PaperGateway} says them in prose.
 */
final class ReferencePaperVenue implements PaperVenue {
    private record Level(long px, long qty) {}

    /** One instrument's last book as visible levels, and what we took from it per price. */
    private static final class Book {
        final Instrument instrument;
        int levels;
        List<Level> asks = new ArrayList<>();
        List<Level> bids = new ArrayList<>();
        final Map<Long, Long> takenAsk = new TreeMap<>();
        final Map<Long, Long> takenBid = new TreeMap<>();

        Book(Instrument instrument) {
            this.instrument = instrument;
        }

        List<Level> side(byte s) {
            return s == Side.BUY ? bids : asks;
        }

        Map<Long, Long> taken(byte s) {
            return s == Side.BUY ? takenBid : takenAsk;
        }
    }

    private static final class Order {
        long id;
        Book book;
        byte side;
        byte type;
        byte tif;
        long leaves;
        long cum;
        long limitPx;
        long arriveNs;
        long cancelNs = Long.MAX_VALUE;
        boolean resting;
        long restSeq;
        boolean aheadKnown;
        long queueAhead;
        long levelSeen;
        long tradedSinceBook;

        /** Commission of every fill so far, before the per-order minimum. */
        final List<Long> commissions = new ArrayList<>();

        /** True once a fill paid a rate (not a rebate): only such an order owes the minimum. */
        boolean paying;
    }

    private final PaperGateway.ReportSink sink;
    private final PaperContext config;
    private final Map<Integer, Book> books = new HashMap<>();
    private final List<Order> live = new ArrayList<>();
    private long restCounter;
    private long rng;
    private long reportTimeNs;

    ReferencePaperVenue(
            PaperGateway.ReportSink sink, List<Instrument> instruments, PaperContext config) {
        this.sink = sink;
        this.config = config;
        for (Instrument i : instruments) {
            books.put(i.id(), new Book(i));
        }
        rng = config.seed() ^ 0x9E3779B97F4A7C15L;
        if (rng == 0) {
            rng = 1;
        }
    }

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
        Book b = books.get(instrumentId);
        if (b == null || live.size() >= config.maxOpenOrders()) {
            reportTimeNs = cause.exchangeTimeNs + config.latencyNs();
            RingEvent r = report(orderId, instrumentId, side, ExecType.REJECTED);
            r.execRejectReason =
                    b == null ? ExecRejectReason.NO_MARKET : ExecRejectReason.TOO_MANY_ORDERS;
            sink.onReport(r);
            return;
        }
        Order o = new Order();
        o.id = orderId;
        o.book = b;
        o.side = side;
        o.type = orderType;
        o.tif = orderType == OrderType.MARKET ? TimeInForce.IOC : tif;
        o.leaves = qty;
        o.limitPx = limitPx;
        o.arriveNs = cause.exchangeTimeNs + delay();
        live.add(o);
    }

    @Override
    public void cancel(long orderId, int instrumentId, RingEvent cause) {
        for (Order o : live) {
            if (o.id == orderId) {
                o.cancelNs =
                        Math.min(o.cancelNs, Math.max(cause.exchangeTimeNs + delay(), o.arriveNs));
                return;
            }
        }
    }

    @Override
    public void onMarketData(RingEvent e) {
        if (e.type != EventType.BOOK && e.type != EventType.TRADE) {
            return;
        }
        long now = e.exchangeTimeNs;
        reportTimeNs = now + config.latencyNs();
        for (Order o : live) {
            if (!o.resting && o.arriveNs <= now) {
                arrive(o);
            }
            if (o.leaves > 0 && o.cancelNs <= now) {
                cancelRest(o);
            }
        }
        live.removeIf(o -> o.leaves == 0);
        Book b = books.get(e.instrumentId);
        if (b == null) {
            return;
        }
        if (e.type == EventType.BOOK) {
            newBook(b, e);
            for (Order o : restingByPriority(b, Side.BUY)) {
                onBook(o);
            }
            for (Order o : restingByPriority(b, Side.SELL)) {
                onBook(o);
            }
        } else if (e.tradeQty > 0) {
            if (e.tradeAggressor != Side.BUY) {
                onPrint(restingByPriority(b, Side.BUY), e.tradePx, e.tradeQty);
            }
            if (e.tradeAggressor != Side.SELL) {
                onPrint(restingByPriority(b, Side.SELL), e.tradePx, e.tradeQty);
            }
        }
        live.removeIf(o -> o.leaves == 0);
    }

    /**
     * A side's visible levels: from the top down to the first empty level, at most {@code levels}.
     */
    private static List<Level> visible(long[] px, long[] qty, int levels) {
        List<Level> out = new ArrayList<>();
        for (int l = 0; l < levels && px[l] > 0; l++) {
            out.add(new Level(px[l], qty[l]));
        }
        return out;
    }

    private static void newBook(Book b, RingEvent e) {
        b.levels = e.levels;
        b.asks = visible(e.askPx, e.askQty, e.levels);
        b.bids = visible(e.bidPx, e.bidQty, e.levels);
        carryTaken(b.takenAsk, b.asks);
        carryTaken(b.takenBid, b.bids);
    }

    /** What we took stays taken while its price is shown, at most the size shown there. */
    private static void carryTaken(Map<Long, Long> taken, List<Level> side) {
        Map<Long, Long> next = new TreeMap<>();
        for (Map.Entry<Long, Long> t : taken.entrySet()) {
            for (Level l : side) {
                if (l.px() == t.getKey()) {
                    long keep = Math.min(t.getValue(), l.qty());
                    if (keep > 0) {
                        next.put(l.px(), keep);
                    }
                    break;
                }
            }
        }
        taken.clear();
        taken.putAll(next);
    }

    private static long available(Book b, byte takerSide, Level l) {
        byte bookSide = takerSide == Side.BUY ? Side.SELL : Side.BUY;
        return Math.max(0, l.qty() - b.taken(bookSide).getOrDefault(l.px(), 0L));
    }

    private static void take(Book b, byte takerSide, long px, long qty) {
        byte bookSide = takerSide == Side.BUY ? Side.SELL : Side.BUY;
        b.taken(bookSide).merge(px, qty, Long::sum);
    }

    private static boolean reaches(Order o, long px) {
        return o.type == OrderType.MARKET
                || (o.side == Side.BUY ? px <= o.limitPx : px >= o.limitPx);
    }

    /** Opposite levels our order reaches, best first, stopping at the first it does not. */
    private static List<Level> reachable(Order o) {
        List<Level> out = new ArrayList<>();
        for (Level l : o.book.side(o.side == Side.BUY ? Side.SELL : Side.BUY)) {
            if (!reaches(o, l.px())) {
                break;
            }
            out.add(l);
        }
        return out;
    }

    private void arrive(Order o) {
        Book b = o.book;
        if (b.levels == 0 && o.type == OrderType.MARKET) {
            cancelRest(o);
            return;
        }
        List<Level> reach = reachable(o);
        if (o.tif == TimeInForce.FOK) {
            long total = 0;
            for (Level l : reach) {
                total += available(b, o.side, l);
            }
            if (total < o.leaves) {
                cancelRest(o);
                return;
            }
        }
        for (Level l : reach) {
            long q = Math.min(o.leaves, available(b, o.side, l));
            if (q > 0) {
                take(b, o.side, l.px(), q);
                fill(o, l.px(), q, false);
            }
            if (o.leaves == 0) {
                return;
            }
        }
        if (o.tif != TimeInForce.GTC || o.type != OrderType.LIMIT) {
            cancelRest(o);
            return;
        }
        o.resting = true;
        o.restSeq = restCounter++;
        long shown = shownAt(b, o.side, o.limitPx);
        o.aheadKnown = shown >= 0;
        o.queueAhead = Math.max(0, shown);
        o.levelSeen = Math.max(0, shown);
        RingEvent r = report(o.id, b.instrument.id(), o.side, ExecType.ACK);
        r.execLeavesQty = o.leaves;
        r.execCumQty = o.cum;
        sink.onReport(r);
    }

    /**
     * Size shown at {@code px} on our own side; 0 inside the visible range, -1 beyond a full-depth
     * side.
     */
    private static long shownAt(Book b, byte side, long px) {
        List<Level> levels = b.side(side);
        for (Level l : levels) {
            if (l.px() == px) {
                return l.qty();
            }
        }
        if (levels.isEmpty()) {
            return 0;
        }
        long deepest = levels.get(levels.size() - 1).px();
        boolean beyond = side == Side.BUY ? px < deepest : px > deepest;
        return beyond && levels.size() == b.levels ? -1 : 0;
    }

    private List<Order> restingByPriority(Book b, byte side) {
        List<Order> out = new ArrayList<>();
        for (Order o : live) {
            if (o.resting && o.leaves > 0 && o.book == b && o.side == side) {
                out.add(o);
            }
        }
        Comparator<Order> byPrice =
                Comparator.comparingLong(o -> side == Side.BUY ? -o.limitPx : o.limitPx);
        out.sort(byPrice.thenComparingLong(o -> o.restSeq));
        return out;
    }

    private void onBook(Order o) {
        Book b = o.book;
        long crossed = 0;
        for (Level l : reachable(o)) {
            long q = Math.min(o.leaves - crossed, available(b, o.side, l));
            if (q > 0) {
                take(b, o.side, l.px(), q);
                crossed += q;
            }
        }
        if (crossed > 0) {
            fill(o, o.limitPx, crossed, true);
            if (o.leaves == 0) {
                return;
            }
        }
        long shown = shownAt(b, o.side, o.limitPx);
        if (shown < 0) {
            return;
        }
        if (!o.aheadKnown) {
            o.aheadKnown = true;
            o.queueAhead = shown;
            o.levelSeen = shown;
            o.tradedSinceBook = 0;
            return;
        }
        long expected = Math.max(0, o.levelSeen - o.tradedSinceBook);
        if (shown < expected) {
            long behind = Math.max(0, expected - o.queueAhead);
            o.queueAhead -= offAhead(o.queueAhead, behind, expected - shown);
        }
        o.queueAhead = Math.min(o.queueAhead, shown);
        if (o.queueAhead < 0) {
            o.queueAhead = 0;
        }
        o.levelSeen = shown;
        o.tradedSinceBook = 0;
    }

    private long offAhead(long ahead, long behind, long drop) {
        if (config.queueModel() == PaperGateway.QueueModel.OPTIMISTIC) {
            return drop;
        }
        if (config.queueModel() == PaperGateway.QueueModel.RISK_AVERSE || ahead == 0) {
            return 0;
        }
        double fa = f(ahead);
        double fb = f(behind);
        double shareBehind = fb / (fb + fa);
        double expectedBehind = shareBehind * drop;
        // The part of the drop expected behind that is more than there is behind came from ahead.
        return Math.round((1.0 - shareBehind) * drop + Math.max(0.0, expectedBehind - behind));
    }

    private double f(long x) {
        return config.queueFunction() == PaperGateway.QueueFunction.LOG
                ? StrictMath.log1p(x)
                : StrictMath.pow(x, config.queuePower());
    }

    private void onPrint(List<Order> side, long px, long printed) {
        long left = printed;
        for (Order o : side) {
            long through = o.side == Side.BUY ? o.limitPx - px : px - o.limitPx;
            if (through > 0) {
                long q;
                if (config.tradeThrough() == PaperGateway.TradeThrough.FULL) {
                    q = o.leaves;
                } else if (config.tradeThrough() == PaperGateway.TradeThrough.PENETRATION) {
                    long needed = config.penetrationTicks() * o.book.instrument.tickSize();
                    q = through >= needed ? o.leaves : 0;
                } else {
                    q = Math.min(o.leaves, left);
                }
                if (q > 0) {
                    o.queueAhead = 0;
                    fill(o, o.limitPx, q, true);
                    left = Math.max(0, left - q);
                }
            } else if (through == 0 && o.aheadKnown) {
                o.tradedSinceBook += printed;
                long reachingUs = Math.max(0, left - o.queueAhead);
                o.queueAhead = Math.max(0, o.queueAhead - left);
                long q = Math.min(o.leaves, reachingUs);
                if (q > 0) {
                    fill(o, o.limitPx, q, true);
                    left -= q;
                }
            }
        }
    }

    private void fill(Order o, long px, long qty, boolean maker) {
        o.leaves -= qty;
        o.cum += qty;
        RingEvent r =
                report(
                        o.id,
                        o.book.instrument.id(),
                        o.side,
                        o.leaves == 0 ? ExecType.FILL : ExecType.PARTIAL_FILL);
        r.execLastPx = px;
        r.execLastQty = qty;
        r.execLeavesQty = o.leaves;
        r.execCumQty = o.cum;
        // The order's commission due after this fill, less what it was due before; plus stamp duty.
        Instrument i = o.book.instrument;
        long before =
                o.commissions.isEmpty() ? 0 : Money.commissionDue(i, sum(o.commissions), o.paying);
        o.commissions.add(Money.commission(i, px, qty, maker));
        o.paying |= Money.paysMinimum(i, maker);
        long after = Money.commissionDue(i, sum(o.commissions), o.paying);
        r.execFee = after - before + Money.stampDuty(i, o.side, px, qty, reportTimeNs);
        sink.onReport(r);
    }

    private static long sum(List<Long> values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }

    private void cancelRest(Order o) {
        RingEvent r = report(o.id, o.book.instrument.id(), o.side, ExecType.CANCELED);
        r.execLeavesQty = 0;
        r.execCumQty = o.cum;
        sink.onReport(r);
        o.leaves = 0;
    }

    private RingEvent report(long orderId, int instrumentId, byte side, byte execType) {
        RingEvent r = new RingEvent();
        r.type = EventType.EXEC_REPORT;
        r.instrumentId = instrumentId;
        r.exchangeTimeNs = reportTimeNs;
        r.receiveTimeNs = reportTimeNs;
        r.execOrderId = orderId;
        r.execSide = side;
        r.execType = execType;
        return r;
    }

    private long delay() {
        long j = config.jitterNs();
        if (j == 0) {
            return config.latencyNs();
        }
        rng ^= rng >>> 12;
        rng ^= rng << 25;
        rng ^= rng >>> 27;
        return config.latencyNs() + Math.floorMod(rng * 0x2545F4914F6CDD1DL, j + 1);
    }

    @Override
    public long queueAhead(long orderId) {
        for (Order o : live) {
            if (o.id == orderId && o.resting) {
                return o.aheadKnown ? o.queueAhead : -1;
            }
        }
        return -1;
    }

    @Override
    public int liveOrders() {
        return live.size();
    }
}
