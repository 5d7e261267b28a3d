package io.tickring.adapters.fix;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import quickfix.Application;
import quickfix.ConfigError;
import quickfix.FieldNotFound;
import quickfix.FixVersions;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.RejectLogon;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketAcceptor;
import quickfix.field.MsgType;

/**
 * A small FIX 4.4 venue for tests: a real QuickFIX/J acceptor on 127.0.0.1 that matches orders
 * against a scripted book. A marketable order takes the scripted levels one by one (one fill per
 * level, so a large order fills in parts); what is left rests (GTC) or is cancelled (IOC, FOK);
 * {@link #trade} prints through resting orders. Cues: reject the next order, reject cancels, drop
 * the connection, hold orders unacknowledged, lose orders, fill a resting order without a report (a
 * report lost), work an order nobody sent. It answers OrderStatusRequest for every order it ever
 * had (OrdRejReason 5, unknown order, for others) and OrderMassStatusRequest with every order it
 * holds, or, with {@link #massStatus(boolean) massStatus(false)}, rejects it as unsupported (a
 * BusinessMessageReject), as many venues do. It refuses a Logon without the expected password.
 * Every application message it receives is kept, as {@code MsgType:ClOrdID}, in {@link
 * #received()}.
 */
public final class FixTestVenue implements Application, AutoCloseable {
    public static final String VENUE = "VENUE";
    public static final String CLIENT = "TICKRING";

    /** A resting order. */
    private static final class Order {
        String clOrdId;
        final String orderId;
        final String symbol;
        final char side;
        BigDecimal qty;
        BigDecimal px;
        BigDecimal cum = BigDecimal.ZERO;
        BigDecimal notional = BigDecimal.ZERO;
        char status = '0';
        boolean acked = true;

        Order(String orderId, String clOrdId, String symbol, char side) {
            this.orderId = orderId;
            this.clOrdId = clOrdId;
            this.symbol = symbol;
            this.side = side;
        }

        BigDecimal leaves() {
            return qty.subtract(cum);
        }
    }

    public final int port;
    private final String password;
    private final SessionID session;
    private final SocketAcceptor acceptor;
    private final AtomicInteger ids = new AtomicInteger();

    /** Asks by symbol: price to size, best first. Bids likewise, best (highest) first. */
    private final Map<String, TreeMap<BigDecimal, BigDecimal>> asks = new HashMap<>();

    private final Map<String, TreeMap<BigDecimal, BigDecimal>> bids = new HashMap<>();
    private final Map<String, Order> resting = new LinkedHashMap<>();

    /** Every order it ever had, by every ClOrdID it had. */
    private final Map<String, Order> byClOrdId = new HashMap<>();

    private final List<Order> all = new ArrayList<>();
    private volatile boolean massStatus = true;
    private volatile boolean holdOrders;
    private volatile boolean loseOrders;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> logonPasswords = new CopyOnWriteArrayList<>();
    private volatile boolean fillAtLimit;
    private final AtomicInteger reportsSent = new AtomicInteger();
    private volatile boolean rejectNext;
    private volatile boolean rejectCancels;
    private volatile int logons;

    public FixTestVenue(String password) throws ConfigError, IOException {
        this.password = password;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        session = new SessionID(FixVersions.BEGINSTRING_FIX44, VENUE, CLIENT);
        SessionSettings settings = new SessionSettings();
        settings.setString(session, "ConnectionType", "acceptor");
        settings.setString(session, "SocketAcceptAddress", "127.0.0.1");
        settings.setLong(session, "SocketAcceptPort", port);
        settings.setBool(session, "NonStopSession", true);
        settings.setBool(session, "UseDataDictionary", true);
        settings.setString(session, "DataDictionary", "FIX44.xml");
        acceptor =
                new SocketAcceptor(
                        this,
                        new MemoryStoreFactory(),
                        settings,
                        id -> new NoLog(),
                        new quickfix.fix44.MessageFactory());
        acceptor.start();
    }

    /** A FIX context that connects to this venue. */
    public FixContext client(java.nio.file.Path dir, String runTag) {
        return new FixContext()
                .host("127.0.0.1")
                .port(port)
                .senderCompId(CLIENT)
                .targetCompId(VENUE)
                .heartbeatSeconds(5)
                .reconnectSeconds(1)
                .sessionDir(dir)
                .runTag(runTag);
    }

    // ------------------------------------------------------------------ script

    public synchronized FixTestVenue ask(String symbol, String px, String qty) {
        asks.computeIfAbsent(symbol, s -> new TreeMap<>())
                .merge(new BigDecimal(px), new BigDecimal(qty), BigDecimal::add);
        return this;
    }

    public synchronized FixTestVenue bid(String symbol, String px, String qty) {
        bids.computeIfAbsent(symbol, s -> new TreeMap<>(Collections.reverseOrder()))
                .merge(new BigDecimal(px), new BigDecimal(qty), BigDecimal::add);
        return this;
    }

    /**
     * Fills every order whatever the book: half at its limit (rounded down, if any), then the rest,
     * in two reports. For engine runs, whose simulated prices the script cannot know.
     */
    public void fillAtLimit(boolean v) {
        fillAtLimit = v;
    }

    /**
     * ExecutionReports and OrderCancelRejects sent so far, but for status answers (ExecType I),
     * which report no new event of an order.
     */
    public int reportsSent() {
        return reportsSent.get();
    }

    public void rejectNextOrder() {
        rejectNext = true;
    }

    public void rejectCancels(boolean v) {
        rejectCancels = v;
    }

    /** True (default): answers OrderMassStatusRequest; false: rejects it as unsupported. */
    public void massStatus(boolean v) {
        massStatus = v;
    }

    /** True: takes orders into the book without acknowledging them (a lost or slow ack). */
    public void holdOrders(boolean v) {
        holdOrders = v;
    }

    /** True: NewOrderSingles are received and forgotten (they never reached the matching). */
    public void loseOrders(boolean v) {
        loseOrders = v;
    }

    /** Acknowledges every held order now. */
    public synchronized void releaseHeld() {
        for (Order o : all) {
            if (!o.acked) {
                o.acked = true;
                send(report(o, '0', o.status, null, null));
            }
        }
    }

    /**
     * Fills {@code qty} of the resting order {@code clOrdId} at {@code px} and sends no report: a
     * report lost on the way (only a status request finds it).
     */
    public synchronized void fillSilently(String clOrdId, String px, String qty) {
        Order o = find(clOrdId);
        BigDecimal q = new BigDecimal(qty);
        o.cum = o.cum.add(q);
        o.notional = o.notional.add(q.multiply(new BigDecimal(px)));
        o.status = o.leaves().signum() == 0 ? '2' : '1';
        if (o.status == '2') {
            resting.remove(o.orderId);
        }
    }

    /** A resting order that no client of this session sent (another system's, a manual one). */
    public synchronized void restForeign(String clOrdId, String symbol, String px, String qty) {
        Order o = new Order("V" + ids.incrementAndGet(), clOrdId, symbol, '1');
        o.qty = new BigDecimal(qty);
        o.px = new BigDecimal(px);
        remember(o);
        resting.put(o.orderId, o);
    }

    /** Orders it holds unacknowledged ({@link #holdOrders}). */
    public synchronized int held() {
        return (int) all.stream().filter(o -> !o.acked).count();
    }

    /** How many NewOrderSingles with this ClOrdID it received. */
    public long ordersReceived(String clOrdId) {
        return received.stream()
                .filter(r -> r.equals(MsgType.ORDER_SINGLE + ":" + clOrdId))
                .count();
    }

    private void remember(Order o) {
        all.add(o);
        byClOrdId.put(o.clOrdId, o);
    }

    /** Drops the TCP connection without a Logout, as a network failure would. */
    public void drop() throws IOException {
        Session s = Session.lookupSession(session);
        if (s != null) {
            s.disconnect("test cue: drop", false);
        }
    }

    /** A print of {@code qty} at {@code px}: fills resting orders at or better than it. */
    public synchronized void trade(String symbol, String px, String qty) {
        BigDecimal p = new BigDecimal(px);
        BigDecimal left = new BigDecimal(qty);
        for (Order o : new ArrayList<>(resting.values())) {
            if (left.signum() <= 0) {
                break;
            }
            if (!o.symbol.equals(symbol)) {
                continue;
            }
            boolean crosses = o.side == '1' ? p.compareTo(o.px) <= 0 : p.compareTo(o.px) >= 0;
            if (crosses) {
                BigDecimal q = left.min(o.leaves());
                left = left.subtract(q);
                fill(o, o.px, q);
            }
        }
    }

    public List<String> received() {
        return received;
    }

    public List<String> logonPasswords() {
        return logonPasswords;
    }

    public int logons() {
        return logons;
    }

    public synchronized int resting() {
        return resting.size();
    }

    public boolean loggedOn() {
        Session s = Session.lookupSession(session);
        return s != null && s.isLoggedOn();
    }

    // ------------------------------------------------------------------ QuickFIX/J

    @Override
    public void onCreate(SessionID id) {}

    @Override
    public void onLogon(SessionID id) {
        logons++;
    }

    @Override
    public void onLogout(SessionID id) {}

    @Override
    public void toAdmin(Message m, SessionID id) {}

    @Override
    public void fromAdmin(Message m, SessionID id) throws FieldNotFound, RejectLogon {
        if (type(m).equals(MsgType.LOGON)) {
            String got = m.isSetField(554) ? m.getString(554) : "";
            logonPasswords.add(got);
            if (!password.isEmpty() && !password.equals(got)) {
                throw new RejectLogon("bad password");
            }
        }
    }

    @Override
    public void toApp(Message m, SessionID id) {}

    @Override
    public synchronized void fromApp(Message m, SessionID id)
            throws FieldNotFound, quickfix.UnsupportedMessageType {
        String t = type(m);
        received.add(t + ":" + (m.isSetField(11) ? m.getString(11) : m.getString(584)));
        switch (t) {
            case MsgType.ORDER_MASS_STATUS_REQUEST -> {
                if (!massStatus) {
                    throw new quickfix.UnsupportedMessageType(); // QuickFIX/J answers 'j'
                }
                onMassStatus(m);
            }
            case MsgType.ORDER_SINGLE -> onOrder(m);
            case MsgType.ORDER_CANCEL_REQUEST -> onCancel(m);
            case MsgType.ORDER_CANCEL_REPLACE_REQUEST -> onReplace(m);
            case MsgType.ORDER_STATUS_REQUEST -> onStatus(m);
            default -> {}
        }
    }

    private void onOrder(Message m) throws FieldNotFound {
        Order o =
                new Order(
                        "V" + ids.incrementAndGet(),
                        m.getString(11),
                        m.getString(55),
                        m.getChar(54));
        o.qty = new BigDecimal(m.getString(38));
        o.px = m.isSetField(44) ? new BigDecimal(m.getString(44)) : null;
        char tif = m.isSetField(59) ? m.getChar(59) : '0';
        if (loseOrders) {
            return;
        }
        remember(o);
        if (holdOrders) {
            o.acked = false;
            resting.put(o.orderId, o);
            return;
        }
        if (rejectNext) {
            rejectNext = false;
            o.status = '8';
            send(report(o, '8', '8', null, null));
            return;
        }
        send(report(o, '0', '0', null, null));
        if (fillAtLimit && o.px != null) {
            BigDecimal half = o.qty.divideToIntegralValue(BigDecimal.valueOf(2));
            if (half.signum() > 0) {
                fill(o, o.px, half);
            }
            fill(o, o.px, o.leaves());
            return;
        }
        TreeMap<BigDecimal, BigDecimal> book =
                (o.side == '1' ? asks : bids).getOrDefault(o.symbol, new TreeMap<>());
        for (Map.Entry<BigDecimal, BigDecimal> level : new ArrayList<>(book.entrySet())) {
            if (o.leaves().signum() == 0) {
                break;
            }
            boolean marketable =
                    o.px == null
                            || (o.side == '1'
                                    ? level.getKey().compareTo(o.px) <= 0
                                    : level.getKey().compareTo(o.px) >= 0);
            if (!marketable) {
                break;
            }
            BigDecimal q = level.getValue().min(o.leaves());
            if (q.compareTo(level.getValue()) == 0) {
                book.remove(level.getKey());
            } else {
                book.put(level.getKey(), level.getValue().subtract(q));
            }
            fill(o, level.getKey(), q);
        }
        if (o.leaves().signum() > 0) {
            if (tif == '1') {
                resting.put(o.orderId, o);
            } else {
                o.status = '4';
                send(report(o, '4', '4', null, null));
            }
        }
    }

    private void fill(Order o, BigDecimal px, BigDecimal qty) {
        o.cum = o.cum.add(qty);
        o.notional = o.notional.add(px.multiply(qty));
        boolean done = o.leaves().signum() == 0;
        o.status = done ? '2' : '1';
        if (done) {
            resting.remove(o.orderId);
        }
        send(report(o, 'F', done ? '2' : '1', px, qty));
    }

    private Order find(String clOrdId) {
        for (Order o : resting.values()) {
            if (o.clOrdId.equals(clOrdId)) {
                return o;
            }
        }
        return null;
    }

    private void onCancel(Message m) throws FieldNotFound {
        String orig = m.getString(41);
        Order o = find(orig);
        if (o == null || rejectCancels) {
            quickfix.fix44.OrderCancelReject r = new quickfix.fix44.OrderCancelReject();
            r.setString(37, o == null ? "NONE" : o.orderId);
            r.setString(11, m.getString(11));
            r.setString(41, orig);
            r.setChar(39, o == null ? '8' : o.cum.signum() > 0 ? '1' : '0');
            r.setChar(434, '1');
            r.setInt(102, o == null ? 1 : 0);
            send(r);
            return;
        }
        resting.remove(o.orderId);
        o.clOrdId = m.getString(11);
        byClOrdId.put(o.clOrdId, o);
        o.status = '4';
        quickfix.fix44.ExecutionReport r = report(o, '4', '4', null, null);
        r.setString(41, orig);
        send(r);
    }

    private void onReplace(Message m) throws FieldNotFound {
        String orig = m.getString(41);
        Order o = find(orig);
        if (o == null) {
            quickfix.fix44.OrderCancelReject r = new quickfix.fix44.OrderCancelReject();
            r.setString(37, "NONE");
            r.setString(11, m.getString(11));
            r.setString(41, orig);
            r.setChar(39, '8');
            r.setChar(434, '2');
            send(r);
            return;
        }
        o.clOrdId = m.getString(11);
        byClOrdId.put(o.clOrdId, o);
        o.qty = new BigDecimal(m.getString(38));
        o.px = new BigDecimal(m.getString(44));
        quickfix.fix44.ExecutionReport r =
                report(o, '5', o.cum.signum() > 0 ? '1' : '0', null, null);
        r.setString(41, orig);
        r.setString(44, o.px.toPlainString());
        send(r);
    }

    private void onStatus(Message m) throws FieldNotFound {
        Order o = byClOrdId.get(m.getString(11));
        if (o != null && !o.acked && holdOrders) {
            return; // a venue that holds an order answers nothing about it either
        }
        if (o != null) {
            send(report(o, 'I', o.status, null, null));
            return;
        }
        // Unknown order: OrdStatus 8 with OrdRejReason 5 (FIX 4.4's answer for an unknown order).
        Order none = new Order("NONE", m.getString(11), m.getString(55), m.getChar(54));
        none.qty = BigDecimal.ZERO;
        quickfix.fix44.ExecutionReport r = report(none, 'I', '8', null, null);
        r.setInt(103, 5);
        send(r);
    }

    /** Every order it holds (resting, held), then LastRptRequested=Y. */
    private void onMassStatus(Message m) throws FieldNotFound {
        String req = m.getString(584);
        List<Order> open = new ArrayList<>(resting.values());
        if (open.isEmpty()) {
            Order none = new Order("NONE", "NONE", "NONE", '1');
            none.qty = BigDecimal.ZERO;
            quickfix.fix44.ExecutionReport r = report(none, 'I', '8', null, null);
            r.removeField(11);
            r.setString(584, req);
            r.setInt(911, 0);
            r.setBoolean(912, true);
            send(r);
            return;
        }
        for (int i = 0; i < open.size(); i++) {
            Order o = open.get(i);
            quickfix.fix44.ExecutionReport r = report(o, 'I', o.status, null, null);
            r.setString(584, req);
            r.setInt(911, open.size());
            r.setBoolean(912, i == open.size() - 1);
            send(r);
        }
    }

    private quickfix.fix44.ExecutionReport report(
            Order o, char execType, char status, BigDecimal lastPx, BigDecimal lastQty) {
        quickfix.fix44.ExecutionReport r = new quickfix.fix44.ExecutionReport();
        r.setString(37, o.orderId);
        r.setString(17, "E" + ids.incrementAndGet());
        r.setChar(150, execType);
        r.setChar(39, status);
        r.setChar(54, o.side);
        r.setString(55, o.symbol);
        r.setString(11, o.clOrdId);
        r.setString(38, o.qty.toPlainString());
        boolean ended = execType == '4' || execType == '8' || status == '4' || status == '8';
        r.setString(151, ended ? "0" : o.leaves().toPlainString());
        r.setString(14, o.cum.toPlainString());
        r.setString(
                6,
                o.cum.signum() == 0
                        ? "0"
                        : o.notional
                                .divide(o.cum, 12, java.math.RoundingMode.HALF_EVEN)
                                .stripTrailingZeros()
                                .toPlainString());
        if (lastPx != null) {
            r.setString(31, lastPx.toPlainString());
            r.setString(32, lastQty.toPlainString());
        }
        return r;
    }

    private void send(Message m) {
        Session s = Session.lookupSession(session);
        boolean status = false;
        try {
            status = m.isSetField(150) && m.getChar(150) == 'I';
        } catch (FieldNotFound e) {
            throw new IllegalStateException(e);
        }
        if (s != null && s.send(m) && !status) {
            reportsSent.incrementAndGet(); // status answers are not order events: not counted
        }
    }

    private static String type(Message m) {
        try {
            return m.getHeader().getString(MsgType.FIELD);
        } catch (FieldNotFound e) {
            return "";
        }
    }

    @Override
    public void close() {
        acceptor.stop(true);
    }

    private static final class NoLog implements quickfix.Log {
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
    }
}
