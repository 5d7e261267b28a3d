package io.tickring.engine.config;

import io.tickring.engine.config.Node.Entry;
import io.tickring.engine.config.Node.Kind;
import io.tickring.engine.config.Node.ListNode;
import io.tickring.engine.config.Node.MapNode;
import io.tickring.engine.config.Node.ScalarNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads an {@link EngineConfig} from a YAML file, the packaged default, or the canonical JSON of a
 * journal's SESSION record; every problem is a one-line {@link ConfigException} naming file, line
 * and key.
 *
 * <p>Precedence, lowest first: defaults, the file, environment overrides ({@link #ENV_OVERRIDES}),
 * then command-line overrides in list order. Overrides are applied to the parsed tree before
 * binding, so they are checked exactly like file values and errors name them as {@code env:VAR} or
 * by their label.
 */
public final class ConfigLoader {
    /** Classpath resource of the packaged demo configuration. */
    public static final String DEFAULT_RESOURCE = "/tickring/config/demo.yaml";

    /** Environment variables that override keys, and the keys they set. */
    public static final Map<String, String> ENV_OVERRIDES = envOverrides();

    private static final Pattern SEGMENT =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)((?:\\[[0-9]+\\])*)");
    private static final Pattern INDEX = Pattern.compile("\\[([0-9]+)\\]");

    private ConfigLoader() {}

    /**
     * Loads {@code file}; the instruments path inside it resolves against the file's directory.
     *
     * @param env the environment (usually {@code System.getenv()}): overrides and secrets
     * @param overrides command-line overrides, applied in order after the environment
     * @throws ConfigException on any problem, including {@code path: no such file}
     */
    public static EngineConfig load(
            Path file, Map<String, String> env, List<ConfigOverride> overrides) {
        return load(new Origin.FileOrigin(file), env, overrides);
    }

    /**
     * Loads the default configuration: {@code config/demo.yaml} of the tickring home (the
     * repository root, which the launcher passes as {@code -Dtickring.home}) when there is one, so
     * an edit there applies at the next run without a rebuild; else the packaged {@value
     * #DEFAULT_RESOURCE}. Either way its instruments come from the {@code instruments.yaml} beside
     * it.
     */
    public static EngineConfig loadDefault(
            Map<String, String> env, List<ConfigOverride> overrides) {
        String home = System.getProperty("tickring.home");
        if (home != null) {
            Path file = Path.of(home, "config", "demo.yaml");
            if (java.nio.file.Files.isRegularFile(file)) {
                return load(new Origin.FileOrigin(file), env, overrides);
            }
        }
        return load(new Origin.ResourceOrigin(DEFAULT_RESOURCE), env, overrides);
    }

    /**
     * Rebuilds a configuration from {@link EngineConfig#toJson()} (JSON is YAML, so the same reader
     * and checks apply). The result has no secrets, and its JSON and digest equal the original's.
     *
     * @param sourceName names the JSON in errors, e.g. {@code journal/in SESSION}
     */
    public static EngineConfig fromJson(String json, String sourceName) {
        Origin origin = new Origin.TextOrigin(sourceName, json);
        return ConfigBinder.bind(YamlReader.readDocument(json, sourceName), origin, Secrets.none());
    }

    private static EngineConfig load(
            Origin origin, Map<String, String> env, List<ConfigOverride> overrides) {
        String text =
                origin.read()
                        .orElseThrow(
                                () -> new ConfigException(origin.label(), 0, "", "no such file"));
        MapNode root = YamlReader.readDocument(text, origin.label());
        for (Map.Entry<String, String> e : ENV_OVERRIDES.entrySet()) {
            String value = env.get(e.getKey());
            if (value != null) {
                apply(root, e.getValue(), value, "env:" + e.getKey());
            }
        }
        for (ConfigOverride o : overrides) {
            apply(root, o.keyPath(), o.value(), o.label());
        }
        return ConfigBinder.bind(root, origin, Secrets.fromEnv(env));
    }

    /**
     * Sets {@code keyPath} in the tree to {@code value}, creating maps on the way; lists must
     * already exist.
     */
    static void apply(MapNode root, String keyPath, String value, String label) {
        List<Object> segments = parse(keyPath, label);
        Node current = root;
        String path = "";
        for (int i = 0; i < segments.size(); i++) {
            Object segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            String childPath =
                    segment instanceof String key
                            ? Node.child(path, key)
                            : Node.item(path, (Integer) segment);
            Node child;
            if (segment instanceof String key) {
                if (!(current instanceof MapNode map)) {
                    throw new ConfigException(
                            label,
                            0,
                            keyPath,
                            "cannot set: " + path + " is " + current.describe() + ", not a map");
                }
                Entry e = map.entries().get(key);
                child = e == null ? null : e.value();
                if (last) {
                    map.entries()
                            .put(key, new Entry(key, label, 0, valueNode(value, label, childPath)));
                    return;
                }
                if (child == null || Fields.isNull(child)) {
                    if (segments.get(i + 1) instanceof Integer) {
                        throw new ConfigException(
                                label,
                                0,
                                keyPath,
                                "cannot set: " + childPath + " is not set in the file");
                    }
                    child = new MapNode(label, 0, childPath, new LinkedHashMap<>());
                    map.entries().put(key, new Entry(key, label, 0, child));
                }
            } else {
                int index = (Integer) segment;
                if (!(current instanceof ListNode list)) {
                    throw new ConfigException(
                            label,
                            0,
                            keyPath,
                            "cannot set: " + path + " is " + current.describe() + ", not a list");
                }
                if (index >= list.items().size()) {
                    throw new ConfigException(
                            label,
                            0,
                            keyPath,
                            "cannot set: " + path + " has " + list.items().size() + " items");
                }
                if (last) {
                    list.items().set(index, valueNode(value, label, childPath));
                    return;
                }
                child = list.items().get(index);
            }
            current = child;
            path = childPath;
        }
    }

    private static Node valueNode(String value, String label, String path) {
        // A flow list is the only structured value an override may carry ([SIMA, SIMB]); anything
        // else is text.
        return value.trim().startsWith("[")
                ? YamlReader.readValue(value, label, path)
                : new ScalarNode(label, 0, path, Kind.PLAIN, value, null);
    }

    private static List<Object> parse(String keyPath, String label) {
        List<Object> segments = new ArrayList<>();
        for (String part : keyPath.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(part);
            if (!m.matches()) {
                throw new ConfigException(
                        label, 0, keyPath, "not a key path (e.g. run.duration or threads[1].idle)");
            }
            if (YamlReader.isSecretKey(m.group(1))) {
                throw new ConfigException(label, 0, keyPath, YamlReader.SECRETS_PROBLEM);
            }
            segments.add(m.group(1));
            Matcher idx = INDEX.matcher(m.group(2));
            while (idx.find()) {
                try {
                    segments.add(Integer.parseInt(idx.group(1)));
                } catch (NumberFormatException e) {
                    throw new ConfigException(label, 0, keyPath, "list index too large");
                }
            }
        }
        return segments;
    }

    private static Map<String, String> envOverrides() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("TICKRING_MODE", "run.mode");
        m.put("TICKRING_SEED", "run.seed");
        m.put("TICKRING_DURATION", "run.duration");
        m.put("TICKRING_MODEL_PATH", "model.path");
        return Collections.unmodifiableMap(m);
    }
}
