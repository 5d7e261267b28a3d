package io.tickring.engine.config;

/**
 * The {@code risk} section: limits the risk gate enforces on every order.
 *
 * @param maxOrderQty largest quantity of one order (&gt; 0)
 * @param maxPosition largest absolute position per instrument (&gt; 0)
 * @param maxOrdersPerSecond largest number of orders in any one second of event time (&gt; 0)
 */
public record RiskConfig(long maxOrderQty, long maxPosition, int maxOrdersPerSecond) {}
