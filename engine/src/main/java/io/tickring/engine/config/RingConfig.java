package io.tickring.engine.config;

/**
 * The {@code ring} section: the Disruptor ring's size and the lag at which a live run sheds market
 * data.
 *
 * @param size number of slots, a power of two in 64..16777216
 * @param maxLagNs in a live run the Sequencer sheds market data while the oldest event the slowest
 *     stage has not finished was published longer ago than this; 0 = never (README, "Overload
 *     policy")
 */
public record RingConfig(int size, long maxLagNs) {
    /** Smallest ring size accepted. */
    public static final int MIN_SIZE = 64;

    /** Largest ring size accepted (2^24). */
    public static final int MAX_SIZE = 1 << 24;

    /** A ring of {@code size} slots that never sheds. */
    public RingConfig(int size) {
        this(size, 0);
    }

    public RingConfig {
        if (maxLagNs < 0) {
            throw new IllegalArgumentException("max lag must be >= 0: " + maxLagNs);
        }
        if (size < MIN_SIZE || size > MAX_SIZE || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException(
                    "ring size must be a power of two in 64..16777216: " + size);
        }
    }
}
