package io.tickring.adapters.paper;

import io.tickring.adapters.OrderGateway;
import io.tickring.core.ControlCode;
import io.tickring.core.EventPublisher;
import io.tickring.core.EventType;
import io.tickring.core.ExecRejectReason;
import io.tickring.core.ExecType;
import io.tickring.core.KillSwitch;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.Money;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * A simulated venue that fills orders the way the recorded book says they could have filled, and
 * never more kindly than the recording allows.
 *
 * <ul>
 *   <li><b>Latency.</b> An order or cancel leaves the engine at {@code cause time + decision
 *       latency} and reaches the venue after its order-entry or cancel latency ({@link
 *       LatencyModel}s in the context; by default {@code fixed + jitter}, jitter uniform in {@code
 *       [0, jitter]}, all drawn from seeded generators). It is matched on the first market event at
 *       or after that time, against the book as it stood just before that event. Every report of
 *       that match is stamped {@code event time + response latency} ({@code fixed}, or a
 *       recording's interpolated response latency), so no report is ever earlier than the event it
 *       follows from plus {@link PaperContext#minReportLatencyNs()}, the Sequencer's look-ahead. On
 *       each market event, due arrivals and cancels are handled first, in submission order; a fill
 *       of an order whose cancel is still on its way is counted ({@link #fillsAfterCancel()}).
 *   <li><b>Taking.</b> Market and marketable limit quantity walks the opposite side of the last
 *       book, level by level (one report per level). Liquidity this venue took stays consumed until
 *       the book shows the level refilled: a level's consumed quantity is carried to each new BOOK
 *       that still shows its price, capped by the size shown there, and forgotten when the price is
 *       no longer shown. IOC and market remainders are cancelled; a FOK that the available book
 *       within its limit cannot fill in full is cancelled untouched.
 *   <li><b>Resting.</b> A GTC remainder rests with a queue ahead equal to the displayed size at its
 *       price on arrival; an order priced beyond the visible depth gets the displayed size ahead of
 *       it when its level first appears, and until then no print at its price fills it. Our own
 *       resting orders keep price-time priority among themselves: one print, and one crossing book,
 *       is shared among them in that order, never credited to each. A print at our price (not by an
 *       aggressor on our own side) consumes the queue ahead first; what is left of it fills the
 *       order. Size decreases that trades do not explain move the queue ahead as the {@link
 *       QueueModel} says, and the queue ahead never exceeds the displayed size. A print through our
 *       price fills as the {@link TradeThrough} choice says; the opposite side of a book crossing
 *       our price fills up to the crossing size that is still available. Resting fills are maker
 *       fills at the order's price.
 *   <li><b>Quotes.</b> A QUOTE (the venue's best bid/ask between depth updates) replaces the last
 *       book's touch: levels at or through the quote's prices go, the levels behind them stay, and
 *       arrivals, resting orders and consumed liquidity then see that book, exactly as after a
 *       BOOK. A crossed, locked or empty quote is ignored; the next BOOK replaces the whole book.
 *   <li><b>Fees</b> per fill from {@link Money}, in the settlement currency's money units rounded
 *       half away from zero to its smallest unit: the maker or taker rate on the notional, the
 *       minimum commission once per order over its fills (never on a rebate-only order, so a rebate
 *       is never turned into a charge), plus stamp duty on sells at the rate of the fill's date.
 * </ul>
 *
 * <p><b>Kill switch.</b> Every call first reads the engine's {@link KillSwitch}, an out-of-band
 * latch an operator's {@code kill} trips the moment it is received, however far behind the ring is.
 * While it is tripped the venue releases nothing: an order submitted is rejected ({@link
 * ExecRejectReason#KILL_SWITCH}) and never reaches the venue. On the first call after a trip, every
 * order the venue holds (arriving or resting) ends at once with a CANCELED report carrying {@code
 * KILL_SWITCH}, stamped like any report of that call; the kill acts on this venue's own orders
 * without a cancel latency, so none of them fills after it. The reports go to the sink like every
 * other, so they are journaled inputs and replay follows them; the latch itself never changes what
 * the router writes. A rearm lifts the latch, and the next trip cancels again.
 *
 * <p>The trip's moment is wall-clock, so the venue says where in ring order it acted: ahead of the
 * trip's reports it sends a CONTROL {@link ControlCode#LATCHED} record naming the call (the ring
 * sequence of the router's event and the number of venue calls for that event before it). {@code
 * run --resume} reads these from the journal and gives the rebuilt venue a {@link
 * #recoverLatch(long[], int[]) schedule}: it trips the latch at the same calls, so the rebuilt
 * venue makes the journal's reports again and the resumed engine comes back latched.
 *
 * <p>Single-threaded: called on the router's thread only, which keeps matching deterministic; the
 * probabilistic queue model is an expectation, not a draw, and uses {@link StrictMath}, so replay
 * is exact. Allocation-free in steady state (orders come from a pool fixed at construction; the
 * resting lists and book copies are sized at construction).
 */
public final class PaperGateway implements OrderGateway {
    /** How the queue ahead of a resting order moves when the displayed size at its price falls. */
    public enum QueueModel {
        /** Only trades at our price shrink the queue ahead; cancels are all assumed behind us. */
        RISK_AVERSE("risk-averse"),
        /**
         * A decrease not explained by trades is split between ahead and behind: the share behind is
         * {@code f(behind) / (f(behind) + f(ahead))} (Rigtorp's estimator, as in hftbacktest's
         * {@code ProbQueueModel}), as an expectation rounded half up.
         */
        PROBABILISTIC("probabilistic"),
        /**
         * Every unexplained decrease comes off the queue ahead (the venue's behaviour before issue
         * 9).
         */
        OPTIMISTIC("optimistic");

        private final String configName;

        QueueModel(String configName) {
            this.configName = configName;
        }

        /** The name used in configuration files. */
        public String configName() {
            return configName;
        }
    }

    /** The {@code f} of the probabilistic queue model. */
    public enum QueueFunction {
        /** {@code f(x) = x^power}. */
        POWER,
        /** {@code f(x) = ln(1 + x)}. */
        LOG
    }

    /** What a print through a resting order's price fills. */
    public enum TradeThrough {
        /** At most the printed size, shared with our other orders the print reaches. */
        PRINT_SIZE("print-size"),
        /** The whole remainder, whatever the print's size. */
        FULL("full"),
        /**
         * The whole remainder, but only once a print is at least {@code penetrationTicks} through.
         */
        PENETRATION("penetration");

        private final String configName;

        TradeThrough(String configName) {
            this.configName = configName;
        }

        /** The name used in configuration files. */
        public String configName() {
            return configName;
        }
    }

    /** Where reports go: the gateway's ingress queue in an engine, a list in tests. */
    @FunctionalInterface
    public interface ReportSink {
        /** Takes a copy of {@code report}; the gateway reuses the object. */
        void onReport(RingEvent report);
    }

    private final ReportSink sink;
    private final PaperContext context;
    private final KillSwitch killSwitch;

    /** The trip episode of the latch this venue has acted on ({@link KillSwitch#episode()}). */
    private long killHandledEpisode;

    /** The ring sequence of the router's event this venue is called for, and the call's number. */
    private long callSequence = Long.MIN_VALUE;

    private int callIndex;

    /** Recovery: the calls at which the journal says the latch was tripped (none in a live run). */
    private long[] latchSequences = new long[0];

    private int[] latchCalls = new int[0];
    private int nextLatch;

    private long killRejects;
    private long killCancels;
    private final Int2ObjectHashMap<Market> markets = new Int2ObjectHashMap<>();

    /** Arriving and resting orders in submission order. */
    private final ArrayList<Order> live;

    private final ArrayList<Order> free;
    private final RingEvent report = new RingEvent();
    private long rng;
    private long rngDecision;
    private long fills;
    private long fillsAfterCancel;
    private long reportTimeNs;

    /**
     * @param sink where reports go
     * @param instruments every instrument the venue trades
     * @param context the venue's parameters; concluded here if the caller has not
     */
    public PaperGateway(ReportSink sink, List<Instrument> instruments, PaperContext context) {
        this(sink, instruments, context, new KillSwitch());
    }

    /**
     * @param sink where reports go
     * @param instruments every instrument the venue trades
     * @param context the venue's parameters; concluded here if the caller has not
     * @param killSwitch the engine's kill latch, read before anything is released
     */
    public PaperGateway(
            ReportSink sink,
            List<Instrument> instruments,
            PaperContext context,
            KillSwitch killSwitch) {
        this.sink = sink;
        this.killSwitch = killSwitch;
        this.context = context.conclude();
        this.rng = context.seed() ^ 0x9E3779B97F4A7C15L;
        if (rng == 0) {
            rng = 1;
        }
        // Its own stream, so adding a decision latency leaves the entry and cancel draws as they
        // were.
        this.rngDecision = context.seed() ^ 0xD1B54A32D192ED03L;
        if (rngDecision == 0) {
            rngDecision = 1;
        }
        for (Instrument i : instruments) {
            markets.put(i.id(), new Market(i, context.maxOpenOrders()));
        }
        live = new ArrayList<>(context.maxOpenOrders());
        free = new ArrayList<>(context.maxOpenOrders());
        for (int i = 0; i < context.maxOpenOrders(); i++) {
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
        enter(cause);
        Market m = markets.get(instrumentId);
        boolean killed = killSwitch.tripped();
        if (m == null || free.isEmpty() || killed) {
            reportTimeNs = cause.exchangeTimeNs + responseNs(cause.exchangeTimeNs);
            if (killed) {
                onKill();
                killRejects++;
            }
            begin(orderId, instrumentId, side);
            report.execType = ExecType.REJECTED;
            report.execRejectReason =
                    killed
                            ? ExecRejectReason.KILL_SWITCH
                            : m == null
                                    ? ExecRejectReason.NO_MARKET
                                    : ExecRejectReason.TOO_MANY_ORDERS;
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
        o.commissionAccrued = 0;
        o.commissionCharged = 0;
        o.paying = false;
        o.limitPx = limitPx;
        long sent = cause.exchangeTimeNs + decisionNs(cause.exchangeTimeNs);
        o.arriveNs = sent + entryNs(context.orderLatency(), sent);
        o.cancelNs = Long.MAX_VALUE;
        o.resting = false;
        live.add(o);
    }

    @Override
    public void cancel(long orderId, int instrumentId, RingEvent cause) {
        enter(cause);
        if (killSwitch.tripped()) {
            // The trip ended every order the venue held; this one is gone already.
            reportTimeNs = cause.exchangeTimeNs + responseNs(cause.exchangeTimeNs);
            onKill();
            return;
        }
        for (int i = 0; i < live.size(); i++) {
            Order o = live.get(i);
            if (o.id == orderId) {
                // A cancel never overtakes its order: the venue sees them in sending order.
                long sent = cause.exchangeTimeNs + decisionNs(cause.exchangeTimeNs);
                o.cancelNs =
                        Math.min(
                                o.cancelNs,
                                Math.max(
                                        sent + entryNs(context.cancelLatency(), sent), o.arriveNs));
                return;
            }
        }
    }

    @Override
    public void onMarketData(RingEvent e) {
        if (e.type != EventType.BOOK && e.type != EventType.TRADE && e.type != EventType.QUOTE) {
            return;
        }
        enter(e);
        long now = e.exchangeTimeNs;
        reportTimeNs = now + responseNs(now);
        if (killSwitch.tripped()) {
            onKill();
        }
        // Arrivals and cancels due by now, in submission order, against the book before this event.
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
            onBook(m.bids, m);
            onBook(m.asks, m);
        } else if (e.type == EventType.QUOTE) {
            if (m.quote(e)) {
                onBook(m.bids, m);
                onBook(m.asks, m);
            }
        } else if (e.tradeQty > 0) {
            if (e.tradeAggressor != Side.BUY) {
                onTrade(m.bids, e.tradePx, e.tradeQty);
            }
            if (e.tradeAggressor != Side.SELL) {
                onTrade(m.asks, e.tradePx, e.tradeQty);
            }
        }
        removeDone();
    }

    /**
     * The latch is tripped: on the first call after this trip, ends every order the venue holds, in
     * submission order, stamped at {@link #reportTimeNs}. Later calls find nothing to do.
     */
    private void onKill() {
        long episode = killSwitch.episode();
        if (!killSwitch.tripped() || episode == killHandledEpisode) {
            return;
        }
        killHandledEpisode = episode;
        // Where in ring order this venue acted, ahead of the trip's reports: the journal then
        // holds what a resumed run needs to act at the same call.
        report.clearInput();
        report.type = EventType.CONTROL;
        report.exchangeTimeNs = reportTimeNs;
        report.receiveTimeNs = reportTimeNs;
        report.controlCode = ControlCode.LATCHED;
        report.controlParamValue = callSequence;
        report.controlParamId = callIndex;
        sink.onReport(report);
        for (int i = 0; i < live.size(); i++) {
            Order o = live.get(i);
            if (o.leaves > 0) {
                begin(o.id, o.market.instrument.id(), o.side);
                report.execType = ExecType.CANCELED;
                report.execLeavesQty = 0;
                report.execCumQty = o.cum;
                report.execRejectReason = ExecRejectReason.KILL_SWITCH;
                sink.onReport(report);
                o.leaves = 0;
                killCancels++;
            }
        }
        removeDone();
    }

    /**
     * Counts this call among the venue calls for the router's event {@code cause} and, in a
     * recovery, trips the latch if the journal says the live run's venue first saw a trip at this
     * call.
     */
    private void enter(RingEvent cause) {
        if (cause.sequence != callSequence) {
            callSequence = cause.sequence;
            callIndex = 0;
        } else {
            callIndex++;
        }
        if (nextLatch < latchSequences.length
                && latchSequences[nextLatch] == callSequence
                && latchCalls[nextLatch] == callIndex) {
            nextLatch++;
            killSwitch.latch(cause.exchangeTimeNs);
        }
    }

    /**
     * For {@code run --resume}: the calls at which the journal's {@link ControlCode#LATCHED}
     * records say the dead run's venue first acted on a trip of the latch, in ring order ({@code
     * sequences[i]} the router's event, {@code calls[i]} the venue calls for it before that one).
     * The latch is tripped at each of them ({@link KillSwitch#latch(long)}), so this venue acts
     * where the dead one did.
     */
    public void recoverLatch(long[] sequences, int[] calls) {
        if (sequences.length != calls.length) {
            throw new IllegalArgumentException("one call number per sequence");
        }
        latchSequences = sequences.clone();
        latchCalls = calls.clone();
        nextLatch = 0;
    }

    private void arrive(Order o) {
        Market m = o.market;
        if (m.levels == 0 && o.type == OrderType.MARKET) {
            finish(o, ExecType.CANCELED);
            return;
        }
        long[] px = o.side == Side.BUY ? m.askPx : m.bidPx;
        long[] qty = o.side == Side.BUY ? m.askQty : m.bidQty;
        long[] used = o.side == Side.BUY ? m.askConsumed : m.bidConsumed;
        if (o.tif == TimeInForce.FOK) {
            long available = 0;
            for (int l = 0; l < m.levels && marketable(o, px[l]); l++) {
                available += Math.max(0, qty[l] - used[l]);
            }
            if (available < o.leaves) {
                finish(o, ExecType.CANCELED);
                return;
            }
        }
        for (int l = 0; l < m.levels && o.leaves > 0 && marketable(o, px[l]); l++) {
            long take = Math.min(o.leaves, Math.max(0, qty[l] - used[l]));
            if (take > 0) {
                used[l] += take;
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
        o.aheadKnown = shown >= 0;
        o.queueAhead = Math.max(0, shown);
        o.levelSeen = Math.max(0, shown);
        o.tradedSinceBook = 0;
        m.rest(o);
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

    /** A new BOOK against one side's resting orders, in price-time priority. */
    private void onBook(ArrayList<Order> resting, Market m) {
        for (int i = 0; i < resting.size(); i++) {
            Order o = resting.get(i);
            if (o.leaves > 0) {
                onBook(o, m);
            }
        }
    }

    private void onBook(Order o, Market m) {
        long[] px = o.side == Side.BUY ? m.askPx : m.bidPx;
        long[] qty = o.side == Side.BUY ? m.askQty : m.bidQty;
        long[] used = o.side == Side.BUY ? m.askConsumed : m.bidConsumed;
        // The opposite side crossing our price: we would have been hit first, by what is still
        // there.
        long take = 0;
        for (int l = 0; l < m.levels && take < o.leaves && marketable(o, px[l]); l++) {
            long t = Math.min(o.leaves - take, Math.max(0, qty[l] - used[l]));
            used[l] += t;
            take += t;
        }
        if (take > 0) {
            fill(o, o.limitPx, take, true);
            if (o.leaves == 0) {
                return;
            }
        }
        long shown = m.sizeAt(o.side, o.limitPx);
        if (shown < 0) {
            return; // deeper than the visible book: nothing to learn
        }
        if (!o.aheadKnown) {
            // The level appears for the first time: everything shown there is ahead of us.
            o.aheadKnown = true;
            o.queueAhead = shown;
            o.levelSeen = shown;
            o.tradedSinceBook = 0;
            return;
        }
        long before = Math.max(0, o.levelSeen - o.tradedSinceBook);
        if (shown < before) {
            o.queueAhead -=
                    fromAhead(o.queueAhead, Math.max(0, before - o.queueAhead), before - shown);
        }
        o.queueAhead = Math.max(0, Math.min(o.queueAhead, shown));
        o.levelSeen = shown;
        o.tradedSinceBook = 0;
    }

    /** How much of an unexplained decrease {@code drop} comes off the queue {@code ahead}. */
    private long fromAhead(long ahead, long behind, long drop) {
        switch (context.queueModel()) {
            case OPTIMISTIC:
                return drop;
            case RISK_AVERSE:
                return 0;
            default:
                break;
        }
        if (ahead == 0) {
            return 0;
        }
        double fAhead = queueF(ahead);
        double fBehind = queueF(behind);
        double pBehind = fBehind / (fBehind + fAhead);
        // What the share behind cannot absorb comes from ahead too.
        double off = (1.0 - pBehind) * drop - Math.min(0.0, behind - pBehind * drop);
        return Math.round(off);
    }

    private double queueF(long x) {
        return context.queueFunction() == QueueFunction.LOG
                ? StrictMath.log1p(x)
                : StrictMath.pow(x, context.queuePower());
    }

    /**
     * One print against one side's resting orders: its size is shared among them in price-time
     * priority.
     */
    private void onTrade(ArrayList<Order> resting, long tradePx, long tradeQty) {
        long budget = tradeQty;
        for (int i = 0; i < resting.size(); i++) {
            Order o = resting.get(i);
            long through = o.side == Side.BUY ? o.limitPx - tradePx : tradePx - o.limitPx;
            if (through < 0) {
                break; // sorted: no later order is reached either
            }
            if (o.leaves == 0) {
                continue;
            }
            if (through > 0) {
                long q = throughFill(o, through, budget);
                if (q > 0) {
                    o.queueAhead = 0;
                    fill(o, o.limitPx, q, true);
                    budget = Math.max(0, budget - q);
                }
            } else if (o.aheadKnown) {
                o.tradedSinceBook += tradeQty;
                long q = Math.min(o.leaves, Math.max(0, budget - o.queueAhead));
                o.queueAhead = Math.max(0, o.queueAhead - budget);
                if (q > 0) {
                    fill(o, o.limitPx, q, true);
                    budget -= q;
                }
            }
        }
    }

    private long throughFill(Order o, long through, long budget) {
        switch (context.tradeThrough()) {
            case FULL:
                return o.leaves;
            case PENETRATION:
                return through >= context.penetrationTicks() * o.market.instrument.tickSize()
                        ? o.leaves
                        : 0;
            default:
                return Math.min(o.leaves, budget);
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
        report.execFee = o.fee(px, qty, maker, reportTimeNs);
        fills++;
        if (o.cancelNs != Long.MAX_VALUE) {
            // The cancel is on its way but the venue has not seen it: the race real venues have.
            fillsAfterCancel++;
        }
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
                if (o.resting) {
                    o.market.unrest(o);
                }
                o.market = null;
                free.add(o);
            }
        }
    }

    /** The decision latency of a decision taken on an event at {@code causeNs}. */
    private long decisionNs(long causeNs) {
        LatencyModel d = context.decisionLatency();
        if (d.kind() == LatencyModel.Kind.CONSTANT) {
            return d.a();
        }
        rngDecision = xorshift(rngDecision);
        return d.latency(causeNs, rngDecision * 0x2545F4914F6CDD1DL);
    }

    /** Engine to venue for a request sent at {@code sentNs}: {@code model}, or the legacy one. */
    private long entryNs(LatencyModel model, long sentNs) {
        if (model == null) {
            return delay();
        }
        if (model.kind() == LatencyModel.Kind.CONSTANT
                || model.kind() == LatencyModel.Kind.RECORDED) {
            return model.latency(sentNs, 0);
        }
        rng = xorshift(rng);
        return model.latency(sentNs, rng * 0x2545F4914F6CDD1DL);
    }

    /** Venue to engine for a report the venue sends at {@code venueNs}. */
    private long responseNs(long venueNs) {
        LatencyModel o = context.orderLatency();
        return o == null ? context.latencyNs() : o.responseLatency(venueNs, context.latencyNs());
    }

    private static long xorshift(long x) {
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        return x;
    }

    private long delay() {
        long j = context.jitterNs();
        if (j == 0) {
            return context.latencyNs();
        }
        // xorshift64*: seeded, no allocation, same sequence on every run.
        rng ^= rng >>> 12;
        rng ^= rng << 25;
        rng ^= rng >>> 27;
        long r = rng * 0x2545F4914F6CDD1DL;
        return context.latencyNs() + Math.floorMod(r, j + 1);
    }

    /** Fills reported so far. */
    public long fills() {
        return fills;
    }

    /**
     * Fills of orders whose cancel had been sent but had not reached the venue yet: each one a
     * cancel that lost the race to a fill, as at a real venue.
     */
    public long fillsAfterCancel() {
        return fillsAfterCancel;
    }

    /** Orders refused because the kill switch's latch was tripped. */
    public long killRejects() {
        return killRejects;
    }

    /** Orders the venue ended at a trip of the kill switch's latch. */
    public long killCancels() {
        return killCancels;
    }

    /** Orders the venue holds now (arriving or resting). */
    public int liveOrders() {
        return live.size();
    }

    /**
     * The estimated queue ahead of live order {@code orderId}, or -1 if it is not resting or rests
     * beyond the visible depth (its queue is not known yet).
     */
    public long queueAhead(long orderId) {
        for (int i = 0; i < live.size(); i++) {
            Order o = live.get(i);
            if (o.id == orderId && o.resting) {
                return o.aheadKnown ? o.queueAhead : -1;
            }
        }
        return -1;
    }

    /**
     * The gateway's copy of one instrument's last book, what we took from it, and our resting
     * orders.
     */
    private static final class Market {
        final Instrument instrument;
        int levels;
        final long[] askPx = new long[RingEvent.MAX_LEVELS];
        final long[] askQty = new long[RingEvent.MAX_LEVELS];
        final long[] bidPx = new long[RingEvent.MAX_LEVELS];
        final long[] bidQty = new long[RingEvent.MAX_LEVELS];

        /** Quantity we took at each level of the copy and that the recording still shows. */
        final long[] askConsumed = new long[RingEvent.MAX_LEVELS];

        final long[] bidConsumed = new long[RingEvent.MAX_LEVELS];
        private final long[] scratch = new long[RingEvent.MAX_LEVELS];

        /** The book a QUOTE makes, built in place (allocated once). */
        private final RingEvent merged = new RingEvent();

        /** Resting orders per side, best price first, then by the time they started resting. */
        final ArrayList<Order> bids;

        final ArrayList<Order> asks;

        Market(Instrument instrument, int capacity) {
            this.instrument = instrument;
            bids = new ArrayList<>(capacity);
            asks = new ArrayList<>(capacity);
        }

        /**
         * A QUOTE between depth updates: the last book with its touch replaced by the quote's.
         * Levels of the last book at or through the quote's price on each side are dropped (the
         * quote is newer), the levels behind it are kept; a crossed, locked or empty quote changes
         * nothing. The next BOOK replaces the whole book, as it does after a BOOK.
         *
         * @return true if the book changed
         */
        boolean quote(RingEvent e) {
            if (e.quoteBidPx <= 0
                    || e.quoteAskPx <= e.quoteBidPx
                    || e.quoteBidQty <= 0
                    || e.quoteAskQty <= 0) {
                return false;
            }
            RingEvent b = merged;
            int nb = mergeSide(b.bidPx, b.bidQty, e.quoteBidPx, e.quoteBidQty, bidPx, bidQty, true);
            int na =
                    mergeSide(b.askPx, b.askQty, e.quoteAskPx, e.quoteAskQty, askPx, askQty, false);
            b.levels = Math.max(nb, na);
            update(b);
            return true;
        }

        /** The quote's level, then the old levels strictly behind it; zeros after; the count. */
        private int mergeSide(
                long[] outPx,
                long[] outQty,
                long px,
                long qty,
                long[] oldPx,
                long[] oldQty,
                boolean bid) {
            Arrays.fill(outPx, 0);
            Arrays.fill(outQty, 0);
            outPx[0] = px;
            outQty[0] = qty;
            int n = 1;
            for (int l = 0; l < levels && n < RingEvent.MAX_LEVELS; l++) {
                long p = oldPx[l];
                if (p > 0 && (bid ? p < px : p > px)) {
                    outPx[n] = p;
                    outQty[n] = oldQty[l];
                    n++;
                }
            }
            return n;
        }

        void update(RingEvent e) {
            carry(askPx, askConsumed, e.askPx, e.askQty, e.levels);
            carry(bidPx, bidConsumed, e.bidPx, e.bidQty, e.levels);
            // The book's entries, then zeros where the previous book had more: the same arrays
            // as copying all ten (a decoded event is zero beyond its levels).
            int stale = levels;
            int n = Math.min(e.levels, RingEvent.MAX_LEVELS);
            levels = e.levels;
            System.arraycopy(e.askPx, 0, askPx, 0, n);
            System.arraycopy(e.askQty, 0, askQty, 0, n);
            System.arraycopy(e.bidPx, 0, bidPx, 0, n);
            System.arraycopy(e.bidQty, 0, bidQty, 0, n);
            for (int k = n; k < stale; k++) {
                askPx[k] = 0;
                askQty[k] = 0;
                bidPx[k] = 0;
                bidQty[k] = 0;
            }
        }

        /**
         * Moves what we consumed to the new book's levels: kept where the price is still shown,
         * capped by the size shown (what others took from it is gone from both books), dropped
         * where it is not.
         */
        private void carry(
                long[] oldPx, long[] consumed, long[] newPx, long[] newQty, int newLevels) {
            // Nothing consumed (the usual book update): the result is all zeros, as it already
            // is; skip the 10-by-levels search.
            int k0 = 0;
            boolean zero = true;
            while (k0 < RingEvent.MAX_LEVELS && consumed[k0] <= 0) {
                zero &= consumed[k0] == 0;
                k0++;
            }
            if (k0 == RingEvent.MAX_LEVELS) {
                if (!zero) {
                    Arrays.fill(consumed, 0);
                }
                return;
            }
            Arrays.fill(scratch, 0);
            for (int l = 0; l < newLevels && newPx[l] > 0; l++) {
                for (int k = 0; k < RingEvent.MAX_LEVELS; k++) {
                    if (consumed[k] > 0 && oldPx[k] == newPx[l]) {
                        scratch[l] = Math.max(0, Math.min(consumed[k], newQty[l]));
                        break;
                    }
                }
            }
            System.arraycopy(scratch, 0, consumed, 0, RingEvent.MAX_LEVELS);
        }

        void rest(Order o) {
            ArrayList<Order> side = o.side == Side.BUY ? bids : asks;
            int at = side.size();
            for (int i = 0; i < side.size(); i++) {
                long p = side.get(i).limitPx;
                if (o.side == Side.BUY ? p < o.limitPx : p > o.limitPx) {
                    at = i;
                    break;
                }
            }
            side.add(at, o);
        }

        void unrest(Order o) {
            (o.side == Side.BUY ? bids : asks).remove(o);
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

        /**
         * False while the order rests beyond the visible depth and its level has not appeared yet.
         */
        boolean aheadKnown;

        long queueAhead;
        long levelSeen;
        long tradedSinceBook;

        /**
         * Commission of the fills so far, before the minimum; what of it was charged; any fill paid
         * a rate.
         */
        long commissionAccrued;

        long commissionCharged;
        boolean paying;

        /**
         * The fee of this fill: the order's commission due after it (the minimum is per order, and
         * a rebate-only order is never raised to it) less what earlier fills were charged, plus
         * stamp duty at the rate in force at {@code timeNs}.
         */
        long fee(long px, long qty, boolean maker, long timeNs) {
            Instrument i = market.instrument;
            commissionAccrued += Money.commission(i, px, qty, maker);
            paying |= Money.paysMinimum(i, maker);
            long due = Money.commissionDue(i, commissionAccrued, paying);
            long charge = due - commissionCharged;
            commissionCharged = due;
            return charge + Money.stampDuty(i, side, px, qty, timeNs);
        }
    }
}
