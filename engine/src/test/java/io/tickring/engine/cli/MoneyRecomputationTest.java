package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.engine.cli.CliTest.Run;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's "done when": backtests of the MSFT LOBSTER sample and of the COIN-M recordings report
 * fees, cash and PnL that {@code tools/recompute_money.py} recomputes, on its own, from the
 * backtest's journal and the instrument registry to the last unit. The script is compared with the
 * figures the engine printed in the same run, never with totals written here, so the test holds
 * when the strategy or the risk gate changes what trades.
 */
@Tag("slow")
class MoneyRecomputationTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir Path tmp;

    static Path root() {
        return Path.of(System.getenv().getOrDefault("TICKRING_TEST_ROOT", ".."))
                .toAbsolutePath()
                .normalize();
    }

    static Path binanceData() {
        Path dir = root().resolve("../shared/data/binance").normalize();
        boolean present = Files.isRegularFile(dir.resolve("coinm_btcusd_perp_20240808.gz"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("Binance recordings missing at " + dir);
        }
        Assumptions.assumeTrue(present, "Binance COIN-M recordings not present at " + dir);
        return dir;
    }

    @Test
    void shouldRecomputeTheMsftBacktestsMoneyToTheLastCent() throws Exception {
        requirePython();
        Path in = tmp.resolve("msft");
        Run imp = CliTest.importMsftSample(in);
        assertEquals(0, imp.code(), imp.err());
        backtestAndRecompute(in, "USD");
    }

    @Test
    void shouldRecomputeTheCoinMBacktestsMoneyToTheLastSatoshi() throws Exception {
        requirePython();
        Path data = binanceData();
        // The _20240809 file continues the _20240808 one: gzip members concatenated are one
        // stream.
        Path frames = tmp.resolve("btcusd_perp.gz");
        try (OutputStream out = Files.newOutputStream(frames)) {
            for (String f :
                    List.of("coinm_btcusd_perp_20240808.gz", "coinm_btcusd_perp_20240809.gz")) {
                Files.copy(data.resolve(f), out);
            }
        }
        Path in = tmp.resolve("btc");
        // No --qty-scale: the registry's qty_scale for BTCUSD_PERP (0, whole contracts) is the
        // default.
        Run imp =
                tickring(
                        "import",
                        "binance",
                        "--in",
                        frames.toString(),
                        "--symbol",
                        "BTCUSD_PERP",
                        "--journal",
                        in.toString(),
                        "--json");
        assertEquals(0, imp.code(), imp.err());
        assertTrue(Long.parseLong(field(imp.lastLine(), "BOOK")) > 0, imp.lastLine());
        backtestAndRecompute(in, "BTC");
    }

    @Test
    void shouldPassTheScriptsHandComputedCases() throws Exception {
        requirePython();
        // tools/test_recompute_money.py: issue 9's hand-computed figures (BTC spot, COIN-M,
        // A-share stamp duty by date, per-order minimum, maker rebate) through the script's own
        // arithmetic, which the backtests above do not all reach.
        Process p =
                new ProcessBuilder(
                                PYTHON.toString(),
                                "-m",
                                "unittest",
                                "discover",
                                "-s",
                                root().resolve("tools").toString(),
                                "-p",
                                "test_*.py")
                        .redirectErrorStream(true)
                        .start();
        p.getOutputStream().close();
        StreamText out = new StreamText(p.getInputStream());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the script's tests did not finish");
        String text = out.text();
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("OK"), text);
    }

    /** Backtests {@code in}, has the script recompute its money, and checks that it can fail. */
    private void backtestAndRecompute(Path in, String currency) throws Exception {
        Path bt = tmp.resolve(in.getFileName() + "-bt");
        Run run =
                tickring("backtest", "--journal", in.toString(), "--out", bt.toString(), "--json");
        assertEquals(0, run.code(), run.err());
        String summary = run.lastLine();
        assertTrue(Long.parseLong(field(summary, "fills")) > 0, "nothing filled: " + summary);
        assertTrue(summary.contains("\"" + currency + "\""), summary);
        Path summaryFile = tmp.resolve(in.getFileName() + "-summary.json");
        Files.writeString(summaryFile, run.out());

        Script agree = script(bt, summaryFile);
        assertEquals(0, agree.code(), agree.out() + agree.err());
        String figures = agree.lastJson();
        assertTrue(figures.contains("\"agrees\": true"), figures);
        for (String name : List.of("fees", "cash", "pnl")) {
            assertEquals(
                    money(summary, name, currency),
                    money(figures, name, currency),
                    name + " printed by the engine and recomputed by the script");
        }

        // One unit more in one figure of the engine's summary: the script must name it and exit
        // 1.
        for (String name : List.of("fees", "cash", "pnl")) {
            BigDecimal v = money(summary, name, currency);
            BigDecimal off = v.add(BigDecimal.ONE.movePointLeft(v.scale()));
            String tampered =
                    summary.replace(
                            "\"" + name + "\":{\"" + currency + "\":" + v.toPlainString(),
                            "\"" + name + "\":{\"" + currency + "\":" + off.toPlainString());
            assertTrue(!tampered.equals(summary), "could not tamper with " + name + ": " + summary);
            Path bad = tmp.resolve(in.getFileName() + "-" + name + "-off.json");
            Files.writeString(bad, tampered + "\n");
            Script differs = script(bt, bad);
            assertEquals(1, differs.code(), differs.out() + differs.err());
            assertTrue(differs.err().contains("differs: " + name + " " + currency), differs.err());
        }
    }

    /** A money figure of one currency in a JSON line: {@code "name":{"USD":12.34}}. */
    static BigDecimal money(String json, String name, String currency) {
        Matcher m =
                Pattern.compile(
                                "\""
                                        + name
                                        + "\": ?\\{[^}]*\""
                                        + currency
                                        + "\": ?\"?(-?[0-9.Ee+-]+)\"?")
                        .matcher(json);
        assertTrue(m.find(), name + " " + currency + " missing in " + json);
        return new BigDecimal(m.group(1));
    }

    record Script(int code, String out, String err) {
        String lastJson() {
            String[] lines = out.strip().split("\n");
            for (int k = lines.length - 1; k >= 0; k--) {
                if (lines[k].startsWith("{")) {
                    return lines[k];
                }
            }
            throw new AssertionError("no JSON line from the script: " + out);
        }
    }

    private Script script(Path journal, Path summary) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(PYTHON.toString());
        cmd.add(root().resolve("tools/recompute_money.py").toString());
        cmd.add("--journal");
        cmd.add(journal.toString());
        cmd.add("--summary");
        cmd.add(summary.toString());
        cmd.add("--instruments");
        cmd.add(root().resolve("config/instruments.yaml").toString());
        cmd.add("--tickring");
        cmd.add(launcher().toString());
        cmd.add("--json");
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        // Read both streams on their own threads: a full pipe would stall the script.
        StreamText out = new StreamText(p.getInputStream());
        StreamText err = new StreamText(p.getErrorStream());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the script did not finish");
        return new Script(p.exitValue(), out.text(), err.text());
    }

    /**
     * The script reads journals through {@code tickring journal dump}; here that is this test's
     * classes on this JVM with its flags, so the test never builds the launcher's jar.
     */
    private Path launcher() throws IOException {
        Path sh = tmp.resolve("tickring");
        if (!Files.exists(sh)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String flags =
                    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                            .filter(
                                    a ->
                                            a.startsWith("--add-")
                                                    || a.startsWith("--enable-native-access")
                                                    || a.startsWith("--sun-misc")
                                                    || a.startsWith("-Dchronicle"))
                            .map(MoneyRecomputationTest::quote)
                            .collect(Collectors.joining(" "));
            Files.writeString(
                    sh,
                    "#!/bin/sh\nexec "
                            + quote(java)
                            + " "
                            + flags
                            + " -cp "
                            + quote(ChildClassPath.of())
                            + " io.tickring.engine.cli.Main \"$@\"\n");
            Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return sh;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static void requirePython() {
        Assumptions.assumeTrue(
                Files.isExecutable(PYTHON),
                "/usr/bin/python3 is absent: tools/recompute_money.py cannot run");
    }

    /** Collects a process stream on its own thread. */
    private static final class StreamText {
        private final Thread thread;
        private final StringBuilder text = new StringBuilder();

        StreamText(InputStream in) {
            thread =
                    new Thread(
                            () -> {
                                try {
                                    String s =
                                            new String(in.readAllBytes(), StandardCharsets.UTF_8);
                                    synchronized (text) {
                                        text.append(s);
                                    }
                                } catch (IOException e) {
                                    synchronized (text) {
                                        text.append("(read failed: ").append(e).append(')');
                                    }
                                }
                            });
            thread.setDaemon(true);
            thread.start();
        }

        String text() throws InterruptedException {
            thread.join();
            synchronized (text) {
                return text.toString();
            }
        }
    }
}
