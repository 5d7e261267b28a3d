package io.tickring.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The payload of a journal's SESSION record: what a run needs to be replayed on its own. Writes it
 * as one line of JSON and reads it back.
 *
 * <pre>
 * {"tickring_version":"0.1.0","schema":1,"command":"demo","mode":"sim","seed":7,
 *  "config_digest":"4135…","model":{"kind":"onnx:deeplob.onnx","sha256":"c6f0…"},
 *  "source":"sim",                                      extra fields, strings, in the caller's order
 *  "config":{"run":{…},…}}                              the effective configuration, verbatim
 * </pre>
 *
 * <p>The bytes are a format: {@link #toJson()} writes the fields in this order, without whitespace,
 * escaping strings as Jackson does ({@code \" \\ \b \t \n \f \r}, other control characters as
 * {@code \}{@code u00XX}, everything else as is), so a configuration gives the same SESSION bytes
 * as the releases that wrote it with Jackson. The configuration JSON is embedded as given: it is
 * already canonical, and its digest is {@link #configDigest()}. Secrets never reach it (the
 * configuration's JSON leaves them out).
 *
 * <p>{@link #parse} reads any JSON object: a SESSION written by an importer has other fields and no
 * configuration; what it lacks is null (0 for the numbers). Not for the hot path: it allocates.
 *
 * @param tickringVersion version of the engine that wrote the journal
 * @param schema the journal's schema version
 * @param command the command that ran ({@code demo}, {@code run}, {@code backtest}, ...)
 * @param mode {@code live} or {@code sim}
 * @param seed the run's seed
 * @param configDigest hex SHA-256 of {@code configJson}
 * @param modelKind the scorer's description
 * @param modelSha256 hex SHA-256 of the model file, or of the rule's name for a file-free model
 * @param extra further string fields, in order (e.g. {@code source})
 * @param configJson the effective configuration's canonical JSON object, or null
 */
public record SessionRecord(
        String tickringVersion,
        int schema,
        String command,
        String mode,
        long seed,
        String configDigest,
        String modelKind,
        String modelSha256,
        Map<String, String> extra,
        String configJson) {
    public SessionRecord {
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** The record as one line of JSON, byte for byte what earlier releases wrote. */
    public String toJson() {
        StringBuilder b = new StringBuilder(256 + (configJson == null ? 0 : configJson.length()));
        b.append('{');
        field(b, "tickring_version").append(quote(tickringVersion)).append(',');
        field(b, "schema").append(schema).append(',');
        field(b, "command").append(quote(command)).append(',');
        field(b, "mode").append(quote(mode)).append(',');
        field(b, "seed").append(seed).append(',');
        field(b, "config_digest").append(quote(configDigest)).append(',');
        field(b, "model").append('{');
        field(b, "kind").append(quote(modelKind)).append(',');
        field(b, "sha256").append(quote(modelSha256)).append('}');
        for (Map.Entry<String, String> e : extra.entrySet()) {
            b.append(',');
            field(b, e.getKey()).append(quote(e.getValue()));
        }
        b.append(',');
        field(b, "config").append(Objects.requireNonNull(configJson, "configJson"));
        return b.append('}').toString();
    }

    private static StringBuilder field(StringBuilder b, String name) {
        return b.append(quote(name)).append(':');
    }

    /** A JSON string literal of {@code s} with Jackson's default escapes; {@code null} for null. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * Reads a SESSION payload.
     *
     * @throws IllegalArgumentException if it is not a JSON object, with the offset of the problem
     */
    public static SessionRecord parse(String json) {
        return new Reader(json).session();
    }

    /**
     * A small recursive-descent JSON reader: enough to pick the SESSION's fields out of any object.
     */
    private static final class Reader {
        private final String s;
        private int at;

        Reader(String s) {
            this.s = s;
        }

        SessionRecord session() {
            space();
            if (at >= s.length() || s.charAt(at) != '{') {
                throw new IllegalArgumentException("not a JSON object");
            }
            at++;
            String version = null;
            long schema = 0;
            String command = null;
            String mode = null;
            long seed = 0;
            String digest = null;
            String modelKind = null;
            String modelSha = null;
            String config = null;
            Map<String, String> extra = new LinkedHashMap<>();
            space();
            if (peek() == '}') {
                at++;
                return new SessionRecord(null, 0, null, null, 0, null, null, null, extra, null);
            }
            while (true) {
                space();
                String name = string();
                space();
                expect(':');
                space();
                char c = peek();
                boolean integer = c == '-' || (c >= '0' && c <= '9');
                switch (name) {
                    case "tickring_version" -> version = c == '"' ? string() : skip(null);
                    case "schema" -> schema = integer ? number() : skipLong();
                    case "command" -> command = c == '"' ? string() : skip(null);
                    case "mode" -> mode = c == '"' ? string() : skip(null);
                    case "seed" -> seed = integer ? number() : skipLong();
                    case "config_digest" -> digest = c == '"' ? string() : skip(null);
                    case "config" -> {
                        int start = at;
                        value();
                        config = c == '{' ? s.substring(start, at) : null;
                    }
                    case "model" -> {
                        if (c == '{') {
                            at++;
                            space();
                            if (peek() == '}') {
                                at++;
                                break;
                            }
                            while (true) {
                                space();
                                String field = string();
                                space();
                                expect(':');
                                space();
                                boolean text = peek() == '"';
                                if (field.equals("sha256") && text) {
                                    modelSha = string();
                                } else if (field.equals("kind") && text) {
                                    modelKind = string();
                                } else {
                                    value();
                                }
                                space();
                                if (peek() == ',') {
                                    at++;
                                    continue;
                                }
                                expect('}');
                                break;
                            }
                        } else {
                            value();
                        }
                    }
                    default -> {
                        if (c == '"') {
                            extra.put(name, string());
                        } else {
                            value();
                        }
                    }
                }
                space();
                if (peek() == ',') {
                    at++;
                    continue;
                }
                expect('}');
                break;
            }
            space();
            if (at != s.length()) {
                throw problem("text after the object");
            }
            return new SessionRecord(
                    version,
                    (int) schema,
                    command,
                    mode,
                    seed,
                    digest,
                    modelKind,
                    modelSha,
                    extra,
                    config);
        }

        private String skip(String result) {
            value();
            return result;
        }

        private long skipLong() {
            value();
            return 0;
        }

        private void value() {
            char c = peek();
            switch (c) {
                case '{' -> {
                    at++;
                    space();
                    if (peek() == '}') {
                        at++;
                        return;
                    }
                    while (true) {
                        space();
                        string();
                        space();
                        expect(':');
                        space();
                        value();
                        space();
                        if (peek() == ',') {
                            at++;
                            continue;
                        }
                        expect('}');
                        return;
                    }
                }
                case '[' -> {
                    at++;
                    space();
                    if (peek() == ']') {
                        at++;
                        return;
                    }
                    while (true) {
                        space();
                        value();
                        space();
                        if (peek() == ',') {
                            at++;
                            continue;
                        }
                        expect(']');
                        return;
                    }
                }
                case '"' -> string();
                case 't' -> word("true");
                case 'f' -> word("false");
                case 'n' -> word("null");
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        numberText();
                    } else {
                        throw problem("unexpected " + describe(c));
                    }
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                if (at >= s.length()) {
                    throw problem("unterminated string");
                }
                char c = s.charAt(at++);
                if (c == '"') {
                    return b.toString();
                }
                if (c < 0x20) {
                    throw problem("control character in a string");
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (at >= s.length()) {
                    throw problem("unterminated string");
                }
                char e = s.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (at + 4 > s.length()) {
                            throw problem("short unicode escape");
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw problem("bad unicode escape");
                        }
                        at += 4;
                    }
                    default -> throw problem("bad escape \\" + e);
                }
            }
        }

        private long number() {
            String text = numberText();
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw problem("not an integer: " + text);
            }
        }

        private String numberText() {
            int start = at;
            if (peek() == '-') {
                at++;
            }
            while (at < s.length() && "0123456789.eE+-".indexOf(s.charAt(at)) >= 0) {
                at++;
            }
            String text = s.substring(start, at);
            if (text.isEmpty() || text.equals("-")) {
                throw problem("expected a number");
            }
            return text;
        }

        private void word(String w) {
            if (!s.startsWith(w, at)) {
                throw problem("unexpected " + describe(peek()));
            }
            at += w.length();
        }

        private void expect(char c) {
            if (peek() != c) {
                throw problem("expected '" + c + "', found " + describe(peek()));
            }
            at++;
        }

        private char peek() {
            return at < s.length() ? s.charAt(at) : '\0';
        }

        private void space() {
            while (at < s.length()
                    && (s.charAt(at) == ' '
                            || s.charAt(at) == '\t'
                            || s.charAt(at) == '\n'
                            || s.charAt(at) == '\r')) {
                at++;
            }
        }

        private String describe(char c) {
            return at >= s.length() ? "the end" : "'" + c + "'";
        }

        private IllegalArgumentException problem(String what) {
            return new IllegalArgumentException(what + " at offset " + at);
        }
    }
}
