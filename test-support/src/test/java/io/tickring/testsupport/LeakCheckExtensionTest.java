package io.tickring.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs small test classes that leak on purpose through a JUnit launcher of their own, and checks
 * that the leak check fails them, and only them. The fixtures are static nested classes, which
 * surefire does not run by itself.
 */
class LeakCheckExtensionTest {
    static volatile CountDownLatch release;
    static volatile Thread leaked;
    static volatile SingleChronicleQueue leakedQueue;
    static volatile Path queueDir;

    @TempDir Path tmp;

    @BeforeEach
    void freshLatch() {
        // The fixtures' leaked threads never end: no need to wait the usual grace period for them.
        System.setProperty(ThreadSnapshot.GRACE_PROPERTY, "100");
        release = new CountDownLatch(1);
        leaked = null;
        leakedQueue = null;
    }

    @AfterEach
    void cleanUpWhatTheFixturesLeft() throws InterruptedException {
        System.clearProperty(ThreadSnapshot.GRACE_PROPERTY);
        release.countDown();
        if (leaked != null) {
            leaked.join();
        }
        if (leakedQueue != null) {
            leakedQueue.close();
        }
    }

    @Test
    void shouldFailATestThatLeavesAThreadRunning() {
        TestExecutionSummary summary = run(LeavesAThreadRunning.class);

        assertEquals(1, summary.getTestsFailedCount());
        String message = onlyFailure(summary).getMessage();
        assertTrue(message.contains("thread left running: 'leaky-worker' (non-daemon"), message);
        assertTrue(
                message.contains("CountDownLatch.await"), "the leaked thread's stack: " + message);
    }

    @Test
    void shouldFailATestWhoseBackgroundThreadThrew() {
        TestExecutionSummary summary = run(ThrowsOnABackgroundThread.class);

        assertEquals(1, summary.getTestsFailedCount());
        Throwable failure = onlyFailure(summary);
        assertTrue(
                failure.getMessage()
                        .contains(
                                "uncaught exception in thread 'thrower': java.lang.IllegalStateException: boom"),
                failure.getMessage());
        assertEquals("boom", failure.getSuppressed()[0].getMessage());
    }

    @Test
    void shouldFailATestThatLeavesAChronicleQueueOpen() {
        queueDir = tmp.resolve("q");
        TestExecutionSummary summary = run(LeavesAQueueOpen.class);

        assertEquals(1, summary.getTestsFailedCount());
        String message = onlyFailure(summary).getMessage();
        assertTrue(message.contains("Chronicle resources left open"), message);
        assertTrue(message.contains("StoreAppender"), message);
    }

    @Test
    void shouldFailAClassThatLeavesAThreadFromBeforeAll() {
        TestExecutionSummary summary = run(LeavesAThreadFromBeforeAll.class);

        assertEquals(0, summary.getTestsFailedCount(), "the test method itself leaked nothing");
        assertEquals(1, summary.getContainersFailedCount());
        String message = onlyFailure(summary).getMessage();
        assertTrue(message.contains("thread left running: 'class-worker'"), message);
    }

    @Test
    void shouldPassATestThatCleansUp() {
        queueDir = tmp.resolve("clean");
        TestExecutionSummary summary = run(CleansUp.class);

        assertEquals(
                List.of(),
                summary.getFailures().stream().map(f -> f.getException().toString()).toList());
        assertEquals(1, summary.getTestsSucceededCount());
    }

    private static TestExecutionSummary run(Class<?> fixture) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(fixture))
                        .configurationParameter(
                                "junit.jupiter.extensions.autodetection.enabled", "true")
                        .build(),
                listener);
        return listener.getSummary();
    }

    private static Throwable onlyFailure(TestExecutionSummary summary) {
        assertEquals(1, summary.getFailures().size());
        return summary.getFailures().get(0).getException();
    }

    static final class LeavesAThreadRunning {
        @Test
        void leaks() {
            leaked =
                    new Thread(
                            () -> {
                                try {
                                    release.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "leaky-worker");
            leaked.start();
        }
    }

    static final class ThrowsOnABackgroundThread {
        @Test
        void throwsElsewhere() throws InterruptedException {
            Thread t =
                    new Thread(
                            () -> {
                                throw new IllegalStateException("boom");
                            },
                            "thrower");
            t.start();
            t.join();
        }
    }

    static final class LeavesAQueueOpen {
        @Test
        void leaks() {
            leakedQueue = SingleChronicleQueueBuilder.binary(queueDir).build();
            try (DocumentContext dc = leakedQueue.createAppender().writingDocument()) {
                dc.wire().bytes().writeLong(1L);
            }
        }
    }

    static final class LeavesAThreadFromBeforeAll {
        @BeforeAll
        static void startWorker() {
            leaked =
                    new Thread(
                            () -> {
                                try {
                                    release.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "class-worker");
            leaked.start();
        }

        @Test
        void doesNothing() {}
    }

    static final class CleansUp {
        @Test
        void stopsItsThreadAndClosesItsQueue() throws InterruptedException {
            Thread t = new Thread(() -> {}, "short-lived");
            t.start();
            t.join();
            try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(queueDir).build()) {
                try (DocumentContext dc = q.createAppender().writingDocument()) {
                    dc.wire().bytes().writeLong(1L);
                }
            }
        }
    }
}
