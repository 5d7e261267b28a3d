package io.tickring.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM's default uncaught-exception handler for the length of one scope: records every exception
 * that ends a thread without a handler of its own, so that the test fails instead of printing a
 * stack trace nobody reads. Scopes nest (a class, then each of its methods): each recorder restores
 * the one it replaced.
 */
final class UncaughtExceptionRecorder implements Thread.UncaughtExceptionHandler {
    private final Thread.UncaughtExceptionHandler previous;
    private final List<String> threads = new ArrayList<>();
    private final List<Throwable> exceptions = new ArrayList<>();

    private UncaughtExceptionRecorder(Thread.UncaughtExceptionHandler previous) {
        this.previous = previous;
    }

    static UncaughtExceptionRecorder install() {
        UncaughtExceptionRecorder r =
                new UncaughtExceptionRecorder(Thread.getDefaultUncaughtExceptionHandler());
        Thread.setDefaultUncaughtExceptionHandler(r);
        return r;
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        synchronized (this) {
            threads.add(t.getName());
            exceptions.add(e);
        }
        // Still print it where the JVM would have, for a reader of the test output.
        System.err.print("Exception in thread \"" + t.getName() + "\" ");
        e.printStackTrace();
    }

    /** Puts the previous handler back and adds a problem per exception recorded meanwhile. */
    synchronized void uninstall(List<String> problems, List<Throwable> causes) {
        if (Thread.getDefaultUncaughtExceptionHandler() == this) {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        for (int i = 0; i < exceptions.size(); i++) {
            problems.add(
                    "uncaught exception in thread '" + threads.get(i) + "': " + exceptions.get(i));
            causes.add(exceptions.get(i));
        }
    }
}
