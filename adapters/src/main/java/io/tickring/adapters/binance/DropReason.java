package io.tickring.adapters.binance;

/**
 * Why a Binance frame, or the event decoded from it, never reached the ring.
 *
 * <p>The first group are decode failures (the frame could not be read); the second are the
 * validation reasons of {@link BookChecks}, kept identical to the shared validator that is meant to
 * replace it. A dropped frame is counted under exactly one reason.
 */
public enum DropReason {
    /** Not JSON, truncated, or JSON of a shape no Binance stream sends. */
    MALFORMED(true),
    /** The symbol (from {@code s}, the stream name or the configured default) is not an instrument. */
    UNKNOWN_SYMBOL(true),
    /** A price or quantity that is not a plain decimal, has more decimals than the scale, or overflows. */
    BAD_NUMBER(true),
    /** A field the frame's kind needs (trade time, update ids, price, ...) is absent. */
    MISSING_FIELD(true),
    /** More levels on one side than the decoder was sized for. */
    TOO_MANY_LEVELS(true),

    /** Best bid above best ask. */
    CROSSED(false),
    /** Best bid equal to best ask. */
    LOCKED(false),
    /** A price or size at or below zero (a diff's zero quantity, which deletes a level, is allowed). */
    NON_POSITIVE(false),
    /** Bids not strictly descending or asks not strictly ascending. */
    OUT_OF_ORDER(false),
    /** Exchange time earlier than the previous event of the same kind and instrument. */
    TIME_BACKWARDS(false),
    /** Update id or trade id not after the last one seen for the instrument. */
    DUPLICATE(false),
    /** A book with no level on one side: there is nothing two-sided to pass on. */
    EMPTY_SIDE(false);

    private static final DropReason[] VALUES = values();

    private final boolean decodeError;

    DropReason(boolean decodeError) {
        this.decodeError = decodeError;
    }

    /** True for reasons where the frame could not be decoded, false for validation drops. */
    public boolean isDecodeError() {
        return decodeError;
    }

    /** Lower-case name used in JSON reports, e.g. {@code time_backwards}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static DropReason of(int ordinal) {
        return VALUES[ordinal];
    }

    static int count() {
        return VALUES.length;
    }
}
