package io.tickring.engine.ring;

import io.tickring.engine.ingress.InputSource;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.JournalFormatException;
import io.tickring.core.codec.RecordHeader;
import io.tickring.engine.ingress.EventQueue;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The ring's only writer. It pulls encoded records from the input sources and publishes each one
 * into the next ring slot, stamping the ring sequence. Three policies decide the order:
 *
 * <ul>
 *   <li>{@link Policy#ARRIVAL} (live): operator commands first, then execution reports, then market
 *       data, each in arrival order; TIMER events from the wall clock. The journal records the order,
 *       which is what makes a live run replayable.
 *   <li>{@link Policy#EVENT_TIME} (simulation, backtest): a deterministic merge in event time of the
 *       market source, the gateway's execution reports and event-time TIMERs. A report is stamped
 *       {@code cause time + latency}, so before publishing anything with time {@code X} the Sequencer
 *       waits until the router has processed every published event with time {@code <= X - latency}:
 *       then every report that could precede {@code X} is known. The result does not depend on thread
 *       layout, wait strategy or machine speed.
 *   <li>{@link Policy#VERBATIM} (replay): every record of a journal as it is, checking that its
 *       recorded sequence is the slot it lands in.
 * </ul>
 *
 * <p>Allocation-free in steady state: records are copied into pre-allocated staging buffers and the
 * report heap has fixed capacity.
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

    private Sequence routerSequence;
    private Sequence[] consumers = new Sequence[0];

    private final UnsafeBuffer marketBuf = new UnsafeBuffer(new byte[io.tickring.journal.InputJournal.MAX_RECORD]);
    private final UnsafeBuffer pendingBuf = new UnsafeBuffer(new byte[io.tickring.journal.InputJournal.MAX_RECORD]);
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[io.tickring.journal.InputJournal.MAX_RECORD]);
    private final RingEvent staging = new RingEvent();
    private int marketLen;
    private long marketTime;
    private long marketRecords;
    private boolean marketDone;
    private int pendingLen;

    private RingEvent session;
    private long nextTimerNs = Long.MIN_VALUE;
    private long timerTick;
    private long frontier = -1;

    private volatile boolean stopRequested;
    private volatile boolean done;
    private volatile String error;
    private volatile long published;
    private final long[] publishedByType = new long[EventType.MAX + 1];

    /**
     * @param market the primary source (simulator, journal, or a queue fed by an adapter thread)
     * @param reports the gateway's execution reports, or null if orders go nowhere (replay)
     * @param control the operator channel, or null
     * @param latencyNs the smallest delay between an order's cause and its first report (EVENT_TIME)
     * @param timerPeriodNs TIMER period, 0 for none (ignored by VERBATIM)
     * @param reportCapacity how many execution reports may wait in the merge at once
     */
    public Sequencer(RingBuffer<RingEvent> ring, Policy policy, InputSource market, EventQueue reports,
            EventQueue control, long latencyNs, long timerPeriodNs, EpochNanoClock clock, int reportCapacity) {
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
        this.mask = ring.getBufferSize() - 1;
    }

    /** Wires the sequences the Sequencer watches: the router's (for the merge) and every final consumer's. */
    public void watch(Sequence routerSequence, Sequence[] consumers) {
        this.routerSequence = routerSequence;
        this.consumers = consumers.clone();
    }

    /** Publishes this SESSION event as the ring's first event (not for VERBATIM: the journal has one). */
    public void session(RingEvent sessionEvent) {
        this.session = sessionEvent;
    }

    /** Ends the run: market data stops being read, and the Sequencer drains what is in flight. */
    public void requestStop() {
        stopRequested = true;
    }

    /** True once the market source is finished and every event and report has gone through the ring. */
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
                staging.copyInputFrom(session);
                int n = InputCodec.encode(staging, pendingBuf, 0);
                if (!publish(pendingBuf, n, "session")) {
                    return 0;
                }
                session = null;
                return 1;
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

    // ------------------------------------------------------------------------------------- VERBATIM

    private int verbatim() {
        int work = 0;
        while (work < MAX_PER_CYCLE) {
            if (marketLen == 0) {
                if (marketDone || stopRequested) {
                    return work + finishIfQuiet();
                }
                int n = market.poll(marketBuf);
                if (n == InputSource.FINISHED) {
                    marketDone = true;
                    continue;
                }
                if (n == InputSource.NOTHING_YET) {
                    return work;
                }
                marketLen = n;
                intake(marketBuf, n);
                long recorded = RecordHeader.sequence(marketBuf, 0);
                long expected = ring.getCursor() + 1;
                if (recorded != expected) {
                    throw new JournalFormatException(marketName + " record #" + marketRecords, "sequence " + recorded
                            + " where " + expected + " was expected (gap or reordering)");
                }
            }
            if (!publish(marketBuf, marketLen, marketName)) {
                return work;
            }
            marketLen = 0;
            marketRecords++;
            work++;
        }
        return work;
    }

    // -------------------------------------------------------------------------------------- ARRIVAL

    private int arrival() {
        int work = 0;
        if (pendingLen > 0) {
            if (!publish(pendingBuf, pendingLen, "pending")) {
                return 0;
            }
            pendingLen = 0;
            work++;
        }
        work += liveTimer();
        while (work < MAX_PER_CYCLE) {
            int n = 0;
            if (control != null) {
                n = control.poll(pendingBuf);
            }
            if (n == 0 && reports != null) {
                n = reports.poll(pendingBuf);
            }
            if (n == 0 && !marketDone && !stopRequested) {
                n = market.poll(pendingBuf);
                if (n == InputSource.FINISHED) {
                    marketDone = true;
                    n = 0;
                }
            }
            if (n == 0) {
                if (marketDone || stopRequested) {
                    work += finishIfQuiet();
                }
                return work;
            }
            InputCodec.validate(pendingBuf, 0, n, "ingress");
            if (!publish(pendingBuf, n, "ingress")) {
                pendingLen = n;
                return work;
            }
            work++;
        }
        return work;
    }

    private int liveTimer() {
        if (timerPeriodNs <= 0 || marketDone || stopRequested) {
            return 0;
        }
        long now = clock.nanoTime();
        if (nextTimerNs == Long.MIN_VALUE) {
            nextTimerNs = now + timerPeriodNs;
            return 0;
        }
        if (now < nextTimerNs) {
            return 0;
        }
        int n = encodeTimer(now);
        if (!publish(scratch, n, "timer")) {
            return 0;
        }
        nextTimerNs += timerPeriodNs;
        if (nextTimerNs <= now) {
            // The thread was descheduled for more than a period: skip the missed ticks, do not burst.
            nextTimerNs = now + timerPeriodNs;
        }
        return 1;
    }

    private int encodeTimer(long timeNs) {
        RingEvent t = staging;
        t.clearInput();
        t.type = EventType.TIMER;
        t.exchangeTimeNs = timeNs;
        t.receiveTimeNs = timeNs;
        t.timerTick = ++timerTick;
        return InputCodec.encode(t, scratch, 0);
    }

    // ----------------------------------------------------------------------------------- EVENT_TIME

    private int eventTime() {
        int work = drainReports();
        while (work < MAX_PER_CYCLE) {
            if (marketLen == 0 && !marketDone) {
                if (stopRequested) {
                    marketDone = true;
                } else {
                    int n = market.poll(marketBuf);
                    if (n == InputSource.FINISHED) {
                        marketDone = true;
                    } else if (n == InputSource.NOTHING_YET) {
                        return work;
                    } else {
                        intake(marketBuf, n);
                        marketLen = n;
                        marketTime = RecordHeader.exchangeTime(marketBuf, 0);
                        if (timerPeriodNs > 0 && nextTimerNs == Long.MIN_VALUE) {
                            nextTimerNs = Math.floorDiv(marketTime, timerPeriodNs) * timerPeriodNs + timerPeriodNs;
                        }
                    }
                }
            }
            // Candidates in priority order on equal times: report, timer, market.
            long reportTime = heap.isEmpty() ? Long.MAX_VALUE : heap.minTime();
            boolean timerDue = marketLen > 0 && timerPeriodNs > 0 && nextTimerNs <= marketTime;
            long timerTime = timerDue ? nextTimerNs : Long.MAX_VALUE;
            long mktTime = marketLen > 0 ? marketTime : Long.MAX_VALUE;
            long candidate = Math.min(reportTime, Math.min(timerTime, mktTime));
            if (candidate == Long.MAX_VALUE) {
                if (marketDone) {
                    work += finishIfQuiet();
                }
                return work;
            }
            if (!routerCaughtUp(candidate)) {
                return work;
            }
            // The router may have offered reports while it caught up: take them in and choose again,
            // or one of them could land after the candidate by thread timing alone.
            int late = drainReports();
            if (late > 0) {
                work += late;
                continue;
            }
            if (reportTime == candidate) {
                // A report may only go once every report that could come before it is known.
                int len = heap.peekInto(scratch);
                if (!publish(scratch, len, "gateway")) {
                    return work;
                }
                heap.pop();
            } else if (timerTime == candidate) {
                int len = encodeTimer(nextTimerNs);
                if (!publish(scratch, len, "timer")) {
                    return work;
                }
                nextTimerNs += timerPeriodNs;
                if (marketTime - nextTimerNs > 10 * timerPeriodNs) {
                    // After a gap in the data (a lunch break, a night), skip to the last period boundary.
                    nextTimerNs = Math.floorDiv(marketTime, timerPeriodNs) * timerPeriodNs;
                }
            } else {
                if (!publish(marketBuf, marketLen, marketName)) {
                    return work;
                }
                marketLen = 0;
                marketRecords++;
            }
            work++;
            work += drainReports();
        }
        return work;
    }

    /** True when the router has processed every published event with time {@code <= time - latency}. */
    private boolean routerCaughtUp(long time) {
        long limit = time - latencyNs;
        long last = ring.getCursor();
        while (frontier < last && publishedTime[(int) ((frontier + 1) & mask)] <= limit) {
            frontier++;
        }
        return routerSequence == null || routerSequence.get() >= frontier;
    }

    private int drainReports() {
        if (reports == null) {
            return 0;
        }
        int n = 0;
        while (!heap.isFull()) {
            int len = reports.poll(scratch);
            if (len == 0) {
                break;
            }
            InputCodec.validate(scratch, 0, len, "gateway");
            heap.push(scratch, len);
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------------------------ common

    private int finishIfQuiet() {
        long cursor = ring.getCursor();
        for (Sequence s : consumers) {
            if (s.get() < cursor) {
                return 0;
            }
        }
        // Consumers set their sequence after handling, so every report they offered is in the queue now.
        if ((reports != null && !reports.isEmpty()) || !heap.isEmpty() || pendingLen > 0) {
            return 0;
        }
        done = true;
        return 1;
    }

    /**
     * Checks a record from the market source once, as it comes in, under the source's name; only a
     * record that fails gets its number in the message, so the check allocates nothing per record.
     */
    private void intake(UnsafeBuffer buf, int len) {
        try {
            InputCodec.validate(buf, 0, len, marketName);
        } catch (JournalFormatException e) {
            throw e.at(marketName + " record #" + marketRecords);
        }
    }

    /** Publishes a record already checked at intake (or encoded here). */
    private boolean publish(UnsafeBuffer buf, int len, String where) {
        long seq;
        try {
            seq = ring.tryNext();
        } catch (InsufficientCapacityException full) {
            return false;
        }
        RingEvent e = ring.get(seq);
        try {
            InputCodec.decode(buf, 0, len, e, where);
        } finally {
            e.sequence = seq;
            publishedTime[(int) (seq & mask)] = e.exchangeTimeNs;
            ring.publish(seq);
        }
        publishedByType[e.type]++;
        published = seq + 1;
        return true;
    }
}
