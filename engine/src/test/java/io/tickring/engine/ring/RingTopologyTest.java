package io.tickring.engine.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.tickring.adapters.OrderGateway;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.engine.stage.journal.JournalStage;
import io.tickring.engine.stage.router.Portfolio;
import io.tickring.engine.stage.router.RouterStage;
import io.tickring.journal.OutputJournal;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.junit.jupiter.api.Test;

/**
 * Which consumer waits for which, read off what each thread's duty cycle can see. The test drives
 * every agent by hand on its own thread, one duty cycle at a time, so the order is the test's and
 * nothing depends on timing. Uses the real journal and router stages, whatever the topology knows
 * them by.
 */
class RingTopologyTest {
    private final RingBuffer<RingEvent> ring =
            RingBuffer.createSingleProducer(RingEvent::new, 8, new YieldingWaitStrategy());
    private final List<String> seen = new ArrayList<>();
    private final Stage journal = new JournalStage(null, 0);
    private final Stage router =
            new RouterStage(new OutputJournal(null), OrderGateway.NONE, new Portfolio(List.of()));
    private RingTopology lastTopology;

    @Test
    void shouldHoldTheRouterBackUntilTheJournalHasTheEvent() throws Exception {
        List<Agent> agents =
                build(thread("journal", journal), thread("decision", stage("features"), router));
        publish(3);

        assertEquals(0, agents.get(1).doWork(), "the router's thread ran ahead of the journal");
        assertEquals(3, agents.get(0).doWork());
        assertEquals(3, agents.get(1).doWork());
    }

    @Test
    void shouldHoldTheRouterBackWhenTheJournalThreadIsListedLast() throws Exception {
        List<Agent> agents =
                build(thread("f", stage("features")), thread("r", router), thread("j", journal));
        publish(3);

        assertEquals(3, agents.get(0).doWork(), "the decision chain does not wait for the journal");
        assertEquals(0, agents.get(1).doWork(), "the router's thread ran ahead of the journal");
        assertEquals(3, agents.get(2).doWork());
        assertEquals(3, agents.get(1).doWork());
    }

    @Test
    void shouldLetTheJournalReadStraightBehindTheSequencer() throws Exception {
        List<Agent> agents =
                build(
                        thread("journal", journal),
                        thread("a", stage("features")),
                        thread("b", router));
        publish(2);

        assertEquals(2, agents.get(0).doWork(), "the journal thread waits for nobody");
        assertEquals(0, agents.get(2).doWork());
    }

    @Test
    void shouldRunTheDecisionChainInLayoutOrder() throws Exception {
        List<Agent> agents =
                build(
                        thread("journal", journal),
                        thread("signal", stage("features"), stage("model"), stage("strategy")),
                        thread("orders", stage("risk"), router));
        publish(2);
        agents.get(0).doWork();

        assertEquals(
                0, agents.get(2).doWork(), "a later decision thread ran before an earlier one");
        assertEquals(2, agents.get(1).doWork());
        assertEquals(2, agents.get(2).doWork());
        assertEquals(
                List.of(
                        "features#0",
                        "model#0",
                        "strategy#0",
                        "features#1",
                        "model#1",
                        "strategy#1",
                        "risk#0",
                        "risk#1"),
                seen);
    }

    @Test
    void shouldKeepEventsInTheRingUntilTheJournalAndTheRouterHaveBothSeenThem() throws Exception {
        List<Agent> agents =
                build(thread("journal", journal), thread("decision", stage("features"), router));
        publish(8);
        assertFalse(ring.hasAvailableCapacity(1));

        agents.get(0).doWork();
        assertFalse(
                ring.hasAvailableCapacity(1),
                "the Sequencer could overwrite events the router has not seen");
        agents.get(1).doWork();
        assertEquals(8, ring.remainingCapacity());
    }

    @Test
    void shouldKeepEventsInTheRingUntilTheLastDecisionThreadHasSeenThem() throws Exception {
        List<Agent> agents =
                build(
                        thread("a", stage("features")),
                        thread("b", stage("strategy"), router),
                        thread("j", journal));
        publish(8);
        agents.get(2).doWork();
        agents.get(0).doWork();

        assertFalse(
                ring.hasAvailableCapacity(1),
                "the Sequencer could overwrite events the last thread has not seen");
        agents.get(1).doWork();
        assertEquals(8, ring.remainingCapacity());
    }

    @Test
    void shouldGiveTheSequencerTheRoutersSequence() throws Exception {
        List<Agent> agents =
                build(
                        thread("journal", journal),
                        thread("a", stage("features")),
                        thread("b", router));
        RingTopology topology = lastTopology;
        publish(2);
        agents.get(0).doWork();
        agents.get(1).doWork();

        assertEquals(
                -1,
                topology.routerSequence().get(),
                "the Sequencer would think the router is further on");
        agents.get(2).doWork();
        assertEquals(1, topology.routerSequence().get());
        assertTrue(List.of(topology.terminalSequences()).contains(topology.routerSequence()));
    }

    private List<Agent> build(RingTopology.ThreadPlan... plans) {
        lastTopology = RingTopology.build(ring, List.of(plans));
        return new ArrayList<>(lastTopology.agents());
    }

    private static RingTopology.ThreadPlan thread(String name, Stage... stages) {
        return new RingTopology.ThreadPlan(name, List.of(stages), new NoOpIdleStrategy(), -1);
    }

    /** A decision stage that notes which events it saw, in order. */
    private Stage stage(String name) {
        return new Stage() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void onEvent(RingEvent event) {
                seen.add(name + "#" + event.sequence);
            }
        };
    }

    private void publish(int n) {
        for (int i = 0; i < n; i++) {
            long s = ring.next();
            RingEvent e = ring.get(s);
            e.clearInput();
            e.sequence = s;
            e.type = EventType.TIMER;
            e.timerTick = s;
            ring.publish(s);
        }
    }
}
