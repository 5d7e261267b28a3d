package io.tickring.core.codec;

import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.codec.sbe.BookDecoder;
import io.tickring.core.codec.sbe.BookEncoder;
import io.tickring.core.codec.sbe.CancelDecoder;
import io.tickring.core.codec.sbe.CancelEncoder;
import io.tickring.core.codec.sbe.ControlDecoder;
import io.tickring.core.codec.sbe.ControlEncoder;
import io.tickring.core.codec.sbe.DecisionDecoder;
import io.tickring.core.codec.sbe.DecisionEncoder;
import io.tickring.core.codec.sbe.ExecReportDecoder;
import io.tickring.core.codec.sbe.ExecReportEncoder;
import io.tickring.core.codec.sbe.GroupSizeEncodingDecoder;
import io.tickring.core.codec.sbe.OrderDecoder;
import io.tickring.core.codec.sbe.OrderEncoder;
import io.tickring.core.codec.sbe.QuoteDecoder;
import io.tickring.core.codec.sbe.QuoteEncoder;
import io.tickring.core.codec.sbe.RecordHeaderDecoder;
import io.tickring.core.codec.sbe.RecordHeaderEncoder;
import io.tickring.core.codec.sbe.RiskDecoder;
import io.tickring.core.codec.sbe.RiskEncoder;
import io.tickring.core.codec.sbe.SentimentDecoder;
import io.tickring.core.codec.sbe.SentimentEncoder;
import io.tickring.core.codec.sbe.SessionDecoder;
import io.tickring.core.codec.sbe.SessionEncoder;
import io.tickring.core.codec.sbe.ShadowExecDecoder;
import io.tickring.core.codec.sbe.ShadowExecEncoder;
import io.tickring.core.codec.sbe.TimerDecoder;
import io.tickring.core.codec.sbe.TimerEncoder;
import io.tickring.core.codec.sbe.TradeDecoder;
import io.tickring.core.codec.sbe.TradeEncoder;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;

/**
 * Records of the schema versions the generated flyweights read (2 up to {@link
 * RecordHeader#SCHEMA_VERSION}) and write (the current one). The layout is the schema's; nothing
 * here knows an offset. The flyweights are mutable, so each thread gets its own set ({@link
 * #local()}): after a thread's first record, encoding and decoding allocate nothing (a thread-local
 * lookup, then {@code wrap} calls on reused objects). The checks are static and stateless.
 *
 * <p>A record of an older schema version decodes through the same flyweights, wrapped with the
 * record's own version and root block length: SBE decoders return the null value for fields added
 * after the record's version ({@code sinceVersion}), so adding a field is a schema change only.
 */
final class SchemaCodec {
    private static final ThreadLocal<SchemaCodec> LOCAL = ThreadLocal.withInitial(SchemaCodec::new);

    private static final int HEADER = RecordHeaderDecoder.ENCODED_LENGTH;
    private static final int LEVEL = BookEncoder.LevelsEncoder.sbeBlockLength();

    /**
     * Whether a plain load reads the schema's little-endian longs as they are: true on x86 and ARM;
     * a big-endian machine takes the checked path.
     */
    private static final boolean NATIVE_LITTLE_ENDIAN =
            ByteOrder.nativeOrder() == BookDecoder.BYTE_ORDER;

    private static final int GROUP_HEADER = BookEncoder.LevelsEncoder.HEADER_SIZE;
    private static final int ASK_PX = BookDecoder.LevelsDecoder.askPxEncodingOffset();
    private static final int ASK_QTY = BookDecoder.LevelsDecoder.askQtyEncodingOffset();
    private static final int BID_PX = BookDecoder.LevelsDecoder.bidPxEncodingOffset();
    private static final int BID_QTY = BookDecoder.LevelsDecoder.bidQtyEncodingOffset();
    private static final int VAR_HEADER = SessionEncoder.payloadHeaderLength();

    /**
     * The first schema version these flyweights read (version 1 was hand-written: {@link V1Codec}).
     */
    static final int FIRST_VERSION = 2;

    /** Largest input record of the current version other than SESSION. */
    static final int MAX_FIXED_INPUT = maxFixedInput();

    /** Largest output record of the current version. */
    static final int MAX_OUTPUT =
            HEADER
                    + Math.max(
                            Math.max(DecisionEncoder.BLOCK_LENGTH, RiskEncoder.BLOCK_LENGTH),
                            Math.max(
                                    Math.max(OrderEncoder.BLOCK_LENGTH, CancelEncoder.BLOCK_LENGTH),
                                    ShadowExecEncoder.BLOCK_LENGTH));

    private final RecordHeaderEncoder headerEncoder = new RecordHeaderEncoder();
    private final RecordHeaderDecoder headerDecoder = new RecordHeaderDecoder();
    private final SessionEncoder sessionEncoder = new SessionEncoder();
    private final SessionDecoder sessionDecoder = new SessionDecoder();
    private final BookEncoder bookEncoder = new BookEncoder();
    private final TradeEncoder tradeEncoder = new TradeEncoder();
    private final TradeDecoder tradeDecoder = new TradeDecoder();
    private final SentimentEncoder sentimentEncoder = new SentimentEncoder();
    private final SentimentDecoder sentimentDecoder = new SentimentDecoder();
    private final ExecReportEncoder execEncoder = new ExecReportEncoder();
    private final ExecReportDecoder execDecoder = new ExecReportDecoder();
    private final TimerEncoder timerEncoder = new TimerEncoder();
    private final TimerDecoder timerDecoder = new TimerDecoder();
    private final ControlEncoder controlEncoder = new ControlEncoder();
    private final ControlDecoder controlDecoder = new ControlDecoder();
    private final DecisionEncoder decisionEncoder = new DecisionEncoder();
    private final DecisionDecoder decisionDecoder = new DecisionDecoder();
    private final RiskEncoder riskEncoder = new RiskEncoder();
    private final RiskDecoder riskDecoder = new RiskDecoder();
    private final OrderEncoder orderEncoder = new OrderEncoder();
    private final OrderDecoder orderDecoder = new OrderDecoder();
    private final CancelEncoder cancelEncoder = new CancelEncoder();
    private final CancelDecoder cancelDecoder = new CancelDecoder();
    private final ShadowExecEncoder shadowEncoder = new ShadowExecEncoder();
    private final ShadowExecDecoder shadowDecoder = new ShadowExecDecoder();
    private final QuoteEncoder quoteEncoder = new QuoteEncoder();
    private final QuoteDecoder quoteDecoder = new QuoteDecoder();

    SchemaCodec() {}

    /** This thread's flyweights. */
    static SchemaCodec local() {
        return LOCAL.get();
    }

    private static int maxFixedInput() {
        int book = HEADER + BookEncoder.BLOCK_LENGTH + GROUP_HEADER + LEVEL * RingEvent.MAX_LEVELS;
        int others =
                Math.max(
                        Math.max(TradeEncoder.BLOCK_LENGTH, SentimentEncoder.BLOCK_LENGTH),
                        Math.max(
                                Math.max(ExecReportEncoder.BLOCK_LENGTH, TimerEncoder.BLOCK_LENGTH),
                                Math.max(ControlEncoder.BLOCK_LENGTH, QuoteEncoder.BLOCK_LENGTH)));
        return Math.max(book, HEADER + others);
    }

    /** The root block length of record type {@code type}, or -1 if the type is unknown. */
    static int blockLength(int type) {
        switch (type) {
            case EventType.SESSION:
                return SessionDecoder.BLOCK_LENGTH;
            case EventType.BOOK:
                return BookDecoder.BLOCK_LENGTH;
            case EventType.TRADE:
                return TradeDecoder.BLOCK_LENGTH;
            case EventType.SENTIMENT:
                return SentimentDecoder.BLOCK_LENGTH;
            case EventType.EXEC_REPORT:
                return ExecReportDecoder.BLOCK_LENGTH;
            case EventType.TIMER:
                return TimerDecoder.BLOCK_LENGTH;
            case EventType.CONTROL:
                return ControlDecoder.BLOCK_LENGTH;
            case EventType.QUOTE:
                return QuoteDecoder.BLOCK_LENGTH;
            case EventType.DECISION:
                return DecisionDecoder.BLOCK_LENGTH;
            case EventType.RISK:
                return RiskDecoder.BLOCK_LENGTH;
            case EventType.ORDER:
                return OrderDecoder.BLOCK_LENGTH;
            case EventType.CANCEL:
                return CancelDecoder.BLOCK_LENGTH;
            case EventType.SHADOW_EXEC:
                return ShadowExecDecoder.BLOCK_LENGTH;
            default:
                return -1;
        }
    }

    /** The encoded length of input event {@code e}. */
    static int inputLength(RingEvent e) {
        switch (e.type) {
            case EventType.BOOK:
                return HEADER + BookEncoder.BLOCK_LENGTH + GROUP_HEADER + LEVEL * e.levels;
            case EventType.SESSION:
                return HEADER + SessionEncoder.BLOCK_LENGTH + VAR_HEADER + e.sessionLength;
            default:
                if (!EventType.isInput(e.type)) {
                    throw new IllegalArgumentException("not an input event type: " + e.type);
                }
                return HEADER + blockLength(e.type);
        }
    }

    /** True if the flyweights read records of schema version {@code version}. */
    static boolean reads(int version) {
        return version >= FIRST_VERSION && version <= RecordHeader.SCHEMA_VERSION;
    }

    /**
     * Checks a record of a version these flyweights read: schema id, type, and that its root block,
     * group or variable data lie inside {@code length} bytes, so the flyweights never read past the
     * record. A record of the current version must have at least the current root block; one of an
     * older version has the block its writer gave it, which the decoder honours.
     */
    static void check(DirectBuffer b, int off, int length, String where) {
        int schemaId =
                b.getShort(
                                off + RecordHeaderDecoder.schemaIdEncodingOffset(),
                                RecordHeaderDecoder.BYTE_ORDER)
                        & 0xFFFF;
        if (schemaId != RecordHeaderDecoder.SCHEMA_ID) {
            throw new JournalFormatException(
                    where,
                    "schema id "
                            + schemaId
                            + " is not tickring's ("
                            + RecordHeaderDecoder.SCHEMA_ID
                            + ")");
        }
        int type = RecordHeader.type(b, off);
        int minBlock = blockLength(type);
        if (minBlock < 0) {
            throw new JournalFormatException(where, "unknown record type " + type);
        }
        int block =
                b.getShort(
                                off + RecordHeaderDecoder.blockLengthEncodingOffset(),
                                RecordHeaderDecoder.BYTE_ORDER)
                        & 0xFFFF;
        if (block < minBlock && RecordHeader.version(b, off) == RecordHeader.SCHEMA_VERSION) {
            throw new JournalFormatException(
                    where,
                    EventType.name(type)
                            + " record's block is "
                            + block
                            + " bytes, the type needs "
                            + minBlock);
        }
        long end = HEADER + (long) block;
        if (type == EventType.BOOK && end + GROUP_HEADER <= length) {
            int p = off + (int) end;
            int entry =
                    b.getShort(
                                    p + GroupSizeEncodingDecoder.blockLengthEncodingOffset(),
                                    RecordHeaderDecoder.BYTE_ORDER)
                            & 0xFFFF;
            int levels =
                    b.getShort(
                                    p + GroupSizeEncodingDecoder.numInGroupEncodingOffset(),
                                    RecordHeaderDecoder.BYTE_ORDER)
                            & 0xFFFF;
            if (levels > RingEvent.MAX_LEVELS || entry < LEVEL) {
                throw new JournalFormatException(
                        where,
                        "BOOK record says "
                                + levels
                                + " levels of "
                                + entry
                                + " bytes (max "
                                + RingEvent.MAX_LEVELS
                                + " levels of at least "
                                + LEVEL
                                + " bytes)");
            }
            end += GROUP_HEADER + (long) levels * entry;
        } else if (type == EventType.BOOK) {
            end += GROUP_HEADER;
        } else if (type == EventType.SESSION && end + VAR_HEADER <= length) {
            long payload = b.getInt(off + (int) end, RecordHeaderDecoder.BYTE_ORDER) & 0xFFFF_FFFFL;
            end += VAR_HEADER + payload;
        } else if (type == EventType.SESSION) {
            end += VAR_HEADER;
        }
        if (end > length) {
            throw new JournalFormatException(
                    where,
                    "truncated "
                            + EventType.name(type)
                            + " record: it needs "
                            + end
                            + " bytes, "
                            + length
                            + " present");
        }
    }

    // ------------------------------------------------------------------------------------ inputs

    int encodeInput(RingEvent e, MutableDirectBuffer b, int off) {
        int limit;
        switch (e.type) {
            case EventType.BOOK:
                bookEncoder.wrapAndApplyHeader(b, off, headerEncoder);
                BookEncoder.LevelsEncoder levels = bookEncoder.levelsCount(e.levels);
                for (int k = 0; k < e.levels; k++) {
                    levels.next()
                            .askPx(e.askPx[k])
                            .askQty(e.askQty[k])
                            .bidPx(e.bidPx[k])
                            .bidQty(e.bidQty[k]);
                }
                limit = bookEncoder.limit();
                break;
            case EventType.TRADE:
                tradeEncoder
                        .wrapAndApplyHeader(b, off, headerEncoder)
                        .price(e.tradePx)
                        .quantity(e.tradeQty)
                        .aggressor(e.tradeAggressor);
                limit = tradeEncoder.limit();
                break;
            case EventType.SENTIMENT:
                sentimentEncoder
                        .wrapAndApplyHeader(b, off, headerEncoder)
                        .score(e.sentimentScore)
                        .confidence(e.sentimentConfidence)
                        .sourceId(e.sentimentSourceId);
                limit = sentimentEncoder.limit();
                break;
            case EventType.EXEC_REPORT:
                execEncoder
                        .wrapAndApplyHeader(b, off, headerEncoder)
                        .orderId(e.execOrderId)
                        .lastPx(e.execLastPx)
                        .lastQty(e.execLastQty)
                        .leavesQty(e.execLeavesQty)
                        .cumQty(e.execCumQty)
                        .fee(e.execFee)
                        .rejectReason(e.execRejectReason)
                        .execType(e.execType)
                        .side(e.execSide);
                limit = execEncoder.limit();
                break;
            case EventType.TIMER:
                timerEncoder.wrapAndApplyHeader(b, off, headerEncoder).tick(e.timerTick);
                limit = timerEncoder.limit();
                break;
            case EventType.CONTROL:
                controlEncoder
                        .wrapAndApplyHeader(b, off, headerEncoder)
                        .paramValue(e.controlParamValue)
                        .paramId(e.controlParamId)
                        .code(e.controlCode);
                limit = controlEncoder.limit();
                break;
            case EventType.QUOTE:
                quoteEncoder
                        .wrapAndApplyHeader(b, off, headerEncoder)
                        .bidPx(e.quoteBidPx)
                        .bidQty(e.quoteBidQty)
                        .askPx(e.quoteAskPx)
                        .askQty(e.quoteAskQty);
                limit = quoteEncoder.limit();
                break;
            case EventType.SESSION:
                sessionEncoder
                        .wrapAndApplyHeader(b, off, headerEncoder)
                        .putPayload(e.sessionPayload, 0, e.sessionLength);
                limit = sessionEncoder.limit();
                break;
            default:
                throw new IllegalArgumentException("not an input event type: " + e.type);
        }
        finishHeader(e, e.sequence);
        return limit - off;
    }

    /**
     * The header fields after the ones {@code wrapAndApplyHeader} wrote; the CRC is the journal's.
     */
    private void finishHeader(RingEvent e, long sequence) {
        headerEncoder
                .instrumentId(e.instrumentId)
                .sequence(sequence)
                .exchangeTimeNs(e.exchangeTimeNs)
                .receiveTimeNs(e.receiveTimeNs)
                .flags(0)
                .crc(0);
    }

    /** Decodes a checked input record into {@code e}, whose input part is already cleared. */
    void decodeInput(DirectBuffer b, int off, RingEvent e) {
        RecordHeaderDecoder h = headerDecoder.wrap(b, off);
        e.type = h.templateId();
        e.instrumentId = h.instrumentId();
        e.sequence = h.sequence();
        e.exchangeTimeNs = h.exchangeTimeNs();
        e.receiveTimeNs = h.receiveTimeNs();
        int body = off + HEADER;
        int block = h.blockLength();
        int version = h.version();
        switch (e.type) {
            case EventType.BOOK:
                // Straight from the group's bytes at the generated offsets: check() has already
                // bounded the count and the entry size and placed the group inside the record,
                // which the flyweight would check again per level.
                int group = body + block;
                int entry =
                        b.getShort(
                                        group
                                                + GroupSizeEncodingDecoder
                                                        .blockLengthEncodingOffset(),
                                        BookDecoder.BYTE_ORDER)
                                & 0xFFFF;
                int n =
                        b.getShort(
                                        group + GroupSizeEncodingDecoder.numInGroupEncodingOffset(),
                                        BookDecoder.BYTE_ORDER)
                                & 0xFFFF;
                e.levels = n;
                int at = group + GROUP_HEADER;
                if (NATIVE_LITTLE_ENDIAN && n > 0) {
                    // One bounds check for the whole group, then plain loads: the per-read checks
                    // of getLong were a tenth of the Sequencer's decode.
                    b.boundsCheck(at, n * entry);
                    byte[] array = b.byteArray();
                    long address = b.addressOffset() + at;
                    for (int k = 0; k < n; k++, address += entry) {
                        e.askPx[k] = UnsafeApi.getLong(array, address + ASK_PX);
                        e.askQty[k] = UnsafeApi.getLong(array, address + ASK_QTY);
                        e.bidPx[k] = UnsafeApi.getLong(array, address + BID_PX);
                        e.bidQty[k] = UnsafeApi.getLong(array, address + BID_QTY);
                    }
                    break;
                }
                for (int k = 0; k < n; k++, at += entry) {
                    e.askPx[k] = b.getLong(at + ASK_PX, BookDecoder.BYTE_ORDER);
                    e.askQty[k] = b.getLong(at + ASK_QTY, BookDecoder.BYTE_ORDER);
                    e.bidPx[k] = b.getLong(at + BID_PX, BookDecoder.BYTE_ORDER);
                    e.bidQty[k] = b.getLong(at + BID_QTY, BookDecoder.BYTE_ORDER);
                }
                break;
            case EventType.TRADE:
                TradeDecoder t = tradeDecoder.wrap(b, body, block, version);
                e.tradePx = t.price();
                e.tradeQty = t.quantity();
                e.tradeAggressor = t.aggressor();
                break;
            case EventType.SENTIMENT:
                SentimentDecoder s = sentimentDecoder.wrap(b, body, block, version);
                e.sentimentScore = s.score();
                e.sentimentConfidence = s.confidence();
                e.sentimentSourceId = s.sourceId();
                break;
            case EventType.EXEC_REPORT:
                ExecReportDecoder x = execDecoder.wrap(b, body, block, version);
                e.execOrderId = x.orderId();
                e.execLastPx = x.lastPx();
                e.execLastQty = x.lastQty();
                e.execLeavesQty = x.leavesQty();
                e.execCumQty = x.cumQty();
                e.execFee = x.fee();
                e.execRejectReason = x.rejectReason();
                e.execType = x.execType();
                e.execSide = x.side();
                break;
            case EventType.TIMER:
                e.timerTick = timerDecoder.wrap(b, body, block, version).tick();
                break;
            case EventType.CONTROL:
                ControlDecoder c = controlDecoder.wrap(b, body, block, version);
                e.controlParamValue = c.paramValue();
                e.controlParamId = c.paramId();
                e.controlCode = c.code();
                break;
            case EventType.QUOTE:
                QuoteDecoder q = quoteDecoder.wrap(b, body, block, version);
                e.quoteBidPx = q.bidPx();
                e.quoteBidQty = q.bidQty();
                e.quoteAskPx = q.askPx();
                e.quoteAskQty = q.askQty();
                break;
            case EventType.SESSION:
                SessionDecoder session = sessionDecoder.wrap(b, body, block, version);
                int length = session.payloadLength();
                e.sessionPayload.putBytes(
                        0, b, session.limit() + SessionDecoder.payloadHeaderLength(), length);
                e.sessionLength = length;
                break;
            default:
                throw new IllegalStateException("not an input type: " + e.type);
        }
    }

    // ----------------------------------------------------------------------------------- outputs

    int encodeDecision(RingEvent e, MutableDirectBuffer b, int off) {
        decisionEncoder
                .wrapAndApplyHeader(b, off, headerEncoder)
                .pUp(e.pUp)
                .pFlat(e.pFlat)
                .pDown(e.pDown)
                .confidence(e.intentConfidence)
                .quantity(e.intentQty)
                .limitPx(e.intentPx)
                .side(e.intentSide)
                .orderType(e.intentOrderType);
        finishHeader(e, e.sequence);
        return decisionEncoder.limit() - off;
    }

    int encodeRisk(RingEvent e, MutableDirectBuffer b, int off) {
        riskEncoder
                .wrapAndApplyHeader(b, off, headerEncoder)
                .approvedQty(e.approvedQty)
                .requestedQty(e.intentQty)
                .reason(e.riskReason)
                .verdict(e.riskVerdict);
        finishHeader(e, e.sequence);
        return riskEncoder.limit() - off;
    }

    int encodeOrder(
            RingEvent cause,
            long orderId,
            byte side,
            byte orderType,
            byte tif,
            long qty,
            long px,
            MutableDirectBuffer b,
            int off) {
        orderEncoder
                .wrapAndApplyHeader(b, off, headerEncoder)
                .orderId(orderId)
                .quantity(qty)
                .limitPx(px)
                .side(side)
                .orderType(orderType)
                .timeInForce(tif);
        finishHeader(cause, cause.sequence);
        return orderEncoder.limit() - off;
    }

    int encodeCancel(RingEvent cause, long orderId, int reason, MutableDirectBuffer b, int off) {
        cancelEncoder.wrapAndApplyHeader(b, off, headerEncoder).orderId(orderId).reason(reason);
        finishHeader(cause, cause.sequence);
        return cancelEncoder.limit() - off;
    }

    int encodeShadowExec(RingEvent report, long sequence, MutableDirectBuffer b, int off) {
        shadowEncoder
                .wrapAndApplyHeader(b, off, headerEncoder)
                .orderId(report.execOrderId)
                .lastPx(report.execLastPx)
                .lastQty(report.execLastQty)
                .leavesQty(report.execLeavesQty)
                .cumQty(report.execCumQty)
                .fee(report.execFee)
                .rejectReason(report.execRejectReason)
                .execType(report.execType)
                .side(report.execSide);
        finishHeader(report, sequence);
        return shadowEncoder.limit() - off;
    }

    /** Decodes a checked output record into {@code r}, already cleared. */
    void decodeOutput(DirectBuffer b, int off, OutputRecord r) {
        RecordHeaderDecoder h = headerDecoder.wrap(b, off);
        r.type = h.templateId();
        r.sequence = h.sequence();
        r.instrumentId = h.instrumentId();
        r.exchangeTimeNs = h.exchangeTimeNs();
        r.receiveTimeNs = h.receiveTimeNs();
        int body = off + HEADER;
        int block = h.blockLength();
        int version = h.version();
        switch (r.type) {
            case EventType.DECISION:
                DecisionDecoder d = decisionDecoder.wrap(b, body, block, version);
                r.pUp = d.pUp();
                r.pFlat = d.pFlat();
                r.pDown = d.pDown();
                r.confidence = d.confidence();
                r.qty = d.quantity();
                r.px = d.limitPx();
                r.side = d.side();
                r.orderType = d.orderType();
                break;
            case EventType.RISK:
                RiskDecoder k = riskDecoder.wrap(b, body, block, version);
                r.qty = k.approvedQty();
                r.requestedQty = k.requestedQty();
                r.reason = k.reason();
                r.verdict = k.verdict();
                break;
            case EventType.ORDER:
                OrderDecoder o = orderDecoder.wrap(b, body, block, version);
                r.orderId = o.orderId();
                r.qty = o.quantity();
                r.px = o.limitPx();
                r.side = o.side();
                r.orderType = o.orderType();
                r.tif = o.timeInForce();
                break;
            case EventType.CANCEL:
                CancelDecoder c = cancelDecoder.wrap(b, body, block, version);
                r.orderId = c.orderId();
                r.reason = c.reason();
                break;
            case EventType.SHADOW_EXEC:
                ShadowExecDecoder x = shadowDecoder.wrap(b, body, block, version);
                r.orderId = x.orderId();
                r.px = x.lastPx();
                r.qty = x.lastQty();
                r.leavesQty = x.leavesQty();
                r.cumQty = x.cumQty();
                r.fee = x.fee();
                r.reason = x.rejectReason();
                r.execType = x.execType();
                r.side = x.side();
                break;
            default:
                throw new IllegalStateException("not an output type: " + r.type);
        }
    }
}
