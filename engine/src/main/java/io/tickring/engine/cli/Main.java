package io.tickring.engine.cli;

import io.tickring.core.codec.JournalFormatException;
import io.tickring.engine.config.ConfigException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tickring} command line. Exit codes: 0 done (a run stopped by SIGTERM or SIGINT too), 2
 * bad input or usage (one line naming the file, line or key), 1 internal failure, 3 a graceful stop
 * that passed {@code ops.stop.timeout} (trading halted, work left; see {@link GracefulStop}).
 */
@Command(
        name = "tickring",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Low-latency trading engine: ring, journal, exact replay.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            SimCommand.class,
            ImportCommand.class,
            BacktestCommand.class,
            ReplayCommand.class,
            JournalCommand.class,
            ReportCommand.class,
            ModelCommand.class,
            BenchCommand.class,
            CtlCommand.class
        })
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int STOP_TIMED_OUT = GracefulStop.TIMED_OUT;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /**
     * Where {@code run} reads operator commands: the process's stdin from {@link #main}, else none.
     */
    InputStream operatorInput;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        int code =
                execute(
                        args,
                        System.in,
                        new PrintWriter(System.out, true),
                        new PrintWriter(System.err, true));
        GracefulStop.exiting(code); // a run stopping on a signal ends the process with this code
        System.exit(code);
    }

    /**
     * Runs one command line, writing to {@code out} and {@code err}, with no operator input;
     * returns the exit code. For tests and embedding: the JVM's stdin is not the process's to read
     * then (in a surefire fork it carries surefire's own commands).
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, null, out, err);
    }

    /**
     * Runs one command line; {@code run} reads operator commands from {@code in} (null: none).
     *
     * @return the exit code
     */
    public static int execute(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        main.operatorInput = in;
        CommandLine cl = new CommandLine(main);
        // Everything after 'bench latency|throughput|jmh' is JMH's, in order (-f, -wi, -prof ...).
        cl.getSubcommands()
                .get("bench")
                .setStopAtPositional(true)
                .setUnmatchedOptionsArePositionalParams(true);
        // backtest --journal takes several values: an unknown option after them is an error, not
        // one more journal.
        cl.getSubcommands().get("backtest").setUnmatchedOptionsAllowedAsOptionParameters(false);
        cl.setOut(out);
        cl.setErr(err);
        // --json promises one JSON object on stdout's last line whatever happens, so a script
        // reading it learns of a usage error or a refused input as it learns of a result.
        boolean json = Arrays.asList(args).contains("--json");
        cl.setParameterExceptionHandler(
                (ex, a) -> {
                    CommandLine c = ex.getCommandLine();
                    String message = firstLine(ex.getMessage());
                    err.println(
                            c.getCommandName()
                                    + ": "
                                    + message
                                    + " (see '"
                                    + c.getCommandSpec().qualifiedName()
                                    + " --help')");
                    err.flush();
                    if (json) {
                        printError(out, c, message, BAD_INPUT);
                    }
                    return BAD_INPUT;
                });
        cl.setExecutionExceptionHandler(
                (ex, c, parsed) -> {
                    int code = exitCode(ex);
                    if (code == BAD_INPUT) {
                        err.println(c.getCommandName() + ": " + firstLine(ex.getMessage()));
                    } else {
                        err.println(c.getCommandName() + ": internal error: " + ex);
                        if (System.getenv("TICKRING_DEBUG") != null) {
                            ex.printStackTrace(err);
                        } else {
                            err.println("(set TICKRING_DEBUG=1 for the stack trace)");
                        }
                    }
                    err.flush();
                    if (json) {
                        printError(
                                out,
                                c,
                                code == BAD_INPUT
                                        ? firstLine(ex.getMessage())
                                        : "internal error: " + firstLine(String.valueOf(ex)),
                                code);
                    }
                    return code;
                });
        // Commands that return a failing code themselves (replay --verify, a run that failed)
        // print their figures first; every other failure is an exception handled above.
        return cl.execute(args);
    }

    /**
     * The JSON error line: {@code {"command": ..., "error": ..., "exit": n}}, on stdout where the
     * figures would have been.
     */
    private static void printError(PrintWriter out, CommandLine c, String message, int code) {
        out.println(
                new JsonLine()
                        .put(
                                "command",
                                c.getCommandSpec().qualifiedName().replaceFirst("^tickring ?", ""))
                        .put("error", message)
                        .put("exit", code));
        out.flush();
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof UsageException
                || ex instanceof ConfigException
                || ex instanceof JournalFormatException
                || ex instanceof io.tickring.journal.JournalWriteException
                || ex instanceof NoSuchFileException
                || ex instanceof io.tickring.engine.stage.model.ModelException
                || ex instanceof io.tickring.adapters.importer.ImportException) {
            return BAD_INPUT;
        }
        return FAILED;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Reports the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tickring " + EngineAssembler.VERSION};
        }
    }
}
