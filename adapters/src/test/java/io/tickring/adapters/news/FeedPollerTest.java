package io.tickring.adapters.news;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RSS 2.0 and Atom feeds polled from a real HTTP server on loopback that answers conditional
 * requests the way a web server does: an unchanged feed is a 304; new items pass the point-in-time
 * rules once; duplicates across feeds, undated, future-dated and stale items are dropped and
 * counted; a DOCTYPE (the XXE way in) is refused.
 */
class FeedPollerTest {
    static final long NOW = nanos("2026-11-29T22:00:00Z");
    static final long HOUR = 3_600_000_000_000L;

    final MockWebServer server = new MockWebServer();

    /** Path → [document, ETag, Last-Modified]; a request with a matching validator gets a 304. */
    final Map<String, String[]> docs = new ConcurrentHashMap<>();

    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    final List<Headline> accepted = new CopyOnWriteArrayList<>();
    final NewsCounters news = new NewsCounters();
    FeedPoller poller;

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(
                new Dispatcher() {
                    @Override
                    public MockResponse dispatch(RecordedRequest r) {
                        requests.add(r);
                        String path = r.getUrl().encodedPath();
                        hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                        String[] d = docs.get(path);
                        if (d == null) {
                            return new MockResponse.Builder().code(404).build();
                        }
                        if (d[0].equals("500")) {
                            return new MockResponse.Builder().code(500).body("oops").build();
                        }
                        String inm = r.getHeaders().get("If-None-Match");
                        String ims = r.getHeaders().get("If-Modified-Since");
                        if ((d[1] != null && d[1].equals(inm))
                                || (d[1] == null && d[2] != null && d[2].equals(ims))) {
                            return new MockResponse.Builder().code(304).build();
                        }
                        MockResponse.Builder b =
                                new MockResponse.Builder()
                                        .code(200)
                                        .setHeader("Content-Type", "application/rss+xml")
                                        .body(d[0]);
                        if (d[1] != null) {
                            b.setHeader("ETag", d[1]);
                        }
                        if (d[2] != null) {
                            b.setHeader("Last-Modified", d[2]);
                        }
                        return b.build();
                    }
                });
        server.start();
    }

    @AfterEach
    void stop() {
        if (poller != null) {
            poller.close();
        }
        server.close();
    }

    static long nanos(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    FeedPoller poller(long maxAgeNs, long[] clock, FeedPoller.Feed... feeds) {
        poller =
                new FeedPoller(
                        List.of(feeds),
                        new PointInTime(maxAgeNs, news),
                        accepted::add,
                        () -> clock[0],
                        30_000);
        return poller;
    }

    FeedPoller.Feed feed(String path, long intervalNs, String... symbols) {
        return new FeedPoller.Feed(server.url(path).toString(), List.of(symbols), intervalNs);
    }

    static String rss(String... items) {
        StringBuilder sb =
                new StringBuilder(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                + "<rss version=\"2.0\""
                                + " xmlns:atom=\"http://www.w3.org/2005/Atom\">\n"
                                + "<channel>\n<title>Sima Corp news</title>\n"
                                + "<link>https://news.example/sima</link>\n"
                                + "<description>Company news</description>\n"
                                + "<atom:link href=\"https://news.example/sima.rss\" rel=\"self\""
                                + " type=\"application/rss+xml\"/>\n"
                                + "<lastBuildDate>Sun, 29 Nov 2026 21:59:00 GMT</lastBuildDate>\n");
        for (String i : items) {
            sb.append(i);
        }
        return sb.append("</channel>\n</rss>\n").toString();
    }

    static String rssItem(String guid, String title, String pubDate) {
        return "<item>\n<title><![CDATA["
                + title
                + "]]></title>\n<link>https://news.example/"
                + guid
                + "</link>\n<description>&lt;p&gt;Body&lt;/p&gt;</description>\n"
                + "<guid isPermaLink=\"false\">"
                + guid
                + "</guid>\n"
                + (pubDate == null ? "" : "<pubDate>" + pubDate + "</pubDate>\n")
                + "<category>Markets</category>\n</item>\n";
    }

    static final String ATOM =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                    + "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
                    + "  <title>Simb Industries</title>\n"
                    + "  <link href=\"https://news.example/simb/\"/>\n"
                    + "  <updated>2026-11-29T21:58:00Z</updated>\n"
                    + "  <author><name>Desk</name></author>\n"
                    + "  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>\n"
                    + "  <entry>\n"
                    + "    <title type=\"text\">Simb sees record orders &amp; raises outlook</title>\n"
                    + "    <link href=\"https://news.example/simb/1\"/>\n"
                    + "    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>\n"
                    + "    <published>2026-11-29T21:50:00+00:00</published>\n"
                    + "    <updated>2026-11-29T21:55:00Z</updated>\n"
                    + "    <author><name>Jane</name></author>\n"
                    + "    <summary>Orders up.</summary>\n"
                    + "  </entry>\n"
                    + "  <entry>\n"
                    + "    <title>Simb faces lawsuit</title>\n"
                    + "    <link href=\"https://news.example/simb/2\"/>\n"
                    + "    <id>urn:uuid:2</id>\n"
                    + "    <updated>2026-11-29T21:40:00Z</updated>\n"
                    + "  </entry>\n"
                    + "</feed>\n";

    @Test
    void shouldTurnRssItemsIntoHeadlinesAndDropUndatedFutureAndStaleOnes() {
        docs.put(
                "/sima.rss",
                new String[] {
                    rss(
                            rssItem("a1", "Sima wins a contract", "Sun, 29 Nov 2026 21:58:00 GMT"),
                            rssItem("a2", "Sima to cut jobs", "Sun, 29 Nov 2026 16:45:00 -0500"),
                            rssItem("a3", "Sima: no date", null),
                            rssItem("a4", "Sima from the future", "Sun, 29 Nov 2026 22:30:00 GMT"),
                            rssItem("a5", "Sima old news", "Sun, 29 Nov 2026 19:00:00 GMT"),
                            rssItem("a6", "Sima bad date", "yesterday")),
                    "\"v1\"",
                    null
                });
        long[] clock = {NOW};
        poller(HOUR, clock, feed("/sima.rss", HOUR, "SIMA")).pollAllOnce();

        assertEquals(2, accepted.size(), accepted.toString());
        Headline h = accepted.get(0);
        assertEquals("SIMA", h.symbol());
        assertEquals("Sima wins a contract", h.text());
        assertEquals(nanos("2026-11-29T21:58:00Z"), h.publishedNs());
        assertEquals(NOW, h.receivedNs(), "received when the answer arrived");
        assertEquals(HeadlineFile.contentHash("SIMA", "Sima wins a contract"), h.contentHash());
        assertEquals(nanos("2026-11-29T21:45:00Z"), accepted.get(1).publishedNs(), "-0500");
        assertEquals(6, news.read());
        assertEquals(2, news.droppedByReason().get("undated"), "no date, and one unparsable");
        assertEquals(1, news.droppedByReason().get("future_dated"));
        assertEquals(1, news.droppedByReason().get("stale"));
        assertEquals(6, poller.counters().items());
    }

    @Test
    void shouldAskConditionallyAndTakeOnlyNewItemsFromAChangedFeed() throws Exception {
        String first = rssItem("a1", "Sima wins a contract", "Sun, 29 Nov 2026 21:58:00 GMT");
        docs.put("/sima.rss", new String[] {rss(first), "\"v1\"", null});
        docs.put("/simb.atom", new String[] {ATOM, null, "Sun, 29 Nov 2026 21:58:00 GMT"});
        long[] clock = {NOW};
        poller(HOUR, clock, feed("/sima.rss", HOUR, "SIMA"), feed("/simb.atom", HOUR, "SIMB"))
                .pollAllOnce();
        assertEquals(3, accepted.size(), accepted.toString());
        assertEquals("Simb sees record orders & raises outlook", accepted.get(1).text());
        assertEquals(
                nanos("2026-11-29T21:50:00Z"), accepted.get(1).publishedNs(), "published wins");
        assertEquals(nanos("2026-11-29T21:40:00Z"), accepted.get(2).publishedNs(), "else updated");
        assertNull(requests.get(0).getHeaders().get("If-None-Match"));

        // Unchanged: both answer 304 to the validators they gave.
        clock[0] = NOW + 60_000_000_000L;
        poller.pollAllOnce();
        assertEquals("\"v1\"", requests.get(2).getHeaders().get("If-None-Match"));
        assertEquals(
                "Sun, 29 Nov 2026 21:58:00 GMT",
                requests.get(3).getHeaders().get("If-Modified-Since"));
        assertEquals(2, poller.counters().notModified());
        assertEquals(3, accepted.size());

        // Changed: the old item is listed again and not judged again; the new one is received now.
        docs.put(
                "/sima.rss",
                new String[] {
                    rss(
                            rssItem("a7", "Sima beats estimates", "Sun, 29 Nov 2026 22:00:30 GMT"),
                            first),
                    "\"v2\"",
                    null
                });
        clock[0] = NOW + 120_000_000_000L;
        poller.pollAllOnce();
        assertEquals(4, accepted.size());
        assertEquals("Sima beats estimates", accepted.get(3).text());
        assertEquals(NOW + 120_000_000_000L, accepted.get(3).receivedNs());
        assertEquals(4, news.read(), "the repeated item was not judged twice");
        assertEquals(0, news.dropped());
    }

    @Test
    void shouldDropTheSameStoryFromASecondFeedAsADuplicate() {
        String item = rssItem("x", "Sima wins a contract", "Sun, 29 Nov 2026 21:58:00 GMT");
        docs.put("/one.rss", new String[] {rss(item), null, null});
        docs.put(
                "/two.rss",
                new String[] {
                    rss(rssItem("y", "  SIMA wins  a CONTRACT ", "Sun, 29 Nov 2026 21:59:00 GMT")),
                    null,
                    null
                });
        long[] clock = {NOW};
        poller(HOUR, clock, feed("/one.rss", HOUR, "SIMA"), feed("/two.rss", HOUR, "SIMA"))
                .pollAllOnce();
        assertEquals(1, accepted.size());
        assertEquals(1, news.droppedByReason().get("duplicate"));
    }

    @Test
    void shouldRefuseADoctypeSoAnExternalEntityNeverReadsAFile(@TempDir Path tmp) throws Exception {
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe =
                "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM \""
                        + secret.toUri()
                        + "\">]>\n<rss version=\"2.0\"><channel><item><title>&xxe;</title>"
                        + "<pubDate>Sun, 29 Nov 2026 21:58:00 GMT</pubDate></item></channel></rss>";
        String bomb =
                "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                        + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
                        + "<rss><channel><item><title>&lol2;</title></item></channel></rss>";
        docs.put("/xxe.rss", new String[] {xxe, null, null});
        docs.put("/bomb.rss", new String[] {bomb, null, null});
        docs.put("/html", new String[] {"<html><body>not a feed</body></html>", null, null});
        docs.put(
                "/broken.rss", new String[] {"<rss><channel><item><title>x</channel>", null, null});
        long[] clock = {NOW};
        poller(
                        HOUR,
                        clock,
                        feed("/xxe.rss", HOUR, "SIMA"),
                        feed("/bomb.rss", HOUR, "SIMA"),
                        feed("/html", HOUR, "SIMA"),
                        feed("/broken.rss", HOUR, "SIMA"))
                .pollAllOnce();
        assertEquals(List.of(), accepted);
        assertEquals(4, poller.counters().malformed());
        assertEquals(0, news.read());
    }

    @Test
    void shouldCountAFailingFeedAndTakeItsItemsOnceItRecovers() {
        docs.put("/sima.rss", new String[] {"500", null, null});
        long[] clock = {NOW};
        poller(HOUR, clock, feed("/sima.rss", HOUR, "SIMA"), feed("/missing.rss", HOUR, "SIMA"))
                .pollAllOnce();
        assertEquals(2, poller.counters().fetchErrors(), "a 500 and a 404");
        docs.put(
                "/sima.rss",
                new String[] {
                    rss(rssItem("a1", "Sima wins a contract", "Sun, 29 Nov 2026 21:58:00 GMT")),
                    null,
                    null
                });
        poller.pollAllOnce();
        assertEquals(1, accepted.size());
    }

    @Test
    void shouldFetchNothingFromAServerThatIsDown() throws Exception {
        String url = server.url("/sima.rss").toString();
        server.close();
        long[] clock = {NOW};
        poller =
                new FeedPoller(
                        List.of(new FeedPoller.Feed(url, List.of("SIMA"), HOUR)),
                        new PointInTime(HOUR, news),
                        accepted::add,
                        () -> clock[0],
                        30_000);
        poller.pollAllOnce();
        assertEquals(1, poller.counters().fetchErrors());
    }

    @Test
    void shouldPollEachFeedAtItsOwnInterval() throws Exception {
        docs.put("/fast.rss", new String[] {rss(), "\"f\"", null});
        docs.put("/slow.rss", new String[] {rss(), "\"s\"", null});
        poller =
                new FeedPoller(
                        List.of(
                                feed("/fast.rss", 50_000_000L, "SIMA"),
                                feed("/slow.rss", 24 * HOUR, "SIMA")),
                        new PointInTime(HOUR, news),
                        accepted::add,
                        () -> System.currentTimeMillis() * 1_000_000L,
                        30_000);
        poller.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        // The server counts a request when it arrives, the poller a 304 once it has read the
        // answer: wait for both (CI once read the counter between the two).
        while ((hits.getOrDefault("/fast.rss", new AtomicInteger()).get() < 4
                        || poller.counters().notModified() < 3
                        || hits.getOrDefault("/slow.rss", new AtomicInteger()).get() < 1)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(hits.get("/fast.rss").get() >= 4, "the fast feed is polled again and again");
        assertEquals(1, hits.get("/slow.rss").get(), "the daily feed once");
        List<String> inm = new ArrayList<>();
        for (RecordedRequest r : requests) {
            if (r.getUrl().encodedPath().equals("/fast.rss")) {
                inm.add(String.valueOf(r.getHeaders().get("If-None-Match")));
            }
        }
        assertEquals("null", inm.get(0));
        assertFalse(inm.subList(1, inm.size()).contains("null"), inm.toString());
        assertTrue(
                poller.counters().notModified() >= 3,
                "304s counted: " + poller.counters().notModified());
    }
}
