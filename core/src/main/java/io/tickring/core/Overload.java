package io.tickring.core;

/**
 * The layout of a CONTROL {@link ControlCode#OVERLOAD} event: where input was dropped, which end of
 * the episode the event marks, which event type and how many. The Sequencer writes these events;
 * the risk gate and the journal tools read them.
 *
 * <pre>
 *   controlParamId = phase * 1000 + site * 100 + type
 *
 *   phase 1 START  the first drops of an episode were seen; type 0;
 *                  controlParamValue = drops seen when the event was published
 *         2 END    type t &gt; 0: controlParamValue = events of type t dropped in the episode,
 *                  one such event per type that lost any;
 *                  then type 0: closes the episode, controlParamValue = every drop of it
 *   site  1 INGRESS  an adapter's ingress queue was full (the simulator, the Binance feed)
 *         2 BACKLOG  the Sequencer shed market data: the oldest event the ring's slowest
 *                    consumer had not finished was older than ring.max_lag
 *   type  the dropped events' {@link EventType} (BOOK 2, TRADE 3, QUOTE 8, ...), 0 = all
 * </pre>
 *
 * <p>So {@code 1100} starts an ingress episode, {@code 2202} reports the BOOKs the ring shed and
 * {@code 2200} ends a backlog episode. An episode ends after {@code QUIET} of wall-clock time
 * without a new drop at its site, and at the end of a run. Counts are exact: every drop is in
 * exactly one episode, whose END events carry it.
 */
public final class Overload {
    public static final int START = 1;
    public static final int END = 2;

    public static final int INGRESS = 1;
    public static final int BACKLOG = 2;

    /** Number of sites + 1, for arrays indexed by site. */
    public static final int SITES = 3;

    /** Wall-clock time without a drop after which an episode ends. */
    public static final long QUIET_NS = 1_000_000_000L;

    private Overload() {}

    public static int paramId(int phase, int site, int type) {
        return phase * 1000 + site * 100 + type;
    }

    public static int phase(int paramId) {
        return paramId / 1000;
    }

    public static int site(int paramId) {
        return paramId / 100 % 10;
    }

    public static int type(int paramId) {
        return paramId % 100;
    }

    /** True for the event that opens an episode. */
    public static boolean isStart(int paramId) {
        return phase(paramId) == START;
    }

    /** True for the event that closes an episode (END, type 0). */
    public static boolean isEnd(int paramId) {
        return phase(paramId) == END && type(paramId) == 0;
    }

    /** {@code ingress} or {@code backlog}. */
    public static String siteName(int site) {
        return site == INGRESS ? "ingress" : site == BACKLOG ? "backlog" : "site" + site;
    }

    /** E.g. {@code START ingress}, {@code END backlog BOOK}, {@code END backlog}. */
    public static String describe(int paramId) {
        int type = type(paramId);
        String phase = phase(paramId) == START ? "START" : phase(paramId) == END ? "END" : "?";
        return phase
                + " "
                + siteName(site(paramId))
                + (type == 0
                        ? ""
                        : " "
                                + (EventType.name(type) != null
                                        ? EventType.name(type)
                                        : "type" + type));
    }
}
