package io.tickring.core.instrument;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The instrument registry of tests that do not load the configuration: the simulated pair the
 * engine tests trade, the US equities, A-share and index future the importer tests read, and the
 * Binance spot pairs of the feed tests. Shared by every module through the core test-jar.
 *
 * <p>Look-ups are allocation-free, like the engine's registry: allocation tests look fees up per
 * fill.
 */
public final class TestInstruments implements InstrumentLookup {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instrument.Fees TAKER_1BP = new Instrument.Fees(0, 1, 0, 0);

    /** Simulated, around the clock: id 1, price scale 4, tick 0.01, taker fee 1 bp. */
    public static final Instrument SIMA =
            new Instrument(
                    1, "SIMA", "SIM", 4, 100, 1, "USD", ZoneOffset.UTC, List.of(), TAKER_1BP);

    /** As {@link #SIMA}, id 2. */
    public static final Instrument SIMB =
            new Instrument(
                    2, "SIMB", "SIM", 4, 100, 1, "USD", ZoneOffset.UTC, List.of(), TAKER_1BP);

    /** The pair the engine tests simulate and trade. */
    public static final List<Instrument> SIM = List.of(SIMA, SIMB);

    /** NASDAQ 09:30-16:00 New York, price scale 4 (LOBSTER's), tick 0.01, no fees. */
    public static final Instrument MSFT =
            new Instrument(
                    101,
                    "MSFT",
                    "NASDAQ",
                    4,
                    100,
                    1,
                    "USD",
                    NEW_YORK,
                    List.of(new Instrument.SessionWindow(570, 960)),
                    Instrument.Fees.NONE);

    /** As {@link #MSFT}, id 102. */
    public static final Instrument AMZN =
            new Instrument(
                    102,
                    "AMZN",
                    "NASDAQ",
                    4,
                    100,
                    1,
                    "USD",
                    NEW_YORK,
                    List.of(new Instrument.SessionWindow(570, 960)),
                    Instrument.Fees.NONE);

    /** SSE A-share, two sessions, price scale 2, tick 0.01, lot 100 shares. */
    public static final Instrument MOUTAI =
            new Instrument(
                    201,
                    "600519",
                    "SSE",
                    2,
                    1,
                    100,
                    "CNY",
                    SHANGHAI,
                    List.of(
                            new Instrument.SessionWindow(570, 690),
                            new Instrument.SessionWindow(780, 900)),
                    Instrument.Fees.NONE);

    /** CFFEX index future, two sessions, price scale 1, tick 0.2. */
    public static final Instrument IF2506 =
            new Instrument(
                    301,
                    "IF2506",
                    "CFFEX",
                    1,
                    2,
                    1,
                    "CNY",
                    SHANGHAI,
                    List.of(
                            new Instrument.SessionWindow(570, 690),
                            new Instrument.SessionWindow(780, 900)),
                    Instrument.Fees.NONE);

    /** Binance spot, around the clock, price scale 2, tick 0.01. */
    public static final Instrument BTCUSDT =
            new Instrument(
                    401,
                    "BTCUSDT",
                    "BINANCE",
                    2,
                    1,
                    1,
                    "USDT",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE);

    /** As {@link #BTCUSDT}, id 402. */
    public static final Instrument ETHUSDT =
            new Instrument(
                    402,
                    "ETHUSDT",
                    "BINANCE",
                    2,
                    1,
                    1,
                    "USDT",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE);

    private static final Instrument[] ALL = {
        SIMA, SIMB, MSFT, AMZN, MOUTAI, IF2506, BTCUSDT, ETHUSDT
    };

    @Override
    public Instrument bySymbol(String symbol) {
        for (Instrument i : ALL) {
            if (i.symbol().equals(symbol)) {
                return i;
            }
        }
        return null;
    }

    @Override
    public Instrument byId(int id) {
        for (Instrument i : ALL) {
            if (i.id() == id) {
                return i;
            }
        }
        return null;
    }
}
