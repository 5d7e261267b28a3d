package io.tickring.adapters.binance;

import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** BTCUSDT (id 401) and ETHUSDT (id 402), both priced at scale 2 with a tick of 0.01. */
final class TestInstruments implements InstrumentLookup {
    static final int BTC = 401;
    static final int ETH = 402;

    private final Map<String, Instrument> bySymbol = Map.of(
            "BTCUSDT", instrument(BTC, "BTCUSDT"),
            "ETHUSDT", instrument(ETH, "ETHUSDT"));

    private static Instrument instrument(int id, String symbol) {
        return new Instrument(id, symbol, "BINANCE", 2, 1, 1, "USDT", ZoneOffset.UTC, List.of(), Instrument.Fees.NONE);
    }

    @Override
    public Instrument bySymbol(String symbol) {
        return bySymbol.get(symbol);
    }

    @Override
    public Instrument byId(int id) {
        return bySymbol.values().stream().filter(i -> i.id() == id).findFirst().orElse(null);
    }
}
