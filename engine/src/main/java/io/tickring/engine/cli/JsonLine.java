package io.tickring.engine.cli;

import io.tickring.engine.json.JsonText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the one JSON object a command prints on the last line of stdout with {@code --json}, in
 * the order its fields were put, written by {@link JsonText} (money exact).
 */
final class JsonLine {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    JsonLine put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    @Override
    public String toString() {
        return JsonText.write(fields);
    }
}
