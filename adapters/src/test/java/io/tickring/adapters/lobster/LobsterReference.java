package io.tickring.adapters.lobster;

import io.tickring.core.ControlCode;
import io.tickring.core.EventType;
import io.tickring.core.RingEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The naive reading of a LOBSTER pair, written independently of the importer to say which events
 * the files imply: {@code String.split}, {@code BigDecimal} times, {@code ZonedDateTime}, no
 * shortcuts. It applies the documented rules — TRADE for types 4 and 5, CONTROL for 7, BOOK when
 * the visible book changed — and, for damaged copies, skips rows whose message does not parse and
 * books that are crossed.
 */
final class LobsterReference {
    /** One event the files imply, with the 1-based row it comes from. */
    record Expected(
            int row,
            int type,
            long timeNs,
            long[] book,
            long tradePx,
            long tradeQty,
            int aggressor,
            long controlValue) {}

    final List<Expected> events = new ArrayList<>();
    int rows;
    int unchanged;

    LobsterReference(Path message, Path orderbook, LocalDate date, ZoneId zone, int levels) {
        List<String> m = lines(message);
        List<String> b = lines(orderbook);
        long midnight = date.atStartOfDay(zone).toEpochSecond();
        long[] last = null;
        for (int i = 0; i < Math.min(m.size(), b.size()); i++) {
            rows++;
            String[] f = m.get(i).split(",");
            long t;
            int type;
            try {
                BigDecimal seconds = new BigDecimal(f[0]);
                t =
                        new BigDecimal(midnight)
                                .add(seconds)
                                .movePointRight(9)
                                .setScale(0, java.math.RoundingMode.HALF_UP)
                                .longValueExact();
                type = Integer.parseInt(f[1]);
                Long.parseLong(f[2]);
                Long.parseLong(f[3]);
                Long.parseLong(f[4]);
                Long.parseLong(f[5]);
            } catch (RuntimeException e) {
                continue;
            }
            if (type == 4 || type == 5) {
                events.add(
                        new Expected(
                                i + 1,
                                EventType.TRADE,
                                t,
                                null,
                                Long.parseLong(f[4]),
                                Long.parseLong(f[3]),
                                -Integer.parseInt(f[5]),
                                0));
            } else if (type == 7) {
                int p = Integer.parseInt(f[4]);
                events.add(
                        new Expected(
                                i + 1,
                                EventType.CONTROL,
                                t,
                                null,
                                0,
                                0,
                                0,
                                p == -1
                                        ? LobsterImporter.HALTED
                                        : p == 0
                                                ? LobsterImporter.QUOTING
                                                : LobsterImporter.RESUMED));
            }
            String[] g = b.get(i).split(",");
            long[] book = new long[4 * levels];
            for (int k = 0; k < 4 * levels; k++) {
                long v = Long.parseLong(g[k]);
                book[k] = v == 9_999_999_999L || v == -9_999_999_999L ? 0 : v;
            }
            boolean crossed = book[0] != 0 && book[2] != 0 && book[0] <= book[2];
            if (crossed) {
                continue;
            }
            if (last != null && Arrays.equals(last, book)) {
                unchanged++;
                continue;
            }
            events.add(new Expected(i + 1, EventType.BOOK, t, book, 0, 0, 0, 0));
            last = book;
        }
    }

    long count(int type) {
        return events.stream().filter(e -> e.type() == type).count();
    }

    /** Index in {@link #events} of the first event of {@code type} from {@code row}. */
    int indexOf(int row, int type) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).row() == row && events.get(i).type() == type) {
                return i;
            }
        }
        throw new AssertionError("no " + EventType.name(type) + " from row " + row);
    }

    /** Describes how {@code e} differs from {@code x}, or null if it matches; prices at scale 4. */
    static String diff(Expected x, RingEvent e, int instrumentId, int levels) {
        if (e.type != x.type()
                || e.exchangeTimeNs != x.timeNs()
                || e.instrumentId != instrumentId
                || e.receiveTimeNs != x.timeNs()) {
            return "header";
        }
        switch (x.type()) {
            case EventType.TRADE:
                return e.tradePx == x.tradePx()
                                && e.tradeQty == x.tradeQty()
                                && e.tradeAggressor == x.aggressor()
                        ? null
                        : "trade";
            case EventType.CONTROL:
                return e.controlCode == ControlCode.MARKET_HALT
                                && e.controlParamValue == x.controlValue()
                        ? null
                        : "control";
            default:
                if (e.levels != levels) {
                    return "levels";
                }
                for (int k = 0; k < levels; k++) {
                    long[] want = x.book();
                    if (e.askPx[k] != want[4 * k]
                            || e.askQty[k] != want[4 * k + 1]
                            || e.bidPx[k] != want[4 * k + 2]
                            || e.bidQty[k] != want[4 * k + 3]) {
                        return "level " + (k + 1);
                    }
                }
                return null;
        }
    }

    static List<String> lines(Path p) {
        try (InputStream raw = Files.newInputStream(p)) {
            InputStream in = p.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            List<String> out = new ArrayList<>();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    if (!l.isEmpty()) {
                        out.add(l);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
