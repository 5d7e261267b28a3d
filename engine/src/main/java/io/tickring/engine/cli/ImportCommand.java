package io.tickring.engine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tickring.adapters.binance.BinanceImporter;
import io.tickring.adapters.csv.CsvImporter;
import io.tickring.adapters.csv.CsvMapping;
import io.tickring.adapters.importer.ImportOptions;
import io.tickring.adapters.importer.ImportResult;
import io.tickring.adapters.lobster.LobsterImporter;
import io.tickring.core.instrument.Instrument;
import io.tickring.engine.config.ConfigLoader;
import io.tickring.engine.config.EngineConfig;
import io.tickring.journal.EndMarker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickring import lobster|csv|binance}: market data files into a journal that backtest can
 * run.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description =
                "Import market data files into a new journal (SESSION, then BOOK/TRADE/CONTROL events).",
        subcommands = {
            ImportCommand.Lobster.class,
            ImportCommand.Csv.class,
            ImportCommand.Binance.class
        })
final class ImportCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "lobster, csv or binance is required");
    }

    /** An import, which may fail with a checked exception (a file that cannot be read). */
    interface ImportRun<T> {
        T run() throws Exception;
    }

    /**
     * Runs an import; if it fails after its journal was closed (a truncated gzip, {@code --strict}
     * stopping at a bad row), rewrites the end markers it left as {@code failed} with the reason,
     * so that verify, replay and backtest refuse the journal without {@code --partial}. Only
     * markers this process wrote are touched: a journal the import was refused is left alone.
     */
    static <T> T markedIfFailed(Path journal, ImportRun<T> run) throws Exception {
        try {
            return run.run();
        } catch (Exception | Error e) {
            EndMarker.markFailed(journal, "import failed: " + Main.firstLine(e.getMessage()));
            throw e;
        }
    }

    /** Options every importer takes. */
    static final class Common {
        @Option(
                names = "--journal",
                paramLabel = "DIR",
                required = true,
                description =
                        "New or empty directory for the journal; locked while written: a second writer exits 2 naming the PID.")
        Path journal;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description =
                        "Configuration whose instrument registry to use (default: the embedded one).")
        Path config;

        @Option(
                names = "--instruments",
                paramLabel = "FILE",
                description =
                        "Your instruments file, merged over the registry (the same file goes to backtest).")
        Path instruments;

        @Option(
                names = "--strict",
                description =
                        "Stop at the first bad row with exit 2 (default: drop it, count it, go on).")
        boolean strict;

        @Option(
                names = "--json",
                description = "Print one JSON object with the figures on the last line of stdout.")
        boolean json;

        EngineConfig config() {
            List<io.tickring.engine.config.ConfigOverride> overrides =
                    instruments == null
                            ? List.of()
                            : List.of(
                                    new io.tickring.engine.config.ConfigOverride(
                                            "user_instruments",
                                            instruments.toString(),
                                            "--instruments"));
            return config == null
                    ? ConfigLoader.loadDefault(System.getenv(), overrides)
                    : ConfigLoader.load(config, System.getenv(), overrides);
        }

        /** Which registry the import used, for messages. */
        String registry() {
            return (config == null
                            ? "the embedded config/instruments.yaml"
                            : "the registry of " + config)
                    + (instruments == null ? "" : " merged with " + instruments);
        }

        ImportOptions options(int levels, PrintWriter err) {
            return ImportOptions.defaults()
                    .withStrict(strict)
                    .withLevels(levels)
                    .withProgress(
                            rows -> {
                                err.printf(Locale.ROOT, "import: %,d rows%n", rows);
                                err.flush();
                            });
        }
    }

    static void report(CommandLine.Model.CommandSpec spec, Common c, String kind, ImportResult r) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter text = c.json ? spec.commandLine().getErr() : out;
        text.printf(
                Locale.ROOT,
                "import %s: %,d rows read, %,d events written, %,d dropped, %.0f events/s%n",
                kind,
                r.rowsRead(),
                r.eventsWritten(),
                r.droppedTotal(),
                r.eventsPerSecond());
        for (String p : r.problems()) {
            text.println("  " + p);
        }
        text.println(
                "journal "
                        + c.journal
                        + "; backtest it with: ./tickring backtest --journal "
                        + c.journal);
        text.flush();
        if (c.json) {
            String body = r.toJson();
            out.println(
                    "{\"command\":\"import "
                            + kind
                            + "\",\"journal\":"
                            + quote(c.journal.toString())
                            + ","
                            + body.substring(1));
            out.flush();
        }
    }

    /**
     * Refuses an import that wrote no market event (BOOK, TRADE or QUOTE): a journal of nothing
     * that backtests to nothing. Removes what it wrote and names the symbols it saw and the
     * registry it used; {@code file} is the input file or the list of them.
     */
    static void requireMarketEvents(
            String kind, Common c, Object file, long marketEvents, String seen, String drops) {
        if (marketEvents > 0) {
            return;
        }
        removeJournal(c.journal);
        throw new UsageException(
                "import "
                        + kind
                        + ": no market event written from "
                        + file
                        + "; "
                        + seen
                        + "; registry: "
                        + c.registry()
                        + (drops.isEmpty() ? "" : "; dropped: " + drops));
    }

    /** The drop counters that are not zero, e.g. {@code UNKNOWN_SYMBOL=12, EMPTY_BOOK=3}. */
    static String drops(io.tickring.adapters.validate.DropCounters counters) {
        StringBuilder b = new StringBuilder();
        for (java.util.Map.Entry<String, Long> e : counters.asMap().entrySet()) {
            if (e.getValue() != 0) {
                b.append(b.length() == 0 ? "" : ", ")
                        .append(e.getKey())
                        .append('=')
                        .append(e.getValue());
            }
        }
        return b.toString();
    }

    /**
     * Deletes the journal an import just wrote: its queues, their end markers and its lock file,
     * and the directory if that leaves it empty.
     */
    private static void removeJournal(Path dir) {
        for (String name : List.of("in", "out", "in.end", "out.end")) {
            Path q = dir.resolve(name);
            if (java.nio.file.Files.exists(q)) {
                try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(q)) {
                    files.sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        // The lock file the import's writer left (it released the lock on close), unless another
        // writer holds it by now.
        if (io.tickring.journal.JournalLock.holder(dir) < 0) {
            dir.resolve(io.tickring.journal.JournalLock.FILE).toFile().delete();
        }
        String[] left = dir.toFile().list();
        if (left != null && left.length == 0) {
            dir.toFile().delete();
        }
    }

    /** An unknown-symbol refusal from an importer, with the registry named and the way out. */
    static UsageException unknownSymbol(io.tickring.adapters.importer.ImportException e, Common c) {
        return new UsageException(
                Main.firstLine(e.getMessage())
                        + " ("
                        + c.registry()
                        + "; add it with --instruments FILE)");
    }

    static String quote(String s) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeString(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return w.toString();
    }

    /** NASDAQ LOBSTER message + orderbook files. */
    @Command(
            name = "lobster",
            mixinStandardHelpOptions = true,
            description = {
                "Import a LOBSTER message file and its orderbook file (plain or gzip).",
                "BOOK when the visible book at --levels changes, TRADE for executions (types 4, 5), CONTROL for halts (7)."
            })
    static final class Lobster implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin Common common = new Common();

        @Option(names = "--message", paramLabel = "FILE", required = true)
        Path message;

        @Option(names = "--orderbook", paramLabel = "FILE", required = true)
        Path orderbook;

        @Option(
                names = "--symbol",
                paramLabel = "S",
                required = true,
                description = "Instrument symbol in the registry, e.g. MSFT.")
        String symbol;

        @Option(
                names = "--date",
                paramLabel = "YYYY-MM-DD",
                required = true,
                description = "Trading date (LOBSTER rows hold only seconds after midnight).")
        String date;

        @Option(
                names = "--levels",
                paramLabel = "N",
                defaultValue = "5",
                description = "Book depth to keep, 1..10 (default ${DEFAULT-VALUE}).")
        int levels;

        @Override
        public Integer call() throws Exception {
            LocalDate day;
            try {
                day = LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                throw new UsageException("--date: not a date (YYYY-MM-DD): " + date);
            }
            EngineConfig cfg = common.config();
            ImportResult r;
            try {
                r =
                        markedIfFailed(
                                common.journal,
                                () ->
                                        new LobsterImporter(
                                                        cfg.instruments(),
                                                        common.options(
                                                                levels,
                                                                spec.commandLine().getErr()))
                                                .importFiles(
                                                        message,
                                                        orderbook,
                                                        symbol,
                                                        day,
                                                        common.journal));
            } catch (io.tickring.adapters.importer.ImportException e) {
                if (e.getMessage() != null
                        && e.getMessage().contains("not in the instrument registry")) {
                    throw unknownSymbol(e, common);
                }
                throw e;
            }
            requireMarketEvents(
                    "lobster",
                    common,
                    message,
                    r.eventsWritten() - r.written(io.tickring.core.EventType.CONTROL),
                    "symbol " + symbol + " (in the registry)",
                    drops(r.dropped()));
            report(spec, common, "lobster", r);
            return Main.OK;
        }
    }

    /** A-share / futures L5 tick CSV with a header. */
    @Command(
            name = "csv",
            mixinStandardHelpOptions = true,
            description = {
                "Import an L1..L10 tick-snapshot CSV with a header (TqSdk-style column names by default; --mapping for others).",
                "Columns: symbol, datetime, last_price, volume, ask_price1..N, ask_volume1..N, bid_price1..N, bid_volume1..N,",
                "optional phase (trading phase; rows whose value is in auction_phases, default C,O,U, are not journaled).",
                "Books with no priced level on either side (pre-open zeros) are dropped as EMPTY_BOOK.",
                "Columns, units and mapping keys: config/README.md, section 'CSV import'."
            })
    static final class Csv implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin Common common = new Common();

        @Option(names = "--in", paramLabel = "FILE", required = true)
        Path in;

        @Option(
                names = "--mapping",
                paramLabel = "FILE",
                description = "key=value file mapping our fields to the file's columns.")
        Path mapping;

        @Option(
                names = "--levels",
                paramLabel = "N",
                defaultValue = "5",
                description = "Book depth, 1..10 (default ${DEFAULT-VALUE}).")
        int levels;

        @Override
        public Integer call() throws Exception {
            EngineConfig cfg = common.config();
            if (levels < 1 || levels > io.tickring.core.RingEvent.MAX_LEVELS) {
                throw new UsageException("--levels: " + levels + " is not in 1..10");
            }
            CsvMapping m = mapping == null ? CsvMapping.defaults() : CsvMapping.load(mapping);
            CsvImporter importer =
                    new CsvImporter(
                            cfg.instruments(),
                            m,
                            common.options(levels, spec.commandLine().getErr()));
            ImportResult r;
            try {
                r = markedIfFailed(common.journal, () -> importer.importFile(in, common.journal));
            } catch (io.tickring.adapters.importer.ImportException e) {
                if (e.getMessage() != null
                        && e.getMessage().contains("not in the instrument registry")) {
                    throw unknownSymbol(e, common);
                }
                throw e;
            }
            List<String> seen = new ArrayList<>(importer.knownSymbols());
            seen.addAll(importer.unknownSymbols());
            requireMarketEvents(
                    "csv",
                    common,
                    in,
                    r.eventsWritten() - r.written(io.tickring.core.EventType.CONTROL),
                    seen.isEmpty()
                            ? "no symbol seen"
                            : "symbols seen: "
                                    + String.join(", ", seen)
                                    + (importer.unknownSymbols().isEmpty()
                                            ? ""
                                            : " (not in the registry: "
                                                    + String.join(", ", importer.unknownSymbols())
                                                    + "; add them with --instruments FILE)"),
                    drops(r.dropped()));
            report(spec, common, "csv", r);
            return Main.OK;
        }
    }

    /**
     * Refuses a Binance import whose diff-depth books no snapshot ever synced and which so wrote no
     * BOOK (a continuation file imported alone): trades and quotes without books give a strategy
     * nothing to act on. Removes the journal, like an import of nothing, and says how to import the
     * file so that it syncs.
     */
    static void requireSyncedBooks(Common c, List<Path> in, BinanceImporter.Result r) {
        if (r.neverSynced().isEmpty() || r.events(io.tickring.core.EventType.BOOK) > 0) {
            return;
        }
        removeJournal(c.journal);
        throw new UsageException(neverSyncedWarning(in, r) + "; no BOOK written, journal removed");
    }

    /** The one line that says which books never synced and how to import them so they do. */
    static String neverSyncedWarning(List<Path> in, BinanceImporter.Result r) {
        String files =
                in.size() == 1
                        ? in.get(0).toString()
                        : String.join(", ", in.stream().map(Path::toString).toList());
        return "import binance: no snapshot in "
                + files
                + ": the diff-depth book of "
                + String.join(", ", r.neverSynced())
                + " never synced; import it after the file that holds the snapshot, --in"
                + " EARLIER --in "
                + in.get(in.size() - 1)
                + " (or give --snapshot FILE)";
    }

    /** Recorded Binance WebSocket frames. */
    @Command(
            name = "binance",
            mixinStandardHelpOptions = true,
            description = {
                "Import recorded Binance frames (spot, USD-M, COIN-M) as recorded: one per",
                "line, bare JSON or '<recv_ns> <json>', combined-stream or raw, plain or gzip.",
                "Diff depth syncs on the REST snapshot the recording carries inline (or",
                "--snapshot) by the market's own rule; bookTicker frames become QUOTE events.",
                "Several --in files are read in order as one recording (a day and its next)."
            })
    static final class Binance implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin Common common = new Common();

        @Option(
                names = "--in",
                paramLabel = "FILE",
                required = true,
                description =
                        "Recorded frames; repeat to read files in order as one recording, so a"
                                + " continuation file stays synced (--in DAY1 --in DAY2).")
        List<Path> in;

        @Option(
                names = "--market",
                paramLabel = "M",
                description =
                        "spot, usdm or coinm: the continuity rule of every instrument (default: each"
                                + " instrument's registry venue: BINANCE_USDM usdm, BINANCE_COINM"
                                + " coinm, else spot).")
        String market;

        @Option(
                names = "--symbol",
                paramLabel = "S",
                description =
                        "Symbol for frames that do not name one (default: a spot REST snapshot"
                                + " is the symbol's whose diffs came before it, if only one's"
                                + " did).")
        String symbol;

        @Option(
                names = "--snapshot",
                paramLabel = "FILE",
                description =
                        "REST depth snapshot (JSON) to sync diff-depth frames, when the recording"
                                + " has none inline.")
        Path snapshot;

        @Option(
                names = "--qty-scale",
                paramLabel = "N",
                description =
                        "Decimal places of quantities (default: each instrument's qty_scale in the"
                                + " registry, e.g. 5 for BTCUSDT, 0 for BTCUSD_PERP; a value that"
                                + " disagrees with the --symbol instrument's is an error). Finer"
                                + " sizes are rounded half to even, never dropped.")
        Integer qtyScale;

        @Option(names = "--depth", paramLabel = "N", description = "Book depth to emit.")
        Integer depth;

        @Override
        public Integer call() throws Exception {
            EngineConfig cfg = common.config();
            Path journal = common.journal;
            boolean json = common.json;
            List<String> args = new ArrayList<>();
            for (Path f : in) {
                args.addAll(List.of("--in", f.toString()));
            }
            args.addAll(List.of("--journal", journal.toString()));
            if (market != null) {
                args.addAll(List.of("--market", market));
            }
            if (symbol != null) {
                args.addAll(List.of("--symbol", symbol));
            }
            if (snapshot != null) {
                args.addAll(List.of("--snapshot", snapshot.toString()));
            }
            if (qtyScale != null && symbol != null) {
                // A scale other than the registry's would journal quantities in other units than
                // every stage, the venue and the reports read them in.
                Instrument i = cfg.instruments().bySymbol(symbol);
                if (i != null && i.units().qtyScale() != qtyScale) {
                    throw new UsageException(
                            "--qty-scale "
                                    + qtyScale
                                    + " disagrees with the registry's qty_scale "
                                    + i.units().qtyScale()
                                    + " for "
                                    + symbol
                                    + " (omit --qty-scale to use the registry's)");
                }
            }
            if (qtyScale != null) {
                args.addAll(List.of("--qty-scale", qtyScale.toString()));
            }
            if (depth != null) {
                args.addAll(List.of("--depth", depth.toString()));
            }
            if (common.strict) {
                args.add("--strict");
            }
            BinanceImporter.Options options;
            try {
                options = BinanceImporter.Options.parse(args);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            BinanceImporter.Result r;
            try {
                BinanceImporter.Options parsed = options;
                r = markedIfFailed(journal, () -> BinanceImporter.run(parsed, cfg.instruments()));
            } catch (io.tickring.adapters.importer.ImportException e) {
                if (e.getMessage() != null
                        && e.getMessage().startsWith("--symbol ")
                        && e.getMessage().endsWith("not an instrument")) {
                    throw unknownSymbol(e, common);
                }
                throw e;
            }
            long unknownFrames = r.dropped(io.tickring.adapters.validate.DropReason.UNKNOWN_SYMBOL);
            requireMarketEvents(
                    "binance",
                    common,
                    in.size() == 1 ? in.get(0) : in,
                    r.eventsTotal()
                            - r.events(io.tickring.core.EventType.SESSION)
                            - r.events(io.tickring.core.EventType.CONTROL),
                    (symbol == null ? "no --symbol" : "--symbol " + symbol)
                            + (unknownFrames == 0
                                    ? ""
                                    : ", "
                                            + unknownFrames
                                            + " frames of symbols not in the registry"
                                            + (r.unknownSymbols().isEmpty()
                                                    ? ""
                                                    : " ("
                                                            + String.join(", ", r.unknownSymbols())
                                                            + (r.unknownSymbols().size()
                                                                            < BinanceImporter
                                                                                    .UNKNOWN_SYMBOLS_KEPT
                                                                    ? ""
                                                                    : ", ...")
                                                            + ")")
                                            + "; add them with --instruments FILE"),
                    "");
            requireSyncedBooks(common, in, r);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter text = json ? spec.commandLine().getErr() : out;
            text.printf(
                    Locale.ROOT,
                    "import binance: %,d lines read, %,d events written, %,d dropped%n",
                    r.lines(),
                    r.eventsTotal(),
                    r.droppedTotal());
            for (String p : r.firstProblems()) {
                text.println("  " + p);
            }
            if (!r.neverSynced().isEmpty()) {
                // Some books did sync (else requireSyncedBooks refused the import): the others'
                // depth is missing from the journal, which the user should hear about on stderr.
                spec.commandLine().getErr().println(neverSyncedWarning(in, r));
                spec.commandLine().getErr().flush();
            }
            text.println(
                    "journal "
                            + journal
                            + "; backtest it with: ./tickring backtest --journal "
                            + journal);
            text.flush();
            if (json) {
                StringWriter w = new StringWriter();
                try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
                    r.writeJson(g);
                }
                out.println(
                        "{\"command\":\"import binance\",\"journal\":"
                                + quote(journal.toString())
                                + ","
                                + w.toString().substring(1));
                out.flush();
            }
            return Main.OK;
        }
    }
}
