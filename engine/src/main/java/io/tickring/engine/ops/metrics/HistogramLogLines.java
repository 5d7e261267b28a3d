package io.tickring.engine.ops.metrics;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.Deflater;
import org.HdrHistogram.Histogram;

/**
 * Writes interval histograms as lines of HdrHistogram's log format, as {@code HistogramLogWriter}
 * does ({@code Tag=NAME,START_S,LENGTH_S,MAX,BASE64}: seconds and the maximum over 10^6 with three
 * decimals, then the compressed histogram), but into buffers it keeps: {@code HistogramLogWriter}
 * makes a copy of the compressed bytes, a Base64 string and a {@code Formatter} for every histogram
 * (kilobytes each), which the JMH allocation gates, counting every thread of the JVM, would charge
 * to the chain. What is left per histogram is the {@code Deflater} HdrHistogram's encoder makes.
 * {@code HistogramLogReader} reads the lines back.
 */
final class HistogramLogLines {
    private static final byte[] BASE64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final PrintStream out;
    private ByteBuffer compressed = ByteBuffer.allocate(0);
    private byte[] line = new byte[0];
    private int pos;

    HistogramLogLines(PrintStream out) {
        this.out = out;
    }

    /**
     * Writes {@code h} as one interval tagged {@code tag} (no commas or spaces), from {@code
     * startMs} to {@code endMs}, milliseconds since the epoch.
     */
    void write(Histogram h, String tag, long startMs, long endMs) {
        int need = h.getNeededByteBufferCapacity();
        if (compressed.capacity() < need) {
            compressed = ByteBuffer.allocate(need).order(ByteOrder.BIG_ENDIAN);
        }
        compressed.clear();
        int n = h.encodeIntoCompressedByteBuffer(compressed, Deflater.BEST_COMPRESSION);
        int length = 4 + tag.length() + 3 * 24 + 4 + 4 * ((n + 2) / 3) + 1;
        if (line.length < length) {
            line = new byte[length];
        }
        pos = 0;
        ascii("Tag=");
        ascii(tag);
        line[pos++] = ',';
        thousandths(startMs);
        line[pos++] = ',';
        thousandths(endMs - startMs);
        line[pos++] = ',';
        // HistogramLogWriter's default unit ratio: the maximum over 10^6, three decimals.
        thousandths((h.getMaxValue() + 500) / 1000);
        line[pos++] = ',';
        base64(compressed.array(), n);
        line[pos++] = '\n';
        out.write(line, 0, pos);
    }

    private void ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            line[pos++] = (byte) s.charAt(i);
        }
    }

    /** {@code v} / 1000 with three decimals. */
    private void thousandths(long v) {
        if (v < 0) {
            line[pos++] = '-';
            v = -v;
        }
        digits(v / 1000);
        line[pos++] = '.';
        long f = v % 1000;
        line[pos++] = (byte) ('0' + f / 100);
        line[pos++] = (byte) ('0' + f / 10 % 10);
        line[pos++] = (byte) ('0' + f % 10);
    }

    private void digits(long v) {
        if (v >= 10) {
            digits(v / 10);
        }
        line[pos++] = (byte) ('0' + v % 10);
    }

    private void base64(byte[] src, int n) {
        int i = 0;
        for (; i + 3 <= n; i += 3) {
            int b = (src[i] & 0xff) << 16 | (src[i + 1] & 0xff) << 8 | (src[i + 2] & 0xff);
            line[pos++] = BASE64[b >>> 18];
            line[pos++] = BASE64[(b >>> 12) & 63];
            line[pos++] = BASE64[(b >>> 6) & 63];
            line[pos++] = BASE64[b & 63];
        }
        int left = n - i;
        if (left == 1) {
            int b = (src[i] & 0xff) << 16;
            line[pos++] = BASE64[b >>> 18];
            line[pos++] = BASE64[(b >>> 12) & 63];
            line[pos++] = '=';
            line[pos++] = '=';
        } else if (left == 2) {
            int b = (src[i] & 0xff) << 16 | (src[i + 1] & 0xff) << 8;
            line[pos++] = BASE64[b >>> 18];
            line[pos++] = BASE64[(b >>> 12) & 63];
            line[pos++] = BASE64[(b >>> 6) & 63];
            line[pos++] = '=';
        }
    }
}
