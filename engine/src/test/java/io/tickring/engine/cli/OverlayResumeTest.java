package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.adapters.news.HeadlineFile;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --resume} with the overlay asking a local LLM: a live run in a child JVM is killed
 * with SIGKILL once it has journaled some scores; the resumed run replays their SENTIMENT events
 * from the journal and never asks the LLM about those headlines again, scores the rest, continues
 * the provenance ids, and its journal replays to its digest with no server running.
 */
@Tag("slow")
class OverlayResumeTest {
    @TempDir Path tmp;

    final MockWebServer server = new MockWebServer();
    final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        server.close();
    }

    static final String[][] NEWS = {
        {"1", "SIMA", "Sima wins a large contract case:a"},
        {"2", "SIMB", "Simb misses estimates case:b"},
        {"3", "SIMA", "Sima opens a plant case:c"},
        {"4", "SIMB", "Simb faces lawsuit case:d"},
        {"25", "SIMA", "Sima upgraded case:e"},
        {"26", "SIMB", "Simb sees record orders case:f"},
    };

    /** SENTIMENT records in the running child's input journal, read beside its writer. */
    private static long journaledSentiments(Path journal) {
        if (!Files.isDirectory(journal.resolve("in"))) {
            return 0;
        }
        CliTest.Run dump = tickring("journal", "dump", "--in", journal.toString());
        return dump.code() != 0
                ? 0
                : dump.out().lines().filter(l -> l.contains("\"type\":\"SENTIMENT\"")).count();
    }

    @Test
    void shouldNotAskTheLlmAgainAboutWhatTheKilledRunJournaled() throws Exception {
        server.setDispatcher(
                new Dispatcher() {
                    @Override
                    public MockResponse dispatch(RecordedRequest r) {
                        String c = OverlayLlmRunTest.caseOf(r);
                        seen.computeIfAbsent(c, k -> new AtomicInteger()).incrementAndGet();
                        String symbol = "SIMA";
                        for (String[] n : NEWS) {
                            if (n[2].endsWith("case:" + c)) {
                                symbol = n[1];
                            }
                        }
                        return OverlayLlmRunTest.json(
                                200,
                                OverlayLlmRunTest.completion(OverlayLlmRunTest.score(symbol, 0.4)));
                    }
                });
        server.start();
        StringBuilder news = new StringBuilder();
        for (String[] n : NEWS) {
            news.append(OverlayLlmRunTest.line(Integer.parseInt(n[0]), n[1], n[2]));
        }
        OverlayLlmRunTest cfgMaker = new OverlayLlmRunTest();
        cfgMaker.tmp = tmp;
        Path cfg = cfgMaker.config(news.toString(), server.url("/v1").toString(), "60s");
        Path journal = tmp.resolve("journal");
        Path provenance = journal.resolve("sentiment.jsonl");

        File o = Files.createTempFile(tmp, "child", ".out").toFile();
        File e = Files.createTempFile(tmp, "child", ".err").toFile();
        Process child =
                ResumeCrashTest.java(
                                "io.tickring.engine.cli.Main",
                                "run",
                                "--config",
                                cfg.toString(),
                                "--journal",
                                journal.toString())
                        .redirectOutput(o)
                        .redirectError(e)
                        .start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        // Four scores in the side file AND their SENTIMENT events in the journal: the side file is
        // written first, and a kill between the two is a gap this test does not cover (CI killed
        // there once: the resumed run skipped a score the journal never held; see the README).
        while ((lines(provenance).size() < 4 || journaledSentiments(journal) < 4)
                && child.isAlive()) {
            assertTrue(
                    System.nanoTime() < deadline,
                    "no scores journaled: " + Files.readString(e.toPath()));
            Thread.sleep(50);
        }
        assertTrue(
                child.isAlive(),
                "the child ended before its kill: " + Files.readString(o.toPath()));
        child.destroyForcibly(); // SIGKILL: no end marker, no shutdown hook
        child.waitFor();
        List<String> before = lines(provenance);
        assertEquals(4, before.size(), before.toString());
        assertEquals(null, seen.get("e"), "the later headlines were not due yet: " + seen);

        CliTest.Run resumed =
                tickring(
                        "run",
                        "--resume",
                        "--config",
                        cfg.toString(),
                        "--journal",
                        journal.toString(),
                        "--json");
        assertEquals(0, resumed.code(), resumed.err());
        String summary = resumed.lastLine();
        for (String c : List.of("a", "b", "c", "d")) {
            assertEquals(1, seen.get(c).get(), "asked again about " + c + ": " + seen);
        }
        for (String c : List.of("e", "f")) {
            assertEquals(1, seen.get(c).get(), "the rest is scored after the resume: " + seen);
        }
        assertEquals("4", field(summary, "resumed_skipped"), summary);
        // Every score is journaled once: four replayed from the journal, two new.
        assertEquals("6", field(summary, "SENTIMENT"), summary);
        List<String> after = lines(provenance);
        assertEquals(6, after.size(), after.toString());
        Set<String> ids = new HashSet<>();
        for (String l : after) {
            ids.add(l.substring(0, l.indexOf(',')));
        }
        assertEquals(6, ids.size(), "provenance ids continue: " + after);
        Set<String> hashes = new HashSet<>();
        for (String[] n : NEWS) {
            String h = HeadlineFile.contentHash(n[1], n[2]);
            int found = 0;
            for (String l : after) {
                found += l.contains(h) ? 1 : 0;
            }
            assertEquals(1, found, n[2]);
            hashes.add(h);
        }
        assertEquals(6, hashes.size());

        server.close();
        CliTest.Run replay =
                tickring("replay", "--journal", journal.toString(), "--verify", "--json");
        assertEquals(0, replay.code(), replay.err());
        assertEquals("true", field(replay.lastLine(), "match"));
        assertEquals(field(summary, "digest"), field(replay.lastLine(), "digest"));
    }

    /** The whole lines of the provenance file (a line being written is left out). */
    static List<String> lines(Path p) throws java.io.IOException {
        if (!Files.isRegularFile(p)) {
            return List.of();
        }
        String text = Files.readString(p);
        List<String> out = new ArrayList<>();
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return out;
        }
        for (String l : text.substring(0, end).split("\n")) {
            if (!l.isBlank()) {
                out.add(l);
            }
        }
        return out;
    }
}
