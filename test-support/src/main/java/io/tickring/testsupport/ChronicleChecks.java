package io.tickring.testsupport;

import java.util.List;

/**
 * Chronicle's resource and exception checks for one test method, when Chronicle is on the test
 * classpath (the core module has no Chronicle, and then they do nothing). The Chronicle calls live
 * in {@link ChronicleTracing}, which is loaded only when Chronicle is there.
 */
interface ChronicleChecks {
    /** Adds a problem per unreleased resource and per exception Chronicle reported, then stops. */
    void finish(List<String> problems);

    /** Starts tracing for one test method. */
    static ChronicleChecks start() {
        return Presence.CHRONICLE ? ChronicleTracing.begin() : problems -> {};
    }

    /** Whether Chronicle is on the classpath, looked up once. */
    final class Presence {
        static final boolean CHRONICLE = present();

        private Presence() {}

        private static boolean present() {
            try {
                Class.forName(
                        "net.openhft.chronicle.core.io.AbstractCloseable",
                        false,
                        ChronicleChecks.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }
    }
}
