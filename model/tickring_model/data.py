"""Reading a tickring journal dump, the feature stage, the DeepLOB input window and the labels.

Every definition here mirrors the Java side and must stay bit-for-bit the same:
  features  -> engine/.../stage/features/FeaturesStage.java
  window    -> engine/.../stage/model/LobWindow.java
The Java parity test (OnnxParityTest) holds both to the committed fixtures in
engine/src/test/resources/model/, which `python3 model/parity.py` regenerates.
"""
import json
import math

import numpy as np

DEPTH = 5
VOL_WINDOW, OFI_WINDOW, TRADE_WINDOW = 100, 100, 50
CLASS_ORDER = ("up", "flat", "down")
FEATURE_NAMES = ("mid", "microprice", "spread_ticks", "imbalance_l1", "imbalance_l5", "ofi", "ofi_window",
                 "depth_weighted_price", "realized_vol", "trade_sign_imbalance", "time_since_book_change_ns")


def read_dump(path):
    """Yields (instruments, events): instruments maps id -> (multiplier, tick_size_fixed); events are dicts
    of the dump's BOOK and TRADE lines in journal order."""
    instruments = {}
    events = []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            t = r.get("type")
            if t == "SESSION":
                session = r.get("session") or r.get("json") or r
                cfg = _find_config(session)
                # an imported journal's SESSION names its source, not the registry: see registry()
                for i in (cfg or {}).get("instruments", []):
                    scale = int(i["price_scale"])
                    m = 10 ** scale
                    tick = int(round(float(i["tick_size"]) * m))
                    instruments[int(i["id"])] = (float(m), tick)
            elif t in ("BOOK", "TRADE"):
                events.append(r)
    return instruments, events


def registry(path):
    """instrument id -> (multiplier, tick_size_fixed, taker_bps) from an instruments.yaml, for journals whose
    SESSION does not carry the configuration (imports)."""
    import yaml
    with open(path) as f:
        doc = yaml.safe_load(f)
    out = {}
    for i in doc["instruments"] if isinstance(doc, dict) else doc:
        m = 10 ** int(i["price_scale"])
        out[int(i["id"])] = (float(m), int(round(float(i["tick_size"]) * m)),
                             float((i.get("fees") or {}).get("taker_bps", 0.0)))
    return out


def _find_config(obj):
    if isinstance(obj, str):
        obj = json.loads(obj)
    if isinstance(obj, dict):
        if "instruments" in obj and isinstance(obj["instruments"], list):
            return obj
        for v in obj.values():
            if isinstance(v, (dict, str)):
                try:
                    c = _find_config(v)
                except (ValueError, TypeError):
                    c = None
                if c is not None:
                    return c
    return None


def book_arrays(r):
    bids, asks = r["bids"], r["asks"]
    n = int(r["levels"])
    return (n, [b[0] for b in bids[:n]], [b[1] for b in bids[:n]], [a[0] for a in asks[:n]], [a[1] for a in asks[:n]])


class Book:
    """FeaturesStage.Book: the same state, the same order of floating-point operations."""

    def __init__(self, multiplier, tick):
        self.m, self.tick = multiplier, tick
        self.valid = False
        self.has_previous = False
        self.levels = 0
        self.bp, self.bq, self.ap, self.aq = [], [], [], []
        self.mid = self.micro = self.spread = self.imb1 = self.imb5 = self.dwp = 0.0
        self.last_change = 0
        self.sq = [0.0] * VOL_WINDOW
        self.sq_head = self.sq_count = 0
        self.sq_sum = 0.0
        self.ofis = [0] * OFI_WINDOW
        self.ofi_head = self.ofi_count = 0
        self.ofi_sum = 0
        self.signs = [0] * TRADE_WINDOW
        self.tr_head = self.tr_count = 0
        self.sign_sum = 0

    def on_book(self, t, n, bp, bq, ap, aq):
        self.valid = n > 0 and bp[0] > 0 and ap[0] > bp[0] and bq[0] > 0 and aq[0] > 0
        if not self.valid:
            return 0
        ofi = 0
        changed = (not self.has_previous) or n != self.levels
        if self.has_previous:
            for i in range(min(n, self.levels, DEPTH)):
                bid = (bq[i] if bp[i] >= self.bp[i] else 0) - (self.bq[i] if bp[i] <= self.bp[i] else 0)
                ask = (aq[i] if ap[i] <= self.ap[i] else 0) - (self.aq[i] if ap[i] >= self.ap[i] else 0)
                ofi += bid - ask
            if not changed:
                changed = bp != self.bp or bq != self.bq or ap != self.ap or aq != self.aq
        previous_mid = self.mid
        self.levels, self.bp, self.bq, self.ap, self.aq = n, list(bp), list(bq), list(ap), list(aq)
        if changed:
            self.last_change = t
        m = self.m
        b, a = bp[0] / m, ap[0] / m
        self.mid = (a + b) / 2
        self.micro = (b * aq[0] + a * bq[0]) / float(bq[0] + aq[0])
        self.spread = (ap[0] - bp[0]) / float(self.tick)
        self.imb1 = (bq[0] - aq[0]) / float(bq[0] + aq[0])
        bd = ad = 0
        notional = 0.0
        for i in range(min(n, DEPTH)):
            bd += bq[i]
            ad += aq[i]
            notional += bp[i] / m * bq[i] + ap[i] / m * aq[i]
        self.imb5 = (bd - ad) / float(bd + ad)
        self.dwp = notional / (bd + ad)
        if self.has_previous:
            r = math.log(self.mid / previous_mid)
            r2 = r * r
            if self.sq_count == VOL_WINDOW:
                self.sq_sum -= self.sq[self.sq_head]
            else:
                self.sq_count += 1
            self.sq[self.sq_head] = r2
            self.sq_sum += r2
            self.sq_head = (self.sq_head + 1) % VOL_WINDOW
        if self.ofi_count == OFI_WINDOW:
            self.ofi_sum -= self.ofis[self.ofi_head]
        else:
            self.ofi_count += 1
        self.ofis[self.ofi_head] = ofi
        self.ofi_sum += ofi
        self.ofi_head = (self.ofi_head + 1) % OFI_WINDOW
        self.has_previous = True
        return ofi

    def on_trade(self, aggressor):
        sign = 1 if aggressor == "BUY" else -1 if aggressor == "SELL" else 0
        if self.tr_count == TRADE_WINDOW:
            self.sign_sum -= self.signs[self.tr_head]
        else:
            self.tr_count += 1
        self.signs[self.tr_head] = sign
        self.sign_sum += sign
        self.tr_head = (self.tr_head + 1) % TRADE_WINDOW

    def features(self, t, ofi):
        return (self.mid, self.micro, self.spread, self.imb1, self.imb5, ofi, self.ofi_sum, self.dwp,
                math.sqrt(max(0.0, self.sq_sum)), 0.0 if self.tr_count == 0 else self.sign_sum / float(self.tr_count),
                t - self.last_change)


def raw_row(multiplier, n, bp, bq, ap, aq, levels):
    """One window row: per level ask price, ask size, bid price, bid size; prices in price units; levels the
    book lacks are 0."""
    row = [0.0] * (4 * levels)
    for i in range(min(n, levels)):
        row[4 * i] = ap[i] / multiplier
        row[4 * i + 1] = float(aq[i])
        row[4 * i + 2] = bp[i] / multiplier
        row[4 * i + 3] = float(bq[i])
    return row


def normalise(window, kind, mean, std, last_mid):
    """LobWindow.fill: window is T x 4L float64 raw rows, oldest first. Returns float32."""
    w = np.array(window, dtype=np.float64)
    if kind == "none":
        return w.astype(np.float32)
    if kind == "mid-zscore":
        w[:, 0::2] = (w[:, 0::2] - last_mid) / last_mid * 10000.0
    elif kind != "zscore":
        raise ValueError("unknown normalisation " + kind)
    return ((w - np.asarray(mean)) / np.asarray(std)).astype(np.float32)


def walk(instruments, events, levels):
    """Runs the feature stage over the events. Returns per instrument a dict of arrays over its valid BOOK
    events: times, mids, features (n x 11), raw rows (n x 4L), index of the event in the stream."""
    books = {i: Book(m, tick) for i, (m, tick) in instruments.items()}
    out = {i: {"t": [], "mid": [], "feat": [], "rows": [], "index": []} for i in instruments}
    for k, r in enumerate(events):
        i = int(r["instrument"])
        b = books.get(i)
        if b is None:
            continue
        if r["type"] == "TRADE":
            b.on_trade(r.get("aggressor"))
            continue
        n, bp, bq, ap, aq = book_arrays(r)
        ofi = b.on_book(int(r["exch_ns"]), n, bp, bq, ap, aq)
        if not b.valid:
            continue
        o = out[i]
        o["t"].append(int(r["exch_ns"]))
        o["mid"].append(b.mid)
        o["feat"].append(b.features(int(r["exch_ns"]), ofi))
        o["rows"].append(raw_row(b.m, n, bp, bq, ap, aq, levels))
        o["index"].append(k)
    for o in out.values():
        o["t"] = np.array(o["t"], dtype=np.int64)
        o["mid"] = np.array(o["mid"], dtype=np.float64)
        o["feat"] = np.array(o["feat"], dtype=np.float64).reshape(-1, len(FEATURE_NAMES))
        o["rows"] = np.array(o["rows"], dtype=np.float64).reshape(-1, 4 * levels)
        o["index"] = np.array(o["index"], dtype=np.int64)
    return out


def labels(mid, k):
    """DeepLOB label value l_t = (mean(mid_{t+1..t+k}) - mid_t) / mid_t; NaN where the horizon runs out."""
    n = len(mid)
    c = np.concatenate([[0.0], np.cumsum(mid)])
    out = np.full(n, np.nan)
    idx = np.arange(n - k)
    out[idx] = ((c[idx + k + 1] - c[idx + 1]) / k - mid[idx]) / mid[idx]
    return out


def classes(l, alpha):
    """0 = up (l > alpha), 1 = flat, 2 = down (l < -alpha): the order of CLASS_ORDER."""
    return np.where(l > alpha, 0, np.where(l < -alpha, 2, 1))
