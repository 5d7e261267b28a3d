#!/usr/bin/python3
"""Recomputes a backtest's fees, cash and PnL from its journal, independently of the engine.

Usage (Python 3 standard library only):

    ./tickring backtest --journal IN --out BT --json > summary.txt
    /usr/bin/python3 tools/recompute_money.py --journal BT --summary summary.txt

It reads the backtest's own journal (``--out`` DIR) through ``./tickring journal dump DIR --json``:
the fills are the EXEC_REPORT records (FILL, PARTIAL_FILL) in ``in/``, because execution reports come
back into the engine as input events; the last valid BOOK of each instrument is the mark. Units and
fees come from the instrument registry (``config/instruments.yaml``, or ``--instruments FILE``), read
here with a small YAML reader of its own, and are checked against the registry the backtest recorded
in its SESSION record so that a different registry is reported rather than silently used.

Every figure is recomputed with ``decimal.Decimal`` from first principles, with the rounding rule the
engine documents (``Money``'s Javadoc, ``config/README.md``): each fill's notional and each fee part is
rounded once, half away from zero, to the settlement currency's smallest unit
(``settlement_decimals``, default min(2, price_scale)).

- notional: spot and linear, price x qty x multiplier; inverse, qty x contract_value / price;
- commission: maker or taker bps of the notional, per fill; the minimum commission is per order over
  its fills (an order that paid any non-negative rate owes at least the minimum, charged with the fill
  that first owes it; a rebate-only order is never raised); stamp duty: bps of the notional on sells,
  at the rate in force on the fill's date in the instrument's time zone;
- maker or taker: a fill before the order's ACK took liquidity on arrival (taker); after the ACK the
  order was resting (maker);
- cash per settlement currency: the sum over fills of -side x notional (spot, linear) or +side x
  notional (inverse, whose position is then valued at -contract_value / mid per contract), less fees;
- PnL: cash plus every open position valued at its instrument's last mid, rounded half away from zero
  to the currency's decimals.

It prints its figures (one JSON object on the last line with ``--json``), and exits 1 naming the first
difference from the engine: a fill whose fee differs, or that does not match the ORDER the router
sent (in ``out/``: its side, within its limit, a resting fill at the order's price), or a summary figure (``fees``, ``cash``, ``pnl``,
``fills``, ``position``) that differs in any unit; 2 on bad input (one line naming the file); 0 when
everything agrees.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal, getcontext
from zoneinfo import ZoneInfo

# Exact arithmetic: far more digits than any product of longs has, so nothing is rounded but by us.
getcontext().prec = 120

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NS_PER_DAY = 86_400 * 10**9


class BadInput(Exception):
    """Input the script cannot use: reported as one line, exit 2."""


def round_half_away(x, decimals):
    """x rounded half away from zero to 10^-decimals (ROUND_HALF_UP is away from zero in decimal)."""
    return x.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------
# A small YAML reader: the subset the registry uses (block mappings and lists by indentation,
# flow mappings {a: b} and lists [a, b], quoted and plain scalars, comments). Scalars stay text, so
# decimals are read exactly.


def _strip_comment(line):
    out, quote = [], None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            break
        out.append(ch)
    return "".join(out).rstrip()


def _scalar(text):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _flow(text, pos=0):
    """Parses a flow value at text[pos:]; returns (value, next position)."""
    while pos < len(text) and text[pos] == " ":
        pos += 1
    if pos < len(text) and text[pos] in "[{":
        closing = "]" if text[pos] == "[" else "}"
        is_map = text[pos] == "{"
        pos += 1
        result = {} if is_map else []
        while True:
            while pos < len(text) and text[pos] in " ,":
                pos += 1
            if pos >= len(text):
                raise BadInput("unclosed flow collection: " + text)
            if text[pos] == closing:
                return result, pos + 1
            if is_map:
                key, pos = _flow_token(text, pos, ":")
                pos += 1  # the colon
                value, pos = _flow(text, pos)
                result[_scalar(key)] = value
            else:
                value, pos = _flow(text, pos)
                result.append(value)
    token, pos = _flow_token(text, pos, ",]}")
    return _scalar(token), pos


def _flow_token(text, pos, stops):
    start, quote = pos, None
    while pos < len(text):
        ch = text[pos]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in stops:
            break
        pos += 1
    return text[start:pos], pos


def _value(text):
    text = text.strip()
    if text.startswith("[") or text.startswith("{"):
        value, end = _flow(text)
        if text[end:].strip():
            raise BadInput("unexpected text after a flow value: " + text)
        return value
    return _scalar(text)


def _split_key(text):
    key, _, rest = text.partition(":")
    return _scalar(key), rest.strip()


def parse_yaml(source):
    lines = []
    for raw in source.splitlines():
        line = _strip_comment(raw)
        if line.strip():
            lines.append((len(line) - len(line.lstrip(" ")), line.strip()))

    def block(i, indent):
        """Parses the block starting at lines[i] with this indent; returns (value, next index)."""
        if lines[i][1].startswith("- "):
            items = []
            while i < len(lines) and lines[i][0] == indent and lines[i][1].startswith("- "):
                body = lines[i][1][2:]
                if ":" in body and not body.startswith(("[", "{", '"', "'")):
                    # a mapping whose first key is on the dash line
                    inner = indent + 2
                    lines[i] = (inner, body)
                    value, i = block(i, inner)
                else:
                    value, i = _value(body), i + 1
                items.append(value)
            return items, i
        mapping = {}
        while i < len(lines) and lines[i][0] == indent and not lines[i][1].startswith("- "):
            key, rest = _split_key(lines[i][1])
            i += 1
            if rest:
                mapping[key] = _value(rest)
            elif i < len(lines) and lines[i][0] > indent:
                mapping[key], i = block(i, lines[i][0])
            elif i < len(lines) and lines[i][0] == indent and lines[i][1].startswith("- "):
                mapping[key], i = block(i, indent)
            else:
                mapping[key] = None
        return mapping, i

    if not lines:
        return {}
    value, _ = block(0, lines[0][0])
    return value


# ---------------------------------------------------------------------------------------------
# Instruments: the units and fees the recomputation needs.


class Instrument:
    def __init__(self, entry, path):
        def need(key):
            if key not in entry:
                raise BadInput(f"{path}: instrument {entry.get('symbol', '?')}: {key} missing")
            return entry[key]

        self.id = int(need("id"))
        self.symbol = str(need("symbol"))
        self.price_scale = int(need("price_scale"))
        self.qty_scale = int(entry.get("qty_scale", 0))
        self.contract = str(entry.get("contract", "spot"))
        self.multiplier = Decimal(str(entry.get("multiplier", 1)))
        self.contract_value = (
            Decimal(str(entry["contract_value"])) if "contract_value" in entry else None
        )
        self.currency = str(need("currency"))
        self.settlement_currency = str(entry.get("settlement_currency", self.currency))
        self.settlement_decimals = int(
            entry.get("settlement_decimals", min(2, self.price_scale))
        )
        self.money_scale = max(self.price_scale, self.settlement_decimals)
        self.zone = ZoneInfo(str(entry.get("timezone", "UTC")))
        fees = entry.get("fees") or {}
        self.maker_bps = Decimal(str(fees.get("maker_bps", 0)))
        self.taker_bps = Decimal(str(fees.get("taker_bps", 0)))
        self.min_commission = Decimal(str(fees.get("min_commission", 0)))
        self.stamp_duty_bps = Decimal(str(fees.get("stamp_duty_bps", 0)))
        self.stamp_duty_from = sorted(
            (datetime.date.fromisoformat(d), Decimal(str(bps)))
            for d, bps in (fees.get("stamp_duty_from") or {}).items()
        )
        if self.contract == "inverse" and self.contract_value is None:
            raise BadInput(f"{path}: instrument {self.symbol}: inverse needs contract_value")

    def price(self, px):
        return Decimal(px).scaleb(-self.price_scale)

    def qty(self, q):
        return Decimal(q).scaleb(-self.qty_scale)

    def notional(self, px, q):
        """Exact notional in settlement currency of q (signed) at px (fixed-point longs)."""
        if self.contract == "inverse":
            return self.qty(q) * self.contract_value / self.price(px)
        return self.price(px) * self.qty(q) * self.multiplier

    def money(self, x):
        return round_half_away(x, self.settlement_decimals)

    def stamp_rate(self, time_ns):
        day = datetime.datetime.fromtimestamp(time_ns // 10**9, self.zone).date()
        rate = self.stamp_duty_bps
        for since, bps in self.stamp_duty_from:
            if day >= since:
                rate = bps
        return rate

    def unit_value(self, mid):
        """Value in settlement currency of one quantity unit (10^-qty_scale) at mid."""
        per_unit = Decimal(1).scaleb(-self.qty_scale)
        if self.contract == "inverse":
            return -self.contract_value / mid * per_unit
        return mid * self.multiplier * per_unit


def load_registry(path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = parse_yaml(f.read())
    except OSError as e:
        raise BadInput(f"{path}: {e.strerror}")
    if not isinstance(doc, dict) or not isinstance(doc.get("instruments"), list):
        raise BadInput(f"{path}: no instruments list")
    return {i.id: i for i in (Instrument(e, path) for e in doc["instruments"])}


# Registry keys the recomputation depends on, compared with the backtest's recorded configuration.
CHECKED = [
    ("symbol", lambda i: i.symbol, str),
    ("price_scale", lambda i: i.price_scale, int),
    ("qty_scale", lambda i: i.qty_scale, int),
    ("contract", lambda i: i.contract, str),
    ("multiplier", lambda i: i.multiplier, lambda v: Decimal(str(v))),
    ("settlement_currency", lambda i: i.settlement_currency, str),
    ("settlement_decimals", lambda i: i.settlement_decimals, int),
]
CHECKED_FEES = [
    ("maker_bps", lambda i: i.maker_bps),
    ("taker_bps", lambda i: i.taker_bps),
    ("min_commission", lambda i: i.min_commission),
    ("stamp_duty_bps", lambda i: i.stamp_duty_bps),
]


def check_against_session(registry, session, path, used):
    """The registry must say what the backtest ran with, for every instrument that traded."""
    recorded = {e["id"]: e for e in session.get("config", {}).get("instruments", [])}
    for iid in sorted(used):
        i = registry.get(iid)
        if i is None:
            raise BadInput(f"{path}: no instrument with id {iid}, which the backtest traded")
        r = recorded.get(iid)
        if r is None:
            continue
        for key, ours, conv in CHECKED:
            if key in r and conv(r[key]) != ours(i):
                raise BadInput(
                    f"{path}: {i.symbol}.{key} is {ours(i)} but the backtest ran with {r[key]}"
                    " (pass the registry it used with --instruments)"
                )
        if i.contract == "inverse" and Decimal(str(r.get("contract_value"))) != i.contract_value:
            raise BadInput(
                f"{path}: {i.symbol}.contract_value is {i.contract_value} but the backtest ran"
                f" with {r.get('contract_value')}"
            )
        for key, ours in CHECKED_FEES:
            theirs = Decimal(str(r.get("fees", {}).get(key, 0)))
            if theirs != ours(i):
                raise BadInput(
                    f"{path}: {i.symbol}.fees.{key} is {ours(i)} but the backtest ran with {theirs}"
                )


# ---------------------------------------------------------------------------------------------
# The recomputation.


class Order:
    def __init__(self):
        self.acked = False
        self.accrued = Decimal(0)  # commission of its fills so far, each rounded, before the minimum
        self.charged = Decimal(0)
        self.paying = False


def fill_problem(order, r, maker):
    """What is wrong with a fill given the ORDER the router sent, or None."""
    if order is None:
        return "no ORDER record in out/ for it"
    if order["side"] != r["side"]:
        return f"side {r['side']} but the order was a {order['side']}"
    if order.get("order_type") == "LIMIT":
        px, limit = r["last_px"], order["px"]
        if (px > limit) if r["side"] == "BUY" else (px < limit):
            return f"price {px} beyond the order's limit {limit}"
        if maker and px != limit:
            return f"resting (maker) fill at {px}, not at the order's price {limit}"
    return None


def recompute(records, registry):
    """Returns (figures per currency, fills, gross position, first fee difference or None)."""
    orders = {}
    position = {}
    mark = {}
    cash, fees, traded = {}, {}, []
    fills = 0
    first_fee_difference = None
    # The router's ORDER records (out/): each fill must belong to one, on its side, within its limit.
    sent = {r["order_id"]: r for r in records if r.get("q") == "out" and r.get("type") == "ORDER"}
    check_orders = any(r.get("q") == "out" for r in records)
    for r in records:
        if r.get("q") != "in":
            continue
        kind = r["type"]
        iid = r["instrument"]
        if kind == "BOOK":
            asks, bids = r.get("asks") or [], r.get("bids") or []
            if asks and bids and 0 < bids[0][0] < asks[0][0] and bids[0][1] > 0 and asks[0][1] > 0:
                mark[iid] = (asks[0][0], bids[0][0])
            continue
        if kind != "EXEC_REPORT" or iid not in registry:
            continue
        o = orders.setdefault(r["order_id"], Order())
        if r["exec"] == "ACK":
            o.acked = True
            continue
        if r["exec"] not in ("FILL", "PARTIAL_FILL"):
            continue
        i = registry[iid]
        side = 1 if r["side"] == "BUY" else -1
        px, q = r["last_px"], r["last_qty"]
        maker = o.acked
        if check_orders and first_fee_difference is None:
            problem = fill_problem(sent.get(r["order_id"]), r, maker)
            if problem:
                first_fee_difference = f"fill in/ seq {r['seq']} (order {r['order_id']}): {problem}"
        notional = i.notional(px, q)  # exact, positive
        rate = i.maker_bps if maker else i.taker_bps
        o.accrued += i.money(notional * rate / 10_000)
        o.paying |= rate >= 0
        due = max(o.accrued, i.money(i.min_commission)) if o.paying else o.accrued
        fee = due - o.charged
        o.charged = due
        if side < 0:
            fee += i.money(notional * i.stamp_rate(r["exch_ns"]) / 10_000)
        value = i.money(notional)
        flow = side * value if i.contract == "inverse" else -side * value
        ccy = i.settlement_currency
        if ccy not in cash:
            cash[ccy], fees[ccy] = Decimal(0), Decimal(0)
            traded.append(ccy)
        cash[ccy] += flow - fee
        fees[ccy] += fee
        position[iid] = position.get(iid, 0) + side * q
        fills += 1
        engine_fee = Decimal(r["fee"]).scaleb(-i.money_scale)
        if first_fee_difference is None and engine_fee != fee:
            first_fee_difference = (
                f"fill in/ seq {r['seq']} (order {r['order_id']}, {r['side']} {q} {i.symbol}"
                f" at {i.price(px)}, {'maker' if maker else 'taker'}): fee {fee} {ccy}"
                f" recomputed, {engine_fee} in the execution report"
            )
    pnl = dict(cash)
    for iid, q in position.items():
        if q != 0:
            i = registry[iid]
            if iid not in mark:
                # As the engine: a position never marked is valued at 0 (its mark starts at 0).
                print(f"recompute_money: note: {i.symbol}: open position {q} never marked by a"
                      " valid book: valued at 0", file=sys.stderr)
                continue
            ask, bid = mark[iid]
            mid = (i.price(ask) + i.price(bid)) / 2
            pnl[i.settlement_currency] += q * i.unit_value(mid)
    decimals = {}
    for i in registry.values():
        c = i.settlement_currency
        decimals[c] = max(decimals.get(c, 0), i.settlement_decimals)
    figures = {
        "fees": {c: round_half_away(fees[c], decimals[c]) for c in traded},
        "cash": {c: round_half_away(cash[c], decimals[c]) for c in traded},
        "pnl": {c: round_half_away(pnl[c], decimals[c]) for c in traded},
    }
    gross = sum(abs(q) for q in position.values())
    return figures, fills, gross, first_fee_difference, {c: pnl[c] for c in traded}


def dump(journal, tickring):
    try:
        p = subprocess.run(
            [tickring, "journal", "dump", journal, "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    except OSError as e:
        raise BadInput(f"{tickring}: {e.strerror}")
    if p.returncode != 0:
        err = p.stderr.strip().splitlines()
        raise BadInput(f"{journal}: journal dump failed: {err[-1] if err else p.returncode}")
    records = [json.loads(line) for line in p.stdout.splitlines() if line.startswith('{"q":')]
    if not records or records[0].get("type") != "SESSION":
        raise BadInput(f"{journal}: no SESSION record: not a tickring journal")
    return records


def read_summary(path):
    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    except OSError as e:
        raise BadInput(f"{path}: {e.strerror}")
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                s = json.loads(line, parse_float=Decimal)
            except ValueError:
                continue
            if "fees" in s and "cash" in s and "pnl" in s:
                return s
    raise BadInput(f"{path}: no JSON summary with fees, cash and pnl (a run's --json line)")


def main(argv):
    a = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    a.add_argument("--journal", required=True, help="the backtest's journal (its --out DIR)")
    a.add_argument(
        "--summary", required=True, help="file holding the backtest's --json summary, or -"
    )
    a.add_argument(
        "--instruments",
        default=os.path.join(ROOT, "config", "instruments.yaml"),
        help="instrument registry (default: config/instruments.yaml)",
    )
    a.add_argument("--tickring", default=os.path.join(ROOT, "tickring"), help="the launcher")
    a.add_argument("--json", action="store_true", help="print the figures as one JSON line too")
    args = a.parse_args(argv)
    try:
        summary = read_summary(args.summary)
        registry = load_registry(args.instruments)
        records = dump(args.journal, args.tickring)
        used = {
            r["instrument"]
            for r in records
            if r.get("type") == "EXEC_REPORT" and r.get("exec") in ("FILL", "PARTIAL_FILL")
        }
        check_against_session(registry, records[0].get("session", {}), args.instruments, used)
        figures, fills, gross, fee_difference, exact_pnl = recompute(records, registry)
    except BadInput as e:
        print(f"recompute_money: {e}", file=sys.stderr)
        return 2
    for name in ("fees", "cash", "pnl"):
        shown = ", ".join(f"{c}={v}" for c, v in figures[name].items()) or "none"
        print(f"{name:<9}{shown}")
    print(f"{'fills':<9}{fills}")
    print(f"{'position':<9}{gross}")
    print(f"{'exact pnl':<9} " + ", ".join(f"{c}={v:.12f}" for c, v in exact_pnl.items()))
    difference = fee_difference
    if difference is None and int(summary.get("fills", fills)) != fills:
        difference = f"fills: {fills} recomputed, {summary['fills']} in the summary"
    if difference is None:
        for name in ("fees", "cash", "pnl"):
            engine = {c: Decimal(str(v)) for c, v in summary[name].items()}
            ours = figures[name]
            for c in list(ours) + [c for c in engine if c not in ours]:
                if c not in engine or c not in ours or engine[c] != ours[c]:
                    difference = (
                        f"{name} {c}: {ours.get(c, 'none')} recomputed,"
                        f" {engine.get(c, 'none')} in the summary"
                    )
                    break
            if difference:
                break
    if difference is None and "position" in summary and int(summary["position"]) != gross:
        difference = f"position: {gross} recomputed, {summary['position']} in the summary"
    if args.json:
        out = {k: {c: str(v) for c, v in figures[k].items()} for k in figures}
        out.update({"fills": fills, "position": gross, "agrees": difference is None})
        if difference:
            out["difference"] = difference
        print(json.dumps(out))
    if difference:
        print(f"recompute_money: differs: {difference}", file=sys.stderr)
        return 1
    print("agrees with the engine to the last unit")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
