package io.tickring.adapters.fix;

import io.tickring.core.ParameterException;
import java.nio.file.Path;

/**
 * The FIX gateway's parameters, built like the stages' contexts: named setters that return the
 * context, getters, and {@link #conclude()}, which checks every value ({@link ParameterException}s
 * name {@code gateway.fix.KEY}). The credentials are set from the environment by the caller and are
 * never part of {@link #toString()}.
 */
public final class FixContext {
    static final String SECTION = "gateway.fix";

    private String host = "127.0.0.1";
    private int port;
    private String senderCompId = "";
    private String targetCompId = "";
    private int heartbeatSeconds = 30;
    private int reconnectSeconds = 5;
    private String account = "";
    private boolean messageLog;
    private Path sessionDir;
    private String runTag = "";
    private String username = "";
    private String password = "";
    private int maxInFlightCommands = 4096;
    private boolean massStatus = true;
    private long ackTimeoutMs = 5_000;
    private long statusTimeoutMs = 30_000;
    private long recoveredRecords;
    private int generation;
    private boolean concluded;

    /** The venue's host; 127.0.0.1 by default. */
    public FixContext host(String v) {
        open().host = v;
        return this;
    }

    public String host() {
        return host;
    }

    /** The venue's port (required). */
    public FixContext port(int v) {
        open().port = v;
        return this;
    }

    public int port() {
        return port;
    }

    /** SenderCompID (49): who we are to the venue. */
    public FixContext senderCompId(String v) {
        open().senderCompId = v;
        return this;
    }

    public String senderCompId() {
        return senderCompId;
    }

    /** TargetCompID (56): the venue. */
    public FixContext targetCompId(String v) {
        open().targetCompId = v;
        return this;
    }

    public String targetCompId() {
        return targetCompId;
    }

    /** HeartBtInt (108) proposed at logon, in seconds. */
    public FixContext heartbeatSeconds(int v) {
        open().heartbeatSeconds = v;
        return this;
    }

    public int heartbeatSeconds() {
        return heartbeatSeconds;
    }

    /** Seconds between reconnect attempts after the connection drops. */
    public FixContext reconnectSeconds(int v) {
        open().reconnectSeconds = v;
        return this;
    }

    public int reconnectSeconds() {
        return reconnectSeconds;
    }

    /** Account (1) on every order; empty: not sent. */
    public FixContext account(String v) {
        open().account = v;
        return this;
    }

    public String account() {
        return account;
    }

    /**
     * True: QuickFIX/J's message and event log in {@code sessionDir/log}, with the password fields
     * (554, 925) masked.
     */
    public FixContext messageLog(boolean v) {
        open().messageLog = v;
        return this;
    }

    public boolean messageLog() {
        return messageLog;
    }

    /**
     * Where the session's state lives: the sequence-number store ({@code store/}) and the message
     * log ({@code log/}); the engine puts it in the journal directory ({@code JOURNAL/fix}).
     */
    public FixContext sessionDir(Path v) {
        open().sessionDir = v;
        return this;
    }

    public Path sessionDir() {
        return sessionDir;
    }

    /** The run's tag in every ClOrdID ({@link ClOrdIds}). */
    public FixContext runTag(String v) {
        open().runTag = v;
        return this;
    }

    public String runTag() {
        return runTag;
    }

    /** Username (553) on the Logon; from the environment; empty: not sent. */
    public FixContext username(String v) {
        open().username = v == null ? "" : v;
        return this;
    }

    String username() {
        return username;
    }

    /** Password (554) on the Logon; from the environment; empty: not sent. Never logged. */
    public FixContext password(String v) {
        open().password = v == null ? "" : v;
        return this;
    }

    String password() {
        return password;
    }

    /** Orders, cancels and replaces that may wait for the gateway's thread at once. */
    public FixContext maxInFlightCommands(int v) {
        open().maxInFlightCommands = v;
        return this;
    }

    public int maxInFlightCommands() {
        return maxInFlightCommands;
    }

    /**
     * True: reconciliation asks for every order at once (OrderMassStatusRequest), then per order
     * (OrderStatusRequest) for the orders the venue's answer did not name; a venue that rejects the
     * mass request is asked per order. False: per order only.
     */
    public FixContext massStatus(boolean v) {
        open().massStatus = v;
        return this;
    }

    public boolean massStatus() {
        return massStatus;
    }

    /**
     * Milliseconds a sent order may wait for its acknowledgement before its status counts as
     * unknown: the gateway then asks the venue, and releases no new order on that instrument until
     * the answer comes.
     */
    public FixContext ackTimeoutMs(long v) {
        open().ackTimeoutMs = v;
        return this;
    }

    public long ackTimeoutMs() {
        return ackTimeoutMs;
    }

    /**
     * Milliseconds reconciliation waits for the venue's status answers; an order still unanswered
     * then is a difference that cannot be explained, and the gateway stays halted.
     */
    public FixContext statusTimeoutMs(long v) {
        open().statusTimeoutMs = v;
        return this;
    }

    public long statusTimeoutMs() {
        return statusTimeoutMs;
    }

    /**
     * {@code run --resume}: the number of input records recovered from the journal. Router calls
     * caused by those records are the dead run's: the gateway sends none of them again, learns from
     * them which orders the journal knows, and reconciles those with the venue. 0 for a new run.
     */
    public FixContext recoveredRecords(long v) {
        open().recoveredRecords = v;
        return this;
    }

    public long recoveredRecords() {
        return recoveredRecords;
    }

    /**
     * How many times the journal was resumed before this run (0 for a new run): cancel and replace
     * ClOrdIDs carry it, so they stay unique across restarts ({@link ClOrdIds}).
     */
    public FixContext generation(int v) {
        open().generation = v;
        return this;
    }

    public int generation() {
        return generation;
    }

    /** Checks every value; afterwards the context is read-only. */
    public FixContext conclude() {
        if (concluded) {
            return this;
        }
        if (host == null || host.isBlank()) {
            throw new ParameterException(SECTION, "host", "must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new ParameterException(
                    SECTION, "port", "out of range: " + port + " (expected 1..65535)");
        }
        if (senderCompId == null || senderCompId.isBlank()) {
            throw new ParameterException(SECTION, "sender_comp_id", "must not be empty");
        }
        if (targetCompId == null || targetCompId.isBlank()) {
            throw new ParameterException(SECTION, "target_comp_id", "must not be empty");
        }
        ParameterException.atLeast(SECTION, "heartbeat", heartbeatSeconds, 1);
        ParameterException.atLeast(SECTION, "reconnect_interval", reconnectSeconds, 1);
        if (sessionDir == null) {
            throw new ParameterException(SECTION, "session_dir", "must be set");
        }
        if (runTag == null || runTag.isEmpty() || runTag.indexOf('-') >= 0) {
            throw new ParameterException(
                    SECTION, "run_tag", "must be non-empty without '-': \"" + runTag + "\"");
        }
        ParameterException.atLeast(SECTION, "max_in_flight_commands", maxInFlightCommands, 2);
        ParameterException.atLeast(SECTION, "ack_timeout", ackTimeoutMs, 1);
        ParameterException.atLeast(SECTION, "status_timeout", statusTimeoutMs, 1);
        ParameterException.atLeast(SECTION, "generation", generation, 0);
        concluded = true;
        return this;
    }

    private FixContext open() {
        if (concluded) {
            throw new IllegalStateException("the FIX context is concluded: read-only");
        }
        return this;
    }

    /** Every parameter but the credentials, which say only whether they are set. */
    @Override
    public String toString() {
        return "FixContext["
                + host
                + ':'
                + port
                + ' '
                + senderCompId
                + "->"
                + targetCompId
                + ", heartbeat "
                + heartbeatSeconds
                + "s, username "
                + (username.isEmpty() ? "unset" : "set")
                + ", password "
                + (password.isEmpty() ? "unset" : "set")
                + ']';
    }
}
