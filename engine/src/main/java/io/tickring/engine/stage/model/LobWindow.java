package io.tickring.engine.stage.model;

import io.tickring.core.RingEvent;
import java.nio.FloatBuffer;

/**
 * The rolling DeepLOB input of one instrument: its last T valid BOOK events, each a row of 4L
 * values ordered per level as ask price, ask size, bid price, bid size (prices in price units,
 * levels the book lacks as 0). {@link #fill} writes it oldest row first, normalised:
 *
 * <ul>
 *   <li>{@code none}: as is;
 *   <li>{@code zscore}: (v − mean[c]) / std[c] per column c;
 *   <li>{@code mid-zscore}: price columns first become (p − m) / m × 10000, basis points from the
 *       mid m of the newest row, then the z-score.
 * </ul>
 *
 * The arithmetic is done in double in exactly this order and rounded to float once, as {@code
 * model/tickring_model/data.py} does. Allocation-free after construction.
 */
final class LobWindow {
    private final int levels;
    private final int rows;
    private final double multiplier;
    private final long[] px;
    private final long[] qty;
    private int head;
    private int count;
    private double lastMid;

    LobWindow(int levels, int rows, double multiplier) {
        this.levels = levels;
        this.rows = rows;
        this.multiplier = multiplier;
        px = new long[rows * 2 * levels];
        qty = new long[rows * 2 * levels];
    }

    /** Appends the event's book as the newest row; {@code e.mid} is the features stage's mid. */
    void push(RingEvent e) {
        int base = head * 2 * levels;
        int n = Math.min(e.levels, levels);
        for (int i = 0; i < levels; i++) {
            boolean present = i < n;
            px[base + 2 * i] = present ? e.askPx[i] : 0;
            qty[base + 2 * i] = present ? e.askQty[i] : 0;
            px[base + 2 * i + 1] = present ? e.bidPx[i] : 0;
            qty[base + 2 * i + 1] = present ? e.bidQty[i] : 0;
        }
        lastMid = e.mid;
        head = head + 1 == rows ? 0 : head + 1;
        if (count < rows) {
            count++;
        }
    }

    boolean full() {
        return count == rows;
    }

    /** Writes the T × 4L normalised window into {@code dst} from index 0, oldest row first. */
    void fill(FloatBuffer dst, WindowSpec spec) {
        boolean relative = spec.normalisation().equals("mid-zscore");
        double[] mean = spec.mean();
        double[] std = spec.std();
        double m = lastMid;
        int k = 0;
        int r = head; // when full, head is the oldest row
        for (int t = 0; t < rows; t++) {
            int base = r * 2 * levels;
            for (int j = 0; j < 2 * levels; j++) {
                int c = 2 * j;
                double p = px[base + j] / multiplier;
                if (relative) {
                    p = (p - m) / m * 10000.0;
                }
                dst.put(k++, (float) ((p - mean[c]) / std[c]));
                dst.put(k++, (float) ((qty[base + j] - mean[c + 1]) / std[c + 1]));
            }
            r = r + 1 == rows ? 0 : r + 1;
        }
    }
}
