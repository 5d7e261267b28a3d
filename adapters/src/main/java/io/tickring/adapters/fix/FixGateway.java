package io.tickring.adapters.fix;

import io.tickring.adapters.OrderGateway;
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

    /** One order, cancel, replace or status request on its way to the gateway thread. */
    private static final class Command {
        byte kind;
        long orderId;
        int instrumentId;
        byte side;
        byte orderType;
        byte tif;
        long qty;
        long px;
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
    private volatile boolean cancelAllAtLogon;
    private volatile boolean closing;
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

    /** Connects (QuickFIX/J reconnects by itself) and starts the gateway's thread. */
    public void start() {
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
        put(c);
    }

    @Override
    public void cancel(long orderId, int instrumentId, RingEvent cause) {
        Command c = take();
        c.kind = CANCEL;
        c.orderId = orderId;
        c.instrumentId = instrumentId;
        put(c);
    }

    @Override
    public void replace(long orderId, int instrumentId, long qty, long limitPx, RingEvent cause) {
        Command c = take();
        c.kind = REPLACE;
        c.orderId = orderId;
        c.instrumentId = instrumentId;
        c.qty = qty;
        c.px = limitPx;
        put(c);
    }

    /** Asks the venue for an order's status (OrderStatusRequest); the answer is not journaled. */
    public void requestStatus(long orderId, int instrumentId) {
        Command c = take();
        c.kind = STATUS;
        c.orderId = orderId;
        c.instrumentId = instrumentId;
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
            if (cancelAllAtLogon && loggedOn) {
                cancelAllAtLogon = false;
                cancelAllWorking();
                work++;
            }
            Command c;
            while ((c = commands.poll()) != null) {
                handle(c);
                free.offer(c);
                work++;
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
            case CANCEL -> sendCancel(c.orderId);
            case REPLACE -> sendReplace(c);
            case STATUS -> sendStatus(c.orderId);
            default -> throw new IllegalStateException("unknown command " + c.kind);
        }
    }

    private void sendOrder(Command c) {
        Instrument i = instruments.get(c.instrumentId);
        if (killSwitch.tripped()) {
            reject(c, i, REJECT_KILL_SWITCH);
            return;
        }
        if (!loggedOn || i == null) {
            reject(c, i, REJECT_DISCONNECTED);
            return;
        }
        Working w = new Working(c.orderId, i, c.side, c.orderType, c.tif);
        w.qty = c.qty;
        w.px = c.px;
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
                            new ClOrdID(ClOrdIds.cancel(context.runTag(), orderId, w.cancels)),
                            new quickfix.field.Side(fixSide(w.side)),
                            new TransactTime(now()));
            m.set(new Symbol(w.instrument.symbol()));
            m.setString(OrderQty.FIELD, FixUnits.format(w.qty, w.instrument.units().qtyScale()));
        }
        send(m);
    }

    private void sendReplace(Command c) {
        if (killSwitch.tripped()) {
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
                            new ClOrdID(ClOrdIds.replace(context.runTag(), c.orderId, w.replaces)),
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

    // ------------------------------------------------------------------ QuickFIX/J's thread

    @Override
    public void onCreate(SessionID id) {}

    @Override
    public void onLogon(SessionID id) {
        logons.incrementAndGet();
        if (everLoggedOn) {
            // Working orders outlived a dropped connection: cancel them first thing.
            cancelAllAtLogon = true;
        }
        everLoggedOn = true;
        loggedOn = true;
    }

    @Override
    public void onLogout(SessionID id) {
        if (loggedOn && !closing) {
            disconnects.incrementAndGet();
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
            onExecutionReport(m);
        } else if (isType(m, MsgType.ORDER_CANCEL_REJECT)) {
            onCancelReject(m);
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
            boolean ends = false;
            switch (execType) {
                case quickfix.field.ExecType.NEW -> report.execType = ExecType.ACK;
                case quickfix.field.ExecType.TRADE -> {
                    long px = FixUnits.parse(m.getString(LastPx.FIELD), i.priceScale());
                    long qty = FixUnits.parse(m.getString(LastQty.FIELD), qs);
                    char status = m.getChar(OrdStatus.FIELD);
                    ends = leaves == 0 || status == OrdStatus.FILLED;
                    report.execType = ends ? ExecType.FILL : ExecType.PARTIAL_FILL;
                    report.execLastPx = px;
                    report.execLastQty = qty;
                    report.execFee = fee(m, i, w.side, px, qty);
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
