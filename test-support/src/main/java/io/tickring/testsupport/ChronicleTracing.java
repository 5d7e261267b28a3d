package io.tickring.testsupport;

import java.util.List;
import java.util.Map;
import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.io.AbstractReferenceCounted;
import net.openhft.chronicle.core.onoes.ExceptionKey;

/**
 * Chronicle's own leak checks, as {@code QueueTestCommon} uses them: every closeable (queue,
 * appender, tailer, store) and every reference-counted resource (mapped file, mapped bytes) made
 * during the test is traced and must be closed or released at its end; warnings and errors that
 * Chronicle reports with an exception (it logs failures of its background threads rather than
 * throwing them) are recorded and fail the test.
 */
final class ChronicleTracing implements ChronicleChecks {
    /**
     * Reports that are the expected side effect of a test's own error path, by the start of their
     * message. "Failback to readonly tablestore": Chronicle's warning when a queue directory cannot
     * be written, which tests of unwritable journal directories cause on purpose.
     */
    private static final List<String> EXPECTED = List.of("Failback to readonly tablestore");

    private final Map<ExceptionKey, Integer> exceptions;

    private ChronicleTracing() {
        AbstractReferenceCounted.enableReferenceTracing();
        // No debug or perf records; only reports that carry an exception; still logged as usual.
        exceptions = Jvm.recordExceptions(false, true, true);
    }

    static ChronicleChecks begin() {
        return new ChronicleTracing();
    }

    @Override
    public void finish(List<String> problems) {
        try {
            // Also asserts that every traced closeable is closed; Chronicle closes what it reports.
            AbstractReferenceCounted.assertReferencesReleased();
        } catch (AssertionError e) {
            StringBuilder b =
                    new StringBuilder("Chronicle resources left open: ").append(e.getMessage());
            for (Throwable s : e.getSuppressed()) {
                b.append("\n        ").append(s.getMessage());
            }
            b.append(
                    "\n        (run with -Djvm.resource.tracing=true to see where each was created)");
            problems.add(b.toString());
        } finally {
            AbstractReferenceCounted.disableReferenceTracing();
        }
        synchronized (exceptions) {
            for (Map.Entry<ExceptionKey, Integer> e : exceptions.entrySet()) {
                ExceptionKey key = e.getKey();
                if (expected(key.message())) {
                    continue;
                }
                problems.add(
                        "Chronicle reported "
                                + key.level()
                                + " from "
                                + key.clazz().getName()
                                + ": "
                                + key.message()
                                + (key.throwable() == null ? "" : ": " + key.throwable()));
            }
        }
        Jvm.resetExceptionHandlers();
    }

    private static boolean expected(String message) {
        for (String e : EXPECTED) {
            if (message != null && message.startsWith(e)) {
                return true;
            }
        }
        return false;
    }
}
