package io.tickring.engine.ops.log;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.FileSize;
import io.tickring.engine.config.ConfigException;
import io.tickring.engine.config.OpsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The event log's logback appenders, configured in code from {@code ops.log} when a run starts and
 * removed when it ends: an {@link AsyncAppender} in front of a {@link RollingFileAppender} that
 * writes {@code DIR/tickring.log} and rolls it by size and by UTC day into {@code
 * DIR/tickring.YYYY-MM-DD.N.log}, deleting rolled files older than the history.
 *
 * <p>The appender hangs on the root logger, so every line the console shows (start-up, warnings,
 * the feed adapters' failures) is in the file too, and on the {@link #EVENTS} logger with
 * additivity off, so the event lines go to the file only and the console stays as it was.
 *
 * <p>Nothing is dropped: the async queue never discards (threshold 0) and a producer blocks when it
 * is full. The only producer of volume is the event-log thread, which reads the journal, so a slow
 * disk makes that thread lag, never a ring stage wait.
 */
final class RollingLog {
    /** The logger of the event lines. */
    static final String EVENTS = "tickring.events";

    /** The active file's name in {@code ops.log.dir}. */
    static final String FILE = "tickring.log";

    private static final String PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level %logger{0} [%thread] %msg%n";

    private final Logger root;
    private final Logger events;
    private final AsyncAppender async;
    private final RollingFileAppender<ILoggingEvent> file;
    private final Path path;

    private RollingLog(
            Logger root,
            Logger events,
            AsyncAppender async,
            RollingFileAppender<ILoggingEvent> file,
            Path path) {
        this.root = root;
        this.events = events;
        this.async = async;
        this.file = file;
        this.path = path;
    }

    /**
     * Adds the appenders, or returns null if slf4j is not bound to logback (an embedding that
     * brings its own logging: the event lines then go where it sends {@link #EVENTS}).
     *
     * @param secrets values masked out of every line (defence in depth: no event line holds one)
     * @param configFile the configuration file, named in an error
     * @throws ConfigException naming {@code ops.log.dir} if the file cannot be created or opened
     */
    static RollingLog install(OpsConfig.Log cfg, String configFile, List<String> secrets) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return null;
        }
        Path dir = Path.of(cfg.dir()).toAbsolutePath().normalize();
        Path path = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException | SecurityException e) {
            throw new ConfigException(
                    configFile, 0, "ops.log.dir", "cannot create " + dir + ": " + e.getMessage());
        }
        long statusBefore = ctx.getStatusManager().getCount();

        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(ctx);
        file.setName("TICKRING_LOG_FILE");
        file.setFile(path.toString());
        file.setAppend(true);
        PruningPolicy policy = new PruningPolicy(dir, cfg.maxHistoryDays());
        policy.setContext(ctx);
        policy.setParent(file);
        policy.setFileNamePattern(dir.resolve("tickring.%d{yyyy-MM-dd,UTC}.%i.log").toString());
        policy.setMaxFileSize(new FileSize(cfg.maxFileBytes()));
        // Logback's own history remover stays off (max history 0): run after rapid rollovers it
        // deleted rolled files of the current day (1 run in 40 lost 39 to 390 of 400 lines,
        // reproduced with 4 KB files). PruningPolicy deletes by the date in the name instead.
        policy.setMaxHistory(0);
        policy.setCleanHistoryOnStart(false);
        policy.start();
        // A process that ran for a day and was restarted still deletes what fell out of history.
        policy.prune();
        file.setRollingPolicy(policy);
        file.setTriggeringPolicy(policy);
        MaskingEncoder encoder = new MaskingEncoder(secrets);
        encoder.setContext(ctx);
        encoder.start();
        file.setEncoder(encoder);
        file.start();
        if (!file.isStarted()) {
            file.stop();
            throw new ConfigException(
                    configFile,
                    0,
                    "ops.log.dir",
                    "cannot write " + path + firstError(ctx, statusBefore));
        }

        AsyncAppender async = new AsyncAppender();
        async.setContext(ctx);
        async.setName("TICKRING_LOG_ASYNC");
        async.setQueueSize(8192);
        async.setDiscardingThreshold(0); // keep INFO lines when the queue fills: block instead
        async.setNeverBlock(false);
        async.setMaxFlushTime(5000); // on stop, up to 5 s to write what is queued
        async.setIncludeCallerData(false);
        async.addAppender(file);
        async.start();

        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger events = ctx.getLogger(EVENTS);
        root.addAppender(async);
        events.setAdditive(false);
        events.addAppender(async);
        return new RollingLog(root, events, async, file, path);
    }

    /** The active file. */
    Path path() {
        return path;
    }

    /** Writes what is queued, closes the file and takes the appenders off their loggers. */
    void uninstall() {
        root.detachAppender(async);
        events.detachAppender(async);
        events.setAdditive(true);
        // Let the worker empty its queue before stop() interrupts it: an interrupt that lands
        // mid-write (or mid-rollover) has lost lines under load. Bounded like maxFlushTime.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (async.getNumberOfElementsInQueue() > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        async.stop(); // drains what is left, bounded by maxFlushTime
        file.stop();
    }

    /**
     * Size-and-day rolling that deletes rolled files older than the history itself, synchronously
     * on the logging thread after each rollover and when a run starts: a rolled file {@code
     * tickring.YYYY-MM-DD.N.log} is deleted when its date is more than {@code days} UTC days before
     * today. Files of other names are never touched.
     */
    static final class PruningPolicy extends SizeAndTimeBasedRollingPolicy<ILoggingEvent> {
        private static final java.util.regex.Pattern ROLLED =
                java.util.regex.Pattern.compile("tickring\\.(\\d{4}-\\d\\d-\\d\\d)\\.\\d+\\.log");
        private final Path dir;
        private final int days;

        PruningPolicy(Path dir, int days) {
            this.dir = dir;
            this.days = days;
        }

        @Override
        public void rollover() {
            super.rollover();
            prune();
        }

        /** Deletes the rolled files older than the history; a failure is a status, not a throw. */
        void prune() {
            prune(dir, days, java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        }

        /** The files deleted; {@code today} is the UTC date the history counts back from. */
        static List<Path> prune(Path dir, int days, java.time.LocalDate today) {
            java.time.LocalDate oldest = today.minusDays(days);
            List<Path> deleted = new ArrayList<>();
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    java.util.regex.Matcher m = ROLLED.matcher(f.getFileName().toString());
                    if (m.matches()
                            && dated(m.group(1)).isBefore(oldest)
                            && Files.deleteIfExists(f)) {
                        deleted.add(f);
                    }
                }
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // A directory that cannot be listed keeps its files; the next rollover tries again.
            }
            return deleted;
        }

        /** The date in a rolled file's name; an impossible date (2026-13-45) is never old. */
        private static java.time.LocalDate dated(String text) {
            try {
                return java.time.LocalDate.parse(text);
            } catch (java.time.DateTimeException e) {
                return java.time.LocalDate.MAX;
            }
        }
    }

    private static String firstError(LoggerContext ctx, long before) {
        List<Status> all = new ArrayList<>(ctx.getStatusManager().getCopyOfStatusList());
        for (int k = (int) Math.min(before, all.size()); k < all.size(); k++) {
            Status s = all.get(k);
            if (s.getLevel() == Status.ERROR) {
                return ": " + s.getMessage();
            }
        }
        return "";
    }

    /**
     * The pattern layout with every secret replaced by {@code ***}: an event line never holds one,
     * but a library's message might (a URL with a key in it). Secrets shorter than 6 characters are
     * not masked: masking them would garble ordinary text, and no real credential is that short.
     */
    static final class MaskingEncoder extends EncoderBase<ILoggingEvent> {
        static final int MIN_MASKED = 6;
        private final List<String> secrets;
        private final PatternLayout layout = new PatternLayout();

        MaskingEncoder(List<String> secrets) {
            List<String> s = new ArrayList<>();
            for (String v : secrets) {
                if (v != null && v.length() >= MIN_MASKED) {
                    s.add(v);
                }
            }
            this.secrets = List.copyOf(s);
        }

        @Override
        public void start() {
            layout.setContext(getContext());
            layout.setPattern(PATTERN);
            layout.start();
            super.start();
        }

        @Override
        public void stop() {
            layout.stop();
            super.stop();
        }

        @Override
        public byte[] headerBytes() {
            return null;
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            return mask(layout.doLayout(event)).getBytes(StandardCharsets.UTF_8);
        }

        String mask(String line) {
            String out = line;
            for (String s : secrets) {
                if (out.contains(s)) {
                    out = out.replace(s, "***");
                }
            }
            return out;
        }

        @Override
        public byte[] footerBytes() {
            return null;
        }
    }
}
