package io.tickring.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.service.Cluster;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.tickring.adapters.paper.PaperContext;
import io.tickring.adapters.sim.MarketSimulator;
import io.tickring.adapters.sim.SimConfig;
import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.RecordHeader;
import io.tickring.core.instrument.TestInstruments;
import io.tickring.engine.Engine;
import io.tickring.engine.ingress.InputSource;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.stage.model.MicropriceRule;
import io.tickring.journal.Digests;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three cluster members in this JVM on loopback, each with its embedded media driver, archive,
 * consensus module and engine, and a client that sends a simulated session as ingress. Every wait
 * is for a condition, bounded by minutes.
 */
@Tag("slow")
class ThreeNodeClusterTest {
    private static final String HOST = "localhost";
    private static final int NODES = 3;
    private static final long START = 1_767_623_400_000_000_000L;
    private static final long WAIT_MS = TimeUnit.MINUTES.toMillis(3);

    @TempDir Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        for (int i = open.size() - 1; i >= 0; i--) {
            CloseHelper.quietClose(open.get(i));
        }
    }

    /** The simulated session as the client sends it: encoded input records, then a STOP. */
    static List<byte[]> session(long seconds) {
        MarketSimulator sim =
                new MarketSimulator(SimConfig.defaults(11, TestInstruments.SIM, 5, 200, START));
        RingEvent e = new RingEvent();
        UnsafeBuffer buf = new UnsafeBuffer(new byte[InputCodec.MAX_FIXED_RECORD * 4]);
        List<byte[]> records = new ArrayList<>();
        while (sim.next(e) && e.exchangeTimeNs <= START + seconds * 1_000_000_000L) {
            int n = InputCodec.encode(e, buf, 0);
            byte[] r = new byte[n];
            buf.getBytes(0, r);
            records.add(r);
        }
        e.clearInput();
        e.type = EventType.CONTROL;
        e.controlCode = ControlCode.STOP;
        e.exchangeTimeNs = START + seconds * 1_000_000_000L;
        e.receiveTimeNs = e.exchangeTimeNs;
        int n = InputCodec.encode(e, buf, 0);
        byte[] stop = new byte[n];
        buf.getBytes(0, stop);
        records.add(stop);
        return records;
    }

    static Engine.Builder engine(Path journal) {
        return new Engine.Builder()
                .ringSize(1 << 10)
                .inline(true)
                .instruments(TestInstruments.SIM, new TestInstruments())
                .policy(Sequencer.Policy.EVENT_TIME)
                .paper(new PaperContext().latencyNs(50_000).jitterNs(30_000).seed(11))
                .timerPeriodNs(1_000_000_000L)
                .session("{\"test\":true}", START)
                .inputJournal(journal)
                .outputJournal(journal)
                .blockSize(1L << 20)
                .scorer(new MicropriceRule());
    }

    /** The same records (without the STOP) through a single-node engine. */
    static Engine.Result singleNode(List<byte[]> records, Path journal) throws Exception {
        InputSource source =
                new InputSource() {
                    int next;

                    @Override
                    public int poll(MutableDirectBuffer dst) {
                        if (next >= records.size() - 1) {
                            return FINISHED;
                        }
                        byte[] r = records.get(next++);
                        dst.putBytes(0, r);
                        return r.length;
                    }

                    @Override
                    public String name() {
                        return "list";
                    }
                };
        try (Engine e = engine(journal).source(source).build()) {
            e.start();
            assertTrue(e.awaitDone(WAIT_MS), "single-node run did not finish");
            assertNull(e.failure());
            return e.result();
        }
    }

    /** One member: its service, its node and what it released. */
    record Member(EngineService service, ClusterNode node, Queue<Long> released) {}

    Member startMember(int id, int portBase) {
        Queue<Long> released = new ConcurrentLinkedQueue<>();
        ReleaseSink sink =
                new ReleaseSink() {
                    @Override
                    public void submit(
                            long orderId, int instrumentId, byte side, long qty, long limitPx) {
                        released.add(orderId);
                    }

                    @Override
                    public void cancel(long orderId, int instrumentId) {}
                };
        Path dir = tmp.resolve("node" + id);
        EngineService service = new EngineService(engine(dir.resolve("journal")), sink);
        open.add(service);
        ClusterNode node =
                ClusterNode.start(
                        id,
                        ClusterNode.members(HOST, NODES, portBase),
                        HOST,
                        portBase,
                        dir.resolve("aeron"),
                        service);
        open.add(node);
        return new Member(service, node, released);
    }

    /**
     * The client: sends record {@code count} (from 1) with its count in the header's sequence
     * field, and resends from the last acknowledged record after a change of leader.
     */
    final class Client implements EgressListener, AutoCloseable {
        final List<byte[]> records;
        final MediaDriver driver;
        final UnsafeBuffer out = new UnsafeBuffer(new byte[InputCodec.MAX_FIXED_RECORD * 4]);
        AeronCluster cluster;
        long acked;
        long next = 1;
        long inFlightAtKill;
        boolean killed;
        long resends;

        Client(List<byte[]> records, int portBase) {
            this.records = records;
            String dir = tmp.resolve("client").toString();
            driver =
                    MediaDriver.launch(
                            new MediaDriver.Context()
                                    .aeronDirectoryName(dir)
                                    .threadingMode(ThreadingMode.SHARED)
                                    .sharedIdleStrategy(ClusterNode.lowCpuIdle())
                                    .dirDeleteOnStart(true)
                                    .dirDeleteOnShutdown(true));
            connect(portBase);
        }

        private void connect(int portBase) {
            long deadline = System.currentTimeMillis() + WAIT_MS;
            while (true) {
                try {
                    cluster =
                            AeronCluster.connect(
                                    new AeronCluster.Context()
                                            .aeronDirectoryName(driver.aeronDirectoryName())
                                            .egressListener(this)
                                            .egressChannel("aeron:udp?endpoint=" + HOST + ":0")
                                            .ingressChannel("aeron:udp")
                                            .ingressEndpoints(
                                                    ClusterNode.ingressEndpoints(
                                                            HOST, NODES, portBase))
                                            .messageTimeoutNs(TimeUnit.SECONDS.toNanos(10)));
                    return;
                } catch (RuntimeException e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                }
            }
        }

        /** Sends records up to {@code last} (a count) and waits for their acknowledgement. */
        void sendUpTo(long last) throws InterruptedException {
            sendUpTo(last, Long.MAX_VALUE, () -> {});
        }

        /**
         * As {@link #sendUpTo(long)}, and runs {@code kill} right after record {@code killAt} is
         * offered, before its acknowledgement can be read: at least that record is in flight.
         */
        void sendUpTo(long last, long killAt, Runnable kill) throws InterruptedException {
            long deadline = System.currentTimeMillis() + WAIT_MS;
            while (acked < last) {
                assertTrue(System.currentTimeMillis() < deadline, "acked " + acked + " of " + last);
                int work = cluster.pollEgress();
                if (next <= last) {
                    byte[] r = records.get((int) next - 1);
                    out.putBytes(0, r);
                    RecordHeader.sequence(out, 0, next);
                    if (cluster.offer(out, 0, r.length) > 0) {
                        // Once: after the change of leader the client resends from its last ack and
                        // passes killAt again.
                        if (next == killAt && !killed) {
                            killed = true;
                            inFlightAtKill = next - acked;
                            kill.run();
                        }
                        next++;
                        work++;
                    }
                }
                if (work == 0) {
                    Thread.sleep(1);
                }
            }
        }

        @Override
        public void onMessage(
                long clusterSessionId,
                long timestamp,
                DirectBuffer buffer,
                int offset,
                int length,
                Header header) {
            acked = Math.max(acked, buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN));
        }

        @Override
        public void onNewLeader(
                long clusterSessionId,
                long leadershipTermId,
                int leaderMemberId,
                String ingressEndpoints) {
            // What the old leader took but did not commit is gone: resend from the last ack.
            resends += Math.max(0, next - (acked + 1));
            next = acked + 1;
        }

        @Override
        public void close() {
            CloseHelper.closeAll(cluster, driver);
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    static Member leader(List<Member> members) {
        for (Member m : members) {
            if (m.service().role() == Cluster.Role.LEADER) {
                return m;
            }
        }
        return null;
    }

    static Engine.Result finish(Member m) throws InterruptedException {
        Engine e = m.service().engine();
        assertTrue(e.awaitDone(WAIT_MS), "a member's engine did not finish");
        assertNull(e.failure());
        Engine.Result r = e.result();
        assertNull(r.error());
        return r;
    }

    /** Waits until every member's engine has handled the same events and holds none in flight. */
    static void awaitQuiet(List<Member> members) throws InterruptedException {
        await(
                "the members to handle the same events",
                () -> {
                    long published = members.get(0).service().engine().eventsPublished();
                    for (Member m : members) {
                        Engine e = m.service().engine();
                        if (e.eventsPublished() != published || e.ringBacklog() != 0) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    @Test
    void shouldGiveEveryMemberTheOutputOfASingleNodeRun() throws Exception {
        List<byte[]> records = session(20);
        Engine.Result single = singleNode(records, tmp.resolve("single"));
        assertTrue(single.orders() > 5, "too few orders to prove anything: " + single.orders());

        int portBase = 20_100;
        List<Member> members = new ArrayList<>();
        for (int id = 0; id < NODES; id++) {
            members.add(startMember(id, portBase));
        }
        Client client = new Client(records, portBase);
        open.add(client);
        client.sendUpTo(records.size());

        Member leader = leader(members);
        assertNotNull(leader, "no leader");
        Set<Long> released = new HashSet<>();
        for (Member m : members) {
            Engine.Result r = finish(m);
            assertEquals(single.digest(), r.digest(), "a member's output differs");
            assertEquals(single.orders(), r.orders());
            assertEquals(
                    single.digest(),
                    Digests.recordedOutputDigest(
                            tmp.resolve("node" + members.indexOf(m)).resolve("journal")));
            if (m != leader) {
                assertTrue(m.released().isEmpty(), "a follower released orders");
            }
            for (Long id : m.released()) {
                assertTrue(released.add(id), "order " + id + " released twice");
            }
        }
        assertEquals(single.orders(), released.size(), "orders released by the leader");
    }

    @Test
    void shouldCarryOnWithIdenticalStateWhenTheLeaderDies() throws Exception {
        List<byte[]> records = session(20);
        Engine.Result single = singleNode(records, tmp.resolve("single"));

        int portBase = 20_200;
        List<Member> members = new ArrayList<>();
        for (int id = 0; id < NODES; id++) {
            members.add(startMember(id, portBase));
        }
        Client client = new Client(records, portBase);
        open.add(client);
        client.sendUpTo(records.size() / 2);
        awaitQuiet(members);

        Member dead = leader(members);
        assertNotNull(dead, "no leader");
        long releasedBefore = dead.released().size();
        assertTrue(releasedBefore > 0, "the first leader released nothing");
        dead.node().close();
        dead.service().close();
        List<Member> survivors = new ArrayList<>(members);
        survivors.remove(dead);
        await("a new leader", () -> leader(survivors) != null);

        client.sendUpTo(records.size());

        Set<Long> released = new HashSet<>(dead.released());
        for (Member m : survivors) {
            Engine.Result r = finish(m);
            assertEquals(single.digest(), r.digest(), "a survivor's output differs");
            assertEquals(single.grossPosition(), r.grossPosition());
            assertEquals(single.pnlByCurrency(), r.pnlByCurrency());
            for (Long id : m.released()) {
                assertTrue(released.add(id), "order " + id + " released twice");
            }
        }
        // The leader died between events that every member had handled: what it released and
        // what the new leader released after it are, together, every order once.
        assertEquals(single.orders(), released.size(), "orders released by the two leaders");
    }

    /** Five seeded moments, each on a fresh cluster. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void shouldCarryOnWithIdenticalOutputWhenTheLeaderDiesWithRecordsInFlight(int seed)
            throws Exception {
        List<byte[]> records = session(20);
        Engine.Result single = singleNode(records, tmp.resolve("single"));

        int portBase = 20_300 + 30 * seed;
        List<Member> members = new ArrayList<>();
        for (int id = 0; id < NODES; id++) {
            members.add(startMember(id, portBase));
        }
        Client client = new Client(records, portBase);
        open.add(client);
        // A seeded moment in the middle half of the session.
        long killAt = records.size() / 4 + new java.util.Random(seed).nextInt(records.size() / 2);
        Member[] dead = new Member[1];
        client.sendUpTo(
                records.size(),
                killAt,
                () -> {
                    dead[0] = leader(members);
                    assertNotNull(dead[0], "no leader");
                    dead[0].node().close();
                    dead[0].service().close();
                });
        assertNotNull(dead[0], "the leader was not killed");
        assertTrue(client.inFlightAtKill > 0, "nothing was in flight at the kill");
        assertTrue(client.resends > 0, "the client resent nothing after the change of leader");

        List<Member> survivors = new ArrayList<>(members);
        survivors.remove(dead[0]);
        assertNotNull(leader(survivors), "no new leader");
        for (Member m : survivors) {
            Engine.Result r = finish(m);
            assertEquals(single.digest(), r.digest(), "a survivor's output differs");
            assertEquals(single.events(), r.events());
            assertEquals(single.grossPosition(), r.grossPosition());
            assertEquals(single.pnlByCurrency(), r.pnlByCurrency());
        }
    }
}
