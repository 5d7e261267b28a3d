package io.tickring.engine.ring;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.tickring.core.RingEvent;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.IdleStrategy;

/**
 * Turns a thread layout into ring consumers. Each thread is one Disruptor {@link EventPoller} that
 * runs its stages in order. Decision threads form a chain, each gated on the one before. A thread
 * holding only the journal stage reads straight behind the Sequencer, in parallel with the decision
 * chain, and the thread holding the router is gated on it as well: the router never releases an
 * order before the journal has written the event that caused it. Which stage is which comes from
 * its {@link Stage#role()}, not its name.
 */
public final class RingTopology {
    /** One handler thread: its name, its stages in order, its idle strategy and CPU (-1 = none). */
    public record ThreadPlan(String name, List<Stage> stages, IdleStrategy idle, int cpu) {}

    final List<StageAgent> agents = new ArrayList<>();
    final List<IdleStrategy> idles = new ArrayList<>();
    private Sequence journalSequence;
    private Sequence routerSequence;
    private final List<Sequence> terminal = new ArrayList<>();

    private RingTopology() {}

    /**
     * Builds pollers for {@code plans} on {@code ring} and adds the final consumers as the ring's
     * gating sequences. The plans must already be valid (the configuration checks the order).
     */
    public static RingTopology build(RingBuffer<RingEvent> ring, List<ThreadPlan> plans) {
        RingTopology t = new RingTopology();
        // A journal thread may be listed after the router's (the configuration allows it): make its
        // poller first, so that the router's thread can be gated on it wherever it is listed.
        EventPoller<RingEvent> journalPoller = null;
        for (ThreadPlan plan : plans) {
            if (journalOnly(plan)) {
                journalPoller = ring.newPoller();
                t.journalSequence = journalPoller.getSequence();
            }
        }
        Sequence previous = null;
        for (ThreadPlan plan : plans) {
            boolean journalOnly = journalOnly(plan);
            boolean hasRouter = has(plan, Stage.Role.ROUTER);
            List<Sequence> gating = new ArrayList<>();
            if (!journalOnly && previous != null) {
                gating.add(previous);
            }
            if (hasRouter && t.journalSequence != null && !gating.contains(t.journalSequence)) {
                gating.add(t.journalSequence);
            }
            EventPoller<RingEvent> poller =
                    journalOnly ? journalPoller : ring.newPoller(gating.toArray(new Sequence[0]));
            Sequence own = poller.getSequence();
            t.agents.add(
                    new StageAgent(
                            plan.name(), poller, plan.stages().toArray(new Stage[0]), plan.cpu()));
            t.idles.add(plan.idle());
            if (has(plan, Stage.Role.JOURNAL)) {
                t.journalSequence = own;
            }
            if (hasRouter) {
                t.routerSequence = own;
            }
            if (!journalOnly) {
                previous = own;
            }
        }
        // Final consumers: the journal thread and the last decision thread.
        if (t.journalSequence != null) {
            t.terminal.add(t.journalSequence);
        }
        if (previous != null && !t.terminal.contains(previous)) {
            t.terminal.add(previous);
        }
        ring.addGatingSequences(t.terminal.toArray(new Sequence[0]));
        return t;
    }

    private static boolean has(ThreadPlan plan, Stage.Role role) {
        for (Stage s : plan.stages()) {
            if (s.role() == role) {
                return true;
            }
        }
        return false;
    }

    private static boolean journalOnly(ThreadPlan plan) {
        return plan.stages().size() == 1 && plan.stages().get(0).role() == Stage.Role.JOURNAL;
    }

    /** The handler threads' agents, in layout order. */
    public List<? extends org.agrona.concurrent.Agent> agents() {
        return agents;
    }

    /** Halts every handler thread after the event in hand (see {@link StageAgent#halt()}). */
    public void halt() {
        for (StageAgent a : agents) {
            a.halt();
        }
    }

    /** Their idle strategies, in the same order. */
    public List<IdleStrategy> idles() {
        return idles;
    }

    public Sequence routerSequence() {
        return routerSequence;
    }

    public Sequence[] terminalSequences() {
        return terminal.toArray(new Sequence[0]);
    }
}
