package io.tickring.engine.config;

/**
 * The {@code ring} section: the Disruptor ring's size.
 *
 * @param size number of slots, a power of two in 64..16777216
 */
public record RingConfig(int size) {
    /** Smallest ring size accepted. */
    public static final int MIN_SIZE = 64;

    /** Largest ring size accepted (2^24). */
    public static final int MAX_SIZE = 1 << 24;

    public RingConfig {
        if (size < MIN_SIZE || size > MAX_SIZE || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException(
                    "ring size must be a power of two in 64..16777216: " + size);
        }
    }
}
