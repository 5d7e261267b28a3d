package io.tickring.engine.stage.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tickring.adapters.OrderGateway;
import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskReason;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.codec.OutputCodec;
import io.tickring.core.codec.OutputRecord;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.stage.risk.RiskContext;
import io.tickring.engine.stage.risk.RiskStage;
import io.tickring.journal.Digests;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.OutputJournal;
import io.tickring.journal.RecordReader;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the router writes to a real output journal on disk and what it asks of the gateway, event by
 * event. The gateway here only notes its calls: the router's contract is which calls, in which
 * order.
 */
class RouterStageTest {
    static final Instrument SIMA =
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
                    new Instrument.Fees(0, 1, 0, 0));

    @TempDir Path dir;

    private final List<String> calls = new ArrayList<>();
    private final OrderGateway gateway =
            new OrderGateway() {
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
                    calls.add(
                            "submit "
                                    + orderId
                                    + " i"
                                    + instrumentId
                                    + " side "
                                    + side
                                    + " type "
                                    + orderType
                                    + " tif "
                                    + tif
                                    + " qty "
                                    + qty
                                    + " px "
                                    + limitPx
                                    + " cause #"
                                    + cause.sequence);
                }

                @Override
                public void cancel(long orderId, int instrumentId, RingEvent cause) {
                    calls.add(
                            "cancel "
                                    + orderId
                                    + " i"
                                    + instrumentId
                                    + " cause #"
                                    + cause.sequence);
                }

                @Override
                public void onMarketData(RingEvent e) {
                    calls.add("market " + EventType.name(e.type) + " #" + e.sequence);
                }
            };
    private long sequence;

    @Test
    void shouldWriteTheDecisionTheVerdictAndTheOrderOfAnAcceptedIntentThenReleaseIt() {
        List<OutputRecord> out =
                run(
                        router ->
                                router.onEvent(
                                        intent(book(), Side.BUY, 300, RiskVerdict.ACCEPT, 300, 7)));

        assertEquals(List.of(EventType.DECISION, EventType.RISK, EventType.ORDER), types(out));
        OutputRecord decision = out.get(0);
        assertEquals(0, decision.sequence);
        assertEquals(1, decision.instrumentId);
        assertEquals(Side.BUY, decision.side);
        assertEquals(OrderType.LIMIT, decision.orderType);
        assertEquals(300, decision.qty);
        assertEquals(1_000_100, decision.px);
        assertEquals(0.6, decision.pUp);
        assertEquals(0.9, decision.confidence);
        OutputRecord risk = out.get(1);
        assertEquals(RiskVerdict.ACCEPT, risk.verdict);
        assertEquals(300, risk.qty);
        assertEquals(300, risk.requestedQty);
        OutputRecord order = out.get(2);
        assertEquals(7, order.orderId);
        assertEquals(Side.BUY, order.side);
        assertEquals(TimeInForce.IOC, order.tif, "no time in force from the strategy means IOC");
        assertEquals(300, order.qty);
        assertEquals(1_000_100, order.px);
        assertEquals(
                List.of(
                        "market BOOK #0",
                        "submit 7 i1 side 1 type 2 tif 2 qty 300 px 1000100 cause #0"),
                calls);
    }

    @Test
    void shouldReleaseTheClampedQuantityAndRecordTheRequestedOne() {
        List<OutputRecord> out =
                run(
                        router ->
                                router.onEvent(
                                        intent(book(), Side.SELL, 500, RiskVerdict.CLAMP, 200, 3)));

        OutputRecord risk = out.get(1);
        assertEquals(RiskVerdict.CLAMP, risk.verdict);
        assertEquals(RiskReason.MAX_POSITION, risk.reason);
        assertEquals(200, risk.qty);
        assertEquals(500, risk.requestedQty);
        assertEquals(200, out.get(2).qty);
        assertEquals("submit 3 i1 side -1 type 2 tif 2 qty 200 px 1000100 cause #0", calls.get(1));
    }

    @Test
    void shouldWriteARejectedIntentWithoutAnOrderAndReleaseNothing() {
        RouterStage[] kept = new RouterStage[1];
        List<OutputRecord> out =
                run(
                        router -> {
                            kept[0] = router;
                            router.onEvent(intent(book(), Side.BUY, 300, RiskVerdict.REJECT, 0, 0));
                        });

        assertEquals(List.of(EventType.DECISION, EventType.RISK), types(out));
        assertEquals(RiskVerdict.REJECT, out.get(1).verdict);
        assertEquals(List.of("market BOOK #0"), calls);
        assertEquals(1, kept[0].decisions());
        assertEquals(1, kept[0].rejects());
        assertEquals(0, kept[0].orders());
    }

    @Test
    void shouldWriteNothingForEventsWithoutAnIntentAndShowTheGatewayOnlyMarketData() {
        List<OutputRecord> out =
                run(
                        router -> {
                            router.onEvent(book());
                            router.onEvent(trade());
                            router.onEvent(timer());
                            router.onEvent(exec(99, ExecType.ACK));
                        });

        assertEquals(List.of(), out);
        assertEquals(List.of("market BOOK #0", "market TRADE #1"), calls);
    }

    @ParameterizedTest
    @ValueSource(bytes = {ControlCode.HALT, ControlCode.KILL})
    void shouldCancelEveryOpenOrderInReleaseOrderOnHaltOrKill(byte code) {
        RouterStage[] kept = new RouterStage[1];
        List<OutputRecord> out =
                run(
                        router -> {
                            kept[0] = router;
                            router.onEvent(
                                    intent(book(), Side.BUY, 100, RiskVerdict.ACCEPT, 100, 1));
                            router.onEvent(
                                    intent(book(), Side.BUY, 100, RiskVerdict.ACCEPT, 100, 2));
                            router.onEvent(exec(1, ExecType.FILL));
                            router.onEvent(
                                    intent(book(), Side.SELL, 100, RiskVerdict.ACCEPT, 100, 3));
                            router.onEvent(exec(3, ExecType.PARTIAL_FILL));
                            router.onEvent(control(code));
                        });

        List<OutputRecord> cancels = out.stream().filter(r -> r.type == EventType.CANCEL).toList();
        assertEquals(
                List.of(2L, 3L),
                cancels.stream().map(r -> r.orderId).toList(),
                "the filled order is not open; a partly filled one is");
        assertEquals(
                List.of(RouterStage.CANCEL_HALT, RouterStage.CANCEL_HALT),
                cancels.stream().map(r -> r.reason).toList());
        assertEquals(
                List.of(5L, 5L),
                cancels.stream().map(r -> r.sequence).toList(),
                "cancels name their cause");
        assertEquals(
                List.of("cancel 2 i1 cause #5", "cancel 3 i1 cause #5"),
                calls.stream().filter(c -> c.startsWith("cancel")).toList());
        assertEquals(3, kept[0].orders());
        assertEquals(2, kept[0].fills());
    }

    @Test
    void shouldCancelEveryOpenOrderWhenTheGateSaysALossTrippedOnTheEvent() {
        List<OutputRecord> out =
                run(
                        router -> {
                            router.onEvent(
                                    intent(book(), Side.BUY, 100, RiskVerdict.ACCEPT, 100, 1));
                            router.onEvent(
                                    intent(book(), Side.BUY, 100, RiskVerdict.ACCEPT, 100, 2));
                            RingEvent fill = exec(1, ExecType.PARTIAL_FILL);
                            fill.riskCancelAll = true; // the gate tripped on this fill's loss
                            router.onEvent(fill);
                        });

        List<OutputRecord> cancels = out.stream().filter(r -> r.type == EventType.CANCEL).toList();
        assertEquals(List.of(1L, 2L), cancels.stream().map(r -> r.orderId).toList());
        assertEquals(
                List.of(RouterStage.CANCEL_HALT, RouterStage.CANCEL_HALT),
                cancels.stream().map(r -> r.reason).toList());
        assertEquals(
                List.of("cancel 1 i1 cause #2", "cancel 2 i1 cause #2"),
                calls.stream().filter(c -> c.startsWith("cancel")).toList());
    }

    @Test
    void shouldCancelTheRestingOrderWhenTheRealGateTripsOnALoss() {
        RiskStage gate =
                new RiskStage(
                        new RiskContext()
                                .initialCash(1_000_000)
                                .dailyLossLimit(500)
                                .lossHalts(true),
                        List.of(SIMA));
        List<OutputRecord> out =
                run(
                        router -> {
                            RingEvent buy = book();
                            buy.intentSide = Side.BUY;
                            buy.intentOrderType = OrderType.LIMIT;
                            buy.intentTif = TimeInForce.GTC;
                            buy.intentQty = 100;
                            buy.intentPx = 1_000_100;
                            buy.intentConfidence = 1;
                            gate.onEvent(buy);
                            router.onEvent(buy);
                            RingEvent rest = book();
                            rest.intentSide = Side.BUY;
                            rest.intentOrderType = OrderType.LIMIT;
                            rest.intentTif = TimeInForce.GTC;
                            rest.intentQty = 100;
                            rest.intentPx = 990_000; // rests below the market
                            rest.intentConfidence = 1;
                            gate.onEvent(rest);
                            router.onEvent(rest);
                            RingEvent fill = exec(1, ExecType.FILL);
                            gate.onEvent(fill);
                            router.onEvent(fill);
                            // Mid falls 10.00: 100 × 10.00 = 1,000 lost, past the 500 limit.
                            RingEvent drop = book();
                            drop.bidPx[0] = 899_900;
                            drop.askPx[0] = 900_100;
                            drop.mid = 90.0;
                            gate.onEvent(drop);
                            router.onEvent(drop);
                        });

        assertEquals(RiskStage.HALTED, gate.state());
        List<OutputRecord> cancels = out.stream().filter(r -> r.type == EventType.CANCEL).toList();
        assertEquals(List.of(2L), cancels.stream().map(r -> r.orderId).toList());
        assertEquals(
                List.of("cancel 2 i1 cause #3"),
                calls.stream().filter(c -> c.startsWith("cancel")).toList());
    }

    @Test
    void shouldSendAMarketIntentAsALimitIocAtThePriceTheGateChecked() {
        List<OutputRecord> out =
                run(
                        router -> {
                            RingEvent e = intent(book(), Side.BUY, 300, RiskVerdict.ACCEPT, 300, 7);
                            e.intentOrderType = OrderType.MARKET;
                            e.intentPx = 0;
                            e.intentTif = TimeInForce.GTC;
                            e.approvedPx = 1_000_300;
                            router.onEvent(e);
                        });

        assertEquals(OrderType.MARKET, out.get(0).orderType, "the decision keeps the intent");
        OutputRecord order = out.get(2);
        assertEquals(OrderType.LIMIT, order.orderType);
        assertEquals(TimeInForce.IOC, order.tif);
        assertEquals(1_000_300, order.px);
        assertEquals(
                List.of(
                        "market BOOK #0",
                        "submit 7 i1 side 1 type 2 tif 2 qty 300 px 1000300 cause #0"),
                calls);
    }

    @Test
    void shouldCancelNothingOnResume() {
        List<OutputRecord> out =
                run(
                        router -> {
                            router.onEvent(
                                    intent(book(), Side.BUY, 100, RiskVerdict.ACCEPT, 100, 1));
                            router.onEvent(control(ControlCode.RESUME));
                        });

        assertEquals(List.of(EventType.DECISION, EventType.RISK, EventType.ORDER), types(out));
    }

    @Test
    void shouldForgetOrdersThatWereCanceledOrRejected() {
        List<OutputRecord> out =
                run(
                        router -> {
                            router.onEvent(
                                    intent(book(), Side.BUY, 100, RiskVerdict.ACCEPT, 100, 1));
                            router.onEvent(
                                    intent(book(), Side.BUY, 100, RiskVerdict.ACCEPT, 100, 2));
                            router.onEvent(exec(1, ExecType.CANCELED));
                            router.onEvent(exec(2, ExecType.REJECTED));
                            router.onEvent(control(ControlCode.HALT));
                        });

        assertEquals(0, out.stream().filter(r -> r.type == EventType.CANCEL).count());
    }

    @Test
    void shouldDigestExactlyTheRecordsItWrote() throws Exception {
        RouterStage[] kept = new RouterStage[1];
        List<byte[]> raw = new ArrayList<>();
        run(
                router -> {
                    kept[0] = router;
                    router.onEvent(intent(book(), Side.BUY, 100, RiskVerdict.ACCEPT, 100, 1));
                    router.onEvent(intent(book(), Side.SELL, 100, RiskVerdict.REJECT, 0, 0));
                    router.onEvent(control(ControlCode.HALT));
                },
                raw);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (byte[] r : raw) {
            sha.update(r);
        }

        assertEquals(6, raw.size());
        assertEquals(Digests.hex(sha.digest()), kept[0].digest());
    }

    @Test
    void shouldGiveTheSameDigestWithoutAQueueAndADifferentOneForADifferentDecision() {
        String onDisk = digestOf(new OutputJournal(dir), 300);
        String inMemory = digestOf(new OutputJournal(null), 300);
        String other = digestOf(new OutputJournal(null), 301);

        assertEquals(onDisk, inMemory);
        assertNotEquals(inMemory, other);
    }

    private String digestOf(OutputJournal journal, long qty) {
        sequence = 0;
        try (journal) {
            RouterStage router = new RouterStage(journal, gateway, new Portfolio(List.of(SIMA)));
            router.onEvent(intent(book(), Side.BUY, qty, RiskVerdict.ACCEPT, qty, 1));
            return router.digest();
        }
    }

    private interface Events {
        void feed(RouterStage router);
    }

    private List<OutputRecord> run(Events events) {
        return run(events, new ArrayList<>());
    }

    /**
     * Feeds the events to a router on a fresh output journal, closes it and reads back what it
     * holds.
     */
    private List<OutputRecord> run(Events events, List<byte[]> raw) {
        try (OutputJournal journal = new OutputJournal(dir)) {
            events.feed(new RouterStage(journal, gateway, new Portfolio(List.of(SIMA))));
        }
        List<OutputRecord> records = new ArrayList<>();
        try (RecordReader reader = new RecordReader(JournalPaths.out(dir))) {
            while (reader.next()) {
                OutputRecord r = new OutputRecord();
                OutputCodec.decode(reader.buffer(), 0, reader.length(), r, reader.where());
                records.add(r);
                byte[] bytes = new byte[reader.length()];
                reader.buffer().getBytes(0, bytes);
                raw.add(bytes);
            }
        }
        return records;
    }

    private static List<Integer> types(List<OutputRecord> records) {
        return records.stream().map(r -> r.type).toList();
    }

    private RingEvent event(int type) {
        RingEvent e = new RingEvent();
        e.clearInput();
        e.sequence = sequence++;
        e.type = type;
        e.instrumentId = SIMA.id();
        e.exchangeTimeNs = 1_700_000_000_000_000_000L + e.sequence * 1_000_000L;
        e.receiveTimeNs = e.exchangeTimeNs;
        return e;
    }

    private RingEvent book() {
        RingEvent e = event(EventType.BOOK);
        e.levels = 1;
        e.bidPx[0] = 999_900;
        e.bidQty[0] = 1_000;
        e.askPx[0] = 1_000_100;
        e.askQty[0] = 1_000;
        e.bookValid = true;
        e.mid = 100.0;
        return e;
    }

    private RingEvent trade() {
        RingEvent e = event(EventType.TRADE);
        e.tradePx = 1_000_000;
        e.tradeQty = 100;
        return e;
    }

    private RingEvent timer() {
        RingEvent e = event(EventType.TIMER);
        e.instrumentId = 0;
        return e;
    }

    private RingEvent control(byte code) {
        RingEvent e = event(EventType.CONTROL);
        e.instrumentId = 0;
        e.controlCode = code;
        return e;
    }

    private RingEvent exec(long orderId, byte execType) {
        RingEvent e = event(EventType.EXEC_REPORT);
        e.execOrderId = orderId;
        e.execType = execType;
        e.execSide = Side.BUY;
        e.execLastPx =
                execType == ExecType.FILL || execType == ExecType.PARTIAL_FILL ? 1_000_100 : 0;
        e.execLastQty = execType == ExecType.FILL || execType == ExecType.PARTIAL_FILL ? 100 : 0;
        return e;
    }

    /**
     * The strategy's and the risk gate's output fields on {@code e}, as those stages write them.
     */
    private static RingEvent intent(
            RingEvent e, byte side, long qty, byte verdict, long approved, long orderId) {
        e.scored = true;
        e.pUp = 0.6;
        e.pFlat = 0.3;
        e.pDown = 0.1;
        e.intentSide = side;
        e.intentOrderType = OrderType.LIMIT;
        e.intentQty = qty;
        e.intentPx = 1_000_100;
        e.intentConfidence = 0.9;
        e.riskVerdict = verdict;
        e.riskReason =
                verdict == RiskVerdict.CLAMP
                        ? RiskReason.MAX_POSITION
                        : verdict == RiskVerdict.REJECT ? RiskReason.MAX_POSITION : RiskReason.NONE;
        e.approvedQty = approved;
        e.orderId = orderId;
        return e;
    }
}
