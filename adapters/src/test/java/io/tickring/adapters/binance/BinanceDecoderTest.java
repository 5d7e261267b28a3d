package io.tickring.adapters.binance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.validate.DropReason;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.TestInstruments;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BinanceDecoderTest {
    private static final long RECV = 1_700_000_000_123_456_789L;

    private final BinanceDecoder decoder = new BinanceDecoder(new TestInstruments(), 5, 10);
    private final RingEvent e = new RingEvent();

    private int decode(String frame, long receiveNs) {
        byte[] b = frame.getBytes(UTF_8);
        return decoder.decode(b, 0, b.length, receiveNs, e);
    }

    @Test
    void shouldDecodeRawDepth5WithReceiveTimeAsExchangeTime() {
        decoder.defaultSymbol("BTCUSDT");
        assertEquals(BinanceDecoder.BOOK, decode(Frames.depth(160, 5), RECV));
        assertEquals(EventType.BOOK, e.type);
        assertEquals(TestInstruments.BTCUSDT.id(), e.instrumentId);
        assertEquals(
                RECV, e.exchangeTimeNs, "partial depth has no event time: receive time stands in");
        assertEquals(RECV, e.receiveTimeNs);
        assertEquals(5, e.levels);
        assertEquals(160, decoder.lastUpdateId());
        for (int k = 0; k < 5; k++) {
            assertEquals(6_500_000 - k, e.bidPx[k], "bid px " + k);
            assertEquals(100_000 + k * 1000, e.bidQty[k], "bid qty " + k + " in units of 1e-5");
            assertEquals(6_500_001 + k, e.askPx[k], "ask px " + k);
            assertEquals(200_000 + k * 1000, e.askQty[k], "ask qty " + k);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "btcusdt@depth10@100ms, 10, 10, 10",
        "btcusdt@depth20@100ms, 20, 10, 10",
        "btcusdt@depth20, 20, 5, 5",
        "ethusdt@depth5@100ms, 5, 10, 5"
    })
    void shouldCutCombinedDepthFramesToTheBookDepth(
            String stream, int frameLevels, int bookDepth, int expected) {
        BinanceDecoder d = new BinanceDecoder(new TestInstruments(), 5, bookDepth);
        byte[] b = Frames.combined(stream, Frames.depth(7, frameLevels)).getBytes(UTF_8);
        assertEquals(BinanceDecoder.BOOK, d.decode(b, 0, b.length, RECV, e));
        assertEquals(
                stream.startsWith("eth")
                        ? TestInstruments.ETHUSDT.id()
                        : TestInstruments.BTCUSDT.id(),
                e.instrumentId);
        assertEquals(expected, e.levels);
        assertEquals(frameLevels, d.bidCount(), "every level of the frame is read");
        assertEquals(6_500_000 - (expected - 1), e.bidPx[expected - 1]);
        assertEquals(6_500_001 + (expected - 1), e.askPx[expected - 1]);
        for (int k = expected; k < RingEvent.MAX_LEVELS; k++) {
            assertEquals(0, e.bidPx[k], "levels past the depth stay clear");
        }
    }

    @Test
    void shouldDecodeTradeWithAggressorFromBuyerMakerFlag() {
        assertEquals(
                BinanceDecoder.TRADE,
                decode(
                        Frames.trade(
                                "BTCUSDT",
                                12345,
                                "65000.01000000",
                                "0.00150000",
                                1_672_515_782_136L,
                                true),
                        RECV));
        assertEquals(EventType.TRADE, e.type);
        assertEquals(TestInstruments.BTCUSDT.id(), e.instrumentId);
        assertEquals(6_500_001, e.tradePx);
        assertEquals(150, e.tradeQty);
        assertEquals(Side.SELL, e.tradeAggressor, "buyer was maker, so the seller hit the bid");
        assertEquals(1_672_515_782_136_000_000L, e.exchangeTimeNs, "trade time T, ms made ns");
        assertEquals(RECV, e.receiveTimeNs);
        assertEquals(12345, decoder.tradeId());

        assertEquals(
                BinanceDecoder.TRADE,
                decode(Frames.trade("ETHUSDT", 9, "3000.5", "2", 5, false), RECV));
        assertEquals(TestInstruments.ETHUSDT.id(), e.instrumentId);
        assertEquals(300_050, e.tradePx);
        assertEquals(200_000, e.tradeQty);
        assertEquals(Side.BUY, e.tradeAggressor, "seller was maker, so the buyer lifted the offer");
    }

    @Test
    void shouldUseEventTimeAsReceiveTimeWhenNoneIsKnown() {
        assertEquals(
                BinanceDecoder.TRADE,
                decode(
                        Frames.trade("BTCUSDT", 1, "1", "1", 1000, true),
                        BinanceDecoder.UNKNOWN_TIME));
        assertEquals(1001 * 1_000_000L, e.receiveTimeNs, "E of the frame");
        decoder.defaultSymbol("BTCUSDT");
        assertEquals(BinanceDecoder.BOOK, decode(Frames.depth(2, 5), BinanceDecoder.UNKNOWN_TIME));
        assertEquals(0, e.receiveTimeNs, "partial depth has no time at all");
        assertEquals(0, e.exchangeTimeNs);
    }

    @Test
    void shouldUnwrapCombinedStreamWhateverTheFieldOrder() {
        String payload = Frames.trade("ETHUSDT", 3, "3000.00", "1.5", 77, false);
        assertEquals(
                BinanceDecoder.TRADE,
                decode("{\"data\":" + payload + ",\"stream\":\"ethusdt@trade\"}", RECV));
        assertEquals(TestInstruments.ETHUSDT.id(), e.instrumentId);
        assertEquals(300_000, e.tradePx);
        assertEquals(
                BinanceDecoder.BOOK,
                decode(
                        "{\"data\":" + Frames.depth(5, 5) + ",\"stream\":\"ethusdt@depth5@100ms\"}",
                        RECV));
        assertEquals(
                TestInstruments.ETHUSDT.id(),
                e.instrumentId,
                "symbol from the stream name, even after the data");
    }

    @Test
    void shouldReadDiffDepthIntoLevelArrays() {
        String frame =
                Frames.diff(
                        "BTCUSDT",
                        1_000,
                        157,
                        160,
                        new String[][] {{"65000.00", "0.5"}, {"64999.00", "0.00000000"}},
                        new String[][] {{"65001.00", "1"}});
        assertEquals(
                BinanceDecoder.DEPTH_DIFF,
                decode(Frames.combined("btcusdt@depth@100ms", frame), RECV));
        assertEquals(TestInstruments.BTCUSDT.id(), decoder.instrumentId());
        assertEquals(157, decoder.firstUpdateId());
        assertEquals(160, decoder.finalUpdateId());
        assertEquals(-1, decoder.previousFinalUpdateId(), "spot frames carry no pu");
        assertEquals(1_000_000_000L, decoder.diffExchangeTimeNs());
        assertEquals(2, decoder.bidCount());
        assertEquals(1, decoder.askCount());
        assertArrayEquals(new long[] {6_500_000, 6_499_900}, Arrays.copyOf(decoder.bidPrices(), 2));
        assertArrayEquals(
                new long[] {50_000, 0},
                Arrays.copyOf(decoder.bidQuantities(), 2),
                "zero removes a level");
        assertEquals(6_500_100, decoder.askPrices()[0]);

        assertEquals(
                BinanceDecoder.DEPTH_DIFF,
                decode(frame.replace("\"U\":157", "\"pu\":156,\"U\":157"), RECV));
        assertEquals(156, decoder.previousFinalUpdateId());
    }

    @Test
    void shouldIgnoreRepliesAndOtherEventsAndFlagShutdown() {
        assertEquals(BinanceDecoder.IGNORED, decode("{\"result\":null,\"id\":1}", RECV));
        assertEquals(
                BinanceDecoder.IGNORED,
                decode(
                        "{\"e\":\"aggTrade\",\"E\":1,\"s\":\"BTCUSDT\",\"a\":1,\"p\":\"1\",\"q\":\"1\"}",
                        RECV));
        assertEquals(
                BinanceDecoder.IGNORED,
                decode(
                        Frames.combined(
                                "btcusdt@kline_1m",
                                "{\"e\":\"kline\",\"E\":1,\"k\":{\"t\":1,\"o\":\"1\"}}"),
                        RECV));
        assertEquals(
                BinanceDecoder.SERVER_SHUTDOWN, decode("{\"e\":\"serverShutdown\",\"E\":1}", RECV));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "hello                                                                            | BAD_FIELD",
                "{                                                                                | BAD_FIELD",
                "{\"lastUpdateId\":1,\"bids\":[[\"1.00\",                                         | BAD_FIELD",
                "[1,2,3]                                                                          | BAD_FIELD",
                "{}                                                                               | BAD_FIELD",
                "{\"a\":1}{\"b\":2}                                                               | BAD_FIELD",
                "{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"1.001\",\"q\":\"1\",\"T\":1,\"m\":true} | PRICE_NOT_ON_SCALE",
                "{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"1e5\",\"q\":\"1\",\"T\":1,\"m\":true}   | BAD_FIELD",
                "{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"1\",\"q\":\"1e1\",\"T\":1,\"m\":true}   | BAD_FIELD",
                "{\"e\":\"trade\",\"s\":\"XRPUSDT\",\"t\":1,\"p\":\"1\",\"q\":\"1\",\"T\":1,\"m\":true}     | UNKNOWN_SYMBOL",
                "{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"1\",\"q\":\"1\",\"m\":true}             | BAD_FIELD",
                "{\"stream\":\"xrpusdt@depth5\",\"data\":{\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}}     | UNKNOWN_SYMBOL",
                "{\"lastUpdateId\":1,\"bids\":[[\"1\",\"1\"]],\"asks\":[[\"2\",\"1\"]]}                   | UNKNOWN_SYMBOL"
            })
    void shouldRejectGarbageByReasonAndRecoverOnTheNextFrame(String garbage, String reason) {
        assertEquals(BinanceDecoder.ERROR, decode(garbage.strip(), RECV), garbage);
        assertEquals(reason, DropReason.name(decoder.error()), decoder.errorDetail());
        assertEquals(
                BinanceDecoder.TRADE,
                decode(Frames.trade("BTCUSDT", 2, "10.00", "1", 5, true), RECV),
                "the next good frame decodes: " + decoder.errorDetail());
        assertEquals(1000, e.tradePx);
    }

    @Test
    void shouldDecodeCharsLikeBytes() {
        String frame = Frames.combined("btcusdt@depth20@100ms", Frames.depth(99, 20));
        assertEquals(BinanceDecoder.BOOK, decoder.decode(frame, RECV, e));
        RingEvent fromChars = new RingEvent();
        fromChars.copyInputFrom(e);
        assertEquals(BinanceDecoder.BOOK, decode(frame, RECV));
        assertArrayEquals(fromChars.bidPx, e.bidPx);
        assertArrayEquals(fromChars.askQty, e.askQty);
        assertEquals(
                BinanceDecoder.ERROR,
                decoder.decode("{\"e\":\"trade\",\"s\":\"BTC\u00e9\"}", RECV, e),
                "non-ASCII text is encoded, not mangled");
        assertEquals(DropReason.UNKNOWN_SYMBOL, decoder.error());
    }

    @Test
    void shouldParseDecimalsExactly() {
        DecimalText d = new DecimalText();
        assertEquals(true, d.parse("65000.01000000".toCharArray(), 0, 14));
        assertEquals(6_500_001, DecimalText.rescale(d.mantissa, d.fraction, 2));
        assertEquals(6_500_001_000L, DecimalText.rescale(d.mantissa, d.fraction, 5));
        assertEquals(
                DecimalText.INVALID,
                DecimalText.rescale(d.mantissa, d.fraction, 1),
                "0.01 cannot be expressed at scale 1");
        assertEquals(true, d.parse("-0.5".toCharArray(), 0, 4));
        assertEquals(-50, DecimalText.rescale(d.mantissa, d.fraction, 2));
        assertEquals(false, d.parse("1.2.3".toCharArray(), 0, 5));
        assertEquals(false, d.parse("".toCharArray(), 0, 0));
        assertEquals(
                false, d.parse("12345678901234567890".toCharArray(), 0, 20), "overflows a long");
        assertEquals(true, d.parse("5".toCharArray(), 0, 1));
        assertEquals(
                DecimalText.INVALID,
                DecimalText.rescale(Long.MAX_VALUE / 2, 0, 2),
                "overflow on rescale");
    }

    @Test
    void shouldRoundQuantitiesFinerThanTheScaleHalfToEvenAndNeverToZero() {
        // Quantity scale 5: 0.000015 -> 2 (half to even), 0.000025 -> 2, 0.0000251 -> 3,
        // 0.000001 -> 0, kept as 1 step.
        String[] q = {"0.000015", "0.000025", "0.0000251", "0.000001", "0.00002"};
        long[] expected = {2, 2, 3, 1, 2};
        for (int i = 0; i < q.length; i++) {
            assertEquals(
                    BinanceDecoder.TRADE,
                    decode(Frames.trade("BTCUSDT", 10 + i, "10.00", q[i], 5, true), RECV),
                    q[i] + ": " + decoder.errorDetail());
            assertEquals(expected[i], e.tradeQty, q[i]);
        }
        assertEquals(
                3, decoder.qtyRounded(), "0.00002 needed no rounding; 0.000001 is counted apart");
        assertEquals(1, decoder.qtyRaisedToStep());
    }

    @Test
    void shouldDecodeAFuturesBookTickerIntoAQuote() {
        String frame =
                "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":1007198632021,\"e\":\"bookTicker\","
                        + "\"s\":\"BTCUSDT\",\"ps\":\"BTCUSDT\",\"b\":\"61804.70\",\"B\":\"0.35\","
                        + "\"a\":\"61804.80\",\"A\":\"16.45\",\"T\":1723161257465,\"E\":1723161257476}}";
        assertEquals(BinanceDecoder.QUOTE, decode(frame, RECV), decoder.errorDetail());
        assertEquals(EventType.QUOTE, e.type);
        assertEquals(TestInstruments.BTCUSDT.id(), e.instrumentId);
        assertEquals(6_180_470, e.quoteBidPx);
        assertEquals(35_000, e.quoteBidQty);
        assertEquals(6_180_480, e.quoteAskPx);
        assertEquals(1_645_000, e.quoteAskQty);
        assertEquals(1_723_161_257_476_000_000L, e.exchangeTimeNs, "the event time E");
        assertEquals(RECV, e.receiveTimeNs);
        assertEquals(1007198632021L, decoder.finalUpdateId());
    }

    @Test
    void shouldDecodeASpotBookTickerWithoutEventTypeOrTime() {
        String frame =
                "{\"u\":400900217,\"s\":\"BTCUSDT\",\"b\":\"25.35\",\"B\":\"31.21000000\","
                        + "\"a\":\"25.36\",\"A\":\"40.66000000\"}";
        assertEquals(BinanceDecoder.QUOTE, decode(frame, RECV), decoder.errorDetail());
        assertEquals(2_535, e.quoteBidPx);
        assertEquals(3_121_000, e.quoteBidQty);
        assertEquals(2_536, e.quoteAskPx);
        assertEquals(RECV, e.exchangeTimeNs, "spot bookTicker has no time: the receive time");
    }

    @Test
    void shouldTellABareFuturesSnapshotByItsSymbolKey() {
        String snapshot =
                "{\"lastUpdateId\":100,\"E\":1,\"T\":1,\"symbol\":\"BTCUSDT\",\"pair\":\"BTCUSDT\","
                        + "\"bids\":[[\"1.00\",\"1\"]],\"asks\":[[\"2.00\",\"1\"]]}";
        assertEquals(BinanceDecoder.BOOK, decode(snapshot, RECV), decoder.errorDetail());
        assertTrue(decoder.bareDepth());
        assertTrue(decoder.namedBySymbolKey());
        assertEquals(TestInstruments.BTCUSDT.id(), e.instrumentId);
        assertEquals(
                BinanceDecoder.BOOK,
                decode(
                        Frames.combined(
                                "btcusdt@depth5",
                                "{\"lastUpdateId\":1,\"bids\":[[\"1\",\"1\"]],\"asks\":[[\"2\",\"1\"]]}"),
                        RECV));
        assertFalse(decoder.bareDepth(), "inside a combined-stream wrapper: partial depth");
    }
}
