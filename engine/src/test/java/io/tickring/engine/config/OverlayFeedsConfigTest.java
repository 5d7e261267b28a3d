package io.tickring.engine.config;

import static io.tickring.engine.config.ConfigFixtures.SIMA_INLINE;
import static io.tickring.engine.config.ConfigFixtures.load;
import static io.tickring.engine.config.ConfigFixtures.loadFails;
import static io.tickring.engine.config.ConfigFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code overlay.news.feeds}: bound with its defaults, in the configuration's JSON only when set,
 * and a bad feed refused in one line naming the file, line and key.
 */
class OverlayFeedsConfigTest {
    @TempDir Path dir;

    static final String HEAD = "run:\n  mode: live\ninstruments:\n" + SIMA_INLINE;

    @Test
    void shouldBindFeedsWithTheirIntervalAndPutThemInTheJson() {
        Path f =
                write(
                        dir,
                        "c.yaml",
                        HEAD
                                + "overlay:\n  enabled: true\n  news:\n    file: \"\"\n    feeds:\n"
                                + "      - {url: \"http://127.0.0.1:8080/sima.rss\", symbols: [SIMA],"
                                + " interval: 30s}\n"
                                + "      - {url: \"http://127.0.0.1:8080/all.atom\", symbols: [SIMA]}\n");
        EngineConfig c = load(f);
        List<OverlayConfig.Feed> feeds = c.overlay().news().feeds();
        assertEquals(2, feeds.size());
        assertEquals("http://127.0.0.1:8080/sima.rss", feeds.get(0).url());
        assertEquals(List.of("SIMA"), feeds.get(0).symbols());
        assertEquals(30_000_000_000L, feeds.get(0).intervalNs());
        assertEquals(60_000_000_000L, feeds.get(1).intervalNs(), "the default interval");
        String json = ConfigJson.write(c);
        assertTrue(json.contains("\"feeds\":[{\"url\":\"http://127.0.0.1:8080/sima.rss\""), json);
    }

    @Test
    void shouldLeaveFeedsOutOfTheJsonWhenThereAreNone() {
        Path f = write(dir, "c.yaml", HEAD + "overlay:\n  enabled: true\n");
        String json = ConfigJson.write(load(f));
        assertFalse(json.contains("feeds"), json);
    }

    @Test
    void shouldRefuseAFeedWithoutAnHttpUrlOrSymbols() {
        Path noUrl =
                write(
                        dir,
                        "a.yaml",
                        HEAD
                                + "overlay:\n  news:\n    feeds:\n      - {url: \"ftp://x/feed\", symbols: [SIMA]}\n");
        ConfigException e = loadFails(noUrl);
        assertTrue(e.getMessage().contains("overlay.news.feeds"), e.getMessage());
        assertTrue(e.getMessage().contains("not an http(s) URL: ftp://x/feed"), e.getMessage());
        Path noSymbols =
                write(
                        dir,
                        "b.yaml",
                        HEAD
                                + "overlay:\n  news:\n    feeds:\n      - {url: \"http://127.0.0.1/f\"}\n");
        e = loadFails(noSymbols);
        assertTrue(e.getMessage().contains("symbols: missing"), e.getMessage());
        Path fast =
                write(
                        dir,
                        "c.yaml",
                        HEAD
                                + "overlay:\n  news:\n    feeds:\n"
                                + "      - {url: \"http://127.0.0.1/f\", symbols: [SIMA], interval: 100ms}\n");
        e = loadFails(fast);
        assertTrue(e.getMessage().contains("interval: must be at least 1s"), e.getMessage());
    }
}
