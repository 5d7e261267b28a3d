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

    /** Why this bound: what the benchmark allocates and what the epsilon covers. */
    String why();

    /** The container of repeated bounds. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        AllocationBound[] value();
    }
}
