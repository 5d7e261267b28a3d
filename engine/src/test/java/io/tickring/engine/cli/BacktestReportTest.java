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

    /**
     * Issue 12's report figures on real data: a LOBSTER import has one timestamp per event, so its
     * feed latency is not recorded (not a zero distribution); a COIN-M recording's recorder clock
     * runs behind the exchange's, so its negative differences are counted with their minimum; a
     * COIN-M contract settles in BTC, so --capital is required; a fill that beats its cancel to the
     * venue is counted alike by the engine and by the report.
     */
    @Test
    void shouldReportWhatRealDataRecordsAndNothingElse() throws Exception {
        Path msft = tmp.resolve("msft");
        CliTest.Run imp = CliTest.importMsftSample(msft);
        assertEquals(0, imp.code(), imp.err());
        backtest(msft, tmp.resolve("msft-report"));
        String feed = latency(tmp.resolve("msft-report"), "market_data_receive_minus_exchange");
        assertEquals("false", field(feed, "recorded"), feed);
        assertTrue(field(feed, "not_recorded_reason").contains("one timestamp"), feed);
        assertEquals("null", field(feed, "p50_us"), feed);

        // A loss trip halts while an order is on its way (order latency 1 s), and the cancel (2 s)
        // arrives after the order has filled at the venue.
        Path cfg = lossTripConfig();
        CliTest.Run late =
                tickring(
                        "backtest",
                        "--journal",
                        msft.toString(),
                        "--config",
                        cfg.toString(),
                        "--report",
                        tmp.resolve("late").toString(),
                        "--json");
        assertEquals(0, late.code(), late.err());
        long engine = Long.parseLong(field(late.lastLine(), "fills_after_cancel"));
        String report = Files.readString(tmp.resolve("late/report.json"));
        assertEquals(engine, Long.parseLong(field(report, "fills_after_cancel")));
        assertTrue(engine >= 1, late.lastLine());

        Path btc = tmp.resolve("btc");
        CliTest.Run bi =
                tickring(
                        "import",
                        "binance",
                        "--in",
                        MoneyRecomputationTest.binanceData()
                                .resolve("coinm_btcusd_perp_20240808.gz")
                                .toString(),
                        "--journal",
                        btc.toString(),
                        "--json");
        assertEquals(0, bi.code(), bi.err());
        for (String json : new String[] {"--report", "--json"}) {
            java.util.List<String> args =
                    new java.util.ArrayList<>(
                            List.of(
                                    "backtest",
                                    "--journal",
                                    btc.toString(),
                                    "--report",
                                    tmp.resolve("btc-refused").toString()));
            if (json.equals("--json")) {
                args.add("--json");
            }
            CliTest.assertOneLineBadInput(
                    tickring(args.toArray(new String[0])),
                    "--capital AMOUNT is required: the journal's instruments settle in BTC");
        }
        CliTest.Run b =
                tickring(
                        "backtest",
                        "--journal",
                        btc.toString(),
                        "--report",
                        tmp.resolve("btc-report").toString(),
                        "--capital",
                        "10",
                        "--json");
        assertEquals(0, b.code(), b.err());
        String coin = latency(tmp.resolve("btc-report"), "market_data_receive_minus_exchange");
        assertEquals("true", field(coin, "recorded"), coin);
        long negative = Long.parseLong(field(coin, "negative_count"));
        assertTrue(negative > 0, coin);
        assertEquals(
                Long.parseLong(field(coin, "samples")),
                negative + Long.parseLong(field(coin, "count")),
                "every difference counted: " + coin);
        assertTrue(Double.parseDouble(field(coin, "min_us")) < 0, coin);
        assertTrue(field(coin, "note").contains("behind the sending one"), coin);
        assertTrue(
                Files.readString(tmp.resolve("btc-report/report.json"))
                        .contains("starting capital of 10.0 BTC"));
    }

    /** The {@code latency.<name>} object of {@code dir}/report.json. */
    private static String latency(Path dir, String name) throws IOException {
        String json = Files.readString(dir.resolve("report.json"));
        int at = json.indexOf("\"" + name + "\":{");
        assertTrue(at >= 0, name + " missing");
        return json.substring(at, json.indexOf('}', at) + 1);
    }

    /** The demo configuration, microprice rule, a 10 USD loss trip that halts, slow order entry. */
    private Path lossTripConfig() throws IOException {
        String root = System.getenv().getOrDefault("TICKRING_TEST_ROOT", "..");
        String yaml =
                Files.readString(Path.of(root, "config", "demo.yaml"))
                        .replaceFirst(
                                "(?m)^instruments: instruments.yaml",
                                "instruments: " + CliTest.instrumentsPath())
                        .replaceFirst("(?m)^  kind: onnx .*$", "  kind: microprice-rule")
                        .replace(
                                "file: headlines-demo.jsonl",
                                "file: "
                                        + Path.of(root, "config", "headlines-demo.jsonl")
                                                .toAbsolutePath())
                        .replaceFirst("(?m)^  daily_loss_limit: .*$", "  daily_loss_limit: 10")
                        .replaceFirst("(?m)^  on_loss: .*$", "  on_loss: halt")
                        .replaceFirst("(?m)^  # order_latency: .*$", "  order_latency: 1s")
                        .replaceFirst("(?m)^  # cancel_latency: .*$", "  cancel_latency: 2s");
        for (String key :
                new String[] {
                    "kind: microprice-rule",
                    "daily_loss_limit: 10",
                    "on_loss: halt",
                    "order_latency: 1s",
                    "cancel_latency: 2s"
                }) {
            assertTrue(yaml.contains("  " + key + "\n"), "the demo configuration sets " + key);
        }
        Path f = tmp.resolve("loss-trip.yaml");
        Files.writeString(f, yaml);
        return f;
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
