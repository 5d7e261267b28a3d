package io.tickring.engine.ring;

import com.lmax.disruptor.EventPoller;
import io.tickring.core.RingEvent;
import net.openhft.affinity.AffinityLock;
import org.agrona.concurrent.Agent;

/**
 * The duty cycle of one handler thread: polls the ring for the events its barrier allows and runs
 * them through its stages in order. Optionally pins its thread to a CPU (OpenHFT affinity).
 */
final class StageAgent implements Agent, EventPoller.Handler<RingEvent> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StageAgent.class);

    private final String name;
    private final EventPoller<RingEvent> poller;
    private final Stage[] stages;
    private final int cpu;
    private AffinityLock affinityLock;
    private int handled;

    /** Set by {@link #halt()}: the thread handles no further event. */
    private volatile boolean halted;

    StageAgent(String name, EventPoller<RingEvent> poller, Stage[] stages, int cpu) {
        this.name = name;
        this.poller = poller;
        this.stages = stages;
        this.cpu = cpu;
    }

    @Override
    public void onStart() {
        if (cpu >= 0) {
            affinityLock = AffinityLock.acquireLock(cpu);
            // Start-up, not the hot path: say whether the pin took, since affinity can fall back to
            // a no-op.
            if (affinityLock.isAllocated() && affinityLock.cpuId() == cpu) {
                LOG.info("thread {} pinned to CPU {}", name, cpu);
            } else {
                LOG.warn(
                        "thread {} could not be pinned to CPU {} (got {}); it runs unpinned",
                        name,
                        cpu,
                        affinityLock.isAllocated() ? affinityLock.cpuId() : "none");
            }
        }
        for (Stage s : stages) {
            s.onStart();
        }
    }

    /**
     * Stops handling events after the one in hand, however many the ring holds: a graceful stop
     * past its bound halts the chain this way, and the router then releases nothing more.
     */
    void halt() {
        halted = true;
    }

    @Override
    public int doWork() throws Exception {
        handled = 0;
        if (halted) {
            return 0;
        }
        poller.poll(this);
        return handled;
    }

    @Override
    public boolean onEvent(RingEvent event, long sequence, boolean endOfBatch) {
        for (Stage s : stages) {
            s.onEvent(event);
        }
        handled++;
        // A poll takes every event available, a whole backlog at once; a halt ends it here.
        return !halted;
    }

    @Override
    public void onClose() {
        for (Stage s : stages) {
            s.onStop();
        }
        if (affinityLock != null) {
            affinityLock.release();
        }
    }

    @Override
    public String roleName() {
        return name;
    }
}
