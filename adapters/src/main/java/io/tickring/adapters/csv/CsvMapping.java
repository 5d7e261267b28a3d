package io.tickring.adapters.csv;

import io.tickring.adapters.importer.ImportException;
import io.tickring.adapters.importer.JsonText;
import io.tickring.core.RingEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which columns of a tick CSV file hold which fields, and how to read them. The defaults are the
 * column names of TqSdk-style tick files: {@code symbol, datetime} (epoch nanoseconds), {@code
 * last_price, volume, amount, open_interest, bid_price1..5, bid_volume1..5, ask_price1..5,
 * ask_volume1..5}.
 *
 * <h2>Mapping file</h2>
 *
 * A small {@code key=value} file, one pair per line; blank lines and lines starting with {@code #}
 * are ignored; keys and values are trimmed. Every key it names replaces the default for that key
 * only. Unknown or repeated keys are errors (a misspelt key must not silently fall back to a
 * default).
 *
 * <pre>
 * # our field          = the file's column name (case-insensitive)
 * symbol               = InstrumentID
 * datetime             = UpdateTime
 * last_price           = LastPrice
 * volume               = Volume           # cumulative traded volume of the day
 * bid_price{k}         = BidPrice{k}      # {k} expands to 1..10; an explicit bid_price3=... wins
 * bid_volume{k}        = BidVolume{k}
 * ask_price{k}         = AskPrice{k}
 * ask_volume{k}        = AskVolume{k}
 * # reading rules
 * datetime_unit        = local            # ns (default), us, ms, s since the epoch, or local:
 *                                         #   yyyy-MM-dd HH:mm:ss[.f...] in the instrument's time zone
 * price_scale_divisor  = 10000            # prices written as integers x 10000; a power of ten, default 1
 * delimiter            = ,                # one character, or tab / comma / semicolon / pipe
 * fixed_symbol         = IF2506           # the file has no symbol column: every row is this symbol
 * trades               = true             # derive TRADE events from the cumulative volume (default true)
 * phase                = TradingPhase     # trading-phase column, optional (default name: phase)
 * auction_phases       = C,O,U            # its call-auction values (default C,O,U: SSE and SZSE codes)
 * </pre>
 *
 * {@code amount} and {@code open_interest} are accepted and ignored: no event field carries them.
 * Immutable.
 */
public final class CsvMapping {
    /** How the datetime column counts time. */
    public enum DatetimeUnit {
        /** Nanoseconds since the epoch. */
        NS(9),
        /** Microseconds since the epoch. */
        US(6),
        /** Milliseconds since the epoch. */
        MS(3),
        /** Seconds since the epoch. */
        S(0),
        /**
         * {@code yyyy-MM-dd HH:mm:ss[.fffffffff]} ({@code T} also separates) in the instrument's
         * time zone.
         */
        LOCAL(-1);

        /** Decimal digits of one unit below the second; -1 for {@link #LOCAL}. */
        final int digits;

        DatetimeUnit(int digits) {
            this.digits = digits;
        }
    }

    static final String SYMBOL = "symbol";
    static final String DATETIME = "datetime";
    static final String LAST_PRICE = "last_price";
    static final String VOLUME = "volume";
    static final String PHASE = "phase";

    /** Call-auction values of the SSE and SZSE trading-phase codes (opening, closing). */
    static final List<String> DEFAULT_AUCTION_PHASES = List.of("C", "O", "U");

    static final String[] SIDE_FIELDS = {"ask_price", "ask_volume", "bid_price", "bid_volume"};
    private static final String[] IGNORED = {"amount", "open_interest"};
    private static final String[] RULES = {
        "datetime_unit",
        "price_scale_divisor",
        "delimiter",
        "fixed_symbol",
        "trades",
        "auction_phases"
    };

    private final String source;
    private final Map<String, String> columns;
    private final DatetimeUnit datetimeUnit;
    private final int priceDecimals;
    private final byte delimiter;
    private final String fixedSymbol;
    private final boolean trades;
    private final List<String> auctionPhases;

    private CsvMapping(
            String source,
            Map<String, String> columns,
            DatetimeUnit datetimeUnit,
            int priceDecimals,
            byte delimiter,
            String fixedSymbol,
            boolean trades,
            List<String> auctionPhases) {
        this.source = source;
        this.auctionPhases = List.copyOf(auctionPhases);
        this.columns = columns;
        this.datetimeUnit = datetimeUnit;
        this.priceDecimals = priceDecimals;
        this.delimiter = delimiter;
        this.fixedSymbol = fixedSymbol;
        this.trades = trades;
    }

    /** The TqSdk-style layout. */
    public static CsvMapping defaults() {
        return new CsvMapping(
                null,
                defaultColumns(),
                DatetimeUnit.NS,
                0,
                (byte) ',',
                null,
                true,
                DEFAULT_AUCTION_PHASES);
    }

    /**
     * Reads a mapping file.
     *
     * @throws ImportException naming the file and line of a bad entry, or the file if it is missing
     */
    public static CsvMapping load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ImportException(file + ": no such mapping file");
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read mapping file: " + e.getMessage(), e);
        }
        return parse(file.toString(), lines);
    }

    /** Parses mapping lines; {@code name} names the source in errors. */
    public static CsvMapping parse(String name, List<String> lines) {
        Map<String, String> explicit = new LinkedHashMap<>();
        Map<String, String> patterns = new LinkedHashMap<>();
        Map<String, String> rules = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String where = name + ":" + (i + 1) + ": ";
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ImportException(where + "expected key=value, got '" + line + "'");
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = stripComment(line.substring(eq + 1));
            if (value.isEmpty()) {
                throw new ImportException(where + "no value for " + key);
            }
            Map<String, String> target;
            if (List.of(RULES).contains(key)) {
                target = rules;
            } else if (key.endsWith("{k}") && isSideField(key.substring(0, key.length() - 3))) {
                if (!value.contains("{k}")) {
                    throw new ImportException(
                            where + key + " needs a column pattern with {k}, got '" + value + "'");
                }
                target = patterns;
            } else if (isColumnKey(key)) {
                target = explicit;
            } else {
                throw new ImportException(where + "unknown key '" + key + "'");
            }
            if (target.put(key, value) != null) {
                throw new ImportException(where + "key " + key + " given twice");
            }
        }
        Map<String, String> columns = defaultColumns();
        for (Map.Entry<String, String> p : patterns.entrySet()) {
            String field = p.getKey().substring(0, p.getKey().length() - 3);
            for (int k = 1; k <= RingEvent.MAX_LEVELS; k++) {
                columns.put(field + k, p.getValue().replace("{k}", Integer.toString(k)));
            }
        }
        columns.putAll(explicit);
        DatetimeUnit unit = DatetimeUnit.NS;
        int priceDecimals = 0;
        byte delimiter = ',';
        String fixedSymbol = null;
        boolean trades = true;
        List<String> auctionPhases = DEFAULT_AUCTION_PHASES;
        for (Map.Entry<String, String> r : rules.entrySet()) {
            String where = name + ":" + lineOf(lines, r.getKey()) + ": ";
            String v = r.getValue();
            switch (r.getKey()) {
                case "datetime_unit":
                    try {
                        unit = DatetimeUnit.valueOf(v.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new ImportException(
                                where
                                        + "datetime_unit must be ns, us, ms, s or local, not '"
                                        + v
                                        + "'");
                    }
                    break;
                case "price_scale_divisor":
                    priceDecimals = powerOfTen(v);
                    if (priceDecimals < 0) {
                        throw new ImportException(
                                where
                                        + "price_scale_divisor must be 1, 10, 100, ... (a power of ten), not '"
                                        + v
                                        + "'");
                    }
                    break;
                case "delimiter":
                    delimiter = delimiter(v, where);
                    break;
                case "fixed_symbol":
                    fixedSymbol = v;
                    break;
                case "trades":
                    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                        throw new ImportException(
                                where + "trades must be true or false, not '" + v + "'");
                    }
                    trades = Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
                    break;
                case "auction_phases":
                    auctionPhases = new java.util.ArrayList<>();
                    for (String phase : v.split(",")) {
                        if (!phase.isBlank()) {
                            auctionPhases.add(phase.strip());
                        }
                    }
                    break;
                default:
                    throw new IllegalStateException(r.getKey());
            }
        }
        return new CsvMapping(
                name, columns, unit, priceDecimals, delimiter, fixedSymbol, trades, auctionPhases);
    }

    /**
     * The column name for one of our fields ({@code datetime}, {@code bid_price3}, ...), or {@code
     * null}.
     */
    public String column(String field) {
        return columns.get(field);
    }

    public DatetimeUnit datetimeUnit() {
        return datetimeUnit;
    }

    /** Decimals implied by {@code price_scale_divisor}: 4 for 10000, 0 by default. */
    public int priceDecimals() {
        return priceDecimals;
    }

    public byte delimiter() {
        return delimiter;
    }

    /** The symbol of every row when the file has no symbol column, else {@code null}. */
    public String fixedSymbol() {
        return fixedSymbol;
    }

    /** Whether TRADE events are derived from the cumulative volume. */
    public boolean trades() {
        return trades;
    }

    /**
     * Values of the {@code phase} column that mark a call-auction book (compared whole, ignoring
     * case); empty: no phase is an auction.
     */
    public List<String> auctionPhases() {
        return auctionPhases;
    }

    /** The effective mapping as a JSON object, for the SESSION record. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(1024).append("{\"file\":");
        JsonText.quote(sb, source);
        JsonText.quote(
                sb.append(",\"datetime_unit\":"), datetimeUnit.name().toLowerCase(Locale.ROOT));
        sb.append(",\"price_scale_divisor\":").append(pow10String(priceDecimals));
        JsonText.quote(sb.append(",\"delimiter\":"), String.valueOf((char) delimiter));
        JsonText.quote(sb.append(",\"fixed_symbol\":"), fixedSymbol);
        sb.append(",\"trades\":").append(trades);
        sb.append(",\"auction_phases\":[");
        for (int i = 0; i < auctionPhases.size(); i++) {
            JsonText.quote(sb.append(i == 0 ? "" : ","), auctionPhases.get(i));
        }
        sb.append("],\"columns\":{");
        boolean first = true;
        for (Map.Entry<String, String> c : columns.entrySet()) {
            JsonText.quote(sb.append(first ? "" : ","), c.getKey()).append(':');
            JsonText.quote(sb, c.getValue());
            first = false;
        }
        return sb.append("}}").toString();
    }

    private static Map<String, String> defaultColumns() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SYMBOL, SYMBOL);
        m.put(DATETIME, DATETIME);
        m.put(LAST_PRICE, LAST_PRICE);
        m.put(VOLUME, VOLUME);
        m.put(PHASE, PHASE);
        for (String f : IGNORED) {
            m.put(f, f);
        }
        for (int k = 1; k <= RingEvent.MAX_LEVELS; k++) {
            for (String f : SIDE_FIELDS) {
                m.put(f + k, f + k);
            }
        }
        return m;
    }

    private static boolean isSideField(String s) {
        return List.of(SIDE_FIELDS).contains(s);
    }

    private static boolean isColumnKey(String key) {
        if (key.equals(SYMBOL)
                || key.equals(DATETIME)
                || key.equals(LAST_PRICE)
                || key.equals(VOLUME)
                || key.equals(PHASE)
                || List.of(IGNORED).contains(key)) {
            return true;
        }
        for (String f : SIDE_FIELDS) {
            if (key.startsWith(f) && key.length() > f.length()) {
                String n = key.substring(f.length());
                if (n.chars().allMatch(Character::isDigit) && n.length() <= 2) {
                    int k = Integer.parseInt(n);
                    return k >= 1 && k <= RingEvent.MAX_LEVELS;
                }
            }
        }
        return false;
    }

    private static String stripComment(String value) {
        int hash = value.indexOf(" #");
        return (hash >= 0 ? value.substring(0, hash) : value).strip();
    }

    private static int lineOf(List<String> lines, String key) {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip().toLowerCase(Locale.ROOT);
            if (l.startsWith(key) && l.substring(key.length()).strip().startsWith("=")) {
                return i + 1;
            }
        }
        return 0;
    }

    private static int powerOfTen(String v) {
        if (!v.matches("10*") || v.length() > 19) {
            return -1;
        }
        return v.length() - 1;
    }

    private static String pow10String(int n) {
        return "1" + "0".repeat(n);
    }

    private static byte delimiter(String v, String where) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "tab":
            case "\\t":
                return '\t';
            case "comma":
                return ',';
            case "semicolon":
                return ';';
            case "pipe":
                return '|';
            default:
                if (v.length() == 1 && v.charAt(0) < 0x80) {
                    return (byte) v.charAt(0);
                }
                throw new ImportException(
                        where
                                + "delimiter must be one ASCII character or tab, comma, semicolon, pipe; not '"
                                + v
                                + "'");
        }
    }
}
