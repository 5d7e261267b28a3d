package io.tickring.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.tickring.engine.config.Node.Entry;
import io.tickring.engine.config.Node.Kind;
import io.tickring.engine.config.Node.ListNode;
import io.tickring.engine.config.Node.MapNode;
import io.tickring.engine.config.Node.ScalarNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads YAML (and so JSON) text into a {@link Node} tree with the streaming {@link YAMLParser},
 * keeping the line of every key and value; syntax errors, duplicate keys, aliases and secret keys
 * fail here.
 */
final class YamlReader {
    /** Key names that would hold a secret; rejected anywhere in a file. */
    static final Set<String> SECRET_KEYS =
            Set.of("api_key", "api_secret", "secret", "token", "password");

    static final String SECRETS_PROBLEM =
            "secrets come only from the environment ("
                    + Secrets.API_KEY_ENV
                    + ", "
                    + Secrets.API_SECRET_ENV
                    + ", "
                    + Secrets.ADMIN_TOKEN_ENV
                    + ")";

    // Thread-safe once configured; parsers are created per call.
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final YAMLParser parser;
    private final String source;
    private final boolean withLines;

    /** Path of the last key or item read, named by syntax errors. */
    private String at;

    private YamlReader(YAMLParser parser, String source, boolean withLines, String at) {
        this.parser = parser;
        this.source = source;
        this.withLines = withLines;
        this.at = at;
    }

    /** Reads a whole file: one document whose root is a map; an empty document is an empty map. */
    static MapNode readDocument(String text, String source) {
        return (MapNode) read(text, source, "", true, true);
    }

    /**
     * Reads an override's value (e.g. {@code [SIMA, SIMB]}) as a node at {@code path}, without
     * lines.
     */
    static Node readValue(String text, String source, String path) {
        return read(text, source, path, false, false);
    }

    static boolean isSecretKey(String key) {
        return SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT));
    }

    private static Node read(
            String text, String source, String path, boolean withLines, boolean document) {
        YamlReader r = null;
        try (YAMLParser p = FACTORY.createParser(text)) {
            r = new YamlReader(p, source, withLines, path);
            return r.readRoot(document);
        } catch (ConfigException e) {
            throw e;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            // The parser fails at a position, not at a key: name the last key read as a hint, not
            // as the culprit.
            String after = r == null || r.at.isEmpty() ? "" : " (after " + r.at + ")";
            throw new ConfigException(
                    source,
                    withLines ? line : 0,
                    "",
                    "YAML syntax error" + after + ": " + summarize(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            // SnakeYAML can throw its own unchecked exceptions past Jackson (e.g. reader limits).
            throw new ConfigException(
                    source, 0, r == null ? path : r.at, "cannot read YAML: " + e.getMessage());
        }
    }

    private Node readRoot(boolean document) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            if (document) {
                return new MapNode(source, withLines ? 1 : 0, at, new LinkedHashMap<>());
            }
            throw new ConfigException(source, 0, at, "empty value");
        }
        String rootPath = at;
        Node root = value(rootPath);
        if (document && !(root instanceof MapNode)) {
            throw new ConfigException(
                    source,
                    root.line(),
                    rootPath,
                    "expected a map of keys at the top level, got " + root.describe());
        }
        if (parser.nextToken() != null) {
            throw new ConfigException(
                    source,
                    line(),
                    rootPath,
                    document
                            ? "more than one YAML document: a configuration file holds exactly one"
                            : "trailing text after the value");
        }
        return root;
    }

    private Node value(String path) throws IOException {
        JsonToken t = parser.currentToken();
        int line = line();
        if (parser.isCurrentAlias()) {
            throw new ConfigException(
                    source,
                    line,
                    path,
                    "YAML aliases (*name) are not supported: write the value out");
        }
        return switch (t) {
            case START_OBJECT -> map(path, line);
            case START_ARRAY -> list(path, line);
            case VALUE_STRING -> scalar(path, line, Kind.STRING);
            case VALUE_NUMBER_INT ->
                    new ScalarNode(
                            source,
                            line,
                            path,
                            Kind.INT,
                            parser.getText(),
                            parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> scalar(path, line, Kind.FLOAT);
            case VALUE_TRUE, VALUE_FALSE -> scalar(path, line, Kind.BOOL);
            case VALUE_NULL -> scalar(path, line, Kind.NULL);
            default -> throw new ConfigException(source, line, path, "unexpected YAML token " + t);
        };
    }

    private ScalarNode scalar(String path, int line, Kind kind) throws IOException {
        String text = kind == Kind.NULL ? "" : parser.getText();
        return new ScalarNode(source, line, path, kind, text, null);
    }

    private MapNode map(String path, int line) throws IOException {
        LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = line();
            String keyPath = Node.child(path, key);
            at = keyPath;
            if (isSecretKey(key)) {
                throw new ConfigException(source, keyLine, keyPath, SECRETS_PROBLEM);
            }
            Entry previous = entries.get(key);
            if (previous != null) {
                throw new ConfigException(
                        source,
                        keyLine,
                        keyPath,
                        "duplicate key"
                                + (withLines ? " (first at line " + previous.line() + ")" : ""));
            }
            parser.nextToken();
            entries.put(key, new Entry(key, source, keyLine, value(keyPath)));
        }
        return new MapNode(source, line, path, entries);
    }

    private ListNode list(String path, int line) throws IOException {
        List<Node> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String itemPath = Node.item(path, items.size());
            at = itemPath;
            items.add(value(itemPath));
        }
        return new ListNode(source, line, path, items);
    }

    private int line() {
        return withLines ? parser.currentTokenLocation().getLineNr() : 0;
    }

    /**
     * SnakeYAML's messages span several lines (context, a source snippet, a caret line, "in
     * 'reader', line.."); keep the context and the problem, drop the rest: the position is in the
     * ConfigException already.
     */
    static String summarize(String message) {
        if (message == null) {
            return "malformed YAML";
        }
        String[] lines = message.split("\\r?\\n");
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].trim();
            boolean caret = l.matches("\\^+");
            boolean snippetBeforeCaret =
                    i + 1 < lines.length && lines[i + 1].trim().matches("\\^+");
            if (l.isEmpty() || caret || snippetBeforeCaret || l.startsWith("in '")) {
                continue;
            }
            kept.add(l);
        }
        return kept.isEmpty() ? "malformed YAML" : String.join("; ", kept);
    }
}
