package io.tickring.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ops} section kept beside a journal reads back as it was written. */
class OpsFileTest {
    @TempDir Path dir;

    @Test
    void shouldReadBackWhatItWrote() {
        OpsConfig ops =
                new OpsConfig(
                        new OpsConfig.Stop(2_500_000_000L, false),
                        new OpsConfig.Endpoint(true, "127.0.0.1", 0),
                        new OpsConfig.Endpoint(true, "0.0.0.0", 19465),
                        new OpsConfig.Log("logs/with \"quotes\" and \\", 3L << 20, 2),
                        new OpsConfig.LatencyLog(false, "hlog/dir", 2_500_000_000L));
        OpsFile.write(dir, ops);
        assertEquals(ops, OpsFile.read(dir).orElseThrow());
        assertTrue(Files.isRegularFile(dir.resolve(OpsFile.FILE)));
        assertTrue(Files.notExists(dir.resolve(OpsFile.FILE + ".tmp")), "no temporary left");
    }

    @Test
    void shouldSayThereIsNoneForAnOlderJournal() {
        assertTrue(OpsFile.read(dir).isEmpty());
    }

    @Test
    void shouldNameTheFileAndKeyOfABadValue() throws Exception {
        Files.writeString(dir.resolve(OpsFile.FILE), "ops:\n  metrics:\n    port: 70000\n");
        ConfigException e = assertThrows(ConfigException.class, () -> OpsFile.read(dir));
        assertTrue(e.getMessage().contains(OpsFile.FILE), e.getMessage());
        assertTrue(e.getMessage().contains("port"), e.getMessage());
    }
}
