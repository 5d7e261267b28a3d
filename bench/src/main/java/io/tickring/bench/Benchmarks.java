package io.tickring.bench;

/** What the benchmarks share: the justification of the common allocation bound. */
final class Benchmarks {
    private Benchmarks() {}

    /**
     * Why 0.5 B/op for code that allocates nothing: JMH's GC profiler divides every byte the fork
     * allocated during an iteration, on any thread, by the operations of that iteration. JMH's own
     * objects per iteration (a few KB: results, timers, the iteration's control) over the 10^6 to
     * 10^8 operations of a 1 s iteration of these benchmarks are well under 0.01 B/op; the bound
     * leaves room for a slow, loaded iteration of 10^4 operations. One object per operation is at
     * least 16 B/op, so it fails by a factor of 32 or more.
     */
    static final String ZERO =
            "allocation-free; 0.5 B/op covers JMH's own per-iteration objects spread over the"
                    + " iteration's operations (one object per op is >= 16 B/op)";
}
