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
                    "fees",
                    "qty_scale",
                    "qty_step",
                    "contract",
                    "multiplier",
                    "contract_value",
                    "settlement_currency",
                    "settlement_decimals");
    static final List<String> FEE_KEYS =
            List.of(
                    "maker_bps",
                    "taker_bps",
                    "min_commission",
                    "stamp_duty_bps",
                    "stamp_duty_from");
    static final List<String> CONTRACTS = List.of("spot", "linear", "inverse");
    static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

    private static final Pattern SESSION =
            Pattern.compile("([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})");

    private InstrumentsBinder() {}

    static InstrumentRegistry bind(Fields top, Origin origin) {
        Node n = top.require("instruments");
        ListNode list;
        String registry;
        if (n instanceof ListNode l) {
            list = l;
            registry = origin.label();
        } else if (n instanceof ScalarNode s && s.kind() != Kind.NULL) {
            Origin file = fileOf(s, origin);
            list = readList(s, file);
            registry = file.label();
        } else {
            throw Fields.at(
                    n, "expected a file path or a list of instruments, got " + n.describe());
        }
        if (list.items().isEmpty()) {
            throw Fields.at(list, "no instruments: the registry needs at least one");
        }
        List<Instrument> instruments = instruments(list);
        Node user = top.get("user_instruments");
        if (user != null) {
            if (!(user instanceof ScalarNode s) || s.kind() == Kind.NULL) {
                throw Fields.at(user, "expected the path of an instruments file");
            }
            instruments = merge(instruments, registry, s, readList(s, fileOf(s, origin)));
        }
        return InstrumentRegistry.of(instruments);
    }

    private static List<Instrument> instruments(ListNode list) {
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
        return instruments;
    }

    /**
     * The registry with the user's instruments merged over it: a new symbol with a new id is added;
     * an entry with the symbol and id of a registry one replaces it (fees, sessions, sizes),
     * provided its price and quantity scales are the same, since a journal's numbers mean nothing
     * in other units. Any other overlap is a conflict, reported naming both files.
     */
    private static List<Instrument> merge(
            List<Instrument> base, String registry, ScalarNode userPath, ListNode userList) {
        Map<Integer, Instrument> byId = new java.util.TreeMap<>();
        Map<String, Instrument> bySymbol = new HashMap<>();
        for (Instrument i : base) {
            byId.put(i.id(), i);
            bySymbol.put(i.symbol(), i);
        }
        List<Instrument> users = instruments(userList);
        for (int k = 0; k < users.size(); k++) {
            Instrument u = users.get(k);
            Node item = userList.items().get(k);
            Instrument same = bySymbol.get(u.symbol());
            Instrument clash = byId.get(u.id());
            String problem = null;
            if (same != null && same.id() != u.id()) {
                problem = "id " + u.id() + " here but id " + same.id();
            } else if (same != null && same.priceScale() != u.priceScale()) {
                problem = "price_scale " + u.priceScale() + " here but " + same.priceScale();
            } else if (same != null && same.units().qtyScale() != u.units().qtyScale()) {
                problem =
                        "qty_scale "
                                + u.units().qtyScale()
                                + " here but "
                                + same.units().qtyScale();
            } else if (same == null && clash != null) {
                throw Fields.at(
                        Fields.of(item, KEYS).get("id"),
                        "id "
                                + u.id()
                                + " is "
                                + clash.symbol()
                                + " in the registry "
                                + registry
                                + "; give "
                                + u.symbol()
                                + " an id of its own");
            }
            if (problem != null) {
                throw Fields.at(
                        Fields.of(item, KEYS).get("symbol"),
                        u.symbol()
                                + " conflicts with the registry: "
                                + problem
                                + " in "
                                + registry);
            }
            byId.put(u.id(), u);
            bySymbol.put(u.symbol(), u);
        }
        return new ArrayList<>(byId.values());
    }

    /** The file a path names: relative to the configuration file, or to the working directory. */
    private static Origin fileOf(ScalarNode pathNode, Origin origin) {
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
        return resolved.get();
    }

    /** An instruments file holds one key, {@code instruments}, with the list. */
    private static ListNode readList(ScalarNode pathNode, Origin file) {
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
        int qtyScale = (int) f.integer("qty_scale", 0, 0, 18);
        long qtyStep =
                f.get("qty_step") == null ? 1 : quantity(f.get("qty_step"), qtyScale, "qty_step");
        long lot = quantity(f.require("lot_size"), qtyScale, "lot_size");
        if (lot % qtyStep != 0) {
            throw Fields.at(f.get("lot_size"), "lot size is not a whole number of qty_step");
        }
        String currency = f.requiredString("currency");
        ZoneId zone = zone(f);
        List<SessionWindow> sessions = sessions(f.list("sessions"));
        Fees fees = fees(f.section("fees", FEE_KEYS), zone);
        Instrument.Units units = units(f, scale, qtyScale, qtyStep, currency);
        return new Instrument(
                id, symbol, venue, scale, tick, lot, currency, zone, sessions, fees, units);
    }

    /**
     * Contract type, multiplier, contract value and settlement currency. Defaults keep the
     * historical meaning: spot, multiplier 1, settled in {@code currency}, money rounded to the
     * cent (to the price unit below price scale 2). An inverse contract needs its contract value
     * and its settlement (base) currency; the other types must not name a contract value.
     */
    private static Instrument.Units units(
            Fields f, int scale, int qtyScale, long qtyStep, String currency) {
        String contract = f.string("contract", "spot");
        if (!CONTRACTS.contains(contract)) {
            throw Fields.at(
                    f.get("contract"),
                    "unknown contract type \""
                            + contract
                            + "\" (expected one of "
                            + CONTRACTS
                            + ")");
        }
        Instrument.ContractType type =
                Instrument.ContractType.valueOf(contract.toUpperCase(java.util.Locale.ROOT));
        long multiplier = f.integer("multiplier", 1, 1, 1_000_000_000L);
        long contractValue = 0;
        Node cv = f.get("contract_value");
        if (type == Instrument.ContractType.INVERSE) {
            if (cv == null) {
                throw Fields.at(
                        f.get("contract"),
                        "an inverse contract needs contract_value (quote currency per contract)");
            }
            if (multiplier != 1) {
                throw Fields.at(
                        f.get("multiplier"),
                        "an inverse contract's size is its contract_value; multiplier must be 1");
            }
            BigDecimal v = Fields.decimal(cv);
            if (v.signum() <= 0) {
                throw Fields.at(cv, "must be > 0: " + v.toPlainString());
            }
            try {
                contractValue = v.movePointRight(scale).longValueExact();
            } catch (ArithmeticException e) {
                throw Fields.at(
                        cv,
                        "contract value "
                                + v.toPlainString()
                                + " has more decimals than price_scale "
                                + scale);
            }
        } else if (cv != null) {
            throw Fields.at(
                    cv,
                    "contract_value applies to inverse contracts only (contract is "
                            + contract
                            + ")");
        }
        String settlement = f.string("settlement_currency", null);
        if (settlement == null) {
            if (type == Instrument.ContractType.INVERSE) {
                throw Fields.at(
                        f.get("contract"),
                        "an inverse contract needs settlement_currency (its base coin)");
            }
            settlement = currency;
        } else if (type == Instrument.ContractType.INVERSE && settlement.equals(currency)) {
            throw Fields.at(
                    f.get("settlement_currency"),
                    "an inverse contract settles in its base coin, not in the quote currency "
                            + currency);
        } else if (type != Instrument.ContractType.INVERSE && !settlement.equals(currency)) {
            throw Fields.at(
                    f.get("settlement_currency"),
                    "a "
                            + contract
                            + " instrument settles in its quote currency "
                            + currency
                            + " (only inverse contracts settle in another)");
        }
        int decimals = (int) f.integer("settlement_decimals", Math.min(2, scale), 0, 18);
        return new Instrument.Units(
                qtyScale, qtyStep, multiplier, type, contractValue, settlement, decimals);
    }

    /**
     * A quantity written in units of the asset (e.g. 0.00001 BTC), fixed-point at {@code qtyScale},
     * > 0.
     */
    private static long quantity(Node n, int qtyScale, String key) {
        BigDecimal v = Fields.decimal(n);
        if (v.signum() <= 0) {
            throw Fields.at(n, "must be > 0: " + v.toPlainString());
        }
        try {
            return v.movePointRight(qtyScale).longValueExact();
        } catch (ArithmeticException e) {
            throw Fields.at(
                    n,
                    key
                            + " "
                            + v.toPlainString()
                            + " has more decimals than qty_scale "
                            + qtyScale);
        }
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

    private static Fees fees(Fields f, ZoneId zone) {
        // A negative maker fee is a rebate, which some venues pay; the others are never negative.
        double maker = f.decimal("maker_bps", BigDecimal.ZERO).doubleValue();
        double taker = nonNegative(f, "taker_bps");
        double minCommission = nonNegative(f, "min_commission");
        double stampDuty = nonNegative(f, "stamp_duty_bps");
        return new Fees(
                maker,
                taker,
                minCommission,
                stampDuty,
                stampDutyChanges(f.get("stamp_duty_from"), zone));
    }

    /**
     * {@code stamp_duty_from: {"2023-08-28": 5}}: from the start of each date (in the instrument's
     * time zone) the stamp duty is the given rate; before the first, {@code stamp_duty_bps}. Dates
     * in order.
     */
    private static List<Instrument.RateChange> stampDutyChanges(Node n, ZoneId zone) {
        if (n == null || Fields.isNull(n)) {
            return List.of();
        }
        if (!(n instanceof MapNode m)) {
            throw Fields.at(
                    n,
                    "expected a map of dates to rates, e.g. {\"2023-08-28\": 5}, got "
                            + n.describe());
        }
        List<Instrument.RateChange> out = new ArrayList<>();
        for (Node.Entry e : m.entries().values()) {
            java.time.LocalDate date;
            try {
                date = java.time.LocalDate.parse(e.key());
            } catch (java.time.format.DateTimeParseException x) {
                throw new ConfigException(
                        e.source(),
                        e.line(),
                        Node.child(m.path(), e.key()),
                        "not a date (expected YYYY-MM-DD)");
            }
            BigDecimal bps = Fields.decimal(e.value());
            if (bps.signum() < 0) {
                throw Fields.at(e.value(), "must be >= 0: " + bps.toPlainString());
            }
            long fromNs = date.atStartOfDay(zone).toInstant().getEpochSecond() * 1_000_000_000L;
            if (!out.isEmpty() && fromNs <= out.get(out.size() - 1).fromNs()) {
                throw new ConfigException(
                        e.source(),
                        e.line(),
                        Node.child(m.path(), e.key()),
                        "dates must be in increasing order");
            }
            out.add(new Instrument.RateChange(fromNs, bps.doubleValue()));
        }
        return out;
    }

    private static double nonNegative(Fields f, String key) {
        BigDecimal v = f.decimal(key, BigDecimal.ZERO);
        if (v.signum() < 0) {
            throw Fields.at(f.get(key), "must be >= 0: " + v.toPlainString());
        }
        return v.doubleValue();
    }
}
