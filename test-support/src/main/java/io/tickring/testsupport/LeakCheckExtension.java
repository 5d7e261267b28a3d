package io.tickring.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The leak check every test runs under: fails a test that leaves a thread running, leaves a
 * Chronicle queue, appender, tailer or mapped file open, or lets an exception escape on a
 * background thread. It follows Chronicle Queue's {@code QueueTestCommon} (thread dump before and
 * after, references released, exceptions recorded), as a JUnit extension that JUnit registers by
 * itself ({@code junit-platform.properties} in this module turns on extension auto-detection), so
 * that no test class has to extend a base class or name it.
 *
 * <p>What is checked, and when:
 *
 * <ul>
 *   <li>around each test method, from before its {@code @BeforeEach} methods to after its
 *       {@code @AfterEach} methods: threads, background exceptions, Chronicle resources;
 *   <li>around each test class, from before its {@code @BeforeAll} methods to after its
 *       {@code @AfterAll} methods: threads and background exceptions. Chronicle resources are
 *       checked per method only, because Chronicle keeps one global trace set that each method
 *       starts afresh.
 * </ul>
 *
 * Threads that belong to the JVM, to Chronicle or to okhttp's shared pools are allowed (see {@link
 * AllowedThreads}); a leaked thread gets a short grace period to end (a closed resource may stop
 * its thread asynchronously) and is then reported with its stack. Run with {@code
 * -Djvm.resource.tracing=true} to have Chronicle record where each unclosed resource was created.
 */
public final class LeakCheckExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LeakCheckExtension.class);
    private static final String STATE = "state";

    /** What one scope (a class or a method) saw when it started. */
    private static final class Scope {
        final ThreadSnapshot threads = ThreadSnapshot.take();
        final UncaughtExceptionRecorder exceptions = UncaughtExceptionRecorder.install();
        final ChronicleChecks chronicle;

        Scope(boolean withChronicle) {
            chronicle = withChronicle ? ChronicleChecks.start() : problems -> {};
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(STATE, new Scope(false));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        check(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(STATE, new Scope(true));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        check(context);
    }

    private static void check(ExtensionContext context) {
        Scope scope = context.getStore(NAMESPACE).remove(STATE, Scope.class);
        if (scope == null) {
            return;
        }
        List<String> problems = new ArrayList<>();
        List<Throwable> causes = new ArrayList<>();
        // Resources first: closing them may be what ends a thread.
        scope.chronicle.finish(problems);
        List<Thread> leaked = scope.threads.leftRunning(problems);
        scope.exceptions.uninstall(problems, causes);
        // A thread a method leaked is that method's failure; its class need not report it again.
        Scope enclosing =
                context.getParent()
                        .map(p -> p.getStore(NAMESPACE).get(STATE, Scope.class))
                        .orElse(null);
        if (enclosing != null) {
            enclosing.threads.alsoExpect(leaked);
        }
        if (problems.isEmpty()) {
            return;
        }
        StringBuilder message =
                new StringBuilder("leak check failed for ")
                        .append(context.getDisplayName())
                        .append(" (")
                        .append(context.getUniqueId())
                        .append("):");
        for (String p : problems) {
            message.append("\n  - ").append(p);
        }
        AssertionError error = new AssertionError(message.toString());
        for (Throwable t : causes) {
            error.addSuppressed(t);
        }
        throw error;
    }
}
