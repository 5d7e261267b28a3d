package io.tickring.bench;

import io.tickring.adapters.binance.BinanceDecoder;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import io.tickring.engine.stage.features.FeaturesStage;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The QUOTE paths, time and allocation per event: {@code featuresQuote} is {@link
 * FeaturesStage#onEvent} on a QUOTE (a new touch of an instrument whose book is valid); {@code
 * bookTickerFutures} and {@code bookTickerSpot} decode a Binance bookTicker frame into a QUOTE with
 * {@link BinanceDecoder} (the futures combined-stream shape, with {@code e}, {@code E} and {@code
 * T}, and spot's raw shape, which has neither). Run with {@code -prof gc}: {@code
 * gc.alloc.rate.norm} should be about 0 B/op for each, as both classes state they allocate nothing
 * in steady state.
 *
 * <p>Not final and public because JMH generates subclasses of benchmark states. JVM flags come from
 * {@code config/jvm.properties} through {@link BenchMain}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class QuoteBenchmark {
    private static final int EVENTS = 4096;
    private static final long T0 = 1_723_075_200_000_000_000L;

    private FeaturesStage stage;
    private RingEvent[] events;
    private int next;

    private BinanceDecoder decoder;
    private RingEvent decoded;
    private byte[] futuresTicker;
    private byte[] spotTicker;

    @Setup
    public void setUp() {
        Instrument btc =
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
        stage = new FeaturesStage(List.of(btc));
        // One BOOK makes the instrument's book valid; then a cycle of QUOTEs whose touch moves
        // around it, the time rising by 10 ms an event. The cycle wraps back in time, which only
        // changes which of the QUOTE and the BOOK is newer, not the work.
        RingEvent book = new RingEvent();
        book.type = EventType.BOOK;
        book.instrumentId = 401;
        book.exchangeTimeNs = T0 - 1;
        book.receiveTimeNs = T0;
        book.levels = 5;
        for (int k = 0; k < 5; k++) {
            book.bidPx[k] = 6_500_000 - k;
            book.bidQty[k] = 100_000 + 1_000 * k;
            book.askPx[k] = 6_500_001 + k;
            book.askQty[k] = 90_000 + 1_000 * k;
        }
        stage.onEvent(book);
        events = new RingEvent[EVENTS];
        for (int n = 0; n < EVENTS; n++) {
            RingEvent e = new RingEvent();
            e.type = EventType.QUOTE;
            e.instrumentId = 401;
            e.exchangeTimeNs = T0 + n * 10_000_000L;
            e.receiveTimeNs = e.exchangeTimeNs + 1_000_000L;
            long bid = 6_500_000 - (n / 8 % 16) - (n % 2);
            e.quoteBidPx = bid;
            e.quoteBidQty = 50_000 + 13L * n;
            e.quoteAskPx = bid + 1 + (n % 3 == 0 ? 1 : 0);
            e.quoteAskQty = 40_000 + 7L * n;
            events[n] = e;
        }
        for (RingEvent e : events) {
            stage.onEvent(e);
            if (!e.bookValid) {
                throw new IllegalStateException("a QUOTE of a valid book carries no features");
            }
        }

        InstrumentLookup lookup =
                new InstrumentLookup() {
                    @Override
                    public Instrument bySymbol(String symbol) {
                        return "BTCUSDT".equals(symbol) ? btc : null;
                    }

                    @Override
                    public Instrument byId(int id) {
                        return id == 401 ? btc : null;
                    }
                };
        decoder = new BinanceDecoder(lookup, 5, 5);
        decoder.register("BTCUSDT");
        decoded = new RingEvent();
        futuresTicker =
                ("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":400900217,"
                                + "\"s\":\"BTCUSDT\",\"b\":\"65000.01\",\"B\":\"31.21000000\","
                                + "\"a\":\"65000.02\",\"A\":\"40.66000000\",\"T\":1723075200123,"
                                + "\"E\":1723075200125}}")
                        .getBytes(StandardCharsets.UTF_8);
        spotTicker =
                ("{\"u\":400900217,\"s\":\"BTCUSDT\",\"b\":\"65000.01000000\",\"B\":\"1.50000000\","
                                + "\"a\":\"65000.02000000\",\"A\":\"0.00150000\"}")
                        .getBytes(StandardCharsets.UTF_8);
        if (decoder.decode(futuresTicker, 0, futuresTicker.length, T0, decoded)
                        != BinanceDecoder.QUOTE
                || decoder.decode(spotTicker, 0, spotTicker.length, T0, decoded)
                        != BinanceDecoder.QUOTE) {
            throw new IllegalStateException(
                    "benchmark frames do not decode: " + decoder.errorDetail());
        }
    }

    /** One QUOTE through the features stage. */
    @Benchmark
    @AllocationBound(bytesPerOp = 0.5, why = Benchmarks.ZERO)
    public double featuresQuote() {
        RingEvent e = events[next];
        next = (next + 1) & (EVENTS - 1);
        stage.onEvent(e);
        return e.microprice;
    }

    /** A USD-M/COIN-M bookTicker frame in the combined-stream wrapper, decoded into a QUOTE. */
    @Benchmark
    @AllocationBound(bytesPerOp = 0.5, why = Benchmarks.ZERO)
    public long bookTickerFutures() {
        decoder.decode(futuresTicker, 0, futuresTicker.length, T0, decoded);
        return decoded.quoteBidPx + decoded.quoteAskQty;
    }

    /** A spot bookTicker frame as the raw stream sends it (no e, E or T), decoded into a QUOTE. */
    @Benchmark
    @AllocationBound(bytesPerOp = 0.5, why = Benchmarks.ZERO)
    public long bookTickerSpot() {
        decoder.decode(spotTicker, 0, spotTicker.length, T0, decoded);
        return decoded.quoteBidPx + decoded.quoteAskQty;
    }
}
