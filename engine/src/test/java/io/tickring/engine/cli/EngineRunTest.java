package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.instrument.TestInstruments;
import io.tickring.engine.Engine;
import io.tickring.engine.ingress.InputSource;
import io.tickring.engine.ring.Sequencer;
import io.tickring.engine.stage.model.MicropriceRule;
import io.tickring.journal.EndMarker;
import io.tickring.journal.JournalPaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineRunTest {
    @TempDir Path tmp;

    /** A market source that never ends and never has anything: a run that only a stop ends. */
    private static final class Silent implements InputSource {
        @Override
        public int poll(MutableDirectBuffer dst) {
            return NOTHING_YET;
        }

        @Override
        public String name() {
            return "silent";
        }
    }

    @Test
    void shouldCloseARunWhoseWaitTimedOutWithFailedMarkers() throws Exception {
        Path journal = tmp.resolve("j");
        Engine engine =
                new Engine.Builder()
                        .ringSize(1 << 10)
                        .threads(Engine.TWO_THREADS)
                        .instruments(TestInstruments.SIM, new TestInstruments())
                        .policy(Sequencer.Policy.ARRIVAL)
                        .source(new Silent())
                        .session("{\"test\":true}", 0)
                        .inputJournal(journal)
                        .outputJournal(journal)
                        .blockSize(1L << 20)
                        .scorer(new MicropriceRule())
                        .build();
        try {
            engine.start();
            IllegalStateException e =
                    assertThrows(
                            IllegalStateException.class,
                            () ->
                                    EngineRun.await(
                                            engine, new PrintWriter(new StringWriter()), 0, 200));
            assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
        } finally {
            engine.requestStop();
            engine.close();
        }
        for (String queue : List.of(JournalPaths.IN, JournalPaths.OUT)) {
            EndMarker.Marker m = EndMarker.read(journal, queue);
            assertEquals(EndMarker.State.FAILED, m.state(), queue + ".end: " + m);
            assertTrue(m.reason().contains("run did not finish within"), m.reason());
        }
    }
}
