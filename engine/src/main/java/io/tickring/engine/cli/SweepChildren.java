package io.tickring.engine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs child {@code tickring backtest} JVMs, at most {@code parallel} at once, each with a fixed
 * maximum heap, and reads back what each printed and reported. A child that fails is a {@link
 * Result} with its error, never an exception; on JVM shutdown (Ctrl-C) the running children are
 * stopped and no new one starts.
 */
final class SweepChildren {
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * One child backtest: the arguments after {@code backtest}; its stdout and stderr go to {@code
     * dir}/backtest.out and backtest.err.
     */
    record Job(String label, Path dir, List<String> args) {}

    /**
     * What a child left: its exit code, its error (null when it succeeded), the JSON summary line
     * it printed and report.json's {@code metrics} (empty when absent).
     */
    record Result(
            int exit, String error, Map<String, Object> summary, Map<String, Object> metrics) {
        boolean ok() {
            return error == null;
        }
    }

    private final int parallel;
    private final String heap;
    private final PrintWriter progress;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stopping = new AtomicBoolean();

    SweepChildren(int parallel, String heap, PrintWriter progress) {
        this.parallel = parallel;
        this.heap = heap;
        this.progress = progress;
    }

    /** Runs every job and returns their results in the jobs' order. */
    List<Result> runAll(List<Job> jobs) throws InterruptedException {
        List<String> command = javaCommand(heap);
        Thread hook = new Thread(this::stopAll, "sweep-stop-children");
        Runtime.getRuntime().addShutdownHook(hook);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        Math.min(parallel, Math.max(1, jobs.size())),
                        r -> {
                            Thread t =
                                    new Thread(r, "sweep-child-" + threadNumber.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(
                        pool.submit(
                                () -> {
                                    long t0 = System.nanoTime();
                                    Result r = run(command, job);
                                    int n = done.incrementAndGet();
                                    synchronized (progress) {
                                        progress.println(
                                                "sweep: "
                                                        + n
                                                        + "/"
                                                        + jobs.size()
                                                        + " "
                                                        + job.label()
                                                        + (r.ok()
                                                                ? " done"
                                                                : " FAILED (exit "
                                                                        + r.exit()
                                                                        + "): "
                                                                        + r.error())
                                                        + String.format(
                                                                Locale.ROOT,
                                                                " in %.1f s",
                                                                (System.nanoTime() - t0) / 1e9));
                                        progress.flush();
                                    }
                                    return r;
                                }));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) {
                try {
                    results.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    results.add(
                            new Result(
                                    Main.FAILED,
                                    "could not run the child: " + e.getCause(),
                                    Map.of(),
                                    Map.of()));
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
            killRunning();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing to remove
            }
        }
    }

    private Result run(List<String> java, Job job) throws IOException {
        if (stopping.get()) {
            return new Result(
                    Main.FAILED, "not started: the sweep was stopped", Map.of(), Map.of());
        }
        List<String> cmd = new ArrayList<>(java);
        cmd.add("backtest");
        cmd.addAll(job.args());
        Files.createDirectories(job.dir());
        Path out = job.dir().resolve("backtest.out");
        Path err = job.dir().resolve("backtest.err");
        Process p =
                new ProcessBuilder(cmd)
                        .redirectInput(ProcessBuilder.Redirect.from(devNull()))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        running.add(p);
        int exit;
        try {
            exit = p.waitFor();
        } catch (InterruptedException e) {
            stop(p);
            Thread.currentThread().interrupt();
            return new Result(Main.FAILED, "stopped", Map.of(), Map.of());
        } finally {
            running.remove(p);
        }
        if (stopping.get() && exit != 0) {
            return new Result(exit, "stopped", Map.of(), Map.of());
        }
        Map<String, Object> summary = lastJsonLine(out);
        Object error = summary.get("error");
        if (exit != 0 || error != null) {
            String message =
                    error != null ? String.valueOf(error) : lastLine(err, "exit code " + exit);
            return new Result(exit == 0 ? Main.FAILED : exit, message, summary, Map.of());
        }
        Path report = job.dir().resolve("report.json");
        if (!Files.isRegularFile(report)) {
            return new Result(Main.FAILED, "wrote no report.json", summary, Map.of());
        }
        Object metrics = readJson(report).get("metrics");
        @SuppressWarnings("unchecked")
        Map<String, Object> m =
                metrics instanceof Map<?, ?> ? (Map<String, Object>) metrics : Map.of();
        return new Result(0, null, summary, m);
    }

    private static java.io.File devNull() {
        return new java.io.File(
                System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /**
     * On Ctrl-C (the JVM's shutdown): no child starts any more, and the running ones are stopped.
     */
    void stopAll() {
        stopping.set(true);
        killRunning();
    }

    /** Stops the running children: SIGTERM, then a kill after five seconds. */
    private void killRunning() {
        List<Process> ps = new ArrayList<>(running);
        for (Process p : ps) {
            p.destroy();
        }
        for (Process p : ps) {
            stop(p);
        }
    }

    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code java <flags> -Xmx<heap> -Dtickring.home=... -cp <this JVM's class path> Main}: the
     * JDK, class path and home of this JVM, the flags of config/jvm.properties in the tickring home
     * (else the module flags this JVM was started with).
     */
    static List<String> javaCommand(String heap) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String home = System.getProperty("tickring.home");
        Path props = home == null ? null : Path.of(home, "config", "jvm.properties");
        if (props != null && Files.isRegularFile(props)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(props)) {
                p.load(in);
            } catch (IOException e) {
                throw new UsageException(props + ": cannot read: " + e.getMessage());
            }
            addFlags(cmd, p.getProperty("tickring.jvm.flags", ""));
            if (Runtime.version().feature() >= 24) {
                addFlags(cmd, p.getProperty("tickring.jvm.flags.java24", ""));
            }
        } else {
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (a.startsWith("--add-")
                        || a.startsWith("--enable-native-access")
                        || a.startsWith("--sun-misc")
                        || a.startsWith("-Dchronicle")) {
                    cmd.add(a);
                }
            }
        }
        cmd.add("-Xmx" + heap);
        if (home != null) {
            cmd.add("-Dtickring.home=" + home);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        return Collections.unmodifiableList(cmd);
    }

    private static void addFlags(List<String> cmd, String flags) {
        for (String f : flags.trim().split("\\s+")) {
            if (!f.isEmpty()) {
                cmd.add(f);
            }
        }
    }

    private static String lastLine(Path file, String otherwise) throws IOException {
        String last = otherwise;
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("(set TICKRING_DEBUG")) {
                    last = line.trim();
                }
            }
        }
        return last;
    }

    /** The JSON object on the last non-blank line of {@code file}; empty if there is none. */
    static Map<String, Object> lastJsonLine(Path file) throws IOException {
        String line = lastLine(file, "");
        if (!line.startsWith("{")) {
            return Map.of();
        }
        try (JsonParser p = JSON.createParser(line)) {
            return object(p);
        } catch (IOException | IllegalStateException e) {
            return Map.of();
        }
    }

    /** Reads a JSON object file into maps, lists, strings, longs, doubles, booleans and nulls. */
    static Map<String, Object> readJson(Path file) throws IOException {
        try (JsonParser p = JSON.createParser(file.toFile())) {
            return object(p);
        }
    }

    private static Map<String, Object> object(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IllegalStateException("not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) value(p);
        return m;
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, value(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalStateException("unexpected JSON token " + t);
        }
    }
}
