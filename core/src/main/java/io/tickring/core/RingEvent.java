package io.tickring.core;

import org.agrona.ExpandableArrayBuffer;

/**
 * The one mutable event that travels the ring: pre-allocated by the ring's event factory and
 * reused.
 *
 * <p>Prices are fixed-point {@code long}s (price × 10^scale of the instrument), quantities are
 * {@code long}s, times are nanoseconds since the epoch. The input part is written by the Sequencer
 * (decoded from an ingress queue or a journal); each output field names the stage that writes it.
 * Every stage writes all of its output fields for every event, so nothing stale survives from the
 * previous use of the slot. Allocation-free after construction.
 *
 * <p>The slot also keeps the encoded input record it was decoded from ({@link #record}), so that
 * the journal stage appends those bytes instead of encoding the event again. Memory, measured on a
 * 64-bit JVM with compressed references: about 1,300 bytes per slot, of which ~425 are the record
 * ({@value #RECORD_CAPACITY} bytes plus the buffer object and array headers), so the default ring
 * of 65,536 slots takes about 85 MB (57 MB without the record). Only a slot that carries a SESSION
 * grows.
 */
public final class RingEvent {
    /** Deepest book the schema carries. L5 is the default depth; L10 is supported. */
    public static final int MAX_LEVELS = 10;

    /**
     * Initial size of {@link #record}: the largest fixed-size input record, an L10 BOOK (a 40-byte
     * header, an 8-byte book prefix and 32 bytes per level). A test in the engine checks it against
     * the codec's {@code InputCodec.MAX_FIXED_RECORD}, which this package cannot see without a
     * cycle.
     */
    public static final int RECORD_CAPACITY = 40 + 8 + 32 * MAX_LEVELS;

    // ---------------------------------------------------------------- the encoded record, written
    // by the Sequencer
    /**
     * The encoded input record this event was decoded from, at offset 0, with the ring sequence
     * stamped in; the journal stage appends it as it is. Sized for the largest fixed-size record so
     * that it never grows in steady state; a SESSION grows it once.
     */
    public final ExpandableArrayBuffer record = new ExpandableArrayBuffer(RECORD_CAPACITY);

    /** Bytes of {@link #record} in use; 0 when the event was not decoded from a record. */
    public int recordLength;

    // ---------------------------------------------------------------- input, written by the
    // Sequencer
    /** Ring sequence of this event; the journal stores it with the record. */
    public long sequence;

    /** One of the input {@link EventType} ids. */
    public int type;

    /**
     * Instrument id from the registry; 0 for events that concern no instrument (TIMER, SESSION).
     */
    public int instrumentId;

    /** Exchange (or source) time, the time stages act on. */
    public long exchangeTimeNs;

    /** Time the adapter received the event; recorded, never used for decisions. */
    public long receiveTimeNs;

    // BOOK: levels 0..levels-1 are valid, best first.
    public int levels;
    public final long[] askPx = new long[MAX_LEVELS];
    public final long[] askQty = new long[MAX_LEVELS];
    public final long[] bidPx = new long[MAX_LEVELS];
    public final long[] bidQty = new long[MAX_LEVELS];

    // TRADE
    public long tradePx;
    public long tradeQty;

    /**
     * {@link Side#BUY} if the buyer was the aggressor, {@link Side#SELL} if the seller, else NONE.
     */
    public byte tradeAggressor;

    // QUOTE: the venue's best bid and ask with their sizes (no depth); see ARCHITECTURE.md for how
    // a QUOTE and the last BOOK interact.
    public long quoteBidPx;
    public long quoteBidQty;
    public long quoteAskPx;
    public long quoteAskQty;

    // SENTIMENT: score in [-1, 1], confidence in [0, 1].
    public double sentimentScore;
    public double sentimentConfidence;
    public int sentimentSourceId;

    // EXEC_REPORT
    public long execOrderId;

    /** One of {@link ExecType}. */
    public byte execType;

    public byte execSide;
    public long execLastPx;
    public long execLastQty;
    public long execLeavesQty;
    public long execCumQty;

    /**
     * Fee of this execution in the settlement currency at the instrument's money scale
     * (Instrument.moneyScale()).
     */
    public long execFee;

    public int execRejectReason;

    // TIMER
    /** Count of timer periods since the start of the run. */
    public long timerTick;

    // CONTROL
    /** One of {@link ControlCode}. */
    public byte controlCode;

    public int controlParamId;
    public long controlParamValue;

    // SESSION: UTF-8 JSON describing the run (config without secrets, digests, seeds, version).
    // Starts small: one SESSION arrives per run, and a 4 KB buffer in each of 65,536 slots would
    // cost 256 MB.
    public final ExpandableArrayBuffer sessionPayload = new ExpandableArrayBuffer(64);
    public int sessionLength;

    // ---------------------------------------------------------------- features stage
    /** True when the instrument has a valid two-sided book (written by the features stage). */
    public boolean bookValid;

    /** Mid price in price units (not fixed-point) (features stage). */
    public double mid;

    /** Size-weighted L1 microprice in price units (features stage). */
    public double microprice;

    /** Spread in ticks (features stage). */
    public double spreadTicks;

    /** L1 depth imbalance (bidQty - askQty) / (bidQty + askQty) (features stage). */
    public double imbalanceL1;

    /** Best bid / ask of the instrument's current book, fixed-point (features stage). */
    public long bestBidPx;

    public long bestAskPx;

    /**
     * Depth imbalance over levels 1..min(5, levels): (sum bidQty - sum askQty) / (sum of both)
     * (features stage).
     */
    public double imbalanceL5;

    /**
     * Multi-level order-flow imbalance (Cont, Kukanov and Stoikov) of this BOOK update against the
     * instrument's previous valid book, summed over levels 1..5, in quantity units; 0 on other
     * events (features stage).
     */
    public long ofi;

    /**
     * Sum of {@link #ofi} over the instrument's last {@code ofiWindow} valid BOOK updates (features
     * stage).
     */
    public long ofiWindow;

    /** Size-weighted price of both sides over levels 1..5, in price units (features stage). */
    public double depthWeightedPrice;

    /**
     * Square root of the sum of squared log mid returns over the last {@code volWindow} valid BOOK
     * updates (features stage).
     */
    public double realizedVol;

    /**
     * Mean aggressor sign (+1 buy, -1 sell, 0 none) of the instrument's last {@code tradeWindow}
     * trades (features stage).
     */
    public double tradeSignImbalance;

    /**
     * Event time since the last BOOK event that changed the instrument's book, ns (features stage).
     */
    public long timeSinceBookChangeNs;

    // ---------------------------------------------------------------- model stage
    /** True when the model scored this event (model stage). */
    public boolean scored;

    /** Class probabilities: next mid up, stationary, down (model stage). */
    public double pUp;

    public double pFlat;
    public double pDown;

    // ---------------------------------------------------------------- strategy stage
    /** {@link Side} of the intent; {@link Side#NONE} means hold (strategy stage). */
    public byte intentSide;

    /** One of {@link OrderType} (strategy stage). */
    public byte intentOrderType;

    public long intentQty;

    /** Limit price, fixed-point; 0 for market orders (strategy stage). */
    public long intentPx;

    /** Confidence in [0, 1] (strategy stage). */
    public double intentConfidence;

    /** One of {@link TimeInForce}; 0 means the router's default, IOC (strategy stage). */
    public byte intentTif;

    // ---------------------------------------------------------------- risk stage
    /** One of {@link RiskVerdict} (risk stage); NONE when there was no intent. */
    public byte riskVerdict;

    /** Reason code of a reject or clamp (risk stage). */
    public int riskReason;

    /** Quantity the gate lets through (risk stage). */
    public long approvedQty;

    /** Order id the gate assigns to an accepted intent, 0 otherwise (risk stage). */
    public long orderId;

    /**
     * Price the accepted order goes out at (risk stage): the intent's limit price, or for a market
     * intent the protection price the gate checked it at; the router sends a market intent as a
     * LIMIT IOC at this price, so nothing fills beyond what the gate checked.
     */
    public long approvedPx;

    /**
     * True when a loss trip moved the gate to HALTED or REDUCING on this event (risk stage): the
     * router cancels every open order, as on an operator HALT.
     */
    public boolean riskCancelAll;

    /**
     * Clears, before a decode, only what the record now in this event set: the header fields and
     * the body fields of its {@link #type}. The level arrays are left to the decoder, which writes
     * entries {@code [0, n)} of a BOOK and then zeroes the rest with {@link #clearLevelsFrom}, up
     * to the count returned here. A third of {@link #clearInput}'s stores for a BOOK after a BOOK,
     * which is most of a replay.
     *
     * <p>Sound only while every input field other than those of {@link #type} is zero, which holds
     * for an event whose input part only decodes and {@link #clearInput} (followed by one type's
     * fields) wrote: the ring's slots, where only the Sequencer writes inputs, and a decoder's own
     * event. An unknown type gets the full clear.
     *
     * @return how many leading level entries may be non-zero
     */
    public int clearInputForDecode() {
        int previous = type;
        int staleLevels = levels;
        recordLength = 0;
        sequence = -1;
        type = 0;
        instrumentId = 0;
        exchangeTimeNs = 0;
        receiveTimeNs = 0;
        levels = 0;
        switch (previous) {
            case EventType.BOOK:
                return staleLevels;
            case EventType.TRADE:
                clearTradeFields();
                return 0;
            case EventType.TIMER:
                timerTick = 0;
                return 0;
            case EventType.EXEC_REPORT:
                clearExecFields();
                return 0;
            default:
                clearInput();
                return 0;
        }
    }

    private void clearTradeFields() {
        tradePx = 0;
        tradeQty = 0;
        tradeAggressor = 0;
    }

    private void clearExecFields() {
        execOrderId = 0;
        execType = 0;
        execSide = 0;
        execLastPx = 0;
        execLastQty = 0;
        execLeavesQty = 0;
        execCumQty = 0;
        execFee = 0;
        execRejectReason = 0;
    }

    /** Zeroes level entries {@code [from, to)} of the four level arrays. */
    public void clearLevelsFrom(int from, int to) {
        for (int i = from; i < to; i++) {
            askPx[i] = 0;
            askQty[i] = 0;
            bidPx[i] = 0;
            bidQty[i] = 0;
        }
    }

    /**
     * Clears the input part before the Sequencer decodes a new record into this slot. The bytes of
     * {@link #record} stay (they are what is being decoded); {@link #recordLength} goes to 0.
     */
    public void clearInput() {
        recordLength = 0;
        sequence = -1;
        type = 0;
        instrumentId = 0;
        exchangeTimeNs = 0;
        receiveTimeNs = 0;
        levels = 0;
        for (int i = 0; i < MAX_LEVELS; i++) {
            askPx[i] = 0;
            askQty[i] = 0;
            bidPx[i] = 0;
            bidQty[i] = 0;
        }
        clearTradeFields();
        quoteBidPx = 0;
        quoteBidQty = 0;
        quoteAskPx = 0;
        quoteAskQty = 0;
        sentimentScore = 0;
        sentimentConfidence = 0;
        sentimentSourceId = 0;
        clearExecFields();
        timerTick = 0;
        controlCode = 0;
        controlParamId = 0;
        controlParamValue = 0;
        sessionLength = 0;
    }

    /**
     * Copies the decoded input part of {@code other} into this event. The encoded {@link #record}
     * belongs to its ring slot and is not copied; {@link #recordLength} goes to 0 here.
     */
    public void copyInputFrom(RingEvent other) {
        recordLength = 0;
        sequence = other.sequence;
        type = other.type;
        instrumentId = other.instrumentId;
        exchangeTimeNs = other.exchangeTimeNs;
        receiveTimeNs = other.receiveTimeNs;
        levels = other.levels;
        System.arraycopy(other.askPx, 0, askPx, 0, MAX_LEVELS);
        System.arraycopy(other.askQty, 0, askQty, 0, MAX_LEVELS);
        System.arraycopy(other.bidPx, 0, bidPx, 0, MAX_LEVELS);
        System.arraycopy(other.bidQty, 0, bidQty, 0, MAX_LEVELS);
        tradePx = other.tradePx;
        tradeQty = other.tradeQty;
        tradeAggressor = other.tradeAggressor;
        quoteBidPx = other.quoteBidPx;
        quoteBidQty = other.quoteBidQty;
        quoteAskPx = other.quoteAskPx;
        quoteAskQty = other.quoteAskQty;
        sentimentScore = other.sentimentScore;
        sentimentConfidence = other.sentimentConfidence;
        sentimentSourceId = other.sentimentSourceId;
        execOrderId = other.execOrderId;
        execType = other.execType;
        execSide = other.execSide;
        execLastPx = other.execLastPx;
        execLastQty = other.execLastQty;
        execLeavesQty = other.execLeavesQty;
        execCumQty = other.execCumQty;
        execFee = other.execFee;
        execRejectReason = other.execRejectReason;
        timerTick = other.timerTick;
        controlCode = other.controlCode;
        controlParamId = other.controlParamId;
        controlParamValue = other.controlParamValue;
        sessionLength = other.sessionLength;
        if (sessionLength > 0) {
            sessionPayload.putBytes(0, other.sessionPayload, 0, sessionLength);
        }
    }
}
