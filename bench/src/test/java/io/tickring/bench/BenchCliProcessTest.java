package io.tickring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tickring bench} as the launcher runs it: {@link BenchMain} in a real JVM of its own with
 * the project's JVM flags. Every set's {@code --help} prints help and exits 0; a bad option exits 2
 * with one line on stderr and no stack trace.
 */
class BenchCliProcessTest {
    /** What one process did. */
    record Run(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    static Path home() {
        return Path.of(System.getProperty("tickring.home", ".."));
    }

    /** Runs BenchMain with {@code args} in a new JVM, as the launcher would. */
    static Run bench(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(BenchMain.jvmFlags());
        String cp =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        cmd.add("-cp");
        cmd.add(cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator));
        cmd.add("-Dtickring.home=" + home().toAbsolutePath());
        cmd.add("io.tickring.bench.BenchMain");
        cmd.addAll(List.of(args));
        Path dir = Files.createTempDirectory("bench-cli");
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p =
                new ProcessBuilder(cmd)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("bench " + String.join(" ", args) + " did not finish");
        }
        Run r =
                new Run(
                        p.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        Files.delete(dir);
        return r;
    }

    static void assertNoStackTrace(Run r) {
        assertFalse(r.err().contains("\tat "), "stack trace: " + r.err());
        assertFalse(r.err().contains("Exception in thread"), r.err());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--help",
                "latency --help",
                "throughput --help",
                "gates --help",
                "jmh --help",
                "latency -h"
            })
    void shouldPrintHelpForEverySet(String line) throws Exception {
        Run r = bench(line.split(" "));
        assertEquals(0, r.code(), r.err());
        assertNoStackTrace(r);
        assertTrue(r.out().length() > 100, "help on stdout: " + r.out());
    }

    @Test
    void shouldDescribeTheLatencyOptions() throws Exception {
        Run r = bench("latency", "--help");
        for (String option :
                List.of(
                        "--rate",
                        "--duration",
                        "--model",
                        "--layout",
                        "--sweep-rates",
                        "--p99-bound",
                        "--out",
                        "--json")) {
            assertTrue(r.out().contains(option), option + " missing from: " + r.out());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "latency --rate abc",
                "latency --rate 0",
                "latency --duration 5",
                "latency --model maybe",
                "latency --layout sideways",
                "latency --sweep-rates 2000,1000",
                "latency --bogus 1",
                "latency --rate",
                "latency stray",
                "throughput -nosuchjmhoption",
                "gates --bogus 1",
                "gates --iterations 1",
                "gates --include [",
                "nosuchset"
            })
    void shouldRefuseBadOptionsWithOneLine(String line) throws Exception {
        Run r = bench(line.split(" "));
        assertEquals(2, r.code(), "stdout: " + r.out() + " stderr: " + r.err());
        assertNoStackTrace(r);
        String err = r.err().strip();
        assertFalse(err.isEmpty(), "an error line");
        assertFalse(err.contains("\n"), "one line: " + err);
    }

    @Test
    void shouldEndWithAJsonErrorLineWhenAskedForJson() throws Exception {
        Run r = bench("latency", "--model", "maybe", "--json");
        assertEquals(2, r.code());
        String last = r.lastLine();
        assertTrue(last.startsWith("{\"command\":\"bench latency\",\"error\":"), last);
        assertTrue(last.contains("--model") && last.endsWith("\"exit\":2}"), last);
    }
}
