package io.tickring.engine.ops.log;

import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.JournalFormatException;
import io.tickring.core.codec.OutputCodec;
import io.tickring.core.codec.OutputRecord;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * The {@code tickring-eventlog} thread's duty: tails a running engine's own {@code in/} and {@code
 * out/} queues as they are written and logs the records of interest ({@link EventLines}). It never
 * touches the ring: the stages write the journal as they always do, and this thread reads it back
 * at its own pace, at the lowest thread priority.
 *
 * <p>The two queues are merged by ring sequence, an input before the outputs it caused, so the log
 * reads in the journal's causal order: an {@code order_sent} comes after the {@code halt} that
 * preceded it in the ring and before its {@code fill}. The merge is exact because the router only
 * writes an output after the journal stage has written its input: once an output record is read,
 * every input up to its sequence is already in {@code in/}.
 *
 * <p>Falling behind loses nothing: the journal holds every record, so a slow disk or a burst only
 * delays the lines. At the end of a run {@link #drain} reads both queues to their end.
 */
final class JournalTail implements Runnable {
    /** Sleep when both queues are read to their current end. */
    private static final long IDLE_MS = 20;

    private final Path journal;
    private final long skipIn;
    private final long skipOut;
    private final EventLines lines;
    private final Logger log;

    private RecordReader in;
    private RecordReader out;
    private final InputCodec.Decoder decoder = new InputCodec.Decoder();
    private final RingEvent event = new RingEvent();
    private boolean inPending;
    private final OutputRecord record = new OutputRecord();
    private boolean outPending;

    private volatile FeedWatch feed;
    private volatile boolean draining;
    private volatile boolean halted;
    private volatile long linesLogged;
    private volatile long recordsRead;
    private volatile boolean stopSeen;

    /**
     * @param skipIn input records already in the journal that are not logged again (a resumed run)
     * @param skipOut output records likewise
     */
    JournalTail(Path journal, long skipIn, long skipOut, EventLines lines, Logger log) {
        this.journal = journal;
        this.skipIn = skipIn;
        this.skipOut = skipOut;
        this.lines = lines;
        this.log = log;
    }

    @Override
    public void run() {
        try {
            while (!halted) {
                FeedWatch f = feed;
                if (f != null) {
                    emit(f.poll(System.nanoTime()));
                }
                if (step() == 0) {
                    if (draining) {
                        return; // the writers have closed: this was the end of both queues
                    }
                    Thread.sleep(IDLE_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The run goes on without its event log; the journal still holds every record.
            log.warn("eventlog_failed error=\"{}\" records_read={}", oneLine(e), recordsRead);
        } finally {
            close();
        }
    }

    /** One round: read one record of each queue if none is waiting, log the earlier one. */
    int step() {
        int work = 0;
        openWhenReady();
        // out/ before in/: see the class comment for why this order makes the merge exact.
        if (out != null && !outPending) {
            while (out.next()) {
                recordsRead++;
                work++;
                if (out.index() >= skipOut) {
                    OutputCodec.decode(out.buffer(), 0, out.length(), record, out.where());
                    outPending = true;
                    break;
                }
            }
        }
        if (in != null && !inPending) {
            while (in.next()) {
                recordsRead++;
                work++;
                if (in.index() >= skipIn) {
                    decoder.decode(in.buffer(), 0, in.length(), event, in.where());
                    inPending = true;
                    break;
                }
            }
        }
        if (outPending && (!inPending || record.sequence < event.sequence)) {
            emit(lines.output(record));
            outPending = false;
            work++;
        } else if (inPending) {
            String line = lines.input(event);
            if (line != null && line.startsWith(EventLines.STOP_REQUESTED)) {
                stopSeen = true;
            }
            emit(line);
            inPending = false;
            work++;
        }
        return work;
    }

    private void emit(String line) {
        if (line != null) {
            log.info(line);
            linesLogged++;
        }
    }

    private void openWhenReady() {
        if (in == null && ready(JournalPaths.in(journal))) {
            in = open(JournalPaths.in(journal));
        }
        if (out == null && ready(JournalPaths.out(journal))) {
            out = open(JournalPaths.out(journal));
        }
    }

    /**
     * Opens a queue, or returns null to try again at the next round: the checks before Chronicle
     * maps the files refuse a queue file its writer is creating at this instant (its header not yet
     * written). Once the writers have closed, a refusal is damage and ends the thread.
     */
    private RecordReader open(Path queue) {
        try {
            return new RecordReader(queue);
        } catch (JournalFormatException e) {
            if (draining) {
                throw e;
            }
            return null;
        }
    }

    /** A queue a writer has opened: its table store exists, so a read-only open is clean. */
    private static boolean ready(Path queue) {
        return Files.isRegularFile(queue.resolve("metadata.cq4t"));
    }

    /** Logs the feed's connects and disconnects from now on. */
    void watch(FeedWatch f) {
        feed = f;
    }

    /** After the writers closed: read what is left, then end. */
    void drain() {
        draining = true;
    }

    /** Ends the thread at its next round, whatever is left unread. */
    void halt() {
        halted = true;
    }

    long linesLogged() {
        return linesLogged;
    }

    long recordsRead() {
        return recordsRead;
    }

    /** True if a CONTROL STOP (a graceful stop's journaled request) went by. */
    boolean stopSeen() {
        return stopSeen;
    }

    /** Closes the readers; the thread does it when it ends. */
    void close() {
        if (in != null) {
            in.close();
        }
        if (out != null) {
            out.close();
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
