package io.tickring.adapters.importer;

/**
 * Minimal JSON string quoting for SESSION payloads and summaries, so the adapters need no JSON
 * library.
 */
public final class JsonText {
    private JsonText() {}

    /** Appends {@code s} as a quoted JSON string, or {@code null}. */
    public static StringBuilder quote(StringBuilder sb, String s) {
        if (s == null) {
            return sb.append("null");
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"');
    }

    public static String quote(String s) {
        return quote(new StringBuilder(), s).toString();
    }
}
