package io.tickring.core.codec;

/** A decoded output record (DECISION, RISK, ORDER or CANCEL), reused by readers. */
public final class OutputRecord {
    public int type;
    public long sequence;
    public int instrumentId;
    public long exchangeTimeNs;
    public long receiveTimeNs;
    public double pUp;
    public double pFlat;
    public double pDown;
    public double confidence;
    public byte side;
    public byte orderType;
    public byte tif;
    public byte verdict;
    public int reason;
    public long orderId;
    public long qty;
    public long requestedQty;
    public long px;

    /**
     * True if every field equals {@code other}'s; doubles compare by their bits, as the bytes of a
     * record would. How a replay compares its records with a recording of another schema version.
     */
    public boolean sameFields(OutputRecord other) {
        return type == other.type
                && sequence == other.sequence
                && instrumentId == other.instrumentId
                && exchangeTimeNs == other.exchangeTimeNs
                && receiveTimeNs == other.receiveTimeNs
                && Double.doubleToRawLongBits(pUp) == Double.doubleToRawLongBits(other.pUp)
                && Double.doubleToRawLongBits(pFlat) == Double.doubleToRawLongBits(other.pFlat)
                && Double.doubleToRawLongBits(pDown) == Double.doubleToRawLongBits(other.pDown)
                && Double.doubleToRawLongBits(confidence)
                        == Double.doubleToRawLongBits(other.confidence)
                && side == other.side
                && orderType == other.orderType
                && tif == other.tif
                && verdict == other.verdict
                && reason == other.reason
                && orderId == other.orderId
                && qty == other.qty
                && requestedQty == other.requestedQty
                && px == other.px;
    }

    void clear() {
        type = 0;
        sequence = 0;
        instrumentId = 0;
        exchangeTimeNs = 0;
        receiveTimeNs = 0;
        pUp = 0;
        pFlat = 0;
        pDown = 0;
        confidence = 0;
        side = 0;
        orderType = 0;
        tif = 0;
        verdict = 0;
        reason = 0;
        orderId = 0;
        qty = 0;
        requestedQty = 0;
        px = 0;
    }
}
