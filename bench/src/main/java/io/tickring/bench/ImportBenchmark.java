package io.tickring.bench;

import io.tickring.adapters.csv.CsvImporter;
import io.tickring.adapters.csv.CsvMapping;
import io.tickring.adapters.importer.ImportOptions;
import io.tickring.adapters.importer.ImportResult;
import io.tickring.adapters.lobster.LobsterImporter;
import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.InstrumentLookup;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Import throughput from file to journal, in events per second (the {@code events} line of the
 * results; the primary score is imports per second).
 *
 * <ul>
 *   <li>{@code lobster*}: the LOBSTER MSFT sample (20,000 rows, L5, gzip) from {@code
 *       ../shared/data/lobster} ({@code -Dtickring.lobster.dir=...} to point elsewhere), as is
 *       ({@code copies=1}) and as 20 time-shifted copies in one gzip pair ({@code copies=20},
 *       400,000 rows), so that opening the Chronicle queue does not dominate;
 *   <li>{@code csv*}: a generated 500,000-row L5 futures tick file (plain text, default TqSdk
 *       columns);
 *   <li>{@code *ToJournal} write a fresh input journal per import; {@code *Parse} hand the events
 *       to a black hole, to separate parsing from journaling.
 * </ul>
 *
 * Run: {@code mvn -q -pl bench -am package -DskipTests && java -cp bench/target/benchmarks.jar
 * org.openjdk.jmh.Main ImportBenchmark -f 1 -wi 2 -i 3}; add {@code -prof gc} for allocation per
 * import.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1) // JVM flags for the fork come from config/jvm.properties through BenchMain
public class ImportBenchmark {
    private static final LocalDate DATE = LocalDate.of(2012, 6, 21);
    private static final int CSV_ROWS = 500_000;

    /** MSFT and IF2506 as the importer tests define them. */
    static final class Instruments implements InstrumentLookup {
        static final Instrument MSFT =
                new Instrument(
                        101,
                        "MSFT",
                        "NASDAQ",
                        4,
                        100,
                        1,
                        "USD",
                        ZoneId.of("America/New_York"),
                        List.of(),
                        Instrument.Fees.NONE);
        static final Instrument IF2506 =
                new Instrument(
                        301,
                        "IF2506",
                        "CFFEX",
                        1,
                        2,
                        1,
                        "CNY",
                        ZoneId.of("Asia/Shanghai"),
                        List.of(),
                        Instrument.Fees.NONE);

        @Override
        public Instrument bySymbol(String symbol) {
            return symbol.equals("MSFT") ? MSFT : symbol.equals("IF2506") ? IF2506 : null;
        }

        @Override
        public Instrument byId(int id) {
            return id == 101 ? MSFT : id == 301 ? IF2506 : null;
        }
    }

    /**
     * Events written, which JMH reports as a rate (events/s) next to the primary score (imports/s).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long events;

        @Setup(Level.Iteration)
        public void clear() {
            events = 0;
        }
    }

    /** A fresh journal directory per import, under one temporary directory per trial. */
    public abstract static class Output {
        Path work;
        Path journal;
        int journals;
        final InstrumentLookup instruments = new Instruments();

        @Setup(Level.Invocation)
        public void newJournal() {
            journal = work.resolve("journal-" + journals++);
        }

        @TearDown(Level.Invocation)
        public void dropJournal() throws IOException {
            delete(journal);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            delete(work);
        }
    }

    @State(Scope.Benchmark)
    public static class LobsterInput extends Output {
        @Param({"1", "20"})
        public int copies;

        Path message;
        Path orderbook;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            work = Files.createTempDirectory("tickring-import-bench");
            Path dir =
                    Path.of(System.getProperty("tickring.lobster.dir", "../shared/data/lobster"));
            Path m = dir.resolve("MSFT_message_20k.csv.gz");
            Path b = dir.resolve("MSFT_orderbook_20k.csv.gz");
            if (!Files.isRegularFile(m)) {
                throw new IllegalStateException(
                        m + " not found: run from the project root or set -Dtickring.lobster.dir");
            }
            if (copies == 1) {
                message = m;
                orderbook = b;
            } else {
                message = work.resolve("MSFT_message_x" + copies + ".csv.gz");
                orderbook = work.resolve("MSFT_orderbook_x" + copies + ".csv.gz");
                repeat(m, message, copies, true);
                repeat(b, orderbook, copies, false);
            }
        }
    }

    @State(Scope.Benchmark)
    public static class CsvInput extends Output {
        Path csv;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            work = Files.createTempDirectory("tickring-import-bench");
            csv = work.resolve("IF2506_ticks.csv");
            generateCsv(csv, CSV_ROWS);
        }
    }

    @Benchmark
    public ImportResult lobsterToJournal(LobsterInput f, Counters c) {
        ImportResult r =
                new LobsterImporter(f.instruments, ImportOptions.defaults())
                        .importFiles(f.message, f.orderbook, "MSFT", DATE, f.journal);
        c.events += r.eventsWritten();
        return r;
    }

    @Benchmark
    public ImportResult lobsterParse(LobsterInput f, Counters c, Blackhole bh) {
        ImportResult r =
                new LobsterImporter(f.instruments, ImportOptions.defaults())
                        .importFiles(
                                f.message,
                                f.orderbook,
                                "MSFT",
                                DATE,
                                e -> bh.consume(e.exchangeTimeNs));
        c.events += r.eventsWritten();
        return r;
    }

    @Benchmark
    public ImportResult csvToJournal(CsvInput f, Counters c) {
        ImportResult r =
                new CsvImporter(f.instruments, CsvMapping.defaults(), ImportOptions.defaults())
                        .importFile(f.csv, f.journal);
        c.events += r.eventsWritten();
        return r;
    }

    @Benchmark
    public ImportResult csvParse(CsvInput f, Counters c, Blackhole bh) {
        ImportResult r =
                new CsvImporter(f.instruments, CsvMapping.defaults(), ImportOptions.defaults())
                        .importFile(f.csv, e -> bh.consume(e.exchangeTimeNs));
        c.events += r.eventsWritten();
        return r;
    }

    /**
     * Writes {@code copies} copies of a LOBSTER file; message times of copy k move on by k × 450 s.
     */
    static void repeat(Path in, Path out, int copies, boolean messages) throws IOException {
        List<String> lines;
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(
                                new GZIPInputStream(Files.newInputStream(in)),
                                StandardCharsets.US_ASCII))) {
            lines = r.lines().toList();
        }
        try (Writer w =
                new BufferedWriter(
                        new OutputStreamWriter(
                                new GZIPOutputStream(Files.newOutputStream(out)),
                                StandardCharsets.US_ASCII))) {
            for (int k = 0; k < copies; k++) {
                for (String l : lines) {
                    if (messages) {
                        int dot = l.indexOf('.');
                        w.write(Long.toString(Long.parseLong(l.substring(0, dot)) + 450L * k));
                        w.write(l, dot, l.length() - dot);
                    } else {
                        w.write(l);
                    }
                    w.write('\n');
                }
            }
        }
    }

    /** A random-walk L5 futures tick file with TqSdk columns: 0.5 s apart, prices on a 0.2 tick. */
    static void generateCsv(Path out, int rows) throws IOException {
        Random random = new Random(42);
        long t = 1_748_914_200_000_000_000L;
        long bid = 19_250; // 3850.0 in ticks of 0.2
        long volume = 1000;
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.US_ASCII)) {
            StringBuilder h =
                    new StringBuilder("symbol,datetime,last_price,volume,amount,open_interest");
            for (String f : new String[] {"bid_price", "bid_volume", "ask_price", "ask_volume"}) {
                for (int k = 1; k <= 5; k++) {
                    h.append(',').append(f).append(k);
                }
            }
            w.write(h.append('\n').toString());
            StringBuilder sb = new StringBuilder(256);
            for (int i = 0; i < rows; i++) {
                t += 500_000_000L;
                bid += random.nextInt(3) - 1;
                int traded = random.nextInt(4);
                volume += traded;
                sb.setLength(0);
                sb.append("IF2506,")
                        .append(t)
                        .append(',')
                        .append(price(bid + (traded > 1 ? 1 : 0)))
                        .append(',')
                        .append(volume)
                        .append(",0,120000");
                for (int k = 0; k < 5; k++) {
                    sb.append(',').append(price(bid - k));
                }
                for (int k = 0; k < 5; k++) {
                    sb.append(',').append(1 + random.nextInt(30));
                }
                for (int k = 0; k < 5; k++) {
                    sb.append(',').append(price(bid + 1 + k));
                }
                for (int k = 0; k < 5; k++) {
                    sb.append(',').append(1 + random.nextInt(30));
                }
                w.write(sb.append('\n').toString());
            }
        }
    }

    private static String price(long ticks) {
        long tenths = ticks * 2;
        return tenths / 10 + "." + tenths % 10;
    }

    static void delete(Path p) throws IOException {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder())
                    .forEach(
                            x -> {
                                try {
                                    Files.delete(x);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        }
    }
}
