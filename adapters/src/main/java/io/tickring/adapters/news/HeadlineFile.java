package io.tickring.adapters.news;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads a JSON-lines file of timestamped headlines, one object a line:
 *
 * <pre>
 * {"published": "2026-01-05T14:30:05Z", "received": "2026-01-05T14:30:06Z",
 *  "symbols": ["SIMA"], "headline": "...",
 *  "sentiment": 0.6, "confidence": 0.8, "horizon_minutes": 30, "latency_ms": 1200, "model": "m"}
 * </pre>
 *
 * {@code received} defaults to {@code published}; {@code symbol} may stand for a one-element {@code
 * symbols}; an item naming several symbols becomes one headline per symbol. {@code published} may
 * be absent or null (the point-in-time rules drop the item as undated). The score keys are optional
 * and go together: {@code sentiment} and {@code confidence} make a pre-scored headline for the
 * replay provider. Blank lines and lines starting with {@code #} are skipped. Any other problem
 * stops the read with one line naming the file, the line and the key.
 */
public final class HeadlineFile {
    private static final JsonFactory JSON = new JsonFactory();

    private HeadlineFile() {}

    /** Every headline of the file, in file order. */
    public static List<Headline> read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new NewsFormatException(file + ": no such file");
        } catch (IOException e) {
            throw new NewsFormatException(file + ": " + e.getMessage());
        }
    }

    /** Every headline of {@code text} (a file's content, named {@code label} in messages). */
    public static List<Headline> parse(String label, String text) {
        List<Headline> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            String l;
            int line = 0;
            while ((l = r.readLine()) != null) {
                line++;
                String t = l.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                parseLine(label, line, t, out);
            }
        } catch (IOException e) {
            throw new NewsFormatException(label + ": " + e.getMessage());
        }
        return out;
    }

    private static void parseLine(String file, int line, String text, List<Headline> out)
            throws IOException {
        String where = file + ":" + line;
        List<String> symbols = new ArrayList<>();
        String headline = null;
        long published = Headline.UNDATED;
        long received = Headline.UNDATED;
        double sentiment = Double.NaN;
        double confidence = Double.NaN;
        long horizon = 60;
        long latencyMs = 0;
        String model = "replay";
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new NewsFormatException(where + ": not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                switch (key) {
                    case "published":
                        published = v == JsonToken.VALUE_NULL ? Headline.UNDATED : time(p, where);
                        break;
                    case "received":
                        received = time(p, where);
                        break;
                    case "symbol":
                        symbols.add(string(p, where));
                        break;
                    case "symbols":
                        if (v != JsonToken.START_ARRAY) {
                            throw problem(where, key, "expected an array of symbols");
                        }
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            symbols.add(string(p, where));
                        }
                        break;
                    case "headline":
                        headline = string(p, where);
                        break;
                    case "sentiment":
                        sentiment = number(p, where, -1, 1);
                        break;
                    case "confidence":
                        confidence = number(p, where, 0, 1);
                        break;
                    case "horizon_minutes":
                        horizon = (long) number(p, where, 1, 10_080);
                        break;
                    case "latency_ms":
                        latencyMs = (long) number(p, where, 0, 3_600_000);
                        break;
                    case "model":
                        model = string(p, where);
                        break;
                    default:
                        throw problem(
                                where,
                                key,
                                "unknown key (expected published, received, symbol, symbols,"
                                        + " headline, sentiment, confidence, horizon_minutes,"
                                        + " latency_ms, model)");
                }
            }
        } catch (JsonProcessingException e) {
            throw new NewsFormatException(
                    where + ": not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (headline == null || headline.isBlank()) {
            throw problem(where, "headline", "missing");
        }
        if (symbols.isEmpty()) {
            throw problem(where, "symbols", "missing");
        }
        if (Double.isNaN(sentiment) != Double.isNaN(confidence)) {
            throw problem(
                    where,
                    Double.isNaN(sentiment) ? "sentiment" : "confidence",
                    "missing (a pre-scored headline needs both sentiment and confidence)");
        }
        if (received == Headline.UNDATED) {
            if (published == Headline.UNDATED) {
                throw problem(where, "received", "missing (an undated item needs a receipt time)");
            }
            received = published;
        }
        Headline.PreScore score =
                Double.isNaN(sentiment)
                        ? null
                        : new Headline.PreScore(
                                sentiment,
                                confidence,
                                (int) horizon,
                                latencyMs * 1_000_000L,
                                model);
        for (String symbol : symbols) {
            out.add(
                    new Headline(
                            line,
                            symbol,
                            headline,
                            published,
                            received,
                            contentHash(symbol, headline),
                            score));
        }
    }

    /**
     * SHA-256 (hex) of the symbol and the headline lower-cased with its white space collapsed: the
     * same story about the same symbol twice is a duplicate, whatever its spacing or case.
     */
    public static String contentHash(String symbol, String headline) {
        String norm = headline.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(symbol.getBytes(StandardCharsets.UTF_8));
            md.update((byte) '\n');
            md.update(norm.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NewsFormatException problem(String where, String key, String what) {
        return new NewsFormatException(where + ": " + key + ": " + what);
    }

    private static String string(JsonParser p, String where) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw problem(where, p.currentName(), "expected a string");
        }
        return p.getText();
    }

    private static double number(JsonParser p, String where, double min, double max)
            throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw problem(where, p.currentName(), "expected a number");
        }
        double v = p.getDoubleValue();
        if (!(v >= min && v <= max)) {
            throw problem(
                    where,
                    p.currentName(),
                    "out of range: " + v + " (expected " + min + ".." + max + ")");
        }
        return v;
    }

    private static long time(JsonParser p, String where) throws IOException {
        String key = p.currentName();
        String s = string(p, where);
        try {
            Instant i = Instant.parse(s);
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        } catch (DateTimeParseException e) {
            throw problem(where, key, "not an ISO-8601 instant: " + s);
        }
    }
}
