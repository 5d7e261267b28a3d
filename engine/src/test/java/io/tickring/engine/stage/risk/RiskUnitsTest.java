package io.tickring.engine.stage.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tickring.core.EventType;
import io.tickring.core.OrderType;
import io.tickring.core.ParameterException;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskReason;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.Instrument.ContractType;
import io.tickring.core.instrument.Instrument.Units;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gate's money limits in each instrument's units: multipliers, inverse contracts, currencies.
 */
class RiskUnitsTest {
    static final long T0 = 1_767_578_400_000_000_000L;
    static final Instrument USD =
            new Instrument(
                    1, "U", "SIM", 2, 1, 1, "USD", ZoneOffset.UTC, List.of(), Instrument.Fees.NONE);
    static final Instrument CNY =
            new Instrument(
                    2, "C", "SIM", 2, 1, 1, "CNY", ZoneOffset.UTC, List.of(), Instrument.Fees.NONE);

    /** CSI 300 future: 300 CNY per point, price scale 1. */
    static final Instrument IF =
            new Instrument(
                    301,
                    "IF2506",
                    "CFFEX",
                    1,
                    2,
                    1,
                    "CNY",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE,
                    new Units(0, 1, 300, ContractType.LINEAR, 0, "CNY", 2));

    /** COIN-M: 100 USD per contract, settled in BTC. */
    static final Instrument PERP =
            new Instrument(
                    412,
                    "BTCUSD_PERP",
                    "BINANCE_COINM",
                    1,
                    1,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE,
                    new Units(0, 1, 1, ContractType.INVERSE, 1000, "BTC", 8));

    final RingEvent e = new RingEvent();

    static RiskContext limits() {
        return new RiskContext()
                .maxOrderQty(1_000_000)
                .maxPosition(1_000_000)
                .maxOrdersPerSecond(100)
                .lossHalts(false)
                .clamp(false);
    }

    /** A valid book at bid/ask and a limit buy or sell intent at {@code px}. */
    void intent(RiskStage gate, Instrument i, byte side, long qty, long bid, long ask, long px) {
        e.clearInput();
        e.type = EventType.BOOK;
        e.instrumentId = i.id();
        e.exchangeTimeNs = T0;
        e.receiveTimeNs = T0;
        e.bookValid = true;
        e.bestBidPx = bid;
        e.bestAskPx = ask;
        e.mid = (bid + ask) / 2.0 / i.priceMultiplier();
        e.scored = true;
        e.intentSide = side;
        e.intentOrderType = OrderType.LIMIT;
        e.intentQty = qty;
        e.intentPx = px;
        e.intentConfidence = 1;
        gate.onEvent(e);
    }

    void assertVerdict(int verdict, int reason) {
        assertEquals(
                RiskVerdict.name(verdict) + "/" + RiskReason.name(reason),
                RiskVerdict.name(e.riskVerdict) + "/" + RiskReason.name(e.riskReason));
    }

    @Test
    void shouldCountTheIndexFutureMultiplierInTheOrderNotional() {
        RiskStage gate = new RiskStage(limits().maxOrderNotional(2_340_000), List.of(IF));
        // 2 lots × 3,900.0 × 300 CNY = 2,340,000 CNY: exactly the limit.
        intent(gate, IF, Side.BUY, 2, 38_998, 39_000, 39_000);
        assertVerdict(RiskVerdict.ACCEPT, RiskReason.NONE);
        // 3 lots = 3,510,000 CNY (without the multiplier it was 11,700 and passed).
        intent(gate, IF, Side.BUY, 3, 38_998, 39_000, 39_000);
        assertVerdict(RiskVerdict.REJECT, RiskReason.MAX_ORDER_NOTIONAL);
    }

    @Test
    void shouldMeasureInverseNotionalInTheBaseCoin() {
        RiskStage gate = new RiskStage(limits().maxOrderNotional(1), List.of(PERP));
        // 600 contracts × 100 USD / 60,000.0 = 1 BTC: at the limit.
        intent(gate, PERP, Side.BUY, 600, 599_990, 600_000, 600_000);
        assertVerdict(RiskVerdict.ACCEPT, RiskReason.NONE);
        // 601 contracts = 1.0017 BTC.
        intent(gate, PERP, Side.BUY, 601, 599_990, 600_000, 600_000);
        assertVerdict(RiskVerdict.REJECT, RiskReason.MAX_ORDER_NOTIONAL);
    }

    @Test
    void shouldKeepCashPerCurrencyByDefault() {
        RiskStage gate = new RiskStage(limits().initialCash(100_000), List.of(USD, CNY));
        // 900 × 100.01 = 90,009 USD reserved of 100,000 USD.
        intent(gate, USD, Side.BUY, 900, 10_000, 10_001, 10_001);
        assertVerdict(RiskVerdict.ACCEPT, RiskReason.NONE);
        // 900 × 100.01 = 90,009 CNY: CNY has its own 100,000; nothing is added across currencies.
        intent(gate, CNY, Side.BUY, 900, 10_000, 10_001, 10_001);
        assertVerdict(RiskVerdict.ACCEPT, RiskReason.NONE);
        // but USD has only 9,991 left: 100 × 100.01 = 10,001 does not fit.
        intent(gate, USD, Side.BUY, 100, 10_000, 10_001, 10_001);
        assertVerdict(RiskVerdict.REJECT, RiskReason.CASH);
    }

    @Test
    void shouldConvertIntoTheLimitCurrencyAtTheConfiguredRate() {
        RiskStage gate =
                new RiskStage(
                        limits().initialCash(100_000)
                                .limitCurrency("USD")
                                .currencyRates(Map.of("CNY", 0.1)),
                        List.of(USD, CNY));
        intent(gate, USD, Side.BUY, 900, 10_000, 10_001, 10_001); // 90,009 USD
        assertVerdict(RiskVerdict.ACCEPT, RiskReason.NONE);
        // 900 × 100.01 CNY × 0.1 = 9,000.9 USD: fits the 9,991 left.
        intent(gate, CNY, Side.BUY, 900, 10_000, 10_001, 10_001);
        assertVerdict(RiskVerdict.ACCEPT, RiskReason.NONE);
        // another 100 × 100.01 × 0.1 = 1,000.1 USD does not: 9,991 − 9,000.9 = 990.1 left.
        intent(gate, CNY, Side.BUY, 100, 10_000, 10_001, 10_001);
        assertVerdict(RiskVerdict.REJECT, RiskReason.CASH);
    }

    @Test
    void shouldRefuseACurrencyWithoutARate() {
        ParameterException x =
                assertThrows(
                        ParameterException.class,
                        () -> new RiskStage(limits().limitCurrency("USD"), List.of(USD, PERP)));
        assertEquals("currency_rates", x.key());
        assertThrows(
                ParameterException.class,
                () -> limits().currencyRates(Map.of("BTC", 60_000.0)).conclude());
    }
}
