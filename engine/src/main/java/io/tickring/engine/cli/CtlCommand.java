package io.tickring.engine.cli;

import io.tickring.engine.config.Secrets;
import io.tickring.engine.ops.admin.AdminClient;
import io.tickring.engine.ops.admin.AdminJson;
import io.tickring.engine.ops.admin.AdminServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tickring ctl}: drives a running engine through its admin API. */
@Command(
        name = "ctl",
        mixinStandardHelpOptions = true,
        description = {
            "Send an operator command to a running engine's admin API (ops.admin in its"
                    + " configuration), or print its status.",
            "  halt         stop trading: only cancels pass",
            "  resume       lift a halt or reduce-only (not a kill)",
            "  reduce-only  only orders that reduce a position pass",
            "  kill         trip the kill switch at once, halt and cancel every open order",
            "  rearm        lift a kill (the only command that does)",
            "  status       print the engine's status (state, positions, PnL, orders, fills,"
                    + " rejects by reason, drops, uptime); --json prints the raw JSON",
            "Each command is queued as a CONTROL input event: the engine journals it and replay"
                    + " follows it.",
            "The token comes from the environment variable TICKRING_ADMIN_TOKEN (the one the"
                    + " engine was started with), never from the command line.",
            "Exit codes: 0 done, 2 usage or a refused token, 1 the engine could not be reached or"
                    + " did not take the command."
        })
final class CtlCommand implements Callable<Integer> {
    static final String DEFAULT_URL = "http://127.0.0.1:9465";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "COMMAND",
            description = "halt, resume, reduce-only, kill, rearm or status")
    String command;

    @Option(
            names = "--url",
            paramLabel = "URL",
            defaultValue = DEFAULT_URL,
            description = "The engine's admin endpoint (default: ${DEFAULT-VALUE}).")
    String url;

    @CommandLine.Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws Exception {
        String word = command.toLowerCase(Locale.ROOT);
        if (!word.equals("status") && !AdminServer.COMMANDS.contains(word)) {
            throw new UsageException(
                    "unknown command '"
                            + command
                            + "' (halt, resume, reduce-only, kill, rearm, status)");
        }
        URI base = baseUri(url);
        String token = System.getenv(Secrets.ADMIN_TOKEN_ENV);
        if (token == null || token.isEmpty()) {
            throw new UsageException(
                    Secrets.ADMIN_TOKEN_ENV
                            + " is not set: ctl sends the engine's admin token from it");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new UsageException(
                    Secrets.ADMIN_TOKEN_ENV
                            + " holds spaces or characters an HTTP header cannot carry");
        }
        AdminClient client = new AdminClient(base, token);
        AdminClient.Response r;
        try {
            r = word.equals("status") ? client.status() : client.command(word);
        } catch (ConnectException | java.io.InterruptedIOException e) {
            return fail(
                    Main.FAILED,
                    "cannot reach the engine at " + base + " (" + reason(e) + ")",
                    word);
        } catch (IOException e) {
            return fail(
                    Main.FAILED,
                    "no answer from the engine at " + base + " (" + reason(e) + ")",
                    word);
        }
        if (r.status() == 401 || r.status() == 403) {
            return fail(
                    Main.BAD_INPUT,
                    "refused by the engine at "
                            + base
                            + ": "
                            + r.error()
                            + " (check "
                            + Secrets.ADMIN_TOKEN_ENV
                            + ")",
                    word);
        }
        if (r.status() / 100 != 2) {
            return fail(
                    Main.FAILED,
                    "the engine at " + base + " answered " + r.status() + ": " + r.error(),
                    word);
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> body = AdminJson.parseObject(r.body());
        if (json.json) {
            out.println(AdminJson.write(body));
        } else if (word.equals("status")) {
            printStatus(out, body);
        } else {
            out.println(
                    "ctl: "
                            + body.get("code")
                            + " queued at "
                            + base
                            + " (kill switch "
                            + body.get("kill_switch")
                            + ")");
        }
        out.flush();
        return Main.OK;
    }

    /** {@code url} as an http(s) URI with a host, or a usage error. */
    private static URI baseUri(String url) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--url: not a URL: " + url);
        }
        if (u.getScheme() == null
                || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                || u.getHost() == null) {
            throw new UsageException("--url: expected http://HOST:PORT, got " + url);
        }
        return u;
    }

    private int fail(int code, String message, String word) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("ctl: " + message);
        err.flush();
        if (json.json) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(
                    new JsonLine()
                            .put("command", "ctl " + word)
                            .put("error", message)
                            .put("exit", code));
            out.flush();
        }
        return code;
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : Main.firstLine(m);
    }

    /** The status as aligned lines, nested maps flattened to {@code key value, key value}. */
    static void printStatus(PrintWriter out, Map<String, Object> status) {
        for (Map.Entry<String, Object> e : status.entrySet()) {
            out.printf(Locale.ROOT, "%-18s %s%n", e.getKey(), readable(e.getValue()));
        }
    }

    private static String readable(Object v) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                return "-";
            }
            List<String> parts = new ArrayList<>();
            m.forEach((k, x) -> parts.add(k + " " + readable(x)));
            return String.join(", ", parts);
        }
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.2f", d);
        }
        return v == null ? "-" : String.valueOf(v);
    }
}
