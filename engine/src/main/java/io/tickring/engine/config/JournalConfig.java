package io.tickring.engine.config;

/**
 * The {@code journal} section: Chronicle Queue settings of the run's journals.
 *
 * @param blockSizeBytes queue block size in bytes, a whole number of MiB in 1..1024 MiB (configured
 *     as {@code block_size_mb})
 * @param minFreeBytes free space below which a run halts trading and stops, before its disk is full
 *     (configured as {@code min_free_mb}; 0 turns the watermark off)
 */
public record JournalConfig(long blockSizeBytes, long minFreeBytes) {
    /** One MiB, the unit of {@code block_size_mb}. */
    public static final long MIB = 1L << 20;

    /** Default watermark: room for both queues to map their next block and close whole. */
    public static final int DEFAULT_MIN_FREE_MB = 128;

    /** The given block size and the default watermark. */
    public JournalConfig(long blockSizeBytes) {
        this(blockSizeBytes, DEFAULT_MIN_FREE_MB * MIB);
    }

    public JournalConfig {
        // The YAML and JSON form is block_size_mb, so only whole MiB survive a round trip.
        if (blockSizeBytes < MIB || blockSizeBytes > 1024 * MIB || blockSizeBytes % MIB != 0) {
            throw new IllegalArgumentException(
                    "block size must be a whole number of MiB in 1..1024 MiB: " + blockSizeBytes);
        }
        if (minFreeBytes < 0 || minFreeBytes % MIB != 0) {
            throw new IllegalArgumentException(
                    "free-space watermark must be a whole number of MiB, 0 or more: "
                            + minFreeBytes);
        }
    }

    /** The watermark in MiB. */
    public long minFreeMb() {
        return minFreeBytes / MIB;
    }

    /** The block size in MiB. */
    public int blockSizeMb() {
        return (int) (blockSizeBytes / MIB);
    }
}
