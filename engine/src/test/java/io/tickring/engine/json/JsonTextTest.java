package io.tickring.engine.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one JSON writer: money exact, order kept, HTML-safe strings for the report. */
class JsonTextTest {

    /** 0.10 + 0.20 in exact money is 0.30; as doubles it would be 0.30000000000000004. */
    @Test
    void shouldWriteMoneyExactly() {
        BigDecimal fees = new BigDecimal("0.10").add(new BigDecimal("0.20"));
        assertEquals("{\"USD\":0.30}", JsonText.write(Map.of("USD", fees)));
        assertEquals("0.00025670", JsonText.write(new BigDecimal("0.00025670")));
        assertEquals("0.00000001", JsonText.write(BigDecimal.valueOf(1, 8))); // not 1E-8
        assertEquals("-10000.00", JsonText.write(new BigDecimal("-10000.00")));
        assertEquals(
                "12345678901234567.89", JsonText.write(new BigDecimal("12345678901234567.89")));
        assertEquals(
                "123456789012345678901", JsonText.write(new BigInteger("123456789012345678901")));
    }

    @Test
    void shouldWriteOtherNumbersAsBefore() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("long", Long.MIN_VALUE);
        m.put("int", 7);
        m.put("double", 0.1 + 0.2);
        m.put("ratio", 2.7322e-4);
        m.put("float", 0.1f);
        m.put("nan", Double.NaN);
        m.put("inf", Float.POSITIVE_INFINITY);
        m.put("null", null);
        m.put("flag", true);
        m.put("list", List.of(1, "a"));
        assertEquals(
                "{\"long\":-9223372036854775808,\"int\":7,\"double\":0.30000000000000004,"
                        + "\"ratio\":2.7322E-4,\"float\":0.1,\"nan\":null,\"inf\":null,\"null\":null,"
                        + "\"flag\":true,\"list\":[1,\"a\"]}",
                JsonText.write(m));
    }

    @Test
    void shouldReadBackWhatItWrites() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 1L);
        m.put("a", List.of("x\n\"y\"", 2.5));
        m.put("c", Map.of("k", false));
        assertEquals(m, JsonText.parseObject(JsonText.write(m)));
        assertEquals(
                "not a JSON object",
                assertThrows(IllegalArgumentException.class, () -> JsonText.parseObject("[1]"))
                        .getMessage());
    }

    @Test
    void shouldKeepScriptTagsOutOfHtml() {
        assertEquals(
                "{\"\\u003c/script>\":\"\\u003c/script>é\"}",
                JsonText.writeHtmlSafe(Map.of("</script>", "</script>é")));
        assertEquals("\"</script>é\"", JsonText.write("</script>é"));
    }

    /**
     * The report's JSON is byte for byte what its own hand-written writer gave (kept below as the
     * reference), for every ASCII character in strings and keys and for the numbers a report holds.
     */
    @Test
    void shouldWriteTheReportsBytesAsBefore() {
        StringBuilder ascii = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            ascii.append(c);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ascii.toString(), ascii.toString() + "é€\u2028😀");
        m.put("longs", List.of(0L, -1L, Long.MAX_VALUE, 42));
        m.put("doubles", List.of(0.0, -0.0, 1e-9, 1e21, 123.456, 0.1 + 0.2, Double.NaN));
        m.put("money", new BigDecimal("-12.50"));
        m.put("nested", Map.of("flag", false));
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        m.put("null", withNull);
        assertEquals(Reference.of(m), JsonText.writeHtmlSafe(m));
    }

    /** The report's writer before it used {@link JsonText}. */
    private static final class Reference {
        static String of(Object v) {
            StringBuilder sb = new StringBuilder();
            write(sb, v);
            return sb.toString();
        }

        private static void write(StringBuilder sb, Object v) {
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Map<?, ?> m) {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    string(sb, String.valueOf(e.getKey()));
                    sb.append(':');
                    write(sb, e.getValue());
                }
                sb.append('}');
            } else if (v instanceof List<?> l) {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(sb, l.get(i));
                }
                sb.append(']');
            } else if (v instanceof Double d) {
                sb.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                string(sb, v.toString());
            }
        }

        private static void string(StringBuilder sb, String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case '<' -> sb.append("\\u003c");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
    }
}
