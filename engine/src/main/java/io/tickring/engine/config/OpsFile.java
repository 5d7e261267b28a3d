package io.tickring.engine.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ops} section of the run that wrote a journal, kept beside it in {@code DIR/ops.yaml}
 * so that {@code run --resume} without {@code --config} operates the resumed run as the original
 * was operated (the same endpoints, stop bound and event log). The journal's SESSION record holds
 * the configuration without its {@code ops} section (it changes no decision and stays out of the
 * digest), so without this file such a resume would serve neither {@code /metrics} nor the admin
 * API.
 *
 * <p>The file is the {@code ops} section in the configuration's own YAML keys, so it reads with the
 * same checks. It holds no secret: the admin token comes from {@code TICKRING_ADMIN_TOKEN} in the
 * environment of each run, never from a file.
 */
public final class OpsFile {
    /** The file's name inside the journal directory. */
    public static final String FILE = "ops.yaml";

    private OpsFile() {}

    /** Writes {@code ops} to {@code DIR/ops.yaml}, replacing the file whole (write, then move). */
    public static void write(Path journalDir, OpsConfig ops) {
        Path file = journalDir.resolve(FILE);
        Path tmp = journalDir.resolve(FILE + ".tmp");
        try {
            Files.writeString(tmp, toYaml(ops), StandardCharsets.UTF_8);
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The {@code ops} section kept beside the journal at {@code journalDir}, or empty if there is
     * none (a journal written before this file existed).
     *
     * @throws ConfigException naming the file and key if it does not read
     */
    public static Optional<OpsConfig> read(Path journalDir) {
        Path file = journalDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, "", "cannot read: " + e.getMessage());
        }
        Node.MapNode root = YamlReader.readDocument(text, file.toString());
        return Optional.of(ConfigBinder.ops(Fields.of(root, List.of("ops"))));
    }

    /** {@code ops} as the configuration's YAML section. */
    static String toYaml(OpsConfig ops) {
        StringBuilder y = new StringBuilder();
        y.append("# The ops section of the run that wrote this journal; run --resume without\n")
                .append(
                        "# --config operates the resumed run with it. No secrets: the admin token\n")
                .append("# comes from TICKRING_ADMIN_TOKEN.\n")
                .append("ops:\n")
                .append("  stop:\n")
                .append("    timeout: ")
                .append(Durations.format(ops.stop().timeoutNs()))
                .append('\n')
                .append("    cancel_orders: ")
                .append(ops.stop().cancelOrders())
                .append('\n');
        endpoint(y, "metrics", ops.metrics());
        endpoint(y, "admin", ops.admin());
        y.append("  log:\n")
                .append("    dir: ")
                .append(quote(ops.log().dir()))
                .append('\n')
                .append("    max_file_mb: ")
                .append(ops.log().maxFileBytes() >> 20)
                .append('\n')
                .append("    max_history_days: ")
                .append(ops.log().maxHistoryDays())
                .append('\n');
        y.append("  latency_log:\n")
                .append("    enabled: ")
                .append(ops.latencyLog().enabled())
                .append('\n')
                .append("    dir: ")
                .append(quote(ops.latencyLog().dir()))
                .append('\n')
                .append("    interval: ")
                .append(Durations.format(ops.latencyLog().intervalNs()))
                .append('\n');
        return y.toString();
    }

    private static void endpoint(StringBuilder y, String key, OpsConfig.Endpoint e) {
        y.append("  ")
                .append(key)
                .append(":\n")
                .append("    enabled: ")
                .append(e.enabled())
                .append('\n')
                .append("    bind: ")
                .append(quote(e.bind()))
                .append('\n')
                .append("    port: ")
                .append(e.port())
                .append('\n');
    }

    /** A YAML double-quoted scalar (JSON's escapes are YAML's). */
    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format("\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
