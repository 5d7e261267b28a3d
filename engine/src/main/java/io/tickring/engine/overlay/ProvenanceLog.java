package io.tickring.engine.overlay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tickring.adapters.llm.SentimentResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * The side table of the SENTIMENT events: {@code DIR/sentiment.jsonl} beside the journal's queues,
 * one JSON line per scored result with the id its SENTIMENT event carries as {@code source}, and
 * what the event has no room for: provider, model, prompt hash, tokens, cost, latency, horizon,
 * rationale and the hashes of the headlines scored. A line is written before its event is offered
 * to the ring, so every journaled SENTIMENT has its line. It never holds the API key. Written off
 * the ring, by the overlay's threads; thread-safe.
 */
final class ProvenanceLog implements AutoCloseable {
    /** The file's name in the journal directory. */
    static final String FILE = "sentiment.jsonl";

    private static final JsonFactory JSON = new JsonFactory();

    private final BufferedWriter out;

    ProvenanceLog(Path journalDir) {
        try {
            Files.createDirectories(journalDir);
            out =
                    Files.newBufferedWriter(
                            journalDir.resolve(FILE),
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(journalDir.resolve(FILE) + ": cannot write", e);
        }
    }

    synchronized void write(long id, long timeNs, SentimentResult r, List<String> headlineHashes) {
        try {
            out.write(line(id, timeNs, r, headlineHashes));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String line(long id, long timeNs, SentimentResult r, List<String> headlineHashes) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeStringField(
                    "time",
                    Instant.ofEpochSecond(
                                    Math.floorDiv(timeNs, 1_000_000_000L),
                                    Math.floorMod(timeNs, 1_000_000_000L))
                            .toString());
            g.writeStringField("symbol", r.symbol());
            g.writeNumberField("sentiment", r.sentiment());
            g.writeNumberField("confidence", r.confidence());
            g.writeNumberField("horizon_minutes", r.horizonMinutes());
            g.writeStringField("provider", r.provider());
            g.writeStringField("model", r.model());
            g.writeStringField("prompt_hash", r.promptHash());
            g.writeNumberField("input_tokens", r.inputTokens());
            g.writeNumberField("output_tokens", r.outputTokens());
            g.writeNumberField("cost", java.math.BigDecimal.valueOf(r.costMicros(), 6));
            g.writeNumberField("latency_ms", r.latencyNs() / 1_000_000);
            g.writeStringField("rationale", r.rationale());
            g.writeArrayFieldStart("headlines");
            for (String h : headlineHashes) {
                g.writeString(h);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * What an earlier run on this journal scored, from its {@code DIR/sentiment.jsonl}: the hashes
     * of the headlines in its lines and the highest id. A last line cut short by a killed process
     * is skipped (its event was offered after the line was whole, so it never reached the journal).
     */
    record Scored(java.util.Set<String> headlineHashes, int maxId) {}

    static Scored read(Path journalDir) {
        Path file = journalDir.resolve(FILE);
        java.util.Set<String> hashes = new java.util.HashSet<>();
        int maxId = 0;
        if (!Files.isRegularFile(file)) {
            return new Scored(hashes, 0);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
        for (String l : lines) {
            java.util.Set<String> these = new java.util.HashSet<>();
            int id = 0;
            try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(l)) {
                if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                    continue;
                }
                while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    com.fasterxml.jackson.core.JsonToken v = p.nextToken();
                    if (key.equals("id")) {
                        id = p.getIntValue();
                    } else if (key.equals("headlines")) {
                        while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                            these.add(p.getText());
                        }
                    } else if (v.isStructStart()) {
                        p.skipChildren();
                    }
                }
            } catch (IOException tornOrForeign) {
                continue; // the line a killed writer left half-written
            }
            hashes.addAll(these);
            maxId = Math.max(maxId, id);
        }
        return new Scored(hashes, maxId);
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
