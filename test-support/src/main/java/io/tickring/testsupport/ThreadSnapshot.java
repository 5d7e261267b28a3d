package io.tickring.testsupport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The live threads at the start of a scope, and the ones that are new and still alive at its end. A
 * thread is compared by identity, not by name: a test may start a thread with the name of one that
 * ended.
 */
final class ThreadSnapshot {
    /**
     * How long a new thread may take to end after the test, in ms: closing an executor, a server or
     * an agent runner can let its threads finish a moment later. A test that leaks nothing never
     * waits. Read at each check, so that the extension's own test can shorten it.
     */
    static final String GRACE_PROPERTY = "tickring.leakcheck.grace.ms";

    private static final long DEFAULT_GRACE_MS = 3_000;
    private static final int STACK_FRAMES = 12;

    private final Set<Thread> before;

    private ThreadSnapshot(Set<Thread> before) {
        this.before = before;
    }

    static ThreadSnapshot take() {
        Set<Thread> live = Collections.newSetFromMap(new IdentityHashMap<>());
        live.addAll(Thread.getAllStackTraces().keySet());
        return new ThreadSnapshot(live);
    }

    /**
     * Adds one problem per thread that started since the snapshot and is still running.
     *
     * @return those threads
     */
    List<Thread> leftRunning(List<String> problems) {
        long graceMs = Long.getLong(GRACE_PROPERTY, DEFAULT_GRACE_MS);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
        List<Thread> left = newThreads();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            left = newThreads();
        }
        for (Thread t : left) {
            problems.add(describe(t));
        }
        return left;
    }

    /**
     * Counts these threads as running before the scope started: an inner scope already reported
     * them.
     */
    void alsoExpect(List<Thread> threads) {
        before.addAll(threads);
    }

    private List<Thread> newThreads() {
        List<Thread> left = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !before.contains(t) && !AllowedThreads.isAllowed(t)) {
                left.add(t);
            }
        }
        return left;
    }

    private static String describe(Thread t) {
        StringBuilder b =
                new StringBuilder("thread left running: '")
                        .append(t.getName())
                        .append("' (")
                        .append(t.isDaemon() ? "daemon" : "non-daemon")
                        .append(", ")
                        .append(t.getState())
                        .append(')');
        StackTraceElement[] stack = t.getStackTrace();
        for (int i = 0; i < Math.min(stack.length, STACK_FRAMES); i++) {
            b.append("\n        at ").append(stack[i]);
        }
        if (stack.length > STACK_FRAMES) {
            b.append("\n        ... ").append(stack.length - STACK_FRAMES).append(" more");
        }
        return b.toString();
    }
}
