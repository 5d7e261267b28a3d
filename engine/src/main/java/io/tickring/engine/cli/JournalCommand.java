package io.tickring.engine.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tickring.core.EventType;
import io.tickring.journal.JournalInspector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tickring journal dump|stats|verify DIR}: read a journal without the engine. */
@Command(
        name = "journal",
        mixinStandardHelpOptions = true,
        description = "Read a journal without the engine.",
        subcommands = {
            JournalCommand.Dump.class,
            JournalCommand.Stats.class,
            JournalCommand.Verify.class
        })
final class JournalCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "dump, stats or verify is required");
    }

    /** Every record as a JSON line. */
    @Command(
            name = "dump",
            mixinStandardHelpOptions = true,
            description = "Print every record as one JSON object per line: inputs, then outputs.")
    static final class Dump implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The journal directory.")
        Path dir;

        @CommandLine.Option(names = "--in", description = "Only the input records.")
        boolean inOnly;

        @CommandLine.Option(names = "--out", description = "Only the output records.")
        boolean outOnly;

        @CommandLine.Mixin JsonOption json = new JsonOption();

        @Override
        public Integer call() {
            PrintWriter w = spec.commandLine().getOut();
            long records = JournalInspector.dump(dir, w, !outOnly, !inOnly);
            if (json.json) {
                w.println(
                        new JsonLine()
                                .put("command", "journal dump")
                                .put("journal", dir.toString())
                                .put("records", records));
            }
            w.flush();
            return Main.OK;
        }
    }

    /** Counts per record type. */
    @Command(
            name = "stats",
            mixinStandardHelpOptions = true,
            description =
                    "Count records per type; print the time range, the output digest and the restarts of a resumed journal (DIR/restarts.jsonl).")
    static final class Stats implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin JsonOption json = new JsonOption();

        @Parameters(paramLabel = "DIR", description = "The journal directory.")
        Path dir;

        @Override
        public Integer call() throws Exception {
            print(spec, json.json, "journal stats", JournalInspector.stats(dir));
            return Main.OK;
        }
    }

    /** Sequence continuity and schema checks. */
    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Check every record: schema version, lengths, CRC32C (version 2), SESSION first, sequences",
                "without gaps, output records pointing at existing inputs; both end markers (the writer finished,",
                "as many records as readable) and the output digest against out.end. Queue files are checked",
                "before they are read (empty, cut, foreign). Exit 2 naming the first bad file or record."
            })
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin JsonOption json = new JsonOption();

        @Parameters(paramLabel = "DIR", description = "The journal directory.")
        Path dir;

        @CommandLine.Option(
                names = "--partial",
                description =
                        "Accept queues whose writer did not finish (no end marker, or a failed one: a crash, a full disk, a failed import).")
        boolean partial;

        @Override
        public Integer call() throws Exception {
            JournalInspector.Stats s = JournalInspector.verify(dir, partial);
            if (!json.json) {
                spec.commandLine().getOut().println("verified: " + dir);
            }
            print(spec, json.json, "journal verify", s);
            return Main.OK;
        }
    }

    static void print(
            CommandLine.Model.CommandSpec spec,
            boolean asJson,
            String command,
            JournalInspector.Stats s)
            throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (asJson) {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
                s.writeJson(g);
            }
            String body = w.toString();
            out.println("{\"command\":\"" + command + "\"," + body.substring(1));
        } else {
            out.printf(Locale.ROOT, "schema version %d%n", s.inVersion);
            out.printf(
                    Locale.ROOT,
                    "in/  %d records, sequences %d..%d%n",
                    s.inRecords,
                    s.firstSequence,
                    s.lastSequence);
            for (int t = 0; t <= EventType.MAX; t++) {
                if (EventType.isInput(t)) {
                    out.printf(Locale.ROOT, "  %-12s %d%n", EventType.name(t), s.inCounts[t]);
                }
            }
            out.printf(Locale.ROOT, "out/ %d records%n", s.outRecords);
            for (int t = 0; t <= EventType.MAX; t++) {
                if (EventType.isOutput(t)) {
                    out.printf(Locale.ROOT, "  %-12s %d%n", EventType.name(t), s.outCounts[t]);
                }
            }
            out.printf(
                    Locale.ROOT,
                    "exchange time %s .. %s%n",
                    instant(s.firstExchangeNs),
                    instant(s.lastExchangeNs));
            out.println("digest " + s.outputDigest);
            out.printf(
                    Locale.ROOT,
                    "restarts %d%s%n",
                    s.restarts.size(),
                    s.restarts.isEmpty()
                            ? ""
                            : " (run --resume continued at sequence"
                                    + (s.restarts.size() > 1 ? "s " : " ")
                                    + s.restarts.toString().replaceAll("[\\[\\]]", "")
                                    + ")");
        }
        out.flush();
    }

    private static String instant(long ns) {
        return java.time.Instant.ofEpochSecond(
                        Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L))
                .toString();
    }
}
