package io.tickring.core;

/** Operator and source commands carried by {@link EventType#CONTROL} events. */
public final class ControlCode {
    /** Stop trading: only cancels pass. */
    public static final byte HALT = 1;

    /** Back to normal trading. */
    public static final byte RESUME = 2;

    /** Only orders that reduce a position pass. */
    public static final byte REDUCE_ONLY = 3;

    /** Halt and cancel every open order. */
    public static final byte KILL = 4;

    /** Change the numeric parameter {@code paramId} to {@code paramValue}. */
    public static final byte PARAM = 5;

    /** A market-data source lost its feed or saw a gap ({@code paramValue} says which). */
    public static final byte FEED_GAP = 6;

    /** The venue halted trading in the instrument. */
    public static final byte MARKET_HALT = 7;

    /**
     * The engine restarted on this journal after its writer died ({@code run --resume}): the
     * records before it were recovered, the records after it are the continued run. Written by the
     * Sequencer, never by an operator; it changes no stage's state. Not {@link #RESUME}, which
     * resumes trading after a halt. {@code paramValue} is the number of input records recovered.
     */
    public static final byte RESTART = 8;

    /**
     * Lifts a {@link #KILL}: the only command that does; {@link #RESUME} lifts {@link #HALT} and
     * {@link #REDUCE_ONLY} only. An operator sends it with the admin token.
     */
    public static final byte REARM = 9;

    /**
     * The process is stopping (SIGTERM or SIGINT): halt, and cancel the working orders if {@code
     * paramValue} is 1 ({@code ops.stop.cancel_orders}; the flag travels in the record, so replay
     * follows it whatever its own configuration says). Written by the Sequencer, never by an
     * operator. It changes state only as {@link #HALT} does, and only for the execution reports
     * that follow it: a stopping process takes in nothing else after it, so any market, timer or
     * operator event after a STOP belongs to a run resumed on the journal ({@code run --resume}),
     * and trades again.
     */
    public static final byte STOP = 10;

    /**
     * An overload episode: a source or the ring could not keep up and input was dropped before it
     * reached the ring. Written by the Sequencer, never by an operator (it is not an operator
     * word): one event when an episode starts and one per dropped event type plus a closing one
     * when it ends; {@link Overload} defines {@code paramId} and {@code paramValue}. Journaled like
     * every input, so a replay sees the episodes where the live run saw them.
     */
    public static final byte OVERLOAD = 11;

    /**
     * A venue acted on a trip of the kill switch's latch ({@link KillSwitch}): the paper venue
     * sends it through its report queue, ahead of the KILL_SWITCH reports of that trip, on its
     * first call after the latch tripped. {@code paramValue} is the ring sequence of the event the
     * router was handling then and {@code paramId} the number of that event's venue calls before
     * this one, so {@code run --resume} trips the rebuilt venue's latch at the very same call (the
     * live trip's moment is wall-clock and is not in the journal). Never an operator's word; it
     * changes no stage's state.
     */
    public static final byte LATCHED = 12;

    /**
     * The live gateway's reconciliation with the venue: {@code paramValue} 1 when it starts (at the
     * first logon, after a dropped connection, after a restart), which halts new orders as {@link
     * #HALT} does, and 0 when every order's status is known and explained, which lifts only that
     * halt ({@link #RESUME} does not lift it, and it does not lift an operator's HALT). Written by
     * the gateway, never by an operator; journaled like every input, so a replay halts and trades
     * where the live run did.
     */
    public static final byte GATEWAY = 13;

    private static final String[] NAMES = {
        "?",
        "HALT",
        "RESUME",
        "REDUCE_ONLY",
        "KILL",
        "PARAM",
        "FEED_GAP",
        "MARKET_HALT",
        "RESTART",
        "REARM",
        "STOP",
        "OVERLOAD",
        "LATCHED",
        "GATEWAY"
    };

    private ControlCode() {}

    public static String name(int code) {
        return code >= 1 && code < NAMES.length && NAMES[code] != null
                ? NAMES[code]
                : "UNKNOWN(" + code + ")";
    }

    public static boolean isValid(int code) {
        return code >= HALT && code < NAMES.length && NAMES[code] != null;
    }

    /** Parses an operator word such as {@code halt} or {@code kill}; returns 0 if unknown. */
    public static byte parse(String word) {
        for (int i = 1; i < NAMES.length; i++) {
            if (i == OVERLOAD || i == LATCHED || i == GATEWAY || NAMES[i] == null) {
                continue; // the engine's and the gateway's alone, not operator words
            }
            if (NAMES[i].equalsIgnoreCase(word.replace('-', '_'))) {
                return (byte) i;
            }
        }
        return 0;
    }
}
