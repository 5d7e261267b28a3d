package io.tickring.adapters.paper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One simulated latency of the paper venue (decision, order entry or cancel), as a constant, a
 * seeded distribution or a recording of (request, venue, response) timestamps interpolated in time.
 *
 * <p>Immutable and stateless: the caller owns the random state and passes one 64-bit draw per
 * latency, so two models never share a stream by accident and replay draws the same values. Every
 * computation uses {@link StrictMath} so a draw is the same on every JVM. Allocation-free after
 * construction.
 *
 * <ul>
 *   <li>{@link Kind#CONSTANT}: always {@code a}.
 *   <li>{@link Kind#UNIFORM}: uniform in {@code [a, b]}.
 *   <li>{@link Kind#LOGNORMAL}: median {@code a}, 99th percentile {@code b}; a draw is {@code a *
 *       exp(sigma * z)} with {@code sigma = ln(b / a) / 2.326...} and {@code z} the standard normal
 *       quantile of the draw. Unbounded above, so it is capped at {@code 1000 * b}; its minimum is
 *       taken as 0 (the lognormal has no positive lower bound).
 *   <li>{@link Kind#RECORDED}: rows of {@code request_ns, venue_ns, response_ns} sorted by request
 *       time. The entry latency at time {@code t} is {@code venue - request} interpolated linearly
 *       between the two rows whose request times bracket {@code t} (the first or last row's value
 *       outside them); the response latency at venue time {@code t} is {@code response - venue}
 *       interpolated the same way by venue time. Written after hftbacktest's {@code
 *       IntpOrderLatency}; no draw is used.
 *   <li>{@link Kind#HISTOGRAM}: per-stage distributions from a recorded live run (the configuration
 *       reads an HdrHistogram log, one tag per stage); a draw sums one value per stage.
 * </ul>
 */
public final class LatencyModel {
    /** The shape of the model. */
    public enum Kind {
        /** One value. */
        CONSTANT("constant"),
        /** Uniform between two values. */
        UNIFORM("uniform"),
        /** Lognormal from a median and a 99th percentile. */
        LOGNORMAL("lognormal"),
        /** Interpolated from recorded (request, venue, response) timestamps. */
        RECORDED("recorded"),
        /**
         * The sum of one draw per stage from recorded per-stage distributions (quantile tables,
         * e.g. from a live run's HdrHistogram log).
         */
        HISTOGRAM("histogram");

        private final String configName;

        Kind(String configName) {
            this.configName = configName;
        }

        /** The name used in configuration files. */
        public String configName() {
            return configName;
        }
    }

    /** The standard normal's 99th percentile. */
    static final double Z99 = 2.3263478740408408;

    /** A lognormal draw is capped at this multiple of its 99th percentile. */
    static final long LOGNORMAL_CAP = 1000;

    /** Zero latency: the default decision latency. */
    public static final LatencyModel ZERO = constant(0);

    private final Kind kind;
    private final long a;
    private final long b;
    private final double sigma;
    private final String file;
    private final long[] request;
    private final long[] venue;
    private final long[] response;

    /** Per stage, its distribution as equally likely values (quantile midpoints), ascending. */
    private final long[][] stages;

    private LatencyModel(
            Kind kind, long a, long b, String file, long[] request, long[] venue, long[] response) {
        this.kind = kind;
        this.a = a;
        this.b = b;
        this.sigma = kind == Kind.LOGNORMAL ? StrictMath.log((double) b / a) / Z99 : 0;
        this.file = file;
        this.request = request;
        this.venue = venue;
        this.response = response;
        this.stages = null;
    }

    private LatencyModel(String file, long[][] stages) {
        this.kind = Kind.HISTOGRAM;
        this.a = 0;
        this.b = 0;
        this.sigma = 0;
        this.file = file;
        this.request = null;
        this.venue = null;
        this.response = null;
        this.stages = stages;
    }

    /**
     * Per-stage distributions, each given as equally likely values in ascending order (for example
     * an HdrHistogram's value at the midpoints of 1000 equal percentile steps); a draw is the sum
     * of one independent draw per stage. {@code name} is how the configuration named the source.
     */
    public static LatencyModel histogram(String name, long[][] stageValues) {
        if (stageValues.length == 0) {
            throw new IllegalArgumentException("no stage histograms");
        }
        long[][] copy = new long[stageValues.length][];
        for (int i = 0; i < stageValues.length; i++) {
            long[] v = stageValues[i];
            if (v.length == 0) {
                throw new IllegalArgumentException("stage " + (i + 1) + " has no values");
            }
            for (int k = 0; k < v.length; k++) {
                if (v[k] < 0 || (k > 0 && v[k] < v[k - 1])) {
                    throw new IllegalArgumentException(
                            "stage " + (i + 1) + ": values must be >= 0 and ascending");
                }
            }
            copy[i] = v.clone();
        }
        return new LatencyModel(name, copy);
    }

    /** Always {@code ns} (&gt;= 0). */
    public static LatencyModel constant(long ns) {
        requireNonNegative(ns, "latency");
        return new LatencyModel(Kind.CONSTANT, ns, ns, null, null, null, null);
    }

    /** Uniform in {@code [lo, hi]}, 0 &lt;= lo &lt;= hi. */
    public static LatencyModel uniform(long lo, long hi) {
        requireNonNegative(lo, "lower bound");
        if (hi < lo) {
            throw new IllegalArgumentException(
                    "upper bound " + hi + " ns below lower bound " + lo + " ns");
        }
        return new LatencyModel(Kind.UNIFORM, lo, hi, null, null, null, null);
    }

    /**
     * Lognormal with median {@code medianNs} and 99th percentile {@code p99Ns}, 0 &lt; m &lt; p99.
     */
    public static LatencyModel lognormal(long medianNs, long p99Ns) {
        if (medianNs <= 0) {
            throw new IllegalArgumentException("median must be > 0, was " + medianNs + " ns");
        }
        if (p99Ns <= medianNs) {
            throw new IllegalArgumentException(
                    "p99 " + p99Ns + " ns must be above the median " + medianNs + " ns");
        }
        return new LatencyModel(Kind.LOGNORMAL, medianNs, p99Ns, null, null, null, null);
    }

    /**
     * Recorded rows, parallel arrays sorted by request time; every row's venue time at or after its
     * request and its response at or after its venue time. {@code name} is how the configuration
     * named the file, kept for the SESSION record.
     */
    public static LatencyModel recorded(
            String name, long[] requestNs, long[] venueNs, long[] responseNs) {
        int n = requestNs.length;
        if (n == 0 || venueNs.length != n || responseNs.length != n) {
            throw new IllegalArgumentException("a recording needs at least one row of three times");
        }
        for (int i = 0; i < n; i++) {
            if (venueNs[i] < requestNs[i] || responseNs[i] < venueNs[i]) {
                throw new IllegalArgumentException(
                        "row " + (i + 1) + ": times must be request <= venue <= response");
            }
            if (i > 0 && (requestNs[i] < requestNs[i - 1] || venueNs[i] < venueNs[i - 1])) {
                throw new IllegalArgumentException(
                        "row " + (i + 1) + ": not sorted by request and venue time");
            }
        }
        return new LatencyModel(
                Kind.RECORDED, 0, 0, name, requestNs.clone(), venueNs.clone(), responseNs.clone());
    }

    /**
     * Reads a recording: one row per line, {@code request_ns,venue_ns,response_ns} (nanoseconds
     * since the epoch, commas or whitespace between); blank lines, lines starting with {@code #}
     * and a first line that is not numbers (a header) are skipped.
     *
     * @throws IllegalArgumentException naming the file and line of the first bad row
     */
    public static LatencyModel readRecorded(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": cannot read (" + e.getMessage() + ")");
        }
        long[] rq = new long[lines.size()];
        long[] vn = new long[lines.size()];
        long[] rs = new long[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.split("[,\\s]+");
            if (i == 0 && !w[0].matches("-?[0-9]+")) {
                continue; // header
            }
            String where = path + " line " + (i + 1) + ": ";
            if (w.length != 3) {
                throw new IllegalArgumentException(
                        where + "expected request_ns,venue_ns,response_ns, got \"" + line + "\"");
            }
            try {
                rq[n] = Long.parseLong(w[0]);
                vn[n] = Long.parseLong(w[1]);
                rs[n] = Long.parseLong(w[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "not a whole number: \"" + line + "\"");
            }
            if (vn[n] < rq[n] || rs[n] < vn[n]) {
                throw new IllegalArgumentException(
                        where + "times must be request <= venue <= response");
            }
            if (n > 0 && (rq[n] < rq[n - 1] || vn[n] < vn[n - 1])) {
                throw new IllegalArgumentException(where + "not sorted by request and venue time");
            }
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException(path + ": no rows");
        }
        return recorded(
                path.toString(),
                java.util.Arrays.copyOf(rq, n),
                java.util.Arrays.copyOf(vn, n),
                java.util.Arrays.copyOf(rs, n));
    }

    public Kind kind() {
        return kind;
    }

    /** The constant, the uniform's lower bound or the lognormal's median, in ns (0 if recorded). */
    public long a() {
        return a;
    }

    /**
     * The uniform's upper bound or the lognormal's p99, in ns (the constant again; 0 if recorded).
     */
    public long b() {
        return b;
    }

    /** The recording's file as configured, or null. */
    public String file() {
        return file;
    }

    /**
     * SHA-256 of a recording's rows (each row's three times as big-endian longs), in hex; empty for
     * the other kinds. The SESSION record carries it, so a run names the data it was simulated
     * with.
     */
    public String digest() {
        if (request == null && stages == null) {
            return "";
        }
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer row = java.nio.ByteBuffer.allocate(24);
            for (int i = 0; request != null && i < request.length; i++) {
                row.clear();
                row.putLong(request[i]).putLong(venue[i]).putLong(response[i]);
                md.update(row.array());
            }
            for (int i = 0; stages != null && i < stages.length; i++) {
                row.clear();
                row.putLong(-1 - i).putLong(stages[i].length).putLong(0);
                md.update(row.array());
                for (long v : stages[i]) {
                    row.clear();
                    row.putLong(v).putLong(0).putLong(0);
                    md.update(row.array());
                }
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Rows of a recording, stages of a histogram model (0 otherwise). */
    public int rows() {
        return request != null ? request.length : stages != null ? stages.length : 0;
    }

    /**
     * The latency of a request sent at {@code timeNs}, with {@code random} one 64-bit draw of the
     * caller's seeded generator (ignored by constant and recorded models).
     */
    public long latency(long timeNs, long random) {
        switch (kind) {
            case CONSTANT:
                return a;
            case UNIFORM:
                return a + Math.floorMod(random, b - a + 1);
            case LOGNORMAL:
                double z = normalQuantile(unit(random));
                double v = a * StrictMath.exp(sigma * z);
                return Math.min((long) StrictMath.rint(v), LOGNORMAL_CAP * b);
            case HISTOGRAM:
                long sum = 0;
                long r = random;
                for (long[] stage : stages) {
                    // splitmix64 steps: an independent draw per stage from the one given.
                    r += 0x9E3779B97F4A7C15L;
                    long x = r;
                    x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
                    x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
                    x ^= x >>> 31;
                    sum += stage[(int) Math.floorMod(x, (long) stage.length)];
                }
                return sum;
            default:
                return interpolate(request, venue, request, timeNs);
        }
    }

    /**
     * The response latency of a report the venue sends at {@code venueTimeNs}: the recording's
     * {@code response - venue} interpolated at that time; {@code fallbackNs} for every other kind.
     */
    public long responseLatency(long venueTimeNs, long fallbackNs) {
        if (kind != Kind.RECORDED) {
            return fallbackNs;
        }
        return interpolate(venue, response, venue, venueTimeNs);
    }

    /** The smallest latency {@link #latency} can return. */
    public long minNs() {
        switch (kind) {
            case CONSTANT:
            case UNIFORM:
                return a;
            case LOGNORMAL:
                return 0;
            case HISTOGRAM:
                long min = 0;
                for (long[] stage : stages) {
                    min += stage[0];
                }
                return min;
            default:
                return minDiff(request, venue);
        }
    }

    /**
     * The smallest response latency {@link #responseLatency} can return (linear interpolation never
     * goes below its smaller end), or {@code fallbackNs} if not recorded.
     */
    public long minResponseNs(long fallbackNs) {
        return kind == Kind.RECORDED ? minDiff(venue, response) : fallbackNs;
    }

    /**
     * The configuration's words for this model, durations in ns: {@code lognormal 800000 3000000}.
     */
    @Override
    public String toString() {
        switch (kind) {
            case CONSTANT:
                return kind.configName + " " + a;
            case RECORDED:
            case HISTOGRAM:
                return kind.configName + " " + file;
            default:
                return kind.configName + " " + a + " " + b;
        }
    }

    /**
     * {@code to[i] - from[i]} interpolated at {@code t} along {@code by}: rows bracketing {@code t}
     * by binary search, the end rows' values outside the recording.
     */
    private static long interpolate(long[] from, long[] to, long[] by, long t) {
        int n = by.length;
        if (t <= by[0]) {
            return to[0] - from[0];
        }
        if (t >= by[n - 1]) {
            return to[n - 1] - from[n - 1];
        }
        int lo = 0;
        int hi = n - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (by[mid] <= t) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        long l0 = to[lo] - from[lo];
        long l1 = to[hi] - from[hi];
        long span = by[hi] - by[lo];
        if (span == 0) {
            return l0;
        }
        // In double: the product of a latency and a time span can overflow a long.
        double f = (double) (t - by[lo]) / span;
        return l0 + (long) StrictMath.rint((l1 - l0) * f);
    }

    private static long minDiff(long[] from, long[] to) {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < from.length; i++) {
            min = Math.min(min, to[i] - from[i]);
        }
        return min;
    }

    // Acklam's coefficients.
    private static final double[] CA = {
        -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
    };
    private static final double[] CB = {
        -5.447609879822406e+01,
        1.615858368580409e+02,
        -1.556989798598866e+02,
        6.680131188771972e+01,
        -1.328068155288572e+01
    };
    private static final double[] CC = {
        -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
    };
    private static final double[] CD = {
        7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
    };

    /** A draw mapped to the open interval (0, 1). */
    private static double unit(long random) {
        return ((random >>> 11) + 0.5) * 0x1.0p-53;
    }

    /**
     * The standard normal quantile of {@code p} in (0, 1), by Acklam's rational approximation
     * (relative error below 1.2e-9), which is plenty for a latency and needs only StrictMath.
     */
    static double normalQuantile(double p) {
        double pLow = 0.02425;
        if (p < pLow) {
            double q = StrictMath.sqrt(-2 * StrictMath.log(p));
            return (((((CC[0] * q + CC[1]) * q + CC[2]) * q + CC[3]) * q + CC[4]) * q + CC[5])
                    / ((((CD[0] * q + CD[1]) * q + CD[2]) * q + CD[3]) * q + 1);
        }
        if (p > 1 - pLow) {
            double q = StrictMath.sqrt(-2 * StrictMath.log1p(-p));
            return -(((((CC[0] * q + CC[1]) * q + CC[2]) * q + CC[3]) * q + CC[4]) * q + CC[5])
                    / ((((CD[0] * q + CD[1]) * q + CD[2]) * q + CD[3]) * q + 1);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((CA[0] * r + CA[1]) * r + CA[2]) * r + CA[3]) * r + CA[4]) * r + CA[5])
                * q
                / (((((CB[0] * r + CB[1]) * r + CB[2]) * r + CB[3]) * r + CB[4]) * r + 1);
    }

    private static void requireNonNegative(long v, String what) {
        if (v < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, was " + v + " ns");
        }
    }
}
