package io.tickring.adapters.importer;

import io.tickring.core.EventSink;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.JournalFormatException;
import io.tickring.journal.InputJournal;
import io.tickring.journal.JournalPaths;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The input journal an import writes to, as an {@link EventSink}. With more than one CPU it hands
 * each event, in the journal's binary encoding, through an Agrona one-to-one ring buffer to its own
 * writer thread, which owns the Chronicle queue (created, written and closed there): parsing and
 * journaling then run on two cores. With one CPU it writes in the caller's thread. Either way the
 * journal holds the same records in the same order: sequences are given before the hand-over and
 * the queue keeps order. Waiting on a full or empty queue backs off from spinning to yielding to
 * parking, so it never starves a small machine. {@link #close()} writes everything offered before
 * it and rethrows a failure of the writer thread. Allocation-free per event.
 */
public final class ImportJournal implements EventSink, AutoCloseable {
    /** System property that forces the writer thread on or off (for measurements). */
    public static final String WRITER_THREAD_PROPERTY = "tickring.import.writerThread";

    /** Queue bytes between the threads: about 18,000 L5 BOOK records of slack. */
    private static final int QUEUE_BYTES = 1 << 22;

    private final Path dir;
    private final InputJournal direct;
    private final OneToOneRingBuffer queue;
    private UnsafeBuffer pollTarget;
    private int polledLength;
    private final MessageHandler copier =
            (type, buffer, index, length) -> {
                pollTarget.putBytes(0, buffer, index, length);
                polledLength = length;
            };
    private final Thread writer;
    private final IdleStrategy producerIdle;
    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile boolean finished;
    private volatile Throwable failure;

    private ImportJournal(Path dir, boolean writerThread) {
        this.dir = dir;
        if (writerThread) {
            direct = null;
            queue =
                    new OneToOneRingBuffer(
                            new UnsafeBuffer(
                                    ByteBuffer.allocateDirect(
                                            QUEUE_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
            producerIdle = idle();
            writer = new Thread(this::write, "import-journal-writer");
            writer.setDaemon(true);
            writer.start();
            awaitOpened();
        } else {
            direct = openJournal(dir);
            queue = null;
            producerIdle = null;
            writer = null;
        }
    }

    /**
     * Checks, before any input is read, that {@code dir} can take a new journal.
     *
     * @throws ImportException naming the directory if it already holds a journal
     */
    public static void requireWritable(Path dir) {
        try {
            JournalPaths.requireWritable(dir);
        } catch (JournalFormatException e) {
            throw new ImportException(e.getMessage());
        }
    }

    /**
     * Opens a new journal in {@code dir}, with a writer thread if the machine has more than one
     * CPU, or as the system property {@value #WRITER_THREAD_PROPERTY} ({@code true} / {@code
     * false}) says.
     */
    public static ImportJournal open(Path dir) {
        String forced = System.getProperty(WRITER_THREAD_PROPERTY);
        boolean threaded =
                forced != null
                        ? Boolean.parseBoolean(forced)
                        : Runtime.getRuntime().availableProcessors() > 1;
        return open(dir, threaded);
    }

    /**
     * Opens a new journal in {@code dir}.
     *
     * @throws ImportException naming the directory if it holds a journal or cannot be created
     */
    public static ImportJournal open(Path dir, boolean writerThread) {
        requireWritable(dir);
        return new ImportJournal(dir, writerThread);
    }

    @Override
    public void onEvent(RingEvent event) {
        if (direct != null) {
            try {
                direct.append(event);
            } catch (RuntimeException e) {
                throw new ImportException(
                        dir + ": cannot write journal: " + LineReader.oneLine(e), e);
            }
            return;
        }
        while (!offer(event)) {
            checkWriter();
            producerIdle.idle();
        }
        producerIdle.reset();
    }

    private boolean offer(RingEvent event) {
        int length = InputCodec.encodedLength(event);
        int index = queue.tryClaim(event.type, length);
        if (index <= 0) {
            return false;
        }
        InputCodec.encode(event, queue.buffer(), index);
        queue.commit(index);
        return true;
    }

    /** Copies the next queued record into {@code dst}; its length, or 0 if the queue is empty. */
    private int poll(UnsafeBuffer dst) {
        pollTarget = dst;
        polledLength = 0;
        queue.read(copier, 1);
        return polledLength;
    }

    /**
     * Writes what is still queued, closes the journal, and rethrows a failure of the writer thread.
     */
    @Override
    public void close() {
        if (direct != null) {
            direct.close();
            return;
        }
        finished = true;
        boolean interrupted = false;
        while (true) {
            try {
                writer.join();
                break;
            } catch (InterruptedException e) {
                interrupted =
                        true; // the journal must still be closed by its thread before we return
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        checkWriter();
    }

    private void write() {
        InputJournal journal;
        try {
            journal = openJournal(dir);
        } catch (Throwable t) {
            failure = t;
            opened.countDown();
            return;
        }
        opened.countDown();
        try (InputJournal j = journal) {
            UnsafeBuffer buffer = new UnsafeBuffer(new byte[InputJournal.MAX_RECORD]);
            RingEvent e = new RingEvent();
            InputCodec.Decoder decoder = new InputCodec.Decoder();
            IdleStrategy idle = idle();
            while (true) {
                int n = poll(buffer);
                if (n == 0) {
                    // Everything offered before finished was set is visible now: one last look,
                    // then stop.
                    if (finished && (n = poll(buffer)) == 0) {
                        break;
                    }
                    if (n == 0) {
                        idle.idle();
                        continue;
                    }
                }
                idle.reset();
                decoder.decode(buffer, 0, n, e, "import queue");
                j.append(e);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void awaitOpened() {
        try {
            opened.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportException(dir + ": interrupted while opening the journal");
        }
        checkWriter();
    }

    private void checkWriter() {
        Throwable t = failure;
        if (t instanceof ImportException) {
            throw (ImportException) t;
        }
        if (t != null) {
            throw new ImportException(dir + ": cannot write journal: " + LineReader.oneLine(t), t);
        }
    }

    private static InputJournal openJournal(Path dir) {
        try {
            return new InputJournal(dir);
        } catch (RuntimeException e) {
            throw new ImportException(dir + ": cannot create journal: " + LineReader.oneLine(e), e);
        }
    }

    private static IdleStrategy idle() {
        return new BackoffIdleStrategy(100, 10, 1_000, 100_000);
    }
}
