package io.tickring.engine.ops.admin;

import io.tickring.engine.json.JsonText;
import java.util.Map;

/**
 * The admin API's JSON, written and read by {@link JsonText}; kept so that callers of its old names
 * still compile.
 */
public final class AdminJson {
    private AdminJson() {}

    /** {@code value} as JSON text. */
    public static String write(Object value) {
        return JsonText.write(value);
    }

    /**
     * Parses one JSON value: objects become ordered maps, arrays lists, integral numbers {@link
     * Long}, other numbers {@link Double}.
     *
     * @throws IllegalArgumentException naming the problem if {@code text} is not JSON
     */
    public static Object parse(String text) {
        return JsonText.parse(text);
    }

    /** Parses a JSON object. */
    public static Map<String, Object> parseObject(String text) {
        return JsonText.parseObject(text);
    }
}
