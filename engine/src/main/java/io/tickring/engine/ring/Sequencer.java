package io.tickring.engine.ring;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.Overload;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.JournalFormatException;
import io.tickring.core.codec.RecordHeader;
import io.tickring.core.codec.sbe.ControlDecoder;
import io.tickring.engine.ingress.EventQueue;
import io.tickring.engine.ingress.InputSource;
import io.tickring.engine.ingress.QueueSource;
import java.util.concurrent.atomic.AtomicLongArray;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The ring's only writer. It pulls encoded records from the input sources and publishes each one
 * into the next ring slot, stamping the ring sequence. Three policies decide the order:
 *
 * <ul>
 *   <li>{@link Policy#ARRIVAL} (live): operator commands first, then execution reports, then market
 *       data, each in arrival order; TIMER events from the wall clock. The journal records the
 *       order, which is what makes a live run replayable.
 *   <li>{@link Policy#EVENT_TIME} (simulation, backtest): a deterministic merge in event time of
 *       the market source, the gateway's execution reports and event-time TIMERs. A report is
 *       stamped no earlier than {@code cause time + latency}, {@code latency} the smallest response
 *       latency the venue's latency model can produce (the engine passes {@code
 *       PaperContext.minReportLatencyNs()}), so before publishing anything with time {@code X} the
 *       Sequencer waits until the router has processed every published event with time {@code <= X
 *       - latency}: then every report that could precede {@code X} is known. The result does not
 *       depend on thread layout, wait strategy or machine speed. CONTROL events from the control
 *       queue (operator, free-space guard) go first, stamped with the time the merge has reached;
 *       where they land depends on when they arrive, so it is the journal that makes them
 *       replayable.
 *   <li>{@link Policy#VERBATIM} (replay): every record of a journal as it is, checking that its
 *       recorded sequence is the slot it lands in.
 * </ul>
 *
 * <p>Each record is copied once into the ring slot it will be published in, and decoded once, in
 * place: the slot keeps the bytes ({@link RingEvent#record}) for the journal stage, with the ring
 * sequence stamped in. A source polls straight into the next free slot: with one writer, a slot the
 * consumers have released is the Sequencer's to fill before it claims the sequence, so a record
 * that fails to decode is never claimed, and leaves neither a half-published slot nor a gap.
 * Execution reports that must wait for the merge are copied twice: from the gateway's queue into
 * the report heap, and from there into their slot. TIMER and SESSION events are encoded straight
 * into their slot.
 *
 * <p><b>Recovery</b> ({@code run --resume}, {@link #recoverFrom}): before any new input, the
 * Sequencer publishes the records of the journal whose writer died, in their recorded order and
 * with their recorded sequences, through the whole chain, and checks on the way that they are what
 * this run would have made itself: in EVENT_TIME each market record must be the market source's
 * next one (a simulator restarted from its seed is so brought to where the journal left off), each
 * TIMER the one the merge would have made, and each execution report (and each CONTROL {@link
 * ControlCode#LATCHED}, the venue's record of a kill) the rebuilt paper venue's next one in the
 * merge order. Reports the rebuilt venue made that the journal never got (in flight at the crash)
 * stay in the report heap (EVENT_TIME) or the gateway queue (ARRIVAL), and are published after the
 * recovery at their own time, as an uninterrupted run would have. The run then continues with the
 * next sequence: the restart publishes nothing (the input journal marks it beside {@code in/}), so
 * a resumed run's records are those of an uninterrupted one. A CONTROL {@link ControlCode#RESTART}
 * record in an older resumed journal passes through as a no-op.
 *
 * <p><b>Overload</b> (ARRIVAL only; see README, "Overload and feed failures"). Two places drop
 * input before it reaches the ring, and both are counted by event type: an adapter whose ingress
 * queue is full drops the event it could not offer ({@link Overload#INGRESS}, counted by the {@link
 * EventQueue}), and with {@link #maxLagNs} set the Sequencer sheds market data (BOOK, TRADE, QUOTE,
 * SENTIMENT; never a feed's CONTROL, a report or an operator command) while the oldest event the
 * slowest consumer has not finished was published more than that long ago ({@link
 * Overload#BACKLOG}), so that no decision is taken on data that waited in the ring for longer. Each
 * run of drops at a site is an episode, journaled as CONTROL {@link ControlCode#OVERLOAD} events
 * that the Sequencer publishes itself, stamped with the wall clock: a START when it first sees
 * drops, and when the site has been quiet for {@link Overload#QUIET_NS} (or the run ends) one END
 * per dropped type with its count and a closing END with the total. A replay reads them back from
 * the journal, and the dropped events were never in it, so it follows the live run exactly.
 *
 * <p>Allocation-free in steady state: the slots' buffers are pre-allocated and the report heap has
 * fixed capacity.
 */
public final class Sequencer implements Agent {
    /** How the Sequencer orders its inputs; see the class comment. */
    public enum Policy {
        ARRIVAL,
        EVENT_TIME,
        VERBATIM
    }

    private static final int MAX_PER_CYCLE = 256;

    private final RingBuffer<RingEvent> ring;
    private final Policy policy;
    private final InputSource market;
    private final String marketName;
    private final EventQueue reports;
    private final EventQueue control;
    private final long latencyNs;
    private final long timerPeriodNs;
    private final EpochNanoClock clock;
    private final ReportHeap heap;
    private final long[] publishedTime;
    private final int mask;

    /** The market source's ingress queue if it is one (a live feed), whose drops are watched. */
    private final EventQueue marketQueue;

    /** Wall-clock time (ARRIVAL) each slot was published at, for the ring's lag. */
    private final long[] publishedWallNs;

    /** Market data older than this in the ring makes the Sequencer shed (ARRIVAL); 0 = never. */
    private long maxLagNs;

    /**
     * The wall clock of this duty cycle (ARRIVAL), read at most once per cycle and only when
     * something needs it ({@link #now()}): the system clock's read allocates an {@code Instant} the
     * JIT does not always remove, and a chain without timers, lag limit or drops reads none.
     */
    private long cycleNs = Long.MIN_VALUE;

    /** Market records shed for the ring's lag, by type (written here only, read anywhere). */
    private final AtomicLongArray shed = new AtomicLongArray(EventType.MAX + 1);

    private final boolean[] episodeOpen = new boolean[Overload.SITES];
    private final long[] dropsSeen = new long[Overload.SITES];
    private final long[] lastDropNs = new long[Overload.SITES];
    private final long[][] dropsJournaled = new long[Overload.SITES][EventType.QUOTE + 1];
    private final long[] dropsJournaledTotal = new long[Overload.SITES];

    /** Set once the run's last episodes are closed: later drops are counted, not journaled. */
    private boolean episodesFinal;

    private volatile long episodes;

    private Sequence routerSequence;
    private Sequence[] consumers = new Sequence[0];

    /** An UnsafeBuffer over the slot being decoded (see {@link #decode}). */
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);

    /** The one decoder of every record this Sequencer publishes. */
    private final InputCodec.Decoder decoder = new InputCodec.Decoder();

    /**
     * Where a market record waits when a report or timer takes the slot it was polled into
     * (EVENT_TIME).
     */
    private final ExpandableArrayBuffer parked =
            new ExpandableArrayBuffer(RingEvent.RECORD_CAPACITY);

    /** Sequence of the slot {@link #nextSlot()} returned last. */
    private long nextSeq;

    /** Length of the market record held back by the merge (EVENT_TIME), 0 if none. */
    private int marketLen;

    /** True if that record is in {@link #parked}; false if it is decoded in the next free slot. */
    private boolean marketParked;

    private long marketTime;
    private long marketRecords;
    private boolean marketDone;

    private RingEvent session;
    private long nextTimerNs = Long.MIN_VALUE;
    private long timerTick;
    private long frontier = -1;

    /** The journal being recovered ({@link #recoverFrom}); null when not, or once done. */
    private InputSource recovery;

    private String recoveryName;

    /** Length of the recovered record waiting in the next free slot, 0 if none. */
    private int pendingLen;

    private long recovered;
    private long inFlightAtRestart;

    /** A report taken from the gateway during recovery, to compare with the journal's. */
    private ExpandableArrayBuffer venueReport;

    private volatile boolean recovering;

    /** See {@link #reportsFromVenue()}. */
    private boolean reportsFromVenue;

    private volatile boolean stopRequested;
    private java.util.function.IntSupplier venueAnswersDue;

    /**
     * A graceful stop was asked for ({@link #requestGracefulStop}); its STOP may not be out yet.
     */
    private volatile boolean stopPending;

    private volatile boolean stopCancels;

    /** The STOP record is published: from here on only execution reports are taken in. */
    private volatile boolean stopPublished;

    private volatile boolean done;
    private volatile String error;
    private volatile long published;
    private final long[] publishedByType = new long[EventType.MAX + 1];

    /**
     * @param market the primary source (simulator, journal, or a queue fed by an adapter thread)
     * @param reports the gateway's execution reports, or null if orders go nowhere (replay)
     * @param control the operator channel, or null
     * @param latencyNs the smallest delay between the event a report follows from and the report
     *     (EVENT_TIME): a bound the venue's latency model must never undercut, or a report could
     *     land behind an event already published
     * @param timerPeriodNs TIMER period, 0 for none (ignored by VERBATIM)
     * @param reportCapacity how many execution reports may wait in the merge at once
     */
    public Sequencer(
            RingBuffer<RingEvent> ring,
            Policy policy,
            InputSource market,
            EventQueue reports,
            EventQueue control,
            long latencyNs,
            long timerPeriodNs,
            EpochNanoClock clock,
            int reportCapacity) {
        if (latencyNs < 0) {
            throw new IllegalArgumentException("latency must be >= 0");
        }
        this.ring = ring;
        this.policy = policy;
        this.market = market;
        this.marketName = market.name();
        this.reports = reports;
        this.control = control;
        this.latencyNs = latencyNs;
        this.timerPeriodNs = timerPeriodNs;
        this.clock = clock;
        this.heap = new ReportHeap(reportCapacity);
        this.publishedTime = new long[ring.getBufferSize()];
        this.publishedWallNs = new long[ring.getBufferSize()];
        this.marketQueue = market instanceof QueueSource q ? q.queue() : null;
        this.mask = ring.getBufferSize() - 1;
    }

    /**
     * Wires the sequences the Sequencer watches: the router's (for the merge) and every final
     * consumer's.
     */
    public void watch(Sequence routerSequence, Sequence[] consumers) {
        this.routerSequence = routerSequence;
        this.consumers = consumers.clone();
    }

    /**
     * Sheds market data while the ring's oldest unfinished event was published more than {@code ns}
     * ago (ARRIVAL only; 0, the default, never sheds). Set before the run starts.
     */
    public void maxLagNs(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("max lag must be >= 0");
        }
        this.maxLagNs = ns;
    }

    /**
     * Events published but not yet finished by the slowest final consumer; read from any thread.
     */
    public long backlog() {
        long cursor = ring.getCursor();
        long slowest = cursor;
        for (Sequence s : consumers) {
            slowest = Math.min(slowest, s.get());
        }
        return Math.max(0, cursor - slowest);
    }

    /**
     * Input records of {@code type} dropped at {@code site} ({@link Overload#INGRESS}: the market
     * source's ingress queue was full; {@link Overload#BACKLOG}: shed for the ring's lag); read
     * from any thread.
     */
    public long drops(int site, int type) {
        if (type < 0 || type > EventType.MAX) {
            return 0;
        }
        if (site == Overload.INGRESS) {
            return marketQueue == null ? 0 : marketQueue.rejected(type);
        }
        return site == Overload.BACKLOG ? shed.get(type) : 0;
    }

    /** Every input record dropped at {@code site}. */
    public long drops(int site) {
        long sum = 0;
        for (int t = 1; t <= EventType.QUOTE; t++) {
            sum += drops(site, t);
        }
        return sum;
    }

    /** The name of the market source's ingress queue ({@code sim}, {@code binance}), or null. */
    public String ingressName() {
        return marketQueue == null ? null : marketQueue.name();
    }

    /** Overload episodes started (journaled START events). */
    public long overloadEpisodes() {
        return episodes;
    }

    /**
     * Publishes this SESSION event as the ring's first event (not for VERBATIM: the journal has
     * one). The Sequencer keeps the object until it has published it.
     */
    public void session(RingEvent sessionEvent) {
        this.session = sessionEvent;
    }

    /**
     * Makes the Sequencer publish every record of {@code journal} (the {@code in/} queue of a run
     * whose writer died) before anything else, then goes on with new input at the next sequence;
     * see the class comment. Not for VERBATIM, and not together with {@link #session}: the journal
     * has its own.
     */
    public void recoverFrom(InputSource journal) {
        if (policy == Policy.VERBATIM) {
            throw new IllegalStateException("a replay does not resume");
        }
        this.recovery = journal;
        this.recoveryName = journal.name();
        this.venueReport = new ExpandableArrayBuffer(ReportHeap.SLOT);
        this.recovering = true;
    }

    /**
     * The gateway is a real venue's (live FIX): a recovered execution report is a fact the venue
     * reported, not one a rebuilt venue can make again, so the recovery publishes it as recorded
     * and the gateway reconciles with the venue afterwards (issue 15).
     */
    public void reportsFromVenue() {
        this.reportsFromVenue = true;
    }

    /** True until the recovered journal has been published and the router has handled it. */
    public boolean isRecovering() {
        return recovering;
    }

    /** Input records published from the recovered journal. */
    public long recovered() {
        return recovered;
    }

    /**
     * Execution reports the rebuilt venue had made that the recovered journal did not hold (in
     * flight at the crash), known when the recovery ended; -1 in ARRIVAL, where they are not
     * counted. An order in flight may also be one the venue holds and has not reported on yet (it
     * reaches the paper venue only after its latency).
     */
    public long inFlightAtRestart() {
        return inFlightAtRestart;
    }

    /** Ends the run: market data stops being read, and the Sequencer drains what is in flight. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Ends the run gracefully (SIGTERM, SIGINT): the operator commands already queued are
     * published, then a CONTROL {@link ControlCode#STOP} record ({@code paramValue} 1 if {@code
     * cancelOrders}), and from then on nothing is taken in but the venue's execution reports: no
     * market data (the record the event-time merge holds back is dropped, unpublished), no TIMER,
     * no operator command. The ring then drains as after {@link #requestStop()}. During a recovery
     * it stops where the recovery is and publishes nothing; in VERBATIM it is {@link
     * #requestStop()}.
     */
    public void requestGracefulStop(boolean cancelOrders) {
        stopCancels = cancelOrders;
        stopPending = true;
        if (policy == Policy.VERBATIM) {
            stopRequested = true;
        }
    }

    /** True once the STOP record of a graceful stop is in the ring. */
    public boolean isStopPublished() {
        return stopPublished;
    }

    /**
     * True once the market source is finished and every event and report has gone through the ring.
     */
    public boolean isDone() {
        return done;
    }

    /** The first error that stopped the Sequencer (a damaged journal, say), or null. */
    public String error() {
        return error;
    }

    public long published() {
        return published;
    }

    /** Events published of {@code type}; read from another thread, approximate while running. */
    public long published(int type) {
        return publishedByType[type];
    }

    @Override
    public String roleName() {
        return "sequencer";
    }

    @Override
    public int doWork() {
        if (done) {
            return 0;
        }
        try {
            if (session != null) {
                RingEvent slot = nextSlot();
                if (slot == null) {
                    return 0;
                }
                slot.copyInputFrom(session);
                slot.recordLength = InputCodec.encode(slot, slot.record, 0);
                commit(slot);
                session = null;
                return 1;
            }
            if (recovery != null) {
                return recover();
            }
            if (stopPending && !stopPublished && policy != Policy.VERBATIM) {
                int work = publishStop();
                if (!stopPublished) {
                    return work;
                }
            }
            switch (policy) {
                case ARRIVAL:
                    return arrival();
                case EVENT_TIME:
                    return eventTime();
                default:
                    return verbatim();
            }
        } catch (JournalFormatException e) {
            error = e.getMessage();
            done = true;
            return 0;
        }
    }

    // -------------------------------------------------------------------------------------
    // VERBATIM

    private int verbatim() {
        int work = 0;
        while (work < MAX_PER_CYCLE) {
            if (marketDone || stopRequested) {
                return work + finishIfQuiet();
            }
            RingEvent slot = nextSlot();
            if (slot == null) {
                return work;
            }
            int n = market.poll(slot.record);
            if (n == InputSource.FINISHED) {
                marketDone = true;
                continue;
            }
            if (n == InputSource.NOTHING_YET) {
                return work;
            }
            decodeMarket(slot, n);
            if (slot.sequence != nextSeq) {
                throw new JournalFormatException(
                        marketName + " record #" + marketRecords,
                        "sequence "
                                + slot.sequence
                                + " where "
                                + nextSeq
                                + " was expected (gap or reordering)");
            }
            commit(slot);
            marketRecords++;
            work++;
        }
        return work;
    }

    // --------------------------------------------------------------------------------------
    // ARRIVAL

    private int arrival() {
        cycleNs = Long.MIN_VALUE;
        int work = liveTimer() + (episodesFinal ? 0 : episodes(false));
        boolean shedding = maxLagNs > 0 && lagNs(now()) > maxLagNs;
        while (work < MAX_PER_CYCLE) {
            RingEvent slot = nextSlot();
            if (slot == null) {
                return work;
            }
            int n = 0;
            if (control != null && !stopPublished) {
                n = control.poll(slot.record);
            }
            if (n == 0 && reports != null) {
                n = reports.poll(slot.record);
            }
            if (n == 0 && !marketDone && !stopRequested) {
                n = market.poll(slot.record);
                if (n == InputSource.FINISHED) {
                    marketDone = true;
                    n = 0;
                } else if (n > 0 && shedding && shedIfMarketData(slot.record)) {
                    work++;
                    continue;
                }
            }
            if (n == 0) {
                if (marketDone || stopRequested) {
                    work += finishIfQuiet();
                }
                return work;
            }
            decode(slot, n, "ingress");
            commit(slot);
            work++;
        }
        return work;
    }

    /** The wall clock of this duty cycle, read on first use. */
    private long now() {
        if (cycleNs == Long.MIN_VALUE) {
            cycleNs = clock.nanoTime();
        }
        return cycleNs;
    }

    private int liveTimer() {
        if (timerPeriodNs <= 0 || marketDone || stopRequested) {
            return 0;
        }
        long now = now();
        if (nextTimerNs == Long.MIN_VALUE) {
            nextTimerNs = now + timerPeriodNs;
            return 0;
        }
        if (now < nextTimerNs) {
            return 0;
        }
        RingEvent slot = nextSlot();
        if (slot == null) {
            return 0;
        }
        publishTimer(slot, now);
        nextTimerNs += timerPeriodNs;
        if (nextTimerNs <= now) {
            // The thread was descheduled for more than a period: skip the missed ticks, do not
            // burst.
            nextTimerNs = now + timerPeriodNs;
        }
        return 1;
    }

    /** Writes a TIMER into the free {@code slot}, fields and record, and publishes it. */
    private void publishTimer(RingEvent slot, long timeNs) {
        slot.clearInput();
        slot.type = EventType.TIMER;
        slot.exchangeTimeNs = timeNs;
        slot.receiveTimeNs = timeNs;
        slot.timerTick = ++timerTick;
        slot.recordLength = InputCodec.encode(slot, slot.record, 0);
        commit(slot);
    }

    /**
     * Wall-clock time since the oldest event the slowest final consumer has not finished was
     * published; 0 when it is done with everything.
     */
    private long lagNs(long now) {
        long cursor = ring.getCursor();
        long slowest = cursor;
        for (Sequence s : consumers) {
            slowest = Math.min(slowest, s.get());
        }
        return slowest >= cursor ? 0 : now - publishedWallNs[(int) ((slowest + 1) & mask)];
    }

    /**
     * Drops the market record just polled into a free slot if it is market data, counting it by
     * type; the slot stays free. A feed's CONTROL (a gap, a venue halt) is never shed.
     */
    private boolean shedIfMarketData(MutableDirectBuffer record) {
        int type = RecordHeader.type(record, 0);
        if (type != EventType.BOOK
                && type != EventType.TRADE
                && type != EventType.QUOTE
                && type != EventType.SENTIMENT) {
            return false;
        }
        shed.lazySet(type, shed.get(type) + 1); // one writer: this thread
        return true;
    }

    /**
     * Opens and closes the overload episodes of each site; see the class comment and {@link
     * Overload}. With {@code closing} (the run ends) an open episode ends without waiting for the
     * quiet time.
     */
    private int episodes(boolean closing) {
        int work = 0;
        for (int site = Overload.INGRESS; site < Overload.SITES; site++) {
            long total = drops(site);
            if (total != dropsSeen[site]) {
                dropsSeen[site] = total;
                lastDropNs[site] = now();
            }
            if (!episodeOpen[site] && total == dropsJournaledTotal[site]) {
                continue; // the usual case: nothing dropped, no clock read
            }
            long now = now();
            if (!episodeOpen[site]) {
                if (total != dropsJournaledTotal[site]) {
                    RingEvent slot = nextSlot();
                    if (slot == null) {
                        continue; // the ring is full: the next cycle opens it, counts stay exact
                    }
                    publishOverload(
                            slot,
                            now,
                            Overload.paramId(Overload.START, site, 0),
                            total - dropsJournaledTotal[site]);
                    episodeOpen[site] = true;
                    episodes++;
                    work++;
                }
            } else if (closing || now - lastDropNs[site] >= Overload.QUIET_NS) {
                if (!ring.hasAvailableCapacity(EventType.QUOTE + 1)) {
                    continue;
                }
                long sum = 0;
                for (int t = 1; t <= EventType.QUOTE; t++) {
                    long d = drops(site, t) - dropsJournaled[site][t];
                    if (d > 0) {
                        publishOverload(
                                nextSlot(), now, Overload.paramId(Overload.END, site, t), d);
                        dropsJournaled[site][t] += d;
                        sum += d;
                        work++;
                    }
                }
                publishOverload(nextSlot(), now, Overload.paramId(Overload.END, site, 0), sum);
                dropsJournaledTotal[site] += sum;
                episodeOpen[site] = false;
                work++;
            }
        }
        return work;
    }

    /** Writes a CONTROL OVERLOAD into the free {@code slot} and publishes it. */
    private void publishOverload(RingEvent slot, long timeNs, int paramId, long value) {
        slot.clearInput();
        slot.type = EventType.CONTROL;
        slot.exchangeTimeNs = timeNs;
        slot.receiveTimeNs = timeNs;
        slot.controlCode = ControlCode.OVERLOAD;
        slot.controlParamId = paramId;
        slot.controlParamValue = value;
        slot.recordLength = InputCodec.encode(slot, slot.record, 0);
        commit(slot);
    }

    // -----------------------------------------------------------------------------------
    // EVENT_TIME

    private int eventTime() {
        int work = drainReports() + eventTimeControl();
        while (work < MAX_PER_CYCLE) {
            if (marketLen == 0 && !marketDone) {
                if (stopRequested) {
                    marketDone = true;
                } else {
                    // Nothing may go before the market's next record is known; with the ring full
                    // it cannot be read.
                    RingEvent slot = nextSlot();
                    if (slot == null) {
                        return work;
                    }
                    int n = market.poll(slot.record);
                    if (n == InputSource.FINISHED) {
                        marketDone = true;
                    } else if (n == InputSource.NOTHING_YET) {
                        return work;
                    } else {
                        decodeMarket(slot, n);
                        // The decoded record's own length: an older version's record was
                        // re-encoded in this build's version, and is parked and journaled so.
                        marketLen = slot.recordLength;
                        marketParked = false;
                        marketTime = slot.exchangeTimeNs;
                        if (timerPeriodNs > 0 && nextTimerNs == Long.MIN_VALUE) {
                            nextTimerNs =
                                    Math.floorDiv(marketTime, timerPeriodNs) * timerPeriodNs
                                            + timerPeriodNs;
                        }
                    }
                }
            }
            // Candidates in priority order on equal times: report, timer, market.
            boolean timerDue = marketLen > 0 && timerPeriodNs > 0 && nextTimerNs <= marketTime;
            long timerTime = timerDue ? nextTimerNs : Long.MAX_VALUE;
            long mktTime = marketLen > 0 ? marketTime : Long.MAX_VALUE;
            boolean reportFirst = !heap.isEmpty() && heap.minTime() <= Math.min(timerTime, mktTime);
            if (!reportFirst && !timerDue && marketLen == 0) {
                if (marketDone) {
                    work += finishIfQuiet();
                }
                return work;
            }
            long candidate = reportFirst ? heap.minTime() : Math.min(timerTime, mktTime);
            if (!routerCaughtUp(candidate)) {
                return work;
            }
            // The router may have offered reports while it caught up: take them in and choose
            // again,
            // or one of them could land after the candidate by thread timing alone.
            int late = drainReports();
            if (late > 0) {
                work += late;
                continue;
            }
            RingEvent slot = nextSlot();
            if (slot == null) {
                return work;
            }
            if (reportFirst) {
                // A report may only go once every report that could come before it is known.
                parkMarket(slot);
                decode(slot, heap.copyMinInto(slot.record), "gateway");
                commit(slot);
                heap.pop();
            } else if (timerDue && timerTime <= mktTime) {
                parkMarket(slot);
                publishTimer(slot, nextTimerNs);
                nextTimerNs += timerPeriodNs;
                if (marketTime - nextTimerNs > 10 * timerPeriodNs) {
                    // After a gap in the data (a lunch break, a night), skip to the last period
                    // boundary.
                    nextTimerNs = Math.floorDiv(marketTime, timerPeriodNs) * timerPeriodNs;
                }
            } else {
                if (marketParked) {
                    slot.record.putBytes(0, parked, 0, marketLen);
                    decodeMarket(slot, marketLen);
                }
                commit(slot);
                marketLen = 0;
                marketParked = false;
                marketRecords++;
            }
            work++;
            work += drainReports();
        }
        return work;
    }

    /**
     * Publishes the CONTROL events waiting in the control queue (an operator's command, the
     * free-space guard's HALT) ahead of anything the merge holds, each stamped with the event time
     * the merge has reached: the time of the last published event. They come from outside the
     * simulated world, at a moment no event decides, so only the journal can make them
     * reproducible: replay publishes them where they were journaled. The stamp keeps the published
     * times in order, so the merge's bound on execution reports holds for the reports they cause.
     * Checked once per duty cycle, not per record.
     */
    private int eventTimeControl() {
        if (control == null || stopPublished || control.isEmpty()) {
            return 0;
        }
        int work = 0;
        while (work < MAX_PER_CYCLE) {
            RingEvent slot = nextSlot();
            if (slot == null) {
                return work;
            }
            parkMarket(slot);
            int n = control.poll(slot.record);
            if (n == 0) {
                return work;
            }
            decode(slot, n, "operator");
            long cursor = ring.getCursor();
            long time = cursor >= 0 ? publishedTime[(int) (cursor & mask)] : slot.exchangeTimeNs;
            slot.exchangeTimeNs = time;
            slot.receiveTimeNs = time;
            slot.recordLength = InputCodec.encode(slot, slot.record, 0);
            commit(slot);
            work++;
        }
        return work;
    }

    /**
     * Moves the market record held back in {@code slot} out of the way of a report or timer that
     * goes first. Rare: once per report or timer, never per market record.
     */
    private void parkMarket(RingEvent slot) {
        if (marketLen > 0 && !marketParked) {
            parked.putBytes(0, slot.record, 0, marketLen);
            marketParked = true;
        }
    }

    /**
     * True when the router has processed every published event with time {@code <= time - latency}.
     */
    private boolean routerCaughtUp(long time) {
        long limit = time - latencyNs;
        long last = ring.getCursor();
        while (frontier < last && publishedTime[(int) ((frontier + 1) & mask)] <= limit) {
            frontier++;
        }
        return routerSequence == null || routerSequence.get() >= frontier;
    }

    /**
     * Takes the gateway's reports into the heap, copied straight from its queue into the heap's
     * storage. They are checked when they are decoded into their slot.
     */
    private int drainReports() {
        if (reports == null) {
            return 0;
        }
        int n = 0;
        while (!heap.isFull()) {
            int len = reports.poll(heap.storage(), heap.nextOffset(), ReportHeap.SLOT);
            if (len == 0) {
                break;
            }
            heap.push(len);
            n++;
        }
        return n;
    }

    // -------------------------------------------------------------------------------------
    // RECOVERY (run --resume)

    private int recover() {
        if (stopRequested || stopPending) {
            // Ctrl-C, or a stage failed: stop where the recovery is; the journal can be resumed
            // again.
            done = true;
            return 0;
        }
        boolean merge = policy == Policy.EVENT_TIME;
        int work = merge ? drainReports() : 0;
        while (work < MAX_PER_CYCLE) {
            if (merge && marketLen == 0 && !marketDone) {
                // The market record the merge would hold now, kept aside: the recovered record
                // takes the slot.
                int n = market.poll(parked);
                if (n == InputSource.NOTHING_YET) {
                    return work;
                }
                if (n == InputSource.FINISHED) {
                    marketDone = true;
                } else {
                    holdMarket(n);
                }
            }
            RingEvent slot = nextSlot();
            if (slot == null) {
                return work;
            }
            if (pendingLen == 0) {
                int n = recovery.poll(slot.record);
                if (n == InputSource.NOTHING_YET) {
                    return work;
                }
                if (n == InputSource.FINISHED) {
                    return work + restart();
                }
                pendingLen = n;
            }
            int type = RecordHeader.type(slot.record, 0);
            String where = recoveryName + " record #" + recovered;
            if (reports != null && !reportsFromVenue && isVenueRecord(slot.record)) {
                // The rebuilt venue makes this report when the router handles its cause: wait for
                // the router, then it must be the venue's next one in the merge's order.
                if (routerSequence != null && routerSequence.get() < ring.getCursor()) {
                    return work;
                }
                int len = nextVenueReport(merge);
                if (len == 0) {
                    throw new JournalFormatException(
                            where,
                            "an execution report the rebuilt paper venue did not make: the"
                                    + " journal does not follow from this configuration");
                }
                if (!sameRecord(slot.record, pendingLen, venueReport, len)) {
                    throw new JournalFormatException(
                            where,
                            "the execution report differs from the rebuilt paper venue's: the"
                                    + " journal does not follow from this configuration");
                }
                if (merge) {
                    heap.pop();
                }
            } else if (merge && isMarketRecord(slot.record)) {
                if (marketLen == 0) {
                    throw new JournalFormatException(
                            where,
                            "a market record after the end of the market source " + marketName);
                }
                if (!sameRecord(slot.record, pendingLen, parked, marketLen)) {
                    throw new JournalFormatException(
                            where,
                            "differs from the market source's record #"
                                    + marketRecords
                                    + " ("
                                    + marketName
                                    + "): the journal was recorded with another source,"
                                    + " seed or duration");
                }
                marketLen = 0;
                marketParked = false;
                marketRecords++;
            }
            decode(slot, pendingLen, where);
            pendingLen = 0;
            if (slot.sequence != nextSeq) {
                throw new JournalFormatException(
                        where,
                        "sequence "
                                + slot.sequence
                                + " where "
                                + nextSeq
                                + " was expected (gap or reordering)");
            }
            if (slot.type == EventType.TIMER) {
                recoverTimer(slot, where);
            }
            commit(slot);
            recovered++;
            work++;
            if (merge) {
                work += drainReports();
            }
        }
        return work;
    }

    /** Holds the {@code length}-byte market record in {@link #parked}, as the merge does. */
    private void holdMarket(int length) {
        marketLen = length;
        marketParked = true;
        marketTime = RecordHeader.exchangeTime(parked, 0);
        if (timerPeriodNs > 0 && nextTimerNs == Long.MIN_VALUE) {
            nextTimerNs = Math.floorDiv(marketTime, timerPeriodNs) * timerPeriodNs + timerPeriodNs;
        }
    }

    /**
     * A recovered TIMER: in EVENT_TIME it must be the one the merge makes next; it moves the timer
     * on.
     */
    private void recoverTimer(RingEvent slot, String where) {
        if (policy == Policy.EVENT_TIME) {
            if (timerPeriodNs <= 0 || marketLen == 0 || slot.exchangeTimeNs != nextTimerNs) {
                throw new JournalFormatException(
                        where,
                        "a TIMER at "
                                + slot.exchangeTimeNs
                                + " where this configuration's timer makes "
                                + (timerPeriodNs <= 0 ? "none" : String.valueOf(nextTimerNs)));
            }
            nextTimerNs += timerPeriodNs;
            if (marketTime - nextTimerNs > 10 * timerPeriodNs) {
                nextTimerNs = Math.floorDiv(marketTime, timerPeriodNs) * timerPeriodNs;
            }
        }
        timerTick = slot.timerTick;
    }

    /**
     * Copies the rebuilt venue's next report into {@link #venueReport}: the heap's smallest
     * (EVENT_TIME) or the gateway queue's next (ARRIVAL). Returns its length, 0 if there is none.
     */
    private int nextVenueReport(boolean merge) {
        if (merge) {
            drainReports();
            return heap.isEmpty() ? 0 : heap.copyMinInto(venueReport);
        }
        return reports.poll(venueReport);
    }

    /**
     * Ends the recovery once the router has handled every recovered record (so every report the
     * rebuilt venue owes is known). Publishes nothing: the restart takes no ring sequence, so the
     * outputs after it name the same causes as an uninterrupted run's and the output digest is the
     * same. The input journal marks the restart beside {@code in/} ({@code RestartLog}) before the
     * first new record.
     */
    private int restart() {
        if (routerSequence != null && routerSequence.get() < ring.getCursor()) {
            return 0;
        }
        if (policy == Policy.EVENT_TIME) {
            drainReports();
            inFlightAtRestart = heap.size();
        } else {
            inFlightAtRestart = -1; // they wait, uncounted, in the gateway queue
        }
        recovery = null;
        recovering = false;
        return 1;
    }

    /**
     * A record the paper venue makes: an execution report, or the CONTROL {@link
     * ControlCode#LATCHED} it sends when it acts on a trip of the kill latch.
     */
    private static boolean isVenueRecord(MutableDirectBuffer record) {
        int type = RecordHeader.type(record, 0);
        return type == EventType.EXEC_REPORT
                || (type == EventType.CONTROL
                        && record.getByte(RecordHeader.LENGTH + ControlDecoder.codeEncodingOffset())
                                == ControlCode.LATCHED);
    }

    /**
     * A record the market source makes (not the Sequencer's, the venue's, the control queue's or a
     * restart): of CONTROL records only a feed's own (a gap, a venue halt).
     */
    private static boolean isMarketRecord(MutableDirectBuffer record) {
        int type = RecordHeader.type(record, 0);
        if (type == EventType.SESSION || type == EventType.TIMER || type == EventType.EXEC_REPORT) {
            return false;
        }
        if (type != EventType.CONTROL) {
            return true;
        }
        byte code = record.getByte(RecordHeader.LENGTH + ControlDecoder.codeEncodingOffset());
        return code == ControlCode.FEED_GAP || code == ControlCode.MARKET_HALT;
    }

    /**
     * True if two encoded input records are the same but for the ring sequence and the CRC, which
     * the journal stamps and an ingress record does not carry.
     */
    private static boolean sameRecord(DirectBuffer a, int aLength, DirectBuffer b, int bLength) {
        if (aLength != bLength || aLength < RecordHeader.LENGTH) {
            return false;
        }
        for (int i = 0; i < aLength; i++) {
            boolean stamped =
                    (i >= RecordHeader.SEQUENCE_OFFSET && i < RecordHeader.SEQUENCE_OFFSET + 8)
                            || (i >= RecordHeader.CRC_OFFSET && i < RecordHeader.CRC_OFFSET + 4);
            if (!stamped && a.getByte(i) != b.getByte(i)) {
                return false;
            }
        }
        return true;
    }

    // -------------------------------------------------------------------------------------
    // GRACEFUL STOP

    /**
     * Publishes the operator commands already queued (they came before the signal), then the STOP
     * record, and stops every input but the execution reports. Returns the work done; {@link
     * #stopPublished} says whether the STOP is out (the ring may be full).
     */
    private int publishStop() {
        int work = 0;
        if (policy == Policy.EVENT_TIME) {
            work += eventTimeControl();
            if (control != null && !control.isEmpty()) {
                return work; // the ring is full: the rest of the queue next cycle
            }
        } else {
            while (control != null) {
                RingEvent slot = nextSlot();
                if (slot == null) {
                    return work;
                }
                int n = control.poll(slot.record);
                if (n == 0) {
                    break;
                }
                decode(slot, n, "operator");
                commit(slot);
                work++;
            }
        }
        RingEvent slot = nextSlot();
        if (slot == null) {
            return work;
        }
        long time;
        if (policy == Policy.EVENT_TIME) {
            // The time the merge has reached, as for an operator's command (see
            // eventTimeControl). The market record held back in this slot, if any, is dropped.
            long cursor = ring.getCursor();
            time = cursor >= 0 ? publishedTime[(int) (cursor & mask)] : marketTime;
        } else {
            time = clock.nanoTime();
        }
        marketLen = 0;
        marketParked = false;
        marketDone = true;
        slot.clearInput();
        slot.type = EventType.CONTROL;
        slot.controlCode = ControlCode.STOP;
        slot.controlParamValue = stopCancels ? 1 : 0;
        slot.exchangeTimeNs = time;
        slot.receiveTimeNs = time;
        slot.recordLength = InputCodec.encode(slot, slot.record, 0);
        commit(slot);
        stopPublished = true;
        stopRequested = true;
        return work + 1;
    }

    // ------------------------------------------------------------------------------------ common

    /**
     * In a live run, the count of the venue's answers still due after a STOP that cancelled the
     * working orders: the run does not end before they are in the ring and the journal.
     */
    public void awaitVenueAnswers(java.util.function.IntSupplier due) {
        this.venueAnswersDue = due;
    }

    private int finishIfQuiet() {
        if (policy == Policy.ARRIVAL && !episodesFinal) {
            // Every drop of the run in a journaled episode: open what is pending, close what is
            // open. Drops after this (a feed still offering to a queue no one reads) are counted
            // only.
            cycleNs = Long.MIN_VALUE;
            int w = episodes(true);
            boolean open = false;
            for (boolean o : episodeOpen) {
                open |= o;
            }
            if (!open) {
                episodesFinal = true;
            }
            if (w > 0 || open) {
                return w;
            }
        }
        long cursor = ring.getCursor();
        for (Sequence s : consumers) {
            if (s.get() < cursor) {
                return 0;
            }
        }
        // Consumers set their sequence after handling, so every report they offered is in the queue
        // now.
        if ((reports != null && !reports.isEmpty()) || !heap.isEmpty()) {
            return 0;
        }
        if (policy == Policy.ARRIVAL && venueAnswersDue != null && venueAnswersDue.getAsInt() > 0) {
            // Cancels sent at the STOP that the venue has not answered yet: its reports come in
            // through the queue and are journaled; ops.stop.timeout bounds the wait.
            return 0;
        }
        done = true;
        return 1;
    }

    /**
     * The slot the next publication goes to, or null while the ring is full. Only the Sequencer
     * claims sequences, so once the consumers have released this slot it is free to be written
     * before its sequence is claimed, and stays free until {@link #commit}.
     */
    private RingEvent nextSlot() {
        if (!ring.hasAvailableCapacity(1)) {
            return null;
        }
        nextSeq = ring.getCursor() + 1;
        return ring.get(nextSeq);
    }

    /**
     * Decodes the {@code length}-byte record at the start of {@code slot.record} into {@code slot}:
     * the one check and the one decode of the record.
     *
     * @throws JournalFormatException naming {@code where} if it is not a readable input record
     */
    private void decode(RingEvent slot, int length, String where) {
        // Through an UnsafeBuffer view of the slot's bytes: the generated decoders then see one
        // buffer
        // type everywhere (queues and journals are UnsafeBuffers), so their calls stay inlined.
        view.wrap(slot.record.byteArray(), 0, length);
        decoder.decode(view, 0, length, slot, where);
        slot.recordLength = length;
        if (RecordHeader.version(slot.record, 0) != RecordHeader.SCHEMA_VERSION) {
            // An older journal's record (a backtest): the new journal gets it in this build's
            // version.
            slot.recordLength = InputCodec.encode(slot, slot.record, 0);
        }
    }

    /**
     * Decodes a market record; only one that fails gets its number in the message, so nothing is
     * built per record.
     */
    private void decodeMarket(RingEvent slot, int length) {
        try {
            decode(slot, length, marketName);
        } catch (JournalFormatException e) {
            throw e.at(marketName + " record #" + marketRecords);
        }
    }

    /**
     * Claims the sequence of the decoded {@code slot}, stamps it into the slot's record and
     * publishes.
     */
    private void commit(RingEvent slot) {
        long seq = ring.next(); // never waits: nextSlot() saw room, and no one else claims
        if (seq != nextSeq) {
            throw new IllegalStateException(
                    "claimed " + seq + " for the slot of " + nextSeq + ": a second ring writer?");
        }
        slot.sequence = seq;
        RecordHeader.sequence(slot.record, 0, seq);
        publishedTime[(int) (seq & mask)] = slot.exchangeTimeNs;
        publishedWallNs[(int) (seq & mask)] = cycleNs;
        ring.publish(seq);
        publishedByType[slot.type]++;
        published = seq + 1;
    }
}
