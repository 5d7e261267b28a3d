package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickring.core.codec.RecordHeader;
import io.tickring.journal.JournalPaths;
import io.tickring.journal.RecordAppender;
import io.tickring.journal.RecordReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, in process: exit codes, JSON lines and one-line errors. */
@org.junit.jupiter.api.Tag("slow")
class CliTest {
    @TempDir Path tmp;

    record Run(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    static Run tickring(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\"[^\"]*\"|[^,}]*)").matcher(json);
        assertTrue(m.find(), name + " missing in " + json);
        return m.group(1).replace("\"", "");
    }

    static void assertOneLineBadInput(Run r, String expectedFragment) {
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "error must be one line: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        assertTrue(err.contains(expectedFragment), "'" + expectedFragment + "' not in: " + err);
    }

    Path simDemo(String name) {
        Path j = tmp.resolve(name);
        Run r =
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

    @Test
    void shouldRunTheDemoAndReplayItToTheSameDigest() {
        Path j = tmp.resolve("demo");
        Run demo =
                tickring(
                        "demo",
                        "--mode",
                        "sim",
                        "--duration",
                        "120s",
                        "--journal",
                        j.toString(),
                        "--json");
        assertEquals(0, demo.code(), demo.err());
        String line = demo.lastLine();
        assertTrue(Long.parseLong(field(line, "orders")) > 0, line);
        assertTrue(Long.parseLong(field(line, "fills")) > 0, line);
        assertTrue(Long.parseLong(field(line, "events")) > 1000, line);
        String digest = field(line, "digest");
        assertEquals(64, digest.length());

        Run replay = tickring("replay", "--journal", j.toString(), "--verify", "--json");
        assertEquals(0, replay.code(), replay.err());
        assertEquals("true", field(replay.lastLine(), "match"));
        assertEquals(digest, field(replay.lastLine(), "digest"));

        Run stats = tickring("journal", "stats", j.toString(), "--json");
        assertEquals(0, stats.code(), stats.err());
        for (String type :
                new String[] {
                    "SESSION", "BOOK", "TRADE", "EXEC_REPORT", "TIMER", "DECISION", "RISK", "ORDER"
                }) {
            assertTrue(
                    Long.parseLong(field(stats.lastLine(), type)) > 0,
                    type + " not counted: " + stats.lastLine());
        }
        assertEquals(field(line, "events"), field(stats.lastLine(), "in_records"));
    }

    @Test
    void shouldGiveTheSameDigestForTheSameSeedAndADifferentOneForAnother() {
        String a =
                field(
                        tickring(
                                        "demo",
                                        "--mode",
                                        "sim",
                                        "--duration",
                                        "60s",
                                        "--journal",
                                        tmp.resolve("a").toString(),
                                        "--json")
                                .lastLine(),
                        "digest");
        String b =
                field(
                        tickring(
                                        "demo",
                                        "--mode",
                                        "sim",
                                        "--duration",
                                        "60s",
                                        "--journal",
                                        tmp.resolve("b").toString(),
                                        "--json")
                                .lastLine(),
                        "digest");
        String c =
                field(
                        tickring(
                                        "demo",
                                        "--mode",
                                        "sim",
                                        "--duration",
                                        "60s",
                                        "--seed",
                                        "7",
                                        "--journal",
                                        tmp.resolve("c").toString(),
                                        "--json")
                                .lastLine(),
                        "digest");
        assertEquals(a, b);
        assertFalse(a.equals(c), "another seed should trade differently");
    }

    @Test
    void shouldRejectAConfigWithAnUnknownKey() throws IOException {
        Path cfg = tmp.resolve("bad.yaml");
        Files.writeString(
                cfg, "run:\n  mode: sim\n  sed: 42\ninstruments: " + instrumentsPath() + "\n");
        assertOneLineBadInput(
                tickring(
                        "demo",
                        "--config",
                        cfg.toString(),
                        "--journal",
                        tmp.resolve("j").toString()),
                "bad.yaml:3: run.sed");
    }

    @Test
    void shouldRejectAConfigWithAWrongType() throws IOException {
        Path cfg = tmp.resolve("bad.yaml");
        Files.writeString(
                cfg,
                "run:\n  mode: sim\n  seed: forty-two\ninstruments: " + instrumentsPath() + "\n");
        assertOneLineBadInput(
                tickring(
                        "demo",
                        "--config",
                        cfg.toString(),
                        "--journal",
                        tmp.resolve("j").toString()),
                "bad.yaml:3: run.seed");
    }

    @Test
    void shouldRejectUnknownOptionsAndMissingArguments() {
        assertOneLineBadInput(tickring("demo", "--frobnicate"), "--frobnicate");
        assertOneLineBadInput(tickring("replay"), "--journal");
        assertOneLineBadInput(
                tickring("journal", "stats", tmp.resolve("nothing-here").toString()),
                "no such journal");
    }

    @Test
    void shouldRejectATruncatedJournal() throws IOException {
        Path j = simDemo("t");
        Path cq4;
        try (var files = Files.list(JournalPaths.in(j))) {
            cq4 = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(cq4);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        try (var ch =
                java.nio.channels.FileChannel.open(cq4, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(end / 2);
        }
        assertOneLineBadInput(tickring("journal", "verify", j.toString()), "truncated");
        assertOneLineBadInput(
                tickring("replay", "--journal", j.toString(), "--verify"), "truncated");
    }

    @Test
    void shouldRejectAJournalFromAnUnknownSchemaVersion() throws IOException {
        Path j = simDemo("v");
        Path copy = tmp.resolve("v99");
        try (RecordReader r = new RecordReader(JournalPaths.in(j));
                RecordAppender w = new RecordAppender(JournalPaths.in(copy), 1 << 20, 1 << 20)) {
            while (r.next()) {
                byte[] rec = java.util.Arrays.copyOf(r.bytes(), r.length());
                if (r.index() == 5) {
                    rec[RecordHeader.VERSION_OFFSET] = 99;
                }
                w.append(rec, 0, rec.length);
            }
        }
        Run verify = tickring("journal", "verify", copy.toString(), "--partial");
        assertOneLineBadInput(verify, "schema version 99 is not supported");
        assertTrue(verify.err().contains("record #5"), verify.err());
        assertOneLineBadInput(tickring("journal", "dump", copy.toString()), "schema version 99");
    }

    @Test
    void shouldNameTheFirstDifferingRecordWhenAReplayDoesNotMatch() throws IOException {
        Path j = simDemo("m");
        // Tamper with the recorded outputs: the third record's quantity.
        Path tampered = tmp.resolve("m2");
        copyTree(j, tampered);
        Files.delete(tampered.resolve("out.end"));
        try (var files = Files.walk(JournalPaths.out(tampered))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (RecordReader r = new RecordReader(JournalPaths.out(j));
                io.tickring.journal.OutputJournal w =
                        new io.tickring.journal.OutputJournal(tampered, 1 << 20)) {
            while (r.next()) {
                w.buffer().putBytes(0, r.buffer(), 0, r.length());
                if (r.index() == 2) {
                    w.buffer()
                            .putLong(
                                    RecordHeader.LENGTH + 16,
                                    12345L,
                                    java.nio.ByteOrder.LITTLE_ENDIAN);
                }
                w.commit(r.length());
            }
        }
        Run replay = tickring("replay", "--journal", tampered.toString(), "--verify");
        assertEquals(1, replay.code(), replay.err());
        assertTrue(replay.err().contains("out record #2"), replay.err());
        assertTrue(replay.err().contains("12345"), replay.err());
    }

    /**
     * {@code import lobster} of the MSFT L5 sample in ../shared/data into {@code journal}, with
     * --json.
     */
    static Run importMsftSample(Path journal) {
        Path data = lobsterData();
        return tickring(
                "import",
                "lobster",
                "--message",
                data.resolve("MSFT_message_20k.csv.gz").toString(),
                "--orderbook",
                data.resolve("MSFT_orderbook_20k.csv.gz").toString(),
                "--symbol",
                "MSFT",
                "--date",
                "2012-06-21",
                "--levels",
                "5",
                "--journal",
                journal.toString(),
                "--json");
    }

    static Path lobsterData() {
        Path dir =
                Path.of(
                        System.getenv().getOrDefault("TICKRING_TEST_ROOT", ".."),
                        "..",
                        "shared",
                        "data",
                        "lobster");
        boolean present = Files.isRegularFile(dir.resolve("MSFT_message_20k.csv.gz"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(
                    "LOBSTER samples missing at " + dir + " (they are always present in CI)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(
                present, "LOBSTER samples not present at " + dir);
        return dir;
    }

    @Test
    void shouldImportTheLobsterSampleAndBacktestIt() {
        Path data = lobsterData();
        Path j = tmp.resolve("msft");
        Run imp = importMsftSample(j);
        assertEquals(0, imp.code(), imp.err());
        assertEquals("20000", field(imp.lastLine(), "rows_read"));
        assertEquals("0", field(imp.lastLine(), "dropped_total"));
        assertEquals("19810", field(imp.lastLine(), "BOOK"));
        assertEquals("1690", field(imp.lastLine(), "TRADE"));
        Run stats = tickring("journal", "verify", j.toString(), "--json");
        assertEquals(0, stats.code(), stats.err());
        assertEquals("21501", field(stats.lastLine(), "in_records"));
        Run bt = tickring("backtest", "--journal", j.toString(), "--json");
        assertEquals(0, bt.code(), bt.err());
        assertTrue(Long.parseLong(field(bt.lastLine(), "orders")) > 0, bt.lastLine());
        Run again = tickring("backtest", "--journal", j.toString(), "--json");
        assertEquals(
                field(bt.lastLine(), "digest"),
                field(again.lastLine(), "digest"),
                "a backtest is deterministic");
        assertOneLineBadInput(
                tickring(
                        "import",
                        "lobster",
                        "--message",
                        data.resolve("MSFT_message_20k.csv.gz").toString(),
                        "--orderbook",
                        data.resolve("MSFT_orderbook_20k.csv.gz").toString(),
                        "--symbol",
                        "NOPE",
                        "--date",
                        "2012-06-21",
                        "--journal",
                        tmp.resolve("nope").toString()),
                "NOPE");
    }

    @Test
    void shouldRespectEveryTightLimitInTheOutputJournal() throws IOException {
        Path data = lobsterData();
        Path in = tmp.resolve("msft-in");
        assertEquals(
                0,
                tickring(
                                "import",
                                "lobster",
                                "--message",
                                data.resolve("MSFT_message_20k.csv.gz").toString(),
                                "--orderbook",
                                data.resolve("MSFT_orderbook_20k.csv.gz").toString(),
                                "--symbol",
                                "MSFT",
                                "--date",
                                "2012-06-21",
                                "--journal",
                                in.toString())
                        .code());
        Path riskYaml = Path.of(instrumentsPath()).resolveSibling("risk.yaml");
        io.tickring.engine.config.EngineConfig cfg =
                io.tickring.engine.config.ConfigLoader.load(
                        riskYaml, java.util.Map.of(), java.util.List.of());
        io.tickring.engine.stage.risk.RiskContext limits = cfg.risk();
        Path out = tmp.resolve("msft-tight");
        Run bt =
                tickring(
                        "backtest",
                        "--journal",
                        in.toString(),
                        "--config",
                        riskYaml.toString(),
                        "--out",
                        out.toString(),
                        "--json");
        assertEquals(0, bt.code(), bt.err());
        long multiplier = cfg.instruments().bySymbol("MSFT").priceMultiplier();

        // Every released order, from out/.
        java.util.List<long[]> orders = new java.util.ArrayList<>(); // {time, qty, px}
        io.tickring.core.codec.OutputRecord o = new io.tickring.core.codec.OutputRecord();
        long rejects = 0;
        try (RecordReader r = new RecordReader(JournalPaths.out(out))) {
            while (r.next()) {
                io.tickring.core.codec.OutputCodec.decode(r.buffer(), 0, r.length(), o, r.where());
                if (o.type == io.tickring.core.EventType.ORDER) {
                    orders.add(new long[] {o.exchangeTimeNs, o.qty, o.px});
                } else if (o.type == io.tickring.core.EventType.RISK
                        && o.verdict == io.tickring.core.RiskVerdict.REJECT) {
                    rejects++;
                }
            }
        }
        assertTrue(orders.size() > 10, "too few orders to prove anything: " + orders.size());
        assertTrue(rejects > 10, "tight limits should reject: " + rejects);
        assertTrue(orders.size() <= limits.maxOrdersPerDay());
        for (int i = 0; i < orders.size(); i++) {
            long[] ord = orders.get(i);
            assertTrue(ord[1] <= limits.maxOrderQty(), "order qty " + ord[1]);
            assertTrue(
                    ord[1] * (double) ord[2] / multiplier <= limits.maxOrderNotional() + 1e-9,
                    "order notional");
            int inWindow = 0;
            for (long[] other : orders) {
                if (other[0] > ord[0] - 1_000_000_000L && other[0] <= ord[0]) {
                    inWindow++;
                }
            }
            assertTrue(inWindow <= limits.maxOrdersPerSecond(), inWindow + " orders in one second");
        }
        // The position the fills make, from in/, never passes the limit and never goes short.
        RingEventHolder h = new RingEventHolder();
        long position = 0;
        long fills = 0;
        try (RecordReader r = new RecordReader(JournalPaths.in(out))) {
            while (r.next()) {
                io.tickring.core.codec.InputCodec.decode(r.buffer(), 0, r.length(), h.e, r.where());
                if (h.e.type == io.tickring.core.EventType.EXEC_REPORT && h.e.execLastQty > 0) {
                    position += h.e.execSide * h.e.execLastQty;
                    fills++;
                    assertTrue(Math.abs(position) <= limits.maxPosition(), "position " + position);
                    assertTrue(position >= 0, "short with allow_short false: " + position);
                }
            }
        }
        assertTrue(fills > 0, "no fills");
    }

    @Test
    void shouldEvaluateTheShippedModelOnTheLobsterSample() {
        Path data = lobsterData();
        Path j = tmp.resolve("msft-eval");
        assertEquals(
                0,
                tickring(
                                "import",
                                "lobster",
                                "--message",
                                data.resolve("MSFT_message_20k.csv.gz").toString(),
                                "--orderbook",
                                data.resolve("MSFT_orderbook_20k.csv.gz").toString(),
                                "--symbol",
                                "MSFT",
                                "--date",
                                "2012-06-21",
                                "--journal",
                                j.toString())
                        .code());
        Path model =
                Path.of(
                        System.getenv().getOrDefault("TICKRING_TEST_ROOT", ".."),
                        "model",
                        "deeplob.onnx");
        Run eval =
                tickring(
                        "model",
                        "eval",
                        model.toString(),
                        "--journal",
                        j.toString(),
                        "--stride",
                        "8",
                        "--json");
        assertEquals(0, eval.code(), eval.err());
        String line = eval.lastLine();
        long scored = Long.parseLong(field(line, "scored_with_label"));
        assertTrue(scored > 1000, line);
        long up = Long.parseLong(field(line, "up"));
        long flat = Long.parseLong(field(line, "flat"));
        long down = Long.parseLong(field(line, "down"));
        assertEquals(scored, up + flat + down, "every scored window has one label: " + line);
        double majority = Math.max(up, Math.max(flat, down)) / (double) scored;
        assertEquals(majority, Double.parseDouble(field(line, "majority_accuracy")), 1e-4);
        double accuracy = Double.parseDouble(field(line, "accuracy"));
        // The shipped model on this sample at stride 8 (at stride 4 the same command gives the
        // model card's
        // MSFT row: 4,923 windows, accuracy 0.221). The tolerance allows two predictions to flip on
        // another
        // CPU's ONNX kernels; a wrong class order, normalisation or label would move it far more.
        // It
        // predicts "up" most of the time, so it does worse than always predicting "flat", as the
        // card says.
        assertEquals(0.2182, accuracy, 0.001, line);
        assertTrue(accuracy < majority, line);
        Path predictions = tmp.resolve("msft-predictions.csv");
        Run again =
                tickring(
                        "model",
                        "eval",
                        model.toString(),
                        "--journal",
                        j.toString(),
                        "--stride",
                        "8",
                        "--predictions",
                        predictions.toString(),
                        "--json");
        assertEquals(line, again.lastLine(), "evaluation is deterministic");
        // --predictions: one line per scored book (the last few have no label yet: at stride 8 and
        // horizon 20, at most 3), probabilities that sum to 1, books in order
        java.util.List<String> rows;
        try {
            rows = Files.readAllLines(predictions);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals("instrument,book,p_up,p_flat,p_down", rows.get(0));
        assertTrue(
                rows.size() - 1 >= scored && rows.size() - 1 <= scored + 3,
                rows.size() + " " + line);
        long previous = -1;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            assertEquals("101", f[0], row);
            long book = Long.parseLong(f[1]);
            assertTrue(book > previous, row);
            previous = book;
            double sum =
                    Double.parseDouble(f[2]) + Double.parseDouble(f[3]) + Double.parseDouble(f[4]);
            assertEquals(1.0, sum, 1e-5, row);
        }
        assertOneLineBadInput(tickring("model", "eval", model.toString()), "--journal");
    }

    @Test
    void shouldImportRecordedBinanceFramesAndStopAtTheFirstProblemWhenStrict() {
        Path fixtures =
                Path.of(
                        System.getenv().getOrDefault("TICKRING_TEST_ROOT", ".."),
                        "adapters",
                        "src",
                        "test",
                        "resources",
                        "binance");
        Path j = tmp.resolve("bn");
        Run imp =
                tickring(
                        "import",
                        "binance",
                        "--in",
                        fixtures.resolve("combined-recv.jsonl").toString(),
                        "--journal",
                        j.toString(),
                        "--qty-scale",
                        "5",
                        "--json");
        assertEquals(0, imp.code(), imp.err());
        assertEquals("4", field(imp.lastLine(), "BOOK"));
        assertEquals("3", field(imp.lastLine(), "TRADE"));
        assertTrue(
                imp.lastLine().contains("combined-recv.jsonl:3: unknown_symbol"), imp.lastLine());
        assertEquals(0, tickring("journal", "verify", j.toString()).code());
        assertOneLineBadInput(
                tickring(
                        "import",
                        "binance",
                        "--in",
                        fixtures.resolve("problems.jsonl").toString(),
                        "--journal",
                        tmp.resolve("bn2").toString(),
                        "--qty-scale",
                        "5",
                        "--symbol",
                        "BTCUSDT",
                        "--strict"),
                "problems.jsonl:2: crossed");
    }

    static final class RingEventHolder {
        final io.tickring.core.RingEvent e = new io.tickring.core.RingEvent();
    }

    static String instrumentsPath() {
        String root = System.getenv().getOrDefault("TICKRING_TEST_ROOT", "..");
        return Path.of(root, "config", "instruments.yaml").toAbsolutePath().toString();
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
