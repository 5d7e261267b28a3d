package io.tickring.adapters.llm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads an OpenAI-compatible chat-completions response with jackson-core's streaming parser: the
 * first choice's message (its {@code content}, or its {@code refusal}) and the token usage; then
 * the content as the score object {@code {symbol, sentiment, confidence, horizon_minutes,
 * rationale}}, validated: every key present with its type and nothing else, the symbol the one
 * asked about, sentiment in [-1, 1] and confidence in [0, 1] (outside: rejected, not clamped, as a
 * model that answers out of range cannot be trusted in range), horizon clamped to [1, 10080]
 * minutes, rationale cut to 200 characters.
 */
final class ScoreParser {
    private static final JsonFactory JSON = new JsonFactory();

    /** A response or score that is not what the schema says; {@link #kind} says how. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final LlmCounters.Error kind;

        Rejected(LlmCounters.Error kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    /** The message and usage of a response. */
    record Completion(String content, String refusal, long promptTokens, long completionTokens) {}

    /** The score the content holds. */
    record Score(
            String symbol,
            double sentiment,
            double confidence,
            int horizonMinutes,
            String rationale) {}

    private ScoreParser() {}

    static Completion completion(String body) throws Rejected {
        String content = null;
        String refusal = null;
        long prompt = 0;
        long completion = 0;
        boolean sawChoice = false;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Rejected(LlmCounters.Error.MALFORMED, "not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                if (key.equals("choices") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        if (sawChoice) {
                            p.skipChildren();
                            continue;
                        }
                        sawChoice = true;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String ck = p.currentName();
                            JsonToken ct = p.nextToken();
                            if (ck.equals("message") && ct == JsonToken.START_OBJECT) {
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String mk = p.currentName();
                                    JsonToken mt = p.nextToken();
                                    if (mk.equals("content") && mt == JsonToken.VALUE_STRING) {
                                        content = p.getText();
                                    } else if (mk.equals("refusal")
                                            && mt == JsonToken.VALUE_STRING) {
                                        refusal = p.getText();
                                    } else {
                                        p.skipChildren();
                                    }
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                } else if (key.equals("usage") && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String uk = p.currentName();
                        JsonToken ut = p.nextToken();
                        if (ut == JsonToken.VALUE_NUMBER_INT && uk.equals("prompt_tokens")) {
                            prompt = p.getLongValue();
                        } else if (ut == JsonToken.VALUE_NUMBER_INT
                                && uk.equals("completion_tokens")) {
                            completion = p.getLongValue();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new Rejected(LlmCounters.Error.MALFORMED, "not JSON: " + e.getMessage());
        }
        if (!sawChoice) {
            throw new Rejected(LlmCounters.Error.MALFORMED, "no choices");
        }
        if (refusal != null && !refusal.isEmpty()) {
            throw new Rejected(LlmCounters.Error.REFUSAL, "refused");
        }
        if (content == null) {
            throw new Rejected(LlmCounters.Error.MALFORMED, "no message content");
        }
        return new Completion(content, refusal, prompt, completion);
    }

    static Score score(String content, String symbol) throws Rejected {
        String sym = null;
        double sentiment = Double.NaN;
        double confidence = Double.NaN;
        long horizon = Long.MIN_VALUE;
        String rationale = null;
        try (JsonParser p = JSON.createParser(content)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Rejected(LlmCounters.Error.SCHEMA_VIOLATION, "not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                switch (key) {
                    case "symbol":
                        sym = text(p, t, key);
                        break;
                    case "sentiment":
                        sentiment = number(p, t, key);
                        break;
                    case "confidence":
                        confidence = number(p, t, key);
                        break;
                    case "horizon_minutes":
                        horizon = (long) number(p, t, key);
                        break;
                    case "rationale":
                        rationale = text(p, t, key);
                        break;
                    default:
                        throw new Rejected(
                                LlmCounters.Error.SCHEMA_VIOLATION, "unexpected key " + key);
                }
            }
            if (p.nextToken() != null) {
                throw new Rejected(LlmCounters.Error.SCHEMA_VIOLATION, "text after the object");
            }
        } catch (IOException e) {
            throw new Rejected(LlmCounters.Error.SCHEMA_VIOLATION, "content is not JSON");
        }
        if (sym == null
                || Double.isNaN(sentiment)
                || Double.isNaN(confidence)
                || horizon == Long.MIN_VALUE
                || rationale == null) {
            throw new Rejected(LlmCounters.Error.SCHEMA_VIOLATION, "a key is missing");
        }
        if (!sym.equals(symbol)) {
            throw new Rejected(
                    LlmCounters.Error.SCHEMA_VIOLATION, "scored " + sym + ", asked " + symbol);
        }
        if (!(sentiment >= -1 && sentiment <= 1) || !(confidence >= 0 && confidence <= 1)) {
            throw new Rejected(LlmCounters.Error.OUT_OF_RANGE, "score out of range");
        }
        int h = (int) Math.max(1, Math.min(10_080, horizon));
        String r = rationale.length() > 200 ? rationale.substring(0, 200) : rationale;
        return new Score(sym, sentiment, confidence, h, r);
    }

    private static String text(JsonParser p, JsonToken t, String key) throws IOException, Rejected {
        if (t != JsonToken.VALUE_STRING) {
            throw new Rejected(LlmCounters.Error.SCHEMA_VIOLATION, key + " is not a string");
        }
        return p.getText();
    }

    private static double number(JsonParser p, JsonToken t, String key)
            throws IOException, Rejected {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new Rejected(LlmCounters.Error.SCHEMA_VIOLATION, key + " is not a number");
        }
        double v = p.getDoubleValue();
        if (!Double.isFinite(v)) {
            throw new Rejected(LlmCounters.Error.OUT_OF_RANGE, key + " is not finite");
        }
        return v;
    }
}
