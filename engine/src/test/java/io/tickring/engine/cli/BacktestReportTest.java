package io.tickring.engine.cli;

import static io.tickring.engine.cli.CliTest.field;
import static io.tickring.engine.cli.CliTest.tickring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backtest --report}: a simulated demo's journal backtested into report.json and
 * report.html, twice, byte for byte; the page rendered in headless Chromium with every chart drawn.
 */
@Tag("slow")
class BacktestReportTest {
    private static final List<String> CHARTS =
            List.of("equity", "drawdown", "position", "price", "latency");

    @TempDir Path tmp;

    private Path demo() {
        Path j = tmp.resolve("demo");
        CliTest.Run r =
                tickring(
                        "demo",
                        "--mode",
                        "sim",
                        "--duration",
                        "120s",
                        "--journal",
                        j.toString(),
                        "--json");
        assertEquals(0, r.code(), r.err());
        return j;
    }

    private CliTest.Run backtest(Path journal, Path report) {
        CliTest.Run r =
                tickring(
                        "backtest",
                        "--journal",
                        journal.toString(),
                        "--report",
                        report.toString(),
                        "--json");
        assertEquals(0, r.code(), r.err());
        return r;
    }

    @Test
    void shouldWriteTheSameReportTwiceWithTheEnginesPnl() throws IOException {
        Path j = demo();
        CliTest.Run first = backtest(j, tmp.resolve("r1"));
        backtest(j, tmp.resolve("r2"));
        byte[] a = Files.readAllBytes(tmp.resolve("r1/report.json"));
        assertTrue(a.length > 1000, "report.json is " + a.length + " bytes");
        assertEquals(
                new String(a, StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("r2/report.json")),
                "the same journal gives a byte-identical report.json");
        assertEquals(
                Files.readString(tmp.resolve("r1/report.html")),
                Files.readString(tmp.resolve("r2/report.html")));
        String json = new String(a, StandardCharsets.UTF_8);
        // the report's money is the engine's: the same fills, fees and PnL (the summary's is
        // rounded to the cent, its open position marked at the mid)
        Matcher pnl =
                Pattern.compile("\"pnl\":\\{\"USD\":\"?(-?[0-9.]+)").matcher(first.lastLine());
        assertTrue(pnl.find(), first.lastLine());
        assertEquals(
                Double.parseDouble(pnl.group(1)),
                Double.parseDouble(field(json, "pnl")),
                0.005 + 1e-9);
        assertEquals(
                Long.parseLong(field(first.lastLine(), "orders")),
                Long.parseLong(field(json, "orders")));
        assertTrue(Long.parseLong(field(json, "orders")) > 0, json.substring(0, 400));
        String html = Files.readString(tmp.resolve("r1/report.html"));
        assertTrue(html.contains("uPlot"), "uPlot inlined");
        assertTrue(!html.contains("<script src="), "no external script: the page opens offline");
        assertTrue(html.length() < 2_000_000, "report.html is " + html.length() + " chars");
    }

    @Test
    void shouldDrawEveryChartInHeadlessChromium() throws Exception {
        Path chromium = chromium();
        Path j = demo();
        backtest(j, tmp.resolve("r"));
        Path html = tmp.resolve("r/report.html");
        Process p =
                new ProcessBuilder(
                                chromium.toString(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--user-data-dir=" + tmp.resolve("profile"),
                                "--virtual-time-budget=10000",
                                "--dump-dom",
                                html.toUri().toString())
                        .redirectError(tmp.resolve("chromium.err").toFile())
                        .start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        Map<String, Integer> drawn = new HashMap<>();
        Matcher m = Pattern.compile("data-chart=\"(\\w+)\" data-points=\"(\\d+)\"").matcher(dom);
        while (m.find()) {
            drawn.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        for (String chart : CHARTS) {
            assertTrue(
                    drawn.getOrDefault(chart, 0) > 0,
                    chart
                            + " not drawn with data; markers "
                            + drawn
                            + "; chromium: "
                            + Files.readString(tmp.resolve("chromium.err")));
        }
        assertTrue(dom.contains("<td class=\"num\">"), "metrics table filled");
    }

    /** Debian's chromium; CI installs it (.ci/run), so there it must be found. */
    static Path chromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("no chromium in CI: .ci/run installs Debian's chromium");
        }
        Assumptions.assumeTrue(
                false, "no chromium found (/usr/bin/chromium): apt-get install chromium");
        return null;
    }
}
