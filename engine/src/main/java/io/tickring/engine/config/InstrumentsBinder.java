package io.tickring.engine.config;

import io.tickring.core.instrument.Instrument;
import io.tickring.core.instrument.Instrument.Fees;
import io.tickring.core.instrument.Instrument.SessionWindow;
import io.tickring.engine.config.Node.Kind;
import io.tickring.engine.config.Node.ListNode;
import io.tickring.engine.config.Node.MapNode;
import io.tickring.engine.config.Node.ScalarNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds the {@code instruments} key, a file path or an inline list, to an {@link
 * InstrumentRegistry}.
 *
 * <p>Decimals (tick size, fees) are read from the YAML text with {@link BigDecimal}, never through
 * a double, so that a tick size either converts exactly to fixed point or is rejected.
 */
final class InstrumentsBinder {
    static final List<String> FILE_KEYS = List.of("instruments");
    static final List<String> KEYS =
            List.of(
                    "id",
                    "symbol",
                    "venue",
                    "price_scale",
                    "tick_size",
                    "lot_size",
                    "currency",
                    "timezone",
                    "sessions",
                    "fees");
    static final List<String> FEE_KEYS =
            List.of("maker_bps", "taker_bps", "min_commission", "stamp_duty_bps");
    static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

    private static final Pattern SESSION =
            Pattern.compile("([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})");

    private InstrumentsBinder() {}

    static InstrumentRegistry bind(Fields top, Origin origin) {
        Node n = top.require("instruments");
        ListNode list;
        if (n instanceof ListNode l) {
            list = l;
        } else if (n instanceof ScalarNode s && s.kind() != Kind.NULL) {
            list = readFile(s, origin);
        } else {
            throw Fields.at(
                    n, "expected a file path or a list of instruments, got " + n.describe());
        }
        if (list.items().isEmpty()) {
            throw Fields.at(list, "no instruments: the registry needs at least one");
        }
        List<Instrument> instruments = new ArrayList<>();
        Map<Integer, String> ids = new HashMap<>();
        Map<String, String> symbols = new HashMap<>();
        for (Node item : list.items()) {
            Fields f = Fields.of(item, KEYS);
            Instrument i = instrument(f);
            String first = ids.putIfAbsent(i.id(), item.path());
            if (first != null) {
                throw Fields.at(f.get("id"), "duplicate id " + i.id() + " (also " + first + ")");
            }
            first = symbols.putIfAbsent(i.symbol(), item.path());
            if (first != null) {
                throw Fields.at(
                        f.get("symbol"),
                        "duplicate symbol \"" + i.symbol() + "\" (also " + first + ")");
            }
            instruments.add(i);
        }
        return InstrumentRegistry.of(instruments);
    }

    /** An instruments file holds one key, {@code instruments}, with the list. */
    private static ListNode readFile(ScalarNode pathNode, Origin origin) {
        String relative = pathNode.text();
        // A path from an override is typed relative to the working directory, not to the config
        // file.
        Optional<Origin> resolved =
                pathNode.source().equals(origin.label())
                        ? origin.resolve(relative)
                        : Optional.of(new Origin.FileOrigin(Path.of(relative)));
        if (resolved.isEmpty()) {
            throw Fields.at(
                    pathNode,
                    "a file path cannot be resolved in "
                            + origin.label()
                            + ": list the instruments inline");
        }
        Origin file = resolved.get();
        String text =
                file.read().orElseThrow(() -> Fields.at(pathNode, "no such file: " + file.label()));
        MapNode doc = YamlReader.readDocument(text, file.label());
        ListNode list = Fields.of(doc, FILE_KEYS).list("instruments");
        if (list == null) {
            throw Fields.of(doc, FILE_KEYS).missing("instruments");
        }
        return list;
    }

    private static Instrument instrument(Fields f) {
        int id = (int) f.requiredInteger("id", 1, Integer.MAX_VALUE);
        String symbol = f.requiredString("symbol");
        String venue = f.requiredString("venue");
        int scale = (int) f.requiredInteger("price_scale", 0, 9);
        long tick = tickSize(f.require("tick_size"), scale);
        long lot = f.requiredInteger("lot_size", 1, Long.MAX_VALUE);
        String currency = f.requiredString("currency");
        ZoneId zone = zone(f);
        List<SessionWindow> sessions = sessions(f.list("sessions"));
        Fees fees = fees(f.section("fees", FEE_KEYS));
        return new Instrument(id, symbol, venue, scale, tick, lot, currency, zone, sessions, fees);
    }

    private static long tickSize(Node n, int scale) {
        BigDecimal tick = Fields.decimal(n);
        if (tick.signum() <= 0) {
            throw Fields.at(n, "must be > 0: " + tick.toPlainString());
        }
        try {
            return tick.movePointRight(scale).longValueExact();
        } catch (ArithmeticException e) {
            throw Fields.at(
                    n,
                    "tick size "
                            + tick.toPlainString()
                            + " is not exactly representable at price_scale "
                            + scale
                            + " (it must be a multiple of "
                            + BigDecimal.ONE.movePointLeft(scale).toPlainString()
                            + ")");
        }
    }

    private static ZoneId zone(Fields f) {
        Node n = f.get("timezone");
        if (n == null) {
            return DEFAULT_ZONE;
        }
        String id = Fields.text(n);
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw Fields.at(
                    n,
                    "unknown time zone \"" + id + "\" (e.g. UTC, America/New_York, Asia/Shanghai)");
        }
    }

    private static List<SessionWindow> sessions(ListNode list) {
        if (list == null) {
            return List.of();
        }
        List<SessionWindow> out = new ArrayList<>();
        for (Node item : list.items()) {
            String text = Fields.text(item);
            Matcher m = SESSION.matcher(text.trim());
            if (!m.matches()) {
                throw Fields.at(
                        item,
                        "not a session: \""
                                + text
                                + "\" (expected \"HH:MM-HH:MM\", e.g. \"09:30-16:00\")");
            }
            int start = minute(item, text, m.group(1), m.group(2), false);
            int end = minute(item, text, m.group(3), m.group(4), true);
            if (end <= start) {
                throw Fields.at(item, "session \"" + text + "\" ends before it starts");
            }
            if (!out.isEmpty() && start < out.get(out.size() - 1).endMinute()) {
                throw Fields.at(
                        item,
                        "session \""
                                + text
                                + "\" overlaps or precedes the one before it (list sessions in order)");
            }
            out.add(new SessionWindow(start, end));
        }
        return out;
    }

    private static int minute(Node item, String text, String hh, String mm, boolean end) {
        int h = Integer.parseInt(hh);
        int m = Integer.parseInt(mm);
        boolean midnightEnd = end && h == 24 && m == 0;
        if (!midnightEnd && (h > 23 || m > 59)) {
            throw Fields.at(
                    item,
                    "not a time of day in \"" + text + "\" (00:00..23:59; 24:00 only as an end)");
        }
        return h * 60 + m;
    }

    private static Fees fees(Fields f) {
        // A negative maker fee is a rebate, which some venues pay; the others are never negative.
        double maker = f.decimal("maker_bps", BigDecimal.ZERO).doubleValue();
        double taker = nonNegative(f, "taker_bps");
        double minCommission = nonNegative(f, "min_commission");
        double stampDuty = nonNegative(f, "stamp_duty_bps");
        return new Fees(maker, taker, minCommission, stampDuty);
    }

    private static double nonNegative(Fields f, String key) {
        BigDecimal v = f.decimal(key, BigDecimal.ZERO);
        if (v.signum() < 0) {
            throw Fields.at(f.get(key), "must be >= 0: " + v.toPlainString());
        }
        return v.doubleValue();
    }
}
