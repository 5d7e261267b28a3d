package io.tickring.engine.overlay;

import io.tickring.adapters.llm.SentimentResult;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import java.util.List;

/**
 * One result on its way into the ring: the SENTIMENT event it becomes (instrument, event time,
 * score, confidence, provenance id) and what its provenance line says.
 *
 * @param id the provenance id, carried by the event as {@code sentimentSourceId}
 * @param timeNs when the result may be used: the headline's receipt plus the scoring's latency
 * @param instrumentId the registry's id of the result's symbol
 * @param result the validated score and its provenance
 * @param headlineHashes content hashes of the headlines it scored
 */
record ScoredItem(
        int id,
        long timeNs,
        int instrumentId,
        SentimentResult result,
        List<String> headlineHashes) {
    /** Writes the SENTIMENT event into {@code e}'s input fields (the rest cleared). */
    void fill(RingEvent e, long receiveTimeNs) {
        e.clearInput();
        e.type = EventType.SENTIMENT;
        e.instrumentId = instrumentId;
        e.exchangeTimeNs = timeNs;
        e.receiveTimeNs = receiveTimeNs;
        e.sentimentScore = result.sentiment();
        e.sentimentConfidence = result.confidence();
        e.sentimentSourceId = id;
    }
}
