package io.tickring.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.JournalFormatException;
import io.tickring.core.codec.RecordHeader;
import io.tickring.engine.Engine;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The engine as an Aeron Cluster service: every node receives the same ingress log in consensus
 * order and feeds it, record by record, to its own engine, whose Sequencer stays the ring's only
 * writer. The engine runs the same stages in the event-time merge, so each node computes the same
 * decisions, orders and paper-venue reports, and writes the same output records to its own
 * Chronicle journal. Only the leader releases orders outside ({@link LeaderGate}).
 *
 * <p><b>Ingress.</b> Each message is one input record in the project's schema ({@link InputCodec}),
 * as the engine journals it. The record header's sequence field carries the client's own count from
 * 1 (the Sequencer overwrites it with the ring sequence): a record whose count is not the next one
 * is a client's resend after a change of leader, or a gap, and is dropped, so a client may resend
 * everything the leader has not acknowledged. The leader acknowledges each record it applied on
 * egress with that count (8 bytes, little-endian). A CONTROL {@link ControlCode#STOP} ends the
 * session: the engine finishes the log it has and stops. Every check depends on the log alone, so
 * every node drops the same records.
 *
 * <p><b>Not built yet</b> (issue 18): snapshots (a node that would load one refuses to start),
 * timers from the cluster's clock (the event-time merge makes TIMER events from the records' own
 * times, which are in the log), reconciliation with the venue at a change of leader.
 */
public final class EngineService implements ClusteredService, AutoCloseable {
    private final Engine.Builder builder;
    private final ReleaseSink sink;
    private final ClusterLogSource log = new ClusterLogSource(1 << 22);
    private final RingEvent scratch = new RingEvent();
    private final UnsafeBuffer ack = new UnsafeBuffer(new byte[8]);
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Engine engine;
    private volatile LeaderGate gate;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;
    private Cluster cluster;
    private long lastCount;

    /**
     * @param builder the engine as a single-node run would be built (event-time policy, paper
     *     venue, journals of this node); its source and gateway wrapper are set here
     * @param sink where this node releases orders while it leads
     */
    public EngineService(Engine.Builder builder, ReleaseSink sink) {
        this.builder = builder;
        this.sink = sink;
    }

    @Override
    public void onStart(Cluster cluster, Image snapshotImage) {
        if (snapshotImage != null) {
            throw new IllegalStateException(
                    "cluster: this node has a snapshot to load, and snapshots are not built yet"
                            + " (issue 18): start it on an empty cluster directory");
        }
        this.cluster = cluster;
        Engine e =
                builder.source(log)
                        .gatewayDecorator(
                                inner -> {
                                    LeaderGate g = new LeaderGate(inner, sink);
                                    g.leader(role == Cluster.Role.LEADER);
                                    gate = g;
                                    return g;
                                })
                        .build();
        engine = e;
        e.start();
    }

    @Override
    public void onSessionOpen(ClientSession session, long timestamp) {}

    @Override
    public void onSessionClose(ClientSession session, long timestamp, CloseReason closeReason) {}

    @Override
    public void onSessionMessage(
            ClientSession session,
            long timestamp,
            DirectBuffer buffer,
            int offset,
            int length,
            Header header) {
        if (log.isFinished()) {
            dropped.incrementAndGet();
            return;
        }
        try {
            InputCodec.validate(buffer, offset, length, "cluster ingress");
        } catch (JournalFormatException e) {
            dropped.incrementAndGet();
            return;
        }
        long count = RecordHeader.sequence(buffer, offset);
        if (count != lastCount + 1) {
            // A resend of what the log already has, or a gap: never applied, on every node alike.
            dropped.incrementAndGet();
            return;
        }
        lastCount = count;
        if (RecordHeader.type(buffer, offset) == EventType.CONTROL
                && isStop(buffer, offset, length)) {
            log.finish();
        } else {
            IdleStrategy idle = cluster.idleStrategy();
            idle.reset();
            while (!log.offer(buffer, offset, length)) {
                idle.idle();
            }
        }
        applied.set(count);
        ack.putLong(0, count, java.nio.ByteOrder.LITTLE_ENDIAN);
        // Followers' offers are mocked by the cluster; an ack the leader cannot send now is only
        // a hint lost: the client resends from its last ack.
        session.offer(ack, 0, 8);
    }

    private boolean isStop(DirectBuffer buffer, int offset, int length) {
        InputCodec.decode(buffer, offset, length, scratch, "cluster ingress");
        return scratch.controlCode == ControlCode.STOP;
    }

    @Override
    public void onTimerEvent(long correlationId, long timestamp) {}

    @Override
    public void onTakeSnapshot(ExclusivePublication snapshotPublication) {
        throw new UnsupportedOperationException(
                "cluster: snapshots are not built yet (issue 18, item 3)");
    }

    @Override
    public void onRoleChange(Cluster.Role newRole) {
        role = newRole;
        LeaderGate g = gate;
        if (g != null) {
            g.leader(newRole == Cluster.Role.LEADER);
        }
    }

    @Override
    public void onTerminate(Cluster cluster) {}

    /** This node's role as the cluster last told it. */
    public Cluster.Role role() {
        return role;
    }

    /** The client's count of the last record applied to the log (0 before any). */
    public long applied() {
        return applied.get();
    }

    /** Records dropped: resends, gaps, malformed records and anything after the STOP. */
    public long dropped() {
        return dropped.get();
    }

    /** The engine, once the cluster started the service; null before. */
    public Engine engine() {
        return engine;
    }

    @Override
    public void close() {
        Engine e = engine;
        if (e != null) {
            e.close();
        }
    }
}
