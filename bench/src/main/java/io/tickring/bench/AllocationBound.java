package io.tickring.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An allocation gate on a JMH benchmark method: the most bytes per operation ({@code
 * gc.alloc.rate.norm}) that {@link AllocationGates} lets the benchmark allocate in the given
 * parameter configuration. Written on the benchmark itself, so the bound and the code it bounds are
 * read together; repeat it for one gate per configuration.
 *
 * <p>The bound is {@link #bytesPerOp()}, plus, when {@link #reference()} names another benchmark,
 * that benchmark's own measured figure in the same run (the ONNX model stage is bounded by the bare
 * ONNX Runtime call, whose Java API allocates a few hundred bytes per call).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(AllocationBound.List.class)
public @interface AllocationBound {
    /** Bytes per operation allowed on top of the reference (or on top of nothing). */
    double bytesPerOp();

    /**
     * The configuration the gate applies to, as JMH parameters {@code name=value,name=value}; empty
     * for a benchmark without parameters (or to gate every configuration JMH runs).
     */
    String params() default "";

    /**
     * {@code SimpleClassName.method[name=value,...]} of a benchmark measured in the same run whose
     * figure is added to the bound, or empty.
     */
    String reference() default "";

    /**
     * Bytes per measurement iteration allowed on top, whatever the iteration's operation count:
     * what the fork allocates per iteration outside the code under test. JMH's GC profiler counts
     * every thread: with it, JMH's own objects come to about 6 KB per 1 s iteration (0.005-0.006
     * MB/s in every benchmark here), the chain's forks 15-22 KB (Chronicle's threads, and a chunk
     * mapped now and then, ~2 KB each). The default, 32 KiB, covers both; spread over the 10^4 to
     * 10^8 operations of an iteration it is 3 B/op at most, while one 16-byte object per operation
     * is 16 B/op. Zero where a reference benchmark in the same fork shape carries the same noise.
     */
    double iterationNoiseBytes() default 32 * 1024;

    /** Why this bound: what the benchmark allocates and what the epsilon covers. */
    String why();

    /** The container of repeated bounds. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        AllocationBound[] value();
    }
}
