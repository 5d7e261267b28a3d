package io.tickring.adapters.paper;

import io.tickring.adapters.OrderGateway;
import io.tickring.core.EventPublisher;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.instrument.Instrument;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * A simulated venue that fills orders the way the recorded book says they could have filled.
 *
 * <ul>
 *   <li><b>Latency.</b> An order or cancel reaches the venue at {@code cause time + fixed +
 *       jitter}, jitter uniform in {@code [0, jitter]} from a seeded generator. It is matched on
 *       the first market event at or after that time, against the book as it stood just before that
 *       event. Every report of that match is stamped {@code event time + fixed}, so no report is
 *       ever earlier than its triggering event plus the Sequencer's look-ahead ({@code fixed}).
 *   <li><b>Taking.</b> Market and marketable limit quantity walks the opposite side of the last
 *       book, level by level (one report per level), and the walked quantity is removed from the
 *       gateway's copy of the book until the next BOOK replaces it. IOC and market remainders are
 *       cancelled; a FOK that the visible book within its limit cannot fill in full is cancelled
 *       untouched.
 *   <li><b>Resting.</b> A GTC remainder rests with a queue ahead equal to the displayed size at its
 *       price on arrival. Trades at that price (not by an aggressor on our own side) consume the
 *       queue ahead first and then fill the order; size decreases at the level not explained by
 *       those trades shrink the queue ahead too, and the queue ahead never exceeds the displayed
 *       size. The order fills in full when a trade prints through its price, and up to the crossing
 *       size when the opposite side of a book crosses its price. Resting fills are maker fills at
 *       the order's price.
 *   <li><b>Fees</b> per fill, in fixed-point price units rounded half up to the cent: the maker or
 *       taker rate on the notional, at least the minimum commission (rebates are not floored), plus
 *       stamp duty on sells.
 * </ul>
 *
 * <p>Single-threaded: called on the router's thread only, which keeps matching deterministic.
 * Allocation-free in steady state (orders come from a pool fixed at construction).
 */
public final class PaperGateway implements OrderGateway {
    /**
     * @param latencyNs fixed order-entry and cancel latency, also the minimum of the model (&gt;=
     *     0)
     * @param jitterNs largest extra latency drawn uniformly per order or cancel (&gt;= 0)
     * @param seed seed of the jitter
     * @param maxOpenOrders pool size: live orders beyond it are rejected
     */
    public record Config(long latencyNs, long jitterNs, long seed, int maxOpenOrders) {
        public Config {
            if (latencyNs < 0 || jitterNs < 0 || maxOpenOrders <= 0) {
                throw new IllegalArgumentException(
                        "latency and jitter must be >= 0, maxOpenOrders > 0");
            }
        }
    }

    /** Where reports go: the gateway's ingress queue in an engine, a list in tests. */
    @FunctionalInterface
    public interface ReportSink {
        /** Takes a copy of {@code report}; the gateway reuses the object. */
        void onReport(RingEvent report);
    }

    /** Reject reason of a report: no book, or the order pool is full. */
    public static final int REJECT_NO_MARKET = 1;

    public static final int REJECT_TOO_MANY_ORDERS = 2;

    private final ReportSink sink;
    private final Config config;
    private final Int2ObjectHashMap<Market> markets = new Int2ObjectHashMap<>();
    private final ArrayList<Order> live;
    private final ArrayList<Order> free;
    private final RingEvent report = new RingEvent();
    private long rng;
    private long fills;
    private long reportTimeNs;

    public PaperGateway(ReportSink sink, List<Instrument> instruments, Config config) {
        this.sink = sink;
        this.config = config;
        this.rng = config.seed() ^ 0x9E3779B97F4A7C15L;
        if (rng == 0) {
            rng = 1;
        }
        for (Instrument i : instruments) {
            markets.put(i.id(), new Market(i));
        }
        live = new ArrayList<>(config.maxOpenOrders());
        free = new ArrayList<>(config.maxOpenOrders());
        for (int i = 0; i < config.maxOpenOrders(); i++) {
            free.add(new Order());
        }
    }

    /**
     * A sink that offers each report to {@code queue}, waiting for room rather than dropping one.
     */
    public static ReportSink queueSink(EventPublisher queue) {
        return r -> {
            while (!queue.offer(r)) {
                Thread.onSpinWait();
            }
        };
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
        Market m = markets.get(instrumentId);
        if (m == null || free.isEmpty()) {
            reportTimeNs = cause.exchangeTimeNs + config.latencyNs();
            begin(orderId, instrumentId, side);
            report.execType = ExecType.REJECTED;
            report.execRejectReason = m == null ? REJECT_NO_MARKET : REJECT_TOO_MANY_ORDERS;
            sink.onReport(report);
            return;
        }
        Order o = free.remove(free.size() - 1);
        o.id = orderId;
        o.market = m;
        o.side = side;
        o.type = orderType;
        o.tif = orderType == OrderType.MARKET ? TimeInForce.IOC : tif;
        o.leaves = qty;
        o.cum = 0;
        o.limitPx = limitPx;
        o.arriveNs = cause.exchangeTimeNs + delay();
        o.cancelNs = Long.MAX_VALUE;
        o.resting = false;
        live.add(o);
    }

    @Override
    public void cancel(long orderId, int instrumentId, RingEvent cause) {
        for (int i = 0; i < live.size(); i++) {
            Order o = live.get(i);
            if (o.id == orderId) {
                // A cancel never overtakes its order: the venue sees them in sending order.
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
        // Arrivals and cancels due by now, in order-id order, against the book before this event.
        for (int i = 0; i < live.size(); i++) {
            Order o = live.get(i);
            if (!o.resting && o.arriveNs <= now) {
                arrive(o);
            }
            if (o.leaves > 0 && o.cancelNs <= now) {
                finish(o, ExecType.CANCELED);
            }
        }
        removeDone();
        Market m = markets.get(e.instrumentId);
        if (m == null) {
            return;
        }
        if (e.type == EventType.BOOK) {
            m.update(e);
            for (int i = 0; i < live.size(); i++) {
                Order o = live.get(i);
                if (o.resting && o.market == m) {
                    onBook(o, m);
                }
            }
        } else {
            for (int i = 0; i < live.size(); i++) {
                Order o = live.get(i);
                if (o.resting && o.market == m) {
                    onTrade(o, e.tradePx, e.tradeQty, e.tradeAggressor);
                }
            }
        }
        removeDone();
    }

    private void arrive(Order o) {
        Market m = o.market;
        if (m.levels == 0 && o.type == OrderType.MARKET) {
            finish(o, ExecType.CANCELED);
            return;
        }
        long[] px = o.side == Side.BUY ? m.askPx : m.bidPx;
        long[] qty = o.side == Side.BUY ? m.askQty : m.bidQty;
        if (o.tif == TimeInForce.FOK) {
            long available = 0;
            for (int l = 0; l < m.levels && marketable(o, px[l]); l++) {
                available += qty[l];
            }
            if (available < o.leaves) {
                finish(o, ExecType.CANCELED);
                return;
            }
        }
        for (int l = 0; l < m.levels && o.leaves > 0 && marketable(o, px[l]); l++) {
            long take = Math.min(o.leaves, qty[l]);
            if (take > 0) {
                qty[l] -= take;
                fill(o, px[l], take, false);
            }
        }
        if (o.leaves == 0) {
            return;
        }
        if (o.tif != TimeInForce.GTC || o.type != OrderType.LIMIT) {
            finish(o, ExecType.CANCELED);
            return;
        }
        o.resting = true;
        long shown = m.sizeAt(o.side, o.limitPx);
        o.queueAhead = Math.max(0, shown);
        o.levelSeen = shown;
        o.tradedSinceBook = 0;
        begin(o.id, m.instrument.id(), o.side);
        report.execType = ExecType.ACK;
        report.execLeavesQty = o.leaves;
        report.execCumQty = o.cum;
        sink.onReport(report);
    }

    private static boolean marketable(Order o, long levelPx) {
        if (levelPx <= 0) {
            return false;
        }
        if (o.type == OrderType.MARKET) {
            return true;
        }
        return o.side == Side.BUY ? levelPx <= o.limitPx : levelPx >= o.limitPx;
    }

    private void onBook(Order o, Market m) {
        long[] px = o.side == Side.BUY ? m.askPx : m.bidPx;
        long[] qty = o.side == Side.BUY ? m.askQty : m.bidQty;
        // The opposite side crossing our price: we would have been hit first.
        long crossing = 0;
        for (int l = 0; l < m.levels && marketable(o, px[l]); l++) {
            crossing += qty[l];
        }
        if (crossing > 0) {
            long take = Math.min(o.leaves, crossing);
            long remaining = take;
            for (int l = 0; l < m.levels && remaining > 0 && marketable(o, px[l]); l++) {
                long t = Math.min(qty[l], remaining);
                qty[l] -= t;
                remaining -= t;
            }
            fill(o, o.limitPx, take, true);
            if (o.leaves == 0) {
                return;
            }
        }
        long shown = m.sizeAt(o.side, o.limitPx);
        if (shown < 0) {
            return; // deeper than the visible book: nothing to learn
        }
        if (shown < o.levelSeen) {
            long unexplained = Math.max(0, o.levelSeen - shown - o.tradedSinceBook);
            o.queueAhead = Math.max(0, o.queueAhead - unexplained);
        }
        o.queueAhead = Math.min(o.queueAhead, shown);
        o.levelSeen = shown;
        o.tradedSinceBook = 0;
    }

    private void onTrade(Order o, long tradePx, long tradeQty, byte aggressor) {
        if (tradeQty <= 0 || aggressor == o.side) {
            return; // a buyer lifting asks does not reach the bid queue
        }
        boolean through = o.side == Side.BUY ? tradePx < o.limitPx : tradePx > o.limitPx;
        if (through) {
            fill(o, o.limitPx, o.leaves, true);
            return;
        }
        if (tradePx != o.limitPx) {
            return;
        }
        o.tradedSinceBook += tradeQty;
        long beyond = tradeQty - o.queueAhead;
        o.queueAhead = Math.max(0, o.queueAhead - tradeQty);
        if (beyond > 0) {
            fill(o, o.limitPx, Math.min(beyond, o.leaves), true);
        }
    }

    private void fill(Order o, long px, long qty, boolean maker) {
        o.leaves -= qty;
        o.cum += qty;
        begin(o.id, o.market.instrument.id(), o.side);
        report.execType = o.leaves == 0 ? ExecType.FILL : ExecType.PARTIAL_FILL;
        report.execLastPx = px;
        report.execLastQty = qty;
        report.execLeavesQty = o.leaves;
        report.execCumQty = o.cum;
        report.execFee = o.market.fee(o.side, px, qty, maker);
        fills++;
        sink.onReport(report);
    }

    /** Ends an order with a CANCELED report for what is left. */
    private void finish(Order o, byte execType) {
        begin(o.id, o.market.instrument.id(), o.side);
        report.execType = execType;
        report.execLeavesQty = 0;
        report.execCumQty = o.cum;
        sink.onReport(report);
        o.leaves = 0;
    }

    private void begin(long orderId, int instrumentId, byte side) {
        RingEvent r = report;
        r.clearInput();
        r.type = EventType.EXEC_REPORT;
        r.instrumentId = instrumentId;
        r.exchangeTimeNs = reportTimeNs;
        r.receiveTimeNs = reportTimeNs;
        r.execOrderId = orderId;
        r.execSide = side;
    }

    private void removeDone() {
        for (int i = live.size() - 1; i >= 0; i--) {
            Order o = live.get(i);
            if (o.leaves == 0) {
                live.remove(i);
                o.market = null;
                free.add(o);
            }
        }
    }

    private long delay() {
        long j = config.jitterNs();
        if (j == 0) {
            return config.latencyNs();
        }
        // xorshift64*: seeded, no allocation, same sequence on every run.
        rng ^= rng >>> 12;
        rng ^= rng << 25;
        rng ^= rng >>> 27;
        long r = rng * 0x2545F4914F6CDD1DL;
        return config.latencyNs() + Math.floorMod(r, j + 1);
    }

    /** Fills reported so far. */
    public long fills() {
        return fills;
    }

    /** Orders the venue holds now (arriving or resting). */
    public int liveOrders() {
        return live.size();
    }

    /** The estimated queue ahead of live order {@code orderId}, or -1 if it is not resting. */
    public long queueAhead(long orderId) {
        for (int i = 0; i < live.size(); i++) {
            Order o = live.get(i);
            if (o.id == orderId && o.resting) {
                return o.queueAhead;
            }
        }
        return -1;
    }

    /**
     * The fee of one fill in fixed-point price units, rounded half up to the cent (or to the price
     * unit when the price scale is below 2): commission at the maker or taker rate, at least the
     * minimum commission unless it is a rebate, plus stamp duty on sells.
     */
    public static long fee(Instrument i, byte side, long px, long qty, boolean maker) {
        Instrument.Fees f = i.fees();
        long cent = centUnit(i.priceScale());
        long notional = px * qty; // currency × 10^scale
        long commission = bpsOf(notional, maker ? f.makerBps() : f.takerBps(), cent);
        long min = Math.round(f.minCommission() * i.priceMultiplier());
        if (commission >= 0 && commission < min) {
            commission = min;
        }
        long stamp = side == Side.SELL ? bpsOf(notional, f.stampDutyBps(), cent) : 0;
        return commission + stamp;
    }

    private static long centUnit(int scale) {
        long c = 1;
        for (int k = 2; k < scale; k++) {
            c *= 10;
        }
        return c;
    }

    /** notional × bps / 10^4, rounded half up (away from zero) to a multiple of {@code cent}. */
    private static long bpsOf(long notional, double bps, long cent) {
        // bps to a whole number of 10^-4 bps keeps the rates of real schedules (2.5, 0.341) exact.
        long rate = Math.round(bps * 10_000);
        if (rate == 0) {
            return 0;
        }
        BigInteger exact = null;
        long denom = 100_000_000L * cent;
        long num;
        try {
            num = Math.multiplyExact(notional, rate);
        } catch (ArithmeticException overflow) {
            exact = BigInteger.valueOf(notional).multiply(BigInteger.valueOf(rate));
            num = 0;
        }
        if (exact != null) {
            BigInteger[] qr = exact.abs().divideAndRemainder(BigInteger.valueOf(denom));
            long q = qr[0].longValue() + (qr[1].longValue() * 2 >= denom ? 1 : 0);
            return (exact.signum() < 0 ? -q : q) * cent;
        }
        long q = Math.abs(num) / denom;
        long r = Math.abs(num) % denom;
        if (r * 2 >= denom) {
            q++;
        }
        return (num < 0 ? -q : q) * cent;
    }

    /** The gateway's copy of one instrument's last book. */
    private static final class Market {
        final Instrument instrument;
        int levels;
        final long[] askPx = new long[RingEvent.MAX_LEVELS];
        final long[] askQty = new long[RingEvent.MAX_LEVELS];
        final long[] bidPx = new long[RingEvent.MAX_LEVELS];
        final long[] bidQty = new long[RingEvent.MAX_LEVELS];

        Market(Instrument instrument) {
            this.instrument = instrument;
        }

        void update(RingEvent e) {
            levels = e.levels;
            System.arraycopy(e.askPx, 0, askPx, 0, RingEvent.MAX_LEVELS);
            System.arraycopy(e.askQty, 0, askQty, 0, RingEvent.MAX_LEVELS);
            System.arraycopy(e.bidPx, 0, bidPx, 0, RingEvent.MAX_LEVELS);
            System.arraycopy(e.bidQty, 0, bidQty, 0, RingEvent.MAX_LEVELS);
        }

        /**
         * Displayed size at {@code px} on {@code side}'s own side: 0 if the price is inside the
         * visible range but shows no size, -1 if it is beyond the deepest visible level.
         */
        long sizeAt(byte side, long px) {
            long[] p = side == Side.BUY ? bidPx : askPx;
            long[] q = side == Side.BUY ? bidQty : askQty;
            int n = 0;
            for (int l = 0; l < levels; l++) {
                if (p[l] <= 0) {
                    break;
                }
                n = l + 1;
                if (p[l] == px) {
                    return q[l];
                }
            }
            if (n == 0) {
                return 0;
            }
            boolean beyond = side == Side.BUY ? px < p[n - 1] : px > p[n - 1];
            return beyond && n == levels ? -1 : 0;
        }

        long fee(byte side, long px, long qty, boolean maker) {
            return PaperGateway.fee(instrument, side, px, qty, maker);
        }
    }

    private static final class Order {
        long id;
        Market market;
        byte side;
        byte type;
        byte tif;
        long leaves;
        long cum;
        long limitPx;
        long arriveNs;
        long cancelNs;
        boolean resting;
        long queueAhead;
        long levelSeen;
        long tradedSinceBook;
    }
}
