package io.tickring.engine.stage.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The receive-age limit ({@code risk.max_receive_age}, RECEIVE_AGE) with ages worked out by hand
 * from the event fields, and the gate during a journaled overload episode (OVERLOAD).
 */
class ReceiveAgeTest {
    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;

    /** 2026-01-05 14:30:00 UTC. */
    static final long T0 = 1_767_623_400_000_000_000L;

    static final Instrument US =
            new Instrument(
                    1,
                    "SIMA",
                    "SIM",
                    2,
                    1,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE);

    final RingEvent e = new RingEvent();

    static RiskStage gate(long maxReceiveAgeNs) {
        return new RiskStage(
                new RiskContext()
                        .maxOrderQty(1_000)
                        .maxPosition(1_000)
                        .maxOrdersPerSecond(100)
                        .initialCash(1_000_000)
                        .maxDataAgeNs(5 * S)
                        .maxReceiveAgeNs(maxReceiveAgeNs),
                List.of(US));
    }

    void timer(RiskStage gate, long time) {
        e.clearInput();
        e.type = EventType.TIMER;
        e.exchangeTimeNs = time;
        e.receiveTimeNs = time;
        e.intentSide = Side.NONE;
        gate.onEvent(e);
    }

    void control(RiskStage gate, long time, int paramId) {
        e.clearInput();
        e.type = EventType.CONTROL;
        e.exchangeTimeNs = time;
        e.receiveTimeNs = time;
        e.controlCode = ControlCode.OVERLOAD;
        e.controlParamId = paramId;
        e.controlParamValue = 1;
        e.intentSide = Side.NONE;
        gate.onEvent(e);
    }

    /** A BOOK exchanged at {@code exchange} and received at {@code receive}, with an intent. */
    void bookIntent(RiskStage gate, long exchange, long receive, byte side, long qty) {
        e.clearInput();
        e.type = EventType.BOOK;
        e.instrumentId = US.id();
        e.exchangeTimeNs = exchange;
        e.receiveTimeNs = receive;
        e.bookValid = true;
        e.bestBidPx = 10_000;
        e.bestAskPx = 10_001;
        e.mid = 100.005;
        e.scored = true;
        e.intentSide = side;
        e.intentOrderType = OrderType.LIMIT;
        e.intentQty = qty;
        e.intentPx = side == Side.BUY ? 10_001 : 10_000;
        e.intentConfidence = 1;
        gate.onEvent(e);
    }

    void fill(RiskStage gate, long time, long orderId, byte side, long qty) {
        e.clearInput();
        e.type = EventType.EXEC_REPORT;
        e.instrumentId = US.id();
        e.exchangeTimeNs = time;
        e.receiveTimeNs = time;
        e.execOrderId = orderId;
        e.execType = ExecType.FILL;
        e.execSide = side;
        e.execLastQty = qty;
        e.execLastPx = 10_001;
        e.intentSide = Side.NONE;
        gate.onEvent(e);
    }

    @Test
    void shouldComputeTheAgeFromEngineTimeOrReceiveTimeWhicheverIsLater() {
        // Engine time 10.0 s (a TIMER), data exchanged at 9.2 s and received at 9.3 s:
        // max(10.0, 9.3) - 9.2 = 0.8 s.
        assertEquals(800 * MS, RiskStage.receiveAge(10 * S, 9_200 * MS, 9_300 * MS));
        // The feed delivered late: engine time 10.0 s, exchanged 9.9 s, received 10.7 s:
        // max(10.0, 10.7) - 9.9 = 0.8 s.
        assertEquals(800 * MS, RiskStage.receiveAge(10 * S, 9_900 * MS, 10_700 * MS));
    }

    @Test
    void shouldRejectDataWhoseReceiveAgePassesTheLimit() {
        RiskStage gate = gate(500 * MS);
        // The TIMER at T0 + 10 s moved engine time on while a BOOK of T0 + 9.2 s waited in the
        // queue: its age at the decision is 10.0 - 9.2 = 0.8 s > 0.5 s.
        timer(gate, T0 + 10 * S);
        bookIntent(gate, T0 + 9_200 * MS, T0 + 9_300 * MS, Side.BUY, 10);
        assertEquals(RiskVerdict.REJECT, e.riskVerdict);
        assertEquals("RECEIVE_AGE", RiskReason.name(e.riskReason));
        assertEquals(1, gate.rejects(RiskReason.RECEIVE_AGE));
        // Exchanged at 9.6 s, received at 9.7 s: 10.0 - 9.6 = 0.4 s <= 0.5 s passes.
        bookIntent(gate, T0 + 9_600 * MS, T0 + 9_700 * MS, Side.BUY, 10);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict, RiskReason.name(e.riskReason));
        // Exactly at the limit passes: 10.0 - 9.5 = 0.5 s.
        bookIntent(gate, T0 + 9_500 * MS, T0 + 9_500 * MS, Side.BUY, 10);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict, RiskReason.name(e.riskReason));
        // Late delivery: exchanged 10.1 s, received 10.7 s; engine time is then 10.1 s (this
        // event), so the age is 10.7 - 10.1 = 0.6 s > 0.5 s.
        bookIntent(gate, T0 + 10_100 * MS, T0 + 10_700 * MS, Side.BUY, 10);
        assertEquals(RiskVerdict.REJECT, e.riskVerdict);
        assertEquals("RECEIVE_AGE", RiskReason.name(e.riskReason));
    }

    @Test
    void shouldLeaveTheLimitOffAtZero() {
        RiskStage gate = gate(0);
        timer(gate, T0 + 10 * S);
        bookIntent(gate, T0 + 9_200 * MS, T0 + 9_300 * MS, Side.BUY, 10);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict, RiskReason.name(e.riskReason));
    }

    @Test
    void shouldRejectEntriesButPassExitsDuringAnOverloadEpisode() {
        RiskStage gate = gate(0);
        bookIntent(gate, T0, T0, Side.BUY, 10);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict);
        fill(gate, T0 + MS, e.orderId, Side.BUY, 10);
        control(gate, T0 + 2 * MS, Overload.paramId(Overload.START, Overload.INGRESS, 0));
        assertTrue(gate.overloaded());
        bookIntent(gate, T0 + 3 * MS, T0 + 3 * MS, Side.BUY, 10);
        assertEquals(RiskVerdict.REJECT, e.riskVerdict);
        assertEquals("OVERLOAD", RiskReason.name(e.riskReason));
        // An exit (selling the 10 held) passes.
        bookIntent(gate, T0 + 4 * MS, T0 + 4 * MS, Side.SELL, 10);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict, RiskReason.name(e.riskReason));
        fill(gate, T0 + 4 * MS + 1, e.orderId, Side.SELL, 10);
        // A per-type END does not close the episode; the closing END (type 0) does.
        control(
                gate,
                T0 + 5 * MS,
                Overload.paramId(Overload.END, Overload.INGRESS, EventType.BOOK));
        assertTrue(gate.overloaded());
        control(gate, T0 + 6 * MS, Overload.paramId(Overload.END, Overload.INGRESS, 0));
        assertFalse(gate.overloaded());
        bookIntent(gate, T0 + 7 * MS, T0 + 7 * MS, Side.BUY, 10);
        assertEquals(RiskVerdict.ACCEPT, e.riskVerdict, RiskReason.name(e.riskReason));
        assertEquals(1, gate.overloadEpisodes());
    }
}
