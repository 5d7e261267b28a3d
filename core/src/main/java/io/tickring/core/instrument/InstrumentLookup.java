package io.tickring.core.instrument;

/** Finds instruments by symbol or id; the engine's registry implements it. */
public interface InstrumentLookup {
    /** The instrument with {@code symbol}, or {@code null}. */
    Instrument bySymbol(String symbol);

    /** The instrument with {@code id}, or {@code null}. */
    Instrument byId(int id);
}
