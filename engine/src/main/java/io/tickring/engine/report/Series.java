package io.tickring.engine.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's chart series, downsampled as they arrive so that a day of events makes a page of a
 * few hundred kilobytes: each line keeps the minimum and the maximum of every time bucket (the
 * bucket width doubles, merging neighbours, whenever a line would pass {@link #BUCKETS} buckets),
 * and fills keep every {@code k}-th fill, {@code k} doubling past {@link #MAX_FILLS}.
 * Deterministic: the same points in the same order give the same series.
 */
public final class Series {
    /** Most buckets per line; two points (min and max) per bucket. */
    static final int BUCKETS = 1000;

    /** Most fills drawn on the price chart. */
    static final int MAX_FILLS = 2000;

    final Line equity = new Line();
    final Line drawdown = new Line();
    final Line position = new Line();
    final Map<Integer, Line> prices = new TreeMap<>();
    final Map<Integer, List<double[]>> fills = new TreeMap<>();
    final Map<Integer, Long> fillCounts = new TreeMap<>();
    private int fillStride = 1;

    void equity(long timeNs, double equity, double drawdown, long position) {
        this.equity.add(timeNs, equity);
        this.drawdown.add(timeNs, -drawdown);
        this.position.add(timeNs, position);
    }

    void price(int instrumentId, long timeNs, double mid) {
        prices.computeIfAbsent(instrumentId, k -> new Line()).add(timeNs, mid);
    }

    void fill(int instrumentId, long timeNs, double px, byte side) {
        long n = fillCounts.merge(instrumentId, 1L, Long::sum);
        if ((n - 1) % fillStride != 0) {
            return;
        }
        List<double[]> l = fills.computeIfAbsent(instrumentId, k -> new ArrayList<>());
        l.add(new double[] {timeNs / 1e9, px, side});
        if (l.size() > MAX_FILLS) {
            fillStride *= 2;
            for (List<double[]> each : fills.values()) {
                List<double[]> kept = new ArrayList<>();
                for (int k = 0; k < each.size(); k += 2) {
                    kept.add(each.get(k));
                }
                each.clear();
                each.addAll(kept);
            }
        }
    }

    /** Every fill kept, or one in {@code stride} when there were more than {@link #MAX_FILLS}. */
    int fillStride() {
        return fillStride;
    }

    /** The instrument with the most fills (the lowest id on a tie), else the first priced. */
    int mainInstrument() {
        int best = -1;
        long most = -1;
        for (Map.Entry<Integer, Long> e : fillCounts.entrySet()) {
            if (e.getValue() > most) {
                most = e.getValue();
                best = e.getKey();
            }
        }
        if (best < 0 && !prices.isEmpty()) {
            best = prices.keySet().iterator().next();
        }
        return best;
    }

    /** One downsampled line: min and max per time bucket. */
    static final class Line {
        private long originNs = Long.MIN_VALUE;
        private long widthNs = 1_000_000L; // 1 ms to start
        private final TreeMap<Long, double[]> buckets = new TreeMap<>(); // {tMin, min, tMax, max}
        long points;

        void add(long timeNs, double v) {
            points++;
            if (originNs == Long.MIN_VALUE) {
                originNs = timeNs;
            }
            long k = Math.floorDiv(timeNs - originNs, widthNs);
            double[] b = buckets.get(k);
            if (b == null) {
                buckets.put(k, new double[] {timeNs, v, timeNs, v});
                if (buckets.size() > BUCKETS) {
                    widen();
                }
            } else {
                if (v < b[1]) {
                    b[0] = timeNs;
                    b[1] = v;
                }
                if (v >= b[3]) {
                    b[2] = timeNs;
                    b[3] = v;
                }
            }
        }

        private void widen() {
            widthNs *= 2;
            TreeMap<Long, double[]> merged = new TreeMap<>();
            for (Map.Entry<Long, double[]> e : buckets.entrySet()) {
                long k = Math.floorDiv(e.getKey(), 2);
                double[] b = e.getValue();
                double[] m = merged.get(k);
                if (m == null) {
                    merged.put(k, b);
                } else {
                    if (b[1] < m[1]) {
                        m[0] = b[0];
                        m[1] = b[1];
                    }
                    if (b[3] >= m[3]) {
                        m[2] = b[2];
                        m[3] = b[3];
                    }
                }
            }
            buckets.clear();
            buckets.putAll(merged);
        }

        /** [times in seconds, values], min and max of each bucket in time order. */
        List<double[]> xy() {
            List<double[]> out = new ArrayList<>();
            for (double[] b : buckets.values()) {
                if (b[0] == b[2]) {
                    out.add(new double[] {b[0] / 1e9, b[1]});
                    if (b[1] != b[3]) {
                        out.add(new double[] {b[2] / 1e9, b[3]});
                    }
                } else if (b[0] < b[2]) {
                    out.add(new double[] {b[0] / 1e9, b[1]});
                    out.add(new double[] {b[2] / 1e9, b[3]});
                } else {
                    out.add(new double[] {b[2] / 1e9, b[3]});
                    out.add(new double[] {b[0] / 1e9, b[1]});
                }
            }
            return out;
        }

        Map<String, Object> json() {
            List<double[]> xy = xy();
            List<Double> t = new ArrayList<>(xy.size());
            List<Double> v = new ArrayList<>(xy.size());
            for (double[] p : xy) {
                t.add(p[0]);
                v.add(p[1]);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("points_seen", points);
            m.put("bucket_ms", widthNs / 1e6);
            m.put("t", t);
            m.put("v", v);
            return m;
        }
    }
}
