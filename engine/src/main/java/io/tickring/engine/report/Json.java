package io.tickring.engine.report;

import io.tickring.engine.json.JsonText;

/**
 * Writes the report's JSON with {@link JsonText}, safe to inline in the report's HTML: in the maps'
 * own order, so deterministic.
 */
final class Json {
    private Json() {}

    static String of(Object v) {
        return JsonText.writeHtmlSafe(v);
    }
}
