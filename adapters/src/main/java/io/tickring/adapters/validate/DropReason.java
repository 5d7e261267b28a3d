package io.tickring.adapters.validate;

/**
 * Why a source row or event was dropped instead of being passed to the ring: the status codes that
 * {@link BookValidator#check}, the importers and the Binance adapter return, and the index of
 * {@link DropCounters}.
 *
 * <p>Plain {@code int} codes rather than an enum so that a check returns a status on the hot path
 * without touching an object, and counters are a flat {@code long[]}. {@link #OK} (0) means
 * accepted. The numbers appear in no persisted format; the {@link #name names} appear in JSON
 * summaries.
 */
public final class DropReason {
    /** Accepted. */
    public static final int OK = 0;

    /** Best ask at or below best bid (both sides non-empty). */
    public static final int CROSSED_OR_LOCKED = 1;

    /** A non-empty level or a trade with a price of zero or less. */
    public static final int NON_POSITIVE_PRICE = 2;

    /** A non-empty level or a trade with a size of zero or less. */
    public static final int NON_POSITIVE_SIZE = 3;

    /**
     * Prices of one side not strictly moving away from the touch (asks rising, bids falling), or a
     * non-empty level after an empty one.
     */
    public static final int LEVELS_OUT_OF_ORDER = 4;

    /** Exchange time earlier than the last accepted event of the same instrument. */
    public static final int TIME_BACKWARDS = 5;

    /**
     * A BOOK equal in every level to the last accepted BOOK of the same instrument and carrying the
     * same exchange time: a repeated snapshot row.
     */
    public static final int DUPLICATE = 6;

    /**
     * A field that does not parse, a row with the wrong number of fields, an unknown code; a frame
     * that is not JSON of a known shape or lacks a field its kind needs; a BOOK without levels.
     */
    public static final int BAD_FIELD = 7;

    /** A price with more decimals than the instrument's price scale can hold. */
    public static final int PRICE_NOT_ON_SCALE = 8;

    /** A symbol (or instrument id) the instrument registry does not know. */
    public static final int UNKNOWN_SYMBOL = 9;

    /** A LOBSTER row present in one of the message and orderbook files but not in the other. */
    public static final int UNPAIRED_ROW = 10;

    /**
     * A book with no priced level on either side (all prices zero or missing): a pre-open or closed
     * snapshot, which says nothing about where the market is. Expected data, so counted but never
     * reported as a problem nor fatal under {@code --strict}.
     */
    public static final int EMPTY_BOOK = 11;

    /**
     * A book from a call-auction phase (the CSV mapping's {@code phase} column holds one of its
     * {@code auction_phases}): indicative prices that cannot be traded at continuously, so not
     * journaled. Expected data, counted like {@link #EMPTY_BOOK}.
     */
    public static final int CALL_AUCTION = 12;

    /** Number of codes, {@link #OK} included; arrays indexed by reason have this length. */
    public static final int COUNT = 13;

    private static final String[] NAMES = {
        "OK",
        "CROSSED_OR_LOCKED",
        "NON_POSITIVE_PRICE",
        "NON_POSITIVE_SIZE",
        "LEVELS_OUT_OF_ORDER",
        "TIME_BACKWARDS",
        "DUPLICATE",
        "BAD_FIELD",
        "PRICE_NOT_ON_SCALE",
        "UNKNOWN_SYMBOL",
        "UNPAIRED_ROW",
        "EMPTY_BOOK",
        "CALL_AUCTION"
    };

    private DropReason() {}

    /**
     * The reason's name as it appears in problem lines and JSON, e.g. {@code CROSSED_OR_LOCKED}.
     */
    public static String name(int reason) {
        return reason >= 0 && reason < COUNT ? NAMES[reason] : "UNKNOWN(" + reason + ")";
    }
}
