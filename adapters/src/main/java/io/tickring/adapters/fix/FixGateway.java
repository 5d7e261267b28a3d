package io.tickring.adapters.fix;

import io.tickring.adapters.OrderGateway;
import io.tickring.core.ControlCode;
import io.tickring.core.EventPublisher;
import io.tickring.core.EventType;
import io.tickring.core.ExecRejectReason;
import io.tickring.core.ExecType;
import io.tickring.core.KillSwitch;
import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import quickfix.Application;
import quickfix.ConfigError;
import quickfix.DoNotSend;
import quickfix.FieldNotFound;
import quickfix.FileLogFactory;
import quickfix.FileStoreFactory;
import quickfix.FixVersions;
import quickfix.LogFactory;
import quickfix.Message;
import quickfix.RejectLogon;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.Account;
import quickfix.field.ClOrdID;
import quickfix.field.Commission;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.LastLiquidityInd;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Password;
import quickfix.field.PossDupFlag;
import quickfix.field.Price;
import quickfix.field.Symbol;
import quickfix.field.TransactTime;
import quickfix.field.Username;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.OrderCancelReplaceRequest;
import quickfix.fix44.OrderCancelRequest;
import quickfix.fix44.OrderStatusRequest;

/**
 * The live gateway to a FIX 4.4 venue, through QuickFIX/J: orders go out as NewOrderSingle, cancels
 * as OrderCancelRequest, replaces as OrderCancelReplaceRequest; ExecutionReports and
 * OrderCancelRejects come back as EXEC_REPORT input events offered to the engine's gateway queue,
 * so they are journaled and a replay reads them back instead of calling a venue. Logon, heartbeats,
 * resend requests and sequence resets are QuickFIX/J's; its sequence-number store is a FileStore in
 * {@link FixContext#sessionDir()} (the journal directory).
 *
 * <p><b>Threads.</b> {@link #submit}, {@link #cancel} and {@link #replace} run on the router's
 * thread: each takes a command from a pool fixed at construction, fills it and offers it to a
 * lock-free single-producer queue ({@code OneToOneConcurrentArrayQueue}); no lock, no allocation,
 * no I/O. The gateway's own thread (an agent, {@code tickring-fix}) drains that queue, builds the
 * FIX messages and sends them, and returns the commands to the pool through a second queue. If
 * every command is in flight the router spins until one comes back, as the paper venue's queue sink
 * does. QuickFIX/J's own thread delivers the venue's messages; they and the gateway thread's own
 * reports are offered to the engine's queue under one lock (off the router thread), which makes the
 * queue's one producer one at a time.
 *
 * <p><b>Guards.</b> Before sending any order the gateway thread reads the {@link KillSwitch}: a
 * tripped latch sends nothing and reports the order REJECTED with reason {@link
 * #REJECT_KILL_SWITCH}; at the trip the gateway cancels every working order at once, without
 * waiting for the KILL event to reach the router. An order that finds the session logged out is
 * REJECTED with reason {@link #REJECT_DISCONNECTED}. After a dropped connection, the first thing
 * the gateway does at the next logon is cancel every working order it knows (the engine does not
 * know what happened to them while it was disconnected). A NewOrderSingle or replace that the venue
 * asks to be resent (PossDupFlag) is never sent again: QuickFIX/J gap-fills it instead, so a stale
 * order does not reach the book late.
 *
 * <p><b>Units.</b> Prices and quantities go on the wire as exact decimal strings from the
 * instrument's scales ({@link FixUnits}), never through QuickFIX/J's double fields. A fill's fee is
 * the venue's Commission (12, absolute) when it sends one, else the instrument's fee schedule
 * ({@link Money#fee}), maker when the venue says LastLiquidityInd=1.
 *
 * <p><b>Report times.</b> An EXEC_REPORT's exchange and receive time are the wall-clock time of its
 * arrival: that is when the engine learns of it, and it keeps report times in arrival order, which
 * the Sequencer's ARRIVAL policy publishes.
 */
public final class FixGateway implements OrderGateway, Application, AutoCloseable {
    /** REJECTED / CANCELED reason: the kill switch was tripped. */
    public static final int REJECT_KILL_SWITCH = ExecRejectReason.KILL_SWITCH;

    /** REJECTED reason: the FIX session was not logged on when the order was to be sent. */
    public static final int REJECT_DISCONNECTED = ExecRejectReason.DISCONNECTED;

    /** REJECTED reason: the venue rejected the order (an ExecutionReport with ExecType=8). */
    public static final int REJECT_VENUE = ExecRejectReason.VENUE;

    /** CANCELED reason: cancelled by the gateway after the connection dropped. */
    public static final int CANCEL_DISCONNECT = ExecRejectReason.DISCONNECTED;

    private static final byte NEW = 1;
    private static final byte CANCEL = 2;
    private static final byte REPLACE = 3;
    private static final byte STATUS = 4;
    private static final byte REPORT = 5;

    /** How often the gateway thread looks for orders whose acknowledgement is overdue. */
    private static final long SCAN_MS = 50;

    /**
     * One order, cancel, replace or status request on its way to the gateway thread, or a recovered
     * report ({@link #onReport}).
     */
    private static final class Command {
        byte kind;
        long orderId;
        int instrumentId;
        byte side;
        byte orderType;
        byte tif;
        long qty;
        long px;

        /** Caused by a record recovered from the journal: the dead run's, never sent again. */
        boolean recovered;

        byte execType;
        long cumQty;
    }

    /** What the gateway thread knows of an order the venue may hold. */
    private static final class Working {
        final long orderId;
        final Instrument instrument;
        final byte side;
        final byte orderType;
        final byte tif;
        long qty;
        long px;
        String clOrdId;
        int cancels;
        int replaces;

        /** The journal (or this gateway) has an acknowledgement or a fill of it. */
        boolean acked;

        /** Filled quantity and its notional (qty x px, both scaled) the engine knows of. */
        long cumQty;

        long notional;

        /** Wall-clock ms the NewOrderSingle left; 0 for a recovered order. */
        long sentAtMs;

        /** Unacknowledged past the timeout: its status was asked ({@link #statusAskedMs}). */
        boolean unknown;

        long statusAskedMs;

        Working(long orderId, Instrument instrument, byte side, byte orderType, byte tif) {
            this.orderId = orderId;
            this.instrument = instrument;
            this.side = side;
            this.orderType = orderType;
            this.tif = tif;
        }
    }

    private final FixContext context;
    private final EventPublisher reports;
    private final KillSwitch killSwitch;
    private final Int2ObjectHashMap<Instrument> instruments = new Int2ObjectHashMap<>();
    private final OneToOneConcurrentArrayQueue<Command> commands;
    private final OneToOneConcurrentArrayQueue<Command> free;
    private final SessionID sessionId;
    private final SocketInitiator initiator;
    private final AgentRunner runner;

    /**
     * Guards {@link #working}, {@link #execIds} and {@link #report} (QuickFIX/J's thread, ours).
     */
    private final Object lock = new Object();

    private final Long2ObjectHashMap<Working> working = new Long2ObjectHashMap<>();
    private final Set<String> execIds = new HashSet<>();
    private final RingEvent report = new RingEvent();

    private volatile boolean loggedOn;
    private volatile boolean everLoggedOn;
    private volatile boolean closing;

    // Reconciliation (see the class comment). Guarded by lock unless volatile.
    private volatile boolean needReconcile = true;
    private volatile boolean recoveryDone;
    private volatile boolean reconciling = true;
    private boolean inProgress;
    private boolean askRemaining;
    private boolean massSupported = true;
    private String massReqId;
    private long statusDeadlineMs;
    private long nextScanMs;
    private int reconcileRounds;
    private final org.agrona.collections.LongHashSet pending =
            new org.agrona.collections.LongHashSet();
    private final List<String> unexplained = new ArrayList<>();
    private final AtomicLong reconciliations = new AtomicLong();
    private final AtomicLong differences = new AtomicLong();
    private boolean killHandled;
    private final AtomicLong logons = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong reportsOffered = new AtomicLong();
    private final AtomicLong routerSpins = new AtomicLong();

    /**
     * Builds the gateway and its FIX session; {@link #start()} connects.
     *
     * @param reports the engine's gateway queue; EXEC_REPORTs are offered here
     * @param instruments every instrument the engine may trade (symbols and scales)
     * @param killSwitch the engine's out-of-band kill latch
     */
    public FixGateway(
            FixContext context,
            EventPublisher reports,
            List<Instrument> instruments,
            KillSwitch killSwitch) {
        this.context = context.conclude();
        this.reports = reports;
        this.killSwitch = killSwitch;
        for (Instrument i : instruments) {
            this.instruments.put(i.id(), i);
        }
        int capacity = context.maxInFlightCommands();
        commands = new OneToOneConcurrentArrayQueue<>(capacity);
        free = new OneToOneConcurrentArrayQueue<>(capacity);
        for (int i = 0; i < capacity; i++) {
            free.offer(new Command());
        }
        sessionId =
                new SessionID(
                        FixVersions.BEGINSTRING_FIX44,
                        context.senderCompId(),
                        context.targetCompId());
        try {
            Files.createDirectories(context.sessionDir());
            SessionSettings settings = settings(context, sessionId);
            LogFactory logs =
                    context.messageLog()
                            ? new MaskingLogFactory(new FileLogFactory(settings))
                            : new MaskingLogFactory(new NullLogFactory());
            initiator =
                    new SocketInitiator(
                            this,
                            new FileStoreFactory(settings),
                            settings,
                            logs,
                            new quickfix.fix44.MessageFactory());
        } catch (ConfigError | java.io.IOException e) {
            throw new IllegalArgumentException(
                    FixContext.SECTION + ": cannot set up the FIX session: " + e.getMessage(), e);
        }
        runner =
                new AgentRunner(
                        new SleepingMillisIdleStrategy(1), this::onAgentError, null, new Sender());
        recoveryDone = this.context.recoveredRecords() == 0;
    }

    /** QuickFIX/J's settings of the one initiator session. */
    private static SessionSettings settings(FixContext c, SessionID id) {
        SessionSettings s = new SessionSettings();
        Path dir = c.sessionDir().toAbsolutePath();
        s.setString(id, "ConnectionType", "initiator");
        s.setString(id, "SocketConnectHost", c.host());
        s.setLong(id, "SocketConnectPort", c.port());
        s.setLong(id, "HeartBtInt", c.heartbeatSeconds());
        s.setLong(id, "ReconnectInterval", c.reconnectSeconds());
        // A trading engine runs until stopped; the session has no daily window of its own.
        s.setBool(id, "NonStopSession", true);
        // The store keeps the sequence numbers only. Messages are not kept for resending: a resend
        // request is answered with a gap fill, since an order delivered late would trade at a
        // price decided earlier, and the Logon (with its password) never reaches the disk.
        s.setBool(id, "PersistMessages", false);
        s.setString(id, "FileStorePath", dir.resolve("store").toString());
        s.setString(id, "FileLogPath", dir.resolve("log").toString());
        s.setBool(id, "FileIncludeMilliseconds", true);
        s.setBool(id, "FileLogHeartbeats", false);
        s.setBool(id, "UseDataDictionary", true);
        s.setString(id, "DataDictionary", "FIX44.xml");
        s.setBool(id, "ValidateUserDefinedFields", false);
        return s;
    }

    /** The ClOrdID run tag of a run that started at {@code startTimeNs} ({@link ClOrdIds}). */
    public static String runTag(long startTimeNs) {
        return ClOrdIds.runTag(startTimeNs);
    }

    /**
     * Halts the engine for the reconciliation before the first order (a journaled CONTROL GATEWAY
     * 1), connects (QuickFIX/J reconnects by itself) and starts the gateway's thread.
     */
    public void start() {
        synchronized (lock) {
            offerGateway(1);
        }
        try {
            initiator.start();
        } catch (ConfigError e) {
            throw new IllegalArgumentException(
                    FixContext.SECTION + ": cannot start the FIX session: " + e.getMessage(), e);
        }
        AgentRunner.startOnThread(runner);
    }

    // ------------------------------------------------------------------ router thread

    @Override
    public void submit(
            long orderId,
            int instrumentId,
            byte side,
            byte orderType,
            byte tif,
            long qty,
            long limitPx,
            RingEvent cause) {
        Command c = take();
        c.kind = NEW;
        c.orderId = orderId;
        c.instrumentId = instrumentId;
        c.side = side;
        c.orderType = orderType;
        c.tif = tif;
        c.qty = qty;
        c.px = limitPx;
        c.recovered = recovered(cause);
        put(c);
    }

    @Override
    public void cancel(long orderId, int instrumentId, RingEvent cause) {
        Command c = take();
        c.kind = CANCEL;
        c.orderId = orderId;
        c.instrumentId = instrumentId;
        c.recovered = recovered(cause);
        put(c);
    }

    /**
     * A recovered report tells the gateway what the dead run learnt of an order; the reports of
     * this run it made itself, and ignores here.
     */
    @Override
    public void onReport(RingEvent e) {
        if (!recovered(e)) {
            return;
        }
        Command c = take();
        c.kind = REPORT;
        c.orderId = e.execOrderId;
        c.instrumentId = e.instrumentId;
        c.execType = e.execType;
        c.cumQty = e.execCumQty;
        c.qty = e.execLastQty;
        c.px = e.execLastPx;
        c.recovered = true;
        put(c);
    }

    /** True for an event recovered from the journal of the run that died ({@code --resume}). */
    private boolean recovered(RingEvent cause) {
        return cause != null && cause.sequence < context.recoveredRecords();
    }

    /**
     * The engine has handled every record recovered from the journal ({@code run --resume}): the
     * gateway knows every order the journal does, and may reconcile them with the venue.
     */
    public void recoveryDone() {
        recoveryDone = true;
    }

    @Override
    public void replace(long orderId, int instrumentId, long qty, long limitPx, RingEvent cause) {
        Command c = take();
        c.kind = REPLACE;
        c.orderId = orderId;
        c.instrumentId = instrumentId;
        c.qty = qty;
        c.px = limitPx;
        c.recovered = recovered(cause);
        put(c);
    }

    /** Asks the venue for an order's status (OrderStatusRequest); the answer is not journaled. */
    public void requestStatus(long orderId, int instrumentId) {
        Command c = take();
        c.kind = STATUS;
        c.orderId = orderId;
        c.instrumentId = instrumentId;
        c.recovered = false;
        put(c);
    }

    private Command take() {
        Command c;
        while ((c = free.poll()) == null) {
            routerSpins.incrementAndGet();
            Thread.onSpinWait();
        }
        return c;
    }

    private void put(Command c) {
        while (!commands.offer(c)) {
            Thread.onSpinWait(); // cannot happen: the queues hold every command there is
        }
    }

    // ------------------------------------------------------------------ gateway thread

    /** The gateway's duty cycle: the kill latch first, then every command waiting. */
    private final class Sender implements Agent {
        @Override
        public int doWork() {
            // Read before the queue is drained: every command the recovery caused is then in it.
            boolean recovered = recoveryDone;
            int work = 0;
            if (killSwitch.tripped()) {
                if (!killHandled) {
                    killHandled = true;
                    cancelAllWorking();
                    work++;
                }
            } else {
                killHandled = false;
            }
            Command c;
            while ((c = commands.poll()) != null) {
                handle(c);
                free.offer(c);
                work++;
            }
            if (recovered && loggedOn && needReconcile) {
                needReconcile = false;
                beginReconcile();
                work++;
            }
            long now = System.currentTimeMillis();
            if (now >= nextScanMs) {
                nextScanMs = now + SCAN_MS;
                work += reconcileStep(now);
                work += askOverdue(now);
            }
            return work;
        }

        @Override
        public String roleName() {
            return "tickring-fix";
        }
    }

    private void handle(Command c) {
        switch (c.kind) {
            case NEW -> sendOrder(c);
            case CANCEL -> {
                if (!c.recovered) {
                    sendCancel(c.orderId); // the dead run's cancels: reconciliation cancels all
                }
            }
            case REPLACE -> sendReplace(c);
            case STATUS -> sendStatus(c.orderId);
            case REPORT -> learn(c);
            default -> throw new IllegalStateException("unknown command " + c.kind);
        }
    }

    private void sendOrder(Command c) {
        Instrument i = instruments.get(c.instrumentId);
        if (c.recovered) {
            // The dead run's order: it may have reached the venue or not; reconciliation asks.
            if (i != null) {
                Working w = new Working(c.orderId, i, c.side, c.orderType, c.tif);
                w.qty = c.qty;
                w.px = c.px;
                w.clOrdId = ClOrdIds.order(context.runTag(), c.orderId);
                synchronized (lock) {
                    working.put(c.orderId, w);
                }
            }
            return;
        }
        if (killSwitch.tripped()) {
            reject(c, i, REJECT_KILL_SWITCH);
            return;
        }
        if (!loggedOn || i == null) {
            reject(c, i, REJECT_DISCONNECTED);
            return;
        }
        if (reconciling) {
            reject(c, i, ExecRejectReason.RECONCILING);
            return;
        }
        if (unknownOn(c.instrumentId)) {
            reject(c, i, ExecRejectReason.UNKNOWN_PENDING);
            return;
        }
        Working w = new Working(c.orderId, i, c.side, c.orderType, c.tif);
        w.qty = c.qty;
        w.px = c.px;
        w.sentAtMs = System.currentTimeMillis();
        w.clOrdId = ClOrdIds.order(context.runTag(), c.orderId);
        NewOrderSingle m =
                new NewOrderSingle(
                        new ClOrdID(w.clOrdId),
                        new quickfix.field.Side(fixSide(c.side)),
                        new TransactTime(now()),
                        new OrdType(
                                c.orderType == OrderType.MARKET ? OrdType.MARKET : OrdType.LIMIT));
        m.set(new Symbol(i.symbol()));
        m.setString(OrderQty.FIELD, FixUnits.format(c.qty, i.units().qtyScale()));
        if (c.orderType != OrderType.MARKET) {
            m.setString(Price.FIELD, FixUnits.format(c.px, i.priceScale()));
        }
        m.setChar(quickfix.field.TimeInForce.FIELD, fixTif(c.tif));
        if (!context.account().isEmpty()) {
            m.set(new Account(context.account()));
        }
        synchronized (lock) {
            working.put(c.orderId, w);
        }
        if (!send(m)) {
            synchronized (lock) {
                working.remove(c.orderId);
            }
            reject(c, i, REJECT_DISCONNECTED);
        }
    }

    private void sendCancel(long orderId) {
        Working w;
        OrderCancelRequest m;
        synchronized (lock) {
            w = working.get(orderId);
            if (w == null) {
                return; // already ended: nothing to cancel
            }
            w.cancels++;
            m =
                    new OrderCancelRequest(
                            new OrigClOrdID(w.clOrdId),
                            new ClOrdID(
                                    ClOrdIds.cancel(
                                            context.runTag(),
                                            context.generation(),
                                            orderId,
                                            w.cancels)),
                            new quickfix.field.Side(fixSide(w.side)),
                            new TransactTime(now()));
            m.set(new Symbol(w.instrument.symbol()));
            m.setString(OrderQty.FIELD, FixUnits.format(w.qty, w.instrument.units().qtyScale()));
        }
        send(m);
    }

    private void sendReplace(Command c) {
        if (killSwitch.tripped() || c.recovered || reconciling) {
            return; // a replace releases quantity and price: nothing leaves once the latch trips
        }
        OrderCancelReplaceRequest m;
        synchronized (lock) {
            Working w = working.get(c.orderId);
            if (w == null) {
                return;
            }
            w.replaces++;
            m =
                    new OrderCancelReplaceRequest(
                            new OrigClOrdID(w.clOrdId),
                            new ClOrdID(
                                    ClOrdIds.replace(
                                            context.runTag(),
                                            context.generation(),
                                            c.orderId,
                                            w.replaces)),
                            new quickfix.field.Side(fixSide(w.side)),
                            new TransactTime(now()),
                            new OrdType(OrdType.LIMIT));
            m.set(new Symbol(w.instrument.symbol()));
            m.setString(OrderQty.FIELD, FixUnits.format(c.qty, w.instrument.units().qtyScale()));
            m.setString(Price.FIELD, FixUnits.format(c.px, w.instrument.priceScale()));
            m.setChar(quickfix.field.TimeInForce.FIELD, fixTif(w.tif));
            if (!context.account().isEmpty()) {
                m.set(new Account(context.account()));
            }
        }
        send(m);
    }

    private void sendStatus(long orderId) {
        OrderStatusRequest m;
        synchronized (lock) {
            Working w = working.get(orderId);
            if (w == null) {
                return;
            }
            m =
                    new OrderStatusRequest(
                            new ClOrdID(w.clOrdId), new quickfix.field.Side(fixSide(w.side)));
            m.set(new Symbol(w.instrument.symbol()));
        }
        send(m);
    }

    /** Cancels every working order (kill switch, reconnect), in ascending order id. */
    private void cancelAllWorking() {
        long[] ids;
        synchronized (lock) {
            ids = new long[working.size()];
            int n = 0;
            for (Long2ObjectHashMap<Working>.KeyIterator it = working.keySet().iterator();
                    it.hasNext(); ) {
                ids[n++] = it.nextLong();
            }
        }
        java.util.Arrays.sort(ids);
        for (long id : ids) {
            sendCancel(id);
        }
    }

    private boolean send(Message m) {
        Session s = Session.lookupSession(sessionId);
        if (s == null || !loggedOn) {
            return false;
        }
        boolean ok = s.send(m);
        if (ok) {
            sent.incrementAndGet();
        }
        return ok;
    }

    private void reject(Command c, Instrument i, int reason) {
        synchronized (lock) {
            begin(c.orderId, c.instrumentId, c.side);
            report.execType = ExecType.REJECTED;
            report.execRejectReason = reason;
            report.execLeavesQty = 0;
            offer();
        }
    }

    private void onAgentError(Throwable t) {
        // The gateway thread must not die quietly: the next order would never leave.
        System.err.println("fix gateway: " + t);
    }

    // ------------------------------------------------------------------ reconciliation

    /** A recovered report (gateway thread): what the journal knows of one of its orders. */
    private void learn(Command c) {
        synchronized (lock) {
            Working w = working.get(c.orderId);
            if (w == null) {
                return;
            }
            w.acked = true;
            if (c.execType == ExecType.FILL || c.execType == ExecType.PARTIAL_FILL) {
                w.cumQty = c.cumQty;
                w.notional += c.qty * c.px;
            }
            if (c.execType == ExecType.FILL
                    || c.execType == ExecType.CANCELED
                    || c.execType == ExecType.REJECTED) {
                working.remove(c.orderId);
            }
        }
    }

    /**
     * Begins a reconciliation (gateway thread, logged on): asks the venue for every order it may
     * hold, at once (OrderMassStatusRequest) or one by one (OrderStatusRequest).
     */
    private void beginReconcile() {
        boolean mass;
        synchronized (lock) {
            if (!reconciling) {
                reconciling = true;
                offerGateway(1);
            }
            inProgress = true;
            pending.clear();
            for (Long2ObjectHashMap<Working>.KeyIterator it = working.keySet().iterator();
                    it.hasNext(); ) {
                pending.add(it.nextLong());
            }
            statusDeadlineMs = System.currentTimeMillis() + context.statusTimeoutMs();
            reconcileRounds++;
            mass = context.massStatus() && massSupported;
            massReqId =
                    mass
                            ? ClOrdIds.massStatus(
                                    context.runTag(), context.generation(), reconcileRounds)
                            : null;
            askRemaining = !mass;
        }
        reconciliations.incrementAndGet();
        if (mass) {
            quickfix.fix44.OrderMassStatusRequest m =
                    new quickfix.fix44.OrderMassStatusRequest(
                            new quickfix.field.MassStatusReqID(massReqId),
                            new quickfix.field.MassStatusReqType(
                                    quickfix.field.MassStatusReqType.STATUS_FOR_ALL_ORDERS));
            if (!context.account().isEmpty()) {
                m.set(new Account(context.account()));
            }
            send(m);
        }
    }

    /**
     * Moves a reconciliation on (gateway thread): asks per order for what a mass answer did not
     * name, gives up on a venue that does not answer in time, and ends it once every order's status
     * is known: then it cancels every order still working and, if every difference was explained,
     * lifts the halt (a journaled CONTROL GATEWAY 0).
     */
    private int reconcileStep(long now) {
        long[] ask = null;
        boolean finish = false;
        synchronized (lock) {
            if (!inProgress || !loggedOn) {
                return 0;
            }
            if (now >= statusDeadlineMs) {
                if (massReqId != null) {
                    // No answer to the mass request: the venue does not support it; ask per order.
                    massReqId = null;
                    massSupported = false;
                    askRemaining = true;
                    statusDeadlineMs = now + context.statusTimeoutMs();
                } else if (!pending.isEmpty()) {
                    long[] ids = sorted(pending);
                    for (long id : ids) {
                        unexplained.add(
                                "order "
                                        + id
                                        + ": the venue gave no status within "
                                        + context.statusTimeoutMs()
                                        + " ms");
                    }
                    pending.clear();
                }
            }
            if (askRemaining && massReqId == null) {
                askRemaining = false;
                ask = sorted(pending);
            } else if (massReqId == null && pending.isEmpty()) {
                finish = true;
                inProgress = false;
            }
        }
        if (ask != null) {
            for (long id : ask) {
                sendStatus(id);
            }
            return 1;
        }
        if (!finish) {
            return 0;
        }
        // Whatever the venue still works for the engine was decided before the gap: cancel it.
        cancelAllWorking();
        synchronized (lock) {
            if (unexplained.isEmpty()) {
                offerGateway(0); // offered before new orders pass, so it precedes their reports
                reconciling = false;
            }
        }
        return 1;
    }

    /**
     * Orders sent longer than the ack timeout ago without an acknowledgement become unknown: asks
     * the venue for their status (again, every timeout, until it answers).
     */
    private int askOverdue(long now) {
        long[] ask;
        synchronized (lock) {
            if (inProgress || working.isEmpty()) {
                return 0;
            }
            org.agrona.collections.LongArrayList ids = null;
            for (Working w : working.values()) {
                if (w.acked || w.sentAtMs == 0) {
                    continue;
                }
                long since = w.unknown ? w.statusAskedMs : w.sentAtMs;
                if (now - since >= context.ackTimeoutMs()) {
                    w.unknown = true;
                    w.statusAskedMs = now;
                    if (ids == null) {
                        ids = new org.agrona.collections.LongArrayList();
                    }
                    ids.addLong(w.orderId);
                }
            }
            if (ids == null) {
                return 0;
            }
            ask = ids.toLongArray();
        }
        java.util.Arrays.sort(ask);
        for (long id : ask) {
            sendStatus(id);
        }
        return ask.length;
    }

    /** True if an order on the instrument is unknown (unacknowledged past the timeout). */
    private boolean unknownOn(int instrumentId) {
        synchronized (lock) {
            for (Working w : working.values()) {
                if (w.unknown && w.instrument.id() == instrumentId) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long[] sorted(org.agrona.collections.LongHashSet ids) {
        long[] a = new long[ids.size()];
        int n = 0;
        for (org.agrona.collections.LongHashSet.LongIterator it = ids.iterator(); it.hasNext(); ) {
            a[n++] = it.nextValue();
        }
        java.util.Arrays.sort(a);
        return a;
    }

    /** A status answer: per order (ExecType I) or one of a mass answer (MassStatusReqID). */
    private void onStatus(Message m) throws FieldNotFound {
        String clOrdId = m.isSetField(ClOrdID.FIELD) ? m.getString(ClOrdID.FIELD) : null;
        long orderId = ClOrdIds.orderId(context.runTag(), clOrdId);
        if (orderId < 0 && m.isSetField(OrigClOrdID.FIELD)) {
            orderId = ClOrdIds.orderId(context.runTag(), m.getString(OrigClOrdID.FIELD));
        }
        boolean ofMass =
                m.isSetField(quickfix.field.MassStatusReqID.FIELD)
                        && m.getString(quickfix.field.MassStatusReqID.FIELD).equals(massReqId);
        synchronized (lock) {
            Working w = orderId < 0 ? null : working.get(orderId);
            if (w != null && (pending.contains(orderId) || w.unknown)) {
                if (ofMass && unknownAtVenue(m)) {
                    // A mass answer that names no such order proves little: ask it per order.
                    pending.add(orderId);
                } else {
                    applyStatus(w, m);
                    pending.remove(orderId);
                }
            } else if (ofMass && clOrdId != null && workingAtVenue(m.getChar(OrdStatus.FIELD))) {
                // The venue works an order the engine does not know to be working.
                differences.incrementAndGet();
                unexplained.add(
                        orderId < 0
                                ? "the venue works order "
                                        + clOrdId
                                        + " ("
                                        + m.getString(Symbol.FIELD)
                                        + "), which is not this journal's"
                                : "the venue works order "
                                        + orderId
                                        + " ("
                                        + clOrdId
                                        + "), which the journal has ended");
            }
            if (ofMass
                    && m.isSetField(quickfix.field.LastRptRequested.FIELD)
                    && m.getBoolean(quickfix.field.LastRptRequested.FIELD)) {
                // Orders the mass answer did not name are asked one by one.
                massReqId = null;
                askRemaining = true;
                statusDeadlineMs = System.currentTimeMillis() + context.statusTimeoutMs();
            }
        }
    }

    /** The venue refused a message: a mass status request it does not support. */
    private void onBusinessReject(Message m) throws FieldNotFound {
        if (!m.isSetField(quickfix.field.RefMsgType.FIELD)
                || !MsgType.ORDER_MASS_STATUS_REQUEST.equals(
                        m.getString(quickfix.field.RefMsgType.FIELD))) {
            return;
        }
        synchronized (lock) {
            massSupported = false;
            if (massReqId != null) {
                massReqId = null;
                askRemaining = true;
            }
        }
    }

    private static boolean unknownAtVenue(Message m) throws FieldNotFound {
        return m.getChar(OrdStatus.FIELD) == OrdStatus.REJECTED
                && m.isSetField(quickfix.field.OrdRejReason.FIELD)
                && m.getInt(quickfix.field.OrdRejReason.FIELD)
                        == quickfix.field.OrdRejReason.UNKNOWN_ORDER;
    }

    private static boolean workingAtVenue(char status) {
        return status == OrdStatus.NEW
                || status == OrdStatus.PARTIALLY_FILLED
                || status == OrdStatus.PENDING_NEW
                || status == OrdStatus.PENDING_CANCEL
                || status == OrdStatus.PENDING_REPLACE
                || status == OrdStatus.ACCEPTED_FOR_BIDDING
                || status == OrdStatus.REPLACED;
    }

    /**
     * Compares the venue's status of an order with what the engine knows (under lock) and offers
     * every difference as an EXEC_REPORT, so it is journaled and a replay follows it: a lost
     * acknowledgement, fills the engine missed (their quantity at the price that makes the venue's
     * average exact), the order's end; or records a difference that cannot be explained.
     */
    private void applyStatus(Working w, Message m) throws FieldNotFound {
        Instrument i = w.instrument;
        w.unknown = false;
        if (unknownAtVenue(m)) {
            if (!w.acked && w.cumQty == 0) {
                differences.incrementAndGet();
                begin(w.orderId, i.id(), w.side);
                report.execType = ExecType.REJECTED;
                report.execRejectReason = ExecRejectReason.NOT_AT_VENUE;
                report.execLeavesQty = 0;
                offer();
                working.remove(w.orderId);
            } else {
                unexplained.add(
                        "order "
                                + w.orderId
                                + " ("
                                + w.clOrdId
                                + "): the venue does not know it, but it was acknowledged"
                                + (w.cumQty > 0 ? " and filled " + w.cumQty : ""));
            }
            return;
        }
        int qs = i.units().qtyScale();
        char status = m.getChar(OrdStatus.FIELD);
        long cum = FixUnits.parse(m.getString(CumQty.FIELD), qs);
        long leaves =
                m.isSetField(LeavesQty.FIELD)
                        ? FixUnits.parse(m.getString(LeavesQty.FIELD), qs)
                        : 0;
        if (cum < w.cumQty) {
            unexplained.add(
                    "order "
                            + w.orderId
                            + " ("
                            + w.clOrdId
                            + "): the venue has filled "
                            + cum
                            + ", the journal "
                            + w.cumQty);
            return;
        }
        boolean ended = !workingAtVenue(status);
        if (cum > w.cumQty) {
            long qty = cum - w.cumQty;
            long px = missingPx(m, i, qs, cum, w.notional, qty);
            if (px < 0) {
                unexplained.add(
                        "order "
                                + w.orderId
                                + " ("
                                + w.clOrdId
                                + "): "
                                + qty
                                + " filled at the venue that the journal does not have, at no"
                                + " exact price (AvgPx "
                                + (m.isSetField(quickfix.field.AvgPx.FIELD)
                                        ? m.getString(quickfix.field.AvgPx.FIELD)
                                        : "missing")
                                + ")");
                return;
            }
            boolean fill = status == OrdStatus.FILLED || (leaves == 0 && cum >= w.qty);
            differences.incrementAndGet();
            begin(w.orderId, i.id(), w.side);
            report.execType = fill ? ExecType.FILL : ExecType.PARTIAL_FILL;
            report.execLastPx = px;
            report.execLastQty = qty;
            report.execCumQty = cum;
            report.execLeavesQty = fill ? 0 : leaves;
            // The venue's status carries no liquidity flag: the fee is the taker's.
            report.execFee =
                    Money.fee(i, w.side, px, qty, false, System.currentTimeMillis() * 1_000_000L);
            offer();
            w.acked = true;
            w.cumQty = cum;
            w.notional += px * qty;
            if (fill) {
                working.remove(w.orderId);
                return;
            }
        }
        if (ended) {
            differences.incrementAndGet();
            begin(w.orderId, i.id(), w.side);
            boolean rejected = status == OrdStatus.REJECTED && cum == 0;
            report.execType = rejected ? ExecType.REJECTED : ExecType.CANCELED;
            report.execRejectReason = rejected ? REJECT_VENUE : 0;
            report.execCumQty = cum;
            report.execLeavesQty = 0;
            offer();
            working.remove(w.orderId);
        } else if (!w.acked) {
            differences.incrementAndGet();
            begin(w.orderId, i.id(), w.side);
            report.execType = ExecType.ACK;
            report.execCumQty = cum;
            report.execLeavesQty = leaves;
            offer();
            w.acked = true;
        }
    }

    /**
     * The price of the {@code qty} filled at the venue that the engine missed, from the venue's
     * average price over all {@code cum} filled and the notional the engine knows; -1 unless it is
     * exact at the instrument's price scale.
     */
    private static long missingPx(
            Message m, Instrument i, int qs, long cum, long knownNotional, long qty)
            throws FieldNotFound {
        if (!m.isSetField(quickfix.field.AvgPx.FIELD)) {
            return -1;
        }
        int ps = i.priceScale();
        java.math.BigDecimal avg =
                new java.math.BigDecimal(m.getString(quickfix.field.AvgPx.FIELD));
        // Scaled notional of all fills: avg x 10^ps x cum (qty already scaled).
        java.math.BigDecimal all =
                avg.movePointRight(ps).multiply(java.math.BigDecimal.valueOf(cum));
        java.math.BigDecimal missing = all.subtract(java.math.BigDecimal.valueOf(knownNotional));
        try {
            java.math.BigDecimal px =
                    missing.divide(
                            java.math.BigDecimal.valueOf(qty), java.math.MathContext.DECIMAL128);
            return px.signum() <= 0 ? -1 : px.longValueExact();
        } catch (ArithmeticException notExact) {
            return -1;
        }
    }

    // ------------------------------------------------------------------ QuickFIX/J's thread

    @Override
    public void onCreate(SessionID id) {}

    @Override
    public void onLogon(SessionID id) {
        logons.incrementAndGet();
        // Every logon reconciles (the gateway thread begins once it sees loggedOn), and after a
        // dropped connection the working orders are cancelled once their status is known.
        needReconcile = true;
        everLoggedOn = true;
        loggedOn = true;
    }

    @Override
    public void onLogout(SessionID id) {
        if (loggedOn && !closing) {
            disconnects.incrementAndGet();
            synchronized (lock) {
                // Halt at once: nothing is known of the working orders until the next logon.
                if (!reconciling) {
                    reconciling = true;
                    offerGateway(1);
                }
                inProgress = false;
                massReqId = null;
                askRemaining = false;
                pending.clear();
            }
        }
        loggedOn = false;
    }

    @Override
    public void toAdmin(Message m, SessionID id) {
        if (isType(m, MsgType.LOGON)) {
            if (!context.username().isEmpty()) {
                m.setField(new Username(context.username()));
            }
            if (!context.password().isEmpty()) {
                m.setField(new Password(context.password()));
            }
        }
    }

    @Override
    public void fromAdmin(Message m, SessionID id) throws RejectLogon {}

    @Override
    public void toApp(Message m, SessionID id) throws DoNotSend {
        try {
            if (m.getHeader().isSetField(PossDupFlag.FIELD)
                    && m.getHeader().getBoolean(PossDupFlag.FIELD)
                    && (isType(m, MsgType.ORDER_SINGLE)
                            || isType(m, MsgType.ORDER_CANCEL_REPLACE_REQUEST))) {
                // A resend of an order would reach the book late, at a price decided earlier.
                throw new DoNotSend();
            }
        } catch (FieldNotFound e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void fromApp(Message m, SessionID id) throws FieldNotFound {
        if (isType(m, MsgType.EXECUTION_REPORT)) {
            if (m.isSetField(quickfix.field.MassStatusReqID.FIELD)
                    || m.getChar(quickfix.field.ExecType.FIELD)
                            == quickfix.field.ExecType.ORDER_STATUS) {
                onStatus(m);
            } else {
                onExecutionReport(m);
            }
        } else if (isType(m, MsgType.ORDER_CANCEL_REJECT)) {
            onCancelReject(m);
        } else if (isType(m, MsgType.BUSINESS_MESSAGE_REJECT)) {
            onBusinessReject(m);
        }
    }

    private void onExecutionReport(Message m) throws FieldNotFound {
        char execType = m.getChar(quickfix.field.ExecType.FIELD);
        String clOrdId = m.getString(ClOrdID.FIELD);
        long orderId = ClOrdIds.orderId(context.runTag(), clOrdId);
        if (orderId < 0 && m.isSetField(OrigClOrdID.FIELD)) {
            orderId = ClOrdIds.orderId(context.runTag(), m.getString(OrigClOrdID.FIELD));
        }
        if (orderId < 0) {
            return; // not one of this run's orders
        }
        synchronized (lock) {
            if (m.isSetField(ExecID.FIELD) && !execIds.add(m.getString(ExecID.FIELD))) {
                return; // a resent report: its effect is journaled already
            }
            Working w = working.get(orderId);
            if (w == null) {
                return; // an order this gateway never sent or already ended
            }
            Instrument i = w.instrument;
            int qs = i.units().qtyScale();
            long leaves = FixUnits.parse(m.getString(LeavesQty.FIELD), qs);
            long cum = FixUnits.parse(m.getString(CumQty.FIELD), qs);
            begin(orderId, i.id(), w.side);
            report.execLeavesQty = leaves;
            report.execCumQty = cum;
            boolean wasAcked = w.acked;
            w.acked = true;
            w.unknown = false;
            boolean ends = false;
            switch (execType) {
                case quickfix.field.ExecType.NEW -> {
                    if (wasAcked) {
                        return; // a status answer has reported the acknowledgement already
                    }
                    report.execType = ExecType.ACK;
                }
                case quickfix.field.ExecType.TRADE -> {
                    long px = FixUnits.parse(m.getString(LastPx.FIELD), i.priceScale());
                    long qty = FixUnits.parse(m.getString(LastQty.FIELD), qs);
                    char status = m.getChar(OrdStatus.FIELD);
                    ends = leaves == 0 || status == OrdStatus.FILLED;
                    report.execType = ends ? ExecType.FILL : ExecType.PARTIAL_FILL;
                    report.execLastPx = px;
                    report.execLastQty = qty;
                    report.execFee = fee(m, i, w.side, px, qty);
                    w.cumQty = cum;
                    w.notional += px * qty;
                }
                case quickfix.field.ExecType.CANCELED, quickfix.field.ExecType.EXPIRED -> {
                    report.execType = ExecType.CANCELED;
                    ends = true;
                }
                case quickfix.field.ExecType.REJECTED -> {
                    report.execType = ExecType.REJECTED;
                    report.execRejectReason = REJECT_VENUE;
                    ends = true;
                }
                case quickfix.field.ExecType.REPLACED -> {
                    // The order now works at the new quantity and price under the new ClOrdID.
                    w.clOrdId = clOrdId;
                    w.qty = cum + leaves;
                    if (m.isSetField(Price.FIELD)) {
                        w.px = FixUnits.parse(m.getString(Price.FIELD), i.priceScale());
                    }
                    report.execType = ExecType.ACK;
                }
                default -> {
                    return; // pending states, status answers, restatements: no new fact
                }
            }
            if (ends) {
                working.remove(orderId);
                pending.remove(orderId);
            }
            offer();
        }
    }

    private void onCancelReject(Message m) throws FieldNotFound {
        long orderId = ClOrdIds.orderId(context.runTag(), m.getString(OrigClOrdID.FIELD));
        if (orderId < 0) {
            orderId = ClOrdIds.orderId(context.runTag(), m.getString(ClOrdID.FIELD));
        }
        synchronized (lock) {
            Working w = orderId < 0 ? null : working.get(orderId);
            if (w == null) {
                return; // the order has ended: its final report says how
            }
            begin(orderId, w.instrument.id(), w.side);
            report.execType = ExecType.CANCEL_REJECTED;
            report.execLeavesQty = 0;
            offer();
        }
    }

    private static long fee(Message m, Instrument i, byte side, long px, long qty)
            throws FieldNotFound {
        if (m.isSetField(Commission.FIELD)) {
            // CommType 3 (absolute) is assumed: the venue's amount, in the settlement currency.
            return FixUnits.parse(m.getString(Commission.FIELD), i.moneyScale());
        }
        boolean maker =
                m.isSetField(LastLiquidityInd.FIELD)
                        && m.getInt(LastLiquidityInd.FIELD) == LastLiquidityInd.ADDED_LIQUIDITY;
        return Money.fee(i, side, px, qty, maker, System.currentTimeMillis() * 1_000_000L);
    }

    // ------------------------------------------------------------------ reports (under lock)

    private void begin(long orderId, int instrumentId, byte side) {
        long now = System.currentTimeMillis() * 1_000_000L;
        report.clearInput();
        report.type = EventType.EXEC_REPORT;
        report.instrumentId = instrumentId;
        report.exchangeTimeNs = now;
        report.receiveTimeNs = now;
        report.execOrderId = orderId;
        report.execSide = side;
    }

    private void offer() {
        while (!reports.offer(report)) {
            Thread.onSpinWait();
        }
        reportsOffered.incrementAndGet();
    }

    /** Offers CONTROL GATEWAY {@code value}: 1 halts for reconciliation, 0 lifts that halt. */
    private void offerGateway(long value) {
        long now = System.currentTimeMillis() * 1_000_000L;
        report.clearInput();
        report.type = EventType.CONTROL;
        report.exchangeTimeNs = now;
        report.receiveTimeNs = now;
        report.controlCode = ControlCode.GATEWAY;
        report.controlParamValue = value;
        while (!reports.offer(report)) {
            Thread.onSpinWait();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static boolean isType(Message m, String type) {
        try {
            return type.equals(m.getHeader().getString(MsgType.FIELD));
        } catch (FieldNotFound e) {
            return false;
        }
    }

    private static char fixSide(byte side) {
        return side == Side.BUY ? quickfix.field.Side.BUY : quickfix.field.Side.SELL;
    }

    private static char fixTif(byte tif) {
        return switch (tif) {
            case TimeInForce.GTC -> quickfix.field.TimeInForce.GOOD_TILL_CANCEL;
            case TimeInForce.FOK -> quickfix.field.TimeInForce.FILL_OR_KILL;
            default -> quickfix.field.TimeInForce.IMMEDIATE_OR_CANCEL;
        };
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }

    // ------------------------------------------------------------------ state, for the run

    /** True while the FIX session is logged on. */
    public boolean loggedOn() {
        return loggedOn;
    }

    /** Logons so far (the first and every reconnect). */
    public long logons() {
        return logons.get();
    }

    /** Times a logged-on session was lost (not counting the logout of {@link #close()}). */
    public long disconnects() {
        return disconnects.get();
    }

    /** Application messages handed to the session. */
    public long sent() {
        return sent.get();
    }

    /** EXEC_REPORT events offered to the engine. */
    public long reportsOffered() {
        return reportsOffered.get();
    }

    /** Orders the venue may still hold, by engine order id, ascending. */
    public List<Long> workingOrders() {
        List<Long> ids = new ArrayList<>();
        synchronized (lock) {
            for (Long2ObjectHashMap<Working>.KeyIterator it = working.keySet().iterator();
                    it.hasNext(); ) {
                ids.add(it.nextLong());
            }
        }
        ids.sort(null);
        return ids;
    }

    /**
     * True once the last reconciliation ended with every difference explained (the engine trades
     * again); false while one runs, after a dropped connection, and after a refusal.
     */
    public boolean reconciled() {
        return !reconciling;
    }

    /** Reconciliations begun (one per logon). */
    public long reconciliations() {
        return reconciliations.get();
    }

    /** Differences between the venue and the journal, each offered as an EXEC_REPORT. */
    public long differences() {
        return differences.get();
    }

    /**
     * The differences that could not be explained, one line each: while there is one, the gateway
     * keeps the engine halted (CONTROL GATEWAY 1 stands).
     */
    public List<String> unexplained() {
        synchronized (lock) {
            return new ArrayList<>(unexplained);
        }
    }

    /** Logs out, disconnects and stops the gateway's thread. */
    @Override
    public void close() {
        closing = true;
        try {
            runner.close();
        } finally {
            initiator.stop(true);
        }
    }

    /** No message log: QuickFIX/J still wants one per session. */
    private static final class NullLogFactory implements LogFactory {
        @Override
        public quickfix.Log create(SessionID sessionID) {
            return new quickfix.Log() {
                @Override
                public void clear() {}

                @Override
                public void onIncoming(String message) {}

                @Override
                public void onOutgoing(String message) {}

                @Override
                public void onEvent(String text) {}

                @Override
                public void onErrorEvent(String text) {}
            };
        }
    }
}
