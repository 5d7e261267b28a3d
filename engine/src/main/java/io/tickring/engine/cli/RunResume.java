package io.tickring.engine.cli;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.ExecRejectReason;
import io.tickring.core.RingEvent;
import io.tickring.core.SessionRecord;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.RecordHeader;
import io.tickring.engine.config.ConfigLoader;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.stage.model.Scorer;
import io.tickring.journal.EndMarker;
import io.tickring.journal.JournalInspector;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.QueueFactory;
import io.tickring.journal.RecordReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.LongArrayList;

/**
 * What {@code run --resume} checks before it continues a journal whose writer died: that it is a
 * {@code run}'s journal, unfinished, readable to its last whole record, and recorded with the
 * configuration and model this run has. Every refusal is one line naming the journal (exit 2).
 */
final class RunResume {
    /**
     * A journal ready to be continued: how many records its queues hold, and where its paper venue
     * acted on trips of the kill latch (the ring sequence and call number of each CONTROL LATCHED
     * record, in ring order).
     */
    record Plan(
            Path dir, long inRecords, long outRecords, long[] latchSequences, int[] latchCalls) {}

    private RunResume() {}

    /**
     * True if the journal at {@code dir} holds at least one whole record: a process killed before
     * it wrote its SESSION record leaves nothing to recover, and {@code run --resume} then starts
     * the run afresh in the same directory.
     */
    static boolean hasRecords(Path dir) {
        if (!Files.isDirectory(JournalPaths.in(dir))) {
            return false;
        }
        try (var files = Files.list(JournalPaths.in(dir))) {
            if (files.noneMatch(p -> p.getFileName().toString().endsWith(".cq4"))) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + JournalPaths.in(dir), e);
        }
        try (RecordReader r = new RecordReader(JournalPaths.in(dir))) {
            return r.next();
        }
    }

    /**
     * Releases the queue write locks a writer killed inside a record left held (its process is
     * dead), so the resumed run does not wait Chronicle's lock timeout for them.
     */
    static void releaseDeadWriterLocks(Path dir) {
        for (String queue : new String[] {JournalPaths.IN, JournalPaths.OUT}) {
            try {
                QueueFactory.releaseDeadWriterLock(dir.resolve(queue));
            } catch (RuntimeException notAQueue) {
                // Not a queue Chronicle can open: the checks that follow name the problem.
            }
        }
    }

    /**
     * Removes the queue files a writer killed while it created them left without a header: a {@code
     * .cq4} whose first bytes are all zero never held a record (Chronicle writes the header before
     * any), and the defensive opening path would refuse it as not a queue file. Called under the
     * writer lock, once the writer is known dead.
     */
    static void removeUnstartedQueueFiles(Path dir) {
        for (String queue : new String[] {JournalPaths.IN, JournalPaths.OUT}) {
            Path q = dir.resolve(queue);
            if (!Files.isDirectory(q)) {
                continue;
            }
            try (var files = Files.list(q)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (!f.getFileName().toString().endsWith(".cq4")) {
                        continue;
                    }
                    switch (unstarted(f)) {
                        case ZEROS -> Files.delete(f);
                        case HEADER_UNFINISHED -> {
                            // Never delete bytes we did not write whole: set the file aside,
                            // where the queue no longer sees it, and say so.
                            Path aside = f.resolveSibling(f.getFileName() + ".unfinished");
                            Files.move(f, aside, StandardCopyOption.REPLACE_EXISTING);
                            System.err.println(
                                    "run: "
                                            + f
                                            + ": its writer died while writing the file's header"
                                            + " (no record can follow an unfinished header); set"
                                            + " aside as "
                                            + aside.getFileName());
                        }
                        case STARTED -> {}
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean " + q, e);
            }
        }
    }

    /** What the first bytes of a queue file say about whether its writer began it. */
    enum Start {
        /** All zero: created, nothing written. */
        ZEROS,
        /**
         * The header document's length word still has Chronicle's not-complete bit (bit 31, set
         * while the header is written and cleared when it is whole): a record is only ever written
         * after a whole header.
         */
        HEADER_UNFINISHED,
        /** Anything else: the opening checks judge it. */
        STARTED
    }

    static Start unstarted(Path file) throws IOException {
        byte[] head = new byte[256];
        int n;
        try (var in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        boolean zeros = true;
        for (int i = 0; i < n; i++) {
            if (head[i] != 0) {
                zeros = false;
                break;
            }
        }
        if (zeros) {
            return Start.ZEROS;
        }
        if (n >= 4 && (head[3] & 0x80) != 0) {
            return Start.HEADER_UNFINISHED; // little-endian: bit 31 is the top bit of byte 3
        }
        return Start.STARTED;
    }

    /** The configuration the journal at {@code dir} recorded in its SESSION record. */
    static EngineConfig recordedConfig(Path dir) {
        SessionRecord session = JournalSession.read(dir);
        if (session.configJson() == null) {
            throw new UsageException(
                    dir + ": records no engine configuration (an import?); only a run resumes");
        }
        return ConfigLoader.fromJson(session.configJson(), dir + " SESSION");
    }

    /**
     * Checks the journal at {@code dir} for a resume with {@code cfg} and {@code scorer}, and
     * removes a stale end marker left by a process that died while it closed.
     *
     * @throws UsageException or {@link io.tickring.core.codec.JournalFormatException} naming the
     *     journal if it cannot be resumed
     */
    static Plan check(Path dir, EngineConfig cfg, Scorer scorer) {
        JournalPaths.requireJournal(dir);
        SessionRecord session = JournalSession.read(dir);
        if (!"run".equals(session.command())) {
            throw new UsageException(
                    dir
                            + ": written by 'tickring "
                            + session.command()
                            + "'; only a 'tickring run' journal can be resumed");
        }
        // A run that finished leaves two "complete" markers: nothing to resume. One that failed
        // (a full disk, a stage error, a timed-out wait) leaves "failed" markers and is resumed
        // like one whose writer died, if its records verify: that is what resuming is for.
        EndMarker.Marker inEnd = EndMarker.read(dir, JournalPaths.IN);
        EndMarker.Marker outEnd = EndMarker.read(dir, JournalPaths.OUT);
        if (inEnd != null && outEnd != null && inEnd.complete() && outEnd.complete()) {
            throw new UsageException(
                    dir
                            + ": the run that wrote it finished cleanly (in.end and out.end say"
                            + " complete); there is nothing to resume");
        }
        if (session.configDigest() != null && !session.configDigest().equals(cfg.digest())) {
            throw new UsageException(
                    dir
                            + ": recorded with configuration digest "
                            + session.configDigest()
                            + " but "
                            + cfg.sourceName()
                            + " has "
                            + cfg.digest()
                            + ": a run resumes with the configuration it was written with"
                            + " (leave out --config, --duration, --seed and --mode to use it)");
        }
        if (session.modelSha256() != null && !session.modelSha256().equals(scorer.digest())) {
            throw new UsageException(
                    dir
                            + ": recorded with a model of SHA-256 "
                            + session.modelSha256()
                            + " but "
                            + scorer.describe()
                            + " has "
                            + scorer.digest()
                            + ": a run resumes with the model it was written with");
        }
        // CRC of every record, sequence continuity; a last record whose write never finished is
        // not a record to Chronicle's reader, so it is left out here and overwritten by the
        // appender.
        JournalInspector.Stats stats = JournalInspector.verify(dir, true);
        for (String queue : new String[] {JournalPaths.IN, JournalPaths.OUT}) {
            try {
                Files.deleteIfExists(dir.resolve(queue + ".end"));
                Files.deleteIfExists(dir.resolve(queue + ".end.tmp"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the stale end marker in " + dir, e);
            }
        }
        LongArrayList sequences = new LongArrayList();
        IntArrayList calls = new IntArrayList();
        boolean killReports = false;
        RingEvent e = new RingEvent();
        try (RecordReader r = new RecordReader(JournalPaths.in(dir))) {
            while (r.next()) {
                int type = RecordHeader.type(r.buffer(), 0);
                if (type != EventType.CONTROL && type != EventType.EXEC_REPORT) {
                    continue;
                }
                InputCodec.decode(r.buffer(), 0, r.length(), e, r.where());
                if (type == EventType.CONTROL && e.controlCode == ControlCode.LATCHED) {
                    sequences.addLong(e.controlParamValue);
                    calls.addInt(e.controlParamId);
                } else if (type == EventType.EXEC_REPORT
                        && e.execRejectReason == ExecRejectReason.KILL_SWITCH) {
                    killReports = true;
                }
            }
        }
        if (killReports && sequences.isEmpty()) {
            throw new UsageException(
                    dir
                            + ": holds KILL_SWITCH reports but no LATCHED record (written by an"
                            + " older build, which did not journal where the venue acted on the"
                            + " kill); it cannot be resumed: start a new journal");
        }
        return new Plan(
                dir,
                stats.inRecords,
                stats.outRecords,
                sequences.toLongArray(),
                calls.toIntArray());
    }
}
