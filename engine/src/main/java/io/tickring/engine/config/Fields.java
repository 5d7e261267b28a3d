package io.tickring.engine.config;

import io.tickring.engine.config.Node.Entry;
import io.tickring.engine.config.Node.Kind;
import io.tickring.engine.config.Node.ListNode;
import io.tickring.engine.config.Node.MapNode;
import io.tickring.engine.config.Node.ScalarNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of one configuration map with positioned errors: each getter returns the default when
 * the key is absent and fails with a {@link ConfigException} naming file, line and key path when it
 * is wrong.
 *
 * <p>Absent sections are represented too (no map, the parent's position), so binders read every key
 * the same way whether or not its section was written.
 *
 * <p>A key written with no value ({@code ring:}) counts as absent for a map or a list, so a section
 * whose keys are all commented out means "defaults"; for a scalar it is an error, since it is more
 * likely a deleted value than a wish for the default.
 */
final class Fields {
    private final MapNode map;
    private final String source;
    private final int line;
    private final String path;

    private Fields(MapNode map, String source, int line, String path) {
        this.map = map;
        this.source = source;
        this.line = line;
        this.path = path;
    }

    /** {@code node}, which must be a map holding only {@code allowed} keys. */
    static Fields of(Node node, List<String> allowed) {
        if (!(node instanceof MapNode m)) {
            throw at(node, "expected a map, got " + node.describe());
        }
        for (Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                throw new ConfigException(
                        e.source(),
                        e.line(),
                        Node.child(m.path(), e.key()),
                        "unknown key (known keys: " + String.join(", ", allowed) + ")");
            }
        }
        return new Fields(m, m.source(), m.line(), m.path());
    }

    /** The map under {@code key}, or an empty section positioned at this map if it is absent. */
    Fields section(String key, List<String> allowed) {
        Node n = get(key);
        if (n == null) {
            return new Fields(null, source, line, Node.child(path, key));
        }
        if (isNull(n)) {
            return new Fields(null, n.source(), n.line(), n.path());
        }
        return of(n, allowed);
    }

    String path() {
        return path;
    }

    /**
     * The value under {@code key} as written (possibly a null scalar), or null if the key is
     * absent.
     */
    Node get(String key) {
        Entry e = map == null ? null : map.entries().get(key);
        return e == null ? null : e.value();
    }

    /** The value under {@code key}, or a "required key missing" error at this map. */
    Node require(String key) {
        Node n = get(key);
        if (n == null) {
            throw missing(key);
        }
        return n;
    }

    ConfigException missing(String key) {
        return new ConfigException(source, line, Node.child(path, key), "required key missing");
    }

    /** An error positioned at this map (or, for an absent section, where it would be). */
    ConfigException here(String key, String problem) {
        return new ConfigException(source, line, Node.child(path, key), problem);
    }

    String string(String key, String def) {
        Node n = get(key);
        return n == null ? def : text(n);
    }

    String requiredString(String key) {
        String s = text(require(key));
        if (s.isEmpty()) {
            throw at(get(key), "must not be empty");
        }
        return s;
    }

    long integer(String key, long def, long min, long max) {
        Node n = get(key);
        return n == null ? def : integer(n, min, max);
    }

    long requiredInteger(String key, long min, long max) {
        return integer(require(key), min, max);
    }

    BigDecimal decimal(String key, BigDecimal def) {
        Node n = get(key);
        return n == null ? def : decimal(n);
    }

    long duration(String key, long def) {
        Node n = get(key);
        if (n == null) {
            return def;
        }
        try {
            return Durations.parseNanos(text(n));
        } catch (IllegalArgumentException e) {
            throw at(n, e.getMessage());
        }
    }

    long instantNanos(String key, long def) {
        Node n = get(key);
        if (n == null) {
            return def;
        }
        String t = text(n);
        try {
            return ConfigBinder.epochNanos(Instant.parse(t.trim()));
        } catch (DateTimeException e) {
            throw at(n, "not an ISO-8601 instant: \"" + t + "\" (e.g. 2026-01-05T14:30:00Z)");
        } catch (ArithmeticException e) {
            throw at(n, "out of range: \"" + t + "\" (epoch nanoseconds cover 1677..2262)");
        }
    }

    /** One of {@code options} by its configuration name; the message lists them in order. */
    <T> T choice(String key, T def, Map<String, T> options) {
        Node n = get(key);
        if (n == null) {
            return def;
        }
        String t = text(n);
        T v = options.get(t);
        if (v == null) {
            throw at(
                    n,
                    "unknown value \""
                            + t
                            + "\" (one of "
                            + String.join(", ", options.keySet())
                            + ")");
        }
        return v;
    }

    /** The list under {@code key}, or null if absent. */
    ListNode list(String key) {
        Node n = get(key);
        if (n == null || isNull(n)) {
            return null;
        }
        if (!(n instanceof ListNode l)) {
            throw at(n, "expected a list, got " + n.describe());
        }
        return l;
    }

    static ConfigException at(Node n, String problem) {
        return new ConfigException(n.source(), n.line(), n.path(), problem);
    }

    /** The text of a scalar, whatever YAML typed it as: a symbol like 600519 is a string here. */
    static String text(Node n) {
        if (n instanceof ScalarNode s && s.kind() != Kind.NULL) {
            return s.text();
        }
        throw at(n, "expected a string, got " + n.describe());
    }

    static long integer(Node n, long min, long max) {
        BigInteger v = integerValue(n);
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw at(n, "out of range: " + v + " (expected " + range(min, max) + ")");
        }
        return v.longValueExact();
    }

    static BigDecimal decimal(Node n) {
        ScalarNode s = scalar(n, "a number");
        if (s.kind() == Kind.INT) {
            return new BigDecimal(s.integer());
        }
        if (s.kind() != Kind.BOOL) {
            try {
                // From the text as written, never via double: 0.1 must stay exactly 0.1.
                return new BigDecimal(s.text().trim().replace("_", ""));
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw at(n, "not a decimal number: \"" + s.text() + "\"");
    }

    private static BigInteger integerValue(Node n) {
        ScalarNode s = scalar(n, "an integer");
        if (s.kind() == Kind.INT) {
            return s.integer();
        }
        if (s.kind() == Kind.STRING || s.kind() == Kind.PLAIN) {
            try {
                return new BigInteger(s.text().trim());
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw at(n, "not an integer: \"" + s.text() + "\"");
    }

    private static ScalarNode scalar(Node n, String expected) {
        if (n instanceof ScalarNode s && s.kind() != Kind.NULL) {
            return s;
        }
        throw at(n, "expected " + expected + ", got " + n.describe());
    }

    private static String range(long min, long max) {
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return "a 64-bit signed integer";
        }
        if (max == Long.MAX_VALUE) {
            return min == 1 ? "> 0" : ">= " + min;
        }
        return min + ".." + max;
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.kind() == Kind.NULL;
    }
}
