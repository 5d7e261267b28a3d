package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.tickring.core.EventType;
import io.tickring.core.ExecType;
import io.tickring.core.RingEvent;
import io.tickring.core.RiskReason;
import io.tickring.core.RiskVerdict;
import io.tickring.core.Side;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.OutputCodec;
import io.tickring.core.codec.OutputRecord;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.config.ConfigLoader;
import io.tickring.engine.config.InstrumentRegistry;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A real run writes its event log: {@code order_sent}, {@code fill} and {@code reject} lines whose
 * values are the journal's records in real units, and no line comes from a ring-stage thread.
 */
class EventLogRunTest {
    @TempDir Path tmp;

    @Test
    void shouldLogOrdersFillsAndRejectsAsTheJournalHasThemAndNeverFromAStageThread()
            throws IOException {
        Path logs = tmp.resolve("logs");
        Path cfg = config(tmp, logs);
        Path j = tmp.resolve("j");
        Recorder recorder = new Recorder();
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger events = ctx.getLogger("tickring.events");
        recorder.setContext(ctx);
        recorder.start();
        root.addAppender(recorder);
        events.addAppender(recorder);
        CliTest.Run r;
        try {
            r = CliTest.tickring("run", "--config", cfg.toString(), "--journal", j.toString());
        } finally {
            root.detachAppender(recorder);
            events.detachAppender(recorder);
            recorder.stop();
        }
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("order_sent"), "event lines stay off the console: " + r.err());
        assertFalse(r.out().contains("order_sent"), "event lines stay off the console");

        List<String> log = Files.readAllLines(logs.resolve("tickring.log"), StandardCharsets.UTF_8);
        List<String> expected = expectedLines(j, registry(cfg));
        List<String> logged =
                log.stream()
                        .map(l -> l.substring(l.indexOf("] ") + 2))
                        .filter(
                                l ->
                                        l.startsWith("order_sent ")
                                                || l.startsWith("fill ")
                                                || l.startsWith("reject "))
                        .toList();
        assertTrue(count(expected, "order_sent ") > 0, "orders in the journal");
        assertTrue(count(expected, "fill ") > 0, "fills in the journal");
        assertTrue(count(expected, "reject source=risk reason=ORDER_RATE ") > 0, "risk rejects");
        assertEquals(
                expected.size(),
                logged.size(),
                "one line per record of interest; the log:\n"
                        + String.join(
                                "\n",
                                log.stream()
                                        .filter(l -> !l.contains("] fill "))
                                        .limit(20)
                                        .toList()));
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(
                    logged.get(i).startsWith(expected.get(i)),
                    "line "
                            + i
                            + ": expected "
                            + expected.get(i)
                            + "\n   but got "
                            + logged.get(i));
        }

        assertTrue(log.get(0).contains(" start command=run mode=sim journal=" + j), log.get(0));
        assertTrue(
                log.stream().anyMatch(l -> l.endsWith("] feed_connected source=sim")), "feed line");
        String stop = log.get(log.size() - 1);
        assertTrue(stop.contains(" stop reason=end "), stop);
        assertTrue(stop.contains(" orders=" + count(expected, "order_sent ") + " "), stop);

        // Every log call of the run, from whichever logger: none on the ring's threads.
        Set<String> ring = Set.of("sequencer", "journal", "decision");
        assertTrue(recorder.threads.contains("tickring-eventlog"), "recorded: " + recorder.threads);
        for (String t : recorder.threads) {
            assertFalse(ring.contains(t) || t.startsWith("["), "a log call on ring thread " + t);
        }
    }

    /**
     * The lines the journal's records call for, written here from the records and the registry's
     * scales without the event log's code: prices at scale 4 (SIMA, SIMB), whole quantities.
     */
    private static List<String> expectedLines(Path j, InstrumentRegistry registry) {
        record Line(long seq, int queue, String text) {}
        List<Line> lines = new ArrayList<>();
        try (RecordReader in = new RecordReader(JournalPaths.in(j))) {
            RingEvent e = new RingEvent();
            while (in.next()) {
                InputCodec.decode(in.buffer(), 0, in.length(), e, in.where());
                if (e.type == EventType.EXEC_REPORT
                        && (e.execType == ExecType.FILL || e.execType == ExecType.PARTIAL_FILL)) {
                    Instrument i = registry.byId(e.instrumentId);
                    lines.add(
                            new Line(
                                    e.sequence,
                                    0,
                                    "fill symbol="
                                            + i.symbol()
                                            + " side="
                                            + Side.name(e.execSide)
                                            + " qty="
                                            + e.execLastQty
                                            + " px="
                                            + BigDecimal.valueOf(e.execLastPx, 4).toPlainString()
                                            + " leaves_qty="
                                            + e.execLeavesQty));
                }
            }
        }
        try (RecordReader out = new RecordReader(JournalPaths.out(j))) {
            OutputRecord o = new OutputRecord();
            while (out.next()) {
                OutputCodec.decode(out.buffer(), 0, out.length(), o, out.where());
                String symbol = registry.byId(o.instrumentId).symbol();
                if (o.type == EventType.ORDER) {
                    lines.add(
                            new Line(
                                    o.sequence,
                                    1,
                                    "order_sent symbol="
                                            + symbol
                                            + " side="
                                            + Side.name(o.side)
                                            + " qty="
                                            + o.qty
                                            + " px="
                                            + BigDecimal.valueOf(o.px, 4).toPlainString()));
                } else if (o.type == EventType.RISK && o.verdict == RiskVerdict.REJECT) {
                    lines.add(
                            new Line(
                                    o.sequence,
                                    1,
                                    "reject source=risk reason="
                                            + RiskReason.name(o.reason)
                                            + " symbol="
                                            + symbol
                                            + " qty="
                                            + o.requestedQty
                                            + " seq="
                                            + o.sequence));
                }
            }
        }
        // The log's order: by ring sequence, an input before the outputs it caused.
        lines.sort(java.util.Comparator.comparingLong(Line::seq).thenComparingInt(Line::queue));
        return lines.stream().map(Line::text).toList();
    }

    private static long count(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).count();
    }

    private static InstrumentRegistry registry(Path cfg) {
        return ConfigLoader.load(cfg, Map.of(), List.of()).instruments();
    }

    /**
     * A paper run in sim mode (inline: the Sequencer and every stage on one thread), with an order
     * rate limit the strategy runs into: orders, fills and risk rejects in a few seconds.
     */
    static Path config(Path dir, Path logs) throws IOException {
        Path cfg = dir.resolve("eventlog.yaml");
        Files.writeString(
                cfg,
                String.join(
                        "\n",
                        "run:",
                        "  mode: sim",
                        "  seed: 7",
                        "  duration: 5s",
                        "  status_interval: 0",
                        "  drive: inline",
                        "instruments: " + CliTest.instrumentsPath(),
                        "model:",
                        "  kind: microprice-rule",
                        "risk:",
                        "  max_orders_per_second: 1",
                        "ops:",
                        "  log:",
                        "    dir: " + logs,
                        ""),
                StandardCharsets.UTF_8);
        return cfg;
    }

    /** Records the thread of every logging event. */
    private static final class Recorder extends AppenderBase<ILoggingEvent> {
        final ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();

        @Override
        protected void append(ILoggingEvent e) {
            threads.add(e.getThreadName());
        }
    }
}
