package io.tickring.adapters;

import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The small instrument registry the importer tests and benchmarks use. */
public final class TestInstruments implements InstrumentLookup {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    public static final Instrument MSFT = new Instrument(101, "MSFT", "NASDAQ", 4, 100, 1, "USD", NEW_YORK,
            List.of(new Instrument.SessionWindow(570, 960)), Instrument.Fees.NONE);
    public static final Instrument AMZN = new Instrument(102, "AMZN", "NASDAQ", 4, 100, 1, "USD", NEW_YORK,
            List.of(new Instrument.SessionWindow(570, 960)), Instrument.Fees.NONE);
    public static final Instrument MOUTAI = new Instrument(201, "600519", "SSE", 2, 1, 100, "CNY", SHANGHAI,
            List.of(new Instrument.SessionWindow(570, 690), new Instrument.SessionWindow(780, 900)), Instrument.Fees.NONE);
    public static final Instrument IF2506 = new Instrument(301, "IF2506", "CFFEX", 1, 2, 1, "CNY", SHANGHAI,
            List.of(new Instrument.SessionWindow(570, 690), new Instrument.SessionWindow(780, 900)), Instrument.Fees.NONE);

    private final Map<String, Instrument> bySymbol;

    public TestInstruments() {
        bySymbol = List.of(MSFT, AMZN, MOUTAI, IF2506).stream()
                .collect(Collectors.toMap(Instrument::symbol, Function.identity()));
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
