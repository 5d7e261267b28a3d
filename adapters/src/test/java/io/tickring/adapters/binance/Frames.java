package io.tickring.adapters.binance;

import java.util.Locale;

/** Binance frames in the venue's documented formats, built for tests. */
final class Frames {
    private Frames() {}

    /**
     * A partial-depth payload with {@code levels} levels per side around 65000.00: bids 65000.00,
     * 64999.99, ...; asks 65000.01, 65000.02, ... with eight decimals as Binance sends them.
     */
    static String depth(long lastUpdateId, int levels) {
        StringBuilder sb = new StringBuilder(64 + levels * 64);
        sb.append("{\"lastUpdateId\":").append(lastUpdateId).append(",\"bids\":[");
        for (int k = 0; k < levels; k++) {
            sb.append(k == 0 ? "" : ",")
                    .append("[\"")
                    .append(price(6_500_000 - k))
                    .append("\",\"")
                    .append(qty(100_000 + k * 1000))
                    .append("\"]");
        }
        sb.append("],\"asks\":[");
        for (int k = 0; k < levels; k++) {
            sb.append(k == 0 ? "" : ",")
                    .append("[\"")
                    .append(price(6_500_001 + k))
                    .append("\",\"")
                    .append(qty(200_000 + k * 1000))
                    .append("\"]");
        }
        return sb.append("]}").toString();
    }

    /** Combined-stream wrapper around {@code payload}. */
    static String combined(String stream, String payload) {
        return "{\"stream\":\"" + stream + "\",\"data\":" + payload + "}";
    }

    /** A trade payload; {@code buyerIsMaker} is Binance's {@code m}. */
    static String trade(
            String symbol,
            long tradeId,
            String price,
            String qty,
            long tradeTimeMs,
            boolean buyerIsMaker) {
        return "{\"e\":\"trade\",\"E\":"
                + (tradeTimeMs + 1)
                + ",\"s\":\""
                + symbol
                + "\",\"t\":"
                + tradeId
                + ",\"p\":\""
                + price
                + "\",\"q\":\""
                + qty
                + "\",\"b\":88,\"a\":50,\"T\":"
                + tradeTimeMs
                + ",\"m\":"
                + buyerIsMaker
                + ",\"M\":true}";
    }

    /** A spot diff-depth payload; levels are {@code {price, qty}} decimal strings. */
    static String diff(
            String symbol,
            long eventTimeMs,
            long first,
            long last,
            String[][] bids,
            String[][] asks) {
        return "{\"e\":\"depthUpdate\",\"E\":"
                + eventTimeMs
                + ",\"s\":\""
                + symbol
                + "\",\"U\":"
                + first
                + ",\"u\":"
                + last
                + ",\"b\":"
                + levels(bids)
                + ",\"a\":"
                + levels(asks)
                + "}";
    }

    static String levels(String[][] levels) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < levels.length; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("[\"")
                    .append(levels[i][0])
                    .append("\",\"")
                    .append(levels[i][1])
                    .append("\"]");
        }
        return sb.append(']').toString();
    }

    /** Fixed-point price at scale 2 as Binance's eight-decimal text. */
    static String price(long cents) {
        return String.format(Locale.ROOT, "%d.%02d000000", cents / 100, cents % 100);
    }

    /** Quantity in units of 10^-5 as Binance's eight-decimal text. */
    static String qty(long units) {
        return String.format(Locale.ROOT, "%d.%05d000", units / 100_000, units % 100_000);
    }
}
