package io.tickring.engine;

import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import java.time.ZoneOffset;
import java.util.List;

/** Two scale-4 instruments for engine tests that do not load the configuration. */
final class TestInstruments implements InstrumentLookup {
    static final Instrument A = new Instrument(1, "SIMA", "SIM", 4, 100, 1, "USD", ZoneOffset.UTC, List.of(),
            new Instrument.Fees(0, 1, 0, 0));
    static final Instrument B = new Instrument(2, "SIMB", "SIM", 4, 100, 1, "USD", ZoneOffset.UTC, List.of(),
            new Instrument.Fees(0, 1, 0, 0));
    static final List<Instrument> ALL = List.of(A, B);

    @Override
    public Instrument bySymbol(String symbol) {
        return symbol.equals(A.symbol()) ? A : symbol.equals(B.symbol()) ? B : null;
    }

    /** Allocation-free, like the engine's registry: the paper gateway looks fees up per fill. */
    @Override
    public Instrument byId(int id) {
        return id == A.id() ? A : id == B.id() ? B : null;
    }
}
