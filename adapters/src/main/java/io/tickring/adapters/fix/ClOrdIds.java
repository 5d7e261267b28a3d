package io.tickring.adapters.fix;

/**
 * The ClOrdID scheme: {@code <run>-<orderId>} for a NewOrderSingle, {@code <run>-<orderId>-C<n>}
 * for the n-th cancel request of that order and {@code <run>-<orderId>-R<n>} for its n-th replace.
 *
 * <p>{@code <run>} is the run's start time in milliseconds since the epoch, in base 36 (8
 * characters until 2059): the engine numbers its orders from 1 in every run, so the run tag is what
 * keeps two runs' ClOrdIDs apart, also across restarts of the process and when two journals trade
 * one session. The engine's order id is always recoverable from a ClOrdID (and from an
 * OrigClOrdID), which is how a report finds its order without a table that a restart would lose.
 */
final class ClOrdIds {
    private ClOrdIds() {}

    /** The run tag of a run started at {@code startTimeNs}. */
    static String runTag(long startTimeNs) {
        return Long.toString(Math.floorDiv(startTimeNs, 1_000_000L), 36);
    }

    static String order(String run, long orderId) {
        return run + '-' + orderId;
    }

    static String cancel(String run, long orderId, int n) {
        return run + '-' + orderId + "-C" + n;
    }

    static String replace(String run, long orderId, int n) {
        return run + '-' + orderId + "-R" + n;
    }

    /**
     * The engine order id in a ClOrdID of run {@code run}, or -1 when it is not one of this run's
     * (another run's order, or a venue's own).
     */
    static long orderId(String run, String clOrdId) {
        if (clOrdId == null
                || clOrdId.length() <= run.length() + 1
                || !clOrdId.startsWith(run)
                || clOrdId.charAt(run.length()) != '-') {
            return -1;
        }
        int from = run.length() + 1;
        int to = clOrdId.indexOf('-', from);
        if (to < 0) {
            to = clOrdId.length();
        }
        long id = 0;
        if (to == from || to - from > 18) {
            return -1;
        }
        for (int i = from; i < to; i++) {
            char c = clOrdId.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }
}
