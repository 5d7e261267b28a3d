package io.tickring.engine.config;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A parsed YAML value that remembers where it came from, so that binding errors can name file, line
 * and key.
 *
 * <p>The loader reads a file into this small tree first, applies environment and command-line
 * overrides to the tree (their nodes carry the override's label and line 0), and only then binds it
 * to the typed records. That way a bad override and a bad file value produce the same message,
 * differing only in the origin.
 */
sealed interface Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {
    /** File, {@code env:VAR} or flag the node came from. */
    String source();

    /** 1-based line, or 0 for an override. */
    int line();

    /** Dotted key path with list indexes. */
    String path();

    /** "a map", "a list", "a string", ... for "expected X, got Y" messages. */
    String describe();

    /**
     * One key of a map, with the position of the key itself (unknown-key errors point at the key).
     */
    record Entry(String key, String source, int line, Node value) {}

    /** A YAML mapping in document order; mutable only while overrides are applied. */
    record MapNode(String source, int line, String path, LinkedHashMap<String, Entry> entries)
            implements Node {
        @Override
        public String describe() {
            return "a map";
        }
    }

    /** A YAML sequence. */
    record ListNode(String source, int line, String path, List<Node> items) implements Node {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * How the YAML parser typed a scalar; {@code PLAIN} is override text, read by the target's type
     * only.
     */
    enum Kind {
        STRING,
        INT,
        FLOAT,
        BOOL,
        NULL,
        PLAIN
    }

    /**
     * A YAML scalar: its text as written, and the parser's integer value for {@code INT} (YAML
     * allows {@code 0x10}, {@code 65_536}).
     */
    record ScalarNode(
            String source, int line, String path, Kind kind, String text, BigInteger integer)
            implements Node {
        @Override
        public String describe() {
            return switch (kind) {
                case STRING, PLAIN -> "the string \"" + text + '"';
                case INT, FLOAT -> "the number " + text;
                case BOOL -> "the boolean " + text;
                case NULL -> "no value";
            };
        }
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + '.' + key;
    }

    static String item(String path, int index) {
        return path + '[' + index + ']';
    }
}
