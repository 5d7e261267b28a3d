package io.tickring.engine.stage.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.Overload;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskReason;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random sequences of books, intents, fills, cancels and operator commands through the gate
 * with every check on (price band, no shorts, T+1, staleness, cooldown, sessions, loss trips that
 * halt or reduce), against a reference bookkeeping kept by the test: no accepted order ever
 * breaches a limit, on the prices it actually fills at (market orders walk a three-level book and
 * fill anywhere up to the price the gate sent them at); HALTED lets nothing through, REDUCING never
 * lets a position grow; and every reason code occurs.
 */
class RiskGatePropertyTest {
    static final Instrument A =
            new Instrument(
                    1,
                    "A",
                    "SIM",
                    2,
                    1,
                    10,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE);
    static final Instrument B =
            new Instrument(
                    2, "B", "SIM", 2, 5, 1, "USD", ZoneOffset.UTC, List.of(), Instrument.Fees.NONE);

    /** An A-share: T+1, lots of 100, sessions 00:00-10:00 and 12:00-20:00 UTC. */
    static final Instrument C =
            new Instrument(
                    3,
                    "C",
                    "SSE",
                    2,
                    1,
                    100,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(
                            new Instrument.SessionWindow(0, 600),
                            new Instrument.SessionWindow(720, 1200)),
                    Instrument.Fees.NONE);

    /** In the registry, not allowed to trade. */
    static final Instrument D =
            new Instrument(
                    4, "D", "SIM", 2, 1, 1, "USD", ZoneOffset.UTC, List.of(), Instrument.Fees.NONE);

    static final List<Instrument> ALL = List.of(A, B, C, D);
    static final int N = 5; // instrument ids 1..4; 9 is not in the registry
    static final int SLOTS = 4;
    static final double CASH = 12_000;
    static final int SEQUENCES = 10_000;
    static final double EPS = 1e-6;

    /**
     * Limits with every check on; bits of {@code variant} vary the rest: clamp or reject, halt or
     * reduce on a loss, a gross exposure below the cash or above it (so either binds), the daily
     * loss limit on or off (with it on, it trips before the drawdown nearly always).
     */
    static RiskContext limits(int variant) {
        boolean clamp = (variant & 1) == 0;
        boolean lossHalts = (variant & 2) == 0;
        return new RiskContext()
                .maxOrderQty(100)
                .maxPosition(250)
                .maxOrdersPerSecond(5)
                .maxOrdersPerDay(8)
                .minConfidence(0.2)
                .maxPositionNotional(10_000)
                .maxGrossExposure((variant & 4) == 0 ? 15_000 : 7_000)
                .maxOrderNotional(4_000)
                .initialCash(CASH)
                .dailyLossLimit((variant & 8) == 0 ? 300 : 0)
                .maxDrawdown(500)
                .lossHalts(lossHalts)
                .priceBandBps(80)
                .marketCollarBps(100)
                .allowShort(false)
                .tPlusOneVenues(List.of("SSE"))
                .maxDataAgeNs(2_000_000_000L)
                .maxScoreAgeNs(1_000_000_000L)
                .maxReceiveAgeNs((variant & 32) == 0 ? 0 : 300_000_000L)
                .cooldownAfterFillNs(200_000_000L)
                .enforceSessions(true)
                .instruments(List.of("A", "B", "C"))
                .clamp(clamp);
    }

    /** The test's own view of the account, kept from the same events the gate sees. */
    static final class Model {
        final long[] pos = new long[N];
        final long[] openBuy = new long[N];
        final long[] openSell = new long[N];
        final long[] boughtToday = new long[N];
        final double[] mark = new double[N];
        final Map<Long, long[]> open =
                new LinkedHashMap<>(); // id -> {instrument, side, px, leaves}
        final ArrayDeque<Long> accepts = new ArrayDeque<>();
        double cash = CASH;
        double equity = CASH;
        double peak = CASH;
        double dayStart = CASH;
        long day = Long.MIN_VALUE;
        long ordersToday;
        int state = RiskStage.ACTIVE; // operator state only
        boolean killed; // a KILL and no REARM since: halted whatever RESUME says

        void revalue() {
            double eq = cash;
            for (int i = 1; i < N; i++) {
                if (pos[i] != 0) {
                    eq += pos[i] * mark[i];
                }
            }
            equity = eq;
            peak = Math.max(peak, eq);
        }

        double worst(int i) {
            return Math.max(Math.abs(pos[i] + openBuy[i]), Math.abs(pos[i] - openSell[i]));
        }
    }

    @Test
    void shouldNeverAcceptAnOrderThatBreachesALimit() {
        SplittableRandom rnd = new SplittableRandom(20261121L);
        long accepted = 0;
        long rejected = 0;
        long clamped = 0;
        long marketAccepted = 0;
        long[] reasons = new long[RiskReason.COUNT];
        for (int s = 0; s < SEQUENCES; s++) {
            boolean clamp = (s & 1) == 0;
            RiskContext lim = limits(s);
            // Some sequences come in bursts: the rate limit gets its turn.
            long gapNs = (s & 16) == 0 ? 400_000_000L : 30_000_000L;
            RiskStage gate = new RiskStage(lim, ALL, SLOTS);
            Model m = new Model();
            RingEvent e = new RingEvent();
            long time = 1_700_000_000_000_000_000L + rnd.nextLong(86_400_000_000_000L);
            long[] mid = {0, 3_000, 20_000, 1_000, 10_000};
            int steps = 20 + rnd.nextInt(60);
            for (int step = 0; step < steps; step++) {
                time +=
                        rnd.nextInt(20) == 0
                                ? rnd.nextLong(12 * 3_600_000_000_000L)
                                : rnd.nextLong(1, gapNs);
                long d = Math.floorDiv(time, 86_400_000_000_000L);
                if (d != m.day) {
                    m.day = d;
                    m.ordersToday = 0;
                    m.dayStart = m.equity;
                    java.util.Arrays.fill(m.boughtToday, 0);
                }
                e.clearInput();
                clearOutputs(e);
                e.exchangeTimeNs = time;
                // Now and then the data arrives late (max_receive_age, RECEIVE_AGE).
                e.receiveTimeNs = rnd.nextInt(25) == 0 ? time + rnd.nextLong(1_000_000_000L) : time;
                int kind = rnd.nextInt(100);
                if (kind < 55) {
                    if (kind < 45) {
                        book(e, m, rnd, mid);
                    } else {
                        // An intent on a print: the book and the score are as old as they are.
                        trade(e, rnd, mid);
                    }
                    intent(e, rnd, mid);
                    boolean lossBreached =
                            lim.dailyLossLimit() > 0
                                            && m.dayStart - m.equity >= lim.dailyLossLimit() - EPS
                                    || m.peak - m.equity >= lim.maxDrawdown() - EPS;
                    gate.onEvent(e);
                    assertSameAccount(gate, m, s, step);
                    if (e.riskVerdict == RiskVerdict.REJECT) {
                        rejected++;
                        reasons[e.riskReason]++;
                        continue;
                    }
                    assertTrue(
                            e.riskVerdict == RiskVerdict.ACCEPT
                                    || e.riskVerdict == RiskVerdict.CLAMP);
                    if (e.riskVerdict == RiskVerdict.CLAMP) {
                        clamped++;
                        assertTrue(clamp, "no clamps when clamping is off");
                    }
                    accepted++;
                    if (e.intentOrderType == OrderType.MARKET) {
                        marketAccepted++;
                    }
                    checkAccepted(e, m, lim, lossBreached, s, step);
                } else if (kind < 80) {
                    fill(e, m, rnd);
                    gate.onEvent(e);
                } else if (kind < 90) {
                    book(e, m, rnd, mid);
                    gate.onEvent(e);
                } else if (kind < 92) {
                    e.type = EventType.TIMER; // time moves on without market data
                    e.instrumentId = 0;
                    gate.onEvent(e);
                } else if (kind < 96) {
                    cancel(e, m, rnd);
                    gate.onEvent(e);
                } else {
                    control(e, m, rnd);
                    gate.onEvent(e);
                }
                assertSameAccount(gate, m, s, step);
                assertEquals(
                        RiskVerdict.NONE,
                        e.intentSide == Side.NONE ? e.riskVerdict : RiskVerdict.NONE);
                String at = "sequence " + s + " step " + step + ": ";
                for (int i = 1; i < N; i++) {
                    assertTrue(
                            m.worst(i) <= lim.maxPosition(),
                            at + "worst-case position within the limit");
                    assertTrue(m.pos[i] >= 0, at + "no short position of " + i);
                }
                assertTrue(m.cash >= -EPS, at + "cash spent on what filled: " + m.cash);
            }
        }
        assertTrue(accepted > 15_000, "accepted " + accepted);
        assertTrue(rejected > 50_000, "rejected " + rejected);
        assertTrue(clamped > 2_000, "clamped " + clamped);
        assertTrue(marketAccepted > 1_000, "market orders accepted " + marketAccepted);
        StringBuilder missing = new StringBuilder();
        for (int r = 1; r < RiskReason.COUNT; r++) {
            if (reasons[r] == 0) {
                missing.append(' ').append(RiskReason.name(r));
            }
        }
        assertEquals("", missing.toString(), "reason codes no sequence produced");
    }

    /**
     * The gate's positions and equity equal the test's own bookkeeping of the same fills and marks:
     * the limits below are checked against the model, so the model must be the account the gate
     * sees.
     */
    static void assertSameAccount(RiskStage gate, Model m, int s, int step) {
        for (int i = 1; i < N; i++) {
            assertEquals(
                    m.pos[i],
                    gate.position(i),
                    "sequence " + s + " step " + step + ": position of " + i);
        }
        assertEquals(
                m.equity,
                gate.equity(),
                EPS * Math.max(1, Math.abs(m.equity)),
                "sequence " + s + " step " + step + ": equity");
    }

    static void clearOutputs(RingEvent e) {
        e.intentSide = Side.NONE;
        e.intentQty = 0;
        e.intentPx = 0;
        e.intentOrderType = OrderType.NONE;
        e.intentConfidence = 0;
        e.bookValid = false;
        e.scored = false;
    }

    void checkAccepted(
            RingEvent e, Model m, RiskContext lim, boolean lossBreached, int s, int step) {
        String at = "sequence " + s + " step " + step + ": ";
        int i = e.instrumentId;
        Instrument ins = ALL.get(i - 1);
        assertTrue(i != D.id(), at + "an instrument not allowed traded");
        long q = e.approvedQty;
        assertTrue(m.state != RiskStage.HALTED, at + "HALTED accepted an order");
        assertTrue(!m.killed, at + "a KILL without REARM accepted an order");
        assertTrue(q > 0 && q <= e.intentQty && q <= lim.maxOrderQty(), at + "quantity " + q);
        long unsold = m.pos[i] - m.openSell[i];
        boolean oddRemainderSold =
                e.intentSide == Side.SELL
                        && unsold > 0
                        && q <= unsold
                        && Math.floorMod(unsold, ins.lotSize()) == q % ins.lotSize();
        assertTrue(q % ins.lotSize() == 0 || oddRemainderSold, at + "lot");
        // The price the order goes out at: a market order's protection price, the worst it fills
        // at.
        long px = e.approvedPx;
        boolean buy = e.intentSide == Side.BUY;
        if (e.intentOrderType == OrderType.LIMIT) {
            assertEquals(e.intentPx, px, at + "a limit goes out at its price");
        }
        assertEquals(0, px % ins.tickSize(), at + "tick");
        if (e.intentOrderType == OrderType.MARKET) {
            // Within the collar of the touch, 100 bps.
            assertTrue(
                    buy
                            ? px >= e.bestAskPx && px <= e.bestAskPx * 1.01 + EPS
                            : px <= e.bestBidPx && px >= e.bestBidPx * 0.99 - EPS,
                    at + "market order beyond its collar: " + px);
        }
        assertTrue(
                Math.abs(px / 100.0 - e.mid) * 10_000.0 <= lim.priceBandBps() * e.mid + EPS,
                at + "price band");
        if (i == C.id()) {
            int minute = (int) Math.floorMod(e.exchangeTimeNs / 60_000_000_000L, 1440L);
            assertTrue(
                    minute < 600 || (minute >= 720 && minute < 1200), at + "outside the session");
        }
        if (!buy) {
            long sellable =
                    i == C.id()
                            ? m.pos[i] - m.boughtToday[i] - m.openSell[i]
                            : m.pos[i] - m.openSell[i];
            assertTrue(q <= sellable, at + "sells only what is held (T+1 for C): " + sellable);
        }
        // A sell fills at its price or above: its notional is at the higher of it and the bid.
        double unit = (buy ? px : Math.max(px, e.bestBidPx)) / 100.0;
        assertTrue(q * unit <= lim.maxOrderNotional() + EPS, at + "order notional");
        long sideWorstBefore = buy ? m.pos[i] + m.openBuy[i] : -(m.pos[i] - m.openSell[i]);
        boolean reducing = sideWorstBefore < 0 && sideWorstBefore + q <= 0;
        if (m.state == RiskStage.REDUCING || lossBreached) {
            assertTrue(
                    reducing,
                    at
                            + "REDUCING or a loss breach accepted an order that grows a position: state "
                            + m.state
                            + " loss "
                            + (m.dayStart - m.equity)
                            + " drawdown "
                            + (m.peak - m.equity));
        }
        // Self-cross: no open order of ours on the other side at a price this order reaches.
        for (long[] o : m.open.values()) {
            if (o[0] == i && o[1] == -e.intentSide) {
                assertTrue(
                        e.intentOrderType == OrderType.LIMIT && (buy ? px < o[2] : px > o[2]),
                        at + "self-cross");
            }
        }
        if (!reducing) {
            long after = sideWorstBefore + q;
            assertTrue(after * unit <= lim.maxPositionNotional() + EPS, at + "position notional");
            double others = 0;
            for (int k = 1; k < N; k++) {
                if (k != i) {
                    others += m.worst(k) * m.mark[k];
                }
            }
            assertTrue(
                    others + after * unit <= lim.maxGrossExposure() + EPS, at + "gross exposure");
        }
        while (!m.accepts.isEmpty() && e.exchangeTimeNs - m.accepts.peekFirst() >= 1_000_000_000L) {
            m.accepts.pollFirst();
        }
        m.accepts.addLast(e.exchangeTimeNs);
        assertTrue(m.accepts.size() <= lim.maxOrdersPerSecond(), at + "orders in one second");
        m.ordersToday++;
        assertTrue(m.ordersToday <= lim.maxOrdersPerDay(), at + "orders per day");
        m.open.put(e.orderId, new long[] {i, e.intentSide, px, q});
        if (buy) {
            m.openBuy[i] += q;
            double reserved = 0;
            for (long[] o : m.open.values()) {
                if (o[1] == Side.BUY) {
                    reserved += o[3] * (o[2] / 100.0);
                }
            }
            assertTrue(reserved <= m.cash + EPS, at + "cash");
        } else {
            m.openSell[i] += q;
        }
    }

    static void book(RingEvent e, Model m, SplittableRandom rnd, long[] mid) {
        int i = rnd.nextInt(50) == 0 ? 9 : rnd.nextInt(10) == 0 ? 4 : 1 + rnd.nextInt(3);
        if (i == 9) {
            // Not in the registry: the gate ignores its book and rejects its intents.
            e.type = EventType.BOOK;
            e.instrumentId = 9;
            e.levels = 1;
            e.bidPx[0] = 9_999;
            e.askPx[0] = 10_001;
            e.bidQty[0] = 100;
            e.askQty[0] = 100;
            e.bookValid = true;
            e.bestBidPx = 9_999;
            e.bestAskPx = 10_001;
            e.mid = 100.0;
            e.scored = true;
            return;
        }
        long tick = i == 2 ? 5 : 1;
        mid[i] =
                Math.max(
                        100 * tick,
                        mid[i] + tick * (rnd.nextInt(41) - 20) * (rnd.nextInt(10) == 0 ? 10 : 1));
        e.type = EventType.BOOK;
        e.instrumentId = i;
        e.levels = 3;
        // Three levels, 1 to 10 ticks apart, of 10 to 60: market orders walk them.
        for (int k = 0; k < 3; k++) {
            long gap = k == 0 ? tick : tick * rnd.nextLong(1, 11);
            e.bidPx[k] = k == 0 ? mid[i] - tick : e.bidPx[k - 1] - gap;
            e.askPx[k] = k == 0 ? mid[i] + tick : e.askPx[k - 1] + gap;
            e.bidQty[k] = i == 3 ? 100 * rnd.nextLong(1, 4) : rnd.nextLong(10, 61);
            e.askQty[k] = i == 3 ? 100 * rnd.nextLong(1, 4) : rnd.nextLong(10, 61);
        }
        e.bookValid = true;
        e.bestBidPx = e.bidPx[0];
        e.bestAskPx = e.askPx[0];
        e.mid = mid[i] / 100.0;
        e.scored = rnd.nextInt(10) != 0;
        m.mark[i] = e.mid;
        m.revalue();
    }

    /**
     * A print of an instrument: its touch as the features stage keeps it, no new book, no score;
     * now and then no valid book at all.
     */
    static void trade(RingEvent e, SplittableRandom rnd, long[] mid) {
        int i = 1 + rnd.nextInt(3);
        long tick = i == 2 ? 5 : 1;
        e.type = EventType.TRADE;
        e.instrumentId = i;
        e.tradePx = mid[i];
        e.tradeQty = 1;
        e.bookValid = rnd.nextInt(10) != 0;
        e.bestBidPx = mid[i] - tick;
        e.bestAskPx = mid[i] + tick;
        e.mid = mid[i] / 100.0;
        e.scored = false;
    }

    static void intent(RingEvent e, SplittableRandom rnd, long[] mid) {
        int i = e.instrumentId;
        long tick = i == 2 ? 5 : 1;
        e.intentSide = rnd.nextBoolean() ? Side.BUY : Side.SELL;
        e.intentQty =
                rnd.nextInt(50) == 0
                        ? 0
                        : i == 3
                                ? (rnd.nextInt(5) == 0 ? 10 : 100) * rnd.nextLong(1, 4)
                                : rnd.nextInt(10) == 0
                                        ? rnd.nextLong(1, 10)
                                        : 10 * rnd.nextLong(1, 12);
        e.intentConfidence = rnd.nextDouble();
        if (rnd.nextInt(5) == 0) {
            e.intentOrderType = OrderType.MARKET;
            e.intentPx = 0;
        } else {
            e.intentOrderType = OrderType.LIMIT;
            long touch = e.intentSide == Side.BUY ? e.bestAskPx : e.bestBidPx;
            e.intentPx =
                    touch
                            + tick * (rnd.nextInt(11) - 5)
                            + (rnd.nextInt(30) == 0 ? 1 + rnd.nextInt(4) : 0)
                            + (rnd.nextInt(20) == 0 ? tick * (touch / tick / 50) : 0);
        }
    }

    static void fill(RingEvent e, Model m, SplittableRandom rnd) {
        if (m.open.isEmpty()) {
            e.type = EventType.TIMER;
            return;
        }
        List<Long> ids = new ArrayList<>(m.open.keySet());
        long id = ids.get(rnd.nextInt(ids.size()));
        long[] o = m.open.get(id);
        long qty = rnd.nextBoolean() ? o[3] : rnd.nextLong(1, o[3] + 1);
        // Fills land at the order's price or better, as a venue fills: a market order, sent as a
        // limit at its protection price, anywhere from there back toward the touch.
        int i = (int) o[0];
        long tick = i == 2 ? 5 : 1;
        long px = Math.max(tick, o[2] - o[1] * tick * rnd.nextInt(4));
        e.type = EventType.EXEC_REPORT;
        e.instrumentId = i;
        e.execOrderId = id;
        e.execSide = (byte) o[1];
        e.execLastQty = qty;
        e.execLastPx = px;
        o[3] -= qty;
        e.execLeavesQty = o[3];
        e.execType = o[3] == 0 ? ExecType.FILL : ExecType.PARTIAL_FILL;
        long signed = o[1] * qty;
        m.pos[i] += signed;
        if (o[1] == Side.BUY) {
            m.boughtToday[i] += qty;
            m.openBuy[i] -= qty;
        } else {
            m.openSell[i] -= qty;
        }
        m.cash -= signed * (px / 100.0);
        if (o[3] == 0) {
            m.open.remove(id);
        }
        m.revalue();
    }

    static void cancel(RingEvent e, Model m, SplittableRandom rnd) {
        if (m.open.isEmpty()) {
            e.type = EventType.TIMER;
            return;
        }
        List<Long> ids = new ArrayList<>(m.open.keySet());
        long id = ids.get(rnd.nextInt(ids.size()));
        long[] o = m.open.remove(id);
        int i = (int) o[0];
        e.type = EventType.EXEC_REPORT;
        e.instrumentId = i;
        e.execOrderId = id;
        e.execSide = (byte) o[1];
        e.execType = ExecType.CANCELED;
        if (o[1] == Side.BUY) {
            m.openBuy[i] -= o[3];
        } else {
            m.openSell[i] -= o[3];
        }
    }

    static void control(RingEvent e, Model m, SplittableRandom rnd) {
        if (rnd.nextInt(4) == 0) {
            // An overload episode opens or closes: entries wait for its end, nothing else changes.
            e.type = EventType.CONTROL;
            e.controlCode = ControlCode.OVERLOAD;
            e.controlParamId =
                    Overload.paramId(
                            rnd.nextBoolean() ? Overload.START : Overload.END, Overload.BACKLOG, 0);
            e.controlParamValue = 1;
            return;
        }
        byte[] codes = {
            ControlCode.HALT,
            ControlCode.RESUME,
            ControlCode.REDUCE_ONLY,
            ControlCode.KILL,
            ControlCode.RESUME,
            ControlCode.REARM
        };
        byte c = codes[rnd.nextInt(codes.length)];
        e.type = EventType.CONTROL;
        e.controlCode = c;
        if (c == ControlCode.KILL) {
            m.killed = true;
        } else if (c == ControlCode.REARM) {
            m.killed = false;
        } else if (c == ControlCode.HALT) {
            m.state = RiskStage.HALTED;
        } else if (c == ControlCode.REDUCE_ONLY) {
            m.state = RiskStage.REDUCING;
        } else {
            m.state = RiskStage.ACTIVE;
            m.peak = m.equity;
        }
    }
}
