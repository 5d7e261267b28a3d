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
