package io.tickring.engine.stage.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import io.tickring.core.Side;
import io.tickring.core.instrument.Instrument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The fixtures that {@code model/parity.py} writes, read back as ring events and expectations. */
final class ParityFixtures {
    static final Path DIR = Path.of("src/test/resources/model");
    static final Instrument SIMA =
            new Instrument(
                    1,
                    "SIMA",
                    "SIM",
                    4,
                    100,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE);
    static final Instrument SIMB =
            new Instrument(
                    2,
                    "SIMB",
                    "SIM",
                    4,
                    500,
                    1,
                    "USD",
                    ZoneOffset.UTC,
                    List.of(),
                    Instrument.Fees.NONE);
    static final List<Instrument> INSTRUMENTS = List.of(SIMA, SIMB);
    static final ObjectMapper JSON = new ObjectMapper();

    private ParityFixtures() {}

    /**
     * The BOOK and TRADE events of {@code parity/events.jsonl}, in order (index = position in this
     * list).
     */
    static List<RingEvent> events() {
        List<RingEvent> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(DIR.resolve("parity/events.jsonl"))) {
                JsonNode r = JSON.readTree(line);
                String type = r.get("type").asText();
                if (!type.equals("BOOK") && !type.equals("TRADE")) {
                    continue;
                }
                RingEvent e = new RingEvent();
                e.clearInput();
                e.instrumentId = r.get("instrument").asInt();
                e.exchangeTimeNs = r.get("exch_ns").asLong();
                if (type.equals("BOOK")) {
                    e.type = EventType.BOOK;
                    e.levels = r.get("levels").asInt();
                    for (int i = 0; i < e.levels; i++) {
                        e.askPx[i] = r.get("asks").get(i).get(0).asLong();
                        e.askQty[i] = r.get("asks").get(i).get(1).asLong();
                        e.bidPx[i] = r.get("bids").get(i).get(0).asLong();
                        e.bidQty[i] = r.get("bids").get(i).get(1).asLong();
                    }
                } else {
                    e.type = EventType.TRADE;
                    e.tradePx = r.get("px").asLong();
                    e.tradeQty = r.get("qty").asLong();
                    String a = r.get("aggressor").asText();
                    e.tradeAggressor =
                            a.equals("BUY") ? Side.BUY : a.equals("SELL") ? Side.SELL : Side.NONE;
                }
                out.add(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static JsonNode json(String name) {
        try {
            return JSON.readTree(DIR.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configuration that fits {@code tiny-l5.onnx}. */
    static ModelContext tinyL5() {
        return new ModelContext()
                .kind("onnx")
                .path(DIR.resolve("tiny-l5.onnx").toString())
                .levels(5)
                .window(10)
                .normalisation("mid-zscore")
                .classOrder(List.of("down", "flat", "up"))
                .scoreEvery(1);
    }
}
