package io.tickring.engine.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ops.metrics} on a port that is taken: bad input, said in one line, before any journal. */
class MetricsPortTest {
    @TempDir Path tmp;

    @Test
    void shouldRefuseAPortInUseInOneLineBeforeOpeningAJournal() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Path cfg = tmp.resolve("taken.yaml");
            Files.writeString(
                    cfg,
                    String.format(
                            Locale.ROOT,
                            ""
                                    + "run:\n  mode: live\n  duration: 5s\n"
                                    + "instruments: %s\n"
                                    + "model:\n  kind: microprice-rule\n"
                                    + "ops:\n  metrics:\n    enabled: true\n    port: %d\n",
                            CliTest.instrumentsPath(),
                            taken.getLocalPort()));
            Path journal = tmp.resolve("journal");
            CliTest.Run r =
                    CliTest.tickring(
                            "run", "--config", cfg.toString(), "--journal", journal.toString());
            CliTest.assertOneLineBadInput(
                    r, "ops.metrics: cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertFalse(Files.exists(journal), "no journal for a run that never started");
        }
    }
}
