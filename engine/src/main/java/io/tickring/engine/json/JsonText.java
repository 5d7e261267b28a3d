package io.tickring.engine.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's one JSON writer and reader: maps, lists, strings, numbers and booleans written in
 * the maps' own order (so the same value always gives the same bytes), and read back into {@link
 * LinkedHashMap}s and lists, with jackson-core's streaming API.
 *
 * <p>Numbers are written exactly as the value holds them: a {@link BigDecimal} (money) with its own
 * digits and scale, in plain notation ({@code 0.30} stays {@code 0.30} and {@code 0.00000001} is
 * not {@code 1E-8}; never a double's {@code 0.3} or {@code 2.7322E-4}), whole numbers as integers,
 * doubles and floats in their shortest form. JSON has no NaN or infinity: a figure without a value
 * is {@code null}.
 */
public final class JsonText {
    // Money as people write it: 0.00000001 BTC, not 1E-8 (both exact; jq and Decimal parsers read
    // either).
    private static final JsonFactory JSON =
            new JsonFactoryBuilder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    private static final CharacterEscapes HTML_SAFE = new HtmlSafe();

    private JsonText() {}

    /** {@code value} as JSON text. */
    public static String write(Object value) {
        return write(value, null);
    }

    /**
     * {@code value} as JSON text that can stand inside an HTML {@code <script>} block: every {@code
     * <} in a string is written as its six-character escape (backslash, {@code u003c}), so no
     * string can close the block.
     */
    public static String writeHtmlSafe(Object value) {
        return write(value, HTML_SAFE);
    }

    /**
     * Parses one JSON value: objects become ordered maps, arrays lists, integral numbers {@link
     * Long}, other numbers {@link Double}.
     *
     * @throws IllegalArgumentException naming the problem if {@code text} is not JSON
     */
    public static Object parse(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IllegalArgumentException("empty JSON");
            }
            return read(p, t);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + firstLine(e.getMessage()), e);
        }
    }

    /** Parses a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return (Map<String, Object>) v;
    }

    private static String write(Object value, CharacterEscapes escapes) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            if (escapes != null) {
                g.setCharacterEscapes(escapes);
            }
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Number n) {
            number(g, n);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(String.valueOf(v));
        }
    }

    private static void number(JsonGenerator g, Number n) throws IOException {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            g.writeNumber(n.longValue());
        } else if (n instanceof BigDecimal d) {
            g.writeNumber(d); // exact: money keeps its digits and its scale
        } else if (n instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (n instanceof Float f) {
            if (Float.isFinite(f)) {
                g.writeNumber(f.floatValue());
            } else {
                g.writeNull();
            }
        } else {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeNull();
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT:
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    m.put(name, read(p, p.nextToken()));
                }
                return m;
            case START_ARRAY:
                List<Object> l = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(read(p, next));
                }
                return l;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalArgumentException("unexpected JSON token " + t);
        }
    }

    /**
     * JSON's standard escapes, and {@code <} and the control characters other than newline, return
     * and tab as a lower-case six-character unicode escape: the bytes the report's own writer gave
     * before it used this class, so report files stay the same.
     */
    private static final class HtmlSafe extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] codes = standardAsciiEscapesForJSON();
        private final transient SerializableString[] sequences = new SerializableString[128];

        HtmlSafe() {
            for (int c = 0; c < 0x20; c++) {
                custom(c, String.format("\\u%04x", c));
            }
            custom('\n', "\\n");
            custom('\r', "\\r");
            custom('\t', "\\t");
            custom('<', "\\u003c");
        }

        private void custom(int c, String escaped) {
            codes[c] = ESCAPE_CUSTOM;
            sequences[c] = new SerializedString(escaped);
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return codes;
        }

        /** Asked for every character above ASCII too: {@code null} writes those as they are. */
        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch < sequences.length ? sequences[ch] : null;
        }
    }
}
