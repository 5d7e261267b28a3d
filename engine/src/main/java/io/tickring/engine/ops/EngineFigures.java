package io.tickring.engine.ops;

import io.tickring.core.EventType;
import io.tickring.core.RiskReason;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.Engine;
import io.tickring.engine.stage.risk.RiskStage;
import io.tickring.engine.stage.router.Portfolio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The read side of a running engine's figures for the endpoints that show them ({@code /metrics},
 * the admin status page): every accessor is safe from any thread and reads what the engine's
 * threads publish (volatile fields and ordered stores), never touching a stage's working state, so
 * reading costs the hot path nothing. Figures are as of the stage's last publication: counters at
 * once, positions and PnL on every fill and TIMER.
 */
public final class EngineFigures {
    /** The trading state's names by its code ({@link RiskStage#state()}). */
    private static final String[] TRADING_STATES = {"ACTIVE", "REDUCING", "HALTED"};

    private final Engine engine;
    private final List<Instrument> instruments;
    private final Path journal;
    private final String feedName;
    private final LongSupplier feedDropped;
    private final BooleanSupplier feedConnected;

    /**
     * @param engine the engine, built (its threads need not have started)
     * @param instruments the instruments it was built with, in the same order
     * @param journal the run's journal directory (its file system's free space is reported)
     * @param feedName the market-data source's name ({@code sim}, {@code binance})
     * @param feedDropped events the feed dropped because the engine's ingress queue was full
     * @param feedConnected whether the feed's connection is up (a simulator always is)
     */
    public EngineFigures(
            Engine engine,
            List<Instrument> instruments,
            Path journal,
            String feedName,
            LongSupplier feedDropped,
            BooleanSupplier feedConnected) {
        this.engine = engine;
        this.instruments = List.copyOf(instruments);
        this.journal = journal;
        this.feedName = feedName;
        this.feedDropped = feedDropped;
        this.feedConnected = feedConnected;
    }

    /** Input events of {@code type} the Sequencer has published into the ring. */
    public long events(int type) {
        return engine.sequencer().published(type);
    }

    /** Every input event published into the ring. */
    public long events() {
        return engine.eventsPublished();
    }

    /** Slots in the ring. */
    public int ringSize() {
        return engine.ringSize();
    }

    /** Free slots in the ring. */
    public long ringRemaining() {
        return engine.ringRemainingCapacity();
    }

    /** Events published into the ring that not every final consumer has handled yet. */
    public long ringBacklog() {
        return engine.ringSize() - engine.ringRemainingCapacity();
    }

    /** The market-data source's name. */
    public String feedName() {
        return feedName;
    }

    /**
     * Events dropped before the ring, by source. Today the one figure the engine exposes: the
     * feed's drops when the engine's ingress queue was full. Per-source, per-type drop counters
     * (the overload work of issue 14) belong here, keyed by source name.
     */
    public Map<String, Long> dropsBySource() {
        return Map.of(feedName, feedDropped.getAsLong());
    }

    /**
     * Input dropped before the ring by where and event type ({@link Engine#dropsBySource()}): the
     * market source's ingress queue and the Sequencer's shedding for {@code ring.max_lag}.
     */
    public Map<String, Map<String, Long>> dropsBySite() {
        return engine.dropsBySource();
    }

    /** Overload episodes journaled so far. */
    public long overloadEpisodes() {
        return engine.overloadEpisodes();
    }

    /** Events the feed dropped because the engine's ingress queue was full. */
    public long feedDropped() {
        return feedDropped.getAsLong();
    }

    /** Whether the feed's connection is up. */
    public boolean feedConnected() {
        return feedConnected.getAsBoolean();
    }

    /**
     * Whether the order gateway can take orders: the paper venue runs in this process, so it is up
     * while the engine runs and has not failed.
     */
    public boolean gatewayConnected() {
        return !engine.isDone();
    }

    /** Decisions the router has seen (one per intent the strategy formed). */
    public long decisions() {
        return engine.router().decisions();
    }

    /** Orders the router released to the gateway. */
    public long orders() {
        return engine.router().orders();
    }

    /** Fills (partial and full) the router has seen. */
    public long fills() {
        return engine.router().fills();
    }

    /** Intents the risk gate rejected, for any reason. */
    public long rejects() {
        return engine.router().rejects();
    }

    /** Intents the risk gate rejected for {@code reason} ({@link RiskReason}). */
    public long rejects(int reason) {
        return engine.riskStage().rejects(reason);
    }

    /** ACTIVE, REDUCING or HALTED. */
    public String tradingState() {
        int s = engine.riskStage().state();
        return s >= 0 && s < TRADING_STATES.length ? TRADING_STATES[s] : String.valueOf(s);
    }

    /** The trading states {@link #tradingState()} can return. */
    public static List<String> tradingStates() {
        return List.of(TRADING_STATES);
    }

    /** The instruments, in the order of {@link #position(int)}. */
    public List<Instrument> instruments() {
        return instruments;
    }

    /**
     * Signed position in the {@code n}-th instrument of {@link #instruments()}, in the instrument's
     * quantity units (the fixed-point quantity over 10^qtyScale).
     */
    public double position(int n) {
        return portfolio().publishedPosition(n) / (double) instruments.get(n).qtyMultiplier();
    }

    /**
     * Signed position in the {@code n}-th instrument of {@link #instruments()}, fixed-point (qty ×
     * 10^qtyScale).
     */
    public long positionQty(int n) {
        return portfolio().publishedPosition(n);
    }

    /** Sum of absolute positions across instruments, fixed-point quantity units. */
    public long grossPosition() {
        return portfolio().grossPosition();
    }

    /** Net PnL after fees in the one traded currency, 0 if several (see {@link #pnl(int)}). */
    public double pnl() {
        return portfolio().pnl();
    }

    /** Net PnL today in the one traded currency, 0 if several. */
    public double dailyPnl() {
        return portfolio().dailyPnl();
    }

    /** Fees in the one traded currency, 0 if several (see {@link #fees(int)}). */
    public double fees() {
        return portfolio().fees();
    }

    /** Settlement currencies, in the order of {@link #pnl(int)} and {@link #fees(int)}. */
    public List<String> currencies() {
        return portfolio().currencies();
    }

    /**
     * Net PnL after fees of the {@code n}-th instrument of {@link #instruments()}, in its
     * settlement currency, its open position marked to the last mid.
     */
    public double instrumentPnl(int n) {
        return portfolio().publishedInstrumentPnl(n);
    }

    /** Net PnL after fees in the {@code c}-th currency, open positions marked to the last mid. */
    public double pnl(int c) {
        return portfolio().currencyPnl(c);
    }

    /** Fees paid in the {@code c}-th currency. */
    public double fees(int c) {
        return portfolio().currencyFees(c);
    }

    /** Bytes of the input records this run appended to {@code in/}. */
    public long inputJournalBytes() {
        return engine.journalStage().bytesWritten();
    }

    /** Bytes of the output records this run appended to {@code out/}. */
    public long outputJournalBytes() {
        return engine.outputBytesWritten();
    }

    /** The journal's directory. */
    public Path journal() {
        return journal;
    }

    /**
     * Bytes free to this process on the journal's file system, or -1 if it cannot be read. A file
     * system call: for scrapes and status pages, not a loop.
     */
    public long freeDiskBytes() {
        try {
            Path dir = journal;
            while (dir != null && !Files.exists(dir)) {
                dir = dir.toAbsolutePath().getParent();
            }
            return dir == null ? -1 : Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    /** True while the engine runs (its source has not ended and nothing failed). */
    public boolean running() {
        return !engine.isDone();
    }

    /** The input types the engine counts, by id. */
    public static int[] inputTypes() {
        int n = 0;
        for (int t = 0; t <= EventType.MAX; t++) {
            if (EventType.isInput(t)) {
                n++;
            }
        }
        int[] types = new int[n];
        n = 0;
        for (int t = 0; t <= EventType.MAX; t++) {
            if (EventType.isInput(t)) {
                types[n++] = t;
            }
        }
        return types;
    }

    private Portfolio portfolio() {
        return engine.router().portfolio();
    }
}
