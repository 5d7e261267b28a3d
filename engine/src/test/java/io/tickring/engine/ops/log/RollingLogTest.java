package io.tickring.engine.ops.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.config.OpsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The event log's logback appenders: rollover by size, every line kept, secrets masked. */
class RollingLogTest {
    @TempDir Path tmp;

    @Test
    void shouldRollTheFileAtItsSizeAndKeepEveryLineInOrder() throws IOException {
        // Files of 4 KB roll every ~30 lines within milliseconds: logback's own history remover,
        // run after such rollovers, deleted rolled files of the current day (1 run in ~40).
        long max = 4096;
        RollingLog log =
                RollingLog.install(new OpsConfig.Log(tmp.toString(), max, 7), "t", List.of());
        assertNotNull(log, "slf4j is bound to logback in the engine");
        org.slf4j.Logger events = LoggerFactory.getLogger(RollingLog.EVENTS);
        int n = 400;
        for (int i = 0; i < n; i++) {
            events.info("order_sent symbol=SIMA side=BUY qty=100 px=30.99 order_id={}", i);
        }
        log.uninstall();

        List<Path> files;
        try (Stream<Path> s = Files.list(tmp)) {
            files = s.sorted().toList();
        }
        assertTrue(files.contains(tmp.resolve("tickring.log")), files.toString());
        List<Path> rolled =
                files.stream()
                        .filter(
                                p ->
                                        p.getFileName()
                                                .toString()
                                                .matches(
                                                        "tickring\\.\\d{4}-\\d\\d-\\d\\d\\.\\d+\\.log"))
                        .toList();
        // ~400 lines of ~130 bytes in files of 4 KB: about thirteen files.
        assertTrue(rolled.size() >= 10, "rolled files: " + files);
        List<Integer> ids = new ArrayList<>();
        // Oldest first: the rolled files by their index, then the active file.
        List<Path> ordered = new ArrayList<>(rolled);
        ordered.sort(
                java.util.Comparator.comparingInt(
                        p ->
                                Integer.parseInt(
                                        p.getFileName()
                                                .toString()
                                                .replaceAll(".*\\.(\\d+)\\.log", "$1"))));
        ordered.add(tmp.resolve("tickring.log"));
        for (Path f : ordered) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            long size = Files.size(f);
            // A file rolls once it has reached the size: at most one line beyond it.
            assertTrue(size < max + 200, f + " holds " + size + " bytes");
            for (String l : lines) {
                ids.add(Integer.parseInt(l.substring(l.indexOf("order_id=") + 9)));
            }
        }
        assertEquals(n, ids.size(), "every line is in some file");
        for (int i = 0; i < n; i++) {
            assertEquals(i, ids.get(i), "line order across the rolled files");
        }
    }

    @Test
    void shouldRollWithoutLosingALineRunAfterRun() throws IOException {
        // The race lost whole rolled files in ~1 run of 40; 60 runs of 400 lines, 4 KB files.
        for (int run = 0; run < 60; run++) {
            Path dir = Files.createDirectory(tmp.resolve("run" + run));
            RollingLog log =
                    RollingLog.install(new OpsConfig.Log(dir.toString(), 4096, 7), "t", List.of());
            org.slf4j.Logger events = LoggerFactory.getLogger(RollingLog.EVENTS);
            for (int i = 0; i < 400; i++) {
                events.info("order_sent symbol=SIMA side=BUY qty=100 px=30.99 order_id={}", i);
            }
            log.uninstall();
            long lines = 0;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.toList()) {
                    lines += Files.readAllLines(f, StandardCharsets.UTF_8).size();
                }
            }
            assertEquals(400, lines, "run " + run + " lost lines");
        }
    }

    @Test
    void shouldDeleteOnlyRolledFilesOlderThanTheHistory() throws IOException {
        java.time.LocalDate today = java.time.LocalDate.of(2026, 11, 29);
        List<String> names =
                List.of(
                        "tickring.2026-11-29.0.log", // today
                        "tickring.2026-11-22.3.log", // 7 days back: kept
                        "tickring.2026-11-21.0.log", // 8 days back: deleted
                        "tickring.2025-01-01.12.log", // deleted
                        "tickring.2026-13-45.0.log", // not a date: kept
                        "tickring.log", // the active file
                        "notes-2026-01-01.txt"); // not ours
        for (String n : names) {
            Files.writeString(tmp.resolve(n), n);
        }
        List<Path> deleted = RollingLog.PruningPolicy.prune(tmp, 7, today);
        assertEquals(
                List.of("tickring.2025-01-01.12.log", "tickring.2026-11-21.0.log"),
                deleted.stream().map(p -> p.getFileName().toString()).sorted().toList());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(
                    List.of(
                            "notes-2026-01-01.txt",
                            "tickring.2026-11-22.3.log",
                            "tickring.2026-11-29.0.log",
                            "tickring.2026-13-45.0.log",
                            "tickring.log"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void shouldMaskSecretsInEveryLine() throws IOException {
        String token = "tok-" + Long.toHexString(System.nanoTime()) + "-admin";
        RollingLog log =
                RollingLog.install(
                        new OpsConfig.Log(tmp.toString(), 1 << 20, 7),
                        "t",
                        List.of(token, "short"));
        // A library that put a credential in its message (the event lines never hold one).
        LoggerFactory.getLogger("some.library").warn("connecting to wss://x/?key={}", token);
        LoggerFactory.getLogger(RollingLog.EVENTS).info("start token={} short", token);
        log.uninstall();
        String text = Files.readString(tmp.resolve("tickring.log"), StandardCharsets.UTF_8);
        assertFalse(text.contains(token), text);
        assertTrue(text.contains("connecting to wss://x/?key=***"), text);
        assertTrue(text.contains("start token=*** short"), "too short to mask: " + text);
    }

    @Test
    void shouldSendEventLinesToTheFileOnlyAndOtherLinesToBoth() throws IOException {
        RollingLog log =
                RollingLog.install(new OpsConfig.Log(tmp.toString(), 1 << 20, 7), "t", List.of());
        ch.qos.logback.classic.LoggerContext ctx =
                (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
        assertFalse(
                ctx.getLogger(RollingLog.EVENTS).isAdditive(),
                "event lines stay off the console's root appender");
        LoggerFactory.getLogger("io.tickring.adapters.binance.BinanceFeed").warn("feed refused");
        log.uninstall();
        assertTrue(ctx.getLogger(RollingLog.EVENTS).isAdditive(), "restored after the run");
        String text = Files.readString(tmp.resolve("tickring.log"), StandardCharsets.UTF_8);
        assertTrue(text.contains("WARN  BinanceFeed ["), text);
        assertTrue(text.contains("feed refused"), text);
    }
}
