package io.tickring.adapters.binance;

import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.Instrument.ContractType;
import io.tickring.core.instrument.Instrument.Units;
import io.tickring.core.instrument.InstrumentLookup;
import io.tickring.core.instrument.TestInstruments;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The test registry plus Binance's futures as {@code config/instruments.yaml} describes them: a
 * USD-M perpetual (quantity step 0.001 BTC) and the two COIN-M perpetuals of the shared recordings
 * (whole contracts).
 */
final class BinanceInstruments implements InstrumentLookup {
    /**
     * USD-M SOLUSDT perpetual (a symbol the spot test registry lacks), tick 0.01, whole SOL (the
     * venue's quantity step is 1).
     */
    static final Instrument SOLUSDT_PERP =
            new Instrument(
                    414,
                    "SOLUSDT",
                    "BINANCE_USDM",
                    2,
                    1,
                    1,
                    "USDT",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE,
                    new Units(0, 1, 1, ContractType.LINEAR, 0, "USDT", 8));

    /** COIN-M, tick 0.1, whole contracts of 100 USD. */
    static final Instrument BTCUSD_PERP =
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
                    new Units(0, 1, 1, ContractType.INVERSE, 100, "BTC", 8));

    /** COIN-M, tick 0.01, whole contracts of 10 USD. */
    static final Instrument ETHUSD_PERP =
            new Instrument(
                    413,
                    "ETHUSD_PERP",
                    "BINANCE_COINM",
                    2,
                    1,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE,
                    new Units(0, 1, 1, ContractType.INVERSE, 10, "ETH", 8));

    private static final Instrument[] FUTURES = {SOLUSDT_PERP, BTCUSD_PERP, ETHUSD_PERP};
    private final TestInstruments others = new TestInstruments();

    @Override
    public Instrument bySymbol(String symbol) {
        for (Instrument i : FUTURES) {
            if (i.symbol().equals(symbol)) {
                return i;
            }
        }
        return others.bySymbol(symbol);
    }

    @Override
    public Instrument byId(int id) {
        for (Instrument i : FUTURES) {
            if (i.id() == id) {
                return i;
            }
        }
        return others.byId(id);
    }
}
