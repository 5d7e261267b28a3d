package io.tickring.engine.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The graceful stop of {@code run} and {@code demo} on SIGTERM or SIGINT: a JVM shutdown hook that
 * asks the engine to stop, then holds the JVM until the command has printed its summary and {@code
 * --json} line and returned its exit code to {@link Main#main}, and ends the process with that code
 * (0 for a clean stop, not the JVM's 143 or 130).
 *
 * <p>The JVM runs shutdown hooks while the main thread goes on, and exits as soon as they return; a
 * hook that waited for "engine closed" let the JVM exit while the main thread was still printing.
 * This one waits for the exit code, which Main hands over only after everything is printed and
 * flushed. The bound ({@code ops.stop.timeout}) is the main thread's to keep: past it, it halts the
 * engine and prints what was left. The hook's own wait is the bound plus {@link #SLACK_NS}, a last
 * resort for a main thread that never returns.
 */
final class GracefulStop {
    /** Exit code of a stop that passed {@code ops.stop.timeout}: trading halted, work left. */
    static final int TIMED_OUT = 3;

    /**
     * Beyond the bound, what closing the journals and printing may take before the hook gives up.
     */
    static final long SLACK_NS = TimeUnit.SECONDS.toNanos(15);

    /** The exit code Main is about to exit with; the hook of a stopping command waits for it. */
    private static final CountDownLatch EXITING = new CountDownLatch(1);

    private static volatile int exitCode;

    private final long timeoutNs;
    private final Runnable onSignal;
    private final Thread hook;
    private volatile long signalledAtNs;
    private volatile boolean signalled;

    /**
     * @param timeoutNs {@code ops.stop.timeout}
     * @param onSignal what the signal sets going (stop the engine and the feed); runs on the hook's
     *     thread and must not block
     */
    GracefulStop(long timeoutNs, Runnable onSignal) {
        this.timeoutNs = timeoutNs;
        this.onSignal = onSignal;
        this.hook = new Thread(this::onShutdown, "tickring-stop");
    }

    /** Called by {@link Main#main} once everything is printed: the code the process exits with. */
    static void exiting(int code) {
        exitCode = code;
        EXITING.countDown();
    }

    void install() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Removes the hook if no signal came; after a signal it stays, and waits for {@link #exiting}.
     */
    void uninstall() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // SIGTERM or SIGINT: the hook is running and waits for Main's exit code.
        }
    }

    /** True once SIGTERM or SIGINT (or any other JVM shutdown) has started the stop. */
    boolean signalled() {
        return signalled;
    }

    /** True if the stop has run longer than {@code ops.stop.timeout} at {@code nowNs}. */
    boolean pastBound(long nowNs) {
        return signalled && nowNs - signalledAtNs > timeoutNs;
    }

    /** Nanoseconds since the signal at {@code nowNs}, or -1 if none came. */
    long sinceSignalNs(long nowNs) {
        return signalled ? nowNs - signalledAtNs : -1;
    }

    long timeoutNs() {
        return timeoutNs;
    }

    private void onShutdown() {
        signalledAtNs = System.nanoTime();
        signalled = true;
        onSignal.run();
        boolean exited = false;
        try {
            exited = EXITING.await(timeoutNs + SLACK_NS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!exited) {
            System.err.printf(
                    "stop: the run did not end within %.1f s of the signal; exiting %d%n",
                    (timeoutNs + SLACK_NS) / 1e9, TIMED_OUT);
        }
        System.out.flush();
        System.err.flush();
        // The JVM would exit 128 + the signal's number once the hooks return; the command's own
        // code says how the stop went. Everything is printed, flushed and closed by now.
        Runtime.getRuntime().halt(exited ? exitCode : TIMED_OUT);
    }
}
