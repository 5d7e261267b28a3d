package io.tickring.adapters.importer;

import java.nio.charset.StandardCharsets;

/** Splits a delimited text row into field offsets, in place: no strings, no allocation. */
public final class Fields {
    private Fields() {}

    /**
     * Records the bounds of the first {@code max} fields of {@code b[start..end)} in {@code from}
     * and {@code to} and counts all of them (quoting is not supported: a delimiter always
     * separates).
     *
     * @return the number of fields in the row, which may exceed {@code max}
     */
    public static int split(
            byte[] b, int start, int end, byte delimiter, int[] from, int[] to, int max) {
        int n = 0;
        int p = start;
        while (true) {
            int q = p;
            while (q < end && b[q] != delimiter) {
                q++;
            }
            if (n < max) {
                from[n] = p;
                to[n] = q;
            }
            n++;
            if (q == end) {
                return n;
            }
            p = q + 1;
        }
    }

    /** A field's text for a problem message, cut to 40 characters. Allocates. */
    public static String text(byte[] b, int from, int to) {
        int n = Math.min(to - from, 40);
        String s = new String(b, from, n, StandardCharsets.UTF_8);
        return "'" + s + (to - from > n ? "...'" : "'");
    }
}
