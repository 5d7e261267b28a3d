package io.tickring.bench;

/** What the benchmarks share: the justification of the common allocation bound. */
final class Benchmarks {
    private Benchmarks() {}

    /**
     * Why 0.5 B/op (plus {@link AllocationBound#iterationNoiseBytes()} per iteration) for code that
     * allocates nothing: JMH's GC profiler divides every byte the fork allocated during an
     * iteration, on any thread, by the iteration's operations. What the fork allocates per
     * iteration whatever the code (JMH's own objects, a few KB) is the per-iteration allowance; 0.5
     * B/op is left for what grows with the work but is not the code's own (Chronicle mapping a new
     * 64 MiB chunk, ~2 KB, ~0.01 B/op). One 16-byte object per operation fails by a factor of 30;
     * an object per order (one event in a hundred) passes, and only {@code ChainAllocationTest}'s
     * exact per-thread count sees it.
     */
    static final String ZERO =
            "allocation-free; 0.5 B/op covers what grows with the work outside the code (Chronicle"
                    + " chunk mappings), the per-iteration allowance JMH's own objects; one object"
                    + " per op is >= 16 B/op";
}
