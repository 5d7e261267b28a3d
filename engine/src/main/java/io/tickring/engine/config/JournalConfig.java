package io.tickring.engine.config;

/**
 * The {@code journal} section: Chronicle Queue settings of the run's journals.
 *
 * @param blockSizeBytes queue block size in bytes, a whole number of MiB in 1..1024 MiB (configured
 *     as {@code block_size_mb})
 */
public record JournalConfig(long blockSizeBytes) {
    /** One MiB, the unit of {@code block_size_mb}. */
    public static final long MIB = 1L << 20;

    public JournalConfig {
        // The YAML and JSON form is block_size_mb, so only whole MiB survive a round trip.
        if (blockSizeBytes < MIB || blockSizeBytes > 1024 * MIB || blockSizeBytes % MIB != 0) {
            throw new IllegalArgumentException(
                    "block size must be a whole number of MiB in 1..1024 MiB: " + blockSizeBytes);
        }
    }

    /** The block size in MiB. */
    public int blockSizeMb() {
        return (int) (blockSizeBytes / MIB);
    }
}
