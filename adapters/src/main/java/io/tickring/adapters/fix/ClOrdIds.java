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
 *
 * <p><b>Across restarts</b> ({@code run --resume}): the resumed run keeps the dead run's tag (from
 * the journal's SESSION record) and its order ids go on from the journal's, so a new order never
 * repeats an old ClOrdID and reports of the old orders still find them. Cancel and replace counts
 * start again in a new process, so from the first restart on they carry the restart's generation:
 * {@code <run>-<orderId>-C<n>g<generation>}.
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
        return cancel(run, 0, orderId, n);
    }

    static String replace(String run, long orderId, int n) {
        return replace(run, 0, orderId, n);
    }

    /** The n-th cancel of an order in the process of restart {@code generation} (0: none yet). */
    static String cancel(String run, int generation, long orderId, int n) {
        return run + '-' + orderId + "-C" + n + (generation == 0 ? "" : "g" + generation);
    }

    /** The n-th replace of an order in the process of restart {@code generation}. */
    static String replace(String run, int generation, long orderId, int n) {
        return run + '-' + orderId + "-R" + n + (generation == 0 ? "" : "g" + generation);
    }

    /** The mass status request id of the n-th reconciliation of this process. */
    static String massStatus(String run, int generation, int n) {
        return run + "-M" + n + "g" + generation;
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
