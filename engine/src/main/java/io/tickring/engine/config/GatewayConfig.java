package io.tickring.engine.config;

import java.util.List;
import java.util.Objects;

/**
 * The {@code gateway} section: where orders go. {@code paper} (the default) is the simulated venue;
 * {@code fix} is the live FIX 4.4 gateway, which starts only when every guard holds (see {@code
 * LiveGuard}). Like {@code ops} it travels with the configuration but stays out of its JSON and
 * digest: the venue's reports are journaled as input events, so a replay or a backtest of a live
 * journal needs no connection settings, and a backtest of it runs through the paper venue.
 *
 * @param kind {@value #PAPER_KIND} or {@value #FIX_KIND}
 * @param fix the FIX session's settings (meaningful when {@code kind} is {@value #FIX_KIND})
 * @param riskLimitsNotSet the risk limits the file left to their defaults, in {@code
 *     ConfigBinder.LIVE_RISK_LIMITS} order: live trading refuses to start with any
 * @param shadow {@code gateway.shadow}: live orders also go to the paper venue (the {@code paper}
 *     section's settings) with the same market data, its reports journaled beside the live ones as
 *     SHADOW_EXEC records; only with {@value #FIX_KIND}
 */
public record GatewayConfig(String kind, Fix fix, List<String> riskLimitsNotSet, boolean shadow) {
    public static final String PAPER_KIND = "paper";
    public static final String FIX_KIND = "fix";

    /** The paper venue. */
    public static final GatewayConfig PAPER =
            new GatewayConfig(
                    PAPER_KIND,
                    new Fix("127.0.0.1", 0, "", "", 30, 5, "", false, true, 5_000, 30_000),
                    List.of());

    public GatewayConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fix, "fix");
        riskLimitsNotSet = List.copyOf(riskLimitsNotSet);
    }

    /** Without shadow mode. */
    public GatewayConfig(String kind, Fix fix, List<String> riskLimitsNotSet) {
        this(kind, fix, riskLimitsNotSet, false);
    }

    /** True when the configuration selects the live FIX gateway. */
    public boolean live() {
        return kind.equals(FIX_KIND);
    }

    /**
     * {@code gateway.fix}: the FIX 4.4 session. Credentials are not here: they come from {@code
     * TICKRING_FIX_USERNAME} and {@code TICKRING_FIX_PASSWORD} ({@link Secrets}).
     *
     * @param host the venue's host (127.0.0.1 by default)
     * @param port the venue's port (required for {@code kind: fix})
     * @param senderCompId SenderCompID (49)
     * @param targetCompId TargetCompID (56)
     * @param heartbeatSeconds HeartBtInt (108)
     * @param reconnectSeconds seconds between reconnect attempts
     * @param account Account (1) on every order; empty: not sent
     * @param messageLog QuickFIX/J's message log in {@code JOURNAL/fix/log}, passwords masked
     * @param massStatus reconciliation asks with OrderMassStatusRequest first (falling back per
     *     order if the venue rejects it); false: OrderStatusRequest per order only
     * @param ackTimeoutMs an order unacknowledged this long becomes unknown and blocks new orders
     *     on its instrument until the venue says its status
     * @param statusTimeoutMs reconciliation waits this long for the venue's status answers; an
     *     order still unanswered then keeps the engine halted
     */
    public record Fix(
            String host,
            int port,
            String senderCompId,
            String targetCompId,
            int heartbeatSeconds,
            int reconnectSeconds,
            String account,
            boolean messageLog,
            boolean massStatus,
            long ackTimeoutMs,
            long statusTimeoutMs) {}
}
