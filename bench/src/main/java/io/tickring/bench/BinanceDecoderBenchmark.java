package io.tickring.bench;

import io.tickring.adapters.binance.BinanceDecoder;
import io.tickring.core.RingEvent;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
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
 * Frames per second through {@link BinanceDecoder}, and its allocation: run with {@code -prof gc},
 * {@code gc.alloc.rate.norm} should be about 0 B/op for every benchmark here.
 *
 * <p>{@code depth20} is a combined-stream {@code btcusdt@depth20@100ms} frame (20 levels a side,
 * eight-decimal strings as Binance sends them, about 1.7 KB) cut to a 10-level BOOK; {@code trade}
 * is a combined {@code btcusdt@trade} frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1) // JVM flags for the fork come from config/jvm.properties through BenchMain
public class BinanceDecoderBenchmark {
    private BinanceDecoder decoder;
    private RingEvent event;
    private byte[] depth20;
    private byte[] trade;

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
        decoder = new BinanceDecoder(lookup, 5, 10);
        decoder.register("BTCUSDT");
        event = new RingEvent();
        StringBuilder sb =
                new StringBuilder(
                        "{\"stream\":\"btcusdt@depth20@100ms\",\"data\":{\"lastUpdateId\":71234567890,\"bids\":[");
        for (int k = 0; k < 20; k++) {
            sb.append(k == 0 ? "" : ",")
                    .append(
                            String.format(
                                    Locale.ROOT,
                                    "[\"%d.%02d000000\",\"%d.%05d000\"]",
                                    (6_500_000 - 3 * k) / 100,
                                    (6_500_000 - 3 * k) % 100,
                                    k / 3,
                                    1234 + 97 * k));
        }
        sb.append("],\"asks\":[");
        for (int k = 0; k < 20; k++) {
            sb.append(k == 0 ? "" : ",")
                    .append(
                            String.format(
                                    Locale.ROOT,
                                    "[\"%d.%02d000000\",\"%d.%05d000\"]",
                                    (6_500_001 + 3 * k) / 100,
                                    (6_500_001 + 3 * k) % 100,
                                    k / 4,
                                    4321 + 89 * k));
        }
        sb.append("]}}");
        depth20 = sb.toString().getBytes(StandardCharsets.UTF_8);
        trade =
                ("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1672515782136,\"s\":\"BTCUSDT\","
                                + "\"t\":12345,\"p\":\"65000.01000000\",\"q\":\"0.00150000\",\"b\":88,\"a\":50,"
                                + "\"T\":1672515782136,\"m\":true,\"M\":true}}")
                        .getBytes(StandardCharsets.UTF_8);
        if (decoder.decode(depth20, 0, depth20.length, 1, event) != BinanceDecoder.BOOK
                || decoder.decode(trade, 0, trade.length, 1, event) != BinanceDecoder.TRADE) {
            throw new IllegalStateException(
                    "benchmark frames do not decode: " + decoder.errorDetail());
        }
    }

    @Benchmark
    public long depth20() {
        decoder.decode(depth20, 0, depth20.length, 1_700_000_000_000_000_000L, event);
        return event.bidPx[9] + event.askQty[9];
    }

    @Benchmark
    public long trade() {
        decoder.decode(trade, 0, trade.length, 1_700_000_000_000_000_000L, event);
        return event.tradePx + event.tradeQty;
    }
}
