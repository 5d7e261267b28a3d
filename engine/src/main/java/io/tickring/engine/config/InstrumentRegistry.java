package io.tickring.engine.config;

import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * The instruments a run knows, loaded from configuration and looked up by id on the hot path.
 *
 * <p>Immutable after construction and safe to share between threads. {@link #byId(int)} is a
 * primitive-keyed hash lookup, allocation-free; {@link #bySymbol(String)} is for adapters and the
 * command line.
 */
public final class InstrumentRegistry implements InstrumentLookup {
    private final Int2ObjectHashMap<Instrument> byId;
    private final Map<String, Instrument> bySymbol;
    private final List<Instrument> all;

    private InstrumentRegistry(List<Instrument> sorted) {
        Int2ObjectHashMap<Instrument> ids = new Int2ObjectHashMap<>();
        Map<String, Instrument> symbols = new HashMap<>();
        for (Instrument i : sorted) {
            if (i.id() <= 0) {
                throw new IllegalArgumentException(
                        "instrument id must be > 0: " + i.id() + " (" + i.symbol() + ")");
            }
            if (ids.put(i.id(), i) != null) {
                throw new IllegalArgumentException("duplicate instrument id " + i.id());
            }
            if (symbols.put(i.symbol(), i) != null) {
                throw new IllegalArgumentException("duplicate instrument symbol " + i.symbol());
            }
        }
        this.byId = ids;
        this.bySymbol = Map.copyOf(symbols);
        this.all = List.copyOf(sorted);
    }

    /**
     * A registry of {@code instruments}.
     *
     * @throws IllegalArgumentException if an id is not positive or an id or a symbol repeats
     */
    public static InstrumentRegistry of(Collection<Instrument> instruments) {
        List<Instrument> sorted = new ArrayList<>(instruments);
        sorted.sort(Comparator.comparingInt(Instrument::id));
        return new InstrumentRegistry(sorted);
    }

    @Override
    public Instrument byId(int id) {
        return byId.get(id);
    }

    @Override
    public Instrument bySymbol(String symbol) {
        return bySymbol.get(symbol);
    }

    /** Every instrument, sorted by id. */
    public List<Instrument> all() {
        return all;
    }

    /** Number of instruments. */
    public int size() {
        return all.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstrumentRegistry r && all.equals(r.all);
    }

    @Override
    public int hashCode() {
        return all.hashCode();
    }

    @Override
    public String toString() {
        return "InstrumentRegistry" + all.stream().map(Instrument::symbol).toList();
    }
}
