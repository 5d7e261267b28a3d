package io.tickring.journal;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.InputCodec;
import io.tickring.core.codec.OutputCodec;
import io.tickring.core.codec.OutputRecord;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Rewrites a journal in schema version 1, record for record, the way the version 1 code would have
 * recorded the same run: for tests of journals "recorded before the change".
 */
public final class V1Journals {
    private V1Journals() {}

    /** Writes every record of journal {@code from} as version 1 into the new journal {@code to}. */
    public static void rewrite(Path from, Path to) {
        RingEvent e = new RingEvent();
        long inCount = 0;
        try (RecordReader r = new RecordReader(JournalPaths.in(from));
                RecordAppender w =
                        new RecordAppender(
                                JournalPaths.in(to), 1L << 20, InputJournal.MAX_RECORD)) {
            while (r.next()) {
                InputCodec.decode(r.buffer(), 0, r.length(), e, r.where());
                w.append(V1Records.encodeInput(e, w.buffer(), 0));
                inCount++;
            }
        }
        EndMarker.write(to, JournalPaths.IN, inCount, null, null);
        OutputRecord o = new OutputRecord();
        RingEvent cause = new RingEvent();
        MessageDigest sha = OutputJournal.newSha256();
        long outCount = 0;
        try (RecordReader r = new RecordReader(JournalPaths.out(from));
                RecordAppender w =
                        new RecordAppender(
                                JournalPaths.out(to), 1L << 20, OutputCodec.MAX_RECORD)) {
            while (r.next()) {
                OutputCodec.decode(r.buffer(), 0, r.length(), o, r.where());
                cause.sequence = o.sequence;
                cause.instrumentId = o.instrumentId;
                cause.exchangeTimeNs = o.exchangeTimeNs;
                cause.receiveTimeNs = o.receiveTimeNs;
                UnsafeBuffer b = w.buffer();
                int n;
                switch (o.type) {
                    case EventType.DECISION:
                        cause.pUp = o.pUp;
                        cause.pFlat = o.pFlat;
                        cause.pDown = o.pDown;
                        cause.intentConfidence = o.confidence;
                        cause.intentSide = o.side;
                        cause.intentOrderType = o.orderType;
                        cause.intentQty = o.qty;
                        cause.intentPx = o.px;
                        n = V1Records.encodeDecision(cause, b, 0);
                        break;
                    case EventType.RISK:
                        cause.riskVerdict = o.verdict;
                        cause.riskReason = o.reason;
                        cause.approvedQty = o.qty;
                        cause.intentQty = o.requestedQty;
                        n = V1Records.encodeRisk(cause, b, 0);
                        break;
                    case EventType.ORDER:
                        n =
                                V1Records.encodeOrder(
                                        cause,
                                        o.orderId,
                                        o.side,
                                        o.orderType,
                                        o.tif,
                                        o.qty,
                                        o.px,
                                        b,
                                        0);
                        break;
                    default:
                        n = V1Records.encodeCancel(cause, o.orderId, o.reason, b, 0);
                        break;
                }
                sha.update(w.scratch(), 0, n);
                w.append(n);
                outCount++;
            }
        }
        EndMarker.write(to, JournalPaths.OUT, outCount, Digests.hex(sha.digest()), null);
    }
}
