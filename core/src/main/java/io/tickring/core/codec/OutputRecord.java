package io.tickring.core.codec;

/**
 * A decoded output record (DECISION, RISK, ORDER, CANCEL or SHADOW_EXEC), reused by readers. A
 * SHADOW_EXEC puts its last price in {@link #px}, its last quantity in {@link #qty} and its reject
 * reason in {@link #reason}.
 */
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

    /** SHADOW_EXEC: the ExecType. */
    public byte execType;

    /** SHADOW_EXEC: quantity still working after the report. */
    public long leavesQty;

    /** SHADOW_EXEC: quantity filled so far. */
    public long cumQty;

    /** SHADOW_EXEC: the fill's fee in the settlement currency's money units. */
    public long fee;

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
                && px == other.px
                && execType == other.execType
                && leavesQty == other.leavesQty
                && cumQty == other.cumQty
                && fee == other.fee;
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
        execType = 0;
        leavesQty = 0;
        cumQty = 0;
        fee = 0;
    }
}
