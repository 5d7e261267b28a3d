package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.EventType;
import io.tickring.core.Overload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tickring run} overloaded on purpose: the paced simulator at 6,000 events/s per instrument
 * into a 1,024-slot ring while the ONNX model scores every book (about 1 ms each), with {@code
 * ring.max_lag: 100ms}. The Sequencer sheds market data; every drop is in a journaled OVERLOAD
 * episode (START, then per-type ENDs whose counts sum to the closing END's, and those to the
 * summary's drop counts); {@code replay --verify} reproduces the run from the journal.
 */
@Tag("slow")
class OverloadRunTest {
    @TempDir Path tmp;

    private static final Pattern OVERLOAD =
            Pattern.compile(
                    "\"code\":\"OVERLOAD\",\"param_id\":(\\d+),\"param_value\":(\\d+),\"overload\":\"([^\"]*)\"");

    @Test
    void shouldJournalDropEpisodesAndReplayThem() throws Exception {
        Path cfg = tmp.resolve("overload.yaml");
        Files.writeString(
                cfg,
                String.format(
                        Locale.ROOT,
                        ""
                                + "run:\n  mode: live\n  duration: 3s\n  status_interval: 1s\n  seed: 7\n"
                                + "instruments: %s\n"
                                + "ring:\n  size: 1024\n  max_lag: 100ms\n"
                                + "source:\n  kind: sim\n  sim:\n    instruments: [SIMA, SIMB]\n"
                                + "    events_per_second: 6000\n    levels: 5\n"
                                + "model:\n  kind: onnx\n  path: %s\n  levels: 5\n"
                                + "  window: 100\n  normalisation: mid-zscore\n"
                                + "  class_order: [up, flat, down]\n  intra_op_threads: 1\n"
                                + "  score_every: 1\n  min_interval: 0\n"
                                + "risk:\n  max_data_age: 5s\n  max_receive_age: 500ms\n",
                        CliTest.instrumentsPath(),
                        CliErrorsTest.OnnxFixturesPath.shipped()));
        Path j = tmp.resolve("journal");
        CliTest.Run run =
                CliTest.tickring(
                        "run", "--config", cfg.toString(), "--journal", j.toString(), "--json");
        assertEquals(0, run.code(), run.err());
        String summary = run.lastLine();
        System.out.println("overload run: " + summary); // the figures, for the report
        assertTrue(run.err().contains("backlog="), "status lines show the backlog: " + run.err());
        long episodes = Long.parseLong(CliTest.field(summary, "overload_episodes"));
        assertTrue(episodes >= 1, "the run was overloaded: " + summary);

        CliTest.Run dump = CliTest.tickring("journal", "dump", "--in", j.toString());
        assertEquals(0, dump.code(), dump.err());
        List<long[]> events = new ArrayList<>(); // {paramId, value}
        for (String line : dump.out().split("\n")) {
            Matcher m = OVERLOAD.matcher(line);
            if (m.find()) {
                int id = Integer.parseInt(m.group(1));
                events.add(new long[] {id, Long.parseLong(m.group(2))});
                assertEquals(Overload.describe(id), m.group(3), line);
            }
        }
        assertTrue(!events.isEmpty(), "OVERLOAD records in the input journal");
        // Episodes nest per site: START, per-type ENDs, the closing END; each closing END equals
        // the sum of the per-type ENDs before it, and the run ends with no episode open.
        long[] open = new long[Overload.SITES];
        long[] typeSum = new long[Overload.SITES];
        long[] total = new long[Overload.SITES];
        long starts = 0;
        for (long[] ev : events) {
            int id = (int) ev[0];
            int site = Overload.site(id);
            if (Overload.isStart(id)) {
                assertEquals(0, open[site], "a START while open at site " + site);
                assertTrue(ev[1] > 0, "a START counts the drops that opened it");
                open[site] = 1;
                typeSum[site] = 0;
                starts++;
            } else if (Overload.isEnd(id)) {
                assertEquals(1, open[site], "an END without a START at site " + site);
                assertEquals(typeSum[site], ev[1], "closing END = sum of its per-type ENDs");
                total[site] += ev[1];
                open[site] = 0;
            } else {
                assertEquals(1, open[site]);
                assertTrue(ev[1] > 0);
                int type = Overload.type(id);
                assertTrue(
                        type == EventType.BOOK || type == EventType.TRADE,
                        "only market data is dropped: " + Overload.describe(id));
                typeSum[site] += ev[1];
            }
        }
        for (int s = 1; s < Overload.SITES; s++) {
            assertEquals(0, open[s], "every episode closed at site " + s);
        }
        assertEquals(episodes, starts);
        assertTrue(
                total[Overload.BACKLOG] > 0, "the Sequencer shed for the ring's lag: " + summary);
        // Every drop the run counted is in an episode.
        Matcher ring = Pattern.compile("\"ring\":\\{([^}]*)}").matcher(summary);
        assertTrue(ring.find(), summary);
        long counted = 0;
        for (String kv : ring.group(1).split(",")) {
            counted += Long.parseLong(kv.substring(kv.indexOf(':') + 1));
        }
        assertEquals(counted, total[Overload.BACKLOG], summary);

        CliTest.Run replay =
                CliTest.tickring("replay", "--journal", j.toString(), "--verify", "--json");
        assertEquals(0, replay.code(), replay.err());
        assertEquals("true", CliTest.field(replay.lastLine(), "match"));
    }
}
