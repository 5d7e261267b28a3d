package io.tickring.testsupport;

import java.util.List;

/**
 * Threads a test may leave behind because they are not its own: the JVM's, Chronicle's and the
 * shared pools of okhttp and JUnit. Each entry says why. Anything else that a test starts must have
 * ended by the time the test is over.
 */
final class AllowedThreads {
    private record Rule(String prefix, String why) {}

    private static final List<Rule> RULES =
            List.of(
                    // The JVM's own threads; some start lazily (the attach listener when jcmd
                    // connects).
                    new Rule("Reference Handler", "JVM"),
                    new Rule("Finalizer", "JVM"),
                    new Rule("Signal Dispatcher", "JVM"),
                    new Rule("Common-Cleaner", "JVM"),
                    new Rule("Notification Thread", "JVM"),
                    new Rule("Attach Listener", "JVM, started when a tool such as jcmd attaches"),
                    new Rule(
                            "process reaper",
                            "JDK: waits for child processes, one shared cached pool"),
                    new Rule(
                            "ForkJoinPool.commonPool-worker-",
                            "JDK: the shared common pool; idle workers end by themselves"),
                    // Surefire's fork and JUnit's shared timeout scheduler live for the whole test
                    // JVM.
                    new Rule(
                            "surefire-forkedjvm-",
                            "surefire: the forked JVM's command and ping threads"),
                    new Rule(
                            "junit-jupiter-timeout-watcher",
                            "JUnit: one shared scheduler for @Timeout"),
                    // okhttp's TaskRunner is one JVM-wide pool whose idle threads end after 60 s on
                    // their own.
                    new Rule(
                            "OkHttp TaskRunner",
                            "okhttp: the JVM-wide task runner pool, idle threads end after 60 s"),
                    // The Prometheus client (/metrics) keeps one JVM-wide scheduler thread, started
                    // once by its metrics' exemplar sampling and never stopped.
                    new Rule(
                            "prometheus-metrics-scheduler-",
                            "Prometheus client: one JVM-wide daemon scheduler, never stopped"),
                    new Rule(
                            "Okio Watchdog",
                            "okio (under okhttp): one JVM-wide timeout thread, ends after 60 s idle"),
                    // QuickFIX/J's session timer is a static single-thread scheduler shared by
                    // every
                    // initiator and acceptor of the JVM; stopping them leaves it parked.
                    new Rule(
                            "QFJ Timer",
                            "QuickFIX/J: one JVM-wide session timer, never shut down"));

    private AllowedThreads() {}

    /**
     * True if the thread is not a test's to stop. Chronicle names its long-lived background threads
     * (resource releaser, disk space checker, queue file shrinker) with a '~'; Chronicle's own
     * {@code ThreadDump} skips the same ones.
     */
    static boolean isAllowed(Thread t) {
        String name = t.getName();
        if (name.indexOf('~') >= 0) {
            return true;
        }
        for (Rule r : RULES) {
            if (name.startsWith(r.prefix())) {
                return true;
            }
        }
        return false;
    }
}
