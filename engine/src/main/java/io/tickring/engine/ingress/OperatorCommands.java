package io.tickring.engine.ingress;

import io.tickring.core.ControlCode;
import io.tickring.core.EventPublisher;
import io.tickring.core.EventType;
import io.tickring.core.KillSwitch;
import io.tickring.core.RingEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * The one way an operator's command enters the engine, whichever channel carried it (stdin, the
 * admin API): a {@code kill} trips the engine's {@link KillSwitch} the moment it is received; then
 * the command is offered as a CONTROL event to the Sequencer's control queue, so it is journaled in
 * order and replay follows it. A {@code rearm} with the admin token travels as a REARM event that
 * carries the number of kills received before it ({@code controlParamValue}); when the router
 * reaches it, in order after the KILL, it lifts the latch unless a later kill came in. Lifting it
 * at once instead would let orders the chain decided before it reached the KILL leave while the
 * ring is behind.
 *
 * <p>A {@code rearm} needs the admin token ({@code TICKRING_ADMIN_TOKEN}): without a configured
 * token it is impossible, and a missing or wrong one is refused and counted ({@link #refusals()}).
 * The token is compared in constant time and goes nowhere: not into the event, a message or a log.
 *
 * <p>Thread-safe: several channels may send at once (the control queue is many-to-one). Not on the
 * hot path: each command allocates its event.
 */
public final class OperatorCommands {
    /** How long {@link #send} waits for room in the control queue before giving up. */
    private static final long OFFER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);

    /** What became of a command. */
    public enum Outcome {
        /**
         * Offered to the Sequencer (for a kill, the latch tripped first; a rearm lifts it when the
         * router reaches it).
         */
        SENT,
        /** Not a command an operator may send (feed, venue and restart codes are the engine's). */
        NOT_AN_OPERATOR_COMMAND,
        /** A rearm, but no admin token is configured: rearm is impossible. */
        NO_TOKEN_CONFIGURED,
        /** A rearm with a missing or wrong token: refused and counted. */
        WRONG_TOKEN,
        /**
         * The control queue stayed full (the engine is not taking input): not journaled. A kill has
         * tripped the latch all the same.
         */
        NOT_DELIVERED
    }

    private final EventPublisher control;
    private final KillSwitch killSwitch;
    private final byte[] adminToken;
    private final EpochNanoClock clock;
    private final AtomicLong refusals = new AtomicLong();

    /**
     * @param control the Sequencer's control queue
     * @param killSwitch the engine's latch, which every gateway reads before releasing anything
     * @param adminToken the admin token ({@code TICKRING_ADMIN_TOKEN}), or null if none is set
     */
    public OperatorCommands(EventPublisher control, KillSwitch killSwitch, String adminToken) {
        this(control, killSwitch, adminToken, new SystemEpochNanoClock());
    }

    OperatorCommands(
            EventPublisher control,
            KillSwitch killSwitch,
            String adminToken,
            EpochNanoClock clock) {
        this.control = control;
        this.killSwitch = killSwitch;
        this.adminToken =
                adminToken == null || adminToken.isEmpty()
                        ? null
                        : adminToken.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /**
     * Sends an operator command: {@link ControlCode#HALT}, {@link ControlCode#RESUME}, {@link
     * ControlCode#REDUCE_ONLY}, {@link ControlCode#KILL} or {@link ControlCode#REARM} ({@code
     * token} is read for REARM only and may be null otherwise). A KILL trips the latch before
     * anything else; a REARM with the right token travels in order to the gate, where it lifts the
     * journaled kill, and to the router, which lifts the latch. The event's time is the wall clock
     * when it was received.
     */
    public Outcome send(byte code, String token) {
        if (!isOperatorCode(code)) {
            return Outcome.NOT_AN_OPERATOR_COMMAND;
        }
        long now = clock.nanoTime();
        if (code == ControlCode.KILL) {
            // First: from here on no gateway releases anything, however far behind the ring is.
            killSwitch.trip(now);
        } else if (code == ControlCode.REARM) {
            if (adminToken == null) {
                refusals.incrementAndGet();
                return Outcome.NO_TOKEN_CONFIGURED;
            }
            if (token == null
                    || !MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
                refusals.incrementAndGet();
                return Outcome.WRONG_TOKEN;
            }
        }
        RingEvent e = new RingEvent();
        e.clearInput();
        e.type = EventType.CONTROL;
        e.controlCode = code;
        if (code == ControlCode.REARM) {
            e.controlParamValue = killSwitch.trips();
        }
        e.exchangeTimeNs = now;
        e.receiveTimeNs = now;
        long deadline = System.nanoTime() + OFFER_TIMEOUT_NS;
        while (!control.offer(e)) {
            if (System.nanoTime() - deadline > 0) {
                return Outcome.NOT_DELIVERED;
            }
            LockSupport.parkNanos(50_000);
        }
        return Outcome.SENT;
    }

    /** Whether an operator may send {@code code}: feed, venue and restart codes are not theirs. */
    public static boolean isOperatorCode(byte code) {
        return code == ControlCode.HALT
                || code == ControlCode.RESUME
                || code == ControlCode.REDUCE_ONLY
                || code == ControlCode.KILL
                || code == ControlCode.REARM;
    }

    /** Whether an admin token is configured, so that a rearm is possible at all. */
    public boolean rearmPossible() {
        return adminToken != null;
    }

    /** Rearms refused so far (no token configured, or a missing or wrong one). */
    public long refusals() {
        return refusals.get();
    }

    /** The engine's kill latch, as the commands trip and lift it. */
    public KillSwitch killSwitch() {
        return killSwitch;
    }
}
