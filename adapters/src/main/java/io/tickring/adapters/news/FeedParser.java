package io.tickring.adapters.news;

import java.io.InputStream;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the items of an RSS 2.0 (also RSS 1.0 with Dublin Core dates) or Atom 1.0 document with the
 * JDK's streaming XML parser: each item's id, title and publication time. A document with a DOCTYPE
 * is refused whole: feeds have no use for one, and a DTD is how XML external entities (XXE) and
 * entity expansion attacks come in; external entities are switched off as well.
 *
 * <p>Dates: RSS's {@code pubDate} in RFC 822/1123 form, Atom's {@code published} (else {@code
 * updated}) and Dublin Core's {@code dc:date} in ISO-8601. An item without a date, or with one that
 * does not parse, is {@link Headline#UNDATED}: the point-in-time rules drop it and count it.
 */
public final class FeedParser {
    /** One item of a feed. */
    public record Item(String id, String title, long publishedNs) {}

    /** A document that is not a feed this parser reads; the message is one line. */
    public static final class MalformedFeedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedFeedException(String message) {
            super(message);
        }
    }

    private static final XMLInputFactory XML = factory();

    /** RFC 822 with a zone name such as {@code EST} or {@code GMT}, which RFC_1123 rejects. */
    private static final DateTimeFormatter RFC_822_NAMED_ZONE =
            DateTimeFormatter.ofPattern("[EEE, ]d MMM yyyy HH:mm[:ss] z", Locale.ROOT);

    private FeedParser() {}

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    /** The items of the document in {@code in}, in document order. */
    public static List<Item> parse(InputStream in) throws MalformedFeedException {
        List<Item> items = new ArrayList<>();
        XMLStreamReader r = null;
        try {
            synchronized (XML) {
                r = XML.createXMLStreamReader(in);
            }
            boolean root = true;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.DTD) {
                    throw new MalformedFeedException(
                            "a DOCTYPE is not allowed in a feed (XML entities are refused)");
                }
                if (ev != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = r.getLocalName();
                if (root) {
                    root = false;
                    if (!name.equals("rss") && !name.equals("feed") && !name.equals("RDF")) {
                        throw new MalformedFeedException(
                                "not an RSS or Atom feed: the root element is <" + name + ">");
                    }
                }
                if (name.equals("item") || name.equals("entry")) {
                    items.add(item(r, name, items.size() + 1));
                }
            }
        } catch (XMLStreamException e) {
            String m = e.getMessage() == null ? "unreadable XML" : e.getMessage();
            throw new MalformedFeedException(
                    "not well-formed XML: " + m.lines().reduce((a, b) -> b).orElse(m).strip());
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // closing a reader that failed: nothing more to learn
                }
            }
        }
        return items;
    }

    /** Reads one {@code <item>} or {@code <entry>}, the reader on its start tag. */
    private static Item item(XMLStreamReader r, String element, int n)
            throws XMLStreamException, MalformedFeedException {
        String id = null;
        String link = null;
        String title = null;
        long published = Headline.UNDATED;
        long updated = Headline.UNDATED;
        int depth = 1;
        while (depth > 0) {
            int ev = r.next();
            if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
                continue;
            }
            if (ev != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            if (depth > 1) {
                depth++; // inside an element we do not read, e.g. <author><name>
                continue;
            }
            String name = r.getLocalName();
            switch (name) {
                case "title" -> title = r.getElementText().strip();
                case "guid", "id" -> id = r.getElementText().strip();
                case "link" -> {
                    String href = r.getAttributeValue(null, "href");
                    String text = r.getElementText().strip();
                    if (link == null) {
                        link = href != null ? href : text;
                    }
                }
                case "pubDate" -> published = rfc822(r.getElementText());
                case "published", "date", "issued" -> published = iso(r.getElementText());
                case "updated", "modified" -> updated = iso(r.getElementText());
                default -> depth++;
            }
        }
        if (title == null || title.isEmpty()) {
            throw new MalformedFeedException("<" + element + "> number " + n + " has no <title>");
        }
        if (id == null || id.isEmpty()) {
            id = link != null && !link.isEmpty() ? link : title;
        }
        return new Item(id, title, published != Headline.UNDATED ? published : updated);
    }

    static long rfc822(String text) {
        String s = text.strip();
        try {
            return nanos(ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return nanos(ZonedDateTime.parse(s, RFC_822_NAMED_ZONE).toInstant());
            } catch (DateTimeParseException e2) {
                return Headline.UNDATED;
            }
        }
    }

    static long iso(String text) {
        String s = text.strip();
        try {
            return nanos(java.time.OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            return Headline.UNDATED;
        }
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
