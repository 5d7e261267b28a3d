package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tickring.core.SessionRecord;
import io.tickring.core.codec.RecordHeader;
import io.tickring.engine.config.ConfigLoader;
import io.tickring.engine.config.EngineConfig;
import io.tickring.engine.stage.model.MicropriceRule;
import io.tickring.engine.stage.model.Scorer;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SESSION record codec in core writes the bytes the engine used to write with Jackson, and
 * reads back what it wrote, what Jackson wrote and what importers write.
 */
class SessionRecordTest {
    static final JsonFactory JSON = new JsonFactory();
    final EngineConfig cfg = ConfigLoader.loadDefault(Map.of(), List.of());
    final Scorer scorer = new MicropriceRule();

    /** The engine's SESSION writer before the codec moved to core, kept as the reference. */
    static String jacksonSession(
            String command, EngineConfig cfg, Scorer scorer, Map<String, Object> extra)
            throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("tickring_version", EngineAssembler.VERSION);
            g.writeNumberField("schema", RecordHeader.SCHEMA_VERSION);
            g.writeStringField("command", command);
            g.writeStringField("mode", cfg.run().mode().name().toLowerCase(Locale.ROOT));
            g.writeNumberField("seed", cfg.run().seed());
            g.writeStringField("config_digest", cfg.digest());
            g.writeObjectFieldStart("model");
            g.writeStringField("kind", scorer.describe());
            g.writeStringField("sha256", scorer.digest());
            g.writeEndObject();
            for (Map.Entry<String, Object> e : extra.entrySet()) {
                g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
            }
            g.writeFieldName("config");
            g.writeRawValue(cfg.toJson());
            g.writeEndObject();
        }
        return w.toString();
    }

    @Test
    void shouldWriteTheSameBytesAsJackson() throws IOException {
        assertEquals(
                jacksonSession("demo", cfg, scorer, Map.of("source", "sim")),
                EngineAssembler.sessionJson("demo", cfg, scorer, Map.of("source", "sim")));
        Map<String, Object> awkward = new LinkedHashMap<>();
        awkward.put(
                "source",
                "C:\\journals\\\"q\"/\u00e9\u4e2d\t\n\r\b\f\u0001\u001f\u007f\ud83d\ude00");
        awkward.put("note", "");
        assertEquals(
                jacksonSession("back\"test", cfg, scorer, awkward),
                EngineAssembler.sessionJson("back\"test", cfg, scorer, awkward));
    }

    @Test
    void shouldReadBackWhatItWrote() {
        Map<String, Object> extra = Map.of("source", "C:\\in \"x\"\n\u00e9\u0002");
        SessionRecord r =
                SessionRecord.parse(EngineAssembler.sessionJson("backtest", cfg, scorer, extra));
        assertEquals(EngineAssembler.VERSION, r.tickringVersion());
        assertEquals(RecordHeader.SCHEMA_VERSION, r.schema());
        assertEquals("backtest", r.command());
        assertEquals(cfg.run().seed(), r.seed());
        assertEquals(cfg.digest(), r.configDigest());
        assertEquals(scorer.describe(), r.modelKind());
        assertEquals(scorer.digest(), r.modelSha256());
        assertEquals(Map.of("source", "C:\\in \"x\"\n\u00e9\u0002"), r.extra());
        assertEquals(cfg.toJson(), r.configJson());
        assertEquals(cfg, ConfigLoader.fromJson(r.configJson(), "SESSION"));
    }

    @Test
    void shouldTakeTheConfigurationAsJacksonCopiedIt() throws IOException {
        // Replay used to re-serialise the embedded configuration with Jackson (0.0100 became 0.01);
        // the codec
        // takes it verbatim, which is the text the digest was taken of. Both bind to the same
        // configuration.
        String json = jacksonSession("demo", cfg, scorer, Map.of("source", "sim"));
        String copied = null;
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("config")) {
                    StringWriter w = new StringWriter();
                    try (JsonGenerator g = JSON.createGenerator(w)) {
                        g.copyCurrentStructure(p);
                    }
                    copied = w.toString();
                } else {
                    p.skipChildren();
                }
            }
        }
        String verbatim = SessionRecord.parse(json).configJson();
        assertEquals(cfg.toJson(), verbatim);
        assertEquals(
                ConfigLoader.fromJson(copied, "copied"),
                ConfigLoader.fromJson(verbatim, "verbatim"));
        assertEquals(cfg.digest(), ConfigLoader.fromJson(copied, "copied").digest());
    }

    @Test
    void shouldReadAnImportersSessionAndRefuseWhatIsNotAnObject() {
        SessionRecord r =
                SessionRecord.parse(
                        " {\"importer\":\"lobster\",\"version\":3,\"files\":[\"a.csv\",{\"b\":null}],\"ok\":true,\"x\":-1.5e3} ");
        assertNull(r.configJson());
        assertNull(r.command());
        assertNull(r.modelSha256());
        assertEquals(Map.of("importer", "lobster"), r.extra());
        assertEquals(
                "not a JSON object",
                assertThrows(IllegalArgumentException.class, () -> SessionRecord.parse("[1]"))
                        .getMessage());
        assertEquals(
                "unterminated string at offset 13",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> SessionRecord.parse("{\"command\":\"x"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> SessionRecord.parse("{\"a\":1}x"));
    }
}
