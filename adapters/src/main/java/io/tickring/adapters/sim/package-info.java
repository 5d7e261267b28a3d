/**
 * The market simulator: the demo's default market-data source and the benchmarks' event generator.
 *
 * <p>{@link io.tickring.adapters.sim.MarketSimulator} produces BOOK and TRADE events from a seeded
 * order-flow model configured by {@link io.tickring.adapters.sim.SimConfig}; {@link
 * io.tickring.adapters.sim.SimJournalWriter} writes a simulated span straight into an input
 * journal.
 */
package io.tickring.adapters.sim;
