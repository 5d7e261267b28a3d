package io.tickring.journal;

import io.tickring.core.OrderType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.TimeInForce;
import io.tickring.core.codec.OutputCodec;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the golden journal of the current schema version into the test resources. Run by hand only
 * when adding a schema version (never overwrite an existing version's golden files), from the
 * repository root after {@code mvn -o -q test-compile -pl core,journal}: {@code java $FLAGS -cp
 * "journal/target/test-classes:journal/target/classes:core/target/classes:$(cat journal/cp.txt)"
 * io.tickring.journal.GoldenJournalWriter journal/src/test/resources/golden/v<N>}, where {@code
 * journal/cp.txt} comes from {@code mvn -o -q test-compile dependency:build-classpath -pl
 * core,journal -Dmdep.outputFile=cp.txt} and {@code $FLAGS} is {@code tickring.jvm.flags} of {@code
 * config/jvm.properties}.
 */
final class GoldenJournalWriter {
    private GoldenJournalWriter() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        if (Files.exists(dir)) {
            throw new IllegalStateException(dir + " exists: golden files are never rewritten");
        }
        try (InputJournal in = new InputJournal(dir, 1L << 16);
                OutputJournal out = new OutputJournal(dir, 1L << 16)) {
            long seq = 0;
            for (int type : SampleEvents.INPUT_TYPES) {
                in.append(SampleEvents.fill(new RingEvent(), type, seq++));
            }
            RingEvent cause = GoldenJournalTest.outputCause();
            out.commit(OutputCodec.encodeDecision(cause, out.buffer(), 0));
            out.commit(OutputCodec.encodeRisk(cause, out.buffer(), 0));
            out.commit(
                    OutputCodec.encodeOrder(
                            cause,
                            11,
                            Side.BUY,
                            OrderType.LIMIT,
                            TimeInForce.IOC,
                            60,
                            305_900,
                            out.buffer(),
                            0));
            out.commit(OutputCodec.encodeCancel(cause, 11, 2, out.buffer(), 0));
        }
    }
}
